// What a sweep will cost before it runs (`lab run SPEC --dry-run`, and the line a real sweep prints
// first): the runs, blocks and agents the spec implies, and a predicted CPU and wall time for this
// machine and the chosen workers. The prediction comes from a short timed probe of the first run: a
// warm-up run of its first day (discarded: the first pass through the code includes the JIT compiling it,
// which made a cold 2-day probe predict 2.6x the quickstart's real cost; a quarter-day warm-up left
// estimates 4x apart between two dry runs), then its genesis, its first day and its
// first PROBE_DAYS, each timed from scratch (same seed, so each is a prefix of the next). A run is
// predicted as its first day (launch-week trading is dearest) plus the cost per block of days 1 to
// PROBE_DAYS for the rest of the horizon, and multiplied by the runs; the wall time divides the CPU time
// by min(workers, cores) and scales it by the probe's own wall/CPU ratio (a busy machine stretches both).
// Simplifications, said in the output: every run costs what the probed one does (points that change the
// population or the world cost more or less), and the cost per block after day PROBE_DAYS stays what
// days 1 to PROBE_DAYS cost. Writes nothing.
import os from 'node:os';
import { pointsOf, runConfig } from '../spec/design.ts';
import { simulate } from './simulate.ts';
import type { LoadedSpec } from '../spec/spec.ts';
import { BLOCKS_PER_DAY } from '../spec/specSchema.ts';
import type { RunConfig } from '../types.ts';

/** Simulated days of the probe run (fewer when the horizon is shorter); its first third is timed apart. */
export const PROBE_DAYS = 3;

export interface SweepEstimate {
  points: number;
  replications: number;
  runs: number;
  blocksPerRun: number;
  totalBlocks: number;
  /** Agents per run: the smallest and largest population over the points. */
  agentsMin: number;
  agentsMax: number;
  /** World UIDs at genesis per run: subnets × (owner + root validators + miners). */
  worldUids: number;
  workers: number;
  cores: number;
  /** Blocks of the probe's first part (a third of probeBlocks: one day by default) and of the whole probe. */
  probeFirstBlocks: number;
  probeBlocks: number;
  /** Seconds of CPU of the probe (each after the warm-up): genesis alone, genesis plus probeFirstBlocks, genesis plus probeBlocks. */
  probeGenesisCpuSec: number;
  probeFirstCpuSec: number;
  probeCpuSec: number;
  /** Predicted CPU seconds of one run, of the whole sweep, and its wall time with `workers`. */
  runCpuSec: number;
  cpuSec: number;
  wallSec: number;
}

function cpuSecondsOf(cfg: RunConfig): { cpu: number; wall: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = simulate(cfg, { trusted: true }); // runConfig() of a parsed spec, as the runner's workers
  const c = process.cpuUsage(c0);
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 'ok') throw new Error(`the cost probe (run 0, ${cfg.horizon} blocks) failed: ${r.error}`);
  return { cpu: (c.user + c.system) / 1e6, wall };
}

