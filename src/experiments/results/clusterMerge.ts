// `merge --spec SPEC --shards N [ROOT]`: the merge a cluster job runs. It names exactly the shard folders
// of this spec (its hash) and this shard count — ROOT/<experiment>/<hash>/shard-<i>-of-<N> for i < N —
// so shards of an earlier array size or of other specs under the same results root are left alone;
// `--wait SECONDS` polls until every one of them reports a finished session, with a deadline.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shardDirName, ShardError } from './shard.ts';
import type { LoadedSpec } from '../spec/spec.ts';
import { resultsDir } from './store.ts';

/** The N shard folders of this spec under a results root, in shard order. */
export function specShardDirs(root: string, loaded: LoadedSpec, count: number): string[] {
  if (!Number.isInteger(count) || count < 1) throw new ShardError(`--shards: expected a positive integer, got ${count}`);
  const base = resultsDir(root, loaded.spec.name, loaded.hash);
  return Array.from({ length: count }, (_, index) => join(base, shardDirName({ index, count })));
}

/** A shard folder's session state: 'complete' or 'incomplete' once its session ended, else 'running' or 'absent'. */
export function shardState(dir: string, hash: string): 'absent' | 'running' | 'complete' | 'incomplete' {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) return 'absent';
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as { specHash?: string; status?: string };
    if (m.specHash !== hash) throw new ShardError(`${dir} holds spec ${m.specHash}, not ${hash}`);
    return m.status === 'complete' || m.status === 'incomplete' ? m.status : 'running';
  } catch (e) {
    if (e instanceof ShardError) throw e;
    return 'running'; // a manifest being replaced: look again
  }
}

/**
 * Wait until every shard folder holds a finished session ('complete' or 'incomplete': a shard that ran
 * out of time is merged as far as it got, its missing runs reported). Resolves to the folders not
 * finished at the deadline (empty when all finished).
 */
export async function waitForShards(dirs: readonly string[], hash: string, timeoutSec: number, pollSec = 10, log: (s: string) => void = () => {}): Promise<string[]> {
  const deadline = Date.now() + timeoutSec * 1000; // a wait deadline, never part of the results
  let pending = [...dirs];
  for (;;) {
    pending = pending.filter((d) => {
      const s = shardState(d, hash);
      return s === 'absent' || s === 'running';
    });
    if (pending.length === 0 || Date.now() >= deadline) return pending;
    log(`waiting for ${pending.length} of ${dirs.length} shards`);
    await new Promise((r) => setTimeout(r, Math.min(pollSec * 1000, Math.max(0, deadline - Date.now()))));
  }
}
