// Global sensitivity designs and their estimators, in the unit cube [0, 1)^k; design.ts maps unit
// coordinates to parameter values (valueAt), the report maps run outputs back to indices.
//  - Morris (elementary effects; Morris 1991, Campolongo et al. 2007): r one-at-a-time trajectories
//    on a grid of `levels` levels, step Δ = levels / (2 (levels − 1)); per parameter mu* = mean |EE|
//    and sigma = sd of EE (nonlinearity or interactions).
//  - Sobol (variance-based; Saltelli et al. 2010): N base rows of a Sobol low-discrepancy sequence in
//    2k dimensions give matrices A and B; the design runs A, B and the k matrices AB_j (A with column j
//    from B). First-order S1_j = mean((f(B) − f̄)(f(AB_j) − f(A))) / V (Saltelli 2010, centred), total ST_j =
//    mean((f(A) − f(AB_j))²) / (2V) (Jansen 1999), V the variance of f over A and B; intervals are a
//    percentile bootstrap over the N rows from a seeded stream.
import { Rng } from '../../agents/rng.ts';

/**
 * Joe & Kuo (2008) direction numbers (new-joe-kuo-6.21201), dimensions 2..21: [s, a, m_1..m_s] with
 * s the degree of the primitive polynomial, a its coefficients, m the initial direction integers.
 * Dimension 1 is the van der Corput sequence. 21 dimensions serve Saltelli designs of up to 10
 * parameters (2k dimensions); more would need more rows of the published table.
 */
const JOE_KUO: readonly (readonly number[])[] = [
  [1, 0, 1], [2, 1, 1, 3], [3, 1, 1, 3, 1], [3, 2, 1, 1, 1], [4, 1, 1, 1, 3, 3], [4, 4, 1, 3, 5, 13],
  [5, 2, 1, 1, 5, 5, 17], [5, 4, 1, 1, 5, 5, 5], [5, 7, 1, 1, 7, 11, 19], [5, 11, 1, 1, 5, 1, 1],
  [5, 13, 1, 1, 1, 3, 11], [5, 14, 1, 3, 5, 5, 31], [6, 1, 1, 3, 3, 9, 7, 49], [6, 13, 1, 1, 1, 15, 21, 21],
  [6, 16, 1, 3, 1, 13, 27, 49], [6, 19, 1, 1, 1, 15, 7, 5], [6, 22, 1, 3, 1, 15, 13, 25], [6, 25, 1, 1, 5, 5, 19, 61],
  [7, 1, 1, 3, 7, 11, 23, 15, 103], [7, 4, 1, 3, 7, 13, 13, 15, 69],
];
export const SOBOL_MAX_DIMS = JOE_KUO.length + 1;
export const SOBOL_MAX_PARAMS = Math.floor(SOBOL_MAX_DIMS / 2);
const BITS = 32;

/** The first `n` points of the `dims`-dimensional Sobol sequence, skipping the origin (points 1..n). */
export function sobolPoints(n: number, dims: number): number[][] {
  if (dims < 1 || dims > SOBOL_MAX_DIMS) throw new Error(`Sobol points: ${dims} dimensions; supported 1..${SOBOL_MAX_DIMS}`);
  if (n >= 2 ** BITS - 1) throw new Error('Sobol points: too many points');
  const v: Uint32Array[] = [];
  for (let d = 0; d < dims; d++) {
    const dir = new Uint32Array(BITS + 1);
    if (d === 0) for (let i = 1; i <= BITS; i++) dir[i] = 2 ** (BITS - i);
    else {
      const [s, a, ...m] = JOE_KUO[d - 1]!;
      for (let i = 1; i <= BITS; i++) {
        if (i <= s!) dir[i] = (m[i - 1]! * 2 ** (BITS - i)) >>> 0;
        else {
          let x = (dir[i - s!]! ^ (dir[i - s!]! >>> s!)) >>> 0;
          for (let k = 1; k < s!; k++) if ((a! >>> (s! - 1 - k)) & 1) x = (x ^ dir[i - k]!) >>> 0;
          dir[i] = x;
        }
      }
    }
    v.push(dir);
  }
  const x = new Uint32Array(dims);
  const out: number[][] = [];
  for (let i = 1; i <= n; i++) {
    // Gray-code order: point i flips the direction of the rightmost zero bit of i − 1.
    let c = 1;
    let rest = i - 1;
    while (rest & 1) {
      rest >>>= 1;
      c++;
    }
    for (let d = 0; d < dims; d++) x[d] = (x[d]! ^ v[d]![c]!) >>> 0;
    out.push(Array.from(x, (xi) => xi / 2 ** BITS));
  }
  return out;
}

