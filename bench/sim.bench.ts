// Simulation speed: an agent-free run of the default world (64 subnets, 64 root validators registered
// on every subnet, the root validators' weight-setting world process) under the launch rule set.
// A year of blocks is run outright when a week-long calibration run (best of two) predicts it takes
// under 60 s; otherwise the year's time is the calibration rate scaled to 365 days.
import { pathToFileURL } from 'node:url';
import { DEFAULT_WORLD } from '../src/agents/world.ts';
import { simulate } from '../src/experiments/run/simulate.ts';
import type { RunConfig } from '../src/experiments/types.ts';

const DAY = 7200;
const YEAR = 365 * DAY;
const CALIBRATION = 7 * DAY;
const YEAR_BUDGET_SEC = 60;

function agentFree(horizon: number): RunConfig {
  return {
    experiment: 'bench-sim', run: 0, point: 0, replication: 0, seed: 'bench-sim', ruleSet: 'launch-2025-02', chain: {},
    world: { ...DEFAULT_WORLD }, population: [], horizon, sampleEvery: DAY, params: {}, metrics: {},
  };
}

/** Seconds for an agent-free run of `horizon` blocks (genesis and sampling included). */
function timeRun(horizon: number): number {
  const t0 = performance.now();
  const r = simulate(agentFree(horizon));
  const sec = (performance.now() - t0) / 1000;
  if (r.status !== 'ok') throw new Error(`bench run failed: ${r.error}`);
  return sec;
}

export function benchSim(): { simBlocksPerSec: number; agentFreeYearSec: number } {
  timeRun(DAY / 4); // warm-up: JIT and module initialisation
  const sec = Math.min(timeRun(CALIBRATION), timeRun(CALIBRATION)); // best of two: timer noise is one-sided
  const simBlocksPerSec = CALIBRATION / sec;
  const predicted = YEAR / simBlocksPerSec;
  const agentFreeYearSec = predicted < YEAR_BUDGET_SEC ? timeRun(YEAR) : predicted;
  return { simBlocksPerSec, agentFreeYearSec };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(benchSim())}\n`);
}
