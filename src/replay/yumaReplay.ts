// Replay of Yuma epoch files (docs/epoch-file.md): parse and validate a replay spec,
// then run its epochs through runEpoch. Pure: the file is read by src/cli/epochCommand.ts.
import { runEpoch, YumaWorkspace, type EpochInput, type YumaParams } from '../market/yuma.ts';

export interface ReplayEpoch {
  /** One entry per UID: a row of n non-negative numbers set this epoch, or null (previous row stays). */
  weights: (number[] | null)[];
  /** Delete every validator's bond on these UIDs before this epoch. */
  resetBonds: number[];
}

export interface ReplaySpec extends YumaParams {
  stakes: number[];
  warmupEpochs: number;
  epochs: ReplayEpoch[];
}

export interface ReplayEpochResult {
  dividends: number[];
  incentive: number[];
  consensus: number[];
  validatorPermit: boolean[];
  bonds: number[][];
}

/** A malformed replay file: `path` names the field (e.g. `epochs[2].weights[1]`). */
export class ReplayError extends Error {
  readonly path: string;
  constructor(path: string, detail: string) {
    super(`${path}: ${detail}`);
    this.name = 'ReplayError';
    this.path = path;
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function num(x: unknown, path: string, lo: number, hi: number, what: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < lo || x > hi) throw new ReplayError(path, `must be ${what}`);
  return x;
}

function int(x: unknown, path: string, lo: number, hi: number, what: string): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < lo || x > hi) throw new ReplayError(path, `must be ${what}`);
  return x;
}

/** Validate a parsed replay file; every error is a ReplayError naming the field and the allowed values. */
export function parseReplay(json: unknown): ReplaySpec {
  if (!isObject(json)) throw new ReplayError('(root)', 'must be a JSON object with yuma, kappa, bondsMovingAverage, bondsPenalty, maxValidators, stakes, epochs');
  const yuma = json.yuma;
  if (yuma !== 'yuma2' && yuma !== 'yuma3') throw new ReplayError('yuma', 'must be "yuma2" or "yuma3"');
  const kappa = num(json.kappa, 'kappa', 0, 1, 'a number in [0, 1] (Kappa/65535)');
  const bondsMovingAverage = num(json.bondsMovingAverage, 'bondsMovingAverage', 0, 1, 'a number in [0, 1] (BondsMovingAverage/1e6)');
  const bondsPenalty = num(json.bondsPenalty, 'bondsPenalty', 0, 1, 'a number in [0, 1] (BondsPenalty/65535)');
  let liquidAlpha: ReplaySpec['liquidAlpha'] = null;
  const la = json.liquidAlpha;
  if (la !== undefined && la !== null) {
    if (!isObject(la)) throw new ReplayError('liquidAlpha', 'must be null or an object { low, high, steepness }');
    const low = num(la.low, 'liquidAlpha.low', 0, 1, 'a number in [0, 1]');
    const high = num(la.high, 'liquidAlpha.high', 0, 1, 'a number in [0, 1]');
    if (high < low) throw new ReplayError('liquidAlpha.high', `must be >= liquidAlpha.low (${low})`);
    const steepness = num(la.steepness, 'liquidAlpha.steepness', -1e6, 1e6, 'a finite number (AlphaSigmoidSteepness/100, as used in the exponent)');
    liquidAlpha = { low, high, steepness };
  }
  const maxValidators = int(json.maxValidators, 'maxValidators', 0, 1 << 16, 'an integer in [0, 65536]');
  const st = json.stakes;
  if (!Array.isArray(st) || st.length === 0) throw new ReplayError('stakes', 'must be a non-empty array of non-negative numbers (one per UID)');
  const stakes: number[] = [];
  for (let i = 0; i < st.length; i++) stakes.push(num(st[i], `stakes[${i}]`, 0, Number.MAX_VALUE, 'a non-negative finite number'));
  const n = stakes.length;
  const warmupEpochs = json.warmupEpochs === undefined ? 0 : int(json.warmupEpochs, 'warmupEpochs', 0, 1e6, 'a non-negative integer');
  const ep = json.epochs;
  if (!Array.isArray(ep)) throw new ReplayError('epochs', 'must be an array of { weights, resetBonds? }');
  const epochs: ReplayEpoch[] = [];
  for (let e = 0; e < ep.length; e++) {
    const p = `epochs[${e}]`;
    const x = ep[e];
    if (!isObject(x)) throw new ReplayError(p, 'must be an object { weights, resetBonds? }');
    const wv = x.weights;
    if (!Array.isArray(wv) || wv.length !== n) throw new ReplayError(`${p}.weights`, `must be an array of ${n} entries (one per UID): a row or null`);
    const weights: (number[] | null)[] = [];
    for (let i = 0; i < n; i++) {
      const row = wv[i];
      if (row === null) {
        weights.push(null);
        continue;
      }
      const bad = () => new ReplayError(`${p}.weights[${i}]`, `row must have ${n} non-negative numbers, or be null`);
      if (!Array.isArray(row) || row.length !== n) throw bad();
      const r: number[] = [];
      for (let j = 0; j < n; j++) {
        const v = row[j];
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad();
        r.push(v);
      }
      weights.push(r);
    }
    const resetBonds: number[] = [];
    if (x.resetBonds !== undefined) {
      const rb = x.resetBonds;
      if (!Array.isArray(rb)) throw new ReplayError(`${p}.resetBonds`, `must be an array of UIDs (integers in [0, ${n - 1}])`);
      for (let k = 0; k < rb.length; k++) resetBonds.push(int(rb[k], `${p}.resetBonds[${k}]`, 0, n - 1, `a UID (integer in [0, ${n - 1}])`));
    }
    epochs.push({ weights, resetBonds });
  }
  return { yuma, kappa, bondsMovingAverage, bondsPenalty, liquidAlpha, maxValidators, stakes, warmupEpochs, epochs };
}

