/**
 * The TAO/alpha AMM of each subnet (docs/chain-rules.md §6).
 *
 * Two kinds of pool, one set of reserves per netuid (struct-of-arrays):
 * - `constant-product`: the launch pool (`pallets/subtensor/src/staking/stake_utils.rs` @f9254ea63),
 *   x·y = k, no pool fee. Swap v3 (`pallets/swap`, full-range protocol position only) behaves as the
 *   same curve with a fee, so it is this kind with `feeRate` 33/65535.
 * - `weighted`: the Balancer pool at HEAD (`pallets/swap/src/pallet/balancer.rs`), invariant
 *   T^w_T · A^w_A with w_T + w_A = 1. With w_T = 0.5 it is exactly x·y = k.
 *
 * Pure: no I/O, no randomness, no clock. Hot path: nothing here allocates; results are written into a
 * caller-provided `SwapResult`. Quotes never touch the reserves; a swap applies exactly the numbers its
 * quote computed, after checking the pool invariant (a violation is a bug and throws).
 *
 * Units are floats in TAO and alpha (the chain floors in rao; we do not). Prices are TAO per alpha.
 */

export type PoolKind = 'constant-product' | 'weighted';

export interface PoolConfig {
  kind: PoolKind;
  /** Pool fee as a fraction of the input (launch 0; swap-v3 and weighted 33/65535). Must be in [0, 1). */
  feeRate: number;
  /** A swap that would leave either reserve below this is rejected (launch 0.01 = DefaultMinimumPoolLiquidity; later 0.001). */
  minReserve: number;
  /** Net input <= this × input reserve (weighted: 1000 = MAX_SWAP_INPUT_RESERVE_MULTIPLIER; constant product: Infinity). */
  maxInputMultiplier: number;
  /** Weighted pool: both weights >= this (0.01 = MIN_WEIGHT). */
  minWeight: number;
}

/**
 * Struct-of-arrays over netuid. `weightT` is the TAO (quote) weight w_T; w_A = 1 − w_T.
 * For constant product, weightT is ignored (treated as 0.5). For a weighted pool an unset weight
 * (0, the typed array's initial value, or anything outside (0, 1)) reads as the chain's storage
 * default 0.5; use `weightTOf` to read it the same way.
 */
export interface Reserves {
  taoIn: Float64Array;
  alphaIn: Float64Array;
  weightT: Float64Array;
}

export type SwapReason = 'OK' | 'BAD_AMOUNT' | 'POOL_LIQUIDITY' | 'PRICE_LIMIT' | 'INPUT_CAP';

export interface SwapResult {
  ok: boolean;
  reason: SwapReason;
  /** Input actually taken, fee included (less than asked for on a partial fill at the price limit). */
  amountIn: number;
  /** Fee, in the input token; it leaves the pool (the caller routes it). */
  fee: number;
  amountOut: number;
  /** Spot price after the swap (the current price when the swap is rejected). */
  priceAfter: number;
}

// Presets (plain objects, not frozen, so they share one hidden class with configs built elsewhere).
/** Launch (Feb 2025): constant product, no pool fee, 0.01 TAO minimum liquidity. */
export const POOL_LAUNCH: Readonly<PoolConfig> = {
  kind: 'constant-product',
  feeRate: 0,
  minReserve: 0.01,
  maxInputMultiplier: Infinity,
  minWeight: 0.01,
};
/** Swap v3 (2025-06-30 → 2026-06-25): full-range protocol position = constant product with fee. */
export const POOL_SWAP_V3: Readonly<PoolConfig> = {
  kind: 'constant-product',
  feeRate: 33 / 65535,
  minReserve: 0.001,
  maxInputMultiplier: Infinity,
  minWeight: 0.01,
};
/** HEAD (2026-06): Balancer weighted pool. */
export const POOL_BALANCER: Readonly<PoolConfig> = {
  kind: 'weighted',
  feeRate: 33 / 65535,
  minReserve: 0.001,
  maxInputMultiplier: 1000,
  minWeight: 0.01,
};

