// Beyond one machine (docs/architecture.md): a sweep is a deterministic run list, so shard i of N runs exactly
// the runs r with r % N = i, and `merge` combines the shard folders into what one
// machine would have written: the same runs.csv / runs.arrow / runs.parquet / series bytes and the
// same manifest apart from timings and the environment.
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { checkTarget, lockFolder, lockHolder } from './guard.ts';
import { buildManifest, type Manifest } from './manifest.ts';
import {
  JOURNAL, RUNS_CSV, TIMINGS, csvHeader, finishedLines, parseLine, readTimings, writeColumnar, writeFileAtomic,
} from './store.ts';
import { readManifestFile } from './results.ts';
import { SERIES_KINDS, seriesFileName } from '../types.ts';
import { seriesCsvName } from './seriesCsv.ts';

export interface Shard {
  index: number;
  count: number;
  /** Where the index came from: the --shard flag or a scheduler's environment variable. */
  source: string;
}

/** A bad --shard value or environment: exit code 2. */
export class ShardError extends Error {}

const MAX_SHARDS = 100_000;

function int(s: string | undefined): number | undefined {
  return s !== undefined && /^\d+$/.test(s.trim()) ? Number(s.trim()) : undefined;
}

/** The index a scheduler gives this task: Slurm array task (minus the array's first id) or a Kubernetes Indexed Job. */
function envIndex(env: NodeJS.ProcessEnv): { index: number; source: string } | undefined {
  const slurm = int(env.SLURM_ARRAY_TASK_ID);
  if (slurm !== undefined) return { index: slurm - (int(env.SLURM_ARRAY_TASK_MIN) ?? 0), source: 'SLURM_ARRAY_TASK_ID' };
  const k8s = int(env.JOB_COMPLETION_INDEX);
  if (k8s !== undefined) return { index: k8s, source: 'JOB_COMPLETION_INDEX' };
  return undefined;
}

/**
 * `--shard i/N` (0 ≤ i < N), or `--shard auto/N` to take i from SLURM_ARRAY_TASK_ID or
 * JOB_COMPLETION_INDEX. Without the flag, a Slurm array task shards itself from
 * SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT; JOB_COMPLETION_INDEX alone carries no count, so it
 * needs `--shard auto/N`. Undefined when nothing asks for sharding.
 */
export function parseShard(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  let shard: Shard;
  if (flag !== undefined) {
    const m = /^\s*(\d+|auto)?\s*\/\s*(\d+)\s*$/.exec(flag);
    if (!m) throw new ShardError(`--shard: expected i/N (e.g. 0/4) or auto/N, got "${flag}"`);
    const count = Number(m[2]);
    if (m[1] === undefined || m[1] === 'auto') {
      const e = envIndex(env);
      if (!e) throw new ShardError(`--shard ${flag}: the index comes from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX, and neither is set`);
      shard = { index: e.index, count, source: e.source };
    } else shard = { index: Number(m[1]), count, source: '--shard' };
  } else {
    const e = envIndex(env);
    if (!e) return undefined;
    const count = e.source === 'SLURM_ARRAY_TASK_ID' ? int(env.SLURM_ARRAY_TASK_COUNT) : undefined;
    if (count === undefined) {
      throw new ShardError(`${e.source} is set but the shard count is not known: pass --shard auto/N${e.source === 'SLURM_ARRAY_TASK_ID' ? ' (or set SLURM_ARRAY_TASK_COUNT)' : ''}`);
    }
    shard = { index: e.index, count, source: e.source };
  }
  if (!(shard.count >= 1 && shard.count <= MAX_SHARDS)) throw new ShardError(`--shard: N must be in [1, ${MAX_SHARDS}], got ${shard.count}`);
  if (!(shard.index >= 0 && shard.index < shard.count)) {
    throw new ShardError(`--shard: the index must be in [0, ${shard.count - 1}], got ${shard.index} (from ${shard.source})`);
  }
  return shard;
}

