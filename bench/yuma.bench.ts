// Benchmark of one Yuma epoch (src/market/yuma.ts): yuma3 with liquid alpha, dense random weights.
// benchYuma() warms up, then returns the median over many timed batches; it prints nothing.
import { runEpoch, YumaWorkspace, type EpochInput, type YumaParams } from '../src/market/yuma.ts';
import { plainYuma3, PlainYumaWorkspace } from './yumaPlain.ts';

const PARAMS: YumaParams = {
  yuma: 'yuma3',
  kappa: 32767 / 65535,
  bondsMovingAverage: 0.9,
  bondsPenalty: 1,
  liquidAlpha: { low: 45875 / 65535, high: 58982 / 65535, steepness: 10 },
  maxValidators: 64,
};

/** mulberry32: a small deterministic generator for the bench's inputs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function setup(validators: number, n: number, seed: number): { ws: YumaWorkspace; inp: EpochInput; params: YumaParams } {
  const r = rng(seed);
  const stake = new Float64Array(n);
  for (let i = 0; i < validators; i++) stake[i] = 1 + 1000 * r();
  for (let i = validators; i < n; i++) stake[i] = 0.001 * r(); // miners: tiny stake, no permit
  const weights: (Float64Array | null)[] = [];
  for (let i = 0; i < n; i++) {
    if (i < validators) {
      const w = new Float64Array(n);
      for (let j = 0; j < n; j++) w[j] = Math.floor(65535 * r());
      weights.push(w);
    } else weights.push(null);
  }
  const inp: EpochInput = {
    n,
    stake,
    active: new Uint8Array(n).fill(1),
    prevPermit: new Uint8Array(n),
    weights,
    bonds: new Array<Float64Array | null>(n).fill(null),
  };
  const params = { ...PARAMS, maxValidators: validators };
  const ws = new YumaWorkspace(n);
  runEpoch(ws, inp, params, 1); // assign permits
  return { ws, inp, params };
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Median milliseconds per epoch over `batches` timed batches of `perBatch` epochs. */
function time(validators: number, n: number, perBatch: number, batches: number): number {
  const { ws, inp, params } = setup(validators, n, 42 + validators * 1000 + n);
  let sink = 0;
  for (let k = 0; k < 200; k++) sink += runEpoch(ws, inp, params, 1).dividends[0]; // warm up (JIT)
  const t: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let k = 0; k < perBatch; k++) sink += runEpoch(ws, inp, params, 1).dividends[0];
    t.push((performance.now() - t0) / perBatch);
  }
  if (Number.isNaN(sink)) throw new Error('benchYuma: NaN dividends');
  return median(t);
}

export function benchYuma(): { yumaEpochMs64x256: number; yumaEpochUs16x64: number } {
  const yumaEpochMs64x256 = time(64, 256, 5, 101);
  const yumaEpochUs16x64 = time(16, 64, 100, 101) * 1000;
  return { yumaEpochMs64x256, yumaEpochUs16x64 };
}

/**
 * The lab's epoch against the plain sort-per-column Yuma3 (bench/yumaPlain.ts) on the same 64 × 256
 * inputs, timed alternately (a batch of each in turn, so that load on a shared machine hits both
 * alike): medians of each, and plain / lab. First checks that both compute the same epoch.
 */
export function benchYumaPlain(batches = 41): { yumaPlainEpochMs64x256: number; yumaLabEpochMs64x256: number; yumaPlainRatio: number } {
  const V = 64;
  const n = 256;
  const { ws, inp, params } = setup(V, n, 4242);
  const permit = inp.prevPermit.slice();
  const plainBonds = new Float64Array(n * n);
  const pws = new PlainYumaWorkspace(n);
  // Same epoch, same answer (to rounding): a few epochs so that bonds and liquid alpha come into play.
  for (let e = 0; e < 4; e++) {
    const lab = runEpoch(ws, inp, params, 1);
    const plain = plainYuma3(pws, n, inp.stake, permit, inp.weights, plainBonds, params);
    for (const k of ['consensus', 'incentive', 'dividends'] as const) {
      for (let j = 0; j < n; j++) {
        const a = lab[k][j];
        const b = plain[k][j];
        if (!(Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-15)) {
          throw new Error(`benchYumaPlain: the plain epoch disagrees with the lab's at epoch ${e}, ${k}[${j}]: ${b} vs ${a}`);
        }
      }
    }
  }
  let sink = 0;
  const lab: number[] = [];
  const plain: number[] = [];
  const LAB_BATCH = 20;
  const PLAIN_BATCH = 4;
  for (let b = -3; b < batches; b++) {
    let t0 = performance.now();
    for (let k = 0; k < LAB_BATCH; k++) sink += runEpoch(ws, inp, params, 1).dividends[0];
    const tl = (performance.now() - t0) / LAB_BATCH;
    t0 = performance.now();
    for (let k = 0; k < PLAIN_BATCH; k++) sink += plainYuma3(pws, n, inp.stake, permit, inp.weights, plainBonds, params).dividends[0];
    const tp = (performance.now() - t0) / PLAIN_BATCH;
    if (b < 0) continue; // warm-up rounds
    lab.push(tl);
    plain.push(tp);
  }
  if (Number.isNaN(sink)) throw new Error('benchYumaPlain: NaN dividends');
  const yumaLabEpochMs64x256 = median(lab);
  const yumaPlainEpochMs64x256 = median(plain);
  return { yumaPlainEpochMs64x256, yumaLabEpochMs64x256, yumaPlainRatio: yumaPlainEpochMs64x256 / yumaLabEpochMs64x256 };
}

if (process.argv[1]?.endsWith('yuma.bench.ts')) process.stdout.write(`${JSON.stringify(benchYumaPlain())}\n`);
