// The sweep runner against a fake simulate (test/experiments/fixtures/fakeWorker.ts): ordering,
// failures, resume and shards are the runner's logic, not the chain's. The end-to-end checks with
// the real simulate are in runner.e2e.test.ts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { comparableManifest } from '../../src/experiments/results/manifest.ts';
import { ResultsExistError, runExperiment, type RunnerOptions } from '../../src/experiments/run/runner.ts';
import { createProgress } from '../../src/cli/progress.ts';
import { parseShard } from '../../src/experiments/results/shard.ts';
import { parseSpec } from '../../src/experiments/spec/spec.ts';
import { JOURNAL } from '../../src/experiments/results/store.ts';
import { openResults } from '../../src/experiments/results/results.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FAKE = fileURLToPath(new URL('./fixtures/fakeWorker.ts', import.meta.url));

const specText = (levels: number, reps: number, extra = '') => `name: fake
description: Does the runner keep run order whatever the worker count?
horizon: 10d
sampleEvery: 1d
seed: runner-test
replications: ${reps}
population:
  herder: { count: 5 }
metrics:
  doubled: "2 * finalRootStakeShare"
sweep:
  parameters:
    level: { from: 0, to: ${levels - 1}, steps: ${levels} }
${extra}`;

const made: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'dtao-runner-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function run(text: string, outRoot: string, o: Partial<RunnerOptions> = {}) {
  return runExperiment({ loaded: parseSpec(text), outRoot, workers: 1, workerFile: FAKE, ...o });
}

/** Every file under dir by relative path, except those that hold timings. */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) {
        if (!/^shard-/.test(n)) walk(p);
      } else if (n !== 'manifest.json' && n !== 'timings.csv' && !n.startsWith('report')) out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

