// manifest.json: what was run (spec, seeds, design, columns), the status of every run, and the
// environment and timings. Built by one function for a single machine, a shard and a merge, so a
// merge writes what one machine would have — apart from `comparableManifest`'s exclusions (timings
// and the environment, which legitimately differ between machines).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type FidelityRecord, loadFidelity } from './fidelity.ts';
import { paramAliases } from './arrowSchema.ts';
import { agentParametersInForce, describeSeries } from './columnDocs.ts';
import type { ExperimentSpec } from '../spec/spec.ts';
import { runSeed } from '../spec/seeds.ts';
import type { RunColumns } from './store.ts';

export const MANIFEST_FORMAT = 1;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Environment {
  version: string;
  commit?: string;
  node: string;
  platform: string;
  specFile?: string;
}

export interface Timings {
  startedAt: string;
  finishedAt?: string;
  wallMs?: number;
  workers?: number;
  ranThisSession?: number;
  firstResultMs?: number;
  runsPerSecond?: number;
  mergedShards?: number;
}

export type RunStatus = 'ok' | 'failed' | 'pending' | 'missing';
export type FolderState = 'running' | 'complete' | 'incomplete';

/** One run as manifest.json lists it. `pending`: not finished while the writer runs; `missing`: not run when it stopped. */
export interface ManifestRun {
  run: number;
  point: number;
  replication: number;
  seed: string;
  status: RunStatus;
  error?: string;
  durationMs?: number;
}

/**
 * manifest.json as the runner, a shard and a merge write it (format MANIFEST_FORMAT). Its run statuses
 * are a snapshot taken when it was written: after a kill they still say `pending`, so readers take
 * each run's status from the rows in runs.csv and the journal (`openResults`, ./results.ts).
 */
export interface Manifest {
  format: number;
  name: string;
  description: string;
  specHash: string;
  ruleSet: string;
  /** Chain vectors the core reproduces per rule set (data/fidelity.json), when that file is present. */
  fidelity?: FidelityRecord;
  seed: string;
  /** How run seeds derive from the spec seed, in words. */
  seeds: string;
  design: { kind: string; n?: number; points: number; replications: number; runs: number };
  /** Swept then derived parameter keys. */
  sweep: { parameters: string[] };
  columns: RunColumns;
  /** Dot-free aliases of parameter columns in runs.arrow/.parquet (alias -> path). */
  aliases: ReturnType<typeof paramAliases>;
  /** The series files: path pattern, what a row is, each column with its type and unit. */
  seriesFiles: ReturnType<typeof describeSeries>;
  /** Every agent parameter in force, marked spec, default or swept. */
  agentParameters: ReturnType<typeof agentParametersInForce>;
  shard?: { index: number; count: number };
  status: FolderState;
  counts: { total: number; ok: number; failed: number; missing: number };
  /** The spec as run (without `workers`, which cannot change results). */
  spec: Omit<ExperimentSpec, 'workers'>;
  runs: ManifestRun[];
  version: string;
  commit?: string;
  environment: Environment;
  startedAt: string;
  finishedAt?: string;
  workers?: number;
  timings: Timings;
}

export interface ManifestInput {
  spec: ExperimentSpec;
  specHash: string;
  columns: RunColumns;
  points: number;
  /** The runs this folder holds (all, or one shard's), in run order. */
  runIds: readonly number[];
  finished: ReadonlyMap<number, { status: 'ok' | 'failed'; error?: string }>;
  durations: ReadonlyMap<number, number>;
  shard?: { index: number; count: number };
  state: FolderState;
  timings: Timings;
  environment: Environment;
}

/** This checkout's version and commit (read once; the commit is absent outside a git checkout). */
export function environment(specFile?: string): Environment {
  let version = '0.0.0';
  try {
    version = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version;
  } catch {
    /* keep the placeholder */
  }
  let commit: string | undefined;
  // Only this package's own checkout: installed under a user's node_modules, git would name their commit.
  if (existsSync(`${ROOT}.git`)) try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || undefined;
  } catch {
    commit = undefined;
  }
  return { version, ...(commit ? { commit } : {}), node: process.version, platform: `${process.platform}-${process.arch}`, ...(specFile ? { specFile } : {}) };
}

export function buildManifest(m: ManifestInput): Manifest {
  const { spec } = m;
  const { workers: _w, ...specIdentity } = spec;
  const fidelity = loadFidelity();
  let ok = 0;
  let failed = 0;
  const runs = m.runIds.map((run): ManifestRun => {
    const point = Math.floor(run / spec.replications);
    const replication = run % spec.replications;
    const f = m.finished.get(run);
    if (f?.status === 'ok') ok++;
    else if (f) failed++;
    const d = m.durations.get(run);
    return {
      run,
      point,
      replication,
      seed: runSeed(spec.seed, point, replication, spec.commonRandomNumbers),
      status: f ? f.status : m.state === 'running' ? 'pending' : 'missing',
      ...(f?.error ? { error: f.error } : {}),
      ...(f && d !== undefined ? { durationMs: d } : {}),
    };
  });
  return {
    format: MANIFEST_FORMAT,
    name: spec.name,
    description: spec.description,
    specHash: m.specHash,
    ruleSet: spec.ruleSet,
    // Chain vectors the core reproduces per rule set (data/fidelity.json), for the report.
    ...(fidelity ? { fidelity } : {}),
    seed: spec.seed,
    seeds: `run seed = first 16 hex digits of sha256("dtao-lab/run", spec seed, ${spec.commonRandomNumbers ? '"*" (common random numbers)' : 'point'}, replication)`,
    design: { kind: spec.sweep.design, ...(spec.sweep.n !== undefined ? { n: spec.sweep.n } : {}), points: m.points, replications: spec.replications, runs: m.points * spec.replications },
    sweep: { parameters: [...spec.sweep.parameters.map((p) => p.key), ...spec.derived.map((d) => d.key)] },
    columns: m.columns,
    // Tidy-data notes (./columnDocs.ts): dot-free aliases of parameter columns in runs.arrow/.parquet,
    // the series files' columns with types and units, and every agent parameter in force.
    aliases: paramAliases(m.columns),
    seriesFiles: describeSeries(),
    agentParameters: agentParametersInForce(spec),
    ...(m.shard ? { shard: m.shard } : {}),
    status: m.state,
    counts: { total: m.runIds.length, ok, failed, missing: m.runIds.length - ok - failed },
    spec: specIdentity,
    runs,
    version: m.environment.version,
    ...(m.environment.commit ? { commit: m.environment.commit } : {}),
    environment: m.environment,
    startedAt: m.timings.startedAt,
    ...(m.timings.finishedAt ? { finishedAt: m.timings.finishedAt } : {}),
    ...(m.timings.workers !== undefined ? { workers: m.timings.workers } : {}),
    timings: m.timings,
  };
}

const NOT_COMPARED = ['version', 'commit', 'environment', 'startedAt', 'finishedAt', 'workers', 'timings'];

/** The manifest without what may differ between machines, worker counts and sessions. */
export function comparableManifest(m: Manifest | Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) if (!NOT_COMPARED.includes(k)) out[k] = v;
  if (Array.isArray(out.runs)) out.runs = (out.runs as Record<string, unknown>[]).map(({ durationMs: _d, ...r }) => r);
  return out;
}
