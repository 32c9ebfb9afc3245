// The report's sensitivity panel for `design: morris` and `design: sobol` sweeps: each outcome metric's
// mean over replications at every design point, turned into Morris mu*/sigma or Sobol S1/ST (with
// bootstrap intervals) by ../spec/sensitivity.ts, and ranked per metric. Plain data in, plain data out.
import { morrisIndices, sobolIndices } from '../spec/sensitivity.ts';
import type { ParamValue } from '../types.ts';

export interface SensitivityRow {
  metric: string;
  param: string;
  /** Morris: mu* (a) and sigma (b), per unit of the parameter's swept span. Sobol: S1 (a) and ST (b). */
  design: 'morris' | 'sobol';
  a: number;
  aLo: number;
  aHi: number;
  b: number;
  bLo: number;
  bHi: number;
  /** Rank of the parameter for this metric (0 = most influential by mu* or ST). */
  rank: number;
  n: number;
}

/** Metrics shown in the panel at most (the rest stay in the table). */
export const MAX_SENSITIVITY_METRICS = 9;

/**
 * Indices per (metric, param). `pointValues[pt]` are point pt's swept values (in the design's order,
 * indexed by point number); `y[m][pt]` the mean of metric m over point pt's ok replications (NaN if none).
 */
export function sensitivityRows(
  design: string, params: string[], pointValues: Record<string, ParamValue | null>[], metrics: string[], y: Float64Array[],
): SensitivityRow[] {
  if (design !== 'morris' && design !== 'sobol') return [];
  const k = params.length;
  const out: SensitivityRow[] = [];
  const x = pointValues.map((v) => params.map((p) => (typeof v[p] === 'number' ? (v[p] as number) : NaN)));
  const span = params.map((_, j) => {
    const vals = x.map((r) => r[j]!).filter(Number.isFinite);
    return vals.length > 0 ? Math.max(...vals) - Math.min(...vals) : 1;
  });
  metrics.forEach((metric, m) => {
    const rows: Omit<SensitivityRow, 'rank'>[] = design === 'morris'
      ? morrisIndices(x, y[m]!, k, span).map((e) => ({ metric, param: params[e.param]!, design, a: e.muStar, aLo: NaN, aHi: NaN, b: e.sigma, bLo: NaN, bHi: NaN, n: e.n }))
      : sobolIndices(y[m]!, k, `report/sobol/${metric}`).map((e) => ({ metric, param: params[e.param]!, design, a: e.s1, aLo: e.s1Lo, aHi: e.s1Hi, b: e.st, bLo: e.stLo, bHi: e.stHi, n: e.n }));
    const key = (r: Omit<SensitivityRow, 'rank'>) => (design === 'morris' ? r.a : r.b);
    const order = [...rows].sort((p, q) => (Number.isFinite(key(q)) ? key(q) : -1) - (Number.isFinite(key(p)) ? key(p) : -1));
    for (const r of rows) out.push({ ...r, rank: order.indexOf(r) });
  });
  return out;
}

/** Mean of each metric over the ok runs of each point: y[m][point]. */
export function pointMeans(points: number, runPoint: number[], metricValues: Float64Array[]): Float64Array[] {
  return metricValues.map((v) => {
    const sum = new Float64Array(points), count = new Float64Array(points);
    runPoint.forEach((pt, i) => {
      if (pt >= 0 && pt < points && Number.isFinite(v[i]!)) {
        sum[pt] += v[i]!;
        count[pt]++;
      }
    });
    return sum.map((s, pt) => (count[pt]! > 0 ? s / count[pt]! : NaN));
  });
}
