// The experiment commands behind src/cli/index.ts: run, simulate, merge, scenarios. Each returns the exit
// code: 0 done, 1 runs failed or are missing, 2 bad input (spec, --shard, --workers), 130 interrupted.
// A bad spec is reported on one line naming its path in the file, before anything is written.
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { buildPoints, runConfig } from '../experiments/spec/design.ts';
import { createProgress } from './progress.ts';
import { NO_PROGRESS } from '../experiments/run/progress.ts';
import { allowLarge as setAllowLarge, checkSpecFile, isAliasBomb, LimitError } from '../experiments/spec/limits.ts';
import { FolderError, ResultsExistError, runExperiment } from '../experiments/run/runner.ts';
import { ResultsError } from '../experiments/results/results.ts';
import { mergeShards, parseShard, ShardError, type Shard } from '../experiments/results/shard.ts';
import { EXPERIMENTS_DIR, knownScenarios, resolveSpecFile } from '../experiments/spec/scenarios.ts';
import { loadSpec, SpecError, type LoadedSpec } from '../experiments/spec/spec.ts';
import { BLOCKS_PER_DAY } from '../experiments/spec/specSchema.ts';
import { metricDef } from '../experiments/run/metricDictionary.ts';

/** A summary value with its unit from the metric dictionary; NaN says what it means (e.g. "not reached"). */
function summaryCell(name: string, v: number): string {
  const d = metricDef(name, 'summary');
  if (!Number.isFinite(v)) return d?.missing ? `NaN (${d.missing})` : String(v);
  return `${Number(v.toPrecision(6))}${d && d.unit !== '1' && d.unit !== '–' ? ` ${d.unit}` : ''}`;
}

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
export interface SimulateArgs {
  spec: string;
  allowLarge?: boolean;
  point?: number;
  replication?: number;
  json?: boolean;
}
export interface MergeArgs {
  dirs?: string[];
  out?: string;
  report?: boolean;
  /** With --shards: merge exactly this spec's shard folders under the results root (dirs[0], default results/). */
  spec?: string;
  shards?: number;
  /** Seconds to wait for the shards to finish (with --spec); 0 merges what is there now. */
  wait?: number;
}
export interface ScenariosArgs {
  json?: boolean;
}

const err = (line: string) => process.stderr.write(`dtao-lab: ${line}\n`);
const out = (line: string) => process.stdout.write(`${line}\n`);
const show = (p: string) => (relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p) || '.');

/** The spec (a file, or a shipped scenario by name) within the size limits (../experiments/spec/limits.ts), or undefined after printing its one-line error. */
function load(arg: string, allowLarge = false): LoadedSpec | undefined {
  const file = resolveSpecFile(arg);
  try {
    setAllowLarge(allowLarge);
    checkSpecFile(file, allowLarge);
    return loadSpec(file); // parseSpec checks the limits before it builds the points
  } catch (e) {
    if (e instanceof SpecError) {
      err(e.message);
      if (file === arg && !/[./]/.test(arg)) err(`no file ${arg} and no shipped scenario of that name; the scenarios: ${knownScenarios().join(', ')}`);
      return undefined;
    }
    if (e instanceof LimitError) {
      err(e.message.startsWith(file) ? e.message : `${file}: ${e.message}`);
      return undefined;
    }
    if (isAliasBomb(e)) {
      err(`${file}: too many YAML aliases (${(e as Error).message}); a spec needs few or none`);
      return undefined;
    }
    throw e;
  }
}

async function report(dir: string): Promise<number> {
  try {
    const { writeReport } = await import('../experiments/report/index.ts');
    out(`report: ${show(await writeReport(dir))}`);
    return 0;
  } catch (e) {
    err(`the report failed: ${(e as Error).message}`);
    return 1;
  }
}

function printFailures(failures: readonly { run: number; error: string }[], missing: number): void {
  for (const f of failures.slice(0, 10)) out(`  run ${f.run} failed: ${f.error}`);
  if (failures.length > 10) out(`  … and ${failures.length - 10} more failed runs (status and error in runs.csv)`);
  if (missing > 0) out(`  ${missing} runs not run yet: continue with --resume`);
}

/**
 * While a long command runs: the first SIGINT or SIGTERM aborts `signal` so the command writes what finished
 * (`hint` says how to go on), a second quits at once with code 130. `release` removes the handlers.
 */
