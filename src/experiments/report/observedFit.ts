// The run report's "Fit to observed history" section (docs/calibration.md "The run report's fit"): for a
// spec with an `observed` key, each named target's statistic on every run's series (quantityPath and
// targetStat of spec/targets.ts, the same evaluation the calibration uses), the mean and [min, max] over
// the runs, and whether the mean lies inside the observed band (inside). A target dated after the run's
// last sample is listed as not reached by this run. Per reached quantity, a chart of its path with the bands.
import type { ExperimentSpec } from '../types.ts';
import { openResults, type Results } from '../results/results.ts';
import { BLOCKS_PER_DAY } from '../spec/specSchema.ts';
import { QUANTITIES, loadObserved, pickTargets, type ObservedTarget } from '../spec/observed.ts';
import { inside, quantityPath, targetStat, type RunColumnsIn } from '../spec/targets.ts';
import type { TopLevelSpec } from 'vega-lite';
import { esc } from './html.ts';
import type { ChartDef } from './charts.ts';

/** One run's network and subnets series as plain columns (null when either is missing). */
export function runColumns(r: Results, run: number): RunColumnsIn | null {
  const net = r.readSeries('network', run);
  const sub = r.readSeries('subnets', run);
  if (!net || !sub) return null;
  const cols = (t: NonNullable<typeof net>) => Object.fromEntries(t.columnNames().map((n: string) => [n, t.array(n) as ArrayLike<number>]));
  return { network: cols(net), subnets: cols(sub) };
}

export interface ObservedFitRow {
  target: ObservedTarget;
  fitted: boolean;
  /** False when the target's dates lie after the run's horizon: no statistic is computed. */
  reached: boolean;
  /** The statistic on each run with series (NaN where the run has no sample in the dates). */
  sims: number[];
  mean: number;
  min: number;
  max: number;
  inside: boolean;
}

/** The fit of every target the spec names, over the given runs' series. */
export function observedFit(spec: Pick<ExperimentSpec, 'observed' | 'horizon'>, r: Results, targets: readonly ObservedTarget[] = loadObserved()): ObservedFitRow[] {
  const o = spec.observed;
  if (!o) return [];
  const named = [...pickTargets(targets, o.fitted, 'observed.fitted').map((t) => ({ t, fitted: true })),
    ...pickTargets(targets, o.compared, 'observed.compared').map((t) => ({ t, fitted: false }))];
  const lastDay = spec.horizon / BLOCKS_PER_DAY;
  const quantities = [...new Set(named.filter((n) => n.t.dayTo <= lastDay).map((n) => n.t.quantity))];
  const sims = named.map(() => [] as number[]);
  for (const row of r.rows) {
    const cols = runColumns(r, row.run);
    if (!cols) continue;
    const paths = new Map(quantities.map((q) => [q, quantityPath(q, cols)]));
    named.forEach((n, i) => {
      if (n.t.dayTo <= lastDay) sims[i]!.push(targetStat(n.t, paths.get(n.t.quantity)!));
    });
  }
  return named.map(({ t, fitted }, i) => {
    const ok = sims[i]!.filter((x) => !Number.isNaN(x));
    const mean = ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : Number.NaN;
    return {
      target: t, fitted, reached: t.dayTo <= lastDay, sims: sims[i]!, mean,
      min: ok.length ? Math.min(...ok) : Number.NaN, max: ok.length ? Math.max(...ok) : Number.NaN, inside: inside(t, mean),
    };
  });
}

const num = (x: number) => (Number.isNaN(x) ? '–' : !Number.isFinite(x) ? (x > 0 ? '∞' : '−∞') : Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : String(Number(x.toPrecision(4))));
const band = (t: ObservedTarget) => (Number.isFinite(t.lo) && Number.isFinite(t.hi) ? `[${num(t.lo)}, ${num(t.hi)}]` : Number.isFinite(t.lo) ? `≥ ${num(t.lo)}` : `≤ ${num(t.hi)}`);

/** The section's HTML (a table; the report's CSP allows no inline styles). */
export function observedFitHtml(rows: readonly ObservedFitRow[], runs: number): string {
  const body = rows.map((f) => {
    const t = f.target;
    const dates = t.dateTo === t.dateFrom ? t.dateFrom : `${t.dateFrom}..${t.dateTo}`;
    const sim = f.reached ? `<td>${num(f.mean)}</td><td>[${num(f.min)}, ${num(f.max)}] (n=${f.sims.filter((x) => !Number.isNaN(x)).length})</td>` : '<td colspan="2">not reached by this run</td>';
    const verdict = !f.reached ? 'not reached by this run' : Number.isNaN(f.mean) ? 'no sample' : f.inside ? 'yes' : 'no';
    return `<tr><td>${esc(t.id)}</td><td>${f.fitted ? 'fitted' : 'compared'}</td><td>${esc(t.quantity)} (${esc(t.stat)})</td><td>${esc(dates)}</td>` +
      `<td>${num(t.value)}</td><td>${esc(band(t))}</td>${sim}<td>${verdict}</td></tr>`;
  }).join('\n');
  const nFit = rows.filter((f) => f.fitted).length, nCmp = rows.length - nFit;
  return `<h2>Fit to observed history</h2>
<p>The observed targets of data/observed/targets.csv (docs/observed.md) set against this experiment's ${runs} run${runs === 1 ? '' : 's'}:
each target's statistic over its dates on every run's network and subnets series, the mean over the runs and its
[min, max], and whether the mean lies inside the observed band. The ${nFit} fitted target${nFit === 1 ? ' was' : 's were'} fitted by
<code>lab calibrate experiments/calibration/history.yaml</code> (docs/calibration.md); the ${nCmp} compared one${nCmp === 1 ? ' was' : 's were'} not:
they are checks the fit never saw. A target dated after the run's last day is listed as not reached by this run.</p>
<table><thead><tr><th>target</th><th>role</th><th>quantity (statistic)</th><th>dates</th><th>observed</th><th>band</th><th>simulated mean</th><th>[min, max] over runs</th><th>inside</th></tr></thead><tbody>
${body}
</tbody></table>`;
}

