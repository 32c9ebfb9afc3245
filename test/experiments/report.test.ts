import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as aq from 'arquero';
import { afterAll, afterEach, beforeAll, describe as group, expect, it, vi } from 'vitest';
import { aggregateNetwork, describe, groupByValue, keyFindings, responseCurves, type ResponseRow, type RunsData } from '../../src/experiments/report/aggregate.ts';
import { tQuantile, welchEffect } from '../../src/experiments/report/effects.ts';
import { metricDef } from '../../src/experiments/run/metricDictionary.ts';
import { buildCharts, responseChart } from '../../src/experiments/report/charts.ts';
import { esc, scriptJson } from '../../src/experiments/report/html.ts';
import { chartSvg, compileChart, fontAvailable, writeReport } from '../../src/experiments/report/index.ts';
import { reportCommand } from '../../src/cli/reportCommand.ts';
import { buildModel, type ReportModel } from '../../src/experiments/report/model.ts';
import { HOSTILE, HOSTILE_VALUE, SAMPLE_EVERY, SAMPLES, rootShare, writeFixture, removeFixtures } from './report-fixture.ts';

const LAST = (SAMPLES - 1) * SAMPLE_EVERY;
afterAll(removeFixtures);
const scripts = (html: string) => [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1], body: m[2] }));
const withoutScripts = (html: string) => html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '');

