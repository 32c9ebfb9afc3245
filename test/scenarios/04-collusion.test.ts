// Scenario 4 (experiments/04-collusion.yaml): a cartel captures its subnet's miner incentive only above
// kappa; below it, accepted bribes buy part of the gap. Reduced: 4 days instead of 14, the cartel shares
// on either side of kappa, one bribe budget. The kappa counterfactual moves kappa to 0.67 with the same
// seeds: if the step is Yuma's clipping, it must move there — the 0.55 cartel loses its capture, the 0.7
// cartel keeps it.
import { beforeAll, describe, expect, it } from 'vitest';
import { reduceSpec, runSpec, summaryMean, type PointResult } from './reduce.ts';

const BASE = { horizon: '4d', replications: 2, sweep: { bribeBudget: [2000] } };

describe('scenario 4: collusion and kappa', () => {
  let points: PointResult[] = [];
  let highKappa: PointResult[] = [];
  beforeAll(() => {
    points = runSpec(reduceSpec('04-collusion.yaml', { ...BASE, sweep: { ...BASE.sweep, cartelShare: [0.3, 0.45, 0.55, 0.7] } }));
    highKappa = runSpec(
      reduceSpec('04-collusion.yaml', {
        ...BASE,
        chain: { kappa: 0.67 },
        sweep: { ...BASE.sweep, cartelShare: [0.55, 0.7], 'population.yieldValidator.acceptBribes': [false] },
      }),
    );
  });
  const at = (share: number, bribes: boolean) =>
    points.find((p) => p.values.cartelShare === share && p.values['population.yieldValidator.acceptBribes'] === bribes)!;

  it('miner incentive is captured above kappa and not below it: a step', () => {
    for (const share of [0.3, 0.45]) expect(summaryMean(at(share, false), 'cartelMinerIncentiveShare')).toBeLessThan(0.1);
    for (const share of [0.55, 0.7]) expect(summaryMean(at(share, false), 'cartelMinerIncentiveShare')).toBeGreaterThan(0.9);
  });

  it('the step is kappa’s: with kappa 0.67 the same 0.55 cartel captures nothing, a 0.7 cartel still does', () => {
    // Neither side reaches 0.67 at 0.55, so consensus clips every miner: no UID earns incentive (the metric is
    // NaN then) — in any case not the cartel's.
    const low = summaryMean(highKappa.find((p) => p.values.cartelShare === 0.55)!, 'cartelMinerIncentiveShare');
    expect(low > 0.1).toBe(false);
    expect(summaryMean(highKappa.find((p) => p.values.cartelShare === 0.7)!, 'cartelMinerIncentiveShare')).toBeGreaterThan(0.9);
  });

  it('capture lifts the cartel’s return: its ROI steps up at kappa', () => {
    expect(summaryMean(at(0.55, false), 'cartelRoi')).toBeGreaterThan(2 * summaryMean(at(0.45, false), 'cartelRoi'));
  });

  it('just below kappa, validators that accept bribes raise what the cartel earns', () => {
    expect(summaryMean(at(0.45, true), 'cartelRoi')).toBeGreaterThan(1.5 * summaryMean(at(0.45, false), 'cartelRoi'));
  });
});
