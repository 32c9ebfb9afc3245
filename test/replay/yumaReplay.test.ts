// Replay files (docs/epoch-file.md): the chain's Yuma3 vectors (V2 and the other
// yuma_3 tests of pallets/subtensor/src/tests/epoch.rs, transcribed in test/vectors/), the replay
// rules, validation errors, and the `epoch` command.
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReplay, replay, ReplayError, type ReplaySpec } from '../../src/replay/yumaReplay.ts';
import { runEpochCommand } from '../../src/cli/epochCommand.ts';

const VECTORS = join(import.meta.dirname, '..', 'vectors');

interface VectorFile {
  source: string;
  expected: { tolerance: number; dividends: (number[] | null)[] };
  [k: string]: unknown;
}

function load(name: string): VectorFile {
  return JSON.parse(readFileSync(join(VECTORS, name), 'utf8')) as VectorFile;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('V2 test_yuma_3_kappa_moves_first (Yuma3 + liquid alpha) by replay', () => {
  const vec = load('yuma3-kappa-moves-first.json');
  const result = replay(parseReplay(vec));

  it('reports one result per non-warm-up epoch', () => {
    expect(result.epochs).toHaveLength(6);
  });

  it.each([0, 1, 2, 3, 4, 5])('epoch %i dividends within ±1e-3', (e) => {
    const want = vec.expected.dividends[e] as number[];
    result.epochs[e].dividends.forEach((d, i) => expect(Math.abs(d - want[i]), `uid ${i}: ${d} vs ${want[i]}`).toBeLessThanOrEqual(1e-3));
  });

  it('matches the bond tables of the chain test too (informational there: its comparison loop never runs)', () => {
    // targets_bonds of test_yuma_3_kappa_moves_first: validators A, B, C × servers 3, 4.
    const bonds = [
      [[0.1013, 0], [0.1013, 0], [0.1013, 0]],
      [[0.0908, 0.1013], [0.3697, 0], [0.3697, 0]],
      [[0.0815, 0.1924], [0.317, 0.1013], [0.558, 0]],
      [[0.0731, 0.2742], [0.2765, 0.1924], [0.4306, 0.1013]],
      [[0.0656, 0.3478], [0.2435, 0.2742], [0.3589, 0.1924]],
      [[0.0588, 0.4139], [0.2157, 0.3478], [0.3089, 0.2742]],
    ];
    bonds.forEach((rows, e) =>
      rows.forEach((row, i) => row.forEach((b, s) => expect(Math.abs(result.epochs[e].bonds[i][3 + s] - b)).toBeLessThanOrEqual(1e-3))),
    );
  });

  it('an explicit 0 weight is a real entry: A’s bond on server 3 decays when A moves (0.1013 → 0.0908), it is not dropped', () => {
    expect(result.epochs[1].bonds[0][3]).toBeGreaterThan(0.09);
  });

  it('servers with no weights (null) and servers with explicit all-zero rows give identical results', () => {
    const dense = clone(vec) as unknown as { epochs: { weights: (number[] | null)[] }[] };
    for (const ep of dense.epochs) for (const i of [3, 4]) if (ep.weights[i] === null) ep.weights[i] = [0, 0, 0, 0, 0];
    // Only the first epoch sets the servers' rows: afterwards null keeps them, as on the chain.
    for (const ep of dense.epochs.slice(1)) for (const i of [3, 4]) ep.weights[i] = null;
    expect(replay(parseReplay(dense))).toEqual(result);
  });

  it('rows as raw u16 (65535) or as proportions (1.0) give identical results', () => {
    const raw = clone(vec) as unknown as { epochs: { weights: (number[] | null)[] }[] };
    for (const ep of raw.epochs) ep.weights = ep.weights.map((row) => (row ? row.map((x) => x * 65535) : null));
    expect(replay(parseReplay(raw))).toEqual(result);
  });

  it('dividends and incentive are normalised (sum 1 or all 0); permits are the new ones', () => {
    for (const ep of result.epochs) {
      for (const v of [ep.dividends, ep.incentive]) {
        const s = v.reduce((a, b) => a + b, 0);
        expect(v.every((x) => x === 0) || Math.abs(s - 1) < 1e-12).toBe(true);
      }
      expect(ep.validatorPermit).toEqual([true, true, true, false, false]);
    }
  });
});

describe('other Yuma3 vectors of epoch.rs (transcribed in test/vectors/)', () => {
  const files = readdirSync(VECTORS).filter((f) => f.endsWith('.json') && f !== 'yuma3-kappa-moves-first.json');
  it('there are vectors to check', () => expect(files.length).toBeGreaterThanOrEqual(6));
  it.each(files)('%s: dividends within the chain tolerance', (f) => {
    const vec = load(f);
    const res = replay(parseReplay(vec));
    expect(res.epochs).toHaveLength(vec.expected.dividends.length);
    vec.expected.dividends.forEach((want, e) => {
      if (!want) return;
      res.epochs[e].dividends.forEach((d, i) =>
        expect(Math.abs(d - want[i]), `${f} epoch ${e} uid ${i}: ${d} vs ${want[i]}`).toBeLessThanOrEqual(vec.expected.tolerance),
      );
    });
  });
});

describe('replay rules', () => {
  const base = (): Record<string, unknown> => ({
    yuma: 'yuma3',
    kappa: 0.5,
    bondsMovingAverage: 0.9,
    bondsPenalty: 1,
    liquidAlpha: null,
    maxValidators: 2,
    stakes: [1, 1, 0],
    warmupEpochs: 1,
    epochs: [{ weights: [[0, 0, 1], [0, 0, 1], null] }, { weights: [null, null, null] }],
  });

  it('null rows keep the previous weights; bonds grow by the fixed EMA rate', () => {
    const r = replay(parseReplay(base()));
    expect(r.epochs[0].bonds[0][2]).toBeCloseTo(0.1, 15);
    expect(r.epochs[1].bonds[0][2]).toBeCloseTo(0.19, 15);
    expect(r.epochs[1].incentive).toEqual([0, 0, 1]);
  });

  it('resetBonds deletes every validator’s bond on the UID before the epoch', () => {
    const spec = base();
    (spec.epochs as { resetBonds?: number[] }[])[1].resetBonds = [2];
    const r = replay(parseReplay(spec));
    expect(r.epochs[1].bonds[0][2]).toBeCloseTo(0.1, 15);
    expect(r.epochs[1].bonds[1][2]).toBeCloseTo(0.1, 15);
  });

  it('without a warm-up the first epoch has no permits, so weights do not count yet', () => {
    const spec = base();
    spec.warmupEpochs = 0;
    const r = replay(parseReplay(spec));
    expect(r.epochs[0].incentive).toEqual([0, 0, 0]);
    expect(r.epochs[0].dividends).toEqual([0, 0, 0]);
    expect(r.epochs[1].incentive).toEqual([0, 0, 1]);
  });

  it('yuma2 stores bonds column-max-upscaled', () => {
    const spec = base();
    spec.yuma = 'yuma2';
    spec.stakes = [3, 1, 0];
    const r = replay(parseReplay(spec));
    expect(r.epochs[0].bonds[0][2]).toBe(1);
    expect(r.epochs[0].bonds[1][2]).toBeCloseTo(1 / 3, 15);
    expect(r.epochs[0].dividends[0]).toBeCloseTo(0.75, 15);
  });
});

describe('parseReplay errors name the field and the allowed values', () => {
  const good = (): Record<string, unknown> => ({
    yuma: 'yuma3',
    kappa: 0.5,
    bondsMovingAverage: 0.975,
    bondsPenalty: 0,
    liquidAlpha: { low: 0.1, high: 0.3, steepness: 10 },
    maxValidators: 3,
    stakes: [8, 1, 1, 0, 0],
    warmupEpochs: 1,
    epochs: [
      { weights: [[0, 0, 0, 1, 0], null, null, null, null] },
      { weights: [null, null, null, null, null] },
      { weights: [null, [0, 0, 0, 1, 0], null, null, null], resetBonds: [3] },
    ],
  });
  const cases: [string, (s: Record<string, unknown>) => unknown, string, RegExp][] = [
    ['root', () => ({ replaceWith: [1, 2] }), '(root)', /JSON object/],
    ['yuma', (s) => (s.yuma = 'yuma4'), 'yuma', /must be "yuma2" or "yuma3"/],
    ['kappa', (s) => (s.kappa = 1.5), 'kappa', /\[0, 1\]/],
    ['kappa missing', (s) => delete s.kappa, 'kappa', /number in \[0, 1\]/],
    ['bondsMovingAverage', (s) => (s.bondsMovingAverage = '0.9'), 'bondsMovingAverage', /\[0, 1\]/],
    ['bondsPenalty', (s) => (s.bondsPenalty = -1), 'bondsPenalty', /\[0, 1\]/],
    ['liquidAlpha', (s) => (s.liquidAlpha = 3), 'liquidAlpha', /null or an object/],
    ['liquidAlpha.high', (s) => (s.liquidAlpha = { low: 0.5, high: 0.3, steepness: 10 }), 'liquidAlpha.high', />= liquidAlpha.low/],
    ['liquidAlpha.steepness', (s) => (s.liquidAlpha = { low: 0.1, high: 0.3 }), 'liquidAlpha.steepness', /finite number/],
    ['maxValidators', (s) => (s.maxValidators = 2.5), 'maxValidators', /integer/],
    ['stakes', (s) => (s.stakes = []), 'stakes', /non-empty array/],
    ['stakes[1]', (s) => (s.stakes = [1, -1, 0, 0, 0]), 'stakes[1]', /non-negative/],
    ['warmupEpochs', (s) => (s.warmupEpochs = -1), 'warmupEpochs', /non-negative integer/],
    ['epochs', (s) => (s.epochs = {}), 'epochs', /array/],
    ['epochs[1]', (s) => ((s.epochs as unknown[])[1] = 7), 'epochs[1]', /object/],
    ['epochs[0].weights', (s) => ((s.epochs as { weights: unknown }[])[0].weights = [null]), 'epochs[0].weights', /5 entries/],
    [
      'epochs[2].weights[1] short',
      (s) => ((s.epochs as { weights: unknown[] }[])[2].weights[1] = [0, 1]),
      'epochs[2].weights[1]',
      /row must have 5 non-negative numbers/,
    ],
    [
      'epochs[2].weights[1] negative',
      (s) => ((s.epochs as { weights: unknown[] }[])[2].weights[1] = [0, 0, 0, -1, 0]),
      'epochs[2].weights[1]',
      /row must have 5 non-negative numbers/,
    ],
    [
      'epochs[2].resetBonds[0]',
      (s) => ((s.epochs as { resetBonds: unknown[] }[])[2].resetBonds = [5]),
      'epochs[2].resetBonds[0]',
      /integer in \[0, 4\]/,
    ],
  ];
  it('the base spec is valid', () => {
    expect(() => parseReplay(good())).not.toThrow();
  });
  it.each(cases)('%s', (_, mutate, path, message) => {
    let spec: unknown = good();
    const r = mutate(spec as Record<string, unknown>);
    if (typeof r === 'object' && r !== null && 'replaceWith' in r) spec = r.replaceWith;
    let err: unknown;
    try {
      parseReplay(spec);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ReplayError);
    expect((err as ReplayError).path).toBe(path);
    expect((err as ReplayError).message.startsWith(`${path}: `)).toBe(true);
    expect((err as ReplayError).message).toMatch(message);
  });
  it('ignores unknown top-level keys (expected, source)', () => {
    const spec = parseReplay({ ...good(), expected: { x: 1 }, source: 's' }) as ReplaySpec & Record<string, unknown>;
    expect(spec.expected).toBeUndefined();
  });
});

describe('epoch command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dtao-epoch-'));
  const capture = () => {
    const io = { outText: '', errText: '', out: (t: string) => void (io.outText += t), err: (t: string) => void (io.errText += t) };
    return io;
  };

  it('prints the replay as JSON and returns 0', async () => {
    const io = capture();
    const file = join(VECTORS, 'yuma3-kappa-moves-first.json');
    expect(await runEpochCommand(file, io)).toBe(0);
    expect(JSON.parse(io.outText)).toEqual(replay(parseReplay(JSON.parse(readFileSync(file, 'utf8')))));
    expect(io.errText).toBe('');
  });

  it('a malformed file: one line `epoch: <file>: <path>: <message>`, exit code 2', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...load('yuma3-kappa-moves-first.json'), yuma: 'yuma9' }));
    const io = capture();
    expect(await runEpochCommand(file, io)).toBe(2);
    expect(io.errText).toBe(`epoch: ${file}: yuma: must be "yuma2" or "yuma3"\n`);
    expect(io.outText).toBe('');
  });

  it('invalid JSON and a missing file: one line, exit code 2', async () => {
    const bad = join(dir, 'broken.json');
    writeFileSync(bad, '{"yuma": ');
    for (const file of [bad, join(dir, 'missing.json')]) {
      const io = capture();
      expect(await runEpochCommand(file, io)).toBe(2);
      expect(io.errText.startsWith(`epoch: ${file}: `)).toBe(true);
      expect(io.errText.trimEnd().includes('\n')).toBe(false);
    }
  });
});
