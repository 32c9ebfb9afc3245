// Scenario 6b (experiments/06b-who-allocates-calibrated.yaml): root-vote against the launch-era market rule
// on the calibrated launch, the root vote's failings (favouritism, deals, limited attention) swept as one
// bias level and the market's information (herders' quality weight and speculators' hype) as one level.
// Reduced: 8 subnets (attention round(16·(1 − 0.75·bias)) is then 4 of 8 at bias 1), 10 days, a fifth of the
// population, 2 replications; bias 0 and 1 with a blind market (info 0), and bias 0 with an informed one
// (info 2). Common random numbers: replication r has one seed at every point, so each comparison is paired.
import { beforeAll, describe, expect, it } from 'vitest';
import { allocationMap } from '../../src/experiments/report/allocationMap.ts';
import type { RunRow } from '../../src/experiments/results/store.ts';
import { pointWith, reduceSpec, runSpec, type PointResult } from './reduce.ts';

const share = (p: PointResult) => p.runs.map((r) => r.summary.highQualityEmissionShare!);
const at = (points: PointResult[], ruleSet: string, bias: number, info: number) => share(pointWith(points, { ruleSet, bias, info }));

describe('scenario 6b: who allocates better, with a biased root vote', () => {
  let points: PointResult[] = [];
  beforeAll(() => {
    const base = { world: { subnets: 8 }, scale: 0.2, horizon: '10d', replications: 2 } as const;
    points = [
      ...runSpec(reduceSpec('06b-who-allocates-calibrated.yaml', { ...base, sweep: { bias: [0, 1], info: [0] } })),
      ...runSpec(reduceSpec('06b-who-allocates-calibrated.yaml', { ...base, sweep: { bias: [0], info: [2] } })),
    ];
  }, 180_000); // ~20 s of CPU; the shared machine can stretch it

  it('the market runs do not depend on the vote\'s bias (its draws come from their own stream)', () => {
    const a = at(points, 'launch-2025-02', 0, 0);
    expect(a.length).toBe(2);
    expect(at(points, 'launch-2025-02', 1, 0)).toEqual(a);
  });

  it('an honest vote beats a blind market, and an informed market beats the blind one (each replication)', () => {
    const vote = at(points, 'root-vote', 0, 0), blind = at(points, 'launch-2025-02', 0, 0), informed = at(points, 'launch-2025-02', 0, 2);
    for (let r = 0; r < 2; r++) {
      expect(vote[r]!).toBeGreaterThan(blind[r]!);
      expect(informed[r]!).toBeGreaterThan(blind[r]!);
    }
    // The vote does not see the market's information level (only through second-order effects on the chain).
    at(points, 'root-vote', 0, 2).forEach((x, r) => expect(Math.abs(x - vote[r]!)).toBeLessThan(0.02));
  });

  it('bias lowers the vote\'s high-quality share and takes away its lead over the blind market', () => {
    const honest = at(points, 'root-vote', 0, 0), biased = at(points, 'root-vote', 1, 0);
    for (let r = 0; r < 2; r++) expect(biased[r]!).toBeLessThan(honest[r]!);
    const rows: RunRow[] = points.flatMap((p) => p.runs.map((r) => ({ run: r.run, point: p.point, replication: 0, seed: r.seed, status: 'ok' as const, params: p.values, summary: r.summary })));
    const map = allocationMap(rows)!;
    expect(map.infoKey).toBe('info');
    const blindRow = map.rows.find((x) => x.info === 0)!;
    const lead = (b: number) => blindRow.cells.find((c) => c.bias === b)!.diff;
    expect(lead(0)).toBeGreaterThan(0);
    expect(lead(1)).toBeLessThan(lead(0) - 0.05);
  });
});
