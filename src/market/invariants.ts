// Invariants of the chain state (docs/architecture.md "Numbers"): TAO conserved, alpha accounted, nothing negative.
// A scan over state: call it at samples and in tests, never per block.
import type { Chain } from './chain.ts';
import { ROOT } from './types.ts';

const REL = 1e-9;

function close(a: number, b: number, scale: number): boolean {
  return Math.abs(a - b) <= REL * Math.max(1, Math.abs(scale));
}

/** TAO issued minus everything that holds it (accounts, pools, pending root TAO, recycled, author fees). */
export function taoImbalance(c: Chain): number {
  let held = c.recycled + c.authorFees;
  for (let k = 0; k < c.nCold; k++) held += c.balances[k]!;
  held += c.subnets.taoIn[ROOT]! + c.rootStakeOutsidePool;
  for (let k = 0; k < c.nList; k++) {
    const i = c.list[k]!;
    held += c.subnets.taoIn[i]! + c.subnets.pendingRootTao[i]!;
  }
  return c.issued - held;
}

export function checkInvariants(c: Chain): string[] {
  const errors: string[] = [];
  const s = c.subnets;
  const imbalance = taoImbalance(c);
  if (!close(imbalance, 0, c.issued)) errors.push(`TAO not conserved: issued − held = ${imbalance}`);
  for (let k = 0; k < c.nCold; k++) {
    if (!(c.balances[k]! >= -REL)) errors.push(`coldkey ${k} balance negative: ${c.balances[k]}`);
  }
  const book = c.stakes;
  const staked = new Float64Array(c.maxNetuid);
  for (let p = 0; p < book.nPositions; p++) {
    const a = book.posAlpha[p]!;
    if (!(a >= -REL)) errors.push(`position ${p} (hotkey ${book.posHotkey[p]}, netuid ${book.posNetuid[p]}) negative: ${a}`);
    staked[book.posNetuid[p]!]! += a;
  }
  const rootHeld = s.taoIn[ROOT]! + c.rootStakeOutsidePool;
  if (!close(staked[ROOT]!, rootHeld, rootHeld)) {
    errors.push(`root stake ${staked[ROOT]} ≠ root pool TAO ${s.taoIn[ROOT]} + outside ${c.rootStakeOutsidePool}`);
  }
  const claimable = new Float64Array(c.maxNetuid);
  for (let k = 0; k < c.rootClaimable.length; k++) claimable[Math.floor(k / c.maxUids)]! += c.rootClaimable[k]!;
  for (let k = 0; k < c.nList; k++) {
    const i = c.list[k]!;
    if (!(s.taoIn[i]! >= 0) || !(s.alphaIn[i]! >= 0)) errors.push(`subnet ${i} reserve negative or NaN: ${s.taoIn[i]}, ${s.alphaIn[i]}`);
    const issuance = s.alphaIn[i]! + s.alphaOut[i]!;
    const expected = c.alphaIssued[i]! - c.alphaBurned[i]!;
    if (!close(issuance, expected, c.alphaIssued[i]!)) errors.push(`subnet ${i} alpha issuance ${issuance} ≠ issued − burned ${expected}`);
    const outside = staked[i]! + s.pendingServer[i]! + s.pendingValidator[i]! + s.pendingRootAlpha[i]! + s.pendingOwnerCut[i]! + s.protocolAlpha[i]! + claimable[i]!;
    if (!close(s.alphaOut[i]!, outside, c.alphaIssued[i]!)) errors.push(`subnet ${i} alpha out ${s.alphaOut[i]} ≠ staked + pending + protocol + claimable ${outside}`);
  }
  return errors;
}
