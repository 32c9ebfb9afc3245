// Registration economics (docs/chain-rules.md §8): subnet lock cost, neuron burn dynamics, which UID or subnet is pruned.
// Pure functions over typed arrays.
import { blockEmissionFor } from './emission.ts';
import type { RuleSet } from './rules.ts';

/**
 * Subnet lock cost (coinbase/root.rs get_network_lock_cost): doubles on each registration and decays
 * linearly back towards the minimum over `interval` blocks (scaled by halvings).
 */
export function networkLockCost(
  lastLock: number,
  lastLockBlock: number,
  now: number,
  minLock: number,
  reductionInterval: number,
  blockEmission: number,
): number {
  const mult = lastLockBlock === 0 ? 1 : 2;
  const interval = Math.max(1, reductionInterval * blockEmission);
  const lock = lastLock * mult - (lastLock / interval) * Math.max(0, now - lastLockBlock); // saturating_sub
  return lock > minLock ? lock : minLock;
}

/** Per-block burn decay factor f with f^halfLife = 0.5 (registration.rs decay_factor_q32, in floats). */
export function burnDecayFactor(halfLife: number): number {
  return Math.pow(0.5, 1 / halfLife);
}

/**
 * Interval burn adjustment (block_step.rs upgraded_burn, before Apr 2026): every AdjustmentInterval blocks
 * burn' = burn·(regs + target)/(2·target), smoothed with AdjustmentAlpha, clamped to [min, max].
 */
export function adjustedBurn(burn: number, regs: number, rules: RuleSet): number {
  const target = rules.burnTargetRegs;
  const updated = (burn * (regs + target)) / (2 * target);
  const a = rules.burnAdjustAlpha;
  const next = a * burn + (1 - a) * updated;
  return clamp(next, rules.neuronBurnMin, rules.neuronBurnMax);
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * The UID a registration replaces when the subnet is full (registration.rs get_neuron_to_prune): skip the
 * owner's immortal hotkeys; among non-immune UIDs the lowest emission, ties → earliest registration, then
 * lowest uid — but only if more than `minNonImmune` UIDs are non-immune; otherwise the same order among the
 * immune ones. Returns −1 if nothing can be pruned.
 * `launch` (errata E9, get_neuron_to_prune at f9254ea63): scores are the emission rounded to u16 of the
 * largest (PruningScores), and there is no MinNonImmuneUids rule (any non-immune UID is preferred).
 */
export function uidToPrune(
  base: number,
  n: number,
  hotkeys: Int32Array,
  emission: Float64Array,
  registeredAt: Float64Array,
  now: number,
  immunityPeriod: number,
  ownerHotkey: number,
  immuneOwnerUids: number,
  minNonImmune: number,
  launch = false,
): number {
  let maxE = 0;
  if (launch) {
    minNonImmune = 0;
    for (let u = 0; u < n; u++) if (emission[base + u]! > maxE) maxE = emission[base + u]!;
  }
  const q = launch && maxE > 0 ? 65_535 / maxE : 0;
  const score = (i: number) => (q > 0 ? Math.round(emission[i]! * q) : emission[i]!);
  let nonImmune = 0;
  for (let u = 0; u < n; u++) {
    if (hotkeys[base + u] === ownerHotkey && immuneOwnerUids > 0) continue;
    if (now - registeredAt[base + u]! >= immunityPeriod) nonImmune++;
  }
  const wantNonImmune = nonImmune > minNonImmune;
  let best = -1;
  for (let u = 0; u < n; u++) {
    const i = base + u;
    if (hotkeys[i] === ownerHotkey && immuneOwnerUids > 0) continue;
    const immune = now - registeredAt[i]! < immunityPeriod;
    if (wantNonImmune && immune) continue;
    if (best < 0) {
      best = u;
      continue;
    }
    const b = base + best;
    const si = score(i), sb = score(b);
    if (si < sb || (si === sb && registeredAt[i]! < registeredAt[b]!)) best = u;
  }
  return best;
}

/**
 * The subnet pruned when the subnet limit is reached (get_network_to_prune, Sep 2025+): the non-immune subnet
 * with the lowest moving price, ties → earliest registered. −1 if every subnet is immune.
 */
export function subnetToPrune(
  list: Int32Array,
  n: number,
  movingPrice: Float64Array,
  registeredAt: Float64Array,
  now: number,
  immunityPeriod: number,
): number {
  let best = -1;
  for (let k = 0; k < n; k++) {
    const i = list[k]!;
    if (now - registeredAt[i]! < immunityPeriod) continue;
    if (best < 0 || movingPrice[i]! < movingPrice[best]! || (movingPrice[i] === movingPrice[best] && registeredAt[i]! < registeredAt[best]!)) {
      best = i;
    }
  }
  return best;
}

/** What the lock cost reads of the chain (structural, so this module needs no import of chain.ts). */
export interface LockCostState {
  readonly rules: RuleSet;
  readonly lastLock: number;
  readonly lastLockBlock: number;
  readonly block: number;
  totalIssuance(): number;
}

/**
 * The subnet lock cost at the current block, its decay interval scaled by halvings (docs/chain-rules.md §8.1).
 * A migration's lock reset (lockResetBlock > 0; migrations/migrate_network_lock_reduction_interval.rs and
 * migrate_network_lock_cost_2500.rs set NetworkLastLockCost and the last lock block) holds until the next
 * registration overwrites both: the reset counts while the last registration is older than it.
 */
export function lockCostNow(c: LockCostState): number {
  const r = c.rules;
  const e = blockEmissionFor(c.totalIssuance(), r.blockEmission, r.totalSupply) / r.blockEmission;
  const reset = r.lockResetBlock > 0 && c.lastLockBlock < r.lockResetBlock;
  const last = reset ? r.lockResetLast : c.lastLock;
  const lastBlock = reset ? r.lockResetBlock : c.lastLockBlock;
  return networkLockCost(last, lastBlock, c.block, r.networkMinLockCost, r.networkLockReductionInterval, e);
}
