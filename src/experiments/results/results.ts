// The one reader of a results folder (layout in ../types.ts), used by the report, the notebooks and the
// tests: `openResults(dir, { partial })`. The finished rows in runs.csv and the journal are the truth
// about each run; manifest.json says what was asked for (spec, design, columns), and its run statuses
// are only a snapshot (a killed writer leaves them `pending`). runs.arrow and runs.parquet are copies
// of the rows for other tools, rewritten when a session ends: they are checked, never trusted over
// the CSV. Every file that cannot be read is named in the error or warning.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { Manifest, ManifestRun } from './manifest.ts';
import { readRows, runsTable, type RunColumns, type RunRow } from './store.ts';
import { seriesFileName, type SeriesKind } from '../types.ts';

/** DIR is not a results folder, or one of its files is unreadable: exit code 2 for `report`. */
export class ResultsError extends Error {}

/** A run's status as the rows tell it: `missing` when it has no row (not run, or lost in a kill). */
export type RowStatus = 'ok' | 'failed' | 'missing';

/**
 * The report's reading of the manifest (the fields it shows), with every run's status taken from the
 * rows. Kept flat and defensive so that the report renders any folder the runner wrote.
 */
export interface ResultsSummary {
  name?: string;
  description?: string;
  specHash?: string;
  spec?: unknown;
  ruleSet?: string;
  seed?: string;
  version?: string;
  commit?: string;
  runs: (Omit<ManifestRun, 'status'> & { status: RowStatus })[];
  sweep: { parameters: string[] };
  startedAt?: string;
  finishedAt?: string;
  workers?: number;
  /** complete when every run has a row, else incomplete (whatever the manifest's snapshot says). */
  state: 'complete' | 'incomplete';
  /** How run seeds derive from the spec seed (text). */
  seedsRule?: string;
  /** The design in words, e.g. "grid: 6 points × 3 replications". */
  design?: string;
  columns: RunColumns;
  /** Swept keys that are derived from other params (not charted on their own). */
  derived: string[];
}

export interface OpenOptions {
  /** Accept a folder whose runs are not all finished (a crash, Ctrl-C, a shard); default false. */
  partial?: boolean;
}

export interface Results {
  dir: string;
  manifest: Manifest;
  summary: ResultsSummary;
  columns: RunColumns;
  /** Every finished run (runs.csv and the journal), in run order. */
  rows: RunRow[];
  /** The same rows as a typed table (Int32 indices, Float64 metrics). */
  runs: ColumnTable;
  /** Runs of this folder without a row. */
  missing: number[];
  /** Files that could not be read (a corrupt runs.arrow, a corrupt series file), each named. */
  warnings: string[];
  /** One run's series of one kind; null when the file is absent (no rows) or unreadable (a warning). */
  readSeries(kind: SeriesKind, run: number): ColumnTable | null;
  /** The series of one kind for the given runs (all finished runs by default), concatenated. */
  loadSeries(kind: SeriesKind, runs?: readonly number[]): ColumnTable;
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

/** manifest.json of a results folder, checked for the fields a reader needs. */
export function readManifestFile(dir: string): Manifest {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ResultsError(`not a folder: ${dir}`);
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new ResultsError(`not a results folder (no manifest.json): ${dir}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ResultsError(`${path} is not valid JSON: ${firstLine(e)}`);
  }
  const m = raw as Partial<Manifest> | null;
  if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new ResultsError(`${path} must hold an object`);
  const cols = m.columns;
  if (!cols || !Array.isArray(cols.params) || !Array.isArray(cols.metrics)) {
    throw new ResultsError(`${path} has no runs table columns (written by an older dtao-lab, or not by dtao-lab): rerun the spec`);
  }
  if (!Array.isArray(m.runs)) throw new ResultsError(`${path} has no runs list`);
  if (typeof m.specHash !== 'string') throw new ResultsError(`${path} has no specHash`);
  return m as Manifest;
}

function summarize(m: Manifest, status: ReadonlyMap<number, RowStatus>, missing: number): ResultsSummary {
  const derived = Array.isArray(m.spec?.derived) ? m.spec.derived.map((d) => d.key).filter((k) => typeof k === 'string') : [];
  const d = m.design;
  return {
    name: m.name,
    description: m.description,
    specHash: m.specHash,
    spec: m.spec,
    ruleSet: m.ruleSet,
    seed: m.seed,
    version: m.version,
    commit: m.commit,
    runs: m.runs.map((r) => ({ ...r, status: status.get(r.run) ?? 'missing' })),
    sweep: { parameters: Array.isArray(m.sweep?.parameters) ? m.sweep.parameters : [] },
    startedAt: m.startedAt,
    finishedAt: m.finishedAt,
    workers: m.workers,
    state: missing === 0 ? 'complete' : 'incomplete',
    seedsRule: m.seeds,
    design: d ? `${d.kind}: ${d.points} points × ${d.replications} replications` : undefined,
    columns: m.columns,
    derived,
  };
}

/** Open a results folder. Throws ResultsError when it is not one, or (unless `partial`) when runs are missing. */
export function openResults(dir: string, opts: OpenOptions = {}): Results {
  const manifest = readManifestFile(dir);
  const columns = manifest.columns;
  let rows: RunRow[];
  try {
    rows = readRows(dir, columns);
  } catch (e) {
    throw new ResultsError(`${dir}: ${firstLine(e)}`);
  }
  const status = new Map<number, RowStatus>(rows.map((r) => [r.run, r.status]));
  const missing = manifest.runs.map((r) => r.run).filter((r) => !status.has(r));
  if (missing.length > 0 && !opts.partial) {
    throw new ResultsError(`${dir} is incomplete: ${missing.length} of ${manifest.runs.length} runs have no row (resume the sweep, or open it with { partial: true })`);
  }
  const warnings: string[] = [];
  const arrow = join(dir, 'runs.arrow');
  if (existsSync(arrow)) {
    try {
      aq.fromArrow(readFileSync(arrow));
    } catch (e) {
      warnings.push(`${arrow} is unreadable (${firstLine(e)}); the rows come from runs.csv, and the next run or merge rewrites it`);
    }
  }
  const readSeries = (kind: SeriesKind, run: number): ColumnTable | null => {
    const path = join(dir, 'series', kind, seriesFileName(run));
    if (!existsSync(path)) return null;
    try {
      return aq.fromArrow(readFileSync(path));
    } catch (e) {
      warnings.push(`${path} is unreadable (${firstLine(e)}): run ${run} is left out of the ${kind} series`);
      return null;
    }
  };
  return {
    dir,
    manifest,
    summary: summarize(manifest, status, missing.length),
    columns,
    rows,
    runs: runsTable(rows, columns),
    missing,
    warnings,
    readSeries,
    loadSeries(kind, runs) {
      const tables = (runs ?? rows.map((r) => r.run)).map((run) => readSeries(kind, run)).filter((t): t is ColumnTable => t !== null && t.numRows() > 0);
      if (tables.length === 0) return aq.table({});
      return tables.length === 1 ? tables[0]! : tables[0]!.concat(...tables.slice(1));
    },
  };
}

/** A runs-table cell back to a param value: numbers and booleans as such, everything else a string. */
export function parseCell(v: unknown): number | string | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') return v as number | boolean;
  if (v === '') return null;
  if (v === 'true') return true;
  if (v === 'false') return false;
  const n = Number(v);
  return Number.isNaN(n) && v !== 'NaN' ? v : n;
}
