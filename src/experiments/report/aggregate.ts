// Aggregation across replications with arquero: per sweep point and sampled block
// for the time series, per swept-parameter value for the runs table. Every statistic is the
// replication distribution's mean, median and 5–95% quantiles (R-7 interpolation, arquero's
// `op.quantile`); NaN/null values (an undefined metric) are left out, and `n` counts the valid ones.
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { BLOCKS_PER_DAY } from '../../market/types.ts';
import { NETWORK_SERIES, type ParamValue } from '../types.ts';
import { FEW, excludesZero, pairedEffect, welchEffect, type Effect } from './effects.ts';

const { op } = aq;

/** One step is one 12 s block (docs/architecture.md "Time"): 86 400 / 12 blocks a day. */
export { BLOCKS_PER_DAY };
/** Time charts keep at most this many sampled blocks per point (evenly thinned, last kept). */
export const MAX_TIMES = 100;
/** A numeric swept parameter with more distinct values than this (random/LHS designs) is binned. */
export const BIN_THRESHOLD = 10;
export const BINS = 5;

export interface Stat {
  mean: number;
  median: number;
  q05: number;
  q95: number;
  sd: number;
  n: number;
}
export interface NetworkStat extends Stat {
  point: number;
  block: number;
  day: number;
  metric: string;
}
export interface SubnetStat {
  point: number;
  block: number;
  day: number;
  /** "SN<netuid>" for the top subnets by final price, "rest" for all others together. */
  group: string;
  rank: number;
  priceMean: number;
  priceQ05: number;
  priceQ95: number;
  /** Mean over replications of the group's emission share (summed over the subnets in "rest"). */
  shareMean: number;
}
export interface FamilyStat extends Stat {
  point: number;
  family: string;
}
export interface ResponseRow extends Stat {
  param: string;
  /** The swept value (or a bin's mean value); `label` is what an axis shows, `order` sorts. */
  x: number | string;
  label: string;
  order: number;
  metric: string;
}
export interface Finding {
  param: string;
  metric: string;
  low: ResponseRow;
  high: ResponseRow;
  change: number;
  /** 95% interval of the change of the mean: paired by replication seed under common random numbers, else Welch t (effects.ts). */
  changeLo: number;
  changeHi: number;
  /** How the interval was made, its n and degrees of freedom. */
  method: Effect['method'];
  n: number;
  df: number;
  /** The interval excludes 0. */
  moved: boolean;
  /** Fewer than FEW values per side: the interval is wide and the estimate indicative only. */
  wide: boolean;
  /** |change| over the pooled sd: ranks which metrics respond most. */
  effect: number;
}
export interface HeatRow {
  px: string;
  py: string;
  x: string;
  y: string;
  xOrder: number;
  yOrder: number;
  metric: string;
  mean: number;
  n: number;
}
export interface MetricStat extends Stat {
  metric: string;
}

const statOps = (f: string) => ({
  mean: op.mean(f),
  median: op.median(f),
  q05: op.quantile(f, 0.05),
  q95: op.quantile(f, 0.95),
  sd: op.stdev(f),
  n: op.valid(f),
});

const toNum = (v: unknown): number => (typeof v === 'number' ? v : v === null || v === undefined ? NaN : Number(v));
const fin = (v: unknown): number => {
  const n = toNum(v);
  return Number.isFinite(n) ? n : NaN;
};
function statOf(o: Record<string, unknown>): Stat {
  return { mean: fin(o.mean), median: fin(o.median), q05: fin(o.q05), q95: fin(o.q95), sd: fin(o.sd), n: toNum(o.n) || 0 };
}

/** Statistics of plain numbers (the same estimators as the tables use). */
export function describe(values: ArrayLike<number>): Stat {
  const t = aq.table({ v: Float64Array.from(values as ArrayLike<number>) });
  return statOf(t.rollup(statOps('v')).objects()[0] as Record<string, unknown>);
}

/** Keep at most `max` sorted distinct blocks, evenly spaced, always the first and the last. */
export function thinBlocks(blocks: number[], max = MAX_TIMES): Set<number> {
  const u = [...new Set(blocks)].sort((a, b) => a - b);
  if (u.length <= max) return new Set(u);
  const keep = new Set<number>();
  for (let k = 0; k < max; k++) keep.add(u[Math.round((k * (u.length - 1)) / (max - 1))]);
  return keep;
}

