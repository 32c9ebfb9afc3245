// Issue 14 items 1 and 2: runs without agents are recorded like any other, and runs that failed only
// because the runner stopped are run again on --resume (real failures are not).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExperiment, type RunnerOptions } from '../../src/experiments/run/runner.ts';
import { parseSpec } from '../../src/experiments/spec/spec.ts';
import { writeSeries } from '../../src/experiments/results/store.ts';
import { failedResult } from '../../src/experiments/run/task.ts';
import { seriesFileName, type RunResult } from '../../src/experiments/types.ts';
import { openResults } from '../../src/experiments/results/results.ts';
import { FAKE, cleanup, fakeSpec, tmp } from './helpers.ts';

afterAll(cleanup);

const run = (text: string, outRoot: string, o: Partial<RunnerOptions> = {}) =>
  runExperiment({ loaded: parseSpec(text), outRoot, workers: 1, workerFile: FAKE, ...o });
const rows = (dir: string) => readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));

describe('runs without agents (item 1)', () => {
  it('a sweep of a family count over [3, 0, 5] with the real simulate records every run', async () => {
    const text = `name: zero-count
description: Does a family count of 0 stop the sweep?
ruleSet: launch-2025-02
horizon: 6h
sampleEvery: 2h
seed: zero
replications: 1
world: { subnets: 2, minersPerSubnet: 2 }
population:
  herder: { count: 3 }
sweep:
  parameters:
    population.herder.count: [3, 0, 5]
`;
    const r = await runExperiment({ loaded: parseSpec(text), outRoot: tmp(), workers: 2 });
    expect(r.state).toBe('complete');
    expect(r.total).toBe(3);
    expect(r.ok + r.failed).toBe(3);
    expect(rows(r.dir).map((f) => Number(f[0]))).toEqual([0, 1, 2]);
    const res = openResults(r.dir);
    expect(res.runs.numRows()).toBe(3);
    // The run with no herders still has its network series.
    expect(res.loadSeries('network', [1]).numRows()).toBeGreaterThan(0);
  }, 120_000);

  it('a spec with no population runs and is recorded', async () => {
    const text = `name: no-population
description: Does a spec without agents run?
ruleSet: launch-2025-02
horizon: 6h
sampleEvery: 2h
seed: nobody
world: { subnets: 2, minersPerSubnet: 2 }
`;
    const r = await runExperiment({ loaded: parseSpec(text), outRoot: tmp(), workers: 1 });
    expect([r.ok, r.state]).toEqual([1, 'complete']);
    expect(openResults(r.dir).loadSeries('families').numRows()).toBe(0);
  }, 120_000);

  it('series with no rows (no agents, or a run failed before its agents existed) are written without a crash', () => {
    const dir = tmp();
    const base = failedResult({ run: 0, point: 0, replication: 0, seed: 's', params: {} }, 'before agents');
    expect(() => writeSeries(dir, base)).not.toThrow();
    const empty: RunResult = {
      ...base,
      run: 1,
      status: 'ok',
      series: {
        network: { columns: { block: Float64Array.of(0, 1) } },
        subnets: { columns: { block: new Float64Array(0), netuid: new Float64Array(0) } },
        families: { columns: { block: new Float64Array(0), family: new Float64Array(0) } },
      },
    };
    expect(() => writeSeries(dir, empty)).not.toThrow();
    expect(existsSync(join(dir, 'series', 'network', seriesFileName(1)))).toBe(true);
  });

  it('an empty shard (shard 5 of 10 of a 2-run sweep) is recorded as complete with 0 runs', async () => {
    const r = await run(fakeSpec(2), tmp(), { shard: { index: 5, count: 10, source: '--shard' } });
    expect(r.total).toBe(0);
    expect(r.state).toBe('complete');
    expect(JSON.parse(readFileSync(join(r.dir, 'manifest.json'), 'utf8')).status).toBe('complete');
    const again = await run(fakeSpec(2), join(r.dir, '..', '..', '..'), { shard: { index: 5, count: 10, source: '--shard' }, resume: true });
    expect(again.ran).toBe(0);
  });
});

describe('runs stopped by the runner (item 2)', () => {
  it('a write error stops the sweep without marking the runs in flight failed; --resume runs them', async () => {
    const out = tmp();
    const text = fakeSpec(8);
    const fresh = await run(text, tmp(), { workers: 1 });
    await run(text, out, { limit: 0 }); // the folder, with its manifest and no runs
    // Make run 2's network series file unwritable: a non-empty folder where the file goes.
    const dir = join(out, 'faults', basename(fresh.dir));
    const blocker = join(dir, 'series', 'network', seriesFileName(2));
    mkdirSync(blocker, { recursive: true });
    writeFileSync(join(blocker, 'x'), '');
    await expect(run(text, out, { workers: 2 })).rejects.toThrow();
    const journal = [...(existsSync(join(dir, 'runs.csv')) ? rows(dir) : [])];
    expect(journal.filter((f) => f[4] === 'failed')).toEqual([]);
    rmSync(blocker, { recursive: true });
    const resumed = await run(text, out, { workers: 2, resume: true });
    expect(resumed.state).toBe('complete');
    expect(resumed.failed).toBe(0);
    expect(readFileSync(join(dir, 'runs.csv'), 'utf8')).toBe(readFileSync(join(fresh.dir, 'runs.csv'), 'utf8'));
  });

  it('rows an older runner wrote as "worker failed: Terminating worker thread" are retried; real failures are kept', async () => {
    const out = tmp();
    const text = fakeSpec(4, 1, '    boom: [0, 1]\n');
    const clean = await run(text, tmp());
    const r = await run(text, out);
    const csv = join(r.dir, 'runs.csv');
    const lines = readFileSync(csv, 'utf8').split('\n');
    // Run 0 (boom 0): turn it into a run the runner's stop killed.
    const f = lines[1]!.split(',');
    f[4] = 'failed';
    f[5] = 'worker failed: Terminating worker thread';
    lines[1] = f.join(',');
    writeFileSync(csv, lines.join('\n'));
    const resumed = await run(text, out, { resume: true });
    expect(resumed.ran).toBe(1);
    expect(resumed.failed).toBe(clean.failed);
    expect(resumed.failed).toBeGreaterThan(0);
    expect(readFileSync(csv, 'utf8')).toBe(readFileSync(join(clean.dir, 'runs.csv'), 'utf8'));
  });
});
