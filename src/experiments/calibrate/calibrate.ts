// Simulation-based calibration (docs/calibration.md): stage 1 is a Latin hypercube over the free
// parameters' ranges; each later stage is a new LHS over the box spanned by the best `keep` share of
// all points so far, padded and clipped to the ranges (sequential narrowing). Every point runs the
// spec's replications with common random numbers; a point's distance is sqrt(mean z²) over the targets,
// z its mean's miss scaled by the target's band. The accepted set is the best `accept` share of all
// points (ABC rejection with the tolerance at that quantile). Each stage is an ordinary sweep run by
// the runner into its own subfolder, so workers, progress and --resume come with it, and every output
// is a function of the stage results alone (byte-identical for any number of workers).
import { buildPoints } from '../spec/design.ts';
import { distance, quantityPath, scaledMiss, targetStat, type QuantityPath, type RunColumnsIn } from '../spec/targets.ts';
import { stageSpec, type CalibrationSpec, type FreeParam } from './calibrateSpec.ts';
import { openResults, type Results } from '../results/results.ts';
import { runColumns } from '../report/observedFit.ts';
import { type Progress } from '../run/progress.ts';
import { runExperiment, type RunnerResult } from '../run/runner.ts';
import { resultsDir } from '../results/store.ts';

export interface EvaluatedPoint {
  stage: number;
  point: number;
  /** Parameter values by key. */
  values: Record<string, number>;
  /** Per target (fitted, then compared): the statistic of each replication, its mean, and the scaled miss of the mean. */
  sims: number[][];
  mean: number[];
  z: number[];
  distance: number;
  /** The stage folder and its run ids (point-major), for reading the series again. */
  dir: string;
  runs: number[];
}

export interface StageSummary {
  stage: number;
  box: FreeParam[];
  dir: string;
  runner: Pick<RunnerResult, 'state' | 'ok' | 'failed' | 'missing' | 'ran' | 'wallMs'>;
}

export interface CalibrationResult {
  dir: string;
  complete: boolean;
  stages: StageSummary[];
  points: EvaluatedPoint[];
  best?: EvaluatedPoint;
  accepted: EvaluatedPoint[];
  tolerance: number;
}