/** Saltelli design in the unit cube: for each of the n base rows, A, B, AB_1..AB_k (k + 2 points). */
export function saltelliUnit(n: number, k: number): number[][] {
  if (k > SOBOL_MAX_PARAMS) throw new Error(`a Sobol design supports up to ${SOBOL_MAX_PARAMS} parameters (got ${k})`);
  const rows: number[][] = [];
  for (const p of sobolPoints(n, 2 * k)) {
    const a = p.slice(0, k);
    const b = p.slice(k);
    rows.push(a, b);
    for (let j = 0; j < k; j++) rows.push(a.map((x, i) => (i === j ? b[j]! : x)));
  }
  return rows;
}

/** The Morris step Δ for a grid of `levels` levels. */
export const morrisDelta = (levels: number): number => levels / (2 * (levels - 1));

/**
 * Morris trajectories in the unit cube: r trajectories of k + 1 points on the grid {0, 1/(L−1), …, 1};
 * each starts at a random grid point and moves one parameter at a time (random order) by ±Δ,
 * staying inside [0, 1]. Draws come from `rng`.
 */
export function morrisUnit(r: number, k: number, levels: number, rng: Rng): number[][] {
  if (!(levels >= 2 && levels % 2 === 0)) throw new Error('Morris levels must be an even number ≥ 2');
  const delta = morrisDelta(levels);
  const rows: number[][] = [];
  const order = Int32Array.from({ length: k }, (_, i) => i);
  for (let t = 0; t < r; t++) {
    let x = Array.from({ length: k }, () => rng.int(levels) / (levels - 1));
    rows.push(x);
    rng.shuffle(order);
    for (const j of order) {
      const up = x[j]! + delta <= 1 + 1e-12;
      x = x.map((v, i) => (i === j ? (up ? v + delta : v - delta) : v));
      rows.push(x);
    }
  }
  return rows;
}

export interface MorrisIndex {
  param: number;
  muStar: number;
  mu: number;
  sigma: number;
  /** Elementary effects behind the estimate (trajectories where the output was defined). */
  n: number;
}

/**
 * mu*, mu and sigma per parameter from Morris trajectories: `x` the points (any scale; a step's EE is
 * Δy / Δx_j with Δx_j in units of `span[j]`), `y` the output at each point (NaN skips that step).
 */
export function morrisIndices(x: readonly (readonly number[])[], y: ArrayLike<number>, k: number, span: readonly number[] = Array(k).fill(1)): MorrisIndex[] {
  const ee: number[][] = Array.from({ length: k }, () => []);
  const per = k + 1;
  for (let t = 0; t + per <= x.length; t += per) {
    for (let s = 1; s < per; s++) {
      const a = x[t + s - 1]!, b = x[t + s]!;
      const j = a.findIndex((v, i) => v !== b[i]);
      if (j < 0) continue;
      const dx = (b[j]! - a[j]!) / (span[j] || 1);
      const dy = y[t + s]! - y[t + s - 1]!;
      if (Number.isFinite(dy) && dx !== 0) ee[j]!.push(dy / dx);
    }
  }
  return ee.map((e, param) => {
    const n = e.length;
    const mu = n > 0 ? e.reduce((a, b) => a + b, 0) / n : NaN;
    const muStar = n > 0 ? e.reduce((a, b) => a + Math.abs(b), 0) / n : NaN;
    const sigma = n > 1 ? Math.sqrt(e.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1)) : NaN;
    return { param, muStar, mu, sigma, n };
  });
}

