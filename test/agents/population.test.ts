// The population: wake queue, activation order, verdicts and rejections, genesis funding, spec errors.
import { describe, expect, it } from 'vitest';
import { Population, buildPopulation } from '../../src/agents/population.ts';
import { Rng } from '../../src/agents/rng.ts';
import type { Agent, Observation } from '../../src/agents/types.ts';
import { buildWorld } from '../../src/agents/world.ts';
import { Chain } from '../../src/market/chain.ts';
import { resolveRules } from '../../src/market/rules.ts';
import type { Action, ActionResult } from '../../src/market/types.ts';
import { DAY, Launch, SMALL_WORLD } from './launchKit.ts';

/** A test agent: logs its wakes, optionally sends one action, and sleeps `every` blocks (or stays put). */
class Ticker implements Agent {
  readonly cartel = false;
  readonly coldkeys: number[] = [];
  readonly ledger = { capital: 0, costs: 0, rejected: 0 };
  readonly verdicts: string[] = [];
  constructor(
    readonly id: number,
    public nextWake: number,
    private readonly log: Array<[number, number]>,
    private readonly every: number,
    readonly family = 'tick',
    private readonly send?: Action,
  ) {}
  act(obs: Observation, out: Action[]): void {
    this.log.push([obs.block, this.id]);
    if (this.send) out.push(this.send);
    if (this.every > 0) this.nextWake = obs.block + this.every;
  }
  onResult(_a: Action, r: ActionResult): void {
    this.verdicts.push(r.ok ? 'OK' : r.reason);
  }
}

const chain = () => new Chain(resolveRules('launch-2025-02', {}), { maxNetuid: 4 });

function order(seed: string, n = 30, blocks = 20): Array<[number, number]> {
  const log: Array<[number, number]> = [];
  const pop = new Population(new Rng(seed).fork('activation'));
  for (let i = 0; i < n; i++) pop.add(new Ticker(i, 3, log, 1 + (i % 3)));
  const c = chain();
  for (let b = 0; b < blocks; b++) pop.actDue(b, { block: b } as Observation, c);
  return log;
}

describe('wake queue and activation order', () => {
  it('wakes each agent exactly at its nextWake, every due agent once', () => {
    const log = order('s');
    // Agent i first wakes at block 3, then every 1 + i mod 3 blocks.
    for (let i = 0; i < 30; i++) {
      const blocks = log.filter(([, id]) => id === i).map(([b]) => b);
      const step = 1 + (i % 3);
      const expected = [];
      for (let b = 3; b < 20; b += step) expected.push(b);
      expect(blocks).toEqual(expected);
    }
  });

  it('the order inside a block is reproducible and depends on the run seed', () => {
    const a = order('seed-1');
    expect(order('seed-1')).toEqual(a);
    const b = order('seed-2');
    expect(b).not.toEqual(a);
    // Same wakes, different order: the seed changes only who goes first.
    const byBlock = (l: Array<[number, number]>) => l.map(([blk, id]) => `${blk}:${id}`).sort();
    expect(byBlock(b)).toEqual(byBlock(a));
    // Not a fixed order either: at block 3 all 30 are due and the drawn order is not by id.
    const first = a.filter(([blk]) => blk === 3).map(([, id]) => id);
    expect(first.length).toBe(30);
    expect(first).not.toEqual([...first].sort((x, y) => x - y));
  });

  it('an agent that does not move forward is woken next block', () => {
    const log: Array<[number, number]> = [];
    const pop = new Population(new Rng('x'));
    pop.add(new Ticker(0, 5, log, 0));
    const c = chain();
    for (let b = 0; b < 9; b++) pop.actDue(b, { block: b } as Observation, c);
    expect(log.map(([b]) => b)).toEqual([5, 6, 7, 8]);
  });

  it('applies actions through the chain, reports verdicts, and counts rejections by family and reason', () => {
    const c = chain();
    const pop = new Population(new Rng('r'));
    const log: Array<[number, number]> = [];
    const c0 = c.addColdkey(10);
    const c1 = c.addColdkey(0);
    const bad = new Ticker(0, 1, log, 2, 'broke', { kind: 'transfer', coldkey: c0, toColdkey: c1, tao: -1 });
    const good = new Ticker(1, 1, log, 2, 'payer', { kind: 'transfer', coldkey: c0, toColdkey: c1, tao: 1 });
    const ghost = new Ticker(2, 1, log, 2, 'broke', { kind: 'transfer', coldkey: 99, toColdkey: c1, tao: 1 });
    [bad, good, ghost].forEach((a) => pop.add(a));
    for (let b = 0; b < 6; b++) pop.actDue(b, { block: b } as Observation, c);
    // Blocks 1, 3, 5: coldkey c0 can afford the transfers; −1 TAO is a bad amount; coldkey 99 does not exist.
    expect(good.verdicts).toEqual(['OK', 'OK', 'OK']);
    expect(bad.verdicts).toEqual(['BAD_AMOUNT', 'BAD_AMOUNT', 'BAD_AMOUNT']);
    expect(ghost.verdicts).toEqual(['UNKNOWN_COLDKEY', 'UNKNOWN_COLDKEY', 'UNKNOWN_COLDKEY']);
    expect(c.balance(c1)).toBe(3);
    expect(pop.rejections.broke).toEqual({ BAD_AMOUNT: 3, UNKNOWN_COLDKEY: 3 });
    expect(pop.rejections.payer).toBeUndefined();
    expect(ghost.ledger.rejected).toBe(3);
    expect(pop.wakes).toEqual({ broke: 6, payer: 3 });
    expect(pop.actions).toEqual({ broke: 6, payer: 3 });
    expect(pop.families()).toEqual(['broke', 'payer']);
    expect(pop.counts()).toEqual({ broke: 2, payer: 1 });
  });
});

