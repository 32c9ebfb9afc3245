// The sweep bench's parallel ceiling (bench/sweep.bench.ts): a piscina worker whose runs are a fixed
// amount of plain arithmetic (no allocation, no shared memory) and the fake simulate's small series, run
// through the same runner and pool as real sweeps. Its speed-up at n workers is what this machine allows
// a perfectly parallel sweep: cores, SMT, turbo and other load included.
import { fakeSimulate } from '../test/experiments/fixtures/fakeWorker.ts';
import { runTask } from '../src/experiments/run/task.ts';
import type { RunConfig } from '../src/experiments/types.ts';

/** Iterations of the loop per run (~0.4 s on one busy core of the 2-core dev machine). */
export const SPIN_ITERATIONS = 20_000_000;

export function spin(iterations: number): number {
  let x = 0;
  for (let i = 0; i < iterations; i++) x = (x * 1.0000001 + i) % 1e6;
  return x;
}

export default function task(cfg: RunConfig): unknown {
  return runTask((c) => {
    const x = spin(SPIN_ITERATIONS);
    const r = fakeSimulate({ ...c, params: { ...c.params, fast: 1 } });
    r.summary.finalRootStakeShare = x; // keeps the loop's result live
    const fam = r.series.families.columns.family;
    if (fam) for (let i = 0; i < fam.length; i++) fam[i] = i % 2;
    return r;
  }, cfg);
}
