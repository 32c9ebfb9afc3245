// One self-contained HTML file that opens from disk with no network: Vega-Lite is
// compiled to Vega in Node, so only vega.min.js (plus the CSP-safe expression interpreter) is
// inlined. Reviewers open reports made from other people's specs, so every piece of text from a
// spec or results is HTML-escaped, embedded JSON has `<`, `>` and `&` escaped, and a strict
// Content-Security-Policy allows exactly the inline scripts and style emitted here (by hash) and no
// eval: Vega evaluates expressions through vega-interpreter (parse with {ast: true}).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding, MetricStat, Stat } from './aggregate.ts';
import type { ReportModel } from './model.ts';
import { FEW, describeMethod, tQuantile } from './effects.ts';
import { modelNotes, readFidelity } from './modelNotes.ts';
import { METRICS, metricDef, withUnit } from '../run/metricDictionary.ts';

export interface RenderedChart {
  id: string;
  title: string;
  caption: string;
  /** Compiled Vega spec (plain JSON). */
  vega: unknown;
  figures: string[];
}

const MAX_POINT_ROWS = 200;

/** HTML-escape text for element content and quoted attribute values. */
export function esc(v: unknown): string {
  return String(v ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON that is safe inside a <script> element: no `<`, `>`, `&` or line separators left raw. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A script's text made safe to inline: no source-map comment, no `</script` that would end the element. */
export function inlineScript(code: string): string {
  return code.replace(/\/\/# sourceMappingURL=\S*\s*$/gm, '').replace(/<\/(script)/gi, '<\\/$1');
}

/**
 * Inline data tables as columns ({"$columns": {field: values}}) instead of row objects: field names
 * are then stored once per table, not once per row, which halves the embedded data. The page script
 * turns them back into rows before Vega parses the spec.
 */
export function packSpec(spec: unknown): unknown {
  const s = spec as { data?: { values?: unknown }[] };
  if (!s || !Array.isArray(s.data)) return spec;
  const data = s.data.map((d) => {
    const rows = d.values;
    if (!Array.isArray(rows) || rows.length === 0 || !rows.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) return d;
    const fields = [...new Set(rows.flatMap((r) => Object.keys(r as object)))];
    const columns = Object.fromEntries(fields.map((f) => [f, rows.map((r) => (r as Record<string, unknown>)[f] ?? null)]));
    return { ...d, values: { $columns: columns, $rows: rows.length } };
  });
  return { ...s, data };
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

let bundles: { vega: string; interpreter: string } | null = null;

/**
 * The browser bundles. The subpaths are not in the packages' `exports`, so resolve the main entry and
 * use its folder. vega-interpreter ships only as ESM importing three helpers from
 * vega-util, which the vega bundle exposes on its global: rewrite it into a classic script.
 */
export function browserBundles(): { vega: string; interpreter: string } {
  if (bundles) return bundles;
  const vegaDir = dirname(fileURLToPath(import.meta.resolve('vega')));
  const vega = inlineScript(readFileSync(join(vegaDir, 'vega.min.js'), 'utf8'));
  const esm = readFileSync(fileURLToPath(import.meta.resolve('vega-interpreter')), 'utf8');
  const importRe = /^import\s*\{([^}]*)\}\s*from\s*'vega-util';\s*$/m;
  const exportRe = /^export\s*\{\s*(\w+)\s+as\s+expressionInterpreter\s*\};\s*$/m;
  const imp = importRe.exec(esm);
  const exp = exportRe.exec(esm);
  if (!imp || !exp || /^\s*(import|export)\b/m.test(esm.replace(importRe, '').replace(exportRe, ''))) {
    throw new Error('vega-interpreter: unexpected module shape; cannot inline it as a classic script');
  }
  const body = esm.replace(importRe, `const {${imp[1]}} = vega;`).replace(exportRe, `window.vegaExpressionInterpreter = ${exp[1]};`);
  bundles = { vega, interpreter: inlineScript(`(function () {\n${body}\n})();`) };
  return bundles;
}

export const PAGE_SCRIPT = `(function () {
  var status = document.getElementById('render-status');
  var specs = JSON.parse(document.getElementById('report-specs').textContent);
  function unpack(spec) {
    (spec.data || []).forEach(function (d) {
      var v = d.values;
      if (!v || !v.$columns) return;
      var rows = [], fields = Object.keys(v.$columns);
      for (var r = 0; r < v.$rows; r++) {
        var row = {};
        for (var f = 0; f < fields.length; f++) row[fields[f]] = v.$columns[fields[f]][r];
        rows.push(row);
      }
      d.values = rows;
    });
    return spec;
  }
  var done = 0, failed = 0;
  function fail(i, e) {
    failed++;
    var el = document.getElementById('chart-' + i);
    if (el) el.setAttribute('data-rendered', 'error');
    console.error('chart ' + i + ' failed to render: ' + (e && e.message ? e.message : e));
  }
  Promise.all(specs.map(function (spec, i) {
    try {
      var el = document.getElementById('chart-' + i);
      var view = new vega.View(vega.parse(unpack(spec), null, { ast: true }), {
        renderer: 'svg', container: el, hover: true, expr: window.vegaExpressionInterpreter
      });
      return view.runAsync().then(function () {
        var marks = el.querySelectorAll('g.mark-group, path, rect, line, text').length;
        if (marks === 0) return fail(i, 'no marks');
        done++;
        el.setAttribute('data-rendered', 'true');
      }, function (e) { fail(i, e); });
    } catch (e) { fail(i, e); }
  })).then(function () {
    var ok = failed === 0;
    status.textContent = ok ? 'all charts rendered (' + done + ')' : failed + ' of ' + specs.length + ' charts failed to render';
    status.setAttribute('data-status', ok ? 'all-rendered' : 'failed');
    document.body.setAttribute('data-charts', ok ? 'all-rendered' : 'failed');
  });
})();`;

export const STYLE = `body{font:14px/1.45 system-ui,"DejaVu Sans",sans-serif;margin:0 auto;max-width:1180px;padding:1.5em;color:#222}
h1{margin:.2em 0}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}h3{margin:1.4em 0 .3em}
.question{font-size:1.1em;white-space:pre-wrap;background:#f5f7fa;border-left:4px solid #4c78a8;padding:.6em 1em}
.meta{color:#555}.warn{background:#fff4e5;border-left:4px solid #f58518;padding:.5em 1em}
table{border-collapse:collapse;margin:.5em 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.sig{font-weight:bold}.caption{color:#444;max-width:60em}.chart{overflow-x:auto;min-height:40px}
pre{background:#f7f7f7;padding:.8em;overflow:auto;max-height:30em;white-space:pre-wrap;word-break:break-word}
#render-status{color:#666;font-size:12px}`;

/** A number for a table: 4 significant digits, or a dash when undefined. */
export function num(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}
const range = (s: Stat) => `${num(s.mean)} <span class="meta">[${num(s.q05)}, ${num(s.q95)}]</span>`;
const ms = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v >= 60_000 ? `${num(v / 60_000)} min` : v >= 1000 ? `${num(v / 1000)} s` : `${num(v)} ms`);

function findingsTable(findings: Finding[], metricOrder: string[]): string {
  // Three tables, none folded away: changes whose interval excludes 0 with enough runs, the same with
  // fewer than FEW runs per side (indicative only: the interval is wide), and the null results.
  const byParam = (a: Finding, b: Finding) => (a.param < b.param ? -1 : a.param > b.param ? 1 : 0);
  // Ordered by the size of the change relative to the metric's level, so a tiny but precise change of a
  // near-constant metric does not outrank a large one.
  const rel = (f: Finding) => Math.abs(f.change) / Math.max(Math.abs(f.low.mean), Math.abs(f.high.mean), 1e-12);
  const clear = findings.filter((f) => f.moved && !f.wide).sort((a, b) => byParam(a, b) || rel(b) - rel(a));
  const indicative = findings.filter((f) => f.moved && f.wide).sort((a, b) => byParam(a, b) || rel(b) - rel(a));
  const nulls = findings.filter((f) => !f.moved).sort((a, b) => byParam(a, b) || metricOrder.indexOf(a.metric) - metricOrder.indexOf(b.metric));
  const method = (f: Finding) => (f.method === 'paired-t' ? `paired t, ${f.n} pairs` : f.method === 'paired-bootstrap' ? `paired bootstrap, ${f.n} pairs` : f.method === 'welch-t' ? `Welch t, ${num(f.df)} df` : '–');
  const row = (f: Finding) =>
    `<tr><td>${esc(f.param)}</td><td>${esc(withUnit(f.metric))}</td><td>${esc(f.low.label)}: ${range(f.low)} <span class="meta">n=${f.low.n}</span></td>`
    + `<td>${esc(f.high.label)}: ${range(f.high)} <span class="meta">n=${f.high.n}</span></td>`
    + `<td class="num${f.moved && !f.wide ? ' sig' : ''}">${num(f.change)} [${num(f.changeLo)}, ${num(f.changeHi)}]</td><td class="meta" title="${esc(describeMethod({ change: f.change, lo: f.changeLo, hi: f.changeHi, n: f.n, df: f.df, method: f.method }))}">${esc(method(f))}</td></tr>`;
  const head = '<thead><tr><th>swept parameter</th><th>metric (unit)</th><th>at lowest value: mean [5–95% range of runs]</th><th>at highest value: mean [5–95% range of runs]</th><th>change of mean [95% interval]</th><th>interval</th></tr></thead>';
  const table = (list: Finding[]) => `<table>${head}<tbody>${list.map(row).join('')}</tbody></table>`;
  const pairedAny = findings.some((f) => f.method.startsWith('paired'));
  const fewest = Math.min(...findings.map((f) => f.n));
  const main = clear.length > 0 ? `<h3>Changes (95% interval excludes 0)</h3>${table(clear)}`
    : '<p>No summary metric changed with a 95% interval excluding 0 and at least '
      + `${FEW} runs per side across any swept parameter.</p>`;
  const ind = indicative.length > 0
    ? `<h3>Indicative only (interval excludes 0, but fewer than ${FEW} runs per side)</h3>
<p class="meta">With n runs the interval uses Student's t with n − 1 degrees of freedom (${num(tQuantile(0.975, 2))} for n = 3, against 1.96 for a normal approximation): it is wide, and a change that clears 0 on so few values is a lead to rerun with more replications, not a finding.</p>${table(indicative)}`
    : '';
  const nul = nulls.length > 0
    ? `<h3>Did not move (95% interval includes 0)</h3><p class="meta">Null results are findings: these metrics did not change detectably between the lowest and highest swept value; the interval bounds how large a change the sweep could have missed.</p>${table(nulls)}`
    : '';
  return `${main}${ind}${nul}
<p class="meta">Change = mean at the highest swept value − mean at the lowest, pooled over the other swept parameters. ${pairedAny
    ? 'Under common random numbers the runs at the two values share their replication seeds: the interval is over the paired differences (t interval with n − 1 df below 30 pairs, seeded percentile bootstrap from 30).'
    : 'Runs at the two values are not paired (independent seeds, or other swept values differ between them): Welch t interval (Welch–Satterthwaite df). A grid with commonRandomNumbers: true pairs them, which removes the noise the points share.'}
 The bracket beside each mean is the 5–95% range of the runs (${Number.isFinite(fewest) ? `as few as ${fewest}` : 'few'} values), not an interval of the mean.${fewest < FEW ? ` With fewer than ${FEW} runs a side every interval here is wide (Student's t with few degrees of freedom), so "did not move" means "no change this sweep can detect", not "no effect": add replications, or pair them with commonRandomNumbers.` : ''}</p>`;
}

function overallTable(stats: MetricStat[]): string {
  const rows = stats.map((s) => {
    const half = s.n >= 2 && Number.isFinite(s.sd) ? tQuantile(0.975, s.n - 1) * s.sd / Math.sqrt(s.n) : NaN;
    return `<tr><td>${esc(withUnit(s.metric))}</td><td class="num">${num(s.mean)}</td><td class="num">[${num(s.mean - half)}, ${num(s.mean + half)}]</td><td class="num">${num(s.median)}</td><td class="num">[${num(s.q05)}, ${num(s.q95)}]</td><td class="num">${s.n}</td></tr>`;
  });
  return `<table><thead><tr><th>metric (unit)</th><th>mean</th><th>95% t interval of the mean</th><th>median</th><th>5–95% range of runs</th><th>n</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function sensitivitySection(m: ReportModel): string {
  if (m.sensitivity.length === 0) return '';
  const sobol = m.sensitivity[0]!.design === 'sobol';
  const metrics = [...new Set(m.sensitivity.map((r) => r.metric))];
  const cell = (r: (typeof m.sensitivity)[number]) => sobol
    ? `${esc(r.param)}: ST ${num(r.b)} [${num(r.bLo)}, ${num(r.bHi)}], S1 ${num(r.a)} [${num(r.aLo)}, ${num(r.aHi)}]`
    : `${esc(r.param)}: mu* ${num(r.a)}, sigma ${num(r.b)}`;
  const rows = metrics.map((metric) => {
    const ranked = m.sensitivity.filter((r) => r.metric === metric).sort((a, b) => a.rank - b.rank);
    return `<tr><td>${esc(withUnit(metric))}</td><td>${ranked.map(cell).join('<br>')}</td><td class="num">${ranked[0]?.n ?? 0}</td></tr>`;
  });
  return `<h2>Sensitivity (${sobol ? 'Sobol' : 'Morris'})</h2>
<p class="meta">${sobol ? 'Parameters ranked by total index ST (share of the metric\'s variance the parameter drives, interactions included), 95% bootstrap intervals; n = base rows.' : 'Parameters ranked by mu*, the mean absolute elementary effect per swept span; sigma large against mu* means nonlinearity or interactions; n = elementary effects.'} Indices use the mean over replications at each design point.</p>
<table><thead><tr><th>metric (unit)</th><th>parameters, most influential first</th><th>n</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function missingNote(m: ReportModel): string {
  if (m.missing.length === 0) return '';
  const items = m.missing.map((x) => `<li><b>${esc(x.metric)}</b>: ${esc(x.meaning)} in ${x.runs} of ${x.of} runs${x.runs === x.of ? ' (all: no value to chart)' : ' (left out of its mean)'}</li>`);
  return `<p>Missing values, by meaning:</p><ul>${items.join('')}</ul>`;
}

function glossary(m: ReportModel): string {
  const shown = new Set([...m.metrics, ...m.missing.map((x) => x.metric)]);
  const series = new Set(m.network.map((s) => s.metric));
  const defs = METRICS.filter((d) => (d.scope === 'summary' && shown.has(d.name)) || (d.scope === 'network' && series.has(d.name)) || (d.scope === 'family' && d.name === 'roi' && m.families.length > 0) || (d.scope === 'subnet' && (d.name === 'price' || d.name === 'emissionShare') && m.subnets.length > 0));
  const custom = m.metrics.filter((x) => !metricDef(x));
  const rows = defs.map((d) => `<tr><td><code>${esc(d.name)}</code></td><td>${esc(d.scope)}</td><td>${esc(d.definition)}${d.missing ? ` <span class="meta">NaN: ${esc(d.missing)}.</span>` : ''}</td><td>${esc(d.unit)}</td><td>${esc(d.kind)}</td></tr>`);
  const spec = m.manifest.spec as { metrics?: Record<string, unknown> } | undefined;
  const customRows = custom.map((c) => `<tr><td><code>${esc(c)}</code></td><td>custom</td><td>${esc(String(spec?.metrics?.[c] ?? 'defined in the spec'))}</td><td>–</td><td>–</td></tr>`);
  return `<table><thead><tr><th>metric</th><th>scope</th><th>definition</th><th>unit</th><th>kind</th></tr></thead><tbody>${[...rows, ...customRows].join('')}</tbody></table>
<p class="meta">From the lab's metric dictionary (docs/metrics.md, <code>lab metrics</code>).</p>`;
}

function parametersSection(m: ReportModel): string {
  if (m.allParams.length === 0) return '<p>No parameters were swept: every run used the spec as written (see the spec below).</p>';
  const values = m.allParams.map((p) => {
    const vs = [...new Set(m.points.map((pt) => pt.values[p]).filter((v) => v !== undefined).map((v) => (v === null ? '∅' : String(v))))];
    const shown = vs.slice(0, 30).map(esc).join(', ') + (vs.length > 30 ? `, … (${vs.length} values)` : '');
    return `<tr><td>${esc(p)}${m.manifest.derived.includes(p) ? ' <span class="meta">(derived)</span>' : ''}</td><td>${shown}</td></tr>`;
  });
  const pts = m.points.slice(0, MAX_POINT_ROWS).map((pt) => `<tr><td class="num">${pt.point}</td>${m.allParams.map((p) => `<td>${esc(pt.values[p] ?? '∅')}</td>`).join('')}<td class="num">${pt.ok}</td><td class="num">${pt.failed}</td></tr>`);
  return `<table><thead><tr><th>swept parameter</th><th>values</th></tr></thead><tbody>${values.join('')}</tbody></table>
<details><summary>Sweep points (${m.points.length})</summary><table><thead><tr><th>point</th>${m.allParams.map((p) => `<th>${esc(p)}</th>`).join('')}<th>ok runs</th><th>failed</th></tr></thead><tbody>${pts.join('')}</tbody></table>${m.points.length > MAX_POINT_ROWS ? `<p class="meta">First ${MAX_POINT_ROWS} of ${m.points.length} points.</p>` : ''}</details>`;
}

/** Model notes and assumptions that apply to this run (rule sets, families) and the chain-fidelity figure. */
function notesSection(m: ReportModel): string {
  // The manifest holds the normalized spec (population as a list of { family, count }); a raw map is read too.
  const pop = (m.manifest.spec as { population?: unknown } | undefined)?.population;
  const families = Array.isArray(pop)
    ? pop.map((e) => (e && typeof e === 'object' ? String((e as { family?: unknown }).family ?? '') : '')).filter(Boolean)
    : pop && typeof pop === 'object' ? Object.keys(pop) : [];
  const swept = m.points.map((p) => p.values.ruleSet).filter((v): v is string => typeof v === 'string');
  const ruleSets = [...new Set(swept.length > 0 ? swept : [m.manifest.ruleSet ?? ''])].filter(Boolean);
  const notes = modelNotes(ruleSets, families);
  const f = readFidelity();
  const fidelity = f
    ? `<p>Chain fidelity: ${f.passed} of ${f.total} replayed chain vectors pass${Object.keys(f.ruleSets).length > 0 ? ` (${Object.entries(f.ruleSets).map(([r, v]) => `${esc(r)}: ${v.passed}/${v.vectors}`).join(', ')})` : ''}.</p>`
    : '';
  return `<h3>Model notes and assumptions</h3>${fidelity}<p class="meta">Where the lab simplifies the chain (rule set ${ruleSets.map(esc).join(', ') || '–'}):</p><ul>${notes.chain.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`
    + (notes.families.length > 0 ? `<p class="meta">Agent families in this population and their key assumptions:</p><ul>${notes.families.map(([fam, n]) => `<li><b>${esc(fam)}</b>: ${esc(n)}</li>`).join('')}</ul>` : '');
}

function recordSection(m: ReportModel): string {
  const { manifest: mf, record: r } = m;
  const status = Object.entries(r.byStatus).map(([s, n]) => `${esc(s)}: ${n}`).join(', ') || 'no runs recorded';
  const d = r.durations;
  const fields: [string, string][] = [
    ['experiment', esc(mf.name ?? '–')], ['spec hash', esc(mf.specHash ?? '–')], ['state', esc(mf.state ?? '–')],
    ['design', esc(mf.design ?? '–')], ['seed', esc(mf.seed ?? '–')], ['run seeds', esc(mf.seedsRule ?? '–')],
    ['rule set', esc(mf.ruleSet ?? '–')], ['version', esc(mf.version ?? '–')], ['commit', esc(mf.commit ?? '–')],
    ['started', esc(mf.startedAt ?? '–')], ['finished', esc(mf.finishedAt ?? 'not finished')], ['wall time', ms(r.wallMs)],
    ['workers', esc(mf.workers ?? '–')], ['runs', `${r.total} (${status})`],
    ['diagnostics', m.diagnostics.map((x) => `${esc(x.metric)}: mean ${num(x.mean)}, max ${num(x.max)}`).join('; ') || '–'],
    ['run durations', d ? `total ${ms(r.totalDurationMs)}; mean ${ms(d.mean)}, median ${ms(d.median)}, 5–95% [${ms(d.q05)}, ${ms(d.q95)}]` : '–'],
  ];
  const failures = r.failures.length === 0 ? '<p>No failed runs.</p>'
    : `<h3>Runs that did not finish ok</h3><table><thead><tr><th>run</th><th>point</th><th>replication</th><th>seed</th><th>status</th><th>error</th></tr></thead><tbody>${r.failures.map((f) => `<tr><td class="num">${f.run}</td><td class="num">${f.point}</td><td class="num">${f.replication}</td><td>${esc(f.seed)}</td><td>${esc(f.status)}</td><td><code>${esc(f.error)}</code></td></tr>`).join('')}</tbody></table>${r.failuresNotListed > 0 ? `<p class="meta">…and ${r.failuresNotListed} more (see manifest.json).</p>` : ''}`;
  const spec = mf.spec === undefined ? '<p>The manifest holds no spec.</p>' : `<details><summary>Spec (as run)</summary><pre>${esc(JSON.stringify(mf.spec, null, 2))}</pre></details>`;
  return `<table><tbody>${fields.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>${notesSection(m)}${failures}${spec}`;
}

export function renderHtml(m: ReportModel, charts: RenderedChart[], warnings: string[]): string {
  const { vega, interpreter } = browserBundles();
  const pageScript = inlineScript(PAGE_SCRIPT);
  const csp = [
    "default-src 'none'",
    `script-src ${[vega, interpreter, pageScript].map(sha256).join(' ')}`,
    `style-src ${sha256(STYLE)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const mf = m.manifest;
  const title = mf.name ?? 'Experiment report';
  const failed = m.record.total - (m.record.byStatus.ok ?? 0);
  const banner = m.record.total === 0 ? '<p class="warn">No runs are recorded in this results folder yet.</p>'
    : failed > 0 ? `<p class="warn">${failed} of ${m.record.total} runs did not finish ok; aggregates use the ${m.record.byStatus.ok ?? 0} ok runs. See the run record.</p>` : '';
  const findings = m.findings.length > 0 ? findingsTable(m.findings, m.metrics)
    : m.overall.length > 0 ? `<p>No parameter took two or more values among the ok runs; each summary metric across all ok runs:</p>${overallTable(m.overall)}`
      : '<p>No summary metrics are available yet.</p>';
  const chartHtml = charts.length === 0 ? '<p>No charts: no ok runs with series or summary metrics.</p>'
    : charts.map((c, i) => `<section><h3>${esc(c.title)}</h3><div class="chart" id="chart-${i}" data-chart="${esc(c.id)}"></div><p class="caption">${esc(c.caption)}</p>${c.figures.length > 0 ? `<p class="meta">Figures: ${c.figures.map((f) => `<a href="${esc(f)}">${esc(f)}</a>`).join(' · ')}</p>` : ''}</section>`).join('\n');
  const notes = [...m.notes, ...warnings];
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head><body data-charts="pending">
<header><h1>${esc(title)}</h1>
<p class="question">${esc(mf.description ?? 'The spec gives no description.')}</p>
<p class="meta">spec ${esc(mf.specHash ?? '–')} · rule set ${esc(mf.ruleSet ?? '–')} · ${m.record.total} runs · ${m.points.length} sweep points · version ${esc(mf.version ?? '–')} · commit ${esc(mf.commit ?? '–')}</p>
${banner}</header>
${sensitivitySection(m)}
<h2>Key findings</h2>
${m.sensitivity.length > 0 ? '<p class="meta">A sensitivity design varies every parameter at once: the lowest-vs-highest comparisons below pool over the others and are a rough guide; the indices above are the design\'s answer.</p>' : ''}
${findings}
${missingNote(m)}
${m.constantMetrics.length > 0 ? `<p class="meta">Constant across all ok runs (left out of the curves): ${m.constantMetrics.map(esc).join(', ')}.</p>` : ''}
${m.diagnostics.length > 0 ? `<p class="meta">Diagnostics (${m.diagnostics.map((x) => esc(x.metric)).join(', ')}) are in the run record.</p>` : ''}
<h2>Charts</h2>
${chartHtml}
<h2>Parameters</h2>
${parametersSection(m)}
<h2>Run record</h2>
${recordSection(m)}
<h2>Glossary</h2>
${glossary(m)}
${notes.length > 0 ? `<h2>Notes</h2><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<p id="render-status" data-status="pending">Charts need JavaScript; the SVG figures beside this file show the same.</p>
<script type="application/json" id="report-specs">${scriptJson(charts.map((c) => packSpec(c.vega)))}</script>
<script>${vega}</script>
<script>${interpreter}</script>
<script>${pageScript}</script>
</body></html>
`;
}
