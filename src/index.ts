// dtao-lab's public API (the package's only entry point, `import { … } from 'dtao-lab'`): load a spec,
// simulate one run, run a sweep, open its results, merge shards, list the shipped scenarios.
// Everything else under src/ is internal and may change without notice.
import os from 'node:os';
import { pointsOf, runConfig } from './experiments/spec/design.ts';
import { NO_PROGRESS } from './experiments/run/progress.ts';
import { runExperiment, type RunnerResult } from './experiments/run/runner.ts';
import { resolveSpecFile } from './experiments/spec/scenarios.ts';
import { simulate } from './experiments/run/simulate.ts';
import { loadSpec, parseSpec, type LoadedSpec } from './experiments/spec/spec.ts';
import type { RunResult } from './experiments/types.ts';

export { loadSpec, parseSpec, SpecError, type ExperimentSpec, type LoadedSpec } from './experiments/spec/spec.ts';
export { listScenarios, type ScenarioInfo } from './experiments/spec/scenarios.ts';
export { knownScenarios, resolveSpecFile, EXPERIMENTS_DIR } from './experiments/spec/scenarios.ts';
export { mergeShards, ShardError, type MergeResult, type Shard } from './experiments/results/shard.ts';
export { openResults, type Results, type OpenOptions } from './experiments/results/results.ts';
export type { RunColumns } from './experiments/results/store.ts';
export type { Manifest } from './experiments/results/manifest.ts';
export { SERIES_KINDS, SUMMARY_METRICS, type ParamValue, type RunConfig, type RunResult, type SeriesKind } from './experiments/types.ts';
export type { RunnerResult } from './experiments/run/runner.ts';

// ---- Replay (`dtao-lab replay FILE`, docs/replay-format.md) -------------------------------------
export { parseReplayFile, runReplay, FormatError, type ReplayFile, type Report as ReplayReport } from './replay/replay.ts';
export { exportGenesis, type Snapshot } from './replay/export.ts';
// ---------------------------------------------------------------------------------------------------

/** A spec from a file path, a shipped scenario's name ('launch', 'quickstart'), or an already loaded spec. */
export function spec(from: string | LoadedSpec): LoadedSpec {
  return typeof from === 'string' ? loadSpec(resolveSpecFile(from)) : from;
}

/** Simulate one run of a spec in this thread: the given point of its design and replication (default 0, 0). */
export function simulateRun(from: string | LoadedSpec, at: { point?: number; replication?: number } = {}): RunResult {
  const loaded = spec(from);
  const points = pointsOf(loaded);
  const point = at.point ?? 0;
  const replication = at.replication ?? 0;
  if (!Number.isInteger(point) || point < 0 || point >= points.length) throw new RangeError(`point: expected an integer in [0, ${points.length - 1}], got ${point}`);
  if (!Number.isInteger(replication) || replication < 0 || replication >= loaded.spec.replications) {
    throw new RangeError(`replication: expected an integer in [0, ${loaded.spec.replications - 1}], got ${replication}`);
  }
  return simulate(runConfig(loaded.spec, points, point * loaded.spec.replications + replication), { trusted: true }); // a loaded spec is a validated one
}

export interface SweepOptions {
  /** Results root (default 'results'): the sweep writes <out>/<experiment>/<spec hash>/. */
  out?: string;
  /** Worker threads (default: the spec's `workers`, else the available parallelism). */
  workers?: number;
  /** Run only the runs missing from an earlier, interrupted sweep. */
  resume?: boolean;
  /** Run one slice of the sweep: runs r with r mod count = index. */
  shard?: { index: number; count: number };
  /** Stop submitting runs when aborted; what finished is written. */
  signal?: AbortSignal;
}

/** Run a spec's whole sweep (or one shard of it) in worker threads and write its results folder (no report). */
export function runSweep(from: string | LoadedSpec, o: SweepOptions = {}): Promise<RunnerResult> {
  const loaded = spec(from);
  return runExperiment({
    loaded,
    outRoot: o.out ?? 'results',
    workers: o.workers ?? loaded.spec.workers ?? os.availableParallelism(),
    resume: o.resume ?? false,
    ...(o.shard ? { shard: { ...o.shard, source: 'api' } } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    progress: NO_PROGRESS,
  });
}

/** Write report.html (and figures/) for a results folder; resolves to the report's path. */
export async function writeReport(dir: string): Promise<string> {
  return (await import('./experiments/report/index.ts')).writeReport(dir);
}
