// Who allocates better, as a map (experiments/README.md §6, scenario 6b): for each level of market
// information (`info` when swept, as in scenario 6b, else population.herder.qualityWeight) and of root-vote bias (`bias`, absent = one level), the
// paired difference root-vote − market in a summary metric (highQualityEmissionShare by default), one
// difference per replication seed (common random numbers make replication r share its seed across points),
// with its mean and a two-sided 95% t interval; and, per information level, the bias at which the root vote
// stops beating the market: the first bias level whose interval's upper end is ≤ 0 ("stops beating": the
// vote is no longer better with 95% confidence), and where the mean difference crosses 0 (linear
// interpolation between levels). Applies to any results folder whose sweep has ruleSet with root-vote and
// exactly one other rule set; the report shows it as a section (report/index.ts).
import type { ParamValue } from '../types.ts';
import type { RunRow } from '../results/store.ts';
import { openResults } from '../results/results.ts';
import { esc } from './html.ts';

export const INFO_KEY = 'population.herder.qualityWeight';
/** A swept market-information level that sets several families' parameters (scenario 6b); preferred when swept. */
export const INFO_LEVEL_KEY = 'info';
export const BIAS_KEY = 'bias';
export const ROOT_VOTE = 'root-vote';

/** Two-sided 95% Student t quantiles t(0.975, df), df = 1..30; the normal 1.96 beyond. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
export function t975(df: number): number {
  if (!(df >= 1)) return NaN;
  return df <= 30 ? T975[Math.floor(df) - 1]! : 1.96;
}

export interface PairedDiff {
  info: number;
  bias: number;
  /** Root-vote and market means over the paired replications. */
  rootVote: number;
  market: number;
  /** Mean of the per-seed differences root-vote − market, and its 95% t interval. */
  diff: number;
  lo: number;
  hi: number;
  n: number;
}

export interface MapRow {
  info: number;
  cells: PairedDiff[];
  /** First bias level whose interval lies at or below 0 (null: the vote is never worse with confidence). */
  stopsBeating: number | null;
  /** Bias where the mean difference crosses 0, linear between levels (null: no crossing; 0 at or below 0 at the first level). */
  crossing: number | null;
}

export interface AllocationMap {
  metric: string;
  /** The parameter the rows are keyed by (info when swept, else the herders' qualityWeight). */
  infoKey: string;
  market: string;
  rows: MapRow[];
}

/** Mean and 95% t interval of paired differences. */
export function pairedInterval(d: readonly number[]): { mean: number; lo: number; hi: number } {
  const n = d.length;
  const mean = d.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, lo: NaN, hi: NaN };
  const sd = Math.sqrt(d.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const h = t975(n - 1) * (sd / Math.sqrt(n));
  return { mean, lo: mean - h, hi: mean + h };
}

const num = (v: ParamValue | undefined, dflt: number) => (typeof v === 'number' ? v : dflt);