export interface SobolIndex {
  param: number;
  s1: number;
  s1Lo: number;
  s1Hi: number;
  st: number;
  stLo: number;
  stHi: number;
  /** Base rows behind the estimate. */
  n: number;
}

function sobolEstimate(yA: Float64Array, yB: Float64Array, yAB: Float64Array, rows: ArrayLike<number>): [number, number] {
  const n = rows.length;
  let mean = 0;
  for (let r = 0; r < n; r++) mean += yA[rows[r]!]! + yB[rows[r]!]!;
  mean /= 2 * n;
  let v = 0, s1 = 0, st = 0;
  for (let r = 0; r < n; r++) {
    const i = rows[r]!;
    v += (yA[i]! - mean) ** 2 + (yB[i]! - mean) ** 2;
    // f(B) centred on the sample mean (as SALib does): the same estimator in expectation, but not blown
    // up by a metric whose level is large against its variance (a share near 1 that moves by 1e-4).
    s1 += (yB[i]! - mean) * (yAB[i]! - yA[i]!);
    st += (yA[i]! - yAB[i]!) ** 2;
  }
  v /= 2 * n - 1;
  return v > 0 ? [s1 / n / v, st / (2 * n) / v] : [NaN, NaN];
}

/**
 * First-order and total Sobol indices from outputs in saltelliUnit's layout (n rows × (k + 2)),
 * with `level` percentile-bootstrap intervals over the base rows (seeded: same seed, same intervals).
 * Rows with a missing output anywhere are left out.
 */
export function sobolIndices(y: ArrayLike<number>, k: number, seed: string, resamples = 1000, level = 0.95): SobolIndex[] {
  const per = k + 2;
  const total = Math.floor(y.length / per);
  const ok: number[] = [];
  for (let r = 0; r < total; r++) {
    let fine = true;
    for (let c = 0; c < per; c++) if (!Number.isFinite(y[r * per + c]!)) fine = false;
    if (fine) ok.push(r);
  }
  const n = ok.length;
  const col = (c: number) => Float64Array.from(ok, (r) => y[r * per + c]!);
  const yA = col(0), yB = col(1);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const idx = new Int32Array(n);
  const q = (s: Float64Array, p: number) => {
    const h = (s.length - 1) * p;
    const i = Math.floor(h);
    return s[i]! + (h - i) * (s[Math.min(i + 1, s.length - 1)]! - s[i]!);
  };
  const out: SobolIndex[] = [];
  for (let j = 0; j < k; j++) {
    const yAB = col(2 + j);
    const [s1, st] = n > 1 ? sobolEstimate(yA, yB, yAB, all) : [NaN, NaN];
    const rng = new Rng(`${seed}/${j}`);
    const b1 = new Float64Array(resamples), bt = new Float64Array(resamples);
    for (let b = 0; b < resamples && n > 1; b++) {
      for (let i = 0; i < n; i++) idx[i] = rng.int(n);
      [b1[b], bt[b]] = sobolEstimate(yA, yB, yAB, idx);
    }
    const f1 = b1.filter(Number.isFinite).sort(), ft = bt.filter(Number.isFinite).sort();
    const lo = (1 - level) / 2;
    out.push({
      param: j, s1, st, n,
      s1Lo: f1.length > 0 ? q(f1, lo) : NaN, s1Hi: f1.length > 0 ? q(f1, 1 - lo) : NaN,
      stLo: ft.length > 0 ? q(ft, lo) : NaN, stHi: ft.length > 0 ? q(ft, 1 - lo) : NaN,
    });
  }
  return out;
}
