// What a report shows, computed from a results folder: the run record from the manifest, the ok
// runs' params and summary metrics, and the aggregates of aggregate.ts. Plain data throughout.
import { SUMMARY_METRICS, type ParamValue } from '../types.ts';
import {
  aggregateFamilies, aggregateNetwork, aggregateSubnets, describe, formatValue, heatmaps, keyFindings, overallStats,
  responseCurves, groupByValue,
  type FamilyStat, type Finding, type HeatRow, type MetricStat, type NetworkStat, type ResponseRow, type RunsData,
  type Stat, type SubnetStat,
} from './aggregate.ts';
import { openResults, parseCell, type ResultsSummary as Manifest } from '../results/results.ts';
import { metricDef } from '../run/metricDictionary.ts';
import { aggregateTopShares, type TopShareStat } from './topShares.ts';
import { pointMeans, sensitivityRows, type SensitivityRow } from './sensitivity.ts';

/** Time-series charts show at most this many sweep points (evenly spaced over the ok ones). */
export const MAX_TIME_POINTS = 6;
export const TOP_SUBNETS = 5;
/** Heatmaps: the first pairs of swept params, and the metrics that respond most across the sweep. */
export const MAX_HEAT_PAIRS = 3;
export const MAX_HEAT_METRICS = 6;
export const MAX_FAILURES_LISTED = 50;
/** Health checks of the simulation, not outcomes: shown in the run record, not as findings. */
export const DIAGNOSTICS = ['conservationError', 'rejectedActions'];

export interface PointInfo {
  point: number;
  label: string;
  values: Record<string, ParamValue | null>;
  ok: number;
  failed: number;
  okRuns: number[];
}
export interface Failure {
  run: number;
  point: number;
  replication: number;
  seed: string;
  status: string;
  error: string;
}
export interface RunRecord {
  total: number;
  byStatus: Record<string, number>;
  durations: Stat | null;
  totalDurationMs: number;
  wallMs: number | null;
  failures: Failure[];
  failuresNotListed: number;
}
export interface ReportModel {
  manifest: Manifest;
  /** Swept params with their own axis (derived params left out: they move with the ones they derive from). */
  params: string[];
  /** Every swept and derived param in the runs table (the parameters table). */
  allParams: string[];
  /** Summary metrics with at least one finite value among the ok runs (custom metrics included). */
  metrics: string[];
  /** Of those, metrics with a single value across all ok runs (left out of response curves). */
  constantMetrics: string[];
  /** Metrics undefined (NaN) in some ok runs, with what that means (e.g. parity not reached): never dropped silently. */
  missing: { metric: string; runs: number; of: number; meaning: string }[];
  /** DIAGNOSTICS over the ok runs: mean and maximum. */
  diagnostics: { metric: string; mean: number; max: number }[];
  points: PointInfo[];
  timePoints: number[];
  network: NetworkStat[];
  subnets: SubnetStat[];
  /** Emission share of the top 1/5/10 subnets over time, per charted point. */
  topShares: TopShareStat[];
  families: FamilyStat[];
  overall: MetricStat[];
  response: ResponseRow[];
  findings: Finding[];
  heat: HeatRow[];
  /** Morris or Sobol indices per (metric, param) for sensitivity designs; empty otherwise. */
  sensitivity: SensitivityRow[];
  record: RunRecord;
  /** Things a reader should know (missing files, runs without series); shown in the report. */
  notes: string[];
}

const FIXED = new Set(['run', 'point', 'replication', 'seed', 'status', 'error']);

function customMetricNames(m: Manifest): string[] {
  const spec = m.spec as { metrics?: unknown } | undefined;
  const metrics = spec && typeof spec === 'object' ? spec.metrics : undefined;
  return metrics && typeof metrics === 'object' && !Array.isArray(metrics) ? Object.keys(metrics) : [];
}

/** Evenly spaced picks from a list, first and last included. */
export function spread<T>(list: T[], max: number): T[] {
  if (list.length <= max) return list;
  const idx = new Set<number>();
  for (let k = 0; k < max; k++) idx.add(Math.round((k * (list.length - 1)) / (max - 1)));
  return [...idx].map((i) => list[i]);
}

/** Param paths shortened to their last segment where that stays unambiguous. */
function shortNames(params: string[]): string[] {
  const last = params.map((p) => p.split('.').pop() ?? p);
  return params.map((p, i) => (last.filter((l) => l === last[i]).length === 1 ? last[i] : p));
}

