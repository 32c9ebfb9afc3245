// `dtao-lab merge DIRS…` or `merge --spec SPEC --shards N [ROOT]`: shard folders into the results one
// machine would have written (src/experiments/results/shard.ts), then the report.
import { FolderError } from '../experiments/results/guard.ts';
import { ResultsError } from '../experiments/results/results.ts';
import { mergeShards, ShardError } from '../experiments/results/shard.ts';
import { err, load, out, printFailures, report, show } from './common.ts';

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
