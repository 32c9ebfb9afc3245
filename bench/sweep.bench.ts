// Sweep throughput (runs per second of the real simulate through the runner, writing included) at
// each worker count, the speed-up and parallel efficiency against 1 worker, and the peak memory of
// a 10,000-run sweep (a fake simulate with realistic series, in a child process so that its RSS is
// the sweep's own). Prints nothing; bench/run.ts prints the table.
//   sweepRunsPerSec<n>      end to end: runs / wall time, starting the pool included
//   speedup<n>, efficiency<n>  steady state: the runs after the first n / the time after the first result, so the
//                           one-off start-up (workers loading the simulator) does not hide scaling
//   speedup<n>EndToEnd      the same ratio of end-to-end rates
//   ceiling<n>              this machine's parallel ceiling: the steady speed-up of a trivially parallel sweep (each run a
//                           fixed arithmetic loop, bench/spinWorker.ts) through the same runner and piscina pool, timed in
//                           the same bench run right after the real sweep at each worker count
//   ofCeiling<n>            speedup<n> / ceiling<n>: the share of what this machine allows that the real sweep gets
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runExperiment } from '../src/experiments/run/runner.ts';
import { parseSpec } from '../src/experiments/spec/spec.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * A launch sweep whose runs take ~1 s each on one core of the 2-core dev machine: long enough that the main
 * thread's per-run writing (3 Arrow files, a CSV row, the journal) is small beside the work it waits for, as in
 * real sweeps (the quickstart's runs take ~6 s). With ~0.1 s runs the 2-worker speed-up measured only 1.3×,
 * because on 2 cores the main thread's writing competes with the workers.
 */
const benchSpec = (runs: number) => `name: bench-sweep
description: How many runs per second does a sweep sustain, and how well does it use more workers?
horizon: 20d
sampleEvery: 1d
seed: bench
replications: ${runs}
world: { subnets: 32, minersPerSubnet: 8, rootValidators: 32 }
population:
  herder: { count: 150 }
  noiseTrader: { count: 20 }
  emissionSeller: { count: 8 }
`;

const SPIN_WORKER = join(ROOT, 'bench/spinWorker.ts');

async function timeSweep(workers: number, runs: number, workerFile?: string): Promise<{ endToEnd: number; steady: number }> {
  const out = mkdtempSync(join(tmpdir(), 'dtao-bench-sweep-'));
  try {
    const r = await runExperiment({ loaded: parseSpec(benchSpec(runs)), outRoot: out, workers, ...(workerFile ? { workerFile } : {}) });
    if (r.failed > 0) throw new Error(`bench sweep: ${r.failed} runs failed: ${r.failures[0]?.error}`);
    const first = r.firstResultMs ?? 0;
    // After the first result the n workers are all past start-up: the remaining runs − n finish in wall − first.
    return { endToEnd: runs / (r.wallMs / 1000), steady: (runs - workers) / ((r.wallMs - first) / 1000) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Runs/s per worker count (`sweepRunsPerSec<n>`), `speedup<n>` and `efficiency<n>` against 1 worker, and `sweepPeakRssMb10k`. */
export async function benchSweep(workers: number[] = [1, 2], memoryRuns = 10_000): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const runs = Math.max(12, 3 * Math.max(...workers)); // enough runs to amortise starting the pool
  const counts = [...new Set([1, ...workers])].sort((a, b) => a - b);
  const rates = new Map<number, { endToEnd: number; steady: number }>();
  const spins = new Map<number, { endToEnd: number; steady: number }>();
  for (const n of counts) {
    const t = await timeSweep(n, runs);
    rates.set(n, t);
    out[`sweepRunsPerSec${n}`] = t.endToEnd;
    spins.set(n, await timeSweep(n, runs, SPIN_WORKER));
  }
  const one = rates.get(1)!;
  const spinOne = spins.get(1)!;
  for (const n of counts) {
    if (n === 1) continue;
    const t = rates.get(n)!;
    out[`speedup${n}`] = t.steady / one.steady;
    out[`efficiency${n}`] = out[`speedup${n}`]! / n;
    out[`speedup${n}EndToEnd`] = t.endToEnd / one.endToEnd;
    out[`ceiling${n}`] = spins.get(n)!.steady / spinOne.steady;
    out[`ofCeiling${n}`] = out[`speedup${n}`]! / out[`ceiling${n}`]!;
  }
  if (memoryRuns > 0) out[`sweepPeakRssMb${memoryRuns >= 1000 ? `${memoryRuns / 1000}k` : memoryRuns}`] = peakRssMb(memoryRuns);
  return out;
}

/** Peak RSS (MB) of a process that runs an n-run sweep of the fake simulate on 2 workers. */
export function peakRssMb(n: number): number {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--memory-child', String(n)], { cwd: ROOT, encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`memory bench failed (${r.status}): ${r.stderr.slice(-500)}`);
  return (JSON.parse(line) as { maxRssMb: number }).maxRssMb;
}

if (process.argv[2] === '--memory-child') {
  const n = Number(process.argv[3]);
  const out = mkdtempSync(join(tmpdir(), 'dtao-bench-mem-'));
  try {
    // 16 subnets × 31 samples per run: the series of a 30-day, 16-subnet run.
    const spec = `name: bench-memory\ndescription: Does a long sweep stay within its memory?\nhorizon: 30d\nsampleEvery: 1d\nseed: mem\nreplications: ${n}\nsweep:\n  parameters:\n    fast: [1]\n    subnetRows: [16]\n`;
    const r = await runExperiment({ loaded: parseSpec(spec), outRoot: out, workers: 2, workerFile: join(ROOT, 'test/experiments/fixtures/fakeWorker.ts') });
    if (r.ok !== n) throw new Error(`${r.failed} failed`);
    console.log(JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024, runs: n, wallMs: r.wallMs }));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
