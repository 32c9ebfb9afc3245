// Reduced scenario runs for the scenario tests: load an experiments/*.yaml spec (so the test checks the
// file a researcher runs), shrink it in code — fewer subnets, agents, blocks, replications, swept values —
// run every (point, replication) with simulate() in this process, and read the results back by point.
// The reduction never changes what a scenario asks, only its size; each test says what it shrank and why.
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValueSpec, WorldSpec } from '../../src/agents/types.ts';
import { buildPoints, runConfig } from '../../src/experiments/spec/design.ts';
import { simulate } from '../../src/experiments/run/simulate.ts';
import { loadSpec, type ExperimentSpec } from '../../src/experiments/spec/spec.ts';
import { durationBlocks } from '../../src/experiments/spec/specSchema.ts';
import type { ParamValue, RunConfig, RunResult } from '../../src/experiments/types.ts';

export const DAY = 7200;

export interface Reduction {
  /** Blocks, or a duration such as "30d". */
  horizon?: number | string;
  sampleEvery?: number | string;
  replications?: number;
  /** World fields to override (e.g. subnets; rootStake and issued when the scenario scales them). */
  world?: Partial<WorldSpec>;
  /** Rule-parameter overrides added to the spec's. */
  chain?: Record<string, unknown>;
  /** Every family's count × scale, rounded; a non-zero count stays ≥ 1. */
  scale?: number;
  /** Explicit counts by family (after scale). */
  counts?: Record<string, number>;
  /** Family parameters to override (family → parameter → value). */
  params?: Record<string, Record<string, ValueSpec>>;
  /** Keep only these values of a swept parameter (by key); a parameter absent here keeps all its values. */
  sweep?: Record<string, ParamValue[]>;
  /** A different seed (the spec's by default). */
  seed?: string;
}

/** Absolute path of a scenario spec in experiments/. */
export function scenarioFile(name: string): string {
  if (isAbsolute(name)) return name;
  return fileURLToPath(new URL(`../../experiments/${name}`, import.meta.url));
}

function blocks(v: number | string, what: string): number {
  const b = durationBlocks(v);
  if (typeof b === 'string') throw new Error(`${what}: ${b}`);
  return b;
}

/** The spec in `file`, shrunk. The result is checked against the same families and world ranges as the file. */
export function reduceSpec(file: string, r: Reduction = {}): ExperimentSpec {
  const { spec } = loadSpec(scenarioFile(file));
  const out: ExperimentSpec = structuredClone(spec);
  if (r.horizon !== undefined) out.horizon = blocks(r.horizon, 'horizon');
  if (r.sampleEvery !== undefined) out.sampleEvery = blocks(r.sampleEvery, 'sampleEvery');
  out.sampleEvery = Math.min(out.sampleEvery, out.horizon);
  if (r.replications !== undefined) out.replications = r.replications;
  if (r.seed !== undefined) out.seed = r.seed;
  out.world = { ...out.world, ...r.world };
  out.chain = { ...out.chain, ...r.chain };
  for (const e of out.population) {
    if (r.scale !== undefined && e.count > 0) e.count = Math.max(1, Math.round(e.count * r.scale));
    if (r.counts?.[e.family] !== undefined) e.count = r.counts[e.family]!;
    if (r.params?.[e.family]) e.params = { ...e.params, ...r.params[e.family] };
  }
  for (const family of [...Object.keys(r.counts ?? {}), ...Object.keys(r.params ?? {})]) {
    if (!out.population.some((e) => e.family === family)) throw new Error(`reduceSpec(${file}): family "${family}" is not in the spec's population`);
  }
  for (const [key, keep] of Object.entries(r.sweep ?? {})) {
    const p = out.sweep.parameters.find((q) => q.key === key);
    if (!p) throw new Error(`reduceSpec(${file}): "${key}" is not swept`);
    p.values = { kind: 'list', values: keep };
  }
  return out;
}

/** One RunConfig per (point, replication), in the runner's order (point-major). */
export function runConfigs(spec: ExperimentSpec): RunConfig[] {
  const points = buildPoints(spec);
  return Array.from({ length: points.length * spec.replications }, (_, run) => runConfig(spec, points, run));
}

export interface PointResult {
  point: number;
  values: Record<string, ParamValue>;
  runs: RunResult[];
}

/** Simulate every run of the spec; throws on a failed run (a scenario's outcome is meaningless then). */
export function runSpec(spec: ExperimentSpec, tweak?: (cfg: RunConfig) => void): PointResult[] {
  const out: PointResult[] = [];
  for (const cfg of runConfigs(spec)) {
    tweak?.(cfg);
    const r = simulate(cfg);
    if (r.status !== 'ok') throw new Error(`run ${cfg.run} (${JSON.stringify(cfg.params)}) failed: ${r.error}`);
    let p = out.find((q) => q.point === cfg.point);
    if (!p) out.push((p = { point: cfg.point, values: cfg.params, runs: [] }));
    p.runs.push(r);
  }
  return out;
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Mean of a summary metric over a point's replications. */
export function summaryMean(p: PointResult, metric: string): number {
  return mean(p.runs.map((r) => r.summary[metric]!));
}

/** The point whose swept values include all of `values`. */
export function pointWith(points: readonly PointResult[], values: Record<string, ParamValue>): PointResult {
  const p = points.find((q) => Object.entries(values).every(([k, v]) => q.values[k] === v));
  if (!p) throw new Error(`no point with ${JSON.stringify(values)}`);
  return p;
}

/** A network-series column of one run. */
export function networkColumn(r: RunResult, name: string): Float64Array {
  const col = r.series.network.columns[name];
  if (!col) throw new Error(`no network column "${name}"`);
  return col;
}

/** Spot prices of every subnet at sample k of a run (the subnets series is sample-major). */
export function pricesAt(r: RunResult, k: number): number[] {
  const samples = r.series.network.columns.block!.length;
  const sub = r.series.subnets.columns;
  const n = sub.block!.length / samples;
  return Array.from(sub.price!.subarray(k * n, (k + 1) * n));
}

/** The value of a subnet-series column per subnet at the last sample. */
export function lastSubnetValues(r: RunResult, name: string): number[] {
  const samples = r.series.network.columns.block!.length;
  const col = r.series.subnets.columns[name]!;
  const n = col.length / samples;
  return Array.from(col.subarray((samples - 1) * n));
}

/** The value of a subnet-series column per subnet at sample k (0 = genesis). */
export function subnetValuesAt(r: RunResult, name: string, k: number): number[] {
  const samples = r.series.network.columns.block!.length;
  const col = r.series.subnets.columns[name]!;
  const n = col.length / samples;
  return Array.from(col.subarray(k * n, (k + 1) * n));
}
