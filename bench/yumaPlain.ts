// A plain Yuma3 epoch: the yardstick the lab's epoch (src/market/yuma.ts) is timed against in `npm run
// bench` (yumaPlainRatio). Written the straightforward way a competent port of the chain's math would be:
// typed arrays allocated once and reused, dense rows over the validators (the UIDs with a permit), each
// column's weighted median found by one sort of the voters by weight (an insertion sort of the (weight,
// stake) pairs: a column has few voters) and a cumulative stake scan, a liquid alpha computed for every
// bond entry as the chain does. None of the lab's tricks (column-major
// weights, branch-free sweeps, partition-based medians, last epoch's consensus tried first, skipping
// absent entries). The same rules as the lab's epoch for the bench's inputs (every UID active, permits
// given, no owner, no outdated weights, dense rows): bench/yuma.bench.ts checks that both give the same
// consensus, incentive and dividends before timing. A benchmark baseline only, not a second
// implementation of the chain.
import type { YumaParams } from '../src/market/yuma.ts';

export interface PlainEpochOut {
  consensus: Float64Array;
  incentive: Float64Array;
  dividends: Float64Array;
}

/** Scratch for plainYuma3 over up to nMax UIDs (allocated once). */
export class PlainYumaWorkspace {
  readonly S: Float64Array;
  readonly rows: Int32Array;
  readonly W: Float64Array;
  readonly col: Float64Array;
  readonly colStake: Float64Array;
  readonly C: Float64Array;
  readonly R: Float64Array;
  readonly I: Float64Array;
  readonly D: Float64Array;
  readonly colSum: Float64Array;

  constructor(readonly nMax: number) {
    this.S = new Float64Array(nMax);
    this.rows = new Int32Array(nMax);
    this.W = new Float64Array(nMax * nMax);
    this.col = new Float64Array(nMax);
    this.colStake = new Float64Array(nMax);
    this.C = new Float64Array(nMax);
    this.R = new Float64Array(nMax);
    this.I = new Float64Array(nMax);
    this.D = new Float64Array(nMax);
    this.colSum = new Float64Array(nMax);
  }
}

/**
 * One Yuma3 epoch over n UIDs. `stake` (n), `permit` (n: 1 = validator permit), `weights` (n rows of n
 * raw weights, null = none) and `bonds` (n × n row-major, proportions; updated in place). Returns views
 * into the workspace.
 */
export function plainYuma3(
  ws: PlainYumaWorkspace,
  n: number,
  stake: Float64Array,
  permit: Uint8Array,
  weights: (Float64Array | null)[],
  bonds: Float64Array,
  p: YumaParams,
): PlainEpochOut {
  const { S, rows, W, col, colStake, C, R, I, D, colSum } = ws;
  // Active stake: validators with a permit, normalised.
  let total = 0;
  for (let i = 0; i < n; i++) total += permit[i] ? stake[i] : 0;
  for (let i = 0; i < n; i++) S[i] = permit[i] && total > 0 ? stake[i] / total : 0;

  // Validator rows (permit): weights diagonal-masked and row-normalised, dense (row k of W); a validator
  // without weights votes 0 everywhere and keeps no bonds.
  let m = 0;
  for (let i = 0; i < n; i++) {
    const row = weights[i];
    if (!permit[i] || row === null) bonds.fill(0, i * n, (i + 1) * n);
    if (!permit[i]) continue;
    let sum = 0;
    if (row !== null) for (let j = 0; j < n; j++) if (j !== i) sum += row[j];
    const off = m * n;
    for (let j = 0; j < n; j++) W[off + j] = row !== null && j !== i && sum > 0 ? row[j] / sum : 0;
    rows[m++] = i;
  }

  // Consensus: per column, sort the voters by weight and take the stake-weighted median
  // (the smallest weight whose cumulative stake exceeds 1 − κ of the voting stake).
  let voteSum = 0;
  for (let i = 0; i < n; i++) voteSum += S[i];
  const minority = voteSum - p.kappa;
  let anyC = false;
  for (let j = 0; j < n; j++) {
    // Insertion sort of the column's (weight, stake) pairs by weight: few voters, so no comparator calls.
    for (let k = 0; k < m; k++) {
      const w = W[k * n + j];
      const st = S[rows[k]];
      let q = k;
      while (q > 0 && col[q - 1] > w) {
        col[q] = col[q - 1];
        colStake[q] = colStake[q - 1];
        q--;
      }
      col[q] = w;
      colStake[q] = st;
    }
    let cum = 0;
    let c = m > 0 ? col[m - 1] : 0;
    for (let k = 0; k < m; k++) {
      const v = col[k];
      cum += colStake[k];
      if (k + 1 < m && col[k + 1] === v) continue; // ties: the cumulative stake counts every voter at this weight
      if (cum > minority) {
        c = v;
        break;
      }
    }
    C[j] = c;
    if (c > 0) anyC = true;
  }

  // Ranks and incentive from the weights clipped at consensus.
  R.fill(0, 0, n);
  for (let k = 0; k < m; k++) {
    const s = S[rows[k]];
    for (let j = 0; j < n; j++) R[j] += Math.min(W[k * n + j], C[j]) * s;
  }
  let rSum = 0;
  for (let j = 0; j < n; j++) rSum += R[j];
  for (let j = 0; j < n; j++) I[j] = rSum > 0 ? R[j] / rSum : 0;

  // Bonds: EMA toward the (penalised) clipped weights, with a liquid alpha per entry (yuma3).
  const la = p.liquidAlpha;
  const liquid = la !== null && anyC;
  const aFixed = 1 - p.bondsMovingAverage;
  for (let k = 0; k < m; k++) {
    if (weights[rows[k]] === null) continue;
    const off = rows[k] * n;
    for (let j = 0; j < n; j++) {
      const w = W[k * n + j];
      const wb = w + p.bondsPenalty * (Math.min(w, C[j]) - w);
      const b = bonds[off + j];
      let a = aFixed;
      if (liquid) {
        const diff = Math.min(1, Math.max(0, wb >= b ? wb - C[j] : b - wb));
        const x = Math.min(20, Math.max(-20, -la.steepness * (diff - 0.5)));
        a = Math.min(la.high, Math.max(la.low, la.low + (la.high - la.low) / (1 + Math.exp(x))));
      }
      bonds[off + j] = Math.min(1, (1 - a) * b + Math.max(0, a * wb));
    }
  }

  // Dividends: column-normalised bonds times incentive, times active stake, normalised.
  colSum.fill(0, 0, n);
  for (let k = 0; k < m; k++) {
    const off = rows[k] * n;
    for (let j = 0; j < n; j++) colSum[j] += bonds[off + j];
  }
  D.fill(0, 0, n);
  let dSum = 0;
  for (let k = 0; k < m; k++) {
    const i = rows[k];
    const off = i * n;
    let acc = 0;
    for (let j = 0; j < n; j++) if (colSum[j] > 0) acc += (bonds[off + j] / colSum[j]) * I[j];
    D[i] = acc * S[i];
    dSum += D[i];
  }
  if (dSum > 0) for (let i = 0; i < n; i++) D[i] /= dSum;
  return { consensus: C.subarray(0, n), incentive: I.subarray(0, n), dividends: D.subarray(0, n) };
}
