// Guarding a results folder against a second writer and against writing into someone else's folder.
// One writer at a time: `run` and `merge` hold DIR/.lock (pid, host, start) while they write; a second
// writer exits 2 naming the holder. A lock left by a process that is gone (same host, pid not alive)
// is taken over with a warning. A folder is written only when it is empty, absent, or already holds
// results of the same spec (and the same shard); anything else is refused before a byte is written.
import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK = '.lock';

/** Another writer holds the folder, or the folder is not this spec's results: exit code 2. */
export class FolderError extends Error {}

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    const j = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    if (typeof j.pid === 'number' && typeof j.host === 'string') return { pid: j.pid, host: j.host, startedAt: String(j.startedAt ?? '?') };
  } catch {
    /* torn or foreign: treated as stale below */
  }
  return undefined;
}

/** The live writer holding DIR's lock, if any (a stale lock of a dead pid on this host is no holder). */
export function lockHolder(dir: string): LockInfo | undefined {
  const held = readLock(join(dir, LOCK));
  if (!held) return undefined;
  return held.host !== hostname() || alive(held.pid) ? held : undefined;
}

/**
 * Take DIR's lock (DIR must exist); returns the function that releases it. `warn` receives the
 * message when a stale lock is taken over.
 */
export function lockFolder(dir: string, warn: (msg: string) => void = () => {}): () => void {
  const path = join(dir, LOCK);
  const me: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }; // the lock only, never results
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const held = readLock(path);
      if (held && held.pid === process.pid && held.host === me.host) {
        throw new FolderError(`${dir} is already being written by this process`);
      }
      if (held && (held.host !== me.host || alive(held.pid))) {
        throw new FolderError(
          `${dir} is being written by pid ${held.pid} on ${held.host} (since ${held.startedAt}); wait for it to finish` +
            `${held.host !== me.host ? `, or if that process is gone remove ${path}` : ''}`,
        );
      }
      warn(`taking over a stale lock on ${dir}${held ? ` (pid ${held.pid} on ${held.host} since ${held.startedAt} is gone)` : ' (unreadable lock file)'}`);
      rmSync(path, { force: true });
      continue;
    }
    writeSync(fd, JSON.stringify(me) + '\n');
    closeSync(fd);
    return () => {
      const now = readLock(path);
      if (now && now.pid === me.pid && now.host === me.host) rmSync(path, { force: true });
    };
  }
  throw new FolderError(`${dir}: could not take the lock ${path}`);
}

/** Entries a results folder may hold besides its own files before anything is checked. */
const IGNORED = (name: string) => name === LOCK || /\.tmp-\d+-\d+$/.test(name) || /^shard-\d+-of-\d+$/.test(name);

/**
 * Refuse to write results of spec `specHash` (shard `shard`, or a whole sweep) into DIR unless DIR is
 * absent, empty (shard folders, a lock and temp files aside), or holds results of the same spec and
 * shard. `what` names the option that chose DIR, for the message.
 */
export function checkTarget(dir: string, specHash: string, shard: { index: number; count: number } | undefined, what: string): void {
  if (!existsSync(dir)) return;
  const entries = readdirSync(dir).filter((n) => !IGNORED(n));
  if (entries.length === 0) return;
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, … (${entries.length} entries)` : '');
    throw new FolderError(`${what} ${dir} is not empty and holds no results of this spec (found ${shown}); choose an empty or new folder`);
  }
  let m: { specHash?: unknown; name?: unknown; shard?: { index?: unknown; count?: unknown } };
  try {
    m = JSON.parse(readFileSync(manifestPath, 'utf8')) as typeof m;
  } catch (e) {
    throw new FolderError(`${what} ${dir}: its manifest.json is unreadable (${(e as Error).message.split('\n')[0]}); choose an empty or new folder`);
  }
  if (m.specHash !== specHash) {
    throw new FolderError(`${what} ${dir} holds the results of another spec (${String(m.name ?? '?')}, ${String(m.specHash ?? 'no hash')}), not of this one (${specHash}); choose an empty or new folder`);
  }
  const theirs = m.shard ? `shard ${String(m.shard.index)}/${String(m.shard.count)}` : 'the whole sweep';
  const mine = shard ? `shard ${shard.index}/${shard.count}` : 'the whole sweep';
  if (theirs !== mine) throw new FolderError(`${what} ${dir} holds ${theirs} of this spec, not ${mine}; choose an empty or new folder`);
}