function expectSameResults(a: string, b: string): void {
  const fa = files(a);
  const fb = files(b);
  expect([...fb.keys()]).toEqual([...fa.keys()]);
  for (const [k, v] of fa) expect(Buffer.compare(v, fb.get(k)!), k).toBe(0);
  const ma = comparableManifest(JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8')));
  const mb = comparableManifest(JSON.parse(readFileSync(join(b, 'manifest.json'), 'utf8')));
  expect(mb).toEqual(ma);
}

const csvRows = (dir: string) => readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n').slice(1);
const runIndex = (line: string) => Number(line.slice(0, line.indexOf(',')));

describe('runner', () => {
  it('writes byte-identical results with 1 and 2 workers, rows in run order', async () => {
    const text = specText(8, 4);
    const one = await run(text, tmp(), { workers: 1 });
    const two = await run(text, tmp(), { workers: 2 });
    expect(one.state).toBe('complete');
    expect(one.ok).toBe(32);
    expect(two.ran).toBe(32);
    expectSameResults(one.dir, two.dir);
    expect(csvRows(two.dir).map(runIndex)).toEqual(Array.from({ length: 32 }, (_, r) => r));
    expect(existsSync(join(two.dir, JOURNAL))).toBe(false);

    // The columnar copies and the series read back as what was written.
    const res = openResults(two.dir);
    expect(res.runs.numRows()).toBe(32);
    expect(Array.from(res.runs.array('level') as ArrayLike<number>)).toEqual(Array.from({ length: 32 }, (_, r) => Math.floor(r / 4)));
    const csvDoubled = csvRows(two.dir).map((l) => Number(l.split(',').at(-1)));
    expect(Array.from(res.runs.array('doubled') as Float64Array)).toEqual(csvDoubled);
    const net = res.loadSeries('network', [5]);
    expect(net.numRows()).toBe(11);
    expect(new Set(net.array('run'))).toEqual(new Set([5]));
    expect(Array.from(res.loadSeries('families', [3]).array('familyName')).slice(0, 2)).toEqual(['herder', 'noiseTrader']);
  });

  it('records a run that throws, and one whose worker dies, and goes on', async () => {
    const text = specText(3, 2, '    boom: [0, 1]\n    crash: [0, 1]\n');
    const r = await run(text, tmp(), { workers: 2 });
    expect(r.total).toBe(24);
    expect(r.state).toBe('complete');
    const rows = csvRows(r.dir).map((l) => l.split(','));
    const failed = rows.filter((f) => f[4] === 'failed');
    // boom or crash set: 3 of each 4 (boom, crash) combinations fail.
    expect(failed).toHaveLength(18);
    expect(r.failed).toBe(18);
    expect(r.failures.map((f) => f.run)).toEqual(failed.map((f) => Number(f[0])));
    expect(failed.some((f) => /^boom at run \d+/.test(f[5]!))).toBe(true);
    expect(failed.some((f) => /^worker failed/.test(f[5]!))).toBe(true);
    for (const f of rows.filter((x) => x[4] === 'ok')) expect(Number(f.at(-1))).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync(join(r.dir, 'manifest.json'), 'utf8'));
    expect(manifest.counts).toEqual({ total: 24, ok: 6, failed: 18, missing: 0 });
  });

  it('resumes only the missing runs and ends with what an uninterrupted sweep writes', async () => {
    const text = specText(6, 3);
    const out = tmp();
    const first = await run(text, out, { workers: 2, limit: 7 });
    expect(first.state).toBe('incomplete');
    expect(first.ran).toBe(7);
    expect(first.missing).toBe(11);
    expect(JSON.parse(readFileSync(join(first.dir, 'manifest.json'), 'utf8')).status).toBe('incomplete');
    await expect(run(text, out, { workers: 2 })).rejects.toBeInstanceOf(ResultsExistError);
    const second = await run(text, out, { workers: 2, resume: true });
    expect(second.ran).toBe(11);
    expect(second.state).toBe('complete');
    const again = await run(text, out, { workers: 2, resume: true });
    expect(again.ran).toBe(0);
    const fresh = await run(text, tmp(), { workers: 1 });
    expectSameResults(fresh.dir, second.dir);
  });

  it('a changed spec gets its own folder and never touches another spec\'s results', async () => {
    const out = tmp();
    const a = await run(specText(2, 1), out);
    const b = await run(specText(3, 1), out);
    expect(b.dir).not.toBe(a.dir);
    expect(csvRows(a.dir)).toHaveLength(2);
  });

  it('keeps every finished run readable after a kill, and --resume completes it', async () => {
    const text = specText(100, 8);
    const dir = tmp();
    const specFile = join(dir, 'spec.yaml');
    writeFileSync(specFile, text);
    const out = join(dir, 'results');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'run', specFile, '--out', out, '--workers', '2', '--no-report', '--no-progress'], {
      cwd: ROOT,
      env: { ...process.env, DTAO_LAB_WORKER: FAKE },
      stdio: 'ignore',
    });
    const resultsDir = join(out, 'fake', parseSpec(text).hash);
    const journal = join(resultsDir, JOURNAL);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (existsSync(journal) && readFileSync(journal, 'utf8').split('\n').length > 30) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const killed = openResults(resultsDir, { partial: true });
    const finished = Array.from(killed.runs.array('run') as Int32Array);
    expect(finished.length).toBeGreaterThanOrEqual(29);
    expect(finished.length).toBeLessThan(800);
    for (const r of finished) expect(killed.loadSeries('network', [r]).numRows()).toBe(11);
    const resumed = await run(text, out, { workers: 2, resume: true });
    expect(resumed.ran).toBe(800 - finished.length);
    const fresh = await run(text, tmp(), { workers: 2 });
    expectSameResults(fresh.dir, resumed.dir);
  });

  it('3 shards as separate processes, merged, equal the single-process result byte for byte', async () => {
    const text = specText(7, 3, '    boom: [0, 0, 1]\n');
    const dir = tmp();
    const specFile = join(dir, 'spec.yaml');
    writeFileSync(specFile, text);
    const out = join(dir, 'results');
    const cli = (...args: string[]) =>
      new Promise<number>((resolve) => {
        const c = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], { cwd: ROOT, env: { ...process.env, DTAO_LAB_WORKER: FAKE }, stdio: 'ignore' });
        c.once('exit', (code) => resolve(code ?? -1));
      });
    const codes = await Promise.all([0, 1, 2].map((i) => cli('run', specFile, '--out', out, '--workers', '1', '--shard', `${i}/3`, '--no-report', '--no-progress')));
    expect(codes).toEqual([1, 1, 1]); // each shard holds failed (boom) runs
    const hashDir = join(out, 'fake', parseSpec(text).hash);
    expect(readdirSync(hashDir).sort()).toEqual(['shard-0-of-3', 'shard-1-of-3', 'shard-2-of-3']);
    expect(csvRows(join(hashDir, 'shard-1-of-3')).map(runIndex).every((r) => r % 3 === 1)).toBe(true);
    expect(await cli('merge', join(hashDir, 'shard-0-of-3'), join(hashDir, 'shard-2-of-3'), '--no-report')).toBe(2); // shard 1 missing
    expect(await cli('merge', hashDir, '--no-report')).toBe(1); // failed runs: non-zero
    const single = await run(text, tmp(), { workers: 2 });
    expectSameResults(single.dir, hashDir);
    expect(JSON.parse(readFileSync(join(hashDir, 'manifest.json'), 'utf8')).status).toBe('complete');
  });

  it('a bad spec exits 2 with one line naming the path, and writes nothing', () => {
    const dir = tmp();
    const specFile = join(dir, 'bad.yaml');
    const text = specText(2, 1).replace('steps: 2', 'steps: -2');
    writeFileSync(specFile, text);
    const out = join(dir, 'results');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'run', specFile, '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/bad\.yaml:\d+: sweep\.parameters\.level\.steps: expected a positive integer$/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('runner with the real simulate', () => {
  const real = `name: tiny
description: Does the sweep machinery reproduce real runs exactly?
horizon: 2d
sampleEvery: 12h
seed: e2e
replications: 2
world: { subnets: 4, minersPerSubnet: 4, rootValidators: 8 }
population:
  herder: { count: 20 }
  noiseTrader: { count: 5 }
metrics:
  alphaOverRoot: "alphaStakeShare / rootStakeShare"
sweep:
  parameters:
    population.herder.herding: [0.2, 0.8]
`;

  it('1 and 2 workers, and 3 shards merged, write the same bytes', async () => {
    const one = await runExperiment({ loaded: parseSpec(real), outRoot: tmp(), workers: 1 });
    const two = await runExperiment({ loaded: parseSpec(real), outRoot: tmp(), workers: 2 });
    expect(one.failures).toEqual([]);
    expect(one.ok).toBe(4);
    expectSameResults(one.dir, two.dir);
    const res = openResults(two.dir);
    expect(res.loadSeries('network').numRows()).toBe(4 * 5); // genesis + 4 samples per run
    expect(res.loadSeries('subnets', [0]).numRows()).toBeGreaterThan(0);
    const ratio = Array.from(res.runs.array('alphaOverRoot') as Float64Array);
    expect(ratio.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);

    const dir = tmp();
    const specFile = join(dir, 'tiny.yaml');
    writeFileSync(specFile, real);
    const out = join(dir, 'results');
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
    for (const i of [0, 1, 2]) expect(cli('run', specFile, '--out', out, '--workers', '1', '--shard', `${i}/3`, '--no-report', '--no-progress').status).toBe(0);
    const hashDir = join(out, 'tiny', parseSpec(real).hash);
    expect(cli('merge', hashDir, '--no-report').status).toBe(0);
    expectSameResults(one.dir, hashDir);

    // `simulate` runs one point in-process and prints the same summary the sweep recorded.
    const sim = cli('simulate', specFile, '--point', '1', '--replication', '1', '--json');
    expect(sim.status).toBe(0);
    const printed = JSON.parse(sim.stdout) as { seed: string; summary: Record<string, number | null> };
    expect(printed.seed).toBe(res.runs.get('seed', 3));
    expect(printed.summary.alphaOverRoot).toBe(res.runs.get('alphaOverRoot', 3));
    expect(cli('simulate', specFile, '--point', '2').status).toBe(2);
  });
});

