// Launch genesis (docs/agent-models.md §6) and the market history agents read.
import { describe, expect, it } from 'vitest';
import { History } from '../../src/agents/history.ts';
import { ParamError } from '../../src/agents/params.ts';
import { Rng } from '../../src/agents/rng.ts';
import { DEFAULT_WORLD, buildWorld, rootStakeShares } from '../../src/agents/world.ts';
import { Chain } from '../../src/market/chain.ts';
import { resolveRules } from '../../src/market/rules.ts';
import { ROOT } from '../../src/market/types.ts';
import { simulate } from '../../src/experiments/run/simulate.ts';

const launch = (maxNetuid = 65) => new Chain(resolveRules('launch-2025-02', {}), { maxNetuid });

describe('launch world (§6)', () => {
  const c = launch();
  const w = buildWorld(c, DEFAULT_WORLD, new Rng('genesis'));

  it('root stake ∝ (k+3)^−2.3: top 1 ≈ 28%, top 3 ≈ 56%, top 10 ≈ 85% of 6.0M, held by the passive coldkey', () => {
    const s = Array.from(w.rootValidators, (hk) => c.hotkeyStake(hk, ROOT));
    const total = s.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(6_000_000, 3);
    const cum = (k: number) => s.slice(0, k).reduce((a, b) => a + b, 0) / total;
    expect(cum(1)).toBeCloseTo(0.28, 2);
    expect(cum(3)).toBeCloseTo(0.56, 2);
    expect(cum(10)).toBeCloseTo(0.84, 2);
    for (let k = 1; k < s.length; k++) expect(s[k]!).toBeLessThan(s[k - 1]!);
    for (const hk of w.rootValidators) expect(c.stake(hk, w.passiveColdkey, ROOT)).toBeCloseTo(c.hotkeyStake(hk, ROOT), 6);
    expect(rootStakeShares(4, 0)).toEqual(new Float64Array([0.25, 0.25, 0.25, 0.25]));
  });

  it('64 subnets with 1 TAO / 1 alpha pools, owner UID 0, every root validator and miners filling the subnet', () => {
    const list = c.subnetList();
    expect(list.length).toBe(64);
    for (const n of list) {
      expect(c.subnets.taoIn[n]).toBe(1);
      expect(c.subnets.alphaIn[n]).toBe(1);
      expect(c.uidOf(w.ownerHotkeys[n]!, n)).toBe(0);
      expect(c.subnets.owner[n]).toBe(w.ownerColdkeys[n]);
      for (const hk of w.rootValidators) expect(c.uidOf(hk, n)).toBeGreaterThan(0);
      expect(c.subnets.nUids[n]).toBe(1 + 64 + DEFAULT_WORLD.minersPerSubnet);
      expect(c.subnets.nUids[n]).toBe(256); // full at genesis, as on mainnet (docs/agent-models.md §6)
      expect(w.subnetQuality[n]).toBeGreaterThan(0);
      expect(w.subnetQuality[n]).toBeLessThan(1);
    }
    expect(w.minerHotkeys.length).toBe(64 * DEFAULT_WORLD.minersPerSubnet);
    const q = Array.from(list, (n) => w.subnetQuality[n]!);
    expect(q.reduce((a, b) => a + b, 0) / q.length).toBeCloseTo(0.5, 1); // Beta(2, 2)
  });

  it('issues exactly world.issued; the rest sits on an inert coldkey; 10% of validators take half', () => {
    expect(c.issued).toBeCloseTo(8_300_000, 6);
    expect(c.balance(w.inertColdkey)).toBeCloseTo(8_300_000 - 6_000_000 - 64, 6);
    const takes = Array.from(w.rootValidators, (hk) => c.hotkeyTake(hk));
    expect(takes.filter((t) => t < c.rules.defaultTake).length).toBe(6);
    expect(c.checkInvariants()).toEqual([]);
  });

  it('is reproducible from its stream', () => {
    const again = buildWorld(launch(), DEFAULT_WORLD, new Rng('genesis'));
    expect(again.subnetQuality).toEqual(w.subnetQuality);
    expect(again.uidQuality).toEqual(w.uidQuality);
    expect(buildWorld(launch(), DEFAULT_WORLD, new Rng('other')).subnetQuality).not.toEqual(w.subnetQuality);
  });

  it('refuses a world that does not fit the chain, naming the field', () => {
    expect(() => buildWorld(launch(9), DEFAULT_WORLD, new Rng('x'))).toThrow(ParamError);
    expect(() => buildWorld(launch(9), DEFAULT_WORLD, new Rng('x'))).toThrow(/^world\.subnets: 64 subnets need maxNetuid >= 65/);
    expect(() => buildWorld(launch(), { ...DEFAULT_WORLD, minersPerSubnet: 200 }, new Rng('x'))).toThrow(/^world\.minersPerSubnet/);
  });
});

