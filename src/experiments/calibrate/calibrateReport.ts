// What a calibration writes (docs/calibration.md "Outputs"): calibration.json (best parameters, the
// accepted set and its spread, the fit, the stages), points.csv (every point with its distance and
// simulated target means), accepted.csv, fit.csv, and calibration.html: the fit table and, per target
// quantity, the simulated paths of the best and accepted points with the targets drawn as points and
// bands on the time axis (Vega-Lite compiled in Node; self-contained like the experiment report).
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { fmt, runPaths, type CalibrationResult, type EvaluatedPoint } from './calibrate.ts';
import type { CalibrationSpec } from './calibrateSpec.ts';
import { inside } from '../spec/targets.ts';
import { QUANTITIES, dateOf } from '../spec/observed.ts';
import { browserBundles, esc, inlineScript, packSpec, PAGE_SCRIPT, scriptJson, STYLE } from '../report/html.ts';
import { compileChart } from '../report/index.ts';
import { writeFileAtomic } from '../results/store.ts';

export interface FitRow {
  target: string;
  quantity: string;
  stat: string;
  dates: string;
  observed: number;
  lo: number;
  hi: number;
  simulatedMean: number;
  /** Range of the statistic over the best point's replications. */
  simulatedLo: number;
  simulatedHi: number;
  z: number;
  inside: boolean;
  /** In the distance (fitted) or only compared. */
  fitted: boolean;
  confidence: string;
}

export function fitTable(c: CalibrationSpec, best: EvaluatedPoint): FitRow[] {
  return [...c.targets, ...c.compare].map((t, i) => {
    const sims = best.sims[i]!.filter((x) => !Number.isNaN(x));
    return {
      target: t.id, quantity: t.quantity, stat: t.stat, dates: t.dateTo === t.dateFrom ? t.dateFrom : `${t.dateFrom}..${t.dateTo}`,
      observed: t.value, lo: t.lo, hi: t.hi, simulatedMean: best.mean[i]!,
      simulatedLo: sims.length ? Math.min(...sims) : Number.NaN, simulatedHi: sims.length ? Math.max(...sims) : Number.NaN,
      z: best.z[i]!, inside: inside(t, best.mean[i]!), fitted: i < c.targets.length, confidence: t.confidence,
    };
  });
}

/** Mean, sd, min and max of each parameter over the accepted set. */
export function spread(c: CalibrationSpec, accepted: readonly EvaluatedPoint[]): Record<string, { mean: number; sd: number; min: number; max: number }> {
  return Object.fromEntries(c.parameters.map((p) => {
    const xs = accepted.map((a) => a.values[p.key]!);
    const mean = xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
    const sd = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
    return [p.key, { mean, sd, min: Math.min(...xs), max: Math.max(...xs) }];
  }));
}

