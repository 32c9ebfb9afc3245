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
    const sw = c.hotkeyStake(hk, netuid) + tw * c.hotkeyStake(hk, ROOT);
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
  inp.ownerUid = ownerUid;
  const out = runEpoch(c.yumaWs, inp, r, 1);
  s.lastEpochBlock[netuid] = c.block;

  // 3. Miner incentive (41%): staked to each UID's hotkey for its owner. At HEAD incentive to the owner's
  //    own hotkey is burned and counts toward MinerBurned (§2.2, §4.4.2).
  // The chain pays from the epoch's (server, validator) emission, not the raw incentive/dividend vectors:
  // in the no-consensus fallback servers get 0 and validators are paid ∝ active stake (§7.10).
  let sumI = 0;
  for (let u = 0; u < n; u++) sumI += out.serverEmission[u]!;
  let burned = 0;
  if (sumI > 0) {
    for (let u = 0; u < n; u++) {
      const inc = (pServer * out.serverEmission[u]!) / sumI;
      if (!(inc > 0)) continue;
      const hk = nr.hotkey[base + u]!;
      if (r.minerBurnWeighting && hk === ownerHotkey) {
        burned += inc;
        continue;
      }
      book.mint(book.ensure(hk, netuid), c.hotOwner[hk]!, inc);
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
    const rw = c.hotkeyStake(hk, ROOT) * tw;
    const denom = c.hotkeyStake(hk, netuid) + rw;
    const rp = denom > 0 ? rw / denom : 0;
    rootDivs[u] = d * rp;
    alphaDivs[u] = d - rootDivs[u]!;
    sumAlphaDivs += alphaDivs[u]!;
    sumRootDivs += rootDivs[u]!;
  }

  // 5. Alpha dividends: the take to the validator's owner, the rest to all nominators pro rata (share pool).
  if (validatorPool > 0) {
    if (sumAlphaDivs > 0) {
      for (let u = 0; u < n; u++) {
        if (!(alphaDivs[u]! > 0)) continue;
        const hk = nr.hotkey[base + u]!;
        const payout = (validatorPool * alphaDivs[u]!) / sumAlphaDivs;
        const pos = book.ensure(hk, netuid);
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
  let rootTao = pRootTao;
  if (pRootAlpha > 0) {
    if (sumRootDivs > 0) {
      swapAlphaForTao(c.reserves, netuid, pRootAlpha, c.protocolPool, 0, c.swap);
      s.alphaOut[netuid]! -= pRootAlpha;
      if (c.swap.ok) rootTao += c.swap.amountOut;
      else c.alphaBurned[netuid]! += pRootAlpha;
    } else {
      burnAlpha(c, netuid, pRootAlpha);
    }
  }
  if (rootTao > 0) {
    if (sumRootDivs > 0) {
      for (let u = 0; u < n; u++) {
        if (!(rootDivs[u]! > 0)) continue;
        const hk = nr.hotkey[base + u]!;
        const payout = (rootTao * rootDivs[u]!) / sumRootDivs;
        const pos = book.ensure(hk, ROOT);
        const take = c.hotTake[hk]! * payout;
        book.mint(pos, c.hotOwner[hk]!, take);
        book.credit(pos, payout - take);
        s.taoIn[ROOT]! += payout;
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

function burnAlpha(c: Chain, netuid: number, alpha: number): void {
  c.subnets.alphaOut[netuid]! -= alpha;
  c.alphaBurned[netuid]! += alpha;
}
