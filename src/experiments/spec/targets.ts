// The simulated side of the observed targets (docs/observed.md "Definitions"): each quantity as a path
// over a run's samples, a target's statistic over its dates, and the calibration distance. Pure
// functions over plain columns, so tests can feed them tables by hand.
import { ObservedError, QUANTITIES, type ObservedTarget } from './observed.ts';
import { BLOCKS_PER_DAY } from './specSchema.ts';

/** A run's recorded series as plain columns (network: one row per sample; subnets: one row per sample × subnet). */
export interface RunColumnsIn {
  network: Record<string, ArrayLike<number>>;
  subnets: Record<string, ArrayLike<number>>;
}

/** A quantity over the samples of one run. */
export interface QuantityPath {
  day: Float64Array;
  value: Float64Array;
}

/** Quantities a run's series can give now (the rest of QUANTITIES need columns the runs do not record yet). */
export const COMPUTABLE = [
  'subnetCount', 'maxPrice', 'minPrice', 'sumPrices', 'topPoolTao', 'topPoolPrice',
  'top1EmissionShare', 'top10EmissionShare', 'totalIssuance', 'netInflowPerEmitted', 'alphaTaoShare', 'rootApy',
] as const;

/** Throws, naming the target, if its quantity is not computable or its dates lie beyond `horizonDays`. */
export function checkTargets(targets: readonly ObservedTarget[], horizonDays: number, path = 'calibrate.targets'): void {
  targets.forEach((t, i) => {
    if (!(COMPUTABLE as readonly string[]).includes(t.quantity)) {
      throw new ObservedError(
        `${path}[${i}]: ${t.id} measures ${t.quantity} (${QUANTITIES[t.quantity]?.meaning}), which the runs do not record yet; ` +
          `computable quantities: ${COMPUTABLE.join(', ')}`,
      );
    }
    if (t.dayTo > horizonDays) {
      throw new ObservedError(`${path}[${i}]: ${t.id} is dated ${t.dateTo} (day ${t.dayTo}), beyond the horizon (day ${Math.floor(horizonDays)}); lengthen the horizon or drop it`);
    }
  });
}

function col(t: Record<string, ArrayLike<number>>, name: string, kind: string): ArrayLike<number> {
  const c = t[name];
  if (!c) throw new Error(`the ${kind} series has no column ${name}`);
  return c;
}

/** The quantity's path over the run's samples. */
export function quantityPath(quantity: string, run: RunColumnsIn): QuantityPath {
  const blocks = col(run.network, 'block', 'network');
  const n = blocks.length;
  const day = new Float64Array(n);
  const value = new Float64Array(n).fill(Number.NaN);
  for (let s = 0; s < n; s++) day[s] = blocks[s]! / BLOCKS_PER_DAY;
  if (quantity === 'sumPrices' || quantity === 'totalIssuance' || quantity === 'alphaTaoShare' || quantity === 'rootApy') {
    const c = col(run.network, quantity, 'network');
    for (let s = 0; s < n; s++) value[s] = c[s]!;
    return { day, value };
  }
  if (quantity === 'netInflowPerEmitted') {
    const inflow = col(run.network, 'taoInflow', 'network'), outflow = col(run.network, 'taoOutflow', 'network');
    const issued = col(run.network, 'totalIssuance', 'network');
    let net = 0;
    for (let s = 0; s < n; s++) {
      if (s > 0) net += inflow[s]! - outflow[s]!; // flows since the previous sample
      const emitted = issued[s]! - issued[0]!;
      value[s] = emitted > 0 ? net / emitted : Number.NaN;
    }
    return { day, value };
  }
  // Per-subnet quantities: group the subnets rows by sample (rows are in sample order, blocks ascending).
  const sb = col(run.subnets, 'block', 'subnets');
  const price = col(run.subnets, 'price', 'subnets'), taoIn = col(run.subnets, 'taoIn', 'subnets');
  const share = col(run.subnets, 'emissionShare', 'subnets');
  const shares: number[] = [];
  let r = 0;
  for (let s = 0; s < n; s++) {
    while (r < sb.length && sb[r]! < blocks[s]!) r++;
    const start = r;
    while (r < sb.length && sb[r] === blocks[s]) r++;
    const m = r - start;
    if (quantity === 'subnetCount') {
      value[s] = m;
      continue;
    }
    if (m === 0) continue;
    let v: number;
    switch (quantity) {
      case 'maxPrice':
      case 'minPrice': {
        v = price[start]!;
        for (let k = start + 1; k < r; k++) v = quantity === 'maxPrice' ? Math.max(v, price[k]!) : Math.min(v, price[k]!);
        break;
      }
      case 'topPoolTao':
      case 'topPoolPrice': {
        let best = start;
        for (let k = start + 1; k < r; k++) if (taoIn[k]! > taoIn[best]!) best = k;
        v = quantity === 'topPoolTao' ? taoIn[best]! : price[best]!;
        break;
      }
      case 'top1EmissionShare':
      case 'top10EmissionShare': {
        shares.length = 0;
        let total = 0;
        for (let k = start; k < r; k++) {
          shares.push(share[k]!);
          total += share[k]!;
        }
        shares.sort((a, b) => b - a);
        const top = quantity === 'top1EmissionShare' ? 1 : 10;
        let sum = 0;
        for (let k = 0; k < Math.min(top, shares.length); k++) sum += shares[k]!;
        v = total > 0 ? sum / total : Number.NaN;
        break;
      }
      default:
        throw new Error(`quantity ${quantity} is not computable from the series (computable: ${COMPUTABLE.join(', ')})`);
    }
    value[s] = v;
  }
  return { day, value };
}

