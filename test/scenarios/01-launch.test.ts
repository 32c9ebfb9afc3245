// Scenario 1 (experiments/01-launch.yaml): at launch alpha prices fall from parity in the first blocks and
// then disperse across subnets. Reduced: 16 subnets with 16 genesis miners each, 14 days, a quarter of the
// §6 population (100 miner entities, no passive stakers: the world's root stake holds their 6M), one
// replication. The counterfactual is the same chain with no agents at all. Since the launch genesis carries
// the pre-dTAO emission shares as moving prices (errata E1), that chain disperses too, along the genesis
// shares; what the agents add is a reordering away from them.
import { beforeAll, describe, expect, it } from 'vitest';
import { networkColumn, pricesAt, reduceSpec, runSpec, subnetValuesAt, type PointResult } from './reduce.ts';

const REDUCED = {
  world: { subnets: 16, rootStake: 5_700_000, minersPerSubnet: 16 },
  scale: 0.25,
  counts: { miner: 100, passiveStaker: 0, cartel: 1 },
  horizon: '14d',
  replications: 1,
};
const NOBODY = { herder: 0, yieldValidator: 0, passiveStaker: 0, emissionSeller: 0, cartel: 0, miner: 0, noiseTrader: 0 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Spearman rank correlation (no ties expected: continuous prices). */
function spearman(x: number[], y: number[]): number {
  const rank = (v: number[]) => {
    const r = new Array<number>(v.length);
    [...v.keys()].sort((a, b) => v[a]! - v[b]!).forEach((i, k) => (r[i] = k));
    return r;
  };
  const rx = rank(x), ry = rank(y), n = x.length;
  const d2 = rx.reduce((s, r, i) => s + (r - ry[i]!) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe('scenario 1: the launch', () => {
  let agents: PointResult;
  let chainOnly: PointResult;
  beforeAll(() => {
    [agents] = runSpec(reduceSpec('01-launch.yaml', REDUCED)) as [PointResult];
    [chainOnly] = runSpec(reduceSpec('01-launch.yaml', { ...REDUCED, counts: NOBODY })) as [PointResult];
  });

  it('prices fall from parity within the first samples: root dividends are sold into one-TAO pools every block', () => {
    const r = agents.runs[0]!;
    expect(pricesAt(r, 0).every((p) => p === 1)).toBe(true);
    const first = pricesAt(r, 1); // 6 hours in
    expect(Math.max(...first)).toBeLessThan(0.5);
    expect(median(first)).toBeLessThan(0.2);
    // The chain alone does the same: the fall is the coinbase's, not the traders'.
    expect(median(pricesAt(chainOnly.runs[0]!, 1))).toBeLessThan(0.2);
  });

  it('prices disperse within two weeks; without agents the spread is the genesis emission shares\' (errata E1)', () => {
    const r = agents.runs[0]!;
    const flatRun = chainOnly.runs[0]!;
    const disp = networkColumn(r, 'priceDispersion');
    const flat = networkColumn(flatRun, 'priceDispersion');
    const last = disp.length - 1;
    const genesis = subnetValuesAt(flatRun, 'movingPrice', 0);
    expect(genesis.reduce((a, b) => a + b)).toBeCloseTo(1, 9); // pre-dTAO shares, not 0
    // The chain alone: each subnet's price follows the TAO it is emitted (∝ its genesis share), in rank.
    const rhoChain = spearman(pricesAt(flatRun, last), genesis);
    const rhoAgents = spearman(pricesAt(r, last), subnetValuesAt(r, 'movingPrice', 0));
    expect(flat[last]!).toBeGreaterThan(0.2);
    expect(rhoChain).toBeGreaterThan(0.9);
    // With agents prices still disperse across subnets, and trading reorders them away from the genesis ranking.
    expect(disp[last]!).toBeGreaterThan(0.2);
    expect(rhoAgents).toBeLessThan(rhoChain - 0.1);
    let spread = 0;
    for (let k = 1; k <= last; k++) {
      const p = pricesAt(r, k);
      spread = Math.max(spread, Math.max(...p) / Math.min(...p));
    }
    const end = pricesAt(r, last);
    expect(spread).toBeGreaterThan(5);
    expect(Math.max(...end) / median(end)).toBeGreaterThan(1.5);
    expect(Math.min(...end) / median(end)).toBeLessThan(0.9);
  });
});
