// Scenario 5 (experiments/05-miner-migration.yaml): payout-chasing miners even out the pay per UID across
// subnets, and a high registration burn stops them. Reduced: 12 subnets, a quarter of the population
// (100 miner entities), 10 days, the two ends of the burn sweep — a negligible burn against a 1000-TAO burn
// that no miner can pay (50 TAO each), which is the counterfactual of miners that cannot move.
import { beforeAll, describe, expect, it } from 'vitest';
import { reduceSpec, runSpec, summaryMean, type PointResult } from './reduce.ts';

describe('scenario 5: miner migration', () => {
  let free: PointResult;
  let stuck: PointResult;
  beforeAll(() => {
    const points = runSpec(
      reduceSpec('05-miner-migration.yaml', {
        world: { subnets: 12 },
        scale: 0.25,
        horizon: '10d',
        replications: 2,
        sweep: { registrationBurn: [0.0005, 1000] },
      }),
    );
    [free, stuck] = points as [PointResult, PointResult];
  });

  it('with a negligible burn miners move; with a burn they cannot pay they stay put', () => {
    expect(summaryMean(free, 'minerSwitches')).toBeGreaterThan(5);
    expect(summaryMean(stuck, 'minerSwitches')).toBeLessThan(0.2 * summaryMean(free, 'minerSwitches'));
  });

  it('moving miners even out the payout per UID across subnets', () => {
    expect(summaryMean(free, 'minerPayoutDispersion')).toBeLessThan(0.75 * summaryMean(stuck, 'minerPayoutDispersion'));
  });
});
