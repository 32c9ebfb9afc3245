// A year of the default world with a mixed population (bench/specs/mixed-10d.yaml: 64 full subnets ×
// 256 UIDs, launch rules, 300 herders, 20 yield validators, 200 passive stakers, 10 emission sellers,
// 20 noise traders, 150 miners), the figure users pay for. A 2-day calibration run (genesis timed
// apart) predicts the year; the year is run outright when the prediction is under YEAR_BUDGET_SEC,
// else the prediction is reported and yearExtrapolated = 1 says so.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildPoints, runConfig } from '../src/experiments/spec/design.ts';
import { simulate } from '../src/experiments/run/simulate.ts';
import { loadSpec } from '../src/experiments/spec/spec.ts';
import type { RunConfig } from '../src/experiments/types.ts';

const DAY = 7200;
const YEAR = 365 * DAY;
const CALIBRATION = 2 * DAY;
const YEAR_BUDGET_SEC = 60;
export const MIXED_SPEC = fileURLToPath(new URL('./specs/mixed-10d.yaml', import.meta.url));

function config(horizon: number): RunConfig {
  const { spec } = loadSpec(MIXED_SPEC);
  return { ...runConfig(spec, buildPoints(spec), 0), horizon };
}

/** Wall and CPU seconds for a run of `horizon` blocks of the mixed world (genesis and sampling included). */
function timeRun(horizon: number): { wall: number; cpu: number } {
  const cfg = config(horizon);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = simulate(cfg);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  if (r.status !== 'ok') throw new Error(`year bench run failed: ${r.error}`);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

/**
 * yearSec: wall seconds of the year (measured or predicted); yearCpuSec the same in CPU seconds (the
 * steadier figure on a shared machine); mixedDaySec: wall seconds per simulated day past genesis.
 */
export function benchYear(): { yearSec: number; yearCpuSec: number; yearExtrapolated: number; mixedDaySec: number } {
  timeRun(DAY / 8); // warm-up: JIT and module initialisation
  const g1 = timeRun(1);
  const g2 = timeRun(1);
  const genesis = g1.wall < g2.wall ? g1 : g2;
  const calib = timeRun(CALIBRATION);
  const days = CALIBRATION / DAY;
  const mixedDaySec = Math.max(0, calib.wall - genesis.wall) / days;
  const predicted = genesis.wall + 365 * mixedDaySec;
  if (predicted < YEAR_BUDGET_SEC) {
    const y = timeRun(YEAR);
    return { yearSec: y.wall, yearCpuSec: y.cpu, yearExtrapolated: 0, mixedDaySec };
  }
  const yearCpuSec = genesis.cpu + (365 * Math.max(0, calib.cpu - genesis.cpu)) / days;
  return { yearSec: predicted, yearCpuSec, yearExtrapolated: 1, mixedDaySec };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(benchYear())}\n`);
}