group('aggregate: statistics across replications', () => {
  it('mean, median and 5–95% quantiles (R-7) of known values, undefined values left out', () => {
    const s = describe([1, 2, 3, 4, 5]);
    expect([s.mean, s.median, s.n]).toEqual([3, 3, 5]);
    expect(s.q05).toBeCloseTo(1.2, 12);
    expect(s.q95).toBeCloseTo(4.8, 12);
    const t = describe([1, NaN, 3]);
    expect([t.mean, t.n]).toEqual([2, 2]);
  });

  it('network series per block and metric across replications', () => {
    const rep = (r: number) => aq.table({ block: [0, 720], day: [0, 0.1], rootStakeShare: [0.9 + 0.01 * r, 0.5 + 0.1 * r] });
    const rows = aggregateNetwork(7, [rep(0), rep(1), rep(2)]);
    const at0 = rows.find((r) => r.metric === 'rootStakeShare' && r.block === 0)!;
    expect(at0.point).toBe(7);
    expect(at0.mean).toBeCloseTo(0.91, 12);
    expect(at0.median).toBeCloseTo(0.91, 12);
    expect(at0.q05).toBeCloseTo(0.901, 12);
    expect(at0.q95).toBeCloseTo(0.919, 12);
    const at720 = rows.find((r) => r.metric === 'rootStakeShare' && r.block === 720)!;
    expect([at720.mean, at720.n, at720.day]).toEqual([0.6, 3, 0.1]);
    expect(at720.q95).toBeCloseTo(0.69, 12);
  });

  it('groups many distinct numeric values (random designs) into quantile bins', () => {
    const g = groupByValue(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(g.groups.map((x) => x.label)).toEqual(['1–4', '5–8', '9–12', '13–16', '17–20']);
    expect(g.groups[0].x).toBe(2.5);
    expect(g.keys[19]).toBe(4);
    const c = groupByValue(['b', 'a', 'b']);
    expect(c.groups.map((x) => x.label)).toEqual(['b', 'a']);
    expect([...c.keys]).toEqual([0, 1, 0]);
  });

  it('key finding: change from the lowest to the highest value with a Welch t interval (independent seeds)', () => {
    const data: RunsData = {
      params: ['p'], metrics: ['m'], paramValues: [[2, 0, 1, 2, 0, 1, 2, 0]],
      metricValues: [Float64Array.of(5, 1, 3, 7, 2, 4, 6, 0)], seeds: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
    };
    const [f] = keyFindings(responseCurves(data), data);
    expect([f.low.order, f.high.order, f.change]).toEqual([0, 2, 5]);
    const w = welchEffect([1, 2, 0], [5, 7, 6]);
    expect([f.method, f.changeLo, f.changeHi]).toEqual(['welch-t', w.lo, w.hi]);
    expect(f.moved).toBe(true);
  });
});

group('report model of a 3 × 2 sweep with replications and a failed run', () => {
  let dir: string;
  let m: ReportModel;
  beforeAll(() => {
    dir = writeFixture();
    m = buildModel(dir);
  });

  it('knows the points, the failed run, and which metrics carry information', () => {
    expect(m.points.map((p) => [p.ok, p.failed])).toEqual([[3, 0], [2, 1], [3, 0], [3, 0], [3, 0], [3, 0]]);
    expect(m.points[1].label).toBe('herding=0.1, taoWeight=0.5');
    expect(m.record.byStatus).toEqual({ ok: 17, failed: 1 });
    expect(m.record.failures.map((f) => [f.run, f.status])).toEqual([[4, 'failed']]);
    expect(m.record.wallMs).toBe(90_000);
    expect(m.metrics).toContain('myMetric');
    expect(m.metrics).not.toContain('daysToAlphaParity');
    expect(m.constantMetrics).toContain('conservationError');
    expect(m.timePoints).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('aggregates the network series of each point; the failed run is left out', () => {
    const p0 = m.network.find((s) => s.point === 0 && s.metric === 'rootStakeShare' && s.block === LAST)!;
    expect(p0.mean).toBeCloseTo(rootShare(0.1, 1, LAST), 12); // replications 0,1,2: the middle one
    expect(p0.q05).toBeCloseTo(rootShare(0.1, 0, LAST) + 0.1 * 0.01, 12); // h = (3 − 1)·0.05
    expect(p0.n).toBe(3);
    const p1 = m.network.find((s) => s.point === 1 && s.metric === 'rootStakeShare' && s.block === LAST)!;
    expect(p1.n).toBe(2); // replication 1 failed
    expect(p1.q95).toBeCloseTo(rootShare(0.1, 0, LAST) + 0.95 * 0.02, 12);
  });

  it('keeps the top subnets by final price and groups the rest', () => {
    const groups = [...new Set(m.subnets.filter((s) => s.point === 0).map((s) => s.group))];
    expect(groups).toEqual(['SN8', 'SN7', 'SN6', 'SN5', 'SN4', 'rest']);
    const rest0 = m.subnets.find((s) => s.point === 0 && s.group === 'rest' && s.block === 0)!;
    expect(rest0.priceMean).toBeCloseTo(2 * 1.1, 12); // mean(1,2,3) × mean(1, 1.1, 1.2)
    expect(rest0.shareMean).toBeCloseTo(6 / 36, 12);
    const top = m.subnets.find((s) => s.point === 0 && s.group === 'SN8' && s.block === LAST)!;
    expect(top.priceMean).toBeCloseTo(8 * 2 * 1.1, 12);
  });

  it('final ROI by family across replications', () => {
    const cartel = m.families.find((f) => f.point === 0 && f.family === 'cartel')!;
    expect(cartel.mean).toBeCloseTo(0.15, 12);
    expect(cartel.q05).toBeCloseTo(0.105, 12);
    expect(cartel.q95).toBeCloseTo(0.195, 12);
  });

  it('response curves and key findings over each swept parameter', () => {
    const gini = m.response.filter((r) => r.param === 'population.herder.herding' && r.metric === 'emissionGini');
    expect(gini.map((r) => r.x)).toEqual([0.1, 0.5, 0.9]);
    expect(gini[0].mean).toBeCloseTo(0.37, 12); // 5 ok runs at herding 0.1
    expect(gini[0].n).toBe(5);
    const f = m.findings.find((x) => x.param === 'population.herder.herding' && x.metric === 'emissionGini')!;
    expect(f.change).toBeCloseTo(0.4, 12);
    expect(f.method).toBe('welch-t'); // the fixture's seeds differ by point: no common random numbers
    const a = 0.0004 / 5, b = 0.00032 / 6; // sample variances / n at herding 0.1 and 0.9
    const df = (a + b) ** 2 / (a ** 2 / 4 + b ** 2 / 5);
    expect(f.df).toBeCloseTo(df, 8);
    expect(f.changeLo).toBeCloseTo(0.4 - tQuantile(0.975, df) * Math.sqrt(a + b), 10);
    const roi = m.findings.find((x) => x.param === 'chain.taoWeight' && x.metric === 'cartelRoi')!;
    expect([roi.low.n, roi.high.n]).toEqual([9, 8]);
    expect(roi.change).toBeCloseTo(0.6 - 0.28, 12);
    expect(m.heat.some((h) => h.px === 'population.herder.herding' && h.py === 'chain.taoWeight')).toBe(true);
  });

  it('chooses the charts that fit, and every spec compiles with vega-lite without warnings', async () => {
    const charts = buildCharts(m);
    expect(charts.map((c) => c.id)).toEqual([
      'root-share', 'concentration', 'market', 'subnet-prices', 'emission-share', 'family-roi', 'cartel-honest',
      'response-1', 'response-2', 'heatmap-1',
    ]);
    for (const c of charts) {
      const { vega, warnings } = compileChart(c.spec);
      expect(warnings, c.id).toEqual([]);
      const runtime: string[] = [];
      expect(await chartSvg(vega, runtime)).toMatch(/^<svg[\s\S]*class="mark-/);
      expect(runtime, c.id).toEqual([]);
    }
  });

  it('categorical and binned swept values get response charts that compile cleanly', () => {
    const row = (x: number | string, label: string, order: number): ResponseRow =>
      ({ param: 'chain.rule', metric: 'emissionGini', x, label, order, mean: order, median: order, q05: order - 1, q95: order + 1, sd: 1, n: 3 });
    const categorical = responseChart([row('flow', 'flow', 0), row('price', 'price', 1)], 'chain.rule', ['emissionGini']);
    const binned = responseChart([row(2.5, '1–4', 0), row(6.5, '5–8', 1)], 'herding', ['emissionGini']);
    for (const spec of [categorical, binned]) expect(compileChart(spec).warnings).toEqual([]);
    expect(JSON.stringify(categorical)).toContain('"type":"ordinal"');
  });

  it('no sweep: no response charts; findings fall back to per-metric summaries', () => {
    const flat: ReportModel = { ...m, params: [], response: [], findings: [], heat: [] };
    const ids = buildCharts(flat).map((c) => c.id);
    expect(ids).toContain('cartel-honest');
    expect(ids.some((id) => id.startsWith('response') || id.startsWith('heatmap'))).toBe(false);
    for (const c of buildCharts(flat)) expect(compileChart(c.spec).warnings, c.id).toEqual([]);
  });
});

group('writeReport', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one self-contained report with SVG and PNG figures beside it', async () => {
    const dir = writeFixture();
    const path = await writeReport(dir);
    expect(path).toBe(join(dir, 'report.html'));
    const html = readFileSync(path, 'utf8');
    const figures = readdirSync(join(dir, 'figures'));
    expect(figures).toContain('root-share.svg');
    // PNGs need a system font (fonts-dejavu-core); without one the report says so instead.
    if (fontAvailable()) {
      expect(figures).toContain('root-share.png');
      expect(readFileSync(join(dir, 'figures', 'heatmap-1.png')).subarray(1, 4).toString()).toBe('PNG');
    } else {
      expect(html).toContain('PNG figures skipped: no system font found');
    }
    // Self-contained: no external scripts, styles or frames; data and bundles inline.
    const outside = withoutScripts(html);
    expect(outside).not.toMatch(/<(link|iframe|object|embed)\b/i);
    expect(outside).not.toMatch(/\b(src|href)\s*=\s*"(https?:)?\/\//i);
    expect(scripts(html).every((s) => !/\bsrc=/.test(s.attrs))).toBe(true);
    expect(html).toContain('Does herding concentrate emission?');
    expect(html).toContain('1 of 18 runs did not finish ok');
    expect(html.match(/class="chart"/g)).toHaveLength(10);
    expect(statSync(path).size).toBeLessThan(1_200_000);
    // The glossary: every summary metric the page shows, with the dictionary's definition, unit and kind.
    const glossary = html.slice(html.indexOf('<h2>Glossary</h2>'));
    for (const name of ['emissionGini', 'cartelRoi', 'rootStakeShare']) {
      const d = metricDef(name)!;
      expect(glossary).toContain(`<td><code>${name}</code></td><td>${d.scope}</td><td>${esc(d.definition)}`);
      expect(glossary).toContain(`<td>${esc(d.unit)}</td><td>${d.kind}</td>`);
    }
    // The run record carries the model notes for the rule set run and the families in the population.
    expect(html).toContain('<h3>Model notes and assumptions</h3>');
    expect(html).toContain('current-2026-06: Owner-hotkey incentive burn');
    expect(html).toContain('<li><b>herder</b>: Retail herders');
    expect(html).toContain('<li><b>cartel</b>: Colluding owners');
    expect(html).not.toContain('<li><b>miner</b>');
    // A metric undefined in every run is named with its meaning, not dropped.
    expect(html).toContain('<b>daysToAlphaParity</b>: parity not reached within the horizon in 17 of 17 runs');
  });

  it('a strict CSP lists exactly the hashes of the inline scripts it runs', async () => {
    const html = readFileSync(await writeReport(writeFixture()), 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1].replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    const run = scripts(html).filter((s) => !/type="application\/json"/.test(s.attrs));
    expect(run).toHaveLength(3);
    const hashes = [...csp.matchAll(/'sha256-([^']+)'/g)].map((x) => x[1]);
    for (const s of run) expect(hashes).toContain(createHash('sha256').update(s.body, 'utf8').digest('base64'));
  });

  it('escapes hostile descriptions, parameter names and values, family names and errors', async () => {
    const dir = writeFixture({ hostile: true });
    const html = readFileSync(await writeReport(dir), 'utf8');
    const outside = withoutScripts(html);
    expect(outside).not.toMatch(/<img/i);
    expect(outside).not.toContain('<script>alert');
    expect(outside).toContain(esc(HOSTILE));
    expect(outside).toContain(esc(HOSTILE_VALUE));
    expect(outside).toContain(`RangeError: stake ${esc(HOSTILE)}`);
    // Only the four script elements emitted by the report exist; the data block has no raw `<`.
    const all = scripts(html);
    expect(all).toHaveLength(4);
    const json = all.find((s) => /application\/json/.test(s.attrs))!.body;
    expect(json).not.toMatch(/[<>]/);
    expect(JSON.stringify(JSON.parse(json))).toContain(HOSTILE); // the names survive as data
    for (const f of readdirSync(join(dir, 'figures')).filter((x) => x.endsWith('.svg'))) {
      const svg = readFileSync(join(dir, 'figures', f), 'utf8');
      expect(svg, f).not.toMatch(/<(img|script|foreignObject)\b/i);
    }
    expect(scriptJson('</script><!--')).toBe('"\\u003c/script\\u003e\\u003c!--"');
  });

  it('renders a killed sweep from its rows (the manifest still says pending) and says what did not run', async () => {
    const dir = writeFixture({ partial: true });
    const m = buildModel(dir);
    expect(m.points.map((p) => p.ok)).toEqual([3, 2, 3, 3, 3, 0]); // point 4's last row comes from the journal
    expect(m.record.byStatus).toEqual({ ok: 14, failed: 1, missing: 3 });
    const html = readFileSync(await writeReport(dir), 'utf8');
    expect(html).toContain('4 of 18 runs did not finish ok');
    expect(html).toContain('missing: 3');
    expect(html).toContain('not finished');
  });

  it('without a font the PNG step is skipped with a warning, and the report is still written', async () => {
    const dir = writeFixture();
    const html = readFileSync(await writeReport(dir, { fontDirs: [join(dir, 'no-fonts')] }), 'utf8');
    expect(html).toContain('PNG figures skipped: no system font found');
    const figures = readdirSync(join(dir, 'figures'));
    expect(figures.filter((f) => f.endsWith('.png'))).toEqual([]);
    expect(figures.filter((f) => f.endsWith('.svg')).length).toBe(10);
  });

  it('report DIR: exit 2 with a one-line error when DIR is not a results folder', async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    const empty = mkdtempSync(join(tmpdir(), 'dtao-not-results-'));
    expect(await reportCommand(empty)).toBe(2);
    expect(await reportCommand(join(empty, 'missing'))).toBe(2);
    expect(err).toHaveLength(2);
    expect(err.every((l) => l.endsWith('\n') && l.trim().split('\n').length === 1)).toBe(true);
    expect(err[0]).toContain('no manifest.json');
    rmSync(empty, { recursive: true, force: true });
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const dir = writeFixture();
    expect(await reportCommand(dir)).toBe(0);
    expect(out).toEqual([`${join(dir, 'report.html')}\n`]);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
  });
});
