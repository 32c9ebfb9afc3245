// The per-block coinbase, as a numbered list of phases in the chain's order
// (coinbase/block_step.rs, coinbase/run_coinbase.rs; docs/chain-rules.md §1–§4). Typed arrays only, no allocation.
import type { Chain } from './chain.ts';
import { distributeEpoch } from './distribute.ts';
import {
  blockEmissionFor, flowEmaStep, flowShares, movingPriceStep, priceShares, rootProportion, rootVoteShares,
} from './emission.ts';
import { injectLiquidity, swapAlphaForTao, swapTaoForAlpha } from './pool.ts';
import { adjustedBurn, burnDecayFactor } from './registration.ts';
import { ROOT } from './types.ts';

const voterStake = new Float64Array(4096);
const voterWeights: Array<Float64Array | null> = [];

/** Everything the chain does in one block, in order. */
export function runBlock(c: Chain): void {
  const r = c.rules;
  const s = c.subnets;
  const list = c.list;
  const n = c.nList;
  const block = c.block;

  // 1. Registration prices (block_step.rs update_registration_prices_for_networks).
  if (r.neuronBurnMode === 'decay') {
    const f = burnDecayFactor(r.burnHalfLife);
    for (let k = 0; k < n; k++) {
      const i = list[k]!;
      const b = s.neuronBurn[i]! * f;
      s.neuronBurn[i] = b > r.neuronBurnMin ? b : r.neuronBurnMin;
    }
  } else if (block % r.burnAdjustInterval === 0 && block > 0) {
    for (let k = 0; k < n; k++) {
      const i = list[k]!;
      s.neuronBurn[i] = adjustedBurn(s.neuronBurn[i]!, c.regsThisInterval[i]!, r);
      c.regsThisInterval[i] = 0;
    }
  }

  // 2. Block emission for the current issuance (block_emission.rs), halving as issuance grows.
  const emission = blockEmissionFor(c.totalIssuance(), r.blockEmission, r.totalSupply);

  // 3. Subnet shares (subnet_emissions.rs): price EMA, TAO-flow EMA, or the root-vote counterfactual.
  let shareSum: number;
  if (r.shareMode === 'price-ema') {
    shareSum = priceShares(list, n, s.movingPrice, s.minerBurned, r.minerBurnWeighting, s.emissionShare, r.zeroPriceShares === 'equal');
  } else if (r.shareMode === 'flow-ema') {
    for (let k = 0; k < n; k++) {
      const i = list[k]!;
      s.flowEma[i] = flowEmaStep(s.flowEma[i]!, c.flowThisBlock[i]!, r.flowEmaAlpha);
    }
    shareSum = flowShares(list, n, s.flowEma, r.flowCutoff, r.flowNormExponent, s.emissionShare);
  } else {
    if (block % r.tempo === 0 || block === 0) computeRootVote(c);
    shareSum = n > 0 ? 1 : 0;
  }
  for (let k = 0; k < n; k++) c.flowThisBlock[list[k]!] = 0;

  // Root sell flag (§4.1, Nov/Dec 2025+): root alpha is paid only while Σ EMA prices > 1.
  let rootSellOn = true;
  if (r.rootSellFlag) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += s.movingPrice[list[k]!]!;
    rootSellOn = sum > 1;
  }

  const weighted = c.pool.kind === 'weighted';
  const launchInjection = r.injection === 'launch';
  const excessCap = r.injection === 'excess';
  const sellEachBlock = r.rootDividends === 'sell-each-block';
  const staggered = r.epochSchedule === 'staggered';
  const rpAfter = r.rootPropTiming === 'after-injection' && r.injection !== 'current'; // E12 (the HEAD cap needs rp first)
  const recycleExcess = r.excessAlpha === 'recycle'; // E5
  const period = r.tempo + 1;
  const minReserve = c.pool.minReserve;
  const tw = r.taoWeight;
  const ownerCutRate = r.ownerCut;
  const rootTao = s.taoIn[ROOT]!;
  const swap = c.swap;
  const share = s.emissionShare, taoRes = s.taoIn, alphaRes = s.alphaIn, alphaOutArr = s.alphaOut, weightT = s.weightT;
  const pendOwner = s.pendingOwnerCut, pendServer = s.pendingServer, pendValidator = s.pendingValidator;
  const pendRootAlpha = s.pendingRootAlpha, pendRootTao = s.pendingRootTao, alphaIssued = c.alphaIssued;
  let mintedTotal = 0;
  for (let k = 0; k < n; k++) {
    const i = list[k]!;
    // 4. Injection (§3): tao_in, alpha_in, alpha_out with each era's cap.
    const taoEmission = shareSum > 0 ? emission * share[i]! : 0;
    const T = taoRes[i]!;
    const A = alphaRes[i]!;
    const price = weighted ? priceWeighted(T, A, weightT[i]!) : A > 0 ? T / A : 0;
    const alphaIssuance = A + alphaOutArr[i]!;
    const alphaEmission = blockEmissionFor(alphaIssuance, r.blockEmission, r.totalSupply);
    let rp = rpAfter ? 0 : rootProportion(rootTao, tw, alphaIssuance);
    let taoIn = taoEmission;
    let alphaIn = price > 0 ? taoEmission / price : alphaEmission;
    let excess = 0;
    if (launchInjection) {
      if (alphaIn > alphaEmission) alphaIn = alphaEmission; // tao_in not reduced at launch: price rises
    } else {
      const cap = excessCap ? (alphaEmission < emission ? alphaEmission : emission) : rp * alphaEmission;
      if (alphaIn > cap) {
        alphaIn = cap;
        taoIn = cap * price;
        excess = taoEmission - taoIn;
      }
    }
    if (weighted) {
      if (!injectLiquidity(c.reserves, i, taoIn, alphaIn, c.pool)) {
        taoIn = 0; // refused (weight bound): the credit is not minted
        alphaIn = 0;
      }
    } else {
      taoRes[i] = T + taoIn;
      alphaRes[i] = A + alphaIn;
    }
    let minted = taoIn;
    if (excess > 0) {
      // Chain buy of the excess TAO (run_coinbase.rs inject_and_maybe_swap), fee dropped, alpha held by the protocol.
      // E5: until 2026-06-01 the alpha bought is recycled (recycle_subnet_alpha, 6e3d24cea); then SubnetProtocolAlpha (ec2212c53).
      swapTaoForAlpha(c.reserves, i, excess, c.protocolPool, Infinity, swap);
      if (swap.ok) {
        minted += swap.amountIn;
        if (recycleExcess) c.alphaBurned[i]! += swap.amountOut;
        else {
          s.protocolAlpha[i]! += swap.amountOut;
          alphaOutArr[i]! += swap.amountOut;
        }
      }
    }
    mintedTotal += minted;
    alphaOutArr[i]! += alphaEmission;
    alphaIssued[i]! += alphaIn + alphaEmission;
    // E12: the launch coinbase reads the alpha issuance after this block's injection (run_coinbase.rs, f9254ea63 step 6).
    if (rpAfter) rp = rootProportion(rootTao, tw, alphaRes[i]! + alphaOutArr[i]!);
    s.taoInjected[i] = minted;
    s.alphaInInjected[i] = alphaIn;
    s.rootProp[i] = rp;
    s.cumTaoEmission[i]! += minted;
    s.cumAlphaEmission[i]! += alphaEmission;

    // 5. Pending emission (run_coinbase.rs emit_to_subnets, §4.1): 18% owner, 41% miners, 41% validators
    //    of which root_prop goes to root stakers.
    const ownerCut = alphaEmission * ownerCutRate;
    const half = (alphaEmission - ownerCut) * 0.5;
    const rootAlpha = rp * half;
    pendOwner[i]! += ownerCut;
    pendServer[i]! += half;
    pendValidator[i]! += half - rootAlpha;
    if (rootAlpha > 0) {
      if (sellEachBlock) {
        // Launch: root alpha sold to TAO every block through the pool (no fee), held as pending root TAO.
        alphaOutArr[i]! -= rootAlpha;
        if (!weighted) {
          const T1 = taoRes[i]!, A1 = alphaRes[i]!;
          const out = (T1 * rootAlpha) / (A1 + rootAlpha); // constant product, inlined: the hottest swap
          if (T1 - out >= minReserve) {
            taoRes[i] = T1 - out;
            alphaRes[i] = A1 + rootAlpha;
            pendRootTao[i]! += out;
          } else c.alphaBurned[i]! += rootAlpha;
        } else {
          swapAlphaForTao(c.reserves, i, rootAlpha, c.protocolPool, 0, swap);
          if (swap.ok) pendRootTao[i]! += swap.amountOut;
          else c.alphaBurned[i]! += rootAlpha;
        }
      } else if (rootSellOn) {
        pendRootAlpha[i]! += rootAlpha;
      } else {
        alphaOutArr[i]! -= rootAlpha; // recycled
        c.alphaBurned[i]! += rootAlpha;
      }
    }

    // 6. Epoch when due (§4.3): drain pending emission and distribute it (distribute.ts).
    if (staggered) {
      // E10: blocks_until_next_epoch == 0, i.e. (block + netuid + 1) % (tempo + 1) == tempo (run_coinbase.rs, f9254ea63 L637).
      if ((block + i + 1) % period === r.tempo) distributeEpoch(c, i);
    } else if (block - s.lastEpochBlock[i]! >= r.tempo) {
      c.epochDue[i] = 1;
    }
  }
  c.issued += mintedTotal;
  if (r.epochSchedule === 'dynamic') {
    // At most MaxEpochsPerBlock epochs per block; the rest wait for the next block (run_coinbase.rs).
    let ran = 0;
    for (let k = 0; k < n && ran < r.maxEpochsPerBlock; k++) {
      const i = list[k]!;
      if (c.epochDue[i]) {
        c.epochDue[i] = 0;
        distributeEpoch(c, i);
        ran++;
      }
    }
  }

  // 7. Moving prices, after use (stake_utils.rs update_moving_price), fed min(spot, 1).
  const halvingForm = r.emaForm === 'halving';
  const ema = s.movingPrice, registeredAt = s.registeredAt;
  for (let k = 0; k < n; k++) {
    const i = list[k]!;
    const A = alphaRes[i]!;
    const spot = A > 0 ? (weighted ? priceWeighted(taoRes[i]!, A, weightT[i]!) : taoRes[i]! / A) : 0;
    ema[i] = movingPriceStep(ema[i]!, spot, r.movingAlpha, halvingForm, block - registeredAt[i]! + 1, r.emaPriceHalvingBlocks);
  }
}

function priceWeighted(T: number, A: number, wT: number): number {
  const w = wT > 0 && wT < 1 ? wT : 0.5;
  return ((1 - w) / w) * (T / A);
}

/** Root-vote shares from the top-k root validators by root stake (recomputed once per tempo). */
function computeRootVote(c: Chain): void {
  const book = c.stakes;
  const k = Math.min(c.rules.rootVoteTopK, voterStake.length);
  // Top-k root positions by stake: a partial selection (rare: once per tempo).
  const cand: number[] = [];
  for (let p = 0; p < book.nPositions; p++) if (book.posNetuid[p] === ROOT && book.posAlpha[p]! > 0) cand.push(p);
  cand.sort((a, b) => book.posAlpha[b]! - book.posAlpha[a]! || a - b);
  const m = Math.min(k, cand.length);
  voterWeights.length = m;
  for (let v = 0; v < m; v++) {
    const p = cand[v]!;
    voterStake[v] = book.posAlpha[p]!;
    voterWeights[v] = c.rootWeightRows.get(book.posHotkey[p]!) ?? null;
  }
  rootVoteShares(c.list, c.nList, voterStake, voterWeights, m, c.subnets.emissionShare);
}
