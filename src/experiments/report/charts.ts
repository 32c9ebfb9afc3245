// Vega-Lite specs as pure functions of aggregated data (plain JSON in, plain JSON out), chosen by
// what the experiment swept and recorded. Names from specs and results only ever appear as data
// values, titles and scale domains, never inside Vega expressions (facet/sort use fields, not
// strings built from names), so a hostile name cannot change what a chart computes.
import type { TopLevelSpec } from 'vega-lite';
import type { FamilyStat, HeatRow, NetworkStat, ResponseRow, SubnetStat } from './aggregate.ts';
import type { TopShareStat } from './topShares.ts';
import { withUnit } from '../run/metricDictionary.ts';
import type { ReportModel } from './model.ts';
import { MAX_SENSITIVITY_METRICS, type SensitivityRow } from './sensitivity.ts';

export interface ChartDef {
  /** File-safe id (figures/<id>.svg); never derived from names in the results. */
  id: string;
  title: string;
  caption: string;
  spec: TopLevelSpec;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const W = 260;
const H = 150;

/** Five significant digits are plenty for a chart and keep the embedded data small. */
export const round = (v: number): number | null => (Number.isFinite(v) ? Number(v.toPrecision(5)) : null);

type Row = Record<string, string | number | null>;
const BAND = { type: 'area', opacity: 0.18 } as const;
/** Line-and-band charts: legend swatches drawn as opaque strokes, not as the translucent band. */
const LINE_LEGEND = { legend: { symbolOpacity: 1, symbolType: 'stroke', symbolStrokeWidth: 2, labelLimit: 360 } } as const;
/** Multi-panel charts: the legend under the panels, so the row of panels keeps the page's width. */
const BOTTOM_LEGEND = { legend: { ...LINE_LEGEND.legend, orient: 'bottom', direction: 'vertical' } } as const;
/** Sweep-point labels list every swept value: let legends show them whole. */
const LEGEND = { legend: { labelLimit: 360 } } as const;
/** Axes: labels never overlap (vega drops the ones that would), quantitative axes keep few ticks. */
const AXES = { axis: { labelOverlap: true, labelLimit: 140 }, axisQuantitative: { tickCount: 5 } } as const;

/**
 * Sweep-point labels can be long (every swept value), so time-series rows carry the point's index
 * `pi` and one lookup table maps it to the label: the labels are embedded once, not once per row.
 */
function pointLookup(points: number[], label: Map<number, string>) {
  return { lookup: 'pi', from: { data: { values: points.map((p) => ({ pi: p, point: label.get(p) ?? `point ${p}` })) }, key: 'pi', fields: ['point'] } };
}
const pointsOf = (stats: { point: number }[]) => [...new Set(stats.map((s) => s.point))];
const labelsOf = (points: number[], label: Map<number, string>) => points.map((p) => label.get(p) ?? `point ${p}`);

/** Whether positive values span more than a factor of 10 (a log axis reads them better). */
export function spansDecades(values: number[]): boolean {
  const v = values.filter((x) => Number.isFinite(x));
  return v.length > 0 && Math.min(...v) > 0 && Math.max(...v) / Math.min(...v) > 10;
}

/**
 * One panel per metric (concatenated, not faceted, so each panel has its own y scale: log where the
 * metric spans orders of magnitude, and its unit in the title). Panels select their rows by the
 * metric's index `mo` (a field predicate, never a name inside an expression).
 */
function timeFacet(rows: Row[], metrics: readonly string[], points: number[], label: Map<number, string>): TopLevelSpec {
  const color = { field: 'point', type: 'nominal', title: 'sweep point', scale: { domain: labelsOf(points, label) } } as const;
  const present = metrics.map((m, i) => ({ m, i })).filter(({ i }) => rows.some((r) => r.mo === i));
  const panels = present.map(({ m, i }) => {
    const mine = rows.filter((r) => r.mo === i);
    const log = spansDecades(mine.flatMap((r) => [r.q05 as number, r.q95 as number, r.mean as number]));
    const scale = log ? { type: 'log' } : { zero: false };
    const x = { field: 'day', type: 'quantitative', title: 'day', axis: { tickCount: 5 } } as const;
    return {
      title: `${withUnit(m, 'network')}${log ? ', log scale' : ''}`,
      width: W, height: H,
      transform: [{ filter: { field: 'mo', equal: i } }],
      layer: [
        { mark: BAND, encoding: { x, y: { field: 'q05', type: 'quantitative', title: 'mean (5–95% range of runs)', scale }, y2: { field: 'q95' }, color } },
        { mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y: { field: 'mean', type: 'quantitative', scale }, color, tooltip: [{ field: 'point' }, { field: 'day' }, { field: 'mean' }, { field: 'q05' }, { field: 'q95' }] } },
      ],
    };
  });
  return {
    $schema: SCHEMA,
    data: { values: rows },
    transform: [pointLookup(points, label)],
    concat: panels,
    columns: 3,
    resolve: { scale: { y: 'independent' } },
    config: { ...BOTTOM_LEGEND, ...AXES },
  } as TopLevelSpec;
}

