// Reading a results folder (layout in src/experiments/types.ts) defensively: the report must also
// render a partial sweep (crash, Ctrl-C, failed runs), so every field is optional and checked.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { seriesFileName, type SeriesKind } from '../types.ts';

export interface ManifestRun {
  run: number;
  point: number;
  replication: number;
  seed?: string;
  status: string;
  error?: string;
  durationMs?: number;
}

/** The manifest fields the report reads; everything else in manifest.json is ignored. */
export interface Manifest {
  name?: string;
  description?: string;
  specHash?: string;
  spec?: unknown;
  ruleSet?: string;
  seed?: string;
  version?: string;
  commit?: string;
  runs: ManifestRun[];
  sweep: { parameters: string[] };
  startedAt?: string;
  finishedAt?: string;
  workers?: number;
  /** The runner's state of the folder: running, complete or incomplete. */
  state?: string;
  /** How run seeds derive from the spec seed (text). */
  seedsRule?: string;
  /** The design in words, e.g. "grid: 6 points × 3 replications". */
  design?: string;
  /** The runs table's parameter columns (with types) and summary metric columns, when the runner recorded them. */
  columns?: { params: { name: string; type: string }[]; metrics: string[] };
  /** Swept keys that are derived from other params (not charted on their own). */
  derived: string[];
}

export class NotResultsFolderError extends Error {}

/** The runner's journal of rows finished out of run order (src/experiments/store.ts). */
const JOURNAL = 'runs.pending.csv';

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** manifest.json of a results folder; throws NotResultsFolderError when DIR is not one. */
export function readManifest(dir: string): Manifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new NotResultsFolderError(`not a folder: ${dir}`);
  if (!existsSync(path)) throw new NotResultsFolderError(`not a results folder (no manifest.json): ${dir}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new NotResultsFolderError(`manifest.json is not valid JSON in ${dir}: ${(e as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new NotResultsFolderError(`manifest.json must hold an object: ${path}`);
  }
  const m = raw as Record<string, unknown>;
  const runs: ManifestRun[] = [];
  for (const r of Array.isArray(m.runs) ? m.runs : []) {
    if (r === null || typeof r !== 'object') continue;
    const o = r as Record<string, unknown>;
    const run = num(o.run);
    if (run === undefined) continue;
    runs.push({
      run,
      point: num(o.point) ?? 0,
      replication: num(o.replication) ?? 0,
      seed: str(o.seed),
      status: str(o.status) ?? 'unknown',
      error: str(o.error),
      durationMs: num(o.durationMs),
    });
  }
  const sweep = m.sweep && typeof m.sweep === 'object' ? (m.sweep as Record<string, unknown>) : {};
  const parameters = Array.isArray(sweep.parameters) ? sweep.parameters.filter((p) => typeof p === 'string') : [];
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  const cols = obj(m.columns);
  const columns = cols && Array.isArray(cols.params) && Array.isArray(cols.metrics)
    ? {
        params: cols.params.map(obj).filter((p) => p !== undefined && typeof p.name === 'string').map((p) => ({ name: String(p!.name), type: str(p!.type) ?? 'string' })),
        metrics: cols.metrics.filter((x): x is string => typeof x === 'string'),
      }
    : undefined;
  const design = obj(m.design);
  const derivedList = obj(m.spec)?.derived;
  const derived = Array.isArray(derivedList) ? derivedList.map((d) => str(obj(d)?.key)).filter((k): k is string => k !== undefined) : [];
  return {
    name: str(m.name),
    description: str(m.description),
    specHash: str(m.specHash),
    spec: m.spec,
    ruleSet: str(m.ruleSet),
    seed: str(m.seed),
    version: str(m.version),
    commit: str(m.commit),
    runs,
    sweep: { parameters },
    startedAt: str(m.startedAt),
    finishedAt: str(m.finishedAt),
    workers: num(m.workers),
    state: str(m.status),
    seedsRule: str(m.seeds),
    design: design ? `${str(design.kind) ?? 'design'}: ${num(design.points) ?? '?'} points × ${num(design.replications) ?? '?'} replications` : undefined,
    columns,
    derived,
  };
}

/**
 * The runs table (one row per run). runs.csv is appended as runs finish while runs.arrow is rewritten
 * when the sweep ends, so the newer of the two wins (a crashed sweep leaves a stale or no runs.arrow).
 */
export function readRunsTable(dir: string): ColumnTable | null {
  const csv = join(dir, 'runs.csv');
  const arrow = join(dir, 'runs.arrow');
  const hasCsv = existsSync(csv);
  const hasArrow = existsSync(arrow);
  if (hasArrow && (!hasCsv || statSync(arrow).mtimeMs >= statSync(csv).mtimeMs)) {
    return aq.fromArrow(readFileSync(arrow));
  }
  if (hasCsv) {
    // Parse values by hand later (autoType would turn a seed like "0012" into 12). Rows that finished
    // out of run order wait in the runner's journal (runs.pending.csv, same header) until the gap fills.
    const tables = [csv, join(dir, JOURNAL)].filter((f) => existsSync(f)).map((f) => completeCsv(readFileSync(f, 'utf8')));
    const nonEmpty = tables.filter((t): t is ColumnTable => t !== null);
    if (nonEmpty.length === 0) return null;
    const all = nonEmpty.length === 1 ? nonEmpty[0] : nonEmpty[0].concat(...nonEmpty.slice(1));
    return all.dedupe('run').orderby(aq.escape((d: { run: string }) => Number(d.run)));
  }
  return null;
}

/** CSV text without a torn last line (a kill mid-write), as a table of strings. */
function completeCsv(text: string): ColumnTable | null {
  const end = text.lastIndexOf('\n') + 1;
  const body = text.slice(0, end);
  if (body.split('\n').filter((l) => l.trim() !== '').length < 2) return null;
  return aq.fromCSV(body, { autoType: false });
}

/** One run's series table of one kind, or null when the file is missing or unreadable. */
export function readSeries(dir: string, kind: SeriesKind, run: number): ColumnTable | null {
  const path = join(dir, 'series', kind, seriesFileName(run));
  if (!existsSync(path)) return null;
  try {
    const t = aq.fromArrow(readFileSync(path));
    return t.numRows() > 0 ? t : null;
  } catch {
    return null;
  }
}

/** A CSV cell back to a param value: numbers and booleans as such, everything else a string. */
export function parseCell(v: unknown): number | string | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') return v as number | boolean;
  if (v === '') return null;
  if (v === 'true') return true;
  if (v === 'false') return false;
  const n = Number(v);
  return Number.isNaN(n) && v !== 'NaN' ? v : n;
}