describe('progress', () => {
  it('writes plain lines (no escape codes) when stderr is not a terminal', () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const p = createProgress('sweep', stream, 0);
    p.start(4, 1);
    p.tick(false);
    p.tick(true);
    p.tick(false);
    p.stop();
    expect(lines[0]).toBe('sweep 1/4 runs\n');
    expect(lines.at(-1)).toMatch(/^sweep 4\/4 runs \(100%\) \| [\d.]+ runs\/s \| ETA \S+ \| 1 failed\n$/);
    expect(lines.join('')).not.toMatch(/\x1b/);
  });
});

describe('parseShard', () => {
  it('reads i/N, and the index from Slurm or Kubernetes', () => {
    expect(parseShard('2/5', {})).toEqual({ index: 2, count: 5, source: '--shard' });
    expect(parseShard(undefined, {})).toBeUndefined();
    expect(parseShard(undefined, { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '5', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 3, count: 5, source: 'SLURM_ARRAY_TASK_ID' });
    expect(parseShard('auto/3', { JOB_COMPLETION_INDEX: '2' })).toEqual({ index: 2, count: 3, source: 'JOB_COMPLETION_INDEX' });
  });
  it.each([['3/3'], ['-1/3'], ['1/0'], ['a/b'], ['2']])('rejects --shard %s', (s) => expect(() => parseShard(s, {})).toThrow(/--shard/));
  it('needs a count with JOB_COMPLETION_INDEX', () => {
    expect(() => parseShard(undefined, { JOB_COMPLETION_INDEX: '1' })).toThrow(/auto\/N/);
    expect(() => parseShard('auto/4', {})).toThrow(/neither is set/);
  });
});