/** Time-series rows: mean and 5–95% range (the median stays in the aggregates, not the page). */
function networkRows(stats: NetworkStat[], metrics: readonly string[]): Row[] {
  return stats
    .filter((s) => metrics.includes(s.metric) && Number.isFinite(s.mean))
    .map((s) => ({ pi: s.point, metric: s.metric, mo: metrics.indexOf(s.metric), day: round(s.day), mean: round(s.mean), q05: round(s.q05), q95: round(s.q95) }));
}

/** Root vs alpha share of validators' stake weight over time, one line (and band) per sweep point. */
export function rootShareChart(stats: NetworkStat[], label: Map<number, string>): TopLevelSpec {
  const rows = networkRows(stats, ['rootStakeShare']);
  const points = pointsOf(stats);
  const color = { field: 'point', type: 'nominal', title: 'sweep point', scale: { domain: labelsOf(points, label) } } as const;
  const lookup = [pointLookup(points, label)];
  return {
    $schema: SCHEMA,
    width: 2 * W, height: 1.4 * H,
    layer: [
      { data: { values: rows }, transform: lookup, mark: BAND, encoding: { x: { field: 'day', type: 'quantitative', title: 'day' }, y: { field: 'q05', type: 'quantitative', title: 'root share of stake weight (fraction)', scale: { domain: [0, 1] } }, y2: { field: 'q95' }, color } },
      { data: { values: rows }, transform: lookup, mark: 'line', encoding: { x: { field: 'day', type: 'quantitative' }, y: { field: 'mean', type: 'quantitative' }, color, tooltip: [{ field: 'point' }, { field: 'day' }, { field: 'mean' }, { field: 'q05' }, { field: 'q95' }] } },
      { data: { values: [{ parity: 0.5 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#555' }, encoding: { y: { field: 'parity', type: 'quantitative' } } },
    ],
    config: LINE_LEGEND,
  } as TopLevelSpec;
}

export function networkFacetChart(stats: NetworkStat[], metrics: readonly string[], label: Map<number, string>): TopLevelSpec {
  return timeFacet(networkRows(stats, metrics), metrics, pointsOf(stats), label);
}

/** Emission share of the top 1, 5 and 10 subnets over time (one panel each), one line per sweep point. */
export function topShareChart(stats: TopShareStat[], label: Map<number, string>): TopLevelSpec {
  const points = pointsOf(stats);
  // A top-k panel with k ≥ the number of subnets is 1 by definition: left out.
  const rows = stats.filter((s) => Number.isFinite(s.mean) && s.k < s.subnets).map((s) => ({ pi: s.point, k: `top ${s.k}`, ko: s.k, day: round(s.day), mean: round(s.mean), q05: round(s.q05), q95: round(s.q95), equal: round(Math.min(1, s.k / s.subnets)) }));
  const color = { field: 'point', type: 'nominal', title: 'sweep point', scale: { domain: labelsOf(points, label) } } as const;
  const x = { field: 'day', type: 'quantitative', title: 'day', axis: { tickCount: 5 } } as const;
  const y = { type: 'quantitative', title: 'share of emission (fraction)', scale: { domain: [0, 1] } } as const;
  return {
    $schema: SCHEMA,
    data: { values: rows },
    transform: [pointLookup(points, label)],
    facet: { field: 'k', type: 'nominal', title: null, sort: { field: 'ko', op: 'min' } },
    columns: 3,
    spec: {
      width: W, height: H,
      layer: [
        { mark: BAND, encoding: { x, y: { ...y, field: 'q05' }, y2: { field: 'q95' }, color } },
        { mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: 'mean' }, color, tooltip: [{ field: 'point' }, { field: 'k' }, { field: 'day' }, { field: 'mean' }, { field: 'q05' }, { field: 'q95' }] } },
        { mark: { type: 'line', strokeDash: [4, 4], color: '#777', strokeWidth: 1 }, encoding: { x, y: { field: 'equal', type: 'quantitative' }, detail: { field: 'pi' } } },
      ],
    },
    config: { ...BOTTOM_LEGEND, ...AXES },
  } as TopLevelSpec;
}

function subnetDomain(stats: SubnetStat[]): string[] {
  const best = new Map<string, number>();
  for (const s of stats) if (s.group !== 'rest') best.set(s.group, Math.min(best.get(s.group) ?? Infinity, s.rank));
  const named = [...best.entries()].sort((a, b) => a[1] - b[1] || Number(a[0].slice(2)) - Number(b[0].slice(2))).map(([g]) => g);
  return stats.some((s) => s.group === 'rest') ? [...named, 'rest'] : named;
}

function subnetRows(stats: SubnetStat[], withPrice: boolean): Row[] {
  return stats.map((s) => ({
    pi: s.point, group: s.group, rank: s.rank, day: round(s.day),
    ...(withPrice ? { price: round(s.priceMean), q05: round(s.priceQ05), q95: round(s.priceQ95) } : { share: round(s.shareMean) }),
  }));
}

/** Price trajectories of the top subnets by final price (mean price of the rest), one panel per point. */
export function subnetPriceChart(stats: SubnetStat[], label: Map<number, string>): TopLevelSpec {
  const rows = subnetRows(stats.filter((s) => Number.isFinite(s.priceMean)), true);
  const prices = stats.map((s) => s.priceMean).filter((v) => Number.isFinite(v));
  const log = prices.length > 0 && Math.min(...prices) > 0 && Math.max(...prices) / Math.min(...prices) > 10;
  const domain = subnetDomain(stats);
  const color = { field: 'group', type: 'nominal', title: 'subnet', scale: { domain, scheme: domain.length > 10 ? 'tableau20' : 'tableau10' } } as const;
  const y = { type: 'quantitative', title: 'price (TAO per alpha)', scale: log ? { type: 'log' } : { zero: false } } as const;
  return {
    $schema: SCHEMA,
    data: { values: rows },
    transform: [pointLookup(pointsOf(stats), label)],
    facet: { field: 'point', type: 'nominal', title: 'sweep point', sort: { field: 'pi', op: 'min' } },
    columns: 2,
    spec: {
      width: W, height: H,
      layer: [
        { mark: { type: 'area', opacity: 0.15 }, encoding: { x: { field: 'day', type: 'quantitative', title: 'day' }, y: { ...y, field: 'q05' }, y2: { field: 'q95' }, color } },
        { mark: 'line', encoding: { x: { field: 'day', type: 'quantitative' }, y: { ...y, field: 'price' }, color, tooltip: [{ field: 'group' }, { field: 'day' }, { field: 'price' }, { field: 'q05' }, { field: 'q95' }] } },
      ],
    },
    config: LINE_LEGEND,
  } as TopLevelSpec;
}

/** Final ROI by agent family: mean with the 5–95% range across replications, grouped by point. */
export function familyRoiChart(stats: FamilyStat[], label: Map<number, string>): TopLevelSpec {
  const rows = stats.map((s) => ({ family: s.family, point: label.get(s.point) ?? `point ${s.point}`, mean: round(s.mean), median: round(s.median), q05: round(s.q05), q95: round(s.q95), n: s.n }));
  const color = { field: 'point', type: 'nominal', title: 'sweep point', scale: { domain: [...new Set(rows.map((r) => r.point))] } } as const;
  const x = { field: 'family', type: 'nominal', title: 'agent family', axis: { labelAngle: -40, labelLimit: 200, labelOverlap: false } } as const;
  return {
    $schema: SCHEMA,
    data: { values: rows },
    width: { step: 16 }, height: 1.4 * H, // the step is per offset band (family × point)
    layer: [
      { mark: 'bar', encoding: { x, xOffset: { field: 'point', scale: { domain: color.scale.domain } }, y: { field: 'mean', type: 'quantitative', title: 'final ROI (fraction of capital; mean, 5–95% range)' }, color, tooltip: [{ field: 'family' }, { field: 'point' }, { field: 'mean' }, { field: 'median' }, { field: 'q05' }, { field: 'q95' }, { field: 'n' }] } },
      { mark: { type: 'rule', color: '#333' }, encoding: { x, xOffset: { field: 'point', scale: { domain: color.scale.domain } }, y: { field: 'q05', type: 'quantitative' }, y2: { field: 'q95' } } },
    ],
    config: LEGEND,
  } as TopLevelSpec;
}

function curveRows(rows: ResponseRow[], metricOrder: string[]): Row[] {
  return rows.map((r) => ({
    metric: withUnit(r.metric), mo: metricOrder.indexOf(r.metric), x: typeof r.x === 'number' ? round(r.x) : r.x, label: r.label, order: r.order,
    mean: round(r.mean), median: round(r.median), q05: round(r.q05), q95: round(r.q95), n: r.n,
  }));
}

/** Each summary metric against one swept parameter: mean line, 5–95% range across runs. */
export function responseChart(rows: ResponseRow[], param: string, metricOrder: string[]): TopLevelSpec {
  const numeric = rows.every((r) => typeof r.x === 'number');
  const x = numeric
    ? ({ field: 'x', type: 'quantitative', title: param, scale: { zero: false } } as const)
    : ({ field: 'label', type: 'ordinal', title: param, sort: { field: 'order', op: 'min' } } as const);
  const tooltip = [{ field: 'label', title: param }, { field: 'mean' }, { field: 'median' }, { field: 'q05' }, { field: 'q95' }, { field: 'n' }];
  const band = numeric
    ? { mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'q05', type: 'quantitative', title: 'mean (5–95% range)', scale: { zero: false } }, y2: { field: 'q95' } } }
    : { mark: 'rule', encoding: { x, y: { field: 'q05', type: 'quantitative', title: 'mean (5–95% range)', scale: { zero: false } }, y2: { field: 'q95' } } };
  return {
    $schema: SCHEMA,
    data: { values: curveRows(rows, metricOrder) },
    facet: { field: 'metric', type: 'nominal', title: null, sort: { field: 'mo', op: 'min' } },
    columns: 4,
    spec: {
      width: 170, height: 110,
      layer: [band, { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, tooltip } }],
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/** Cartel vs honest ROI: against the first swept parameter when there is one, else overall. */
export function cartelChart(rows: { group: string; x: number | string; label: string; order: number; mean: number; q05: number; q95: number; n: number }[], param: string | null): TopLevelSpec {
  const data = rows.map((r) => ({ ...r, x: typeof r.x === 'number' ? round(r.x) : r.x, mean: round(r.mean), q05: round(r.q05), q95: round(r.q95) }));
  const color = { field: 'group', type: 'nominal', title: null, scale: { domain: ['cartel', 'honest'], range: ['#d62728', '#1f77b4'] } } as const;
  const numeric = param !== null && rows.every((r) => typeof r.x === 'number');
  const x = param === null
    ? ({ field: 'group', type: 'nominal', title: null } as const)
    : numeric
      ? ({ field: 'x', type: 'quantitative', title: param, scale: { zero: false } } as const)
      : ({ field: 'label', type: 'ordinal', title: param, sort: { field: 'order', op: 'min' } } as const);
  const y = { field: 'mean', type: 'quantitative', title: 'ROI (fraction of capital; mean, 5–95% range)' } as const;
  const tooltip = [{ field: 'group' }, { field: 'label' }, { field: 'mean' }, { field: 'q05' }, { field: 'q95' }, { field: 'n' }];
  const layer = param === null
    ? [{ mark: 'bar', encoding: { x, y, color, tooltip } }, { mark: { type: 'rule', color: '#333' }, encoding: { x, y: { field: 'q05', type: 'quantitative' }, y2: { field: 'q95' } } }]
    : [
        { mark: numeric ? { type: 'area', opacity: 0.18 } : 'rule', encoding: { x, y: { ...y, field: 'q05' }, y2: { field: 'q95' }, color } },
        { mark: { type: 'line', point: true }, encoding: { x, y, color, tooltip } },
      ];
  return { $schema: SCHEMA, data: { values: data }, width: param === null ? 160 : 2 * W, height: 1.4 * H, layer, config: param === null ? LEGEND : LINE_LEGEND } as TopLevelSpec;
}

/** Mean of the most responsive metrics over two swept parameters, one panel (own colour scale) each. */
export function heatmapChart(rows: HeatRow[], metricOrder: string[]): TopLevelSpec {
  const data = rows.map((r) => ({ x: r.x, y: r.y, xo: r.xOrder, yo: r.yOrder, metric: withUnit(r.metric), mo: metricOrder.indexOf(r.metric), mean: round(r.mean), n: r.n }));
  return {
    $schema: SCHEMA,
    data: { values: data },
    facet: { field: 'metric', type: 'nominal', title: null, sort: { field: 'mo', op: 'min' } },
    columns: 3,
    spec: {
      width: 170, height: 150,
      mark: 'rect',
      encoding: {
        x: { field: 'x', type: 'ordinal', title: rows[0]?.px ?? '', sort: { field: 'xo', op: 'min' } },
        y: { field: 'y', type: 'ordinal', title: rows[0]?.py ?? '', sort: { field: 'yo', op: 'min' } },
        color: { field: 'mean', type: 'quantitative', title: 'mean', scale: { scheme: 'viridis' } },
        tooltip: [{ field: 'x', title: rows[0]?.px ?? 'x' }, { field: 'y', title: rows[0]?.py ?? 'y' }, { field: 'mean' }, { field: 'n' }],
      },
    },
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}

/** Sensitivity ranking: one panel per metric, parameters ranked by mu* (Morris) or ST (Sobol). */
export function sensitivityChart(rows: SensitivityRow[], metricOrder: string[]): TopLevelSpec {
  const sobol = rows[0]?.design === 'sobol';
  // Parameter paths shortened to their last segment where that stays unambiguous (axis labels).
  const params = [...new Set(rows.map((r) => r.param))];
  const last = params.map((p) => p.split('.').pop() ?? p);
  const short = new Map(params.map((p, i) => [p, last.filter((l) => l === last[i]).length === 1 ? last[i]! : p]));
  const [na, nb] = sobol ? ['S1 (first order)', 'ST (total)'] : ['mu* (mean |EE|)', 'sigma (sd of EE)'];
  const data = rows.flatMap((r) => [
    { metric: withUnit(r.metric), mo: metricOrder.indexOf(r.metric), param: short.get(r.param)!, rank: r.rank, index: na, value: round(r.a), lo: round(r.aLo), hi: round(r.aHi), n: r.n },
    { metric: withUnit(r.metric), mo: metricOrder.indexOf(r.metric), param: short.get(r.param)!, rank: r.rank, index: nb, value: round(r.b), lo: round(r.bLo), hi: round(r.bHi), n: r.n },
  ]);
  const y = { field: 'param', type: 'nominal', title: null, sort: { field: 'rank', op: 'min' } } as const;
  const color = { field: 'index', type: 'nominal', title: null, scale: { domain: [na, nb] } } as const;
  const layer: object[] = [
    { mark: { type: 'point', filled: true, size: 50 }, encoding: { x: { field: 'value', type: 'quantitative', title: sobol ? 'index (fraction of variance)' : 'effect per swept span (metric unit)', axis: { tickCount: 4, labelOverlap: true } }, y, yOffset: { field: 'index' }, color, tooltip: [{ field: 'param' }, { field: 'index' }, { field: 'value' }, { field: 'lo' }, { field: 'hi' }, { field: 'n' }] } },
  ];
  if (sobol) layer.unshift({ mark: { type: 'rule' }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' }, y, yOffset: { field: 'index' }, color } });
  return {
    $schema: SCHEMA,
    data: { values: data },
    facet: { field: 'metric', type: 'nominal', title: null, sort: { field: 'mo', op: 'min' } },
    columns: 3,
    spec: { width: 200, height: { step: 14 }, layer },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    config: LEGEND,
  } as TopLevelSpec;
}

const CONCENTRATION = ['emissionGini', 'emissionHhi', 'emissionNakamoto'] as const;
const MARKET = ['highQualityEmissionShare', 'taoInPools', 'sumPrices', 'priceDispersion', 'taoInflow', 'taoOutflow'] as const;

/** The charts that fit what the experiment swept and recorded, in reading order. */
export function buildCharts(m: ReportModel): ChartDef[] {
  const label = new Map(m.points.map((p) => [p.point, p.label]));
  const charts: ChartDef[] = [];
  const has = (metric: string) => m.network.some((s) => s.metric === metric && s.n > 0);
  // Market series that never move (e.g. no user flows in this population) would be empty panels.
  const varies = (metric: string) => {
    const v = m.network.filter((s) => s.metric === metric && Number.isFinite(s.mean)).map((s) => s.mean);
    return v.length > 0 && v.some((x) => x !== v[0]);
  };
  const shown = `${m.timePoints.length} of ${m.points.length} sweep point(s)`;
  if (has('rootStakeShare')) {
    charts.push({ id: 'root-share', title: 'Root vs alpha share of stake weight', caption: `Root share of validators' stake weight (alpha share = 1 − root); mean and 5–95% range across replications; dashed: parity. ${shown}.`, spec: rootShareChart(m.network, label) });
  }
  const conc = CONCENTRATION.filter(has);
  if (conc.length > 0) charts.push({ id: 'concentration', title: 'Concentration of emission over time', caption: `Gini, HHI and Nakamoto coefficient of subnet emission shares; mean and 5–95% range across replications. ${shown}.`, spec: networkFacetChart(m.network, conc, label) });
  const market = MARKET.filter(varies);
  if (market.length > 0) charts.push({ id: 'market', title: 'Market state over time', caption: `Network series; mean and 5–95% range across replications; a series spanning more than a factor of 10 is on a log axis. ${shown}.`, spec: networkFacetChart(m.network, market, label) });
  const subPoints = new Set(m.timePoints.slice(0, 4));
  const sub = m.subnets.filter((s) => subPoints.has(s.point));
  if (sub.some((s) => Number.isFinite(s.priceMean))) charts.push({ id: 'subnet-prices', title: 'Subnet price trajectories', caption: 'Top subnets by mean final price and the mean price of the rest; 5–95% range across replications.', spec: subnetPriceChart(sub, label) });
  const top = m.topShares.filter((s) => subPoints.has(s.point));
  if (top.some((s) => Number.isFinite(s.mean))) charts.push({ id: 'emission-share', title: 'Emission concentration: top-1, top-5 and top-10 subnets', caption: 'Share of emission going to the largest 1, 5 and 10 subnets at each sample (whichever they are then); mean and 5–95% range across replications; dashed: the share under an equal split.', spec: topShareChart(top, label) });
  if (m.families.some((f) => f.n > 0)) charts.push({ id: 'family-roi', title: 'ROI by agent family', caption: `Return on capital at the end of each run, by family; bar = mean, line = 5–95% across replications. ${shown}.`, spec: familyRoiChart(m.families, label) });

  const cartel = cartelRows(m);
  if (cartel) charts.push({ id: 'cartel-honest', title: 'Cartel vs honest ROI', caption: cartel.param ? `Mean and 5–95% range across runs at each value of ${cartel.param}.` : 'Mean and 5–95% range across all ok runs.', spec: cartelChart(cartel.rows, cartel.param) });

  const order = m.metrics;
  const params = [...new Set(m.response.map((r) => r.param))];
  params.forEach((param, i) => {
    charts.push({ id: `response-${i + 1}`, title: `Response to ${param}`, caption: `Each summary metric against ${param}, pooled over the other swept parameters and replications: mean and 5–95% range across runs.`, spec: responseChart(m.response.filter((r) => r.param === param), param, order) });
  });
  if (m.sensitivity.length > 0) {
    const design = m.sensitivity[0]!.design;
    const shownMetrics = [...new Set(m.sensitivity.map((r) => r.metric))].slice(0, MAX_SENSITIVITY_METRICS);
    charts.push({
      id: 'sensitivity', title: design === 'sobol' ? 'Sensitivity: Sobol indices' : 'Sensitivity: Morris elementary effects',
      caption: design === 'sobol'
        ? 'First-order (S1) and total (ST) Sobol indices per metric (Saltelli 2010 and Jansen estimators over the replication means), 95% bootstrap intervals over the base rows; parameters ranked by ST. ST − S1 is the share of variance from interactions.'
        : 'Morris mu* (mean absolute elementary effect, per swept span of the parameter, in the metric\'s unit) and sigma (its sd: nonlinearity or interactions), over the replication means; parameters ranked by mu*.',
      spec: sensitivityChart(m.sensitivity.filter((r) => shownMetrics.includes(r.metric)), order),
    });
  }
  const pairs = [...new Set(m.heat.map((r) => JSON.stringify([r.px, r.py])))].map((s) => JSON.parse(s) as [string, string]);
  pairs.forEach(([px, py], i) => {
    charts.push({ id: `heatmap-${i + 1}`, title: `${px} × ${py}`, caption: 'Mean of the metrics that respond most across the sweep, for each pair of values (each panel has its own colour scale).', spec: heatmapChart(m.heat.filter((r) => r.px === px && r.py === py), order) });
  });
  // Every chart: axis labels that would overlap are dropped, quantitative axes keep about five ticks.
  return charts.map((c) => ({ ...c, spec: { ...c.spec, config: { ...AXES, ...(c.spec as { config?: object }).config } } as TopLevelSpec }));
}

function cartelRows(m: ReportModel) {
  // Without cartel agents there is nothing to compare the honest counterfactual with: no panel.
  if (!m.overall.some((o) => o.metric === 'cartelRoi' && o.n > 0)) return null;
  const groups = [['cartelRoi', 'cartel'], ['honestRoi', 'honest']] as const;
  const param = m.response.find((r) => r.metric === 'cartelRoi' || r.metric === 'honestRoi')?.param ?? null;
  if (param !== null) {
    const rows = groups.flatMap(([metric, group]) => m.response.filter((r) => r.param === param && r.metric === metric).map((r) => ({ group, x: r.x, label: r.label, order: r.order, mean: r.mean, q05: r.q05, q95: r.q95, n: r.n })));
    return { param, rows };
  }
  const rows = groups.flatMap(([metric, group]) => m.overall.filter((o) => o.metric === metric && o.n > 0).map((o) => ({ group, x: group, label: group, order: 0, mean: o.mean, q05: o.q05, q95: o.q95, n: o.n })));
  return rows.length > 0 ? { param: null, rows } : null;
}
