// Yuma consensus (src/market/yuma.ts) against the chain's own test vectors (docs/chain-rules.md §10: V1, V4,
// V5) and properties. Tolerances are the chain tests' own unless a comment says why not.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bondEma,
  liquidAlphaValue,
  matEmaAlpha,
  runEpoch,
  weightedMedian,
  weightedMedianCol,
  YumaWorkspace,
  type EpochInput,
  type EpochOutput,
  type YumaParams,
} from '../../src/market/yuma.ts';

const U16 = 65535;

function input(stake: number[], weights: (number[] | null)[] = []): EpochInput {
  const n = stake.length;
  return {
    n,
    stake: Float64Array.from(stake),
    active: new Uint8Array(n).fill(1),
    prevPermit: new Uint8Array(n),
    weights: Array.from({ length: n }, (_, i) => (weights[i] ? Float64Array.from(weights[i] as number[]) : null)),
    bonds: new Array<Float64Array | null>(n).fill(null),
  };
}

function relClose(actual: number, expected: number, rel: number, abs = 0): void {
  const tol = Math.max(Math.abs(expected) * rel, abs);
  expect(Math.abs(actual - expected), `actual ${actual} vs expected ${expected} (tol ${tol})`).toBeLessThanOrEqual(tol);
}

// ---------------------------------------------------------------------------------------------
describe('V4 weighted median (math.rs test_math_weighted_median_col, test_math_weighted_median): exact', () => {
  const W1 = [
    [0, 0.1, 0],
    [0, 0.2, 0.4],
    [0, 0.3, 0.1],
    [0, 0.4, 0.5],
  ];
  const W2 = [
    [0, 0.1, 0],
    [0, 0.2, 0.4],
    [0, 0.3, 0.1],
    [0, 0, 0.5],
  ];
  it.each([
    { stake: [0, 0.75, 0.25, 0], w: W1, majority: 0.24, median: [0, 0.3, 0.4] },
    { stake: [0, 0.75, 0.25, 0], w: W1, majority: 0.26, median: [0, 0.2, 0.4] },
    { stake: [0, 0.75, 0.25, 0], w: W1, majority: 0.76, median: [0, 0.2, 0.1] },
    { stake: [0, 0.3, 0.2, 0.5], w: W2, majority: 0.51, median: [0, 0, 0.4] },
    { stake: [0, 0], w: [[0, 0], [0, 0]], majority: 0.5, median: [0, 0] },
    { stake: [], w: [[]], majority: 0.5, median: [] },
  ])('stake $stake, majority $majority -> $median', ({ stake, w, majority, median }) => {
    expect(Array.from(weightedMedianCol(stake, w, majority))).toEqual(median);
  });

  // math.rs test_math_weighted_median: weighted_median(stake, score, idx, 1 - majority, 0, Σstake).
  it.each([
    { stake: [], score: [], expected: 0 },
    { stake: [1], score: [1], expected: 1 },
    { stake: [0.49, 0.51], score: [0.5, 1], expected: 1 },
    { stake: [0.51, 0.49], score: [0.5, 1], expected: 0.5 },
    { stake: [0.49, 0, 0.51], score: [0.5, 0.7, 1], expected: 1 },
    { stake: [0.49, 0.01, 0.5], score: [0.5, 0.7, 1], expected: 0.7 },
    { stake: [0.49, 0.51, 0], score: [0.5, 0.7, 1], expected: 0.7 },
    { stake: [0, 0.49, 0.51], score: [0.5, 0.7, 1], expected: 1 },
    { stake: [0, 0.49, 0, 0.51], score: [0.5, 0.5, 1, 1], expected: 1 },
    { stake: [0, 0.49, 0, 0.51, 0], score: [0.5, 0.5, 1, 1, 0.5], expected: 1 },
    { stake: [0.2, 0.2, 0.2, 0.2, 0.2], score: [0.8, 0.2, 1, 0.6, 0.4], expected: 0.6 },
    { stake: Array(10).fill(0.1), score: [0.8, 0.8, 0.2, 0.2, 1, 1, 0.6, 0.6, 0.4, 0.4], expected: 0.6 },
  ])('weighted_median $score with $stake -> $expected', ({ stake, score, expected }) => {
    const sum = stake.reduce((a, b) => a + b, 0);
    expect(weightedMedian(score, stake, 1 - 0.51, sum)).toBe(expected);
  });

  it('equals the sorted-cumulative oracle (smallest score whose cumulative stake exceeds the minority)', () => {
    // Stakes are small integers / 64 so every partial sum is exact in float64.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 6 })), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: -2, max: 400 }),
        (pairs, minorityUnits) => {
          const stake = pairs.map(([s]) => s / 64);
          const score = pairs.map(([, v]) => v / 8);
          const sum = stake.reduce((a, b) => a + b, 0);
          const minority = minorityUnits / 64;
          const order = score.map((_, k) => k).sort((a, b) => score[a] - score[b]);
          let acc = 0;
          let oracle = score[order[order.length - 1]];
          for (let t = 0; t < order.length; t++) {
            acc += stake[order[t]];
            const last = t === order.length - 1 || score[order[t + 1]] !== score[order[t]];
            if (last && acc > minority) {
              oracle = score[order[t]];
              break;
            }
          }
          expect(weightedMedian(score, stake, minority, sum)).toBe(oracle);
        },
      ),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The chain compares in I32F32, where |0.654 − 0.6539| is exactly its epsilon 1e-4; in float64 the
// decimal targets differ from it by 1e-4 plus a few 1e-16, hence 1e-4 + 1e-12.
const EPS_V5 = 1e-4 + 1e-12;
describe('V5 mat_ema_alpha (math.rs test_math_mat_ema_alpha): ±1e-4', () => {
  const old = [0.1, 0.2, 3, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.11, 0.12];
  it.each([
    {
      neu: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      alpha: 0.1,
      target: [0.19, 0.38, 1, 0.436, 0.545, 0.6539, 0.763, 0.8719, 0.981, 1, 1, 1],
    },
    {
      neu: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120],
      alpha: 0,
      target: [0.1, 0.2, 1, 0.0399, 0.05, 0.0599, 0.07, 0.07999, 0.09, 0.1, 0.10999, 0.11999],
    },
  ])('alpha $alpha', ({ neu, alpha, target }) => {
    const out = matEmaAlpha(neu, old, new Array(12).fill(alpha), new Float64Array(12));
    out.forEach((v, k) => expect(Math.abs(v - target[k])).toBeLessThanOrEqual(EPS_V5));
  });
  it('alpha 1', () => {
    const o = [0.001, 0.002, 0.003, 0.004, 0.05, 0.006, 0.007, 0.008, 0.009, 0.01, 0.011, 0.012];
    const target = [0.1, 0.2, 1, 0.0399, 0.05, 0.0599, 0.07, 0.07999, 0.09, 0.1, 0.10999, 0.11999];
    const out = matEmaAlpha(old, o, new Array(12).fill(1), new Float64Array(12));
    out.forEach((v, k) => expect(Math.abs(v - target[k])).toBeLessThanOrEqual(EPS_V5));
  });
  it('bondEma clamps at 1 and ignores negative increments', () => {
    expect(bondEma(0.9, 5, 0.5)).toBe(1);
    expect(bondEma(0.4, -1, 0.5)).toBe(0.2);
  });
});

describe('liquid alpha (run_epoch.rs alpha_sigmoid)', () => {
  const low = 0.7;
  const high = 0.9;
  it('diff 0 (weight at or below consensus, buying) gives the low end of the sigmoid', () => {
    const a = liquidAlphaValue(0.2, 0.1, 0.3, low, high, 10);
    expect(a).toBeCloseTo(low + (high - low) / (1 + Math.exp(5)), 15);
  });
  it('selling: diff = bond − weight', () => {
    const a = liquidAlphaValue(0.1, 0.6, 0.3, low, high, 10);
    expect(a).toBeCloseTo(low + (high - low) / (1 + Math.exp(-10 * (0.5 - 0.5))), 15);
  });
  it('stays in [low, high] and the exponent is clamped to ±20 (math.rs exp_safe)', () => {
    expect(liquidAlphaValue(1, 0, 0, low, high, 1000)).toBeCloseTo(low + (high - low) / (1 + Math.exp(-20)), 15);
    expect(liquidAlphaValue(0, 0, 0, low, high, 1000)).toBeCloseTo(low + (high - low) / (1 + Math.exp(20)), 15);
  });
});

// ---------------------------------------------------------------------------------------------
// V1 epoch.rs test_bonds: original Yuma (Yuma3 off), BondsPenalty 65535, kappa 32767, n = 8.
describe('V1 test_bonds (yuma2, docs/chain-rules.md §10)', () => {
  const params: YumaParams = {
    yuma: 'yuma2',
    kappa: 32767 / U16,
    bondsMovingAverage: 0.9,
    bondsPenalty: 1,
    liquidAlpha: null,
    maxValidators: 8,
  };
  const E = 1_000_000_000;
  const srv = [0, 0, 0, 0, 16383, 32767, 49149, 65535];
  const self = (i: number) => Array.from({ length: 8 }, (_, j) => (j === i ? U16 : 0));
  // Epoch k: the weights set before it, the asserted stored bonds column, and what the chain lists.
  const script: { set: [number, number[]][]; col: number; bonds: number[]; D?: number[]; E?: number[] }[] = [
    {
      set: [0, 1, 2, 3].map((i) => [i, srv] as [number, number[]]),
      col: 4,
      bonds: [16383, 32767, 49151, 65535],
      D: [0.1, 0.2, 0.3, 0.4, 0, 0, 0, 0],
      E: [49999998, 99999999, 150000000, 200000001, 49998779, 100000610, 149996337, 200004272],
    },
    {
      set: [[0, self(0)]],
      col: 4,
      bonds: [14582, 32767, 49151, 65535],
      D: [0.0899967, 0.2022211, 0.3033344, 0.4044477, 0, 0, 0, 0],
      E: [44998351, 101110561, 151667215, 202223870, 49998779, 100000610, 149996337, 200004272],
    },
    { set: [[1, self(1)]], col: 4, bonds: [12603, 28321, 49151, 65535] },
    {
      set: [[2, self(2)]],
      col: 7,
      bonds: [12602, 28320, 49150, 65535],
      E: [99999999, 199999999, 299999999, 399999999, 0, 0, 0, 0],
    },
    {
      set: [[2, [0, 0, 0, 0, 0, 0, 0, U16]]],
      col: 7,
      bonds: [10951, 24609, 49150, 65535],
      E: [36443733, 81898628, 163565493, 218092144, 0, 0, 0, 500000000],
    },
    { set: [], col: 7, bonds: [9559, 21482, 49150, 65535] },
    { set: [], col: 7, bonds: [8376, 18824, 49150, 65535] },
  ];

  /**
   * The chain stores bonds as u16 (math.rs fixed_proportion_to_u16: truncation) and computes in
   * I32F32, whose truncating divisions leave an exactly representable ratio a hair below the
   * integer (which is why its unchanged columns drift down one unit per epoch: 12603 → 12602 →
   * 12601 ... in the test's logs). `chainStorage` reproduces that between epochs: trunc(b·65535·(1 − 1e-9)),
   * the column maximum staying exactly 65535. Without it (float storage) the bonds stay within
   * 2 u16 units of the chain's, and dividends/emissions within 2e-4 relative.
   */
  function runScript(chainStorage: boolean) {
    const inp = input([1, 2, 3, 4, 0, 0, 0, 0]);
    const ws = new YumaWorkspace(8);
    const store = () => {
      if (!chainStorage) return;
      for (const b of inp.bonds) if (b) for (let j = 0; j < 8; j++) b[j] = b[j] >= 1 ? 1 : Math.floor(b[j] * U16 * (1 - 1e-9)) / U16;
    };
    runEpoch(ws, inp, params, E); // first epoch only issues permits
    expect(Array.from(inp.prevPermit)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    store();
    const results: { u16: number[]; snapshot: Record<string, number[]> }[] = [];
    for (const step of script) {
      for (const [i, row] of step.set) inp.weights[i] = Float64Array.from(row);
      const out = runEpoch(ws, inp, params, E);
      const u16 = [0, 1, 2, 3].map((i) => Math.floor((inp.bonds[i] as Float64Array)[step.col] * U16 * (chainStorage ? 1 - 1e-9 : 1 + 1e-12)));
      u16[3] = Math.round((inp.bonds[3] as Float64Array)[step.col] * U16); // the column max is exactly 1
      results.push({
        u16,
        snapshot: {
          D: Array.from(out.dividends),
          I: Array.from(out.incentive),
          C: Array.from(out.consensus),
          E: Array.from(out.serverEmission, (s, i) => s + out.validatorEmission[i]),
          server: Array.from(out.serverEmission),
        },
      });
      store();
    }
    return results;
  }

  it('with the chain u16 bond storage: bonds ±1 u16 unit (exact in practice), dividends and emissions relative 1e-5', () => {
    const res = runScript(true);
    script.forEach((step, k) => {
      res[k].u16.forEach((v, i) => expect(Math.abs(v - step.bonds[i]), `epoch ${k + 1} bond[${i}][${step.col}] ${v} vs ${step.bonds[i]}`).toBeLessThanOrEqual(1));
      step.D?.forEach((d, i) => relClose(res[k].snapshot.D[i], d, 1e-5, 1e-7));
      step.E?.forEach((e, i) => relClose(res[k].snapshot.E[i], e, 1e-5, 1));
    });
    // Epoch 1 consensus and incentive: the row-normalised weights.
    const w = [0.0999976, 0.2000012, 0.2999927, 0.4000085];
    w.forEach((x, k) => {
      relClose(res[0].snapshot.C[4 + k], x, 1e-5);
      relClose(res[0].snapshot.I[4 + k], x, 1e-5);
    });
  });

  it('with float bond storage: bonds within 2 u16 units, emissions within 2e-4 relative', () => {
    const res = runScript(false);
    script.forEach((step, k) => {
      res[k].u16.forEach((v, i) => expect(Math.abs(v - step.bonds[i]), `epoch ${k + 1} bond[${i}][${step.col}]`).toBeLessThanOrEqual(2));
      step.E?.forEach((e, i) => relClose(res[k].snapshot.E[i], e, 2e-4, 1));
    });
  });

  it('no weights left (epoch 4): validators are paid by active stake, servers nothing', () => {
    const res = runScript(true);
    expect(res[3].snapshot.I.every((x) => x === 0)).toBe(true);
    expect(res[3].snapshot.C.every((x) => x === 0)).toBe(true);
    expect(res[3].snapshot.server.every((x) => x === 0)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
describe('epoch rules (docs/chain-rules.md §7)', () => {
  const y3: YumaParams = { yuma: 'yuma3', kappa: 0.5, bondsMovingAverage: 0.9, bondsPenalty: 1, liquidAlpha: null, maxValidators: 2 };

  it('permits: top-k non-zero stake, lower index drops first among ties, the owner always', () => {
    const ws = new YumaWorkspace(6);
    let inp = input([3, 1, 1, 1, 0, 2]);
    runEpoch(ws, inp, { ...y3, maxValidators: 3 }, 1);
    expect(Array.from(inp.prevPermit)).toEqual([1, 0, 0, 1, 0, 1]); // of the three 1s, uids 1, 2 drop
    inp = input([3, 1, 1, 1, 0, 2]);
    runEpoch(ws, inp, { ...y3, maxValidators: 10 }, 1);
    expect(Array.from(inp.prevPermit)).toEqual([1, 1, 1, 1, 0, 1]); // zero stake never gets one
    inp = input([3, 1, 1, 1, 0, 2]);
    inp.ownerUid = 4;
    runEpoch(ws, inp, { ...y3, maxValidators: 1 }, 1);
    expect(Array.from(inp.prevPermit)).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('previous permits mask rows; the diagonal is removed except the owner self-weight', () => {
    const ws = new YumaWorkspace(4);
    const inp = input([1, 1, 0, 0], [
      [5, 0, 1, 0],
      [0, 0, 0, 1],
      [0, 0, 1, 0],
      null,
    ]);
    inp.prevPermit.set([1, 1, 0, 0]);
    let o = runEpoch(ws, inp, { ...y3, maxValidators: 4, kappa: 0.4 }, 1);
    // Row 0 loses its self-weight (5): W = [0,0,1,0]; row 2 has no permit.
    expect(Array.from(o.validatorTrust)).toEqual([1, 1, 0, 0]);
    expect(Array.from(o.consensus)).toEqual([0, 0, 1, 1]);
    const inp2 = input([1, 1, 0, 0], [[5, 0, 1, 0], [0, 0, 0, 1], null, null]);
    inp2.prevPermit.set([1, 1, 0, 0]);
    inp2.ownerUid = 0;
    o = runEpoch(ws, inp2, { ...y3, maxValidators: 4, kappa: 0.4 }, 1);
    expect(o.consensus[0]).toBeCloseTo(5 / 6, 15);
  });

  it('stake without a previous permit is not active: no vote, no active stake', () => {
    const inp = input([1, 3, 0], [[0, 0, 1], [0, 0, 0], null]);
    inp.prevPermit.set([1, 0, 0]);
    const o = runEpoch(new YumaWorkspace(3), inp, { ...y3, maxValidators: 3 }, 1);
    expect(Array.from(o.activeStake)).toEqual([1, 0, 0]);
    expect(o.consensus[2]).toBe(1);
    expect(Array.from(inp.prevPermit)).toEqual([1, 1, 0]);
  });

  it('outdated weights (weightSetBlock_i <= registeredAt_j) are dropped before normalising', () => {
    const ws = new YumaWorkspace(4);
    const mk = () => {
      const inp = input([1, 0, 0, 0], [[0, 1, 1, 2], null, null, null]);
      inp.prevPermit.set([1, 0, 0, 0]);
      return inp;
    };
    const inp = mk();
    inp.weightSetBlock = Float64Array.from([100, 0, 0, 0]);
    inp.registeredAt = Float64Array.from([0, 0, 100, 50]);
    const a = Array.from(runEpoch(ws, inp, { ...y3, maxValidators: 4 }, 1).incentive);
    expect(a).toEqual([0, 1 / 3, 0, 2 / 3]);
    const inp2 = mk();
    inp2.outdated = (i, j) => j === 2 && i === 0;
    expect(Array.from(runEpoch(ws, inp2, { ...y3, maxValidators: 4 }, 1).incentive)).toEqual(a);
  });

  it('bond columns of UIDs registered since the last epoch are cleared', () => {
    const ws = new YumaWorkspace(3);
    const inp = input([1, 0, 0], [[0, 1, 1], null, null]);
    inp.prevPermit.set([1, 0, 0]);
    inp.bonds[0] = Float64Array.from([0, 0.5, 0.5]);
    inp.registeredAt = Float64Array.from([0, 10, 20]);
    inp.lastEpochBlock = 15;
    runEpoch(ws, inp, { ...y3, maxValidators: 3 }, 1);
    const b = inp.bonds[0] as Float64Array;
    expect(b[1]).toBeCloseTo(0.9 * 0.5 + 0.1 * 0.5, 15);
    expect(b[2]).toBeCloseTo(0.1 * 0.5, 15); // old bond masked, only the new weight
  });

  it('bonds are kept only for rows with a new permit', () => {
    const ws = new YumaWorkspace(3);
    const inp = input([1, 1, 0], [[0, 0, 1], [0, 0, 1], null]);
    inp.prevPermit.set([1, 1, 0]);
    runEpoch(ws, inp, { ...y3, maxValidators: 1 }, 1);
    expect(Array.from(inp.prevPermit)).toEqual([0, 1, 0]);
    expect(inp.bonds[0]).toBeNull();
    expect(inp.bonds[1]).not.toBeNull();
  });

  it('liquid alpha: an explicit 0 weight decays the bond, an absent (NaN) entry drops it (mat_ema_alpha_sparse)', () => {
    const la: YumaParams = { ...y3, bondsPenalty: 0, liquidAlpha: { low: 0.1, high: 0.3, steepness: 10 }, maxValidators: 3 };
    const ws = new YumaWorkspace(3);
    const run = (second: number) => {
      const inp = input([1, 0, 0], [[0, 1, 0], null, null]);
      inp.prevPermit.set([1, 0, 0]);
      runEpoch(ws, inp, la, 1);
      inp.weights[0] = Float64Array.from([0, second, 1]);
      runEpoch(ws, inp, la, 1);
      return (inp.bonds[0] as Float64Array)[1];
    };
    expect(run(0)).toBeGreaterThan(0);
    expect(run(Number.NaN)).toBe(0);
  });

  it('consensus in an epoch follows the weighted_median cases exactly, boundaries included', () => {
    // Each case: validators with these stakes score one server (uid v) with `score`; the rest of
    // each row goes to a pad UID. kappa 0.51 => minority = Σstake − 0.51 (math.rs test_math_weighted_median).
    const cases = [
      { stake: [49, 51], score: [0.5, 1], expected: 1 },
      { stake: [51, 49], score: [0.5, 1], expected: 0.5 },
      { stake: [49, 0, 51], score: [0.5, 0.7, 1], expected: 1 },
      { stake: [49, 1, 50], score: [0.5, 0.7, 1], expected: 0.7 },
      { stake: [49, 51, 0], score: [0.5, 0.7, 1], expected: 0.7 },
      { stake: [0, 49, 0, 51, 0], score: [0.5, 0.5, 1, 1, 0.5], expected: 1 },
      { stake: [24, 25, 51], score: [0.5, 0.5, 1], expected: 1 }, // F(0.5) = minority exactly: not above it
      { stake: [1, 1, 1, 1, 1], score: [0.8, 0.2, 1, 0.6, 0.4], expected: 0.6 },
      { stake: Array(10).fill(1), score: [0.8, 0.8, 0.2, 0.2, 1, 1, 0.6, 0.6, 0.4, 0.4], expected: 0.6 },
    ];
    for (const { stake, score, expected } of cases) {
      const v = stake.length;
      const n = v + 2;
      const rows = score.map((x) => {
        const r = new Array(n).fill(0);
        r[v] = x * 1000;
        r[v + 1] = (1 - x) * 1000;
        return r;
      });
      const inp = input([...stake, 0, 0], rows);
      inp.prevPermit.fill(1);
      const o = runEpoch(new YumaWorkspace(n), inp, { ...y3, kappa: 0.51, maxValidators: n }, 1);
      expect(o.consensus[v], `stake ${stake} score ${score}`).toBe(expected);
    }
  });

  it('liquid alpha on a fresh bond at consensus: B = α_low-end of the sigmoid (diff 0)', () => {
    const la: YumaParams = { ...y3, liquidAlpha: { low: 0.7, high: 0.9, steepness: 10 }, maxValidators: 2 };
    const inp = input([1, 0], [[0, 1], null]);
    inp.prevPermit.set([1, 0]);
    runEpoch(new YumaWorkspace(2), inp, la, 1);
    expect((inp.bonds[0] as Float64Array)[1]).toBeCloseTo(0.7 + 0.2 / (1 + Math.exp(5)), 14);
  });

  it('liquid alpha with bonds penalty 1: a weight on a server with consensus 0 drops the bond (col_clip_sparse)', () => {
    const la: YumaParams = { ...y3, bondsPenalty: 1, liquidAlpha: { low: 0.7, high: 0.9, steepness: 10 }, maxValidators: 4 };
    const inp = input([3, 1, 0, 0], [[0, 0, 1, 0], [0, 0, 0, 1], null, null]);
    inp.prevPermit.set([1, 1, 0, 0]);
    inp.bonds[1] = Float64Array.from([0, 0, 0.2, 0.5]);
    const o = runEpoch(new YumaWorkspace(4), inp, la, 1);
    expect(Array.from(o.consensus)).toEqual([0, 0, 1, 0]);
    const b = inp.bonds[1] as Float64Array;
    expect(b[3]).toBe(0); // W = 1 > C = 0: clipped entry dropped
    expect(b[2]).toBeGreaterThan(0); // explicit 0 weight: decays
    expect(b[2]).toBeLessThan(0.2);
  });

  it('a permitted validator with bonds but no weights: liquid alpha drops its bonds, a fixed rate decays them', () => {
    const run = (liquidAlpha: YumaParams['liquidAlpha']) => {
      const inp = input([3, 1, 0], [[0, 0, 1], null, null]);
      inp.prevPermit.set([1, 1, 0]);
      inp.bonds[1] = Float64Array.from([0, 0, 0.5]);
      runEpoch(new YumaWorkspace(3), inp, { ...y3, liquidAlpha, maxValidators: 3 }, 1);
      return (inp.bonds[1] as Float64Array)[2];
    };
    expect(run({ low: 0.7, high: 0.9, steepness: 10 })).toBe(0);
    expect(run(null)).toBeCloseTo(0.45, 15);
  });

  it('a permitted, active validator without weights votes 0 in consensus', () => {
    const ws = new YumaWorkspace(3);
    const inp = input([1, 2, 0], [[0, 0, 1], null, null]);
    inp.prevPermit.set([1, 1, 0]);
    const o = runEpoch(ws, inp, { ...y3, maxValidators: 3 }, 1);
    expect(o.consensus[2]).toBe(0); // 2/3 of the stake scores 0
    inp.prevPermit.set([1, 1, 0]);
    inp.stake.set([2, 1, 0]);
    expect(runEpoch(ws, inp, { ...y3, maxValidators: 3 }, 1).consensus[2]).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
describe('properties (fast-check)', () => {
  const arbCase = fc
    .integer({ min: 1, max: 40 })
    .chain((n) =>
      fc.record({
        n: fc.constant(n),
        stake: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: n, maxLength: n }),
        active: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        epochs: fc.array(
          fc.array(
            fc.option(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: U16 }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: n, maxLength: n }), {
              nil: null,
              freq: 3,
            }),
            { minLength: n, maxLength: n },
          ),
          { minLength: 1, maxLength: 4 },
        ),
        yuma: fc.constantFrom<'yuma2' | 'yuma3'>('yuma2', 'yuma3'),
        kappa: fc.oneof(fc.constant(32767 / U16), fc.double({ min: 0, max: 1, noNaN: true })),
        bma: fc.double({ min: 0, max: 1, noNaN: true }),
        penalty: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
        liquid: fc.boolean(),
        maxValidators: fc.integer({ min: 0, max: 45 }),
        owner: fc.integer({ min: -1, max: n - 1 }),
        emission: fc.double({ min: 1e-3, max: 1e12, noNaN: true }),
      }),
    );
  type Case = typeof arbCase extends fc.Arbitrary<infer T> ? T : never;

  function caseInput(c: Case): { inp: EpochInput; params: YumaParams } {
    const inp = input(c.stake);
    inp.active = Uint8Array.from(c.active, (a) => (a ? 1 : 0));
    inp.ownerUid = c.owner;
    const params: YumaParams = {
      yuma: c.yuma,
      kappa: c.kappa,
      bondsMovingAverage: c.bma,
      bondsPenalty: c.penalty,
      liquidAlpha: c.liquid ? { low: 0.7, high: 0.9, steepness: 10 } : null,
      maxValidators: c.maxValidators,
    };
    return { inp, params };
  }

  function play(c: Case, ws: YumaWorkspace) {
    const { inp, params } = caseInput(c);
    const outs: { o: Record<string, number[]>; weights: (Float64Array | null)[] }[] = [];
    runEpoch(ws, inp, params, c.emission); // permits
    for (const ep of c.epochs) {
      ep.forEach((row, i) => {
        if (row) inp.weights[i] = Float64Array.from(row);
      });
      const o = runEpoch(ws, inp, params, c.emission);
      const snap: Record<string, number[]> = {};
      for (const [k, v] of Object.entries(o)) snap[k] = Array.from(v as Float64Array);
      snap.permit = Array.from(inp.prevPermit);
      snap.bonds = inp.bonds.flatMap((b) => (b ? Array.from(b.subarray(0, c.n)) : [-1]));
      outs.push({ o: snap, weights: inp.weights.slice() });
    }
    return outs;
  }

  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);

  it('sums, ranges, consensus bound, emission split', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const outs = play(c, new YumaWorkspace(c.n));
        const stakeTotal = sum(c.stake);
        for (const { o, weights } of outs) {
          for (const key of ['incentive', 'dividends']) {
            const s = sum(o[key]);
            if (!(o[key].every((x) => x === 0) || Math.abs(s - 1) < 1e-9)) throw new Error(`${key} sums to ${s}`);
          }
          for (const key of ['consensus', 'incentive', 'dividends', 'validatorTrust', 'activeStake', 'rank']) {
            for (const x of o[key]) if (!(x >= 0 && x <= 1 + 1e-12)) throw new Error(`${key} value ${x} outside [0, 1]`);
          }
          for (let j = 0; j < c.n; j++) {
            let max = 0; // over every weight row, normalised after removing the diagonal (not the owner's)
            weights.forEach((row, i) => {
              if (!row) return;
              let rs = 0;
              for (let k = 0; k < c.n; k++) if (k !== i || i === c.owner) rs += row[k];
              if (rs > 0 && (j !== i || i === c.owner)) max = Math.max(max, row[j] / rs);
            });
            if (o.consensus[j] > max * (1 + 1e-12)) throw new Error(`consensus ${o.consensus[j]} above the column max ${max}`);
          }
          const em = sum(o.serverEmission) + sum(o.validatorEmission);
          const want = stakeTotal > 0 ? c.emission : 0;
          if (Math.abs(em - want) > 1e-12 * c.emission) throw new Error(`emission ${em} vs ${want}`);
          for (const b of o.bonds) if (!(b === -1 || (b >= 0 && b <= 1))) throw new Error(`bond ${b}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('same inputs give bit-identical outputs, with a fresh or a reused workspace', () => {
    const used = new YumaWorkspace(48);
    fc.assert(
      fc.property(arbCase, (c) => {
        const a = play(c, new YumaWorkspace(c.n)).map((x) => x.o);
        const b = play(c, used).map((x) => x.o);
        for (let e = 0; e < a.length; e++) {
          for (const key of Object.keys(a[e])) {
            const x = Float64Array.from(a[e][key]);
            const y = Float64Array.from(b[e][key]);
            if (Buffer.compare(Buffer.from(x.buffer), Buffer.from(y.buffer)) !== 0) throw new Error(`epoch ${e} ${key} differs`);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("last epoch's consensus, tried first, never changes an epoch (guesses from nearly equal stakes included)", () => {
    const bits = (o: EpochOutput | Record<string, ArrayLike<number>>) =>
      Object.values(o).map((v) => Buffer.from(Float64Array.from(v as ArrayLike<number>).buffer).toString('hex'));
    fc.assert(
      fc.property(arbCase, fc.double({ min: -1e-12, max: 1e-12, noNaN: true }), (c, jitter) => {
        const ws = new YumaWorkspace(c.n); // keeps its guesses: the same weight-row array every epoch
        const { inp, params } = caseInput(c);
        const copy = (stake: Float64Array): EpochInput => ({
          ...inp,
          stake,
          prevPermit: inp.prevPermit.slice(),
          bonds: inp.bonds.map((b) => (b ? b.slice() : null)),
        });
        runEpoch(ws, inp, params, c.emission);
        for (const ep of c.epochs) {
          ep.forEach((row, i) => {
            if (row) inp.weights[i] = Float64Array.from(row);
          });
          // Guesses left by the same weights with stakes a hair apart: medians at the edge of their margin.
          runEpoch(ws, copy(inp.stake.map((x, i) => x * (1 + jitter * (i % 3)))), params, c.emission);
          const fresh = copy(inp.stake);
          const want = bits(runEpoch(new YumaWorkspace(c.n), fresh, params, c.emission));
          const got = bits(runEpoch(ws, inp, params, c.emission));
          expect(got).toEqual(want);
          const state = (x: EpochInput) => bits({ permit: x.prevPermit, bonds: x.bonds.flatMap((b) => (b ? Array.from(b) : [-1])) });
          expect(state(inp)).toEqual(state(fresh));
        }
      }),
      { numRuns: 200 },
    );
  });
});
