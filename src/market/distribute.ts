// Distribution of a subnet's pending emission at its epoch (run_coinbase.rs drain_pending /
// distribute_emission / calculate_dividend_distribution; docs/chain-rules.md §4.4). Childkeys are not modelled.
import type { Chain } from './chain.ts';
import { swapAlphaForTao } from './pool.ts';
import { ROOT } from './types.ts';
import { runEpoch } from './yuma.ts';

const rootDivs = new Float64Array(4096);
const alphaDivs = new Float64Array(4096);

export function distributeEpoch(c: Chain, netuid: number): void {
  const r = c.rules;
  const s = c.subnets;
  const nr = c.neurons;
  const book = c.stakes;
  const M = c.maxUids;
  const base = netuid * M;
  const n = s.nUids[netuid]!;
  const pServer = s.pendingServer[netuid]!;
  const pValidator = s.pendingValidator[netuid]!;
  const pRootAlpha = s.pendingRootAlpha[netuid]!;
  const pRootTao = s.pendingRootTao[netuid]!;
  const pOwner = s.pendingOwnerCut[netuid]!;
  s.pendingServer[netuid] = 0;
  s.pendingValidator[netuid] = 0;
  s.pendingRootAlpha[netuid] = 0;
  s.pendingRootTao[netuid] = 0;
  s.pendingOwnerCut[netuid] = 0;

  // 1. Owner cut, staked to the owner's hotkey on the subnet.
  const owner = s.owner[netuid]!;
  const ownerHotkey = s.ownerHotkey[netuid]!;
  if (pOwner > 0) {
    book.mint(book.ensure(ownerHotkey, netuid), owner, pOwner);
    s.cumOwnerCut[netuid]! += pOwner;
  }

  // 2. Yuma consensus inputs: stake weight S = alpha + tao_weight × root (§5), activity (§7.1).
  const tw = r.taoWeight;
  const stake = c.stakeScratch;
  const active = c.activeScratch;
  let ownerUid = -1;
  for (let u = 0; u < n; u++) {
    const hk = nr.hotkey[base + u]!;
    if (hk === ownerHotkey) ownerUid = u;
    const p = c.slotPosition(base + u, hk, netuid), rp = book.find(hk, ROOT);
    const sw = (p >= 0 ? book.posAlpha[p]! : 0) + tw * (rp >= 0 ? book.posAlpha[rp]! : 0);
    stake[u] = sw;
    nr.stakeWeight[base + u] = sw;
    active[u] = nr.lastUpdate[base + u]! + r.activityCutoff >= c.block ? 1 : 0;
  }
  const inp = c.epochIn;
  inp.n = n;
  inp.prevPermit = c.permitViews[netuid]!;
  inp.weights = c.weightRows[netuid]!;
  inp.bonds = c.bondRows[netuid]!;
  inp.weightSetBlock = c.lastUpdateViews[netuid]!;
  inp.registeredAt = c.registeredViews[netuid]!;
  inp.lastEpochBlock = s.lastEpochBlock[netuid]!;
  // E8: the owner's self-weight is kept from 2025-03-19 (b61dd3020), its permit is automatic from 2026-03-23 (69627c0d5).
  inp.ownerUid = r.ownerSelfWeight || r.ownerPermit ? ownerUid : -1;
  inp.ownerPermit = r.ownerPermit;
  const out = runEpoch(c.yumaWs, inp, r, 1);
  s.lastEpochBlock[netuid] = c.block;

  // 3. Miner incentive (41%): staked to each UID's hotkey for its owner. Incentive to the owner's hotkey is
  //    burned from 2025-03-28 (8de0d23ca), to every hotkey of the owner's coldkey from Nov 2025
  //    (get_owner_hotkeys, 6218ecc5c; errata E8); it counts toward MinerBurned (§2.2, §4.4.2).
  // The chain pays from the epoch's (server, validator) emission, not the raw incentive/dividend vectors:
  // in the no-consensus fallback servers get 0 and validators are paid ∝ active stake (§7.10).
  let sumI = 0;
  for (let u = 0; u < n; u++) sumI += out.serverEmission[u]!;
  let burned = 0;
  const burnMode = r.ownerIncentiveBurn;
  if (sumI > 0) {
    for (let u = 0; u < n; u++) {
      const inc = (pServer * out.serverEmission[u]!) / sumI;
      if (!(inc > 0)) continue;
      const hk = nr.hotkey[base + u]!;
      if (burnMode !== 'none' && (hk === ownerHotkey || (burnMode === 'owner-coldkey' && c.hotOwner[hk] === owner))) {
        burned += inc;
        continue;
      }
      book.mint(slotPos(c, base + u, hk, netuid), c.hotOwner[hk]!, inc);
    }
    s.cumMinerAlpha[netuid]! += pServer - burned;
    if (burned > 0) burnAlpha(c, netuid, burned);
  }
  s.minerBurned[netuid] = pServer > 0 ? burned / pServer : 0;
  // No incentive at all: the miners' share goes to validators (drain_pending).
  const validatorPool = pValidator + (sumI > 0 ? 0 : pServer);

  // 4. Dividends split into alpha and root parts by each hotkey's root proportion (§4.4.3).
  let sumAlphaDivs = 0;
  let sumRootDivs = 0;
  for (let u = 0; u < n; u++) {
    const d = out.validatorEmission[u]!;
    alphaDivs[u] = 0;
    rootDivs[u] = 0;
    if (!(d > 0)) continue;
    const hk = nr.hotkey[base + u]!;
    const p = c.slotPosition(base + u, hk, netuid), q = book.find(hk, ROOT);
    const rw = (q >= 0 ? book.posAlpha[q]! : 0) * tw;
    const denom = (p >= 0 ? book.posAlpha[p]! : 0) + rw;
    const rp = denom > 0 ? rw / denom : 0;
    rootDivs[u] = d * rp;
    alphaDivs[u] = d - rootDivs[u]!;
    sumAlphaDivs += alphaDivs[u]!;
    sumRootDivs += rootDivs[u]!;
  }

  // 5. Alpha dividends: the take to the validator's owner, the rest to all nominators pro rata (share pool).
  //    E2: before 2025-03-28 (8de0d23ca) the chain paid each validator its dividend d of the epoch's E in alpha
  //    unscaled: the whole d (f9254ea63, root part paid twice) or d·(1 − own root share) (5073ade60). The
  //    validator pool's unpaid remainder is burned; an overpayment is minted as extra alpha out.
  if (r.dividendMode !== 'rescaled') {
    const E = 2 * pServer;
    const full = r.dividendMode === 'alpha-full';
    let paid = 0;
    for (let u = 0; u < n; u++) {
      const amt = (full ? alphaDivs[u]! + rootDivs[u]! : alphaDivs[u]!) * E;
      if (!(amt > 0)) continue;
      const hk = nr.hotkey[base + u]!;
      const pos = slotPos(c, base + u, hk, netuid);
      const take = c.hotTake[hk]! * amt;
      book.mint(pos, c.hotOwner[hk]!, take);
      book.credit(pos, amt - take);
      paid += amt;
    }
    if (validatorPool > paid) burnAlpha(c, netuid, validatorPool - paid);
    else if (paid > validatorPool) {
      s.alphaOut[netuid]! += paid - validatorPool;
      c.alphaIssued[netuid]! += paid - validatorPool;
    }
    s.cumValidatorAlpha[netuid]! += paid;
  } else if (validatorPool > 0) {
    if (sumAlphaDivs > 0) {
      for (let u = 0; u < n; u++) {
        if (!(alphaDivs[u]! > 0)) continue;
        const hk = nr.hotkey[base + u]!;
        const payout = (validatorPool * alphaDivs[u]!) / sumAlphaDivs;
        const pos = slotPos(c, base + u, hk, netuid);
        const take = c.hotTake[hk]! * payout;
        book.mint(pos, c.hotOwner[hk]!, take);
        book.credit(pos, payout - take);
      }
      s.cumValidatorAlpha[netuid]! += validatorPool;
    } else {
      burnAlpha(c, netuid, validatorPool); // nobody to pay: recycled
    }
  }

  // 6. Root dividends: launch pays the TAO sold each block; later eras auto-claim the alpha by selling it
  //    (claim type Swap) at the epoch. Either way TAO lands on the hotkey's root stake, take first.
  //    E4 (52378dc3e, HEAD): with root claims the take is kept as subnet alpha stake of the validator, never sold.
  //    E7 (claim_root.rs): with lumpy claims the rest stays outstanding per validator until its auto-claim.
  let rootTao = pRootTao;
  let rootAlpha = pRootAlpha;
  const takeInAlpha = r.rootTake === 'alpha';
  if (rootAlpha > 0 && sumRootDivs > 0 && (takeInAlpha || r.rootClaim === 'lumpy')) {
    for (let u = 0; u < n; u++) {
      if (!(rootDivs[u]! > 0)) continue;
      const hk = nr.hotkey[base + u]!;
      const share = (pRootAlpha * rootDivs[u]!) / sumRootDivs;
      const take = takeInAlpha ? c.hotTake[hk]! * share : 0;
      if (take > 0) book.mint(slotPos(c, base + u, hk, netuid), c.hotOwner[hk]!, take);
      rootAlpha -= take;
      if (r.rootClaim === 'lumpy') addClaimable(c, base + u, hk, netuid, share - take);
    }
    if (r.rootClaim === 'lumpy') rootAlpha = 0;
  }
  if (rootAlpha > 1e-15) {
    if (sumRootDivs > 0) {
      swapAlphaForTao(c.reserves, netuid, rootAlpha, c.protocolPool, 0, c.swap);
      s.alphaOut[netuid]! -= rootAlpha;
      if (c.swap.ok) rootTao += c.swap.amountOut;
      else c.alphaBurned[netuid]! += rootAlpha;
    } else {
      burnAlpha(c, netuid, rootAlpha);
    }
  }
  if (r.rootClaim === 'lumpy') claimDue(c, netuid, base, n);
  if (rootTao > 0) {
    if (sumRootDivs > 0) {
      const rootTake = !takeInAlpha;
      for (let u = 0; u < n; u++) {
        if (!(rootDivs[u]! > 0)) continue;
        const hk = nr.hotkey[base + u]!;
        const payout = (rootTao * rootDivs[u]!) / sumRootDivs;
        const pos = book.ensure(hk, ROOT);
        const take = rootTake ? c.hotTake[hk]! * payout : 0;
        book.mint(pos, c.hotOwner[hk]!, take);
        book.credit(pos, payout - take);
        creditRootPool(c, payout);
      }
      s.cumRootDividendsTao[netuid]! += rootTao;
    } else {
      c.recycled += rootTao; // no root stakers validating here: recycled
    }
  }

  // 7. Store the epoch's outputs per UID. Emission is the epoch's server + validator emission in alpha
  //    (E = 2 × the miners' pending share, root part included), as the chain stores it for pruning.
  const E = 2 * pServer;
  for (let u = 0; u < n; u++) {
    const i = base + u;
    nr.emission[i] = E * (out.serverEmission[u]! + out.validatorEmission[u]!);
    nr.consensus[i] = out.consensus[u]!;
    nr.incentive[i] = out.incentive[u]!;
    nr.dividends[i] = out.dividends[u]!;
    nr.trust[i] = out.validatorTrust[u]!;
  }
}