/**
 * Replay a spec (docs/epoch-file.md): all UIDs registered and active; warm-up epochs run with no
 * weights and are not reported; in each epoch the weights are set, bond resets apply, then the
 * epoch runs with the permits the previous epoch stored.
 */
export function replay(spec: ReplaySpec): { epochs: ReplayEpochResult[] } {
  const n = spec.stakes.length;
  const ws = new YumaWorkspace(n);
  const params: YumaParams = {
    yuma: spec.yuma,
    kappa: spec.kappa,
    bondsMovingAverage: spec.bondsMovingAverage,
    bondsPenalty: spec.bondsPenalty,
    liquidAlpha: spec.yuma === 'yuma3' ? spec.liquidAlpha : null,
    maxValidators: spec.maxValidators,
  };
  const inp: EpochInput = {
    n,
    stake: Float64Array.from(spec.stakes),
    active: new Uint8Array(n).fill(1),
    prevPermit: new Uint8Array(n),
    weights: new Array<Float64Array | null>(n).fill(null),
    bonds: new Array<Float64Array | null>(n).fill(null),
  };
  for (let e = 0; e < spec.warmupEpochs; e++) runEpoch(ws, inp, params, 1);
  const epochs: ReplayEpochResult[] = [];
  for (const ep of spec.epochs) {
    for (let i = 0; i < n; i++) {
      const row = ep.weights[i];
      if (row !== null) inp.weights[i] = Float64Array.from(row);
    }
    for (const j of ep.resetBonds) {
      for (let i = 0; i < n; i++) {
        const b = inp.bonds[i];
        if (b != null) b[j] = 0;
      }
    }
    const o = runEpoch(ws, inp, params, 1);
    epochs.push({
      dividends: Array.from(o.dividends),
      incentive: Array.from(o.incentive),
      consensus: Array.from(o.consensus),
      validatorPermit: Array.from(inp.prevPermit, (p) => p !== 0),
      bonds: inp.bonds.map((b) => (b == null ? new Array<number>(n).fill(0) : Array.from(b.subarray(0, n)))),
    });
  }
  return { epochs };
}