describe('buildPopulation', () => {
  const spec = [
    { family: 'herder', count: 20, params: { wealth: { dist: 'lognormal' as const, median: 20, sigma: 1.5 } } },
    { family: 'noiseTrader', count: 3 },
    { family: 'passiveStaker', count: 5, params: { wealth: 50 } },
  ];

  it('funds agents from the unmodelled holders, so issuance stays at world.issued', () => {
    const c = new Chain(resolveRules('launch-2025-02', {}), { maxNetuid: 9 });
    const rng = new Rng('fund');
    const world = buildWorld(c, { ...SMALL_WORLD } as never, rng.fork('world'));
    const inert = c.balance(world.inertColdkey);
    expect(c.issued).toBeCloseTo(1_000_000, 6);
    const pop = buildPopulation(c, world, spec, rng);
    const capital = pop.agents.reduce((a, x) => a + x.ledger.capital, 0);
    expect(capital).toBeGreaterThan(3 * 1000 + 5 * 50);
    expect(c.issued).toBeCloseTo(1_000_000, 6);
    expect(pop.funding.fromInert).toBeCloseTo(capital, 6);
    expect(pop.funding.created).toBe(0);
    expect(c.balance(world.inertColdkey)).toBeCloseTo(inert - capital, 6);
    expect(c.checkInvariants()).toEqual([]);
  });

  it('draws each agent from its own stream: the same spec and seed give the same agents', () => {
    const caps = (seed: string) => new Launch(seed, spec).pop.agentsOf('herder').map((a) => a.ledger.capital);
    const a = caps('same');
    expect(new Set(a).size).toBe(20); // drawn per agent
    expect(caps('same')).toEqual(a);
    expect(caps('other')).not.toEqual(a);
    // A herder's draws do not depend on other families in the spec.
    const alone = new Launch('same', [spec[0]!]).pop.agentsOf('herder').map((x) => x.ledger.capital);
    expect(alone).toEqual(a);
  });

  it('validates the spec and names the place of a bad entry', () => {
    const c = new Chain(resolveRules('launch-2025-02', {}), { maxNetuid: 9 });
    const world = buildWorld(c, { ...SMALL_WORLD } as never, new Rng('w'));
    expect(() => buildPopulation(c, world, [{ family: 'herder', count: 1 }, { family: 'herd', count: 1 }], new Rng('p'))).toThrow(
      /^population\[1\]\.family: unknown family "herd"; known families: herder, yieldValidator/,
    );
    expect(() => buildPopulation(c, world, [{ family: 'herder', count: 1, params: { buyFraction: 2 } }], new Rng('p'), ['run', 'population'])).toThrow(
      'run.population[0].params.buyFraction: 2 is outside the allowed range [0.02, 1]',
    );
  });

  it('runs the root validators\' weights: miners get incentive in line with their quality', () => {
    const L = new Launch('weights', [], { ...SMALL_WORLD, minersPerSubnet: 12 });
    L.run(2 * DAY);
    expect(L.pop.rejections.world).toEqual({});
    const c = L.chain;
    const M = c.maxUids;
    let agree = 0, pairs = 0;
    for (const netuid of c.subnetList()) {
      for (const hk of L.world.rootValidators) {
        const uid = c.uidOf(hk, netuid);
        if (c.neurons.permit[netuid * M + uid]) expect(c.neurons.lastUpdate[netuid * M + uid]).toBeGreaterThan(DAY);
      }
      // Pairs of genesis miners: the better one earns more incentive (noise σ = 0.1 flips close pairs only).
      const miners: number[] = [];
      for (let u = 0; u < c.subnets.nUids[netuid]!; u++) if (L.world.uidQualityHotkey[netuid * M + u] === c.neurons.hotkey[netuid * M + u]) miners.push(u);
      for (const i of miners) for (const j of miners) {
        const dq = L.world.uidQuality[netuid * M + i]! - L.world.uidQuality[netuid * M + j]!;
        if (dq <= 0.15) continue;
        pairs++;
        if (c.neurons.incentive[netuid * M + i]! > c.neurons.incentive[netuid * M + j]!) agree++;
      }
    }
    expect(pairs).toBeGreaterThan(100);
    expect(agree / pairs).toBeGreaterThan(0.95);
  });
});
