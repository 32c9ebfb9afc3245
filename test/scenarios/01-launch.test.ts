// Scenario 1 (experiments/01-launch.yaml): at launch alpha prices fall from parity in the first blocks and
// then disperse across subnets. Reduced: 16 subnets with 16 genesis miners each, 14 days, a quarter of the
// §6 population (100 miner entities, no passive stakers: the world's root stake holds their 6M), one
// replication. The counterfactual is the same chain with no agents at all: every subnet then gets the same
// emission and the same root dividend sales, so whatever dispersion appears is the agents' doing.
import { beforeAll, describe, expect, it } from 'vitest';
import { networkColumn, pricesAt, reduceSpec, runSpec, type PointResult } from './reduce.ts';

const REDUCED = {
  world: { subnets: 16, rootStake: 5_700_000, minersPerSubnet: 16 },
  scale: 0.25,
  counts: { miner: 100, passiveStaker: 0, cartel: 1 },
  horizon: '14d',
  replications: 1,
};
const NOBODY = { herder: 0, yieldValidator: 0, passiveStaker: 0, emissionSeller: 0, cartel: 0, miner: 0, noiseTrader: 0 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

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

  it('prices disperse across subnets within two weeks, far beyond the agent-free counterfactual', () => {
    const r = agents.runs[0]!;
    const disp = networkColumn(r, 'priceDispersion');
    const flat = networkColumn(chainOnly.runs[0]!, 'priceDispersion');
    const last = disp.length - 1;
    expect(disp[last]!).toBeGreaterThan(0.2);
    expect(disp[last]!).toBeGreaterThan(5 * Math.max(flat[last]!, 1e-3));
    // The widest spread reached: the dearest alpha at several times the cheapest (0.1x–10x at full size).
    let spread = 0;
    for (let k = 1; k <= last; k++) {
      const p = pricesAt(r, k);
      spread = Math.max(spread, Math.max(...p) / Math.min(...p));
    }
    expect(spread).toBeGreaterThan(5);
    // Both ways from the middle: some subnets well above the median, some below it.
    const end = pricesAt(r, last);
    expect(Math.max(...end) / median(end)).toBeGreaterThan(1.5);
    expect(Math.min(...end) / median(end)).toBeLessThan(0.9);
  });
});