/** Concatenate the replications' tables over the columns they all have. */
function concatCommon(tables: ColumnTable[], wanted: readonly string[]): ColumnTable | null {
  if (tables.length === 0) return null;
  const cols = wanted.filter((c) => tables.every((t) => t.columnNames().includes(c)));
  if (!cols.includes('block')) return null;
  const parts = tables.map((t, i) => t.select(cols).derive({ rep: aq.escape(() => i) }));
  return parts.length === 1 ? parts[0] : parts[0].concat(...parts.slice(1));
}

/** Network series of one point's replications → one row per (sampled block, metric). */
export function aggregateNetwork(point: number, tables: ColumnTable[]): NetworkStat[] {
  const t = concatCommon(tables, NETWORK_SERIES);
  if (!t) return [];
  const metrics = t.columnNames().filter((c) => c !== 'block' && c !== 'day' && c !== 'rep');
  if (metrics.length === 0) return [];
  const keep = thinBlocks(t.array('block') as number[]);
  const rows = t
    .filter(aq.escape((d: { block: number }) => keep.has(d.block)))
    .fold(metrics, { as: ['metric', 'value'] })
    .groupby('block', 'metric')
    .rollup(statOps('value'))
    .orderby('metric', 'block')
    .objects() as Record<string, unknown>[];
  return rows.map((r) => ({
    point,
    block: toNum(r.block),
    day: toNum(r.block) / BLOCKS_PER_DAY,
    metric: String(r.metric),
    ...statOf(r),
  }));
}

/**
 * Subnet series of one point's replications: the `top` subnets by mean final price keep their own
 * trajectory, all others are grouped as "rest" (their mean price, their summed emission share).
 */
export function aggregateSubnets(point: number, tables: ColumnTable[], top = 5): SubnetStat[] {
  const t = concatCommon(tables, ['block', 'netuid', 'price', 'emissionShare']);
  if (!t || !t.columnNames().includes('netuid') || !t.columnNames().includes('price')) return [];
  const hasShare = t.columnNames().includes('emissionShare');
  const finals = t
    .groupby('rep')
    .filter((d: { block: number }) => d.block === op.max(d.block))
    .groupby('netuid')
    .rollup({ final: op.mean('price') })
    .orderby(aq.desc('final'), 'netuid')
    .objects() as { netuid: number; final: number }[];
  const ranked = finals.filter((f) => Number.isFinite(f.final)).slice(0, top).map((f) => f.netuid);
  const rankOf = new Map(ranked.map((n, i) => [n, i]));
  const keep = thinBlocks(t.array('block') as number[]);
  const rows = t
    .filter(aq.escape((d: { block: number }) => keep.has(d.block)))
    .derive({ rank: aq.escape((d: { netuid: number }) => rankOf.get(d.netuid) ?? top) })
    .derive(hasShare ? {} : { emissionShare: () => NaN })
    .groupby('rep', 'block', 'rank')
    .rollup({ price: op.mean('price'), share: op.sum('emissionShare'), nShare: op.valid('emissionShare') })
    .groupby('block', 'rank')
    .rollup({ priceMean: op.mean('price'), priceQ05: op.quantile('price', 0.05), priceQ95: op.quantile('price', 0.95), shareMean: op.mean('share'), nShare: op.sum('nShare') })
    .orderby('rank', 'block')
    .objects() as Record<string, number>[];
  return rows.map((r) => ({
    point,
    block: r.block,
    day: r.block / BLOCKS_PER_DAY,
    rank: r.rank,
    group: r.rank < ranked.length ? `SN${ranked[r.rank]}` : 'rest',
    priceMean: fin(r.priceMean),
    priceQ05: fin(r.priceQ05),
    priceQ95: fin(r.priceQ95),
    shareMean: r.nShare > 0 ? fin(r.shareMean) : NaN,
  }));
}

/** Family series of one point's replications → ROI at each replication's last sample, per family. */
export function aggregateFamilies(point: number, tables: ColumnTable[]): FamilyStat[] {
  const named = tables.map((t) =>
    t.columnNames().includes('familyName')
      ? t
      : t.derive({ familyName: aq.escape((d: { family: number }) => `family ${d.family}`) }),
  );
  const t = concatCommon(named, ['block', 'familyName', 'roi']);
  if (!t || !t.columnNames().includes('roi') || !t.columnNames().includes('familyName')) return [];
  const rows = t
    .groupby('rep')
    .filter((d: { block: number }) => d.block === op.max(d.block))
    .groupby('familyName')
    .rollup(statOps('roi'))
    .orderby('familyName')
    .objects() as Record<string, unknown>[];
  return rows.map((r) => ({ point, family: String(r.familyName), ...statOf(r) }));
}

