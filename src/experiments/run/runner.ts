// The sweep runner (main thread): the spec's run list (or one shard's slice of it) through a piscina
// pool, streaming results to disk as they arrive. Results may finish out of order; each run's series
// files are written at once and its row journaled at once (so a kill loses only the runs in flight),
// while runs.csv receives rows strictly in run order — byte-identical for any number of workers.
// Memory stays bounded: at most 2 × workers runs in flight, and only small CSV rows wait for order.
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { pointsOf, runConfig, type Point } from '../spec/design.ts';
import { checkTarget, FolderError, lockFolder } from '../results/guard.ts';
import { checkSpecLimits } from '../spec/limits.ts';
import { buildManifest, environment, type Environment } from '../results/manifest.ts';
import { NO_PROGRESS, type Progress } from './progress.ts';
import { inShard, shardDirName, type Shard } from '../results/shard.ts';
import type { ExperimentSpec, LoadedSpec } from '../spec/spec.ts';
import {
  JOURNAL, RUNS_CSV, RunsLog, csvHeader, csvLine, finishedLines, parseLine, readRows, readTimings, removeStaleTemps, resultsDir, writeColumnar,
  writeFileAtomic, writeSeries,
  type ParamType, type RunColumns,
} from '../results/store.ts';
import { SUMMARY_METRICS, type RunConfig, type RunResult } from '../types.ts';
import { describeFailure, failedResult, stoppedByRunner } from './task.ts';

export interface RunnerOptions {
  loaded: LoadedSpec;
  /** Results root: results/<experiment>/<spec hash>/ is created under it. */
  outRoot: string;
  workers: number;
  resume?: boolean;
  shard?: Shard;
  /** The worker module (default ./worker.ts); tests pass a worker around a fake simulate. */
  workerFile?: string | URL;
  progress?: Progress;
  /** Stop after this many new runs (an interrupted sweep, for tests and dry runs). */
  limit?: number;
  /** Abort (Ctrl-C): stop submitting, drop the runs in flight, write what finished. */
  signal?: AbortSignal;
  /** Go past the size limits of ../spec/limits.ts on purpose (`--allow-large`). */
  allowLarge?: boolean;
  /** Warnings (a stale lock taken over); default: stderr. */
  warn?: (msg: string) => void;
  /** Memory limit of each worker's heap in MB (default: the machine's memory shared by the workers, at most 4096). */
  workerHeapMb?: number;
}

export interface RunnerResult {
  dir: string;
  state: 'complete' | 'incomplete';
  /** Runs this folder is responsible for (the whole sweep, or the shard's slice). */
  total: number;
  ok: number;
  failed: number;
  missing: number;
  /** Runs simulated in this session. */
  ran: number;
  failures: { run: number; error: string }[];
  wallMs: number;
  /** From the start to the first finished run (pool start-up and one run); undefined if nothing ran. */
  firstResultMs?: number;
}

const PACKAGE_URL = new URL('../../../', import.meta.url).href;
const PACKAGE_DIR = fileURLToPath(PACKAGE_URL);

/** Results of this spec are already there and --resume was not given. */
export class ResultsExistError extends Error {}
export { FolderError };

/** A worker's old-generation heap limit: the machine's memory shared by the workers, between 256 MB and 4 GB. */
export function workerHeapMb(workers: number): number {
  return Math.max(256, Math.min(4096, Math.floor(os.totalmem() / 2 ** 20 / (workers + 1))));
}

/** The runs table's columns: swept then derived parameters (typed from the design's values), then metrics. */
export function runColumns(spec: ExperimentSpec, points: readonly Point[]): RunColumns {
  const keys = [...spec.sweep.parameters.map((p) => p.key), ...spec.derived.map((d) => d.key)];
  const params = keys.map((name) => {
    const types = new Set(points.map((p) => typeof p.values[name]));
    const type: ParamType = types.size === 1 && (types.has('number') || types.has('boolean')) ? ([...types][0] as ParamType) : 'string';
    return { name, type };
  });
  return { params, metrics: [...SUMMARY_METRICS, ...Object.keys(spec.metrics)] };
}

function workerUrl(file: string | URL | undefined): string {
  if (file === undefined) return new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
  if (file instanceof URL) return file.href;
  return file.startsWith('file:') ? file : pathToFileURL(resolve(file)).href;
}

/** tsx's loader for .ts workers, by absolute URL so it resolves from any working directory. */
function tsxImport(): string {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return 'tsx';
  }
}