/** Stake position of the hotkey in UID slot `slot` on netuid, created if missing (book.ensure, its map lookup cached per slot). */
function slotPos(c: Chain, slot: number, hotkey: number, netuid: number): number {
  const p = c.slotPosition(slot, hotkey, netuid);
  return p >= 0 ? p : c.stakes.ensure(hotkey, netuid);
}

/** Root dividends in TAO: into SubnetTAO[0], or (launch, errata E9) held as root stake outside it. */
function creditRootPool(c: Chain, tao: number): void {
  if (c.rules.rootDividendsToRootPool) c.subnets.taoIn[ROOT]! += tao;
  else c.rootStakeOutsidePool += tao;
}

/** Root alpha now claimable by the validator in UID slot `slot` (errata E7); a slot's new holder first settles the old one's. */
function addClaimable(c: Chain, slot: number, hotkey: number, netuid: number, alpha: number): void {
  if (c.rootClaimableHotkey[slot] !== hotkey) {
    if (c.rootClaimable[slot]! > 0) claimSlot(c, slot, netuid);
    c.rootClaimableHotkey[slot] = hotkey;
  }
  c.rootClaimable[slot]! += alpha;
}

/**
 * Lumpy auto-claims (claim_root.rs run_auto_claim_root_divs, errata E7). The chain claims for 5 pseudo-randomly
 * chosen coldkeys a block; the lab claims each validator's outstanding root alpha once per rootClaimPeriod, at
 * the first epoch in a window staggered by hotkey (deterministic, no randomness in the core). The claim
 * (type Swap) sells the alpha and credits the TAO to the validator's root stake, for all its nominators.
 */