/** The target's statistic on a path: `at` the sample nearest dayFrom; mean / max / min over days dayFrom..dayTo. NaN if no sample. */
export function targetStat(t: ObservedTarget, p: QuantityPath): number {
  if (t.stat === 'at') {
    let best = -1;
    for (let s = 0; s < p.day.length; s++) if (best < 0 || Math.abs(p.day[s]! - t.dayFrom) < Math.abs(p.day[best]! - t.dayFrom)) best = s;
    return best < 0 || Math.abs(p.day[best]! - t.dayFrom) > 1 ? Number.NaN : p.value[best]!;
  }
  let acc = t.stat === 'mean' ? 0 : t.stat === 'max' ? -Infinity : Infinity;
  let count = 0;
  for (let s = 0; s < p.day.length; s++) {
    const d = Math.round(p.day[s]!);
    const v = p.value[s]!;
    if (d < t.dayFrom || d > t.dayTo || Number.isNaN(v)) continue;
    count++;
    acc = t.stat === 'mean' ? acc + v : t.stat === 'max' ? Math.max(acc, v) : Math.min(acc, v);
  }
  if (count === 0) return Number.NaN;
  return t.stat === 'mean' ? acc / count : acc;
}

/**
 * A target's scaled miss z (docs/calibration.md "The distance"): for a two-sided band, (m − centre) / half-width,
 * so |z| ≤ 1 exactly inside the band; for a one-sided band, 0 inside and the distance past the bound over
 * half its magnitude outside (a bound of 2 missed by 1 gives z = 1). NaN m (no sample, a failed run) gives
 * Infinity, so such a point never wins.
 */
export function scaledMiss(t: Pick<ObservedTarget, 'lo' | 'hi'>, m: number): number {
  if (Number.isNaN(m)) return Infinity;
  if (Number.isFinite(t.lo) && Number.isFinite(t.hi)) return (m - (t.lo + t.hi) / 2) / ((t.hi - t.lo) / 2);
  if (Number.isFinite(t.lo)) return m >= t.lo ? 0 : (t.lo - m) / Math.max(Math.abs(t.lo) / 2, 1e-12);
  return m <= t.hi ? 0 : (m - t.hi) / Math.max(Math.abs(t.hi) / 2, 1e-12);
}

/** The distance D = sqrt(mean z²) over targets, each target's weight 1. */
export function distance(zs: readonly number[]): number {
  if (zs.length === 0) return 0;
  let s = 0;
  for (const z of zs) s += z * z;
  return Math.sqrt(s / zs.length);
}

export function inside(t: Pick<ObservedTarget, 'lo' | 'hi'>, m: number): boolean {
  return m >= t.lo && m <= t.hi;
}
