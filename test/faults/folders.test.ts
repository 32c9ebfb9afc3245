// Issue 14 items 4 and 5: the report of a killed sweep shows its finished runs; a results folder has
// one writer at a time, and nothing writes into a folder that is not this spec's results.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { mergeCommand } from '../../src/cli/mergeCommand.ts';
import { LOCK } from '../../src/experiments/results/guard.ts';
import { buildModel } from '../../src/experiments/report/model.ts';
import { openResults } from '../../src/experiments/results/results.ts';
import { FolderError, runExperiment, type RunnerOptions } from '../../src/experiments/run/runner.ts';
import { parseSpec } from '../../src/experiments/spec/spec.ts';
import { NO_PROGRESS } from '../../src/experiments/run/progress.ts';
import { FAKE, cleanup, cli, fakeSpec, tmp, writeSpec } from './helpers.ts';

afterAll(cleanup);

/** mergeCommand in this process (a CLI per merge is slow), its exit code and stderr. */
async function merge(dirs: string[], out?: string) {
  const err: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((t) => (err.push(String(t)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const code = await mergeCommand({ dirs, ...(out ? { out } : {}), report: false });
    return { code, stderr: err.join('') };
  } finally {
    vi.restoreAllMocks();
  }
}

const run = (text: string, outRoot: string, o: Partial<RunnerOptions> = {}) =>
  runExperiment({ loaded: parseSpec(text), outRoot, workers: 1, workerFile: FAKE, warn: () => {}, ...o });
const hashDir = (out: string, text: string) => join(out, 'faults', parseSpec(text).hash);
/** A pid that is not running: a child that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('report after a kill (item 4)', () => {
  it('counts the runs finished before the kill, though the manifest still says pending', async () => {
    const text = fakeSpec(6);
    const out = tmp();
    const dir = hashDir(out, text);
    // Keep manifest.json as the runner wrote it at the start (every run pending), as a kill leaves it.
    let ticks = 0;
    const progress = { ...NO_PROGRESS, tick: () => void (++ticks === 1 && copyFileSync(join(dir, 'manifest.json'), join(dir, 'start.json'))) };
    await run(text, out, { limit: 3, progress });
    copyFileSync(join(dir, 'start.json'), join(dir, 'manifest.json'));
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).runs.every((r: { status: string }) => r.status === 'pending')).toBe(true);
    const m = buildModel(dir);
    expect(m.record.byStatus).toEqual({ ok: 3, missing: 3 });
    expect(m.points.filter((p) => p.ok > 0)).toHaveLength(3);
    const res = openResults(dir, { partial: true });
    expect(res.missing).toEqual([3, 4, 5]);
    expect(() => openResults(dir)).toThrow(/incomplete: 3 of 6 runs/);
  });
});

describe('one writer at a time (item 5)', () => {
  it('a second writer exits 2 naming the holder (pid, host, start), and writes nothing', async () => {
    const d = tmp();
    const spec = writeSpec(d, fakeSpec(2));
    const out = join(d, 'out');
    const dir = hashDir(out, fakeSpec(2));
    mkdirSync(dir, { recursive: true });
    // This test process holds the lock: it is alive, and it is not the CLI's process.
    writeFileSync(join(dir, LOCK), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2026-12-07T01:02:03.000Z' }));
    const r = cli(['run', spec, '--out', out, '--no-progress', '--no-report']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`pid ${process.pid}`);
    expect(r.stderr).toContain(hostname());
    expect(r.stderr).toContain('2026-12-07T01:02:03.000Z');
    expect(existsSync(join(dir, 'runs.csv'))).toBe(false);
  });

  it('a lock left by a process that is gone is taken over with a warning, and released at the end', async () => {
    const out = tmp();
    const text = fakeSpec(2);
    const dir = hashDir(out, text);
    mkdirSync(dir, { recursive: true });
    const pid = deadPid();
    writeFileSync(join(dir, LOCK), JSON.stringify({ pid, host: hostname(), startedAt: 'earlier' }));
    const warnings: string[] = [];
    const r = await run(text, out, { warn: (w) => warnings.push(w) });
    expect(r.ok).toBe(2);
    expect(warnings.join('\n')).toMatch(new RegExp(`stale lock.*pid ${pid}`));
    expect(existsSync(join(dir, LOCK))).toBe(false);
  });

  it('two sweeps at once on one folder: one runs, the other is refused; every run is in runs.csv once', async () => {
    const out = tmp();
    const text = fakeSpec(6);
    const results = await Promise.allSettled([run(text, out, { workers: 1 }), run(text, out, { workers: 1 })]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((x) => x.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(FolderError);
    const runs = readFileSync(join(hashDir(out, text), 'runs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
    expect(runs).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('only this spec\'s folder (item 5)', () => {
  it('run refuses a results folder holding an unrelated runs.csv, and leaves it as it was', async () => {
    const out = tmp();
    const text = fakeSpec(2);
    const dir = hashDir(out, text);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'runs.csv'), 'a,b\n1,2\n');
    await expect(run(text, out)).rejects.toThrow(/not empty and holds no results of this spec \(found runs\.csv\)/);
    expect(readFileSync(join(dir, 'runs.csv'), 'utf8')).toBe('a,b\n1,2\n');
  });

  it('run --out at a results folder (not a root) exits 2', () => {
    const d = tmp();
    const spec = writeSpec(d, fakeSpec(2));
    const out = join(d, 'someone');
    mkdirSync(out);
    writeFileSync(join(out, 'runs.csv'), 'x\n');
    const r = cli(['run', spec, '--out', out, '--no-progress', '--no-report']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a results folder/);
    expect(readFileSync(join(out, 'runs.csv'), 'utf8')).toBe('x\n');
  });

  it('merge --out refuses another spec\'s folder and a non-empty folder; a duplicated shard is named as such', async () => {
    const out = tmp();
    const text = fakeSpec(4);
    for (const index of [0, 1]) await run(text, out, { shard: { index, count: 2, source: '--shard' } });
    const shards = hashDir(out, text);
    const other = await run(fakeSpec(3), tmp());
    const before = readFileSync(join(other.dir, 'manifest.json'), 'utf8');
    const m1 = await merge([shards], other.dir);
    expect(m1.code).toBe(2);
    expect(m1.stderr).toMatch(/holds the results of another spec/);
    expect(readFileSync(join(other.dir, 'manifest.json'), 'utf8')).toBe(before);

    const stuff = join(tmp(), 'stuff');
    mkdirSync(stuff);
    writeFileSync(join(stuff, 'notes.txt'), 'mine');
    const m2 = await merge([shards], stuff);
    expect(m2.code).toBe(2);
    expect(m2.stderr).toMatch(/not empty.*notes\.txt/);
    expect(existsSync(join(stuff, 'manifest.json'))).toBe(false);

    const s0 = join(shards, 'shard-0-of-2');
    const dup = await merge([s0, s0, join(shards, 'shard-1-of-2')]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/given twice/);
    expect(dup.stderr).not.toMatch(/missing shard/);

    // A shard still being written (its lock held by a live process) is not merged.
    writeFileSync(join(s0, LOCK), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 'now' }));
    const busy = await merge([shards]);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/still being written by pid/);
    rmSync(join(s0, LOCK));

    const ok = await merge([shards]);
    expect(ok.code).toBe(0);
    expect(openResults(shards).rows).toHaveLength(4);
  });
});
