// Effect estimates for the report's key findings: the change of a metric between two values of a
// swept parameter, with an interval a referee accepts.
//  - Paired (common random numbers): when runs at the two values share their replication seed (and
//    the other swept values), the effect is the mean of the paired differences; its interval is a
//    Student t interval with n − 1 degrees of freedom for n < BOOTSTRAP_MIN pairs, else a
//    percentile bootstrap of the mean difference drawn from a seeded stream (reproducible).
//  - Unpaired (independent seeds): Welch's t interval with the Welch–Satterthwaite degrees of freedom.
// Never a normal approximation on a handful of values: with n = 3 the t quantile for 95% is 4.30,
// not 1.96, so the interval is honestly wide.
import { Rng } from '../../agents/rng.ts';

/** Two-sided confidence level of every effect interval in the report. */
export const LEVEL = 0.95;
/** From this many pairs on, the interval is a bootstrap; below it, a t interval. */
export const BOOTSTRAP_MIN = 30;
export const BOOTSTRAP_RESAMPLES = 2000;
/** Fewer values than this: the interval is flagged as wide (few degrees of freedom). */
export const FEW = 5;

export interface Effect {
  /** Estimated change (high − low) of the metric's mean. */
  change: number;
  lo: number;
  hi: number;
  /** Pairs (paired) or min(n_low, n_high) (unpaired) behind the estimate. */
  n: number;
  df: number;
  method: 'paired-t' | 'paired-bootstrap' | 'welch-t' | 'none';
}

/** ln Γ(x), Lanczos approximation (g = 7, 9 terms; relative error ~1e-15 for x > 0). */
export function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the regularized incomplete beta (modified Lentz; Numerical Recipes §6.4). */
function betacf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d; h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** I_x(a, b), the regularized incomplete beta function. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betacf(a, b, x)) / a : 1 - (front * betacf(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df may be fractional: Welch). */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (bisection on the CDF; |error| < 1e-10). */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  let lo = -1, hi = 1;
  while (studentTCdf(lo, df) > p) lo *= 2;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const meanOf = (x: readonly number[]) => x.reduce((a, b) => a + b, 0) / x.length;
/** Sample variance (n − 1). */
function variance(x: readonly number[]): number {
  const m = meanOf(x);
  return x.reduce((a, v) => a + (v - m) ** 2, 0) / (x.length - 1);
}

/** The mean of `x` with a t interval (n − 1 df) at `level`. n < 2 gives an unbounded interval. */
export function tInterval(x: readonly number[], level = LEVEL): { mean: number; lo: number; hi: number; df: number } {
  const n = x.length;
  const mean = n > 0 ? meanOf(x) : NaN;
  if (n < 2) return { mean, lo: -Infinity, hi: Infinity, df: 0 };
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * Math.sqrt(variance(x) / n);
  return { mean, lo: mean - half, hi: mean + half, df: n - 1 };
}

/** Percentile bootstrap of the mean of `x` from a seeded stream (same seed ⇒ same interval). */
export function bootstrapInterval(x: readonly number[], seed: string, level = LEVEL, resamples = BOOTSTRAP_RESAMPLES): { mean: number; lo: number; hi: number } {
  const n = x.length;
  const rng = new Rng(seed);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[rng.int(n)]!;
    means[b] = s / n;
  }
  means.sort();
  const q = (p: number) => {
    const h = (resamples - 1) * p;
    const i = Math.floor(h);
    return means[i]! + (h - i) * ((means[Math.min(i + 1, resamples - 1)]! - means[i]!));
  };
  return { mean: meanOf(x), lo: q((1 - level) / 2), hi: q(1 - (1 - level) / 2) };
}

/** Effect from paired differences d_i = high_i − low_i (same replication seed). */
export function pairedEffect(diffs: readonly number[], seed: string, level = LEVEL): Effect {
  const n = diffs.length;
  if (n === 0) return { change: NaN, lo: NaN, hi: NaN, n: 0, df: 0, method: 'none' };
  if (n >= BOOTSTRAP_MIN) {
    const b = bootstrapInterval(diffs, seed, level);
    return { change: b.mean, lo: b.lo, hi: b.hi, n, df: n - 1, method: 'paired-bootstrap' };
  }
  const t = tInterval(diffs, level);
  return { change: t.mean, lo: t.lo, hi: t.hi, n, df: t.df, method: 'paired-t' };
}

/** Welch's t interval for mean(high) − mean(low) from independent samples. */
export function welchEffect(low: readonly number[], high: readonly number[], level = LEVEL): Effect {
  const n1 = low.length, n2 = high.length;
  if (n1 === 0 || n2 === 0) return { change: NaN, lo: NaN, hi: NaN, n: 0, df: 0, method: 'none' };
  const change = meanOf(high) - meanOf(low);
  if (n1 < 2 || n2 < 2) return { change, lo: -Infinity, hi: Infinity, n: Math.min(n1, n2), df: 0, method: 'welch-t' };
  const a = variance(low) / n1, b = variance(high) / n2;
  const se = Math.sqrt(a + b);
  if (se === 0) return { change, lo: change, hi: change, n: Math.min(n1, n2), df: n1 + n2 - 2, method: 'welch-t' };
  const df = (a + b) ** 2 / (a ** 2 / (n1 - 1) + b ** 2 / (n2 - 1));
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  return { change, lo: change - half, hi: change + half, n: Math.min(n1, n2), df, method: 'welch-t' };
}

/** Whether an interval excludes 0 (the metric moved); flat metrics (lo = hi = 0) did not. */
export const excludesZero = (e: Pick<Effect, 'lo' | 'hi'>): boolean => e.lo > 0 || e.hi < 0;

/** One line a reader can take at face value: how the interval was made and whether it is wide. */
export function describeMethod(e: Effect): string {
  const pct = `${Math.round(LEVEL * 100)}%`;
  const base = e.method === 'paired-t' ? `${pct} t interval of ${e.n} paired differences (same replication seed), ${e.df} df`
    : e.method === 'paired-bootstrap' ? `${pct} percentile bootstrap of ${e.n} paired differences (${BOOTSTRAP_RESAMPLES} seeded resamples)`
      : e.method === 'welch-t' ? `${pct} Welch t interval, unpaired runs, ${Number(e.df.toPrecision(3))} df`
        : 'no estimate';
  return e.n > 0 && e.n < FEW ? `${base}; wide: only ${e.n} value(s) per side, so the t quantile is large (${tQuantile(1 - (1 - LEVEL) / 2, Math.max(1, e.df)).toFixed(2)} vs 1.96)` : base;
}