export function onInterrupt(hint = ''): { signal: AbortSignal; release(): void } {
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    err(`interrupted: writing what finished (press Ctrl-C again to quit at once)${hint ? `; ${hint}` : ''}`);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: abort.signal,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
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
  const runs = buildPoints(spec).length * spec.replications;
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

export async function simulateCommand(a: SimulateArgs): Promise<number> {
  const loaded = load(a.spec, a.allowLarge);
  if (!loaded) return 2;
  const { spec } = loaded;
  const points = buildPoints(spec);
  const point = a.point ?? 0;
  const replication = a.replication ?? 0;
  if (!Number.isInteger(point) || point < 0 || point >= points.length) {
    err(`--point: expected an integer in [0, ${points.length - 1}], got ${point}`);
    return 2;
  }
  if (!Number.isInteger(replication) || replication < 0 || replication >= spec.replications) {
    err(`--replication: expected an integer in [0, ${spec.replications - 1}], got ${replication}`);
    return 2;
  }
  const cfg = runConfig(spec, points, point * spec.replications + replication);
  const { simulate } = await import('../experiments/run/simulate.ts');
  const r = simulate(cfg);
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  if (a.json) {
    const summary = Object.fromEntries(Object.entries(r.summary).map(([k, v]) => [k, finite(v)]));
    out(JSON.stringify({ experiment: spec.name, run: r.run, point, replication, seed: r.seed, params: r.params, status: r.status, ...(r.error ? { error: r.error } : {}), blocksSimulated: r.blocksSimulated, durationMs: Math.round(r.durationMs), summary, rejections: r.rejections }, null, 2));
  } else {
    out(`${spec.name}: point ${point}, replication ${replication}, seed ${r.seed}, ${r.blocksSimulated} blocks (${(r.blocksSimulated / BLOCKS_PER_DAY).toFixed(1)} days) in ${(r.durationMs / 1000).toFixed(2)} s: ${r.status}`);
    for (const [k, v] of Object.entries(r.params)) out(`  ${k} = ${v}`);
    if (r.error) out(`  error: ${r.error}`);
    const w = Math.max(...Object.keys(r.summary).map((k) => k.length));
    for (const [k, v] of Object.entries(r.summary)) out(`${k.padEnd(w)}  ${summaryCell(k, v)}`);
  }
  return r.status === 'ok' ? 0 : 1;
}

export async function mergeCommand(a: MergeArgs): Promise<number> {
  let dirs = a.dirs ?? [];
  if (a.spec !== undefined || a.shards !== undefined) {
    if (a.spec === undefined || a.shards === undefined) {
      err('--spec and --shards go together: merge exactly that spec\'s shard-<i>-of-<shards> folders');
      return 2;
    }
    const loaded = load(a.spec);
    if (!loaded) return 2;
    if (dirs.length > 1) {
      err(`with --spec, give at most one results root (got ${dirs.length} folders)`);
      return 2;
    }
    const { specShardDirs, waitForShards } = await import('../experiments/results/clusterMerge.ts');
    try {
      dirs = specShardDirs(dirs[0] ?? 'results', loaded, a.shards);
      const late = await waitForShards(dirs, loaded.hash, a.wait ?? 0, 10, (s) => process.stderr.write(`dtao-lab: ${s}\n`));
      if (late.length > 0 && (a.wait ?? 0) > 0) {
        err(`--wait ${a.wait}: ${late.length} shards not finished at the deadline: ${late.map(show).join(', ')}`);
        return 1;
      }
    } catch (e) {
      if (e instanceof ShardError) {
        err(e.message);
        return 2;
      }
      throw e;
    }
  } else if (dirs.length === 0) {
    err('name shard folders, or --spec SPEC --shards N [RESULTS_ROOT]');
    return 2;
  }
  let m;
  try {
    m = mergeShards(dirs, a.out);
  } catch (e) {
    if (e instanceof ShardError || e instanceof FolderError || e instanceof ResultsError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
  for (const w of m.warnings) err(`warning: ${w}`);
  out(`merged ${m.shards} shards: ${m.ok} ok, ${m.failed} failed, ${m.missing} missing of ${m.total} runs → ${show(m.dir)}`);
  printFailures(m.failures, m.missing);
  let code = m.failed > 0 || m.missing > 0 ? 1 : 0;
  if (a.report !== false) code = Math.max(code, await report(m.dir));
  return code;
}

export interface ScenarioInfo {
  file: string;
  name?: string;
  description?: string;
  ruleSet?: string;
  runs?: number;
  days?: number;
  error?: string;
}

/** The ready specs in experiments/, each validated. */
export function listScenarios(dir = EXPERIMENTS_DIR): ScenarioInfo[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => {
      try {
        const { spec } = loadSpec(join(dir, f));
        const runs = buildPoints(spec).length * spec.replications;
        return { file: join('experiments', f), name: spec.name, description: spec.description, ruleSet: spec.ruleSet, runs, days: spec.horizon / BLOCKS_PER_DAY };
      } catch (e) {
        return { file: join('experiments', f), error: (e as Error).message };
      }
    });
}

export async function scenariosCommand(a: ScenariosArgs): Promise<number> {
  const list = listScenarios();
  if (a.json) {
    out(JSON.stringify(list, null, 2));
    return 0;
  }
  if (list.length === 0) out('no specs in experiments/');
  for (const s of list) {
    if (s.error) out(`${s.file}  INVALID: ${s.error}`);
    else {
      out(`${s.name}  (${s.file}): ${s.runs} runs, ${Number(s.days!.toFixed(2))} days, ${s.ruleSet}`);
      out(`    ${s.description!.replace(/\s+/g, ' ').trim()}`);
    }
  }
  out(`run one by name from any folder: dtao-lab run <name> (or a spec file: dtao-lab run FILE)`);
  return 0;
}