export function newSwapResult(): SwapResult {
  return { ok: false, reason: 'OK', amountIn: 0, fee: 0, amountOut: 0, priceAfter: 0 };
}

const EPS = Number.EPSILON;

/** Reserves after the last successful quote; a swap commits exactly these (module scratch, never read before written). */
let nextTao = 0;
let nextAlpha = 0;

/** The TAO weight w_T of a weighted pool; unset (outside (0, 1)) reads as the chain's default 0.5. */
export function weightTOf(r: Reserves, netuid: number): number {
  const w = r.weightT[netuid]!;
  return w > 0 && w < 1 ? w : 0.5;
}

/** w_T as the swap maths sees it: 0.5 for constant product. */
function effWeightT(r: Reserves, netuid: number, kind: PoolKind): number {
  return kind === 'weighted' ? weightTOf(r, netuid) : 0.5;
}

// Price: constant product T/A (stake_utils.rs); weighted (w_A/w_T)·T/A (balancer.rs). 0 if A == 0.
// One function so that spotPrice and SwapResult.priceAfter agree to the bit.
function priceOf(T: number, A: number, wT: number, cp: boolean): number {
  if (A === 0) return 0;
  return cp ? T / A : ((1 - wT) * T) / (wT * A);
}

export function spotPrice(r: Reserves, netuid: number, kind: PoolKind): number {
  return priceOf(r.taoIn[netuid]!, r.alphaIn[netuid]!, effWeightT(r, netuid, kind), kind === 'constant-product');
}

/**
 * (x / (x + dx))^e, the Balancer "exp_scaled" term (balancer.rs): with e = w_A/w_T when the quote
 * (TAO) reserve is x, e = w_T/w_A when the base (alpha) reserve is x. Computed as exp(−e·log1p(dx/x)).
 */
export function powRatio(x: number, dx: number, e: number): number {
  return Math.exp(-e * Math.log1p(dx / x));
}

/** The output reserve after the last `outGivenIn` (module scratch, read right after the call). */
let scratchY1 = 0;

/**
 * Output of a swap of net input `dx` into reserve `x`, out of reserve `y`, with exponent e = w_in/w_out:
 *   out = y·(1 − (x/(x+dx))^e)        (balancer.rs; e = 1 is the constant-product y·dx/(x+dx), stake_utils.rs)
 * Both the output and the new reserve y' = y − out are kept to a few ulps: when less than half of y
 * leaves, out = −y·expm1(−e·log1p(dx/x)) and y' = y − out; when more does, y' = y·(x/(x+dx))^e and
 * out = y − y'. (One subtraction form alone loses relative precision on tiny trades or on near-drains.)
 * Returns out; leaves y' in scratchY1.
 */
function outGivenIn(x: number, y: number, dx: number, e: number, cp: boolean): number {
  let dy: number;
  if (cp) {
    if (dx <= x) {
      dy = (y * dx) / (x + dx);
      scratchY1 = y - dy;
    } else {
      scratchY1 = (y * x) / (x + dx);
      dy = y - scratchY1;
    }
  } else {
    const l = -e * Math.log1p(dx / x); // log of (x/(x+dx))^e
    if (l >= -Math.LN2) {
      dy = -y * Math.expm1(l);
      scratchY1 = y - dy;
    } else {
      scratchY1 = y * Math.exp(l);
      dy = y - scratchY1;
    }
  }
  return dy;
}

/**
 * Net input into reserve `x` that moves the price by the factor `ratio` (>1) in the trader's direction
 * (balancer.rs price-limit step): ΔT = T·((P'/P)^w_A − 1) for buys, ΔA = A·((P/P')^w_T − 1) for sells;
 * `wOut` is the weight of the *other* reserve. For constant product w = 0.5 (ΔT = √(P'·T·A) − T).
 */
function inputForPriceRatio(x: number, ratio: number, wOut: number): number {
  return x * Math.expm1(wOut * Math.log(ratio));
}

