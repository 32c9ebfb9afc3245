import { describe, expect, it } from 'vitest';
import { publishMinerQuality } from '../../src/agents/miners.ts';
import { type CartelAgent, bribeBoard, cartelFamily, coalitionShare } from '../../src/agents/owners.ts';
import { type YieldValidator, yieldValidatorFamily } from '../../src/agents/validators.ts';
import { Sim } from './familyHarness.ts';

const HONEST_STAKE = 100_000; // root TAO per honest validator (stake weight 0.18 × this on the subnet)
const CASH = 5_000; // the cartel's liquid TAO (burns, bribes)

/**
 * One subnet: 3 honest validators weighting 6 miners by quality, and a cartel that took the subnet over, with
 * 2 validator hotkeys holding a root stake sized to `share` of the permitted stake, weighting its 3 miner UIDs.
 * Real epochs for `epochs` tempos; returns the cartel UIDs' share of the last epoch's incentive.
 */
function capture(share: number, kappa: number, opts: { bribes?: boolean; epochs?: number; wakesPerDay?: number } = {}) {
  const sim = new Sim(`kappa/${share}/${kappa}`, { kappa }, 4);
  const netuid = sim.subnet(1000, 1000);
  const honest = sim.add(yieldValidatorFamily, 3, {
    capital: HONEST_STAKE, kellyFraction: 0, weightStrategy: 'honest', subnetsValidated: 1, evalNoise: 0.05,
    acceptBribes: opts.bribes ?? false,
  }) as YieldValidator[];
  for (let k = 0; k < 6; k++) {
    const ck = sim.chain.addColdkey(0);
    const hk = sim.chain.addHotkey(ck);
    sim.chain.genesisNeuron(netuid, hk);
    publishMinerQuality(sim.world, sim.chain, hk, netuid, 0.3 + 0.1 * k);
  }
  const rootStake = (share / (1 - share)) * 3 * HONEST_STAKE;
  const [cartel] = sim.add(cartelFamily, 1, {
    treasury: rootStake + CASH, rootStakeShare: rootStake / (rootStake + CASH), takeNetuid: netuid, validators: 2, minerUids: 3,
    pumpShare: 0, stakeBribeShare: 0, crossStakeShare: 0, capture: true, wakesPerDay: opts.wakesPerDay ?? 1,
  }) as CartelAgent[];
  sim.run((opts.epochs ?? 8) * 361);
  const c = sim.chain;
  const base = netuid * c.maxUids;
  let ours = 0, all = 0;
  for (let u = 0; u < c.subnets.nUids[netuid]!; u++) {
    const inc = c.neurons.incentive[base + u]!;
    all += inc;
    if (cartel!.miners.includes(c.neurons.hotkey[base + u]!)) ours += inc;
  }
  const own = coalitionShare(c, netuid, new Set([cartel!.ownerHotkey, ...cartel!.validators]));
  expect(c.checkInvariants()).toEqual([]);
  return { incentiveShare: all > 0 ? ours / all : 0, own, cartel: cartel!, honest, sim };
}

describe('cartel capture of miner incentive (agent-models T3.1, CR §7.6–7)', () => {
  it('below kappa the cartel UIDs are clipped back to consensus; above it they take the incentive', () => {
    const low = capture(0.3, 0.5);
    const high = capture(0.7, 0.5);
    expect(low.own).toBeGreaterThan(0.25);
    expect(low.own).toBeLessThan(0.35);
    expect(high.own).toBeGreaterThan(0.65);
    expect(low.incentiveShare).toBeLessThan(0.05);
    expect(high.incentiveShare).toBeGreaterThan(0.9);
  });

  it('moving kappa to 0.67 moves the step: 0.6 captures at kappa 0.5 but not at 0.67; 0.7 captures at both', () => {
    expect(capture(0.6, 0.5).incentiveShare).toBeGreaterThan(0.9);
    expect(capture(0.6, 0.67).incentiveShare).toBeLessThan(0.05);
    expect(capture(0.7, 0.67).incentiveShare).toBeGreaterThan(0.9);
  });

  it('bribes lift a coalition below kappa above it: validators take offers that beat their expected loss, the cartel pays', () => {
    const r = capture(0.3, 0.5, { bribes: true, epochs: 20, wakesPerDay: 12 });
    const board = bribeBoard(r.sim.world);
    expect(r.honest.some((v) => v.bribesTaken > 0)).toBe(true);
    expect(board.contracts.length).toBeGreaterThan(0);
    expect(r.incentiveShare).toBeGreaterThan(0.9);
    expect(r.cartel.book.bribesPaid).toBeGreaterThan(0);
    expect(r.cartel.book.burns).toBeGreaterThan(0);
    expect(r.cartel.ledger.costs).toBeGreaterThanOrEqual(r.cartel.book.bribesPaid + r.cartel.book.burns);
    expect(r.cartel.cartel).toBe(true);
  });
});