describe('market history', () => {
  function setup() {
    const c = launch(4);
    const w = buildWorld(c, { ...DEFAULT_WORLD, subnets: 3, initialPoolTao: 100, initialPoolAlpha: 100, rootStake: 100, rootValidators: 2, issued: 10_000, minersPerSubnet: 2 }, new Rng('h'));
    const trader = c.addColdkey(1000);
    return { c, w, trader, h: new History(c.maxNetuid, 10, 5) };
  }

  it('window flows and volume are differences of the chain counters since the snapshot at or before now − window', () => {
    const { c, w, trader, h } = setup();
    const stake = (tao: number) => c.apply({ kind: 'stake', coldkey: trader, hotkey: w.rootValidators[0]!, netuid: 1, tao });
    h.record(c); // block 0
    for (let b = 0; b < 30; b++) {
      if (b === 5) stake(2);
      if (b === 15) stake(3);
      if (b === 25) stake(4);
      c.step();
      if (c.block % 10 === 0) h.record(c);
    }
    // Snapshots at 0, 10, 20, 30; now = 30.
    expect(h.length).toBe(4);
    const inflow = c.subnets.cumInflow[1]!;
    expect(h.netFlow(1, 10)).toBeCloseTo(4, 9); // since block 20
    expect(h.netFlow(1, 15)).toBeCloseTo(7, 9); // since the snapshot at or before block 15: block 10
    expect(h.grossFlow(1, 30)).toBeCloseTo(inflow, 9);
    expect(h.netFlow(2, 30)).toBe(0);
    expect(h.volume(1, 1000)).toBeCloseTo(c.subnets.cumVolume[1]!, 9); // beyond the oldest: the oldest
    expect(h.logReturn(1, 10)).toBeCloseTo(Math.log(c.spotPrice(1) / h.priceAgo(1, 10)), 12);
    expect(h.logReturn(1, 10)).toBeGreaterThan(0);
  });

  it('keeps the last `capacity` snapshots in a ring and computes volatility from them', () => {
    const { c, w, trader, h } = setup();
    const prices: number[] = [];
    for (let b = 0; b < 100; b++) {
      if (b % 10 === 3) c.apply({ kind: 'stake', coldkey: trader, hotkey: w.rootValidators[0]!, netuid: 2, tao: 1 + (b % 7) });
      if (b % 10 === 0) {
        h.record(c);
        prices.push(c.spotPrice(2));
      }
      c.step();
    }
    expect(h.length).toBe(5); // capacity 5
    // Oldest kept: the snapshot at block 50.
    expect(h.priceAgo(2, 1e9)).toBe(prices[5]);
    const r = prices.slice(5).map((p, k, a) => (k === 0 ? NaN : Math.log(p / a[k - 1]!))).slice(1);
    const m = r.reduce((a, b) => a + b, 0) / r.length;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (r.length - 1));
    expect(h.volatility(2, 1000)).toBeCloseTo(sd, 12);
    expect(h.volatility(3, 1000)).toBeLessThan(sd);
  });
});

describe('root-vote counterfactual', () => {
  it('root validators vote by their noisy view of subnet quality, so emission leans to better subnets', () => {
    const world = { ...DEFAULT_WORLD, subnets: 16, minersPerSubnet: 4, rootValidators: 8 };
    const shareToBetter = (ruleSet: string) => {
      const r = simulate({
        experiment: 't', run: 0, point: 0, replication: 0, seed: 'vote', ruleSet, chain: {}, world, population: [],
        horizon: 3 * 7200, sampleEvery: 7200, params: {}, metrics: {},
      });
      expect(r.status).toBe('ok');
      return r.summary.highQualityEmissionShare!;
    };
    const vote = shareToBetter('root-vote');
    expect(vote).toBeGreaterThan(0.55); // above-median-quality subnets get more than half
    expect(vote).toBeGreaterThan(shareToBetter('launch-2025-02') + 0.05); // nobody here prices quality
  });
});

describe('launch genesis moving prices (errata E1)', () => {
  it('are pre-dTAO emission shares summing to 1, concentrated as the root vote was, and drive block 0', async () => {
    const { genesisShares, GENESIS_SHARE_SIGMA } = await import('../../src/agents/world.ts');
    const c = new Chain(resolveRules('launch-2025-02'), { maxNetuid: 65 });
    buildWorld(c, { ...DEFAULT_WORLD, minersPerSubnet: 0 }, new Rng('genesis'));
    const m = Array.from(c.subnetList(), (i) => c.subnets.movingPrice[i]!);
    expect(m.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    expect(new Set(m).size).toBe(64);
    c.step();
    for (const i of c.subnetList()) expect(c.subnets.emissionShare[i]).toBeCloseTo(m[i - 1]!, 12);
    // σ = 1.1: the mean top-10 share over many draws is ~52% (docs/observed.md L8); σ = 0: equal shares.
    let top10 = 0;
    const rng = new Rng('sigma');
    for (let r = 0; r < 400; r++) top10 += Array.from(genesisShares(64, GENESIS_SHARE_SIGMA, rng)).sort((a, b) => b - a).slice(0, 10).reduce((a, b) => a + b) / 400;
    expect(top10).toBeGreaterThan(0.47);
    expect(top10).toBeLessThan(0.57);
    expect(Array.from(genesisShares(4, 0, rng))).toEqual([0.25, 0.25, 0.25, 0.25]);
    // ρ = 1: the vote follows quality exactly, so the shares rank as the quality does.
    const byQ = Array.from(genesisShares(4, 1, rng, 1, [0.5, -1, 2, 0]));
    expect([...byQ].sort((x, y) => y - x)).toEqual([byQ[2], byQ[0], byQ[3], byQ[1]]);
  });
});

