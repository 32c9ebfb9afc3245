// Randomness as explicit state: every agent and random process owns a named stream forked from the
// run seed (docs/architecture.md "Randomness and reproducibility"). Never Math.random, never the clock.
import seedrandom from 'seedrandom';
import { BLOCKS_PER_DAY } from '../market/types.ts';

/**
 * A seeded stream (seedrandom's xor4096: fast, long period, keyed by a string). seedrandom seeds the
 * state from the string; the generator step is inlined here on an Int32Array (the same arithmetic as
 * seedrandom's XorGen.next and its 32-bit prng(), so the sequence is identical, draw for draw) because
 * a call through seedrandom's closure and object fields cost ~3% of a whole run.
 */
export class Rng {
  private readonly x: Int32Array;
  private xi: number;
  private xw: number;
  private spare = 0;
  private hasSpare = false;

  constructor(readonly seed: string) {
    const st = (seedrandom.xor4096(seed, { state: true }) as unknown as { state(): { X: number[]; i: number; w: number } }).state();
    this.x = Int32Array.from(st.X);
    this.xi = st.i;
    this.xw = st.w;
  }

  /** seedrandom xor4096: XorGen.next() >>> 0, divided by 2^32 (its default prng()). */
  private gen(): number {
    const X = this.x;
    const w = (this.xw = (this.xw + 0x61c88647) | 0);
    let v = X[(this.xi + 34) & 127]!;
    const i = (this.xi = (this.xi + 1) & 127);
    let t = X[i]!;
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v = X[i] = v ^ t;
    return ((v + (w ^ (w >>> 16))) >>> 0) / 0x100000000;
  }

  /** A child stream whose sequence depends only on this stream's seed and the name. */
  fork(name: string | number): Rng {
    return new Rng(`${this.seed}/${name}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.gen();
  }

  /** Uniform in (0, 1): safe under log. */
  open(): number {
    let u = this.gen();
    while (u === 0) u = this.gen();
    return u;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.gen();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.gen() * n);
  }

  /** Standard normal (Marsaglia polar method, one spare kept). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.gen() - 1;
      v = 2 * this.gen() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }

  /**
   * out[from..to) = the next to − from values of normal(), in order, leaving the stream (and its spare)
   * exactly as that many normal() calls would: the same polar method with the generator's state in locals,
   * for hot loops that draw many at once (the root validators' weight noise: ~50 million a 10-day run).
   */
  fillNormal(out: Float64Array, from: number, to: number): void {
    let k = from;
    if (k < to && this.hasSpare) {
      this.hasSpare = false;
      out[k++] = this.spare;
    }
    if (k >= to) return;
    const X = this.x;
    let xi = this.xi;
    let xw = this.xw;
    while (k < to) {
      let u: number, v: number, s: number;
      do {
        // gen(), twice, inlined
        xw = (xw + 0x61c88647) | 0;
        let a = X[(xi + 34) & 127]!;
        xi = (xi + 1) & 127;
        let t = X[xi]!;
        a ^= a << 13;
        t ^= t << 17;
        a ^= a >>> 15;
        t ^= t >>> 12;
        a = X[xi] = a ^ t;
        u = 2 * (((a + (xw ^ (xw >>> 16))) >>> 0) / 0x100000000) - 1;
        xw = (xw + 0x61c88647) | 0;
        a = X[(xi + 34) & 127]!;
        xi = (xi + 1) & 127;
        t = X[xi]!;
        a ^= a << 13;
        t ^= t << 17;
        a ^= a >>> 15;
        t ^= t >>> 12;
        a = X[xi] = a ^ t;
        v = 2 * (((a + (xw ^ (xw >>> 16))) >>> 0) / 0x100000000) - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const m = Math.sqrt((-2 * Math.log(s)) / s);
      out[k++] = u * m;
      if (k < to) out[k++] = v * m;
      else {
        this.spare = v * m;
        this.hasSpare = true;
      }
    }
    this.xi = xi;
    this.xw = xw;
  }

  /** Lognormal with the given median and log-sd. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Exponential with rate λ. */
  exponential(rate: number): number {
    return -Math.log(this.open()) / rate;
  }

  /** Gumbel(0, scale). */
  gumbel(scale: number): number {
    return -scale * Math.log(-Math.log(this.open()));
  }

  /** Pareto with scale xm and tail index α. */
  pareto(xm: number, alpha: number): number {
    return xm / Math.pow(this.open(), 1 / alpha);
  }

  /** Gamma(shape k, scale 1) by Marsaglia–Tsang. */
  gamma(k: number): number {
    if (k < 1) return this.gamma(k + 1) * Math.pow(this.open(), 1 / k);
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.open();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }

  /** Poisson wake-up (agent-models P1): blocks until the next arrival at `perDay` events a day. */
  wakeDelay(perDay: number): number {
    if (!(perDay > 0)) return Number.MAX_SAFE_INTEGER;
    return Math.max(1, Math.ceil(-Math.log(this.open()) / (perDay / BLOCKS_PER_DAY)));
  }

  /** In-place Fisher–Yates shuffle of the first n entries. */
  shuffle(a: Int32Array | number[], n = a.length): void {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.gen() * (i + 1));
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
  }

  /** Index drawn with probability ∝ weights[i] (non-negative); −1 if all zero. */
  pickWeighted(weights: ArrayLike<number>, n = weights.length): number {
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i]!;
    if (!(total > 0)) return -1;
    let r = this.gen() * total;
    for (let i = 0; i < n; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    for (let i = n - 1; i >= 0; i--) if (weights[i]! > 0) return i;
    return -1;
  }
}
