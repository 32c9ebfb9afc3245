// `dtao-lab run SPEC`: the sweep (or one shard of it) through the worker pool, then the report. The sweep
// machinery (piscina, the results store, Arrow/Parquet) is loaded only here: `simulate` starts without it.
import os from 'node:os';
import { join } from 'node:path';
import { NO_PROGRESS } from '../experiments/run/progress.ts';
import { FolderError, ResultsExistError, runExperiment } from '../experiments/run/runner.ts';
import { parseShard, ShardError, type Shard } from '../experiments/results/shard.ts';
import { pointsOf } from '../experiments/spec/design.ts';
import { err, load, onInterrupt, out, printFailures, report, show } from './common.ts';
import { createProgress } from './progress.ts';

export interface RunArgs {
  spec: string;
  workers?: number;
  out?: string;
  resume?: boolean;
  shard?: string;
  report?: boolean;
  progress?: boolean;
  allowLarge?: boolean;
  /** Print what the sweep implies and what it will cost (a timed probe); write nothing. */
  dryRun?: boolean;
}
export async function runCommand(a: RunArgs): Promise<number> {
  const loaded = load(a.spec, a.allowLarge);
  if (!loaded) return 2;
  const { spec, hash } = loaded;
  const asked = a.workers ?? spec.workers ?? os.availableParallelism();
  if (!Number.isInteger(asked) || asked < 1 || asked > 1024) {
    err(`--workers: expected an integer in [1, 1024], got ${a.workers}`);
    return 2;
  }
  let shard: Shard | undefined;
  try {
    shard = parseShard(a.shard);
  } catch (e) {
    if (e instanceof ShardError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
  const runs = pointsOf(loaded).length * spec.replications;
  const mine = shard ? Math.max(0, Math.ceil((runs - shard.index) / shard.count)) : runs;
  const workers = Math.max(1, Math.min(asked, mine)); // no more threads than runs
  process.stderr.write(
    `${spec.name} (${hash}): ${runs / spec.replications} points × ${spec.replications} replications = ${runs} runs` +
      `${shard ? `; shard ${shard.index}/${shard.count} (${shard.source}): ${mine} runs` : ''}; ${workers} worker${workers > 1 ? 's' : ''}\n`,
  );
  // The cost estimate (src/experiments/run/estimate.ts): all of a dry run; the sweep's first lines otherwise.
  if (a.dryRun || !process.env.DTAO_LAB_WORKER) {
    const { printEstimate } = await import('../experiments/run/estimate.ts');
    const ok = printEstimate(loaded, workers, mine, a.dryRun ? out : (l) => process.stderr.write(`${l}\n`));
    if (a.dryRun) return ok ? 0 : 1;
  }

  const interrupt = onInterrupt();
  let result;
  try {
    result = await runExperiment({
      loaded,
      outRoot: a.out ?? 'results',
      workers,
      resume: a.resume ?? false,
      allowLarge: a.allowLarge ?? false,
      ...(shard ? { shard } : {}),
      // Test seam: run the sweep machinery with another worker module (a fake simulate).
      ...(process.env.DTAO_LAB_WORKER ? { workerFile: process.env.DTAO_LAB_WORKER } : {}),
      progress: a.progress === false ? NO_PROGRESS : createProgress(shard ? `${spec.name} ${shard.index}/${shard.count}` : spec.name),
      signal: interrupt.signal,
    });
  } catch (e) {
    if (e instanceof ResultsExistError || e instanceof FolderError) {
      err(e.message);
      return 2;
    }
    throw e;
  } finally {
    interrupt.release();
  }
  const secs = (result.wallMs / 1000).toFixed(1);
  out(`${result.ok} ok, ${result.failed} failed, ${result.missing} missing of ${result.total} runs (${result.ran} run now in ${secs} s) → ${show(result.dir)}`);
  printFailures(result.failures, result.missing);
  if (interrupt.signal.aborted) return 130;
  let code = result.failed > 0 || result.missing > 0 ? 1 : 0;
  if (shard) {
    if (a.report !== false) out(`shard ${shard.index}/${shard.count} done; the report comes after: dtao-lab merge ${show(join(result.dir, '..'))}`);
  } else if (a.report !== false) code = Math.max(code, await report(result.dir));
  return code;
}