export async function runExperiment(o: RunnerOptions): Promise<RunnerResult> {
  const started = Date.now(); // timings only (manifest.timings), never results
  const { spec, hash } = o.loaded;
  checkSpecLimits(spec, o.allowLarge ?? false);
  const points = pointsOf(o.loaded);
  const total = points.length * spec.replications;
  const runIds: number[] = [];
  for (let r = 0; r < total; r++) if (!o.shard || inShard(r, o.shard)) runIds.push(r);
  const base = resultsDir(o.outRoot, spec.name, hash);
  const dir = o.shard ? join(base, shardDirName(o.shard)) : base;
  const cols = runColumns(spec, points);
  const env: Environment = environment(o.loaded.file);

  const warn = o.warn ?? ((m: string) => void process.stderr.write(`dtao-lab: warning: ${m}\n`));

  // Before a byte is written: the root is not itself a results folder, the folder is this spec's
  // (or empty), and no other writer holds it.
  for (const f of ['manifest.json', RUNS_CSV]) {
    if (existsSync(join(o.outRoot, f))) {
      throw new FolderError(`--out ${o.outRoot} is a results folder (it holds ${f}); --out takes the results root, and results go to <root>/<name>/<spec hash>/`);
    }
  }
  checkTarget(dir, hash, o.shard, 'results folder');
  mkdirSync(dir, { recursive: true });
  const release = lockFolder(dir, warn);
  try {
    return await runLocked(o, dir, runIds, points, cols, env, started);
  } finally {
    release();
  }
}

async function runLocked(
  o: RunnerOptions, dir: string, runIds: number[], points: readonly Point[], cols: RunColumns, env: Environment, started: number,
): Promise<RunnerResult> {
  const { spec, hash } = o.loaded;
  const prior = existsSync(join(dir, 'manifest.json')) ? finishedLines(dir, cols) : { csv: new Map<number, string>(), journal: new Map<number, string>() };
  // Runs that failed only because an earlier session's runner stopped (its pool was terminated) are
  // not results: drop their rows so that this session runs them again.
  if (dropStopped(dir, cols, prior)) removeStaleTemps(dir);
  const finished = new Map<number, { status: 'ok' | 'failed'; error?: string }>();
  for (const line of [...prior.csv.values(), ...prior.journal.values()]) {
    const row = parseLine(line, cols);
    finished.set(row.run, { status: row.status, ...(row.error ? { error: row.error } : {}) });
  }
  const todoAll = runIds.filter((r) => !finished.has(r));
  if (finished.size > 0 && todoAll.length > 0 && !o.resume) {
    throw new ResultsExistError(`${dir} already holds ${finished.size} of ${runIds.length} runs of this spec; pass --resume to run only the missing ones, or remove the folder`);
  }
  const todo = o.limit !== undefined ? todoAll.slice(0, Math.max(0, o.limit)) : todoAll;

  removeStaleTemps(dir);
  const manifestOf = (state: 'running' | 'complete' | 'incomplete', extra: Partial<Parameters<typeof buildManifest>[0]['timings']> = {}) =>
    buildManifest({
      spec, specHash: hash, columns: cols, points: points.length, runIds, finished, durations: readTimings(dir),
      ...(o.shard ? { shard: { index: o.shard.index, count: o.shard.count } } : {}),
      state, environment: env, timings: { startedAt: new Date(started).toISOString(), workers: o.workers, ...extra },
    });
  writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(manifestOf('running'), null, 2) + '\n');

  const log = new RunsLog(dir, cols);
  const pending = new Map(prior.journal);
  let nextIdx = 0;
  const flush = () => {
    while (nextIdx < runIds.length) {
      const r = runIds[nextIdx]!;
      const line = pending.get(r);
      if (line !== undefined) {
        log.append(line);
        pending.delete(r);
      } else if (!prior.csv.has(r)) break;
      nextIdx++;
    }
  };
  flush();

  const progress = o.progress ?? NO_PROGRESS;
  progress.start(runIds.length, finished.size);
  let ran = 0;
  let firstResultMs: number | undefined; // pool start-up + the first run: the sweep's fixed cost
  const record = (cfg: RunConfig, result: RunResult) => {
    writeSeries(dir, result);
    const status = result.status === 'ok' ? 'ok' : 'failed';
    // Stack frames name files under this checkout: keep them relative so rows match across machines.
    if (result.error) result.error = result.error.split(PACKAGE_URL).join('').split(PACKAGE_DIR).join('');
    const line = csvLine(
      { run: cfg.run, point: cfg.point, replication: cfg.replication, seed: cfg.seed, status, ...(result.error ? { error: result.error } : {}), params: cfg.params, summary: result.summary },
      cols,
    );
    log.journal(line, cfg.run, result.durationMs);
    pending.set(cfg.run, line);
    finished.set(cfg.run, { status, ...(result.error ? { error: result.error } : {}) });
    flush();
    ran++;
    firstResultMs ??= Date.now() - started;
    progress.tick(status === 'failed');
  };

  if (todo.length > 0) {
    const href = workerUrl(o.workerFile);
    // No more threads than runs; each worker's heap is capped so that one expression cannot take the machine.
    const threads = Math.max(1, Math.min(o.workers, todo.length));
    const pool = new Piscina({
      filename: href,
      minThreads: threads,
      maxThreads: threads,
      resourceLimits: { maxOldGenerationSizeMb: o.workerHeapMb ?? workerHeapMb(threads) },
      ...(href.endsWith('.ts') ? { execArgv: ['--import', tsxImport()] } : {}),
    });
    let aborted = false;
    let writeError: unknown;
    let onAbort = () => {};
    try {
      await new Promise<void>((done, fail) => {
        let next = 0;
        let active = 0;
        onAbort = () => {
          aborted = true; // from here on, the runs in flight are neither ok nor failed: not recorded
          void pool.destroy();
          if (active === 0) done();
        };
        if (o.signal?.aborted) return onAbort();
        o.signal?.addEventListener('abort', onAbort, { once: true });
        const launch = () => {
          while (!aborted && active < 2 * threads && next < todo.length) {
            const cfg = runConfig(spec, points, todo[next++]!);
            active++;
            pool
              .run(cfg)
              .then(
                (res: RunResult) => !aborted && record(cfg, res),
                (e: unknown) => !aborted && record(cfg, failedResult(cfg, `worker failed: ${describeFailure(e)}`)),
              )
              .catch((e: unknown) => {
                // A write error: stop submitting and let the runs in flight end unrecorded (they did
                // not fail, so --resume runs them again), then fail the sweep. The pool is not
                // destroyed under them: piscina throws on a result that arrives during destroy.
                writeError ??= e;
                aborted = true;
              })
              .then(() => {
                active--;
                if (active === 0 && writeError !== undefined) fail(writeError);
                else if (active === 0 && (aborted || next >= todo.length)) done();
                else launch();
              });
          }
        };
        launch();
      });
    } finally {
      o.signal?.removeEventListener('abort', onAbort);
      await pool.destroy();
    }
  }
  progress.stop();

  log.close(pending.size === 0);
  const rows = readRows(dir, cols);
  writeColumnar(dir, rows, cols);
  const done = runIds.filter((r) => finished.has(r)).length;
  const state = done === runIds.length ? 'complete' : 'incomplete';
  const wallMs = Date.now() - started;
  const manifest = manifestOf(state, {
    finishedAt: new Date().toISOString(), wallMs, ranThisSession: ran, runsPerSecond: wallMs > 0 ? (ran * 1000) / wallMs : 0,
    ...(firstResultMs !== undefined ? { firstResultMs } : {}),
  });
  writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

  const failures = runIds.flatMap((r) => {
    const f = finished.get(r);
    return f?.status === 'failed' ? [{ run: r, error: f.error ?? 'failed' }] : [];
  });
  const ok = done - failures.length;
  return {
    dir, state, total: runIds.length, ok, failed: failures.length, missing: runIds.length - done, ran, failures, wallMs,
    ...(firstResultMs !== undefined ? { firstResultMs } : {}),
  };
}