function reject(out: SwapResult, reason: SwapReason, price: number): SwapResult {
  out.ok = false;
  out.reason = reason;
  out.amountIn = 0;
  out.fee = 0;
  out.amountOut = 0;
  out.priceAfter = price;
  return out;
}

/**
 * The quote engine, both directions. `xIn`/`yOut` are the input and output reserves, `wT` the TAO
 * weight (0.5 for constant product). `buy` says whether the input is TAO (price rises) or alpha (price falls).
 * On success, leaves the new reserves in nextTao / nextAlpha.
 */
function quote(
  xIn: number,
  yOut: number,
  wT: number,
  cp: boolean,
  buy: boolean,
  amount: number,
  cfg: PoolConfig,
  limitPrice: number,
  out: SwapResult,
): SwapResult {
  const wIn = buy ? wT : 1 - wT;
  const wOut = buy ? 1 - wT : wT;
  const price0 = buy ? priceOf(xIn, yOut, wT, cp) : priceOf(yOut, xIn, wT, cp);
  if (!(amount > 0 && amount < Infinity)) return reject(out, 'BAD_AMOUNT', price0);
  if (!(xIn > 0 && yOut > 0)) return reject(out, 'POOL_LIQUIDITY', price0);
  // A limit that has already been reached (or NaN) lets nothing through.
  if (buy ? !(limitPrice > price0) : !(limitPrice < price0)) return reject(out, 'PRICE_LIMIT', price0);

  const r = cfg.feeRate;
  const e = wIn / wOut; // exponent w_in/w_out (1 for constant product)
  // fee = input·FeeRate/65535, floored in rao on chain (swap_step.rs); net goes into the pool.
  let fee = amount * r;
  let amountIn = amount;
  let net = amount - fee;
  let dy = outGivenIn(xIn, yOut, net, e, cp);
  let x1 = xIn + net;
  let y1 = scratchY1;
  let p1 = buy ? priceOf(x1, y1, wT, cp) : priceOf(y1, x1, wT, cp);

  if (buy ? p1 > limitPrice : p1 < limitPrice) {
    // Partial fill up to the limit (allow_partial): the net input that lands on the limit price, with
    // the fee recomputed on it as net·r/(1−r) (swap_step.rs). Rounding of the new reserves can leave
    // the price a hair past the limit; then shrink the input by a relative 4ε, 8ε, 16ε, ... until it
    // does not cross (at most ~50 rounds, only on this path; price is monotone in the input).
    const dx0 = inputForPriceRatio(xIn, buy ? limitPrice / price0 : price0 / limitPrice, wOut);
    const dxMax = dx0 < net ? dx0 : net;
    let dx = dxMax;
    for (let shrink = 4 * EPS; ; shrink *= 2) {
      if (!(dx > 0)) return reject(out, 'PRICE_LIMIT', price0);
      dy = outGivenIn(xIn, yOut, dx, e, cp);
      x1 = xIn + dx;
      y1 = scratchY1;
      p1 = buy ? priceOf(x1, y1, wT, cp) : priceOf(y1, x1, wT, cp);
      if (buy ? p1 <= limitPrice : p1 >= limitPrice) break;
      dx = dxMax * (1 - shrink);
    }
    if (dx < net) {
      net = dx;
      fee = (net * r) / (1 - r);
      amountIn = net + fee;
    }
  }

  // MAX_SWAP_INPUT_RESERVE_MULTIPLIER (swap_step.rs).
  if (net > cfg.maxInputMultiplier * xIn) return reject(out, 'INPUT_CAP', price0);
  // DefaultMinimumPoolLiquidity (launch) / SwapMinimumReserve: neither reserve may end below it; a reserve
  // rounding to 0 is rejected too (the price would be undefined).
  const min = cfg.minReserve;
  if (!(x1 >= min && y1 >= min && y1 > 0)) return reject(out, 'POOL_LIQUIDITY', price0);

  out.ok = true;
  out.reason = 'OK';
  out.amountIn = amountIn;
  out.fee = fee;
  out.amountOut = dy;
  out.priceAfter = p1;
  if (buy) {
    nextTao = x1;
    nextAlpha = y1;
  } else {
    nextTao = y1;
    nextAlpha = x1;
  }
  return out;
}