function claimDue(c: Chain, netuid: number, base: number, n: number): void {
  const period = c.rules.rootClaimPeriod;
  const window = c.rules.tempo;
  for (let u = 0; u < n; u++) {
    const slot = base + u;
    if (!(c.rootClaimable[slot]! > 0)) continue;
    const hk = c.rootClaimableHotkey[slot]!;
    if ((c.block + hk * 7919) % period <= window) claimSlot(c, slot, netuid);
  }
}

function claimSlot(c: Chain, slot: number, netuid: number): void {
  const alpha = c.rootClaimable[slot]!;
  const hk = c.rootClaimableHotkey[slot]!;
  swapAlphaForTao(c.reserves, netuid, alpha, c.protocolPool, 0, c.swap);
  if (!c.swap.ok) return; // the pool cannot take it now: stays claimable
  c.rootClaimable[slot] = 0;
  c.subnets.alphaOut[netuid]! -= alpha;
  const tao = c.swap.amountOut;
  c.stakes.credit(c.stakes.ensure(hk, ROOT), tao);
  creditRootPool(c, tao);
  c.subnets.cumRootDividendsTao[netuid]! += tao;
}

function burnAlpha(c: Chain, netuid: number, alpha: number): void {
  c.subnets.alphaOut[netuid]! -= alpha;
  c.alphaBurned[netuid]! += alpha;
}
