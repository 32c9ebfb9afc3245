// manifest.json: what was run (spec, seeds, design, columns), the status of every run, and the
// environment and timings. Built by one function for a single machine, a shard and a merge, so a
// merge writes what one machine would have — apart from `comparableManifest`'s exclusions (timings
// and the environment, which legitimately differ between machines).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { paramAliases } from './arrowSchema.ts';
import { agentParametersInForce, describeSeries } from './columnDocs.ts';
import type { ExperimentSpec } from './spec.ts';
import { runSeed } from './seeds.ts';
import type { RunColumns } from './store.ts';

export const MANIFEST_FORMAT = 1;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

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
  state: 'running' | 'complete' | 'incomplete';
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

export function buildManifest(m: ManifestInput): Record<string, unknown> {
  const { spec } = m;
  const { workers: _w, ...specIdentity } = spec;
  let ok = 0;
  let failed = 0;
  const runs = m.runIds.map((run) => {
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
export function comparableManifest(m: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) if (!NOT_COMPARED.includes(k)) out[k] = v;
  if (Array.isArray(out.runs)) out.runs = (out.runs as Record<string, unknown>[]).map(({ durationMs: _d, ...r }) => r);
  return out;
}