/** The ok runs' params and summary metrics, column-wise, with the real names kept out of arquero. */
export interface RunsData {
  params: string[];
  /** seeds[i]: the i-th ok run's seed (runs sharing a seed under common random numbers are paired). */
  seeds?: string[];
  metrics: string[];
  /** values[p][i]: the i-th ok run's value of params[p]. */
  paramValues: ParamValue[][];
  /** metricValues[m][i]: the i-th ok run's value of metrics[m] (NaN where undefined). */
  metricValues: Float64Array[];
}

interface Grouping {
  keys: Int32Array;
  groups: { x: number | string; label: string }[];
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString());
export const formatValue = (v: ParamValue | null | undefined): string =>
  v === null || v === undefined ? '∅' : typeof v === 'number' ? fmt(v) : String(v);

/** Group runs by a param's value; numbers sort ascending, others keep first appearance; many numbers bin. */
export function groupByValue(values: ParamValue[]): Grouping {
  const numeric = values.every((v) => typeof v === 'number' && Number.isFinite(v));
  const distinct = [...new Set(values)];
  const keys = new Int32Array(values.length);
  if (numeric && distinct.length > BIN_THRESHOLD) {
    const sorted = (distinct as number[]).sort((a, b) => a - b);
    const binOf = new Map(sorted.map((v, r) => [v, Math.min(BINS - 1, Math.floor((r * BINS) / sorted.length))]));
    const members: number[][] = Array.from({ length: BINS }, () => []);
    values.forEach((v, i) => {
      keys[i] = binOf.get(v as number)!;
      members[keys[i]].push(v as number);
    });
    const groups = members.map((m) => ({
      x: m.reduce((a, b) => a + b, 0) / m.length,
      label: `${fmt(Math.min(...m))}–${fmt(Math.max(...m))}`,
    }));
    return { keys, groups };
  }
  const ordered = numeric ? (distinct as number[]).sort((a, b) => a - b) : distinct;
  const index = new Map<ParamValue, number>(ordered.map((v, i) => [v, i]));
  values.forEach((v, i) => (keys[i] = index.get(v)!));
  return { keys, groups: ordered.map((v) => ({ x: typeof v === 'number' ? v : String(v), label: formatValue(v) })) };
}

function metricTable(data: RunsData, extra: Record<string, Int32Array>): { table: ColumnTable; cols: string[] } {
  const cols = data.metrics.map((_, j) => `m${j}`);
  const columns: Record<string, ArrayLike<number>> = { ...extra };
  cols.forEach((c, j) => (columns[c] = data.metricValues[j]));
  return { table: aq.table(columns), cols };
}

/** Each summary metric over all ok runs. */
export function overallStats(data: RunsData): MetricStat[] {
  if (data.metrics.length === 0 || data.metricValues[0].length === 0) return [];
  const { table, cols } = metricTable(data, {});
  const rows = table.fold(cols, { as: ['m', 'value'] }).groupby('m').rollup(statOps('value')).objects() as Record<string, unknown>[];
  const byCol = new Map(rows.map((r) => [String(r.m), r]));
  return cols.map((c, j) => ({ metric: data.metrics[j], ...statOf(byCol.get(c) ?? {}) }));
}

/** Response curves: each summary metric per value (or bin) of each swept param, pooled over the rest. */
export function responseCurves(data: RunsData): ResponseRow[] {
  const out: ResponseRow[] = [];
  if (data.metrics.length === 0) return out;
  data.params.forEach((param, p) => {
    const g = groupByValue(data.paramValues[p]);
    if (g.groups.length < 2) return;
    const { table, cols } = metricTable(data, { k: g.keys });
    const rows = table.fold(cols, { as: ['m', 'value'] }).groupby('k', 'm').rollup(statOps('value')).orderby('m', 'k').objects() as Record<string, unknown>[];
    for (const r of rows) {
      const j = Number(String(r.m).slice(1));
      const k = toNum(r.k);
      out.push({ param, x: g.groups[k].x, label: g.groups[k].label, order: k, metric: data.metrics[j], ...statOf(r) });
    }
  });
  return out;
}

/**
 * Key findings: the change of each metric from the lowest to the highest value of each swept param.
 * Runs at the two ends that share their seed and every other swept value (common random numbers)
 * are paired and the interval is over the paired differences; otherwise the runs are independent
 * and the interval is Welch's t (effects.ts). `data` is what `curves` were computed from.
 */