/** Runs drawn per chart: enough to show the spread, few enough to keep the page small. */
const CHART_RUNS = 10;

/**
 * Per quantity of a reached target: its path on the first CHART_RUNS runs with the targets' bands over their
 * dates (the run report's version of calibration.html's charts). Empty when the spec names no targets.
 */
export function observedFitCharts(dir: string): ChartDef[] {
  let r: Results;
  try {
    r = openResults(dir, { partial: true });
  } catch {
    return [];
  }
  const spec = r.manifest.spec as Partial<ExperimentSpec>;
  if (!spec.observed || spec.horizon === undefined) return [];
  const lastDay = spec.horizon / BLOCKS_PER_DAY;
  const all = loadObserved();
  const named = [...pickTargets(all, spec.observed.fitted), ...pickTargets(all, spec.observed.compared)].filter((t) => t.dayTo <= lastDay);
  const quantities = [...new Set(named.map((t) => t.quantity))];
  const lines = new Map(quantities.map((q) => [q, [] as { day: number; value: number; run: number }[]]));
  for (const row of r.rows.slice(0, CHART_RUNS)) {
    const cols = runColumns(r, row.run);
    if (!cols) continue;
    for (const q of quantities) {
      const p = quantityPath(q, cols);
      for (let s = 0; s < p.day.length; s++) if (Number.isFinite(p.value[s]!)) lines.get(q)!.push({ day: p.day[s]!, value: p.value[s]!, run: row.run });
    }
  }
  return quantities.flatMap((q, k) => {
    const pts = lines.get(q)!;
    if (pts.length === 0) return [];
    const ts = named.filter((t) => t.quantity === q);
    const vals = pts.map((x) => x.value);
    const ylo = Math.min(...vals, ...ts.map((t) => (Number.isFinite(t.lo) ? t.lo : Infinity)));
    const yhi = Math.max(...vals, ...ts.map((t) => (Number.isFinite(t.hi) ? t.hi : -Infinity)));
    const bands = ts.map((t) => ({
      id: t.id, day0: t.dayFrom - (t.dayFrom === t.dayTo ? 0.5 : 0), day1: t.dayTo + (t.dayFrom === t.dayTo ? 0.5 : 0), day: (t.dayFrom + t.dayTo) / 2,
      lo: Number.isFinite(t.lo) ? t.lo : ylo, hi: Number.isFinite(t.hi) ? t.hi : yhi,
    }));
    // Prices span orders of magnitude in the first days: a log axis when everything drawn is positive and spans > 100×.
    const scale = ylo > 0 && yhi / ylo > 100 ? { scale: { type: 'log' as const } } : {};
    const chart: TopLevelSpec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 520, height: 200,
      layer: [
        { data: { values: pts }, mark: { type: 'line', strokeWidth: 1, color: '#4c78a8' },
          encoding: { x: { field: 'day', type: 'quantitative', title: 'day since launch (2025-02-13)' }, y: { field: 'value', type: 'quantitative', title: q, ...scale }, detail: { field: 'run', type: 'nominal' } } },
        { data: { values: bands }, mark: { type: 'rect', opacity: 0.25, color: '#f58518' },
          encoding: { x: { field: 'day0', type: 'quantitative' }, x2: { field: 'day1' }, y: { field: 'lo', type: 'quantitative', ...scale }, y2: { field: 'hi' } } },
        { data: { values: bands }, mark: { type: 'text', dy: -6, color: '#333' },
          encoding: { x: { field: 'day', type: 'quantitative' }, y: { field: 'hi', type: 'quantitative', ...scale }, text: { field: 'id', type: 'nominal' } } },
      ],
    };
    const shown = Math.min(CHART_RUNS, r.rows.length);
    return [{
      id: `observed-${k + 1}`, title: `Fit to observed history: ${q} (${QUANTITIES[q]?.meaning ?? q})`,
      caption: `Simulated ${q} on ${shown} run${shown === 1 ? '' : 's'} (blue) and the observed targets ${ts.map((t) => t.id).join(', ')} as bands over their dates (orange; an open side drawn to the plot's edge).`,
      spec: chart,
    }];
  });
}

/** report.html with the section inserted before the charts, when the folder's spec names observed targets. */
export function withObservedFit(html: string, dir: string): string {
  let r: Results;
  try {
    r = openResults(dir, { partial: true });
  } catch {
    return html;
  }
  const spec = r.manifest.spec as Partial<ExperimentSpec>;
  if (!spec.observed || spec.horizon === undefined) return html;
  const rows = observedFit({ observed: spec.observed, horizon: spec.horizon }, r);
  const at = html.indexOf('<h2>Charts</h2>');
  return at < 0 ? html : html.slice(0, at) + observedFitHtml(rows, r.rows.length) + '\n' + html.slice(at);
}