export const inShard = (run: number, s: Pick<Shard, 'index' | 'count'>): boolean => run % s.count === s.index;
export const shardDirName = (s: Pick<Shard, 'index' | 'count'>): string => `shard-${s.index}-of-${s.count}`;
const SHARD_DIR = /^shard-(\d+)-of-(\d+)$/;

/** Shard folders named directly, or found one level inside a folder (results/<experiment>/<hash>/). */
export function expandShardDirs(dirs: readonly string[]): string[] {
  const out: string[] = [];
  const given = new Map<string, string>();
  const add = (abs: string, as: string) => {
    if (given.has(abs)) throw new ShardError(`shard folder ${abs} given twice (as ${given.get(abs)} and ${as}): each shard once`);
    given.set(abs, as);
    out.push(abs);
  };
  for (const d of dirs) {
    if (!existsSync(d) || !statSync(d).isDirectory()) throw new ShardError(`${d}: not a folder`);
    const own = existsSync(join(d, 'manifest.json')) ? readManifestFile(d) : undefined;
    if (own?.shard) {
      add(resolve(d), d);
      continue;
    }
    const inner = readdirSync(d).filter((n) => SHARD_DIR.test(n) && existsSync(join(d, n, 'manifest.json'))).sort();
    if (inner.length === 0) throw new ShardError(`${d}: neither a shard folder nor a folder holding shard-<i>-of-<N> folders`);
    for (const n of inner) add(resolve(d, n), join(d, n));
  }
  return out;
}

export interface MergeResult {
  dir: string;
  shards: number;
  total: number;
  ok: number;
  failed: number;
  missing: number;
  failures: { run: number; error: string }[];
  warnings: string[];
}

/** Merge shard folders into `out` (default: the folder holding the first shard). */
export function mergeShards(dirs: readonly string[], out?: string): MergeResult {
  const shardDirs = expandShardDirs(dirs);
  const manifests = shardDirs.map((d) => readManifestFile(d));
  const first = manifests[0]!;
  const hash = first.specHash;
  const count = first.shard?.count ?? 0;
  const warnings: string[] = [];
  const seen = new Map<number, string>();
  manifests.forEach((m, k) => {
    const writer = lockHolder(shardDirs[k]!);
    if (writer) throw new ShardError(`${shardDirs[k]} is still being written by pid ${writer.pid} on ${writer.host} (since ${writer.startedAt}): merge when it ends`);
    const s = m.shard;
    if (!s) throw new ShardError(`${shardDirs[k]}: not a shard folder (its manifest has no shard)`);
    if (m.specHash !== hash) throw new ShardError(`${shardDirs[k]} holds spec ${String(m.specHash)}, ${shardDirs[0]} holds ${hash}: shards of different specs`);
    if (s.count !== count) throw new ShardError(`${shardDirs[k]} is one of ${s.count} shards, ${shardDirs[0]} one of ${count}`);
    if (seen.has(s.index)) throw new ShardError(`shard ${s.index} given twice: ${seen.get(s.index)} and ${shardDirs[k]}`);
    seen.set(s.index, shardDirs[k]!);
    if (JSON.stringify(m.columns) !== JSON.stringify(first.columns)) throw new ShardError(`${shardDirs[k]}: other columns than ${shardDirs[0]}`);
    const c = m.environment?.commit;
    const c0 = first.environment?.commit;
    if (c !== c0) warnings.push(`${shardDirs[k]} ran at commit ${c ?? '?'}, ${shardDirs[0]} at ${c0 ?? '?'}`);
  });
  const absent = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (absent.length > 0) throw new ShardError(`missing shard${absent.length > 1 ? 's' : ''} ${absent.join(', ')} of ${count}`);

  const total = first.design.points * first.spec.replications;
  const dest = resolve(out ?? dirname(shardDirs[0]!));
  checkTarget(dest, hash, undefined, out !== undefined ? '--out' : 'the merged folder');
  mkdirSync(dest, { recursive: true });
  const release = lockFolder(dest, (w) => warnings.push(w));
  try {
    return writeMerged(shardDirs, manifests, dest, total, warnings);
  } finally {
    release();
  }
}

