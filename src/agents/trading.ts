// Trading primitives shared by the agent families (docs/agent-models.md §0): logit choice (P2), order sizing and
// TWAP sells under a slippage tolerance (P3), yield estimators (P4), minimum orders (P5), validator choice.
// Pure reads of the chain view; orders are returned as actions for the chain to validate.
import { type Action, type ActionResult, BLOCKS_PER_DAY, type ChainView, ROOT } from '../market/types.ts';
import type { Rng } from './rng.ts';
import type { MarketHistory, World } from './types.ts';

export { BLOCKS_PER_DAY };
/** Share of alpha_out paid to validators (and root) per block: 0.82 · 0.5 (docs/chain-rules.md §4.1). */
const VALIDATOR_SHARE = 0.41;
/** A large sell is split into at most this many chunks (P3), this many blocks apart [assumption: ~12 min]. */
export const TWAP_MAX_CHUNKS = 10;
export const TWAP_GAP = 60;

/** P5: orders below min_stake + flat fee are not sent. */
export function minOrder(v: ChainView): number {
  return v.rules.minStake + v.rules.flatStakingFee;
}

/** P2: P(k) = exp(β·U_k) / Σ exp(β·U_j) over u[0..n), written into prob (max-shifted for stability). */
export function logit(u: ArrayLike<number>, n: number, beta: number, prob: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < n; k++) if (u[k]! > max) max = u[k]!;
  let s = 0;
  for (let k = 0; k < n; k++) s += prob[k] = Math.exp(beta * (u[k]! - max));
  for (let k = 0; k < n; k++) prob[k]! /= s;
}

/** Alpha held as stake on a subnet: alpha_out less pending emission and protocol alpha. */
export function stakedAlpha(v: ChainView, netuid: number): number {
  const s = v.subnets;
  const held = s.alphaOut[netuid]! - s.pendingServer[netuid]! - s.pendingValidator[netuid]! - s.pendingRootAlpha[netuid]! -
    s.pendingOwnerCut[netuid]! - s.protocolAlpha[netuid]!;
  return held > 0 ? held : 0;
}

function windowDays(v: ChainView, window: number): number {
  return Math.max(1, Math.min(window, v.block)) / BLOCKS_PER_DAY;
}

/** P4: realised daily yield of alpha stake on `netuid` (alpha per alpha); the structural prior before any dividends. */
export function alphaYield(v: ChainView, h: MarketHistory, netuid: number, window: number): number {
  const S = Math.max(stakedAlpha(v, netuid), v.rules.minStake);
  const paid = h.validatorAlpha(netuid, window);
  if (paid > 0) return paid / windowDays(v, window) / S;
  return (VALIDATOR_SHARE * (1 - v.subnets.rootProp[netuid]!) * v.rules.blockEmission * BLOCKS_PER_DAY) / S;
}

/** P4: realised daily yield of root stake (TAO per TAO); the structural prior before any dividends. */
export function rootYield(v: ChainView, h: MarketHistory, window: number): number {
  const S = Math.max(v.subnets.taoIn[ROOT]!, v.rules.minStake);
  const paid = h.rootDividends(window);
  if (paid > 0) return paid / windowDays(v, window) / S;
  const list = v.subnetList();
  let prior = 0;
  for (let k = 0; k < list.length; k++) {
    const i = list[k]!;
    prior += VALIDATOR_SHARE * v.subnets.rootProp[i]! * v.rules.blockEmission * BLOCKS_PER_DAY * v.spotPrice(i);
  }
  return prior / S;
}

const candHot = new Int32Array(4096);
const candStake = new Float64Array(4096);
const candUtil = new Float64Array(4096);
const candProb = new Float64Array(4096);

/**
 * Validator choice (§1 step 2, brand attention): the top-M validators by stake on `netuid` (permit holders; the
 * genesis root validators before the first epoch, and always on root), then a logit with intensity β over their
 * net yield to nominators, (1 − take)·dividend share / stake share, normalised by its mean. −1 if none.
 */
export function chooseValidator(v: ChainView, world: World, netuid: number, M: number, beta: number, rng: Rng): number {
  let n = 0;
  if (netuid !== ROOT) {
    const base = netuid * v.maxUids;
    const nr = v.neurons;
    const nu = v.subnets.nUids[netuid]!;
    for (let u = 0; u < nu; u++) {
      const i = base + u;
      if (nr.permit[i] && nr.hotkey[i]! >= 0 && nr.stakeWeight[i]! > 0) {
        candHot[n] = nr.hotkey[i]!;
        candStake[n] = nr.stakeWeight[i]!;
        candUtil[n] = ((1 - v.hotkeyTake(nr.hotkey[i]!)) * nr.dividends[i]!) / nr.stakeWeight[i]!;
        n++;
      }
    }
  }
  if (n === 0) {
    for (const hk of world.rootValidators) {
      if (netuid !== ROOT && v.uidOf(hk, netuid) < 0) continue;
      candHot[n] = hk;
      candStake[n] = v.hotkeyStake(hk, ROOT);
      candUtil[n] = 1 - v.hotkeyTake(hk);
      n++;
    }
  }
  if (n === 0) return -1;
  // Top-M by stake (partial selection sort, ties keep the lower index).
  const m = Math.min(M, n);
  for (let a = 0; a < m; a++) {
    let best = a;
    for (let b = a + 1; b < n; b++) if (candStake[b]! > candStake[best]!) best = b;
    if (best !== a) {
      swap(candHot, a, best);
      swap(candStake, a, best);
      swap(candUtil, a, best);
    }
  }
  let mean = 0;
  for (let a = 0; a < m; a++) mean += candUtil[a]! / m;
  if (mean > 0) for (let a = 0; a < m; a++) candUtil[a]! /= mean;
  logit(candUtil, m, beta, candProb);
  const k = rng.pickWeighted(candProb, m);
  return k < 0 ? candHot[0]! : candHot[k]!;
}

