// The results folder on disk (layout in ../types.ts): series files written atomically (temp + rename)
// as each run arrives, runs.csv appended in run order, a journal of rows that finished out of order
// (so a kill loses only the runs in flight), runs.arrow + runs.parquet rewritten when a session ends,
// and manifest.json. The reader is ./results.ts (`openResults`).
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import * as pq from 'parquet-wasm';
import { runsArrow, seriesArrow, toIPC } from './arrowSchema.ts';
import { seriesCsv, seriesCsvName } from './seriesCsv.ts';
import { SERIES_KINDS, seriesFileName, type ParamValue, type RunResult, type SeriesKind } from '../types.ts';

export const FIXED_COLUMNS = ['run', 'point', 'replication', 'seed', 'status', 'error'] as const;
export type ParamType = 'number' | 'boolean' | 'string';

/** The runs table's columns after the fixed ones: parameters (with their types), then summary metrics. */
export interface RunColumns {
  params: { name: string; type: ParamType }[];
  metrics: string[];
}

export interface RunRow {
  run: number;
  point: number;
  replication: number;
  seed: string;
  status: 'ok' | 'failed';
  error?: string;
  params: Record<string, ParamValue>;
  summary: Record<string, number>;
}

export const RUNS_CSV = 'runs.csv';
/** Rows that finished before an earlier run (flushed into runs.csv once the gap is filled). */
export const JOURNAL = 'runs.pending.csv';
/** Per-run wall time (not part of the compared results: it differs between machines and workers). */
export const TIMINGS = 'timings.csv';

export function resultsDir(outRoot: string, experiment: string, specHash: string): string {
  return join(outRoot, experiment, specHash);
}

/** Write a file under a temporary name, then rename it into place: readers never see half a file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${tmpCounter++}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
let tmpCounter = 0;

/** Temp files a killed writer left behind (never renamed into place): removed before a session writes. */
export function removeStaleTemps(dir: string): void {
  const walk = (d: string, depth: number) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && depth < 2 && !e.name.startsWith('shard-')) walk(join(d, e.name), depth + 1);
      else if (e.isFile() && /\.tmp-\d+-\d+$/.test(e.name)) rmSync(join(d, e.name), { force: true });
    }
  };
  walk(dir, 0);
}

// ---------------------------------------------------------------------------------------------
// CSV: one line per run, deterministic formatting (numbers in JS shortest round-trip form, NaN empty).

