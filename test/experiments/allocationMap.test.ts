// The who-allocates map (src/experiments/report/allocationMap.ts): paired differences by seed, t intervals, the
// bias at which the root vote stops beating the market, and the report section.
import { describe, expect, it } from 'vitest';
import { allocationMap, allocationMapHtml, pairedInterval, t975 } from '../../src/experiments/report/allocationMap.ts';
import type { RunRow } from '../../src/experiments/results/store.ts';

let run = 0;
function row(ruleSet: string, bias: number, info: number, seed: string, share: number): RunRow {
  return { run: run++, point: 0, replication: 0, seed, status: 'ok', params: { ruleSet, bias, 'population.herder.qualityWeight': info }, summary: { highQualityEmissionShare: share } };
}

describe('allocation map', () => {
  it('t interval of paired differences: mean ± t(0.975, n−1)·sd/√n', () => {
    const iv = pairedInterval([0.1, 0.2, 0.3]);
    expect(iv.mean).toBeCloseTo(0.2, 12);
    expect(iv.hi - iv.mean).toBeCloseTo(t975(2) * 0.1 / Math.sqrt(3), 12);
    expect(t975(2)).toBeCloseTo(4.303, 3);
    expect(t975(100)).toBe(1.96);
  });

  it('pairs by seed, so a shift common to both sides cancels', () => {
    const rows: RunRow[] = [];
    const seeds = ['a', 'b', 'c', 'd'];
    seeds.forEach((s, i) => {
      const common = 0.3 * i; // large seed effect shared by both rule sets
      for (const bias of [0, 1]) {
        rows.push(row('root-vote', bias, 0, s, common + (bias === 0 ? 0.2 : -0.1) + 0.01 * (i % 2)));
        rows.push(row('launch-2025-02', bias, 0, s, common));
      }
    });
    const m = allocationMap(rows)!;
    expect(m.market).toBe('launch-2025-02');
    const [r] = m.rows;
    expect(r!.cells.map((c) => c.bias)).toEqual([0, 1]);
    expect(r!.cells[0]!.diff).toBeCloseTo(0.205, 12);
    expect(r!.cells[0]!.lo).toBeGreaterThan(0.18); // the seed effect (0 to 0.9) does not widen it
    expect(r!.cells[1]!.hi).toBeLessThan(0);
    expect(r!.stopsBeating).toBe(1);
    expect(r!.crossing).toBeCloseTo(0.205 / (0.205 + 0.095), 6); // bias 1: −0.1 + 0.005
    expect(allocationMapHtml(m)).toContain('bias 1');
  });

  it('applies only to root-vote against one other rule set', () => {
    expect(allocationMap([row('launch-2025-02', 0, 0, 'a', 0.5), row('flow-2025-11', 0, 0, 'a', 0.4)])).toBeNull();
    expect(allocationMap([row('root-vote', 0, 0, 'a', 0.5)])).toBeNull();
  });
});