/** Drop rows of runs stopped by the runner (see task.ts `stoppedByRunner`) from runs.csv and the journal; true if any. */
function dropStopped(dir: string, cols: RunColumns, prior: { csv: Map<number, string>; journal: Map<number, string> }): boolean {
  const stopped = [...prior.csv, ...prior.journal].filter(([, line]) => stoppedByRunner(parseLine(line, cols).error)).map(([r]) => r);
  if (stopped.length === 0) return false;
  const all = new Map([...prior.csv, ...prior.journal]);
  for (const r of stopped) all.delete(r);
  const ordered = [...all.keys()].sort((a, b) => a - b);
  // runs.csv keeps the rows before the first dropped run, the journal the rest (as one session would have them).
  const firstGap = Math.min(...stopped);
  const header = csvHeader(cols);
  const before = ordered.filter((r) => r < firstGap && prior.csv.has(r));
  const after = ordered.filter((r) => !before.includes(r));
  writeFileAtomic(join(dir, JOURNAL), header + after.map((r) => all.get(r)!).join(''));
  writeFileAtomic(join(dir, RUNS_CSV), header + before.map((r) => all.get(r)!).join(''));
  prior.csv.clear();
  prior.journal.clear();
  for (const r of before) prior.csv.set(r, all.get(r)!);
  for (const r of after) prior.journal.set(r, all.get(r)!);
  return true;
}