function writeMerged(shardDirs: string[], manifests: Manifest[], dest: string, total: number, warnings: string[]): MergeResult {
  const first = manifests[0]!;
  const { spec, columns: cols, specHash: hash } = first;
  const points = first.design.points;
  const count = first.shard!.count;

  const lines = new Map<number, string>();
  const durations = new Map<number, number>();
  const finished = new Map<number, { status: 'ok' | 'failed'; error?: string }>();
  shardDirs.forEach((d, k) => {
    const s = manifests[k]!.shard!;
    const { csv, journal } = finishedLines(d, cols);
    for (const [run, line] of [...csv, ...journal]) {
      if (!inShard(run, s)) throw new ShardError(`${d}: run ${run} does not belong to shard ${s.index} of ${s.count}`);
      lines.set(run, line);
      const row = parseLine(line, cols);
      finished.set(run, { status: row.status, ...(row.error ? { error: row.error } : {}) });
    }
    for (const [run, ms] of readTimings(d)) if (inShard(run, s)) durations.set(run, ms);
    for (const run of csv.keys()) copySeries(d, dest, run);
    for (const run of journal.keys()) copySeries(d, dest, run);
  });

  // As one machine writes them: runs.csv holds the rows up to the first missing run, the journal the rest.
  const ordered = [...lines.keys()].sort((a, b) => a - b);
  let prefix = 0;
  while (prefix < ordered.length && ordered[prefix] === prefix) prefix++;
  const header = csvHeader(cols);
  writeFileAtomic(join(dest, RUNS_CSV), header + ordered.slice(0, prefix).map((r) => lines.get(r)!).join(''));
  if (prefix < ordered.length) writeFileAtomic(join(dest, JOURNAL), header + ordered.slice(prefix).map((r) => lines.get(r)!).join(''));
  else rmSync(join(dest, JOURNAL), { force: true });
  const timed = [...durations.keys()].sort((a, b) => a - b);
  writeFileAtomic(join(dest, TIMINGS), 'run,durationMs\n' + timed.map((r) => `${r},${durations.get(r)}\n`).join(''));
  writeColumnar(dest, ordered.map((r) => parseLine(lines.get(r)!, cols)), cols);

  const state = finished.size === total ? 'complete' : 'incomplete';
  const startedAt = manifests.map((m) => String(m.startedAt ?? '')).filter(Boolean).sort()[0] ?? new Date().toISOString();
  const manifest = buildManifest({
    spec, specHash: hash, columns: cols, points, runIds: Array.from({ length: total }, (_, r) => r), finished, durations, state,
    environment: first.environment,
    timings: { startedAt, finishedAt: new Date().toISOString(), mergedShards: count },
  });
  writeFileAtomic(join(dest, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const failures = ordered.flatMap((r) => (finished.get(r)!.status === 'failed' ? [{ run: r, error: finished.get(r)!.error ?? 'failed' }] : []));
  const ok = finished.size - failures.length;
  return { dir: dest, shards: count, total, ok, failed: failures.length, missing: total - finished.size, failures, warnings };
}

/** A run's series files into the merged folder: a hard link where the file system allows, else a copy. */
function copySeries(from: string, to: string, run: number): void {
  for (const kind of SERIES_KINDS) for (const name of [seriesFileName(run), seriesCsvName(run)]) {
    const src = join(from, 'series', kind, name);
    if (!existsSync(src)) continue;
    const dst = join(to, 'series', kind, name);
    if (resolve(src) === resolve(dst)) continue;
    mkdirSync(dirname(dst), { recursive: true });
    const tmp = `${dst}.tmp-${process.pid}`;
    rmSync(tmp, { force: true });
    try {
      linkSync(src, tmp);
    } catch {
      copyFileSync(src, tmp);
    }
    renameSync(tmp, dst);
  }
}
