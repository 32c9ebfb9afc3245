// The piscina worker: one task = one run of the real simulate (./task.ts does the wrapping).
// simulate is imported statically: tsx's loader does not serve dynamic imports of .ts files inside
// worker threads (Node 20), while static imports work.
import { simulate } from './simulate.ts';
import { runTask } from './task.ts';
import type { RunConfig } from '../types.ts';

export default function task(cfg: RunConfig): unknown {
  return runTask(simulate, cfg);
}