export interface CalibrateOptions {
  outRoot: string;
  workers: number;
  resume?: boolean;
  workerFile?: string | URL;
  /** A progress bar per stage, labelled by the stage. */
  progress?: (label: string) => Progress;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** results/<base name>/calibrate-<hash>/ (or under --out). */
export function calibrationDir(c: CalibrationSpec, outRoot: string): string {
  return resultsDir(outRoot, c.base.spec.name, `calibrate-${c.hash}`);
}

/** Stage folders opened once each (the one results reader; series files are read lazily per run). */
const opened = new Map<string, Results>();
function resultsOf(dir: string): Results {
  let r = opened.get(dir);
  if (!r) {
    r = openResults(dir, { partial: true });
    opened.set(dir, r);
  }
  return r;
}

function columnsOf(dir: string, run: number): RunColumnsIn | null {
  return runColumns(resultsOf(dir), run);
}

/** The quantity paths of one run, by quantity (null when its series are missing). */
export function runPaths(dir: string, run: number, quantities: readonly string[]): Map<string, QuantityPath> | null {
  const cols = columnsOf(dir, run);
  if (!cols) return null;
  return new Map(quantities.map((q) => [q, quantityPath(q, cols)]));
}

/** Evaluate every point of a finished stage against the targets. */
export function evaluateStage(c: CalibrationSpec, stage: number, dir: string, box: readonly FreeParam[]): EvaluatedPoint[] {
  const spec = stageSpec(c, stage, box).spec;
  const points = buildPoints(spec);
  const all = [...c.targets, ...c.compare];
  const quantities = [...new Set(all.map((t) => t.quantity))];
  return points.map((p) => {
    const runs = Array.from({ length: spec.replications }, (_, r) => p.index * spec.replications + r);
    const sims = all.map(() => [] as number[]);
    for (const run of runs) {
      const paths = runPaths(dir, run, quantities);
      all.forEach((t, i) => sims[i]!.push(paths ? targetStat(t, paths.get(t.quantity)!) : Number.NaN));
    }
    const mean = sims.map((s) => s.reduce((a, b) => a + b, 0) / s.length);
    const z = all.map((t, i) => scaledMiss(t, mean[i]!));
    const values = Object.fromEntries(c.parameters.map((q) => [q.key, Number(p.values[q.key])]));
    return { stage, point: p.index, values, sims, mean, z, distance: distance(z.slice(0, c.targets.length)), dir, runs };
  });
}

/** Best first; ties by stage then point (a total order, so results never depend on sort stability). */
export function byDistance(a: EvaluatedPoint, b: EvaluatedPoint): number {
  return a.distance - b.distance || a.stage - b.stage || a.point - b.point;
}

/**
 * The next stage's box: the range of the best `keep` share of all points so far (at least two points),
 * padded by 10% of the full range on each side (in log space for log parameters), clipped to the range.
 */
export function narrowBox(params: readonly FreeParam[], points: readonly EvaluatedPoint[], keep: number): FreeParam[] {
  const ranked = [...points].filter((p) => Number.isFinite(p.distance)).sort(byDistance);
  const top = ranked.slice(0, Math.max(2, Math.ceil(keep * points.length)));
  if (top.length === 0) return params.map((p) => ({ ...p }));
  return params.map((p) => {
    const f = (x: number) => (p.scale === 'log' ? Math.log(x) : x);
    const g = (x: number) => (p.scale === 'log' ? Math.exp(x) : x);
    const lo0 = f(p.from), hi0 = f(p.to);
    let lo = Infinity, hi = -Infinity;
    for (const q of top) {
      lo = Math.min(lo, f(q.values[p.key]!));
      hi = Math.max(hi, f(q.values[p.key]!));
    }
    const pad = 0.1 * (hi0 - lo0);
    lo = Math.max(lo0, lo - pad);
    hi = Math.min(hi0, hi + pad);
    let from = g(lo), to = g(hi);
    if (p.integer) {
      from = Math.floor(from);
      to = Math.max(from + 1, Math.ceil(to));
    }
    return { ...p, from: Math.max(p.from, from), to: Math.min(p.to, to) };
  });
}

/** Run (or resume) every stage, then evaluate the whole calibration. */
export async function runCalibration(c: CalibrationSpec, o: CalibrateOptions): Promise<CalibrationResult> {
  const dir = calibrationDir(c, o.outRoot);
  const log = o.log ?? (() => {});
  const stages: StageSummary[] = [];
  const points: EvaluatedPoint[] = [];
  let box: FreeParam[] = c.parameters.map((p) => ({ ...p }));
  let complete = true;
  for (let k = 1; k <= c.stages; k++) {
    const loaded = stageSpec(c, k, box);
    log(`stage ${k}/${c.stages}: ${c.n} LHS points × ${loaded.spec.replications} replications over ${box.map((p) => `${p.key} ∈ [${fmt(p.from)}, ${fmt(p.to)}]`).join(', ')}`);
    const runner = await runExperiment({
      loaded, outRoot: dir, workers: o.workers, resume: o.resume ?? false,
      ...(o.workerFile ? { workerFile: o.workerFile } : {}),
      ...(o.progress ? { progress: o.progress(`calibrate stage ${k}/${c.stages}`) } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
    stages.push({ stage: k, box, dir: runner.dir, runner: { state: runner.state, ok: runner.ok, failed: runner.failed, missing: runner.missing, ran: runner.ran, wallMs: runner.wallMs } });
    if (runner.state !== 'complete') {
      complete = false;
      break;
    }
    const evaluated = evaluateStage(c, k, runner.dir, box);
    points.push(...evaluated);
    const best = [...points].sort(byDistance)[0]!;
    log(`stage ${k}/${c.stages}: best distance so far ${fmt(best.distance)} at ${Object.entries(best.values).map(([key, v]) => `${key} = ${fmt(v)}`).join(', ')}`);
    if (k < c.stages) box = narrowBox(c.parameters, points, c.keep);
  }
  const ranked = [...points].sort(byDistance);
  const nAccept = Math.max(1, Math.ceil(c.accept * ranked.length));
  const accepted = ranked.filter((p) => Number.isFinite(p.distance)).slice(0, nAccept);
  const tolerance = accepted.length > 0 ? accepted[accepted.length - 1]!.distance : Number.NaN;
  return { dir, complete, stages, points, ...(ranked[0] ? { best: ranked[0] } : {}), accepted, tolerance };
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

