// Issue 14 items 6 and 7: sizes are checked before memory is spent, and inputs that would give
// silently wrong numbers (or unnamed errors) are refused with the file and field named.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCommand } from '../../src/cli/runCommand.ts';
import { runEpochCommand } from '../../src/cli/epochCommand.ts';
import { allowLarge, LimitError } from '../../src/experiments/spec/limits.ts';
import { buildModel } from '../../src/experiments/report/model.ts';
import { openResults, ResultsError } from '../../src/experiments/results/results.ts';
import { runExperiment, type RunnerOptions } from '../../src/experiments/run/runner.ts';
import { parseSpec } from '../../src/experiments/spec/spec.ts';
import { seriesFileName } from '../../src/experiments/types.ts';
import { FAKE, ROOT, cleanup, fakeSpec, tmp, writeSpec } from './helpers.ts';

afterAll(cleanup);
afterEach(() => vi.restoreAllMocks());

const run = (text: string, outRoot: string, o: Partial<RunnerOptions> = {}) =>
  runExperiment({ loaded: parseSpec(text), outRoot, workers: 1, workerFile: FAKE, warn: () => {}, ...o });
const HOG = fileURLToPath(new URL('./fixtures/hogWorker.ts', import.meta.url));

/** runCommand in this process, its stderr collected. */
async function runCli(spec: string, out: string, extra: Partial<Parameters<typeof runCommand>[0]> = {}) {
  const err: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  process.env.DTAO_LAB_WORKER = FAKE;
  try {
    const code = await runCommand({ spec, out, progress: false, report: false, ...extra });
    return { code, stderr: err.join('') };
  } finally {
    delete process.env.DTAO_LAB_WORKER;
    vi.restoreAllMocks();
  }
}
async function epoch(json: unknown, allowLarge = false) {
  const f = join(tmp(), 'epoch.json');
  writeFileSync(f, JSON.stringify(json));
  const err: string[] = [];
  const out: string[] = [];
  const code = await runEpochCommand(f, { out: (t) => void out.push(t), err: (t) => void err.push(t) }, allowLarge);
  return { code, stderr: err.join(''), stdout: out.join(''), file: f };
}
const vector = () => {
  const v = JSON.parse(readFileSync(join(ROOT, 'test/vectors/yuma3-stable-miner.json'), 'utf8')) as Record<string, unknown>;
  delete v.expected;
  return v as { stakes: number[]; warmupEpochs: number; epochs: { weights: (number[] | null)[] }[] } & Record<string, unknown>;
};