/** Quote a buy of alpha with `tao` (fee included). Pure: `r` is not touched. */
export function quoteTaoForAlpha(
  r: Reserves,
  netuid: number,
  tao: number,
  cfg: PoolConfig,
  limitPrice: number,
  out: SwapResult,
): SwapResult {
  const cp = cfg.kind === 'constant-product';
  const wT = cp ? 0.5 : weightTOf(r, netuid);
  return quote(r.taoIn[netuid]!, r.alphaIn[netuid]!, wT, cp, true, tao, cfg, limitPrice, out);
}

/** Quote a sale of `alpha` (fee included) for TAO. Pure: `r` is not touched. */
export function quoteAlphaForTao(
  r: Reserves,
  netuid: number,
  alpha: number,
  cfg: PoolConfig,
  limitPrice: number,
  out: SwapResult,
): SwapResult {
  const cp = cfg.kind === 'constant-product';
  const wT = cp ? 0.5 : weightTOf(r, netuid);
  return quote(r.alphaIn[netuid]!, r.taoIn[netuid]!, wT, cp, false, alpha, cfg, limitPrice, out);
}

/**
 * Throws unless the move (T0, A0) → (T1, A1) keeps the reserves finite and >= 0 and does not decrease
 * the pool invariant (relative 1e-12): T·A for constant product, T^w_T·A^w_A (compared in logs) for
 * weighted. `outGivenIn` keeps every reserve to a few ulps, so the float slack needed is ~1e-15.
 */
function assertSwapInvariant(T0: number, A0: number, T1: number, A1: number, wT: number, cp: boolean): void {
  if (!(T1 >= 0 && A1 >= 0 && T1 < Infinity && A1 < Infinity)) {
    throw new Error(`pool invariant: reserves not finite and >= 0 (T=${T1}, A=${A1})`);
  }
  if (cp) {
    const k0 = T0 * A0;
    if (!(T1 * A1 >= k0 - 1e-12 * k0)) throw new Error(`pool invariant: k decreased (${k0} -> ${T1 * A1})`);
  } else {
    const d = wT * Math.log(T1 / T0) + (1 - wT) * Math.log(A1 / A0);
    if (!(d >= -1e-12)) throw new Error(`pool invariant: T^wT·A^wA decreased (log change ${d})`);
  }
}

function commit(r: Reserves, netuid: number, cfg: PoolConfig, out: SwapResult): SwapResult {
  const cp = cfg.kind === 'constant-product';
  assertSwapInvariant(r.taoIn[netuid]!, r.alphaIn[netuid]!, nextTao, nextAlpha, cp ? 0.5 : weightTOf(r, netuid), cp);
  r.taoIn[netuid] = nextTao;
  r.alphaIn[netuid] = nextAlpha;
  return out;
}

/** Buy alpha with `tao` (fee included); applies the quote if ok. The fee leaves the pool: route `out.fee`. */
export function swapTaoForAlpha(
  r: Reserves,
  netuid: number,
  tao: number,
  cfg: PoolConfig,
  limitPrice: number,
  out: SwapResult,
): SwapResult {
  quoteTaoForAlpha(r, netuid, tao, cfg, limitPrice, out);
  return out.ok ? commit(r, netuid, cfg, out) : out;
}

/** Sell `alpha` (fee included, in alpha) for TAO; applies the quote if ok. The fee leaves the pool: route `out.fee`. */
export function swapAlphaForTao(
  r: Reserves,
  netuid: number,
  alpha: number,
  cfg: PoolConfig,
  limitPrice: number,
  out: SwapResult,
): SwapResult {
  quoteAlphaForTao(r, netuid, alpha, cfg, limitPrice, out);
  return out.ok ? commit(r, netuid, cfg, out) : out;
}