export function buildModel(dir: string): ReportModel {
  const results = openResults(dir, { partial: true });
  const manifest = results.summary;
  const notes: string[] = [];
  const table = results.rows.length > 0 ? results.runs : null;
  if (!table) notes.push('No finished runs yet: only the manifest is shown.');
  const cols = table ? table.columnNames() : [];
  const allParams = manifest.sweep.parameters.filter((p) => cols.includes(p));
  const params = allParams.filter((p) => !manifest.derived.includes(p));
  const missing = manifest.sweep.parameters.filter((p) => !cols.includes(p));
  if (table && missing.length > 0) notes.push(`Swept parameters missing from the runs table: ${missing.join(', ')}.`);
  // The runner records the metric columns; older or foreign folders fall back to the known names.
  const known = manifest.columns?.metrics ?? [...SUMMARY_METRICS, ...customMetricNames(manifest)];
  const candidates = [...new Set(known)].filter((c) => cols.includes(c) && !FIXED.has(c) && !allParams.includes(c));
  const typeOf = new Map((manifest.columns?.params ?? []).map((p) => [p.name, p.type]));
  const value = (p: string, v: unknown): ParamValue | null =>
    typeOf.get(p) === 'string' && v !== null && v !== undefined ? String(v) : parseCell(v);

  // Status: from the rows (results.summary), never from the manifest's snapshot.
  const statusOf = new Map<number, string>(manifest.runs.map((r) => [r.run, r.status]));
  const pointOf = new Map<number, number>(manifest.runs.map((r) => [r.run, r.point]));
  const rows = table ? (table.objects() as Record<string, unknown>[]) : [];
  const valuesOfPoint = new Map<number, Record<string, ParamValue | null>>();
  const okRows: Record<string, unknown>[] = [];
  for (const r of rows) {
    const run = Number(r.run);
    if (!Number.isFinite(run)) continue;
    const point = pointOf.get(run) ?? Number(r.point);
    if (!pointOf.has(run)) pointOf.set(run, Number.isFinite(point) ? point : 0);
    if (!statusOf.has(run)) statusOf.set(run, r.status === undefined || r.status === null ? 'unknown' : String(r.status));
    if (!valuesOfPoint.has(point)) valuesOfPoint.set(point, Object.fromEntries(allParams.map((p) => [p, value(p, r[p])])));
    if (statusOf.get(run) === 'ok') okRows.push(r);
  }

  const paramValues = params.map((p) => okRows.map((r) => value(p, r[p]) ?? '∅'));
  const allMetricValues = candidates.map((c) => Float64Array.from(okRows.map((r) => {
    const v = parseCell(r[c]);
    return typeof v === 'number' ? v : NaN;
  })));
  const keepIdx = candidates.map((_, j) => j).filter((j) => allMetricValues[j].some(Number.isFinite));
  const missingValues = candidates.map((metric, j) => ({ metric, runs: allMetricValues[j].filter((v) => !Number.isFinite(v)).length, of: okRows.length }))
    .filter((x) => x.runs > 0)
    .map((x) => ({ ...x, meaning: metricDef(x.metric, 'summary')?.missing ?? 'undefined in these runs' }));
  const metrics = keepIdx.map((j) => candidates[j]);
  const metricValues = keepIdx.map((j) => allMetricValues[j]);
  const constantMetrics = metrics.filter((_, j) => {
    const f = metricValues[j].filter(Number.isFinite);
    return f.every((v) => v === f[0]);
  });
  const seeds = okRows.map((r) => (r.seed === undefined || r.seed === null ? '' : String(r.seed)));
  const data: RunsData = { params, metrics, paramValues, metricValues, seeds };
  const overall = overallStats(data);
  const outcome = (m: string) => !constantMetrics.includes(m) && !DIAGNOSTICS.includes(m);
  const varying: RunsData = {
    ...data,
    metrics: metrics.filter(outcome),
    metricValues: metricValues.filter((_, j) => outcome(metrics[j])),
  };
  const diagnostics = DIAGNOSTICS.filter((d) => metrics.includes(d)).map((d) => {
    const v = metricValues[metrics.indexOf(d)].filter(Number.isFinite);
    return { metric: d, mean: v.reduce((a, b) => a + b, 0) / v.length, max: Math.max(...v) };
  });
  const response = responseCurves(varying);
  const findings = keyFindings(response, varying);
  const swept = params.map((_, p) => p).filter((p) => groupByValue(paramValues[p]).groups.length >= 2);
  const pairs: [number, number][] = [];
  for (let a = 0; a < swept.length; a++) for (let b = a + 1; b < swept.length; b++) pairs.push([swept[a], swept[b]]);
  const effectOf = new Map<string, number>();
  for (const f of findings) effectOf.set(f.metric, Math.max(effectOf.get(f.metric) ?? 0, f.effect));
  const heatMetrics = [...effectOf.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_HEAT_METRICS).map(([m]) => m);
  const heat = heatmaps(varying, pairs.slice(0, MAX_HEAT_PAIRS), heatMetrics);

  const designKind = (manifest.design ?? '').split(':')[0]!.trim();
  let sensitivity: SensitivityRow[] = [];
  if (designKind === 'morris' || designKind === 'sobol') {
    const nPoints = Math.max(-1, ...pointOf.values()) + 1;
    const okPoint = okRows.map((r) => pointOf.get(Number(r.run)) ?? -1);
    const pv = Array.from({ length: nPoints }, (_, pt) => valuesOfPoint.get(pt) ?? {});
    sensitivity = sensitivityRows(designKind, params, pv, varying.metrics, pointMeans(nPoints, okPoint, varying.metricValues));
  }

  // Points: every point the manifest or the runs table knows, labelled by its swept values.
  const pointIds = [...new Set([...pointOf.values()])].sort((a, b) => a - b);
  const short = shortNames(params);
  const seen = new Map<string, number>();
  const runsOf = new Map<number, number[]>();
  for (const [run, p] of pointOf) (runsOf.get(p) ?? runsOf.set(p, []).get(p)!).push(run);
  const points: PointInfo[] = pointIds.map((point) => {
    const values = valuesOfPoint.get(point) ?? {};
    let label = params.length > 0 && valuesOfPoint.has(point)
      ? params.map((p, i) => `${short[i]}=${formatValue(values[p])}`).join(', ')
      : `point ${point}`;
    seen.set(label, (seen.get(label) ?? 0) + 1);
    if (seen.get(label)! > 1) label = `${label} (#${point})`;
    const runs = (runsOf.get(point) ?? []).sort((a, b) => a - b);
    const okRuns = runs.filter((r) => statusOf.get(r) === 'ok');
    return { point, label, values, ok: okRuns.length, failed: runs.filter((r) => statusOf.get(r) === 'failed').length, okRuns };
  });

  const timePoints = spread(points.filter((p) => p.ok > 0), MAX_TIME_POINTS).map((p) => p.point);
  const network: NetworkStat[] = [];
  const subnets: SubnetStat[] = [];
  const topShares: TopShareStat[] = [];
  const families: FamilyStat[] = [];
  let withoutSeries = 0;
  for (const p of points.filter((q) => timePoints.includes(q.point))) {
    const load = (kind: 'network' | 'subnets' | 'families') =>
      p.okRuns.map((run) => results.readSeries(kind, run)).filter((t): t is NonNullable<typeof t> => t !== null && t.numRows() > 0);
    const net = load('network');
    withoutSeries += p.okRuns.length - net.length;
    network.push(...aggregateNetwork(p.point, net));
    const subTables = load('subnets');
    subnets.push(...aggregateSubnets(p.point, subTables, TOP_SUBNETS));
    topShares.push(...aggregateTopShares(p.point, subTables));
    families.push(...aggregateFamilies(p.point, load('families')));
  }
  if (withoutSeries > 0) notes.push(`${withoutSeries} ok run(s) of the charted points have no network series file.`);
  notes.push(...results.warnings);

  return {
    manifest, params, allParams, metrics, constantMetrics, missing: missingValues, diagnostics, points, timePoints, network, subnets, topShares, families,
    overall, response, findings, heat, sensitivity, record: runRecord(manifest, statusOf, pointOf, rows), notes,
  };
}