describe('size limits, checked up front (item 6)', () => {
  it('a range with 100000000 steps is refused before any point is built, naming the parameter', async () => {
    const text = fakeSpec(2).replace(/steps: 2/, 'steps: 100000000');
    expect(() => parseSpec(text)).toThrow(/sweep\.parameters\["level"\]: 100,000,000 is over the limit of 10,000.*--allow-large/);
    const d = tmp();
    const r = await runCli(writeSpec(d, text), join(d, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/over the limit/);
  });

  it('a spec file over 1 MB (a huge sweep list) exits 2 naming the file, unread', async () => {
    const d = tmp();
    const list = Array.from({ length: 200_000 }, (_, i) => i).join(', ');
    const spec = writeSpec(d, fakeSpec(1).replace(/level: .*\n/, `level: [${list}]\n`));
    const r = await runCli(spec, join(d, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(spec);
    expect(r.stderr).toMatch(/spec file size/);
  });

  it("design random with n 10000000, and 1000 replications of 10000 points, are refused", () => {
    const random = fakeSpec(1).replace(/sweep:\n  parameters:\n    level: .*\n/, 'sweep:\n  design: random\n  n: 10000000\n  parameters:\n    level: { dist: uniform, min: 0, max: 1 }\n');
    expect(() => parseSpec(random)).toThrow(/sweep\.n: 10,000,000 is over the limit of 100,000/);
    const many = fakeSpec(10_000, 1000);
    expect(() => parseSpec(many)).toThrow(/replications: 10,000,000 is over the limit of 1,000,000 \(runs/);
  });

  it('a 50 KB description is refused, and --allow-large goes past the limit on purpose', async () => {
    const text = fakeSpec(1).replace('description: Does the runner survive faults?', `description: Does ${'x'.repeat(50_000)}?`);
    expect(() => parseSpec(text)).toThrow(LimitError);
    allowLarge(true);
    try {
      const r = await run(text, tmp(), { allowLarge: true });
      expect(r.ok).toBe(1);
    } finally {
      allowLarge(false);
    }
  });

  it('an epoch file claiming 10000 UIDs, or 1000000 warm-up epochs, exits 2 before the replay allocates', async () => {
    const n = 10_000;
    const big = { ...vector(), stakes: Array(n).fill(1), epochs: [{ weights: Array(n).fill(null) }] };
    const r = await epoch(big);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stakes: 10,000 is over the limit of 1,024 \(UIDs/);
    expect(r.stderr).toContain(r.file);
    const warm = await epoch({ ...vector(), warmupEpochs: 1_000_000 });
    expect(warm.code).toBe(2);
    expect(warm.stderr).toMatch(/warmupEpochs: 1,000,000 is over the limit/);
    expect((await epoch(vector())).code).toBe(0);
  });

  it('--workers is capped at the number of runs', async () => {
    const d = tmp();
    const r = await runCli(writeSpec(d, fakeSpec(2)), join(d, 'out'), { workers: 64 });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/; 2 workers\n/);
  });

  it('a run that exhausts its worker\'s memory limit fails alone; the sweep goes on', async () => {
    const r = await run(fakeSpec(3), tmp(), { workerFile: HOG, workers: 1, workerHeapMb: 128 });
    expect(r.state).toBe('complete');
    expect(r.ok).toBe(2);
    expect(r.failures.map((f) => f.run)).toEqual([1]);
    expect(r.failures[0]!.error).toMatch(/memory/i);
  }, 60_000);
});

describe('inputs that would give wrong numbers or unnamed errors (item 7)', () => {
  it('epoch stakes whose sum overflows are refused, naming the field', async () => {
    const v = vector();
    const r = await epoch({ ...v, stakes: v.stakes.map(() => 1.7e308) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stakes: the stakes sum to more than the largest finite number/);
  });

  it('a weight row whose sum overflows is refused, naming the row', async () => {
    const v = vector();
    v.epochs[0]!.weights[1] = v.stakes.map(() => 1.7e308);
    const r = await epoch(v);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/epochs\[0\]\.weights\[1\]: the row sums to more/);
  });

  it('a YAML alias bomb exits 2 naming the file', async () => {
    const d = tmp();
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(', ')}]`);
    const spec = writeSpec(d, `${bomb.join('\n')}\n${fakeSpec(1)}`);
    const r = await runCli(spec, join(d, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(spec);
    expect(r.stderr).toMatch(/alias/i);
  });

  it('derived: 0/0 says the expression gives no number', async () => {
    const d = tmp();
    const spec = writeSpec(d, `${fakeSpec(1)}derived:\n  population.herder.herding: "0/0"\n`);
    const r = await runCli(spec, join(d, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/derived\["population\.herder\.herding"\]: point 0: "0\/0" gives no number at all/);
    expect(r.stderr).not.toMatch(/Infinity/);
  });

  it('a corrupt runs.arrow or series file is named in a warning (and in the report), a corrupt manifest in the error', async () => {
    const r = await run(fakeSpec(3), tmp());
    writeFileSync(join(r.dir, 'runs.arrow'), 'garbage, not arrow');
    const series = join(r.dir, 'series', 'network', seriesFileName(1));
    writeFileSync(series, 'garbage');
    const res = openResults(r.dir);
    expect(res.rows).toHaveLength(3); // the rows come from runs.csv
    expect(res.warnings.join('\n')).toContain(join(r.dir, 'runs.arrow'));
    expect(res.loadSeries('network').numRows()).toBeGreaterThan(0);
    expect(res.warnings.join('\n')).toContain(series);
    const notes = buildModel(r.dir).notes.join('\n');
    expect(notes).toContain(series);
    expect(notes).toContain('runs.arrow');
    mkdirSync(join(r.dir, 'x'));
    writeFileSync(join(r.dir, 'manifest.json'), '{"runs": [');
    expect(() => openResults(r.dir)).toThrow(ResultsError);
    expect(() => openResults(r.dir)).toThrow(join(r.dir, 'manifest.json'));
  });
});
