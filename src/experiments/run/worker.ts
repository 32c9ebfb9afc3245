// The piscina worker: one task = one run of the real simulate (./task.ts does the wrapping). The config
// comes from runConfig() of a spec parseSpec validated: the worker checks its shape once (checkRunConfig)
// and builds the model without checking the values again (SimulateHooks.trusted).
// simulate is imported statically: tsx's loader does not serve dynamic imports of .ts files inside
// worker threads (Node 20), while static imports work.
import { simulate } from './simulate.ts';
import { checkRunConfig, runTask } from './task.ts';
import type { RunConfig } from '../types.ts';

const simulateTrusted = (cfg: RunConfig) => simulate(checkRunConfig(cfg), { trusted: true });

export default function task(cfg: RunConfig): unknown {
  return runTask(simulateTrusted, cfg);
}
