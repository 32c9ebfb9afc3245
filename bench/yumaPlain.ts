// A plain, sort-per-column Yuma3 epoch: the yardstick the lab's epoch (src/market/yuma.ts) is timed
// against in `npm run bench` (yumaPlainRatio). Written the straightforward way a port of the chain's
// dense math would be (yuma-simulation's Yuma3 shape): typed arrays, the whole n × n matrices,
// each column's weighted median found by sorting the column's voters by weight with a comparator
// and walking the cumulative stake, fresh arrays per epoch. The same rules as the lab's epoch for
// the bench's inputs (every UID active, permits given, no owner, no outdated weights, dense rows):
// bench/yuma.bench.ts checks that both give the same consensus, incentive and dividends before timing.
// It is a benchmark baseline only, not a second implementation of the chain.
import type { YumaParams } from '../src/market/yuma.ts';

export interface PlainEpochOut {
  consensus: Float64Array;
  incentive: Float64Array;
  dividends: Float64Array;
}

/**
 * One Yuma3 epoch over n UIDs. `stake` (n), `permit` (n: 1 = validator permit), `weights` (n rows of n
 * raw weights, null = none) and `bonds` (n × n row-major, proportions; updated in place).
 */
export function plainYuma3(
  n: number,
  stake: Float64Array,
  permit: Uint8Array,
  weights: (Float64Array | null)[],
  bonds: Float64Array,
  p: YumaParams,
): PlainEpochOut {
  // Active stake: validators with a permit, normalised.
  const S = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total += permit[i] ? stake[i] : 0;
  for (let i = 0; i < n; i++) S[i] = permit[i] && total > 0 ? stake[i] / total : 0;

  // Weights: permitted rows, diagonal masked, row-normalised (dense).
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = weights[i];
    if (!permit[i] || row === null) continue;
    let sum = 0;
    for (let j = 0; j < n; j++) if (j !== i) sum += row[j];
    if (sum > 0) for (let j = 0; j < n; j++) W[i * n + j] = j !== i ? row[j] / sum : 0;
  }

  // Consensus: per column, sort the voters by weight and take the stake-weighted median
  // (the smallest weight whose cumulative stake exceeds 1 − κ of the voting stake).
  const voters: number[] = [];
  let voteSum = 0;
  for (let i = 0; i < n; i++) {
    if (S[i] > 0) {
      voters.push(i);
      voteSum += S[i];
    }
  }
  const minority = voteSum - p.kappa;
  const C = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const order = voters.slice().sort((a, b) => W[a * n + j] - W[b * n + j]);
    let cum = 0;
    let c = order.length > 0 ? W[order[order.length - 1] * n + j] : 0;
    for (let k = 0; k < order.length; k++) {
      const v = W[order[k] * n + j];
      cum += S[order[k]];
      // ties: the cumulative stake counts every voter at this weight
      if (k + 1 < order.length && W[order[k + 1] * n + j] === v) continue;
      if (cum > minority) {
        c = v;
        break;
      }
    }
    C[j] = c;
  }

  // Clip, ranks, incentive.
  const Wc = new Float64Array(n * n);
  const R = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const w = W[i * n + j];
      const wc = w < C[j] ? w : C[j];
      Wc[i * n + j] = wc;
      R[j] += wc * S[i];
    }
  }
  let rSum = 0;
  for (let j = 0; j < n; j++) rSum += R[j];
  const I = new Float64Array(n);
  for (let j = 0; j < n; j++) I[j] = rSum > 0 ? R[j] / rSum : 0;

  // Bonds: EMA toward the (penalised) clipped weights with liquid alpha per entry (yuma3).
  const la = p.liquidAlpha;
  const anyC = C.some((c) => c > 0);
  for (let i = 0; i < n; i++) {
    if (!permit[i] || weights[i] === null) {
      for (let j = 0; j < n; j++) bonds[i * n + j] = 0;
      continue;
    }
    for (let j = 0; j < n; j++) {
      const w = W[i * n + j];
      const wb = w + p.bondsPenalty * (Wc[i * n + j] - w);
      const b = bonds[i * n + j];
      let a = 1 - p.bondsMovingAverage;
      if (la !== null && anyC) {
        let diff = wb >= b ? wb - C[j] : b - wb;
        diff = Math.min(1, Math.max(0, diff));
        const x = Math.min(20, Math.max(-20, -la.steepness * (diff - 0.5)));
        a = Math.min(la.high, Math.max(la.low, la.low + (la.high - la.low) / (1 + Math.exp(x))));
      }
      bonds[i * n + j] = Math.min(1, (1 - a) * b + Math.max(0, a * wb));
    }
  }

  // Dividends: column-normalised bonds times incentive, times active stake, normalised.
  const colSum = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) colSum[j] += bonds[i * n + j];
  const D = new Float64Array(n);
  let dSum = 0;
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < n; j++) if (colSum[j] > 0) acc += (bonds[i * n + j] / colSum[j]) * I[j];
    D[i] = acc * S[i];
    dSum += D[i];
  }
  if (dSum > 0) for (let i = 0; i < n; i++) D[i] /= dSum;
  return { consensus: C, incentive: I, dividends: D };
}