function runRecord(m: Manifest, statusOf: Map<number, string>, pointOf: Map<number, number>, rows: Record<string, unknown>[]): RunRecord {
  const byStatus: Record<string, number> = {};
  for (const s of statusOf.values()) byStatus[s] = (byStatus[s] ?? 0) + 1;
  const durations = m.runs.map((r) => r.durationMs).filter((d): d is number => d !== undefined);
  const byRun = new Map(m.runs.map((r) => [r.run, r]));
  const rowByRun = new Map(rows.map((r) => [Number(r.run), r]));
  const failedRuns = [...statusOf.entries()].filter(([, s]) => s !== 'ok').map(([run]) => run).sort((a, b) => a - b);
  const failures = failedRuns.slice(0, MAX_FAILURES_LISTED).map((run) => {
    const fromManifest = byRun.get(run);
    const row = rowByRun.get(run) ?? {};
    const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
    return {
      run,
      point: pointOf.get(run) ?? 0,
      replication: fromManifest?.replication ?? Number(row.replication ?? 0),
      seed: fromManifest?.seed ?? text(row.seed),
      status: statusOf.get(run) ?? 'unknown',
      error: fromManifest?.error ?? text(row.error),
    };
  });
  const start = m.startedAt ? Date.parse(m.startedAt) : NaN;
  const end = m.finishedAt ? Date.parse(m.finishedAt) : NaN;
  return {
    total: statusOf.size,
    byStatus,
    durations: durations.length > 0 ? describe(durations) : null,
    totalDurationMs: durations.reduce((a, b) => a + b, 0),
    wallMs: Number.isFinite(end - start) ? end - start : null,
    failures,
    failuresNotListed: Math.max(0, failedRuns.length - MAX_FAILURES_LISTED),
  };
}