function swap(a: Int32Array | Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Largest alpha sale within slippage tolerance σ (P3): ΔA ≤ σ·A/(1−σ). */
export function maxSell(v: ChainView, netuid: number, sigma: number): number {
  return netuid === ROOT ? Infinity : (sigma * v.subnets.alphaIn[netuid]!) / (1 - sigma);
}

export interface Position {
  hotkey: number;
  netuid: number;
  basis: number;
}

interface SellOrder {
  hotkey: number;
  netuid: number;
  remaining: number;
  chunksLeft: number;
  next: number;
}

const key = (hotkey: number, netuid: number) => hotkey * 4096 + netuid;

/**
 * Cost basis per position (TAO paid, reduced pro rata on sales; a position first seen without a basis is
 * marked at spot) and the TWAP book: a sell of a whole position goes out in chunks of at most σ·A/(1−σ),
 * at most TWAP_MAX_CHUNKS of them TWAP_GAP blocks apart, each re-quoted at its block (P3). A remainder worth
 * less than min_stake is sold with the last chunk (P5).
 */
export class TwapBook {
  private readonly basis = new Map<number, number>();
  private readonly orders: SellOrder[] = [];

  basisOf(hotkey: number, netuid: number, valueIfUnknown: number): number {
    const k = key(hotkey, netuid);
    let b = this.basis.get(k);
    if (b === undefined) this.basis.set(k, (b = valueIfUnknown));
    return b;
  }

  selling(hotkey: number, netuid: number): boolean {
    return this.orders.some((o) => o.hotkey === hotkey && o.netuid === netuid);
  }

  start(hotkey: number, netuid: number, alpha: number, block: number): void {
    if (alpha > 0) this.orders.push({ hotkey, netuid, remaining: alpha, chunksLeft: TWAP_MAX_CHUNKS, next: block });
  }

  nextChunk(): number {
    let n = Infinity;
    for (const o of this.orders) if (o.next < n) n = o.next;
    return n;
  }

  /** Push the chunks due at `block`. */
  due(v: ChainView, coldkey: number, block: number, sigma: number, out: Action[]): void {
    for (let k = this.orders.length - 1; k >= 0; k--) {
      const o = this.orders[k]!;
      if (o.next > block) continue;
      const held = v.stake(o.hotkey, coldkey, o.netuid);
      o.remaining = Math.min(o.remaining, held);
      let chunk = o.chunksLeft <= 1 ? o.remaining : Math.min(o.remaining, Math.max(maxSell(v, o.netuid, sigma), o.remaining / o.chunksLeft));
      const price = v.spotPrice(o.netuid);
      if ((held - chunk) * price < v.rules.minStake) chunk = held;
      if (chunk > 0 && v.quoteSell(o.netuid, chunk) > 0) {
        out.push({ kind: 'unstake', coldkey, hotkey: o.hotkey, netuid: o.netuid, alpha: chunk });
      }
      o.remaining -= chunk;
      o.chunksLeft--;
      o.next = block + TWAP_GAP;
      if (!(o.remaining > 0) || o.chunksLeft <= 0) this.orders.splice(k, 1);
    }
  }

  /** Keep the basis in step with what the chain did. */
  onResult(v: ChainView, coldkey: number, action: Action, result: ActionResult): void {
    if (!result.ok) return;
    if (action.kind === 'stake') {
      const k = key(action.hotkey, action.netuid);
      this.basis.set(k, (this.basis.get(k) ?? 0) - result.taoDelta);
    } else if (action.kind === 'unstake') {
      const k = key(action.hotkey, action.netuid);
      const after = v.stake(action.hotkey, coldkey, action.netuid);
      const sold = -result.alphaDelta;
      const b = this.basis.get(k);
      if (!(after > 0)) this.basis.delete(k);
      else if (b !== undefined) this.basis.set(k, (b * after) / (after + sold));
    }
  }

  positions(): Position[] {
    return [...this.basis].map(([k, basis]) => ({ hotkey: Math.floor(k / 4096), netuid: k % 4096, basis }));
  }
}