const cell = (v: unknown) => {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : Number.isNaN(v) ? '' : String(v)) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (header: string[], rows: unknown[][]) => [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';

function pointRows(c: CalibrationSpec, pts: readonly EvaluatedPoint[]): unknown[][] {
  return pts.map((p) => [p.stage, p.point, ...c.parameters.map((q) => p.values[q.key]), p.distance, ...p.mean]);
}

/** Write every output; returns the report's path. Deterministic: a function of the stage results. */
export async function writeCalibration(c: CalibrationSpec, r: CalibrationResult): Promise<string> {
  mkdirSync(r.dir, { recursive: true });
  const header = ['stage', 'point', ...c.parameters.map((p) => p.key), 'distance', ...[...c.targets, ...c.compare].map((t) => `${t.id}_mean`)];
  writeFileAtomic(join(r.dir, 'points.csv'), csv(header, pointRows(c, r.points)));
  writeFileAtomic(join(r.dir, 'accepted.csv'), csv(header, pointRows(c, r.accepted)));
  const fit = r.best ? fitTable(c, r.best) : [];
  writeFileAtomic(join(r.dir, 'fit.csv'), csv(
    ['target', 'fitted', 'quantity', 'stat', 'dates', 'observed', 'lo', 'hi', 'simulatedMean', 'simulatedLo', 'simulatedHi', 'z', 'inside', 'confidence'],
    fit.map((f) => [f.target, f.fitted, f.quantity, f.stat, f.dates, f.observed, f.lo, f.hi, f.simulatedMean, f.simulatedLo, f.simulatedHi, f.z, f.inside, f.confidence]),
  ));
  const json = {
    experiment: c.base.spec.name, calibrationHash: c.hash, baseSpecHash: c.base.hash, complete: r.complete,
    method: { design: 'lhs', n: c.n, stages: c.stages, keep: c.keep, accept: c.accept, replications: c.base.spec.replications, commonRandomNumbers: true, distance: 'sqrt(mean z^2), z = miss scaled by the band' },
    parameters: c.parameters, targets: c.targets.map((t) => t.id), compared: c.compare.map((t) => t.id),
    best: r.best ? { stage: r.best.stage, point: r.best.point, values: r.best.values, distance: r.best.distance } : null,
    tolerance: r.tolerance, accepted: r.accepted.map((p) => ({ stage: p.stage, point: p.point, values: p.values, distance: p.distance })),
    spread: spread(c, r.accepted), fit,
    stages: r.stages.map((s) => ({ stage: s.stage, box: s.box, folder: s.dir.slice(r.dir.length + 1), state: s.runner.state, ok: s.runner.ok, failed: s.runner.failed })),
  };
  writeFileAtomic(join(r.dir, 'calibration.json'), JSON.stringify(json, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n');
  const path = join(r.dir, 'calibration.html');
  writeFileAtomic(path, renderCalibration(c, r, fit));
  return path;
}

/** Per target quantity: paths (best point's replications, and the accepted points' first replication) and the targets on them. */
function charts(c: CalibrationSpec, r: CalibrationResult): { title: string; caption: string; vega: unknown }[] {
  if (!r.best) return [];
  const quantities = [...new Set([...c.targets, ...c.compare].map((t) => t.quantity))];
  const lines: Record<string, unknown[]> = Object.fromEntries(quantities.map((q) => [q, []]));
  const add = (p: EvaluatedPoint, runs: readonly number[], who: string) => {
    for (const run of runs) {
      const paths = runPaths(p.dir, run, quantities);
      if (!paths) continue;
      for (const [q, path] of paths) {
        for (let s = 0; s < path.day.length; s++) {
          const v = path.value[s]!;
          if (Number.isFinite(v)) lines[q]!.push({ day: path.day[s], value: v, path: `${who} s${p.stage}p${p.point}r${run}`, who });
        }
      }
    }
  };
  for (const p of r.accepted.slice(0, 30)) if (p !== r.best) add(p, p.runs.slice(0, 1), 'accepted');
  add(r.best, r.best.runs, 'best');
  return quantities.map((q) => {
    const ts = [...c.targets, ...c.compare].filter((t) => t.quantity === q);
    const vals = (lines[q] as { value: number }[]).map((l) => l.value);
    const ylo = Math.min(...vals, ...ts.map((t) => (Number.isFinite(t.lo) ? t.lo : Infinity)));
    const yhi = Math.max(...vals, ...ts.map((t) => (Number.isFinite(t.hi) ? t.hi : -Infinity)));
    const bands = ts.map((t) => ({
      id: t.id, day0: t.dayFrom - (t.dayFrom === t.dayTo ? 0.5 : 0), day1: t.dayTo + (t.dayFrom === t.dayTo ? 0.5 : 0), day: (t.dayFrom + t.dayTo) / 2,
      lo: Number.isFinite(t.lo) ? t.lo : ylo, hi: Number.isFinite(t.hi) ? t.hi : yhi, value: Number.isFinite(t.value) ? t.value : null,
    }));
    // Prices span orders of magnitude in the first days: a log axis when everything drawn is positive and spans > 100×.
    const log = ylo > 0 && yhi / ylo > 100;
    const y = (title?: string) => ({ field: 'value', type: 'quantitative' as const, ...(title ? { title } : {}), ...(log ? { scale: { type: 'log' as const } } : {}) });
    const spec: TopLevelSpec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json', width: 640, height: 260,
      layer: [
        { data: { values: lines[q] as object[] }, mark: { type: 'line', strokeWidth: 1 },
          encoding: {
            x: { field: 'day', type: 'quantitative', title: 'day since launch (2025-02-13)' }, y: y(q),
            detail: { field: 'path' }, color: { field: 'who', type: 'nominal', title: 'simulated', scale: { domain: ['best', 'accepted'], range: ['#4c78a8', '#bbbbbb'] } },
          } },
        { data: { values: bands }, mark: { type: 'rect', opacity: 0.25, color: '#f58518', stroke: '#f58518' },
          encoding: { x: { field: 'day0', type: 'quantitative' }, x2: { field: 'day1' }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
        { data: { values: bands }, mark: { type: 'point', filled: true, color: '#e45756', size: 60 },
          encoding: { x: { field: 'day', type: 'quantitative' }, y: y(), tooltip: [{ field: 'id' }, { field: 'lo' }, { field: 'hi' }] } },
        { data: { values: bands }, mark: { type: 'text', dy: -8, color: '#333' },
          encoding: { x: { field: 'day', type: 'quantitative' }, y: { field: 'hi', type: 'quantitative' }, text: { field: 'id' } } },
      ],
    };
    return {
      title: `${q}: ${QUANTITIES[q]?.meaning ?? q}`,
      caption: `Simulated ${q} over time: the best point's replications (blue) and the first replication of up to 30 accepted points (grey); ` +
        `observed targets ${ts.map((t) => t.id).join(', ')} as bands (orange, over their dates) and points (red, where a value is given).`,
      vega: compileChart(spec).vega,
    };
  });
}

function renderCalibration(c: CalibrationSpec, r: CalibrationResult, fit: FitRow[]): string {
  const { vega, interpreter } = browserBundles();
  const pageScript = inlineScript(PAGE_SCRIPT);
  const sha = (t: string) => `'sha256-${createHash('sha256').update(t, 'utf8').digest('base64')}'`;
  const csp = ["default-src 'none'", `script-src ${[vega, interpreter, pageScript].map(sha).join(' ')}`, `style-src ${sha(STYLE)}`, "base-uri 'none'", "form-action 'none'"].join('; ');
  const cs = charts(c, r);
  const sp = spread(c, r.accepted);
  const fitHtml = fit.length === 0 ? '<p class="warn">No point was evaluated yet.</p>' : `<table><thead><tr><th>target</th><th>fitted</th><th>quantity</th><th>stat</th><th>dates</th><th>observed</th><th>band</th><th>simulated mean</th><th>over replications</th><th>z</th><th>inside</th><th>conf.</th></tr></thead><tbody>${fit.map((f) => `<tr><td>${esc(f.target)}</td><td>${f.fitted ? 'fitted' : 'compared'}</td><td>${esc(f.quantity)}</td><td>${esc(f.stat)}</td><td>${esc(f.dates)}</td><td class="num">${esc(Number.isNaN(f.observed) ? '–' : fmt(f.observed))}</td><td class="num">[${esc(fmt(f.lo))}, ${esc(fmt(f.hi))}]</td><td class="num">${esc(fmt(f.simulatedMean))}</td><td class="num">[${esc(fmt(f.simulatedLo))}, ${esc(fmt(f.simulatedHi))}]</td><td class="num">${esc(fmt(f.z))}</td><td>${f.inside ? 'yes' : '<b>no</b>'}</td><td>${esc(f.confidence)}</td></tr>`).join('')}</tbody></table>`;
  const params = `<table><thead><tr><th>parameter</th><th>range</th><th>best</th><th>accepted mean ± sd</th><th>accepted min–max</th></tr></thead><tbody>${c.parameters.map((p) => `<tr><td>${esc(p.key)}</td><td class="num">[${esc(fmt(p.from))}, ${esc(fmt(p.to))}] ${esc(p.scale)}</td><td class="num">${esc(r.best ? fmt(r.best.values[p.key]!) : '–')}</td><td class="num">${esc(fmt(sp[p.key]!.mean))} ± ${esc(fmt(sp[p.key]!.sd))}</td><td class="num">${esc(fmt(sp[p.key]!.min))} – ${esc(fmt(sp[p.key]!.max))}</td></tr>`).join('')}</tbody></table>`;
  const stages = `<table><thead><tr><th>stage</th><th>box</th><th>runs ok / failed</th></tr></thead><tbody>${r.stages.map((s) => `<tr><td class="num">${s.stage}</td><td>${esc(s.box.map((p) => `${p.key} ∈ [${fmt(p.from)}, ${fmt(p.to)}]`).join('; '))}</td><td class="num">${s.runner.ok} / ${s.runner.failed}</td></tr>`).join('')}</tbody></table>`;
  const title = `Calibration of ${c.base.spec.name}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head><body data-charts="pending">
<header><h1>${esc(title)}</h1>
<p class="question">${esc(c.base.spec.description)}</p>
<p class="meta">calibration ${esc(c.hash)} · base spec ${esc(c.base.hash)} · ${c.stages} stage(s) × ${c.n} LHS points × ${c.base.spec.replications} replications (common random numbers) · distance sqrt(mean z²), z = miss over the band's half-width · accepted: best ${Math.round(c.accept * 100)}% (tolerance ${esc(fmt(r.tolerance))})${r.complete ? '' : ' · <b>incomplete: continue with --resume</b>'}</p>
</header>
<h2>Fit at the best point</h2>
<p>Fitted targets (in the distance): ${esc(c.targets.map((t) => t.id).join(', '))}. Only compared (never seen by the fit): ${esc(c.compare.map((t) => t.id).join(', ') || 'none')}. Dates run from the launch (${esc(dateOf(0))}, day 0). A target is inside when the mean over replications lies in its band.</p>
${fitHtml}
<h2>Parameters</h2>
${params}
<h2>Targets over the simulated paths</h2>
${cs.map((ch, i) => `<section><h3>${esc(ch.title)}</h3><div class="chart" id="chart-${i}"></div><p class="caption">${esc(ch.caption)}</p></section>`).join('\n')}
<h2>Stages</h2>
${stages}
<p id="render-status" data-status="pending">Charts need JavaScript.</p>
<script type="application/json" id="report-specs">${scriptJson(cs.map((ch) => packSpec(ch.vega)))}</script>
<script>${vega}</script>
<script>${interpreter}</script>
<script>${pageScript}</script>
</body></html>
`;
}