/**
 * Emission injection (coinbase tao_in / alpha_in).
 * Constant product: adds (dTao, dAlpha) as given; the price is kept only if the caller supplies them
 * in the price ratio (swap v3's adjust_protocol_liquidity did, keeping leftovers in a scrap reservoir).
 * Weighted: re-solves w_T so that the price is unchanged for any (dTao, dAlpha)
 * (balancer.rs update_weights_for_added_liquidity):
 *   q1 = w_A·T·(A+ΔA);  q2 = w_T·A·(T+ΔT);  w_T' = q2/(q1+q2)
 * and refuses (false, nothing changes) if a weight would fall below minWeight.
 * Amounts must be finite and >= 0, else false.
 */
export function injectLiquidity(r: Reserves, netuid: number, dTao: number, dAlpha: number, cfg: PoolConfig): boolean {
  if (!(dTao >= 0 && dAlpha >= 0 && dTao < Infinity && dAlpha < Infinity)) return false;
  if (dTao === 0 && dAlpha === 0) return true;
  const T = r.taoIn[netuid]!;
  const A = r.alphaIn[netuid]!;
  const T1 = T + dTao;
  const A1 = A + dAlpha;
  if (!(T1 < Infinity && A1 < Infinity)) return false;
  if (cfg.kind === 'weighted') {
    const wT = weightTOf(r, netuid);
    const q1 = (1 - wT) * T * A1;
    const q2 = wT * A * T1;
    const w1 = q2 / (q1 + q2);
    // Also refuses an empty reserve (w1 = 0, 1 or NaN): its price is undefined.
    if (!(w1 >= cfg.minWeight && 1 - w1 >= cfg.minWeight)) return false;
    const p0 = priceOf(T, A, wT, false);
    const p1 = priceOf(T1, A1, w1, false);
    if (!(Math.abs(p1 - p0) <= 1e-9 * p0)) throw new Error(`pool invariant: injection moved the price (${p0} -> ${p1})`);
    r.weightT[netuid] = w1;
  } else if (!(T1 >= 0 && A1 >= 0)) {
    throw new Error(`pool invariant: reserves not >= 0 after injection (T=${T1}, A=${A1})`);
  }
  r.taoIn[netuid] = T1;
  r.alphaIn[netuid] = A1;
  return true;
}

/**
 * TAO input, net of fee, that moves the price up to `targetPrice` (buy side; balancer.rs):
 *   ΔT = T·((P'/P)^w_A − 1)      (constant product: w_A = 0.5)
 * 0 if the target is not above the current price (or the pool is empty); Infinity for an infinite target.
 * Gross input = ΔT/(1 − feeRate).
 */
export function taoToReachPrice(r: Reserves, netuid: number, targetPrice: number, cfg: PoolConfig): number {
  const wT = effWeightT(r, netuid, cfg.kind);
  const T = r.taoIn[netuid]!;
  const p = priceOf(T, r.alphaIn[netuid]!, wT, cfg.kind === 'constant-product');
  if (!(targetPrice > p && p > 0)) return 0;
  if (targetPrice === Infinity) return Infinity;
  return inputForPriceRatio(T, targetPrice / p, 1 - wT);
}

/**
 * Alpha input, net of fee, that moves the price down to `targetPrice` (sell side; balancer.rs):
 *   ΔA = A·((P/P')^w_T − 1)      (constant product: w_T = 0.5)
 * 0 if the target is not below the current price; Infinity for a target <= 0.
 */
export function alphaToReachPrice(r: Reserves, netuid: number, targetPrice: number, cfg: PoolConfig): number {
  const wT = effWeightT(r, netuid, cfg.kind);
  const A = r.alphaIn[netuid]!;
  const p = priceOf(r.taoIn[netuid]!, A, wT, cfg.kind === 'constant-product');
  if (!(targetPrice < p)) return 0;
  if (!(targetPrice > 0)) return Infinity;
  return inputForPriceRatio(A, p / targetPrice, wT);
}

/** The TAO weight that makes a weighted pool (T, A) show `price` (balancer.rs maybe_initialize): T/(price·A + T). */
export function initialWeightForPrice(T: number, A: number, price: number): number {
  return T / (price * A + T);
}
