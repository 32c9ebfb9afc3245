// Running one task inside a piscina worker: call a simulate function, turn a throw into a failed
// result (so a sweep goes on), and hand the result back with the series' Float64Array buffers
// transferred, not copied (piscina's Transferable protocol; `move` on a plain object
// fails). Separate from ./worker.ts so that tests can build a worker around a fake simulate.
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { SERIES_KINDS, type RunConfig, type RunResult } from '../types.ts';

export type SimulateFn = (cfg: RunConfig) => RunResult;

/** "message (first stack frame)": enough to find a failure from a runs.csv row. */
export function describeFailure(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const frame = e.stack?.split('\n').find((l) => l.trimStart().startsWith('at '))?.trim();
  return frame ? `${e.message} (${frame})` : e.message;
}

/** The error piscina gives the tasks in flight when the pool is destroyed (the runner stopped). */
const POOL_TERMINATED = 'Terminating worker thread';

/**
 * Whether a run's error says it did not fail but was stopped by the runner (an older runner recorded
 * the runs in flight at a write error as "worker failed: Terminating worker thread"): such runs are
 * run again on --resume. A worker that dies on its own (a crash, out of memory) is a real failure.
 */
export function stoppedByRunner(error: string | undefined): boolean {
  return error !== undefined && error.startsWith('worker failed: ') && error.includes(POOL_TERMINATED);
}

/** The result of a run that did not produce one. */
export function failedResult(cfg: Pick<RunConfig, 'run' | 'point' | 'replication' | 'seed' | 'params'>, error: string, durationMs = 0): RunResult {
  const empty = { columns: {} };
  return {
    run: cfg.run,
    point: cfg.point,
    replication: cfg.replication,
    seed: cfg.seed,
    params: cfg.params,
    status: 'failed',
    error,
    durationMs,
    blocksSimulated: 0,
    summary: {},
    series: { network: empty, subnets: empty, families: empty },
    families: [],
    rejections: {},
  };
}

/** Run one config with `simulate`, catching what it throws. */
export function runOne(simulate: SimulateFn, cfg: RunConfig): RunResult {
  const t0 = performance.now();
  try {
    return simulate(cfg);
  } catch (e) {
    return failedResult(cfg, describeFailure(e), performance.now() - t0);
  }
}

/** Wrap a result so its series buffers are transferred to the main thread. */
export function transferable(result: RunResult): unknown {
  const buffers = new Set<ArrayBuffer>();
  for (const kind of SERIES_KINDS) {
    for (const col of Object.values(result.series[kind]?.columns ?? {})) {
      // A view onto a shared or pooled buffer would detach the whole buffer: copy those instead.
      if (col.buffer instanceof ArrayBuffer && col.byteOffset === 0 && col.byteLength === col.buffer.byteLength) buffers.add(col.buffer);
    }
  }
  return move({ [transferableSymbol]: [...buffers], [valueSymbol]: result } as never);
}

export function runTask(simulate: SimulateFn, cfg: RunConfig): unknown {
  return transferable(runOne(simulate, cfg));
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * The one check at the worker boundary: a RunConfig has the shape runConfig() gives (fields, types,
 * integer counts). Its values are not checked again: parseSpec validated each of them once, and the
 * worker builds the model from them as trusted (SimulateHooks.trusted). Throws naming the field.
 */
export function checkRunConfig(cfg: RunConfig): RunConfig {
  const bad = (field: string, want: string): never => {
    throw new Error(`run config: ${field} is not ${want} (a RunConfig comes from runConfig() of a parsed spec)`);
  };
  if (!isMap(cfg)) bad('the config', 'a map');
  for (const f of ['run', 'point', 'replication', 'horizon'] as const) if (!isCount(cfg[f])) bad(f, 'an integer >= 0');
  if (!isCount(cfg.sampleEvery) || cfg.sampleEvery < 1) bad('sampleEvery', 'an integer >= 1');
  for (const f of ['experiment', 'seed', 'ruleSet'] as const) if (typeof cfg[f] !== 'string') bad(f, 'a string');
  for (const f of ['chain', 'world', 'params', 'metrics'] as const) if (!isMap(cfg[f])) bad(f, 'a map');
  if (!Array.isArray(cfg.population)) bad('population', 'a list');
  cfg.population.forEach((e, j) => {
    if (!isMap(e) || typeof e.family !== 'string' || !isCount(e.count) || (e.params !== undefined && !isMap(e.params))) {
      bad(`population[${j}]`, '{ family, count, params }');
    }
  });
  return cfg;
}
