// `lab calibrate SPEC`: run (or resume) a calibration and write its outputs (docs/calibration.md).
// Exit codes as the other commands: 0 done, 1 runs failed or are missing, 2 bad spec or options, 130 interrupted.
import os from 'node:os';
import { relative } from 'node:path';
import { fmt, runCalibration } from '../experiments/calibrate/calibrate.ts';
import { writeCalibration } from '../experiments/calibrate/calibrateReport.ts';
import { loadCalibrationSpec, type CalibrationSpec } from '../experiments/calibrate/calibrateSpec.ts';
import { onInterrupt } from './common.ts';
import { createProgress } from './progress.ts';
import { NO_PROGRESS } from '../experiments/run/progress.ts';
import { ResultsExistError } from '../experiments/run/runner.ts';
import { SpecError } from '../experiments/spec/spec.ts';

export interface CalibrateArgs {
  spec: string;
  workers?: number;
  out?: string;
  resume?: boolean;
  progress?: boolean;
}

const err = (line: string) => process.stderr.write(`dtao-lab: ${line}\n`);
const out = (line: string) => process.stdout.write(`${line}\n`);
const show = (p: string) => (relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p) || '.');

export async function calibrateCommand(a: CalibrateArgs): Promise<number> {
  let c: CalibrationSpec;
  try {
    c = loadCalibrationSpec(a.spec);
  } catch (e) {
    if (e instanceof SpecError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
  const workers = a.workers ?? c.base.spec.workers ?? os.availableParallelism();
  if (!Number.isInteger(workers) || workers < 1 || workers > 1024) {
    err(`--workers: expected an integer in [1, 1024], got ${a.workers}`);
    return 2;
  }
  const interrupt = onInterrupt('continue with --resume');
  let result;
  try {
    result = await runCalibration(c, {
      outRoot: a.out ?? 'results', workers, resume: a.resume ?? false, signal: interrupt.signal,
      ...(process.env.DTAO_LAB_WORKER ? { workerFile: process.env.DTAO_LAB_WORKER } : {}),
      progress: (label) => (a.progress === false ? NO_PROGRESS : createProgress(label)),
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (e) {
    if (e instanceof ResultsExistError) {
      err(e.message);
      return 2;
    }
    throw e;
  } finally {
    interrupt.release();
  }
  const report = await writeCalibration(c, result);
  if (result.best) {
    out(`best (distance ${fmt(result.best.distance)}): ${Object.entries(result.best.values).map(([k, v]) => `${k} = ${fmt(v)}`).join(', ')}`);
    out(`accepted ${result.accepted.length} of ${result.points.length} points (distance ≤ ${fmt(result.tolerance)})`);
  }
  out(`calibration: ${show(report)}`);
  if (interrupt.signal.aborted) return 130;
  const bad = result.stages.some((s) => s.runner.failed > 0 || s.runner.missing > 0);
  return result.complete && !bad ? 0 : 1;
}