/** Time a probe of the first run and extrapolate to the sweep (run on the calling thread; takes seconds). */
export function estimateSweep(loaded: LoadedSpec, workers: number, runsToDo?: number, probeDays = PROBE_DAYS): SweepEstimate {
  const { spec } = loaded;
  const points = pointsOf(loaded);
  const runs = runsToDo ?? points.length * spec.replications;
  const first = runConfig(spec, points, 0);
  let agentsMin = Number.POSITIVE_INFINITY;
  let agentsMax = 0;
  for (let p = 0; p < points.length; p++) {
    const cfg = p === 0 ? first : runConfig(spec, points, p * spec.replications);
    const agents = cfg.population.reduce((s, e) => s + e.count, 0);
    agentsMin = Math.min(agentsMin, agents);
    agentsMax = Math.max(agentsMax, agents);
  }
  const w = first.world;
  const worldUids = w.subnets * (1 + w.rootValidators + w.minersPerSubnet);
  const probeBlocks = Math.max(1, Math.min(spec.horizon, Math.round(probeDays * BLOCKS_PER_DAY)));
  // A horizon this short is probed whole (one timed run); else the first part, then days 1..PROBE_DAYS's rate.
  const whole = probeBlocks >= spec.horizon;
  const probeFirstBlocks = whole ? probeBlocks : Math.max(1, Math.round(probeBlocks / 3));
  cpuSecondsOf({ ...first, horizon: probeFirstBlocks }); // warm-up: the JIT, not the run
  const genesis = cpuSecondsOf({ ...first, horizon: 0 });
  // The first part is timed first, as measured against real runs (the order moves the JIT's leftovers between them).
  const firstPart = cpuSecondsOf({ ...first, horizon: probeFirstBlocks });
  const probe = whole ? firstPart : cpuSecondsOf({ ...first, horizon: probeBlocks });
  const perBlock = probeBlocks > probeFirstBlocks ? Math.max(0, probe.cpu - firstPart.cpu) / (probeBlocks - probeFirstBlocks) : 0;
  const runCpuSec = whole ? probe.cpu : firstPart.cpu + perBlock * (spec.horizon - probeFirstBlocks);
  const cores = os.availableParallelism();
  const cpuSec = runCpuSec * runs;
  const stretch = probe.cpu > 0 ? Math.max(1, probe.wall / probe.cpu) : 1;
  const parallel = Math.max(1, Math.min(workers, cores, runs));
  return {
    points: points.length, replications: spec.replications, runs, blocksPerRun: spec.horizon, totalBlocks: spec.horizon * runs,
    agentsMin: Number.isFinite(agentsMin) ? agentsMin : 0, agentsMax, worldUids, workers, cores, probeFirstBlocks, probeBlocks,
    probeGenesisCpuSec: genesis.cpu, probeFirstCpuSec: firstPart.cpu, probeCpuSec: probe.cpu, runCpuSec, cpuSec, wallSec: (cpuSec / parallel) * stretch,
  };
}

/** "1 h 02 min", "3 min 20 s", "12.3 s". */
export function formatSeconds(sec: number): string {
  if (!Number.isFinite(sec)) return String(sec);
  if (sec < 60) return `${sec.toFixed(1)} s`;
  const m = Math.round(sec / 60);
  if (sec < 3600) return `${Math.floor(sec / 60)} min ${String(Math.round(sec % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The estimate as the lines `run --dry-run` prints. */
export function describeEstimate(name: string, e: SweepEstimate): string[] {
  const days = (b: number) => Number((b / BLOCKS_PER_DAY).toFixed(2));
  const agents = e.agentsMin === e.agentsMax ? `${e.agentsMax}` : `${e.agentsMin}–${e.agentsMax}`;
  return [
    `${name}: ${e.points} points × ${e.replications} replications${e.runs === e.points * e.replications ? ` = ${e.runs} runs` : `, ${e.runs} runs in this shard`} of ${e.blocksPerRun} blocks (${days(e.blocksPerRun)} days); ${e.totalBlocks} blocks in all`,
    `  per run: ${agents} agents on ${e.worldUids} world UIDs at genesis`,
    `  probe: run 0 after a warm-up, genesis ${e.probeGenesisCpuSec.toFixed(2)} s CPU, ${e.probeFirstBlocks < e.probeBlocks ? `${e.probeFirstBlocks} blocks (${days(e.probeFirstBlocks)} days) ${e.probeFirstCpuSec.toFixed(2)} s CPU, ` : ''}${e.probeBlocks} blocks (${days(e.probeBlocks)} days) ${e.probeCpuSec.toFixed(2)} s CPU`,
    `  estimate: ${formatSeconds(e.runCpuSec)} CPU per run, ${formatSeconds(e.cpuSec)} CPU in all, ~${formatSeconds(e.wallSec)} wall on ${e.workers} worker${e.workers > 1 ? 's' : ''} (${e.cores} cores here)`,
    e.probeBlocks >= e.blocksPerRun
      ? '  (every run assumed to cost what run 0 does; points that change the population or world may differ)'
      : `  (every run assumed to cost what run 0's first ${days(e.probeBlocks)} days predict; points that change the population or world may differ)`,
  ];
}

/** Estimate and print (false, after printing why, when the probe run failed). */
export function printEstimate(loaded: LoadedSpec, workers: number, runsToDo: number, write: (line: string) => void): boolean {
  let e: SweepEstimate;
  try {
    e = estimateSweep(loaded, workers, runsToDo);
  } catch (err) {
    write(`  no cost estimate: ${(err as Error).message}`);
    return false;
  }
  for (const line of describeEstimate(loaded.spec.name, e)) write(line);
  return true;
}