/** The map from a folder's ok rows; null when the sweep is not root-vote against one other rule set. */
export function allocationMap(rows: readonly RunRow[], metric = 'highQualityEmissionShare'): AllocationMap | null {
  const ok = rows.filter((r) => r.status === 'ok' && Number.isFinite(r.summary[metric]));
  const rules = [...new Set(ok.map((r) => r.params.ruleSet))];
  if (rules.length !== 2 || !rules.includes(ROOT_VOTE)) return null;
  const market = String(rules.find((r) => r !== ROOT_VOTE));
  const infoKey = ok.some((r) => INFO_LEVEL_KEY in r.params) ? INFO_LEVEL_KEY : INFO_KEY;
  // Market runs do not depend on the bias: pair each root-vote run with the market run of its info level and
  // seed at the same bias when there is one, else at any bias.
  const marketAt = new Map<string, number>();
  for (const r of ok) {
    if (r.params.ruleSet === ROOT_VOTE) continue;
    const info = num(r.params[infoKey], 0), bias = num(r.params[BIAS_KEY], 0);
    marketAt.set(`${info}|${bias}|${r.seed}`, r.summary[metric]!);
    if (!marketAt.has(`${info}|*|${r.seed}`)) marketAt.set(`${info}|*|${r.seed}`, r.summary[metric]!);
  }
  const groups = new Map<string, { info: number; bias: number; rv: number[]; mk: number[] }>();
  for (const r of ok) {
    if (r.params.ruleSet !== ROOT_VOTE) continue;
    const info = num(r.params[infoKey], 0), bias = num(r.params[BIAS_KEY], 0);
    const m = marketAt.get(`${info}|${bias}|${r.seed}`) ?? marketAt.get(`${info}|*|${r.seed}`);
    if (m === undefined) continue;
    const k = `${info}|${bias}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { info, bias, rv: [], mk: [] }));
    g.rv.push(r.summary[metric]!);
    g.mk.push(m);
  }
  const infos = [...new Set([...groups.values()].map((g) => g.info))].sort((a, b) => a - b);
  const mapRows: MapRow[] = infos.map((info) => {
    const cells = [...groups.values()].filter((g) => g.info === info).sort((a, b) => a.bias - b.bias).map((g) => {
      const iv = pairedInterval(g.rv.map((x, i) => x - g.mk[i]!));
      const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      return { info, bias: g.bias, rootVote: avg(g.rv), market: avg(g.mk), diff: iv.mean, lo: iv.lo, hi: iv.hi, n: g.rv.length };
    });
    const stop = cells.find((c) => c.hi <= 0);
    let crossing: number | null = null;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      if (c.diff > 0) continue;
      if (i === 0) crossing = c.bias;
      else {
        const p = cells[i - 1]!;
        crossing = p.bias + ((c.bias - p.bias) * p.diff) / (p.diff - c.diff);
      }
      break;
    }
    return { info, cells, stopsBeating: stop ? stop.bias : null, crossing };
  });
  return { metric, infoKey, market, rows: mapRows };
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const signed = (x: number) => (Number.isFinite(x) ? (x >= 0 ? '+' : '') + x.toFixed(3) : '–');

/** The map as an HTML section (tables only: the report's CSP allows no inline styles). */
export function allocationMapHtml(m: AllocationMap): string {
  const biases = [...new Set(m.rows.flatMap((r) => r.cells.map((c) => c.bias)))].sort((a, b) => a - b);
  const head = `<tr><th>${esc(m.infoKey)}</th><th>${esc(m.market)} (mean)</th>${biases.map((b) => `<th>bias ${b}</th>`).join('')}<th>vote stops beating the market (upper 95% ≤ 0)</th><th>mean crosses 0</th></tr>`;
  const body = m.rows.map((r) => {
    const cell = (b: number) => {
      const c = r.cells.find((x) => x.bias === b);
      return c ? `<td>${signed(c.diff)} [${signed(c.lo)}, ${signed(c.hi)}] (n=${c.n})</td>` : '<td>–</td>';
    };
    const mk = r.cells.length > 0 ? r.cells.reduce((a, c) => a + c.market, 0) / r.cells.length : NaN;
    const stop = r.stopsBeating === null ? `not within bias ≤ ${biases.at(-1)}` : `bias ${r.stopsBeating}`;
    const first = r.cells[0];
    const cross = r.crossing === null ? 'not crossed' : first && r.crossing === first.bias && first.diff <= 0 ? `vote not ahead even at bias ${first.bias}` : `≈ ${r.crossing.toFixed(2)}`;
    return `<tr><td>${r.info}</td><td>${f3(mk)}</td>${biases.map(cell).join('')}<td>${esc(stop)}</td><td>${esc(cross)}</td></tr>`;
  }).join('\n');
  return `<h2>Who allocates better: the map</h2>
<p>Root-vote − ${esc(m.market)} in ${esc(m.metric)}, paired by replication seed (common random numbers): the mean
difference and its 95% t interval, per level of market information (rows) and root-vote bias (columns). Positive:
the root vote sends more emission to high-quality subnets.</p>
<table><thead>${head}</thead><tbody>
${body}
</tbody></table>`;
}

/** report.html with the map inserted before the charts, when the folder's sweep is one the map applies to. */
export function withAllocationMap(html: string, dir: string): string {
  let rows: RunRow[];
  try {
    rows = openResults(dir, { partial: true }).rows;
  } catch {
    return html;
  }
  const m = allocationMap(rows);
  if (!m || m.rows.length === 0) return html;
  const at = html.indexOf('<h2>Charts</h2>');
  return at < 0 ? html : html.slice(0, at) + allocationMapHtml(m) + '\n' + html.slice(at);
}
