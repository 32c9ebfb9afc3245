// `report DIR` and the end of `run`: results folder → aggregates → Vega-Lite specs → report.html
// (self-contained, offline) plus figures/<chart>.svg and .png for papers.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { buildCharts } from './charts.ts';
import { renderHtml, type RenderedChart } from './html.ts';
import { buildModel } from './model.ts';
import { withAllocationMap } from './allocationMap.ts';
import { observedFitCharts, withObservedFit } from './observedFit.ts';

export interface ReportOptions {
  /** Folders searched for a font for the PNG figures (default: the system's font folders). */
  fontDirs?: string[];
}

const SYSTEM_FONT_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts', join(homedir(), '.fonts'), join(homedir(), '.local/share/fonts')];

/** A logger that collects messages instead of printing them (vega and vega-lite share the interface). */
export function collectingLogger(into: string[]): vega.LoggerInterface {
  const logger: vega.LoggerInterface = {
    level: (_?: number) => logger,
    error: (...a: unknown[]) => (into.push(`error: ${a.join(' ')}`), logger),
    warn: (...a: unknown[]) => (into.push(a.join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** Vega-Lite → Vega, with every compiler warning returned rather than printed. */
export function compileChart(spec: TopLevelSpec): { vega: vega.Spec; warnings: string[] } {
  const warnings: string[] = [];
  const out = compile(spec, { logger: collectingLogger(warnings) });
  return { vega: out.spec, warnings };
}

/** Static SVG of a compiled chart, rendered in Node (@resvg/resvg-js); runtime warnings collected. */
export async function chartSvg(spec: vega.Spec, warnings: string[] = []): Promise<string> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logger: collectingLogger(warnings), logLevel: vega.Warn });
  try {
    const svg = await view.toSVG();
    // A white background so the figure reads the same in a paper as on the page.
    return svg.replace(/^<svg([^>]*)>/, '<svg$1><rect width="100%" height="100%" fill="white"/>');
  } finally {
    view.finalize();
  }
}

function hasFontFile(dir: string, depth = 4): boolean {
  if (depth < 0 || !existsSync(dir)) return false;
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isFile() && /\.(ttf|otf|ttc)$/i.test(e.name)) return true;
      if ((e.isDirectory() || e.isSymbolicLink()) && statSync(join(dir, e.name)).isDirectory() && hasFontFile(join(dir, e.name), depth - 1)) return true;
    }
  } catch {
    return false;
  }
  return false;
}

/** Whether any of the folders (default: the system's font folders) holds a font file for the PNGs. */
export function fontAvailable(dirs: string[] = SYSTEM_FONT_DIRS): boolean {
  return dirs.some((d) => hasFontFile(d));
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Write DIR/report.html and DIR/figures/*.svg|png; returns the report's path. */
export async function writeReport(dir: string, opts: ReportOptions = {}): Promise<string> {
  const model = buildModel(dir);
  const defs = [...buildCharts(model), ...observedFitCharts(dir)];
  const figuresDir = join(dir, 'figures');
  mkdirSync(figuresDir, { recursive: true });
  // The figures folder is the report's own: clear figures of charts this sweep no longer has.
  for (const f of readdirSync(figuresDir)) if (/\.(svg|png)$/.test(f)) rmSync(join(figuresDir, f));

  const warnings: string[] = [];
  const fontOk = fontAvailable(opts.fontDirs);
  if (!fontOk && defs.length > 0) {
    warnings.push('PNG figures skipped: no system font found (install fonts-dejavu-core); the SVG figures are complete.');
  }
  const charts: RenderedChart[] = [];
  for (const def of defs) {
    const { vega: vg, warnings: w } = compileChart(def.spec);
    warnings.push(...w.map((x) => `${def.id}: ${x}`));
    const figures: string[] = [];
    const runtime: string[] = [];
    const svg = await chartSvg(vg, runtime);
    warnings.push(...runtime.map((x) => `${def.id}: ${x}`));
    writeAtomic(join(figuresDir, `${def.id}.svg`), svg);
    figures.push(`figures/${def.id}.svg`);
    if (fontOk) {
      try {
        const png = new Resvg(svg, {
          fitTo: { mode: 'zoom', value: 2 },
          background: 'white',
          font: opts.fontDirs
            ? { loadSystemFonts: false, fontDirs: opts.fontDirs, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' }
            : { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
        }).render().asPng();
        writeAtomic(join(figuresDir, `${def.id}.png`), png);
        figures.push(`figures/${def.id}.png`);
      } catch (e) {
        warnings.push(`${def.id}: PNG not written: ${(e as Error).message}`);
      }
    }
    charts.push({ id: def.id, title: def.title, caption: def.caption, vega: vg, figures });
  }
  const path = join(dir, 'report.html');
  writeAtomic(path, withObservedFit(withAllocationMap(renderHtml(model, charts, warnings), dir), dir)); // scenario 6's map (allocationMap.ts), the fit to observed history (observedFit.ts)
  return resolve(path);
}