function cell(v: ParamValue | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = v.replace(/\r?\n/g, ' | ');
  return /[",]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(cols: RunColumns): string {
  return [...FIXED_COLUMNS, ...cols.params.map((p) => p.name), ...cols.metrics].map((c) => cell(c)).join(',') + '\n';
}

export function csvLine(row: RunRow, cols: RunColumns): string {
  const out: string[] = [String(row.run), String(row.point), String(row.replication), cell(row.seed), row.status, cell(row.error ?? '')];
  for (const p of cols.params) out.push(cell(row.params[p.name]));
  for (const m of cols.metrics) {
    const v = row.summary[m];
    out.push(typeof v === 'number' ? cell(v) : '');
  }
  return out.join(',') + '\n';
}

import { splitCsv } from '../csv.ts'; // one CSV line reader, shared with the observed targets (spec/observed.ts)
export { splitCsv };

export function parseLine(line: string, cols: RunColumns): RunRow {
  const f = splitCsv(line.replace(/\n$/, ''));
  const width = FIXED_COLUMNS.length + cols.params.length + cols.metrics.length;
  if (f.length !== width) throw new Error(`expected ${width} fields, found ${f.length}`);
  const params: Record<string, ParamValue> = {};
  cols.params.forEach((p, k) => {
    const s = f[FIXED_COLUMNS.length + k]!;
    params[p.name] = p.type === 'number' ? (s === '' ? NaN : Number(s)) : p.type === 'boolean' ? s === 'true' : s;
  });
  const summary: Record<string, number> = {};
  const base = FIXED_COLUMNS.length + cols.params.length;
  cols.metrics.forEach((m, k) => {
    const s = f[base + k]!;
    summary[m] = s === '' ? NaN : Number(s);
  });
  const status = f[4] === 'ok' ? 'ok' : 'failed';
  return { run: Number(f[0]), point: Number(f[1]), replication: Number(f[2]), seed: f[3]!, status, ...(f[5] ? { error: f[5] } : {}), params, summary };
}

/** Complete lines of a file (a kill can leave half a last line: it is dropped). */
function completeLines(path: string): { lines: string[]; validBytes: number } {
  if (!existsSync(path)) return { lines: [], validBytes: 0 };
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  const lines = text.slice(0, end).split('\n');
  lines.pop();
  return { lines: lines.map((l) => l + '\n'), validBytes: Buffer.byteLength(text.slice(0, end)) };
}

/** The finished rows of a folder: runs.csv plus the journal, by run (the CSV lines, byte for byte). */
export function finishedLines(dir: string, cols: RunColumns): { csv: Map<number, string>; journal: Map<number, string> } {
  const header = csvHeader(cols);
  const csv = new Map<number, string>();
  const journal = new Map<number, string>();
  for (const [file, into] of [[RUNS_CSV, csv], [JOURNAL, journal]] as const) {
    const { lines } = completeLines(join(dir, file));
    if (lines.length === 0) continue;
    if (lines[0] !== header) throw new Error(`${join(dir, file)} has other columns than this spec (header differs)`);
    for (const line of lines.slice(1)) {
      try {
        const row = parseLine(line, cols);
        if (!csv.has(row.run)) into.set(row.run, line);
      } catch {
        // A torn line from a kill mid-write: that run is not finished.
      }
    }
  }
  return { csv, journal };
}

/** Append-only writers for runs.csv, the journal and the timings. */
export class RunsLog {
  private csvFd: number;
  private journalFd: number;
  private timingsFd: number;

  constructor(
    readonly dir: string,
    cols: RunColumns,
  ) {
    const header = csvHeader(cols);
    this.csvFd = openAppend(join(dir, RUNS_CSV), header);
    this.journalFd = openAppend(join(dir, JOURNAL), header);
    this.timingsFd = openAppend(join(dir, TIMINGS), 'run,durationMs\n');
  }
  /** A finished run, durable at once (its series files are already in place). */
  journal(line: string, run: number, durationMs: number): void {
    writeSync(this.journalFd, line);
    writeSync(this.timingsFd, `${run},${Math.round(durationMs * 1000) / 1000}\n`);
  }
  /** The next row in run order. */
  append(line: string): void {
    writeSync(this.csvFd, line);
  }
  close(removeJournal: boolean): void {
    for (const fd of [this.csvFd, this.journalFd, this.timingsFd]) {
      try {
        fsyncSync(fd);
      } catch {
        /* not all file systems sync */
      }
      closeSync(fd);
    }
    if (removeJournal) rmSync(join(this.dir, JOURNAL), { force: true });
  }
}

/** Open for appending; a torn last line is cut off and a missing header written. */
function openAppend(path: string, header: string): number {
  const { validBytes } = completeLines(path);
  const fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
  ftruncateSync(fd, validBytes);
  closeSync(fd);
  const afd = openSync(path, 'a');
  if (validBytes === 0) writeSync(afd, header);
  return afd;
}

export function readTimings(dir: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const line of completeLines(join(dir, TIMINGS)).lines.slice(1)) {
    const [r, d] = line.trim().split(',');
    if (r !== undefined && d !== undefined) out.set(Number(r), Number(d));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Series and columnar tables.

/** Write a run's series files (each atomically), typed by ./arrowSchema.ts. */
export function writeSeries(dir: string, r: RunResult): void {
  for (const kind of SERIES_KINDS) {
    const table = seriesArrow(kind, r);
    if (!table) continue;
    writeFileAtomic(join(dir, 'series', kind, seriesFileName(r.run)), toIPC(table, 'file'));
    writeFileAtomic(join(dir, 'series', kind, seriesCsvName(r.run)), seriesCsv(table.toColumns())); // long-format CSV (seriesCsv.ts)
  }
}

/** The runs table from rows in run order (typed columns: Int32 indices, Float64 metrics). */
export function runsTable(rows: readonly RunRow[], cols: RunColumns): ColumnTable {
  const data: Record<string, unknown> = {
    run: Int32Array.from(rows, (r) => r.run),
    point: Int32Array.from(rows, (r) => r.point),
    replication: Int32Array.from(rows, (r) => r.replication),
    seed: rows.map((r) => r.seed),
    status: rows.map((r) => r.status),
    error: rows.map((r) => r.error ?? null),
  };
  for (const p of cols.params) {
    data[p.name] = p.type === 'number' ? Float64Array.from(rows, (r) => r.params[p.name] as number) : rows.map((r) => r.params[p.name] ?? null);
  }
  for (const m of cols.metrics) data[m] = Float64Array.from(rows, (r) => r.summary[m] ?? NaN);
  return aq.table(data);
}

/** runs.arrow (IPC file) and runs.parquet. */
export function writeColumnar(dir: string, rows: readonly RunRow[], cols: RunColumns): void {
  const table = runsArrow(rows, cols);
  writeFileAtomic(join(dir, 'runs.arrow'), toIPC(table, 'file'));
  const parquet = pq.writeParquet(pq.Table.fromIPCStream(toIPC(table, 'stream')));
  writeFileAtomic(join(dir, 'runs.parquet'), parquet);
}

// ---------------------------------------------------------------------------------------------
// Reading (the whole reader is ./results.ts: `openResults`).

/** All finished rows of a folder, parsed, in run order. */
export function readRows(dir: string, cols: RunColumns): RunRow[] {
  const { csv, journal } = finishedLines(dir, cols);
  return [...csv.values(), ...journal.values()].map((l) => parseLine(l, cols)).sort((a, b) => a.run - b.run);
}