export function keyFindings(curves: ResponseRow[], data: RunsData): Finding[] {
  const out: Finding[] = [];
  const byKey = new Map<string, ResponseRow[]>();
  for (const r of curves) {
    const key = JSON.stringify([r.param, r.metric]);
    const list = byKey.get(key) ?? byKey.set(key, []).get(key)!;
    list.push(r);
  }
  const groupings = new Map<number, Grouping>();
  for (const list of byKey.values()) {
    const sorted = [...list].sort((a, b) => a.order - b.order);
    const low = sorted[0];
    const high = sorted[sorted.length - 1];
    if (low === high || !(low.n > 0 && high.n > 0)) continue;
    const p = data.params.indexOf(low.param);
    const j = data.metrics.indexOf(low.metric);
    if (p < 0 || j < 0) continue;
    const g = groupings.get(p) ?? groupings.set(p, groupByValue(data.paramValues[p])).get(p)!;
    const e = endEffect(data, p, j, g.keys, low.order, high.order);
    const pooled = Math.sqrt((low.sd ** 2 + high.sd ** 2) / 2);
    const effect = Math.abs(e.change) / (pooled > 0 ? pooled : Math.abs(low.mean) + Math.abs(high.mean) || 1);
    out.push({
      param: low.param, metric: low.metric, low, high, change: e.change, changeLo: e.lo, changeHi: e.hi,
      method: e.method, n: e.n, df: e.df, moved: excludesZero(e), wide: e.n < FEW, effect: Number.isFinite(effect) ? effect : 0,
    });
  }
  return out;
}

/** The effect on metric j of moving param p from group `lo` to group `hi` (paired where seeds match). */
function endEffect(data: RunsData, p: number, j: number, keys: Int32Array, lo: number, hi: number): Effect {
  const y = data.metricValues[j];
  const others = data.params.map((_, q) => q).filter((q) => q !== p);
  const pairKey = (i: number) => JSON.stringify([data.seeds?.[i] ?? null, ...others.map((q) => data.paramValues[q][i])]);
  const lows: number[] = [], highs: number[] = [];
  const lowByKey = new Map<string, number>();
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) continue;
    if (keys[i] === lo) {
      lows.push(y[i]);
      if (data.seeds) lowByKey.set(pairKey(i), y[i]);
    } else if (keys[i] === hi) highs.push(y[i]);
  }
  if (data.seeds) {
    const diffs: number[] = [];
    for (let i = 0; i < y.length; i++) {
      if (keys[i] !== hi || !Number.isFinite(y[i])) continue;
      const l = lowByKey.get(pairKey(i));
      if (l !== undefined) diffs.push(y[i] - l);
    }
    // Paired when the design pairs them (CRN: most runs have their partner; a failed run loses only its pair).
    if (diffs.length >= 2 && 2 * diffs.length >= Math.min(lows.length, highs.length)) {
      return pairedEffect(diffs, `report/effect/${data.params[p]}/${data.metrics[j]}`);
    }
  }
  return welchEffect(lows, highs);
}

/** Heatmaps: mean of each chosen metric over the values of two swept params. */
export function heatmaps(data: RunsData, pairs: [number, number][], metrics: string[]): HeatRow[] {
  const out: HeatRow[] = [];
  const chosen = metrics.map((m) => data.metrics.indexOf(m)).filter((j) => j >= 0);
  if (chosen.length === 0) return out;
  for (const [a, b] of pairs) {
    const ga = groupByValue(data.paramValues[a]);
    const gb = groupByValue(data.paramValues[b]);
    if (ga.groups.length < 2 || gb.groups.length < 2) continue;
    const cols: Record<string, ArrayLike<number>> = { kx: ga.keys, ky: gb.keys };
    for (const j of chosen) cols[`m${j}`] = data.metricValues[j];
    const rows = aq
      .table(cols)
      .fold(chosen.map((j) => `m${j}`), { as: ['m', 'value'] })
      .groupby('kx', 'ky', 'm')
      .rollup({ mean: op.mean('value'), n: op.valid('value') })
      .objects() as Record<string, unknown>[];
    for (const r of rows) {
      const kx = toNum(r.kx);
      const ky = toNum(r.ky);
      out.push({
        px: data.params[a], py: data.params[b],
        x: ga.groups[kx].label, y: gb.groups[ky].label, xOrder: kx, yOrder: ky,
        metric: data.metrics[Number(String(r.m).slice(1))], mean: fin(r.mean), n: toNum(r.n),
      });
    }
  }
  return out;
}
