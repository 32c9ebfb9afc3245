// Block emission, halving, and how each block's emission is split across subnets (docs/chain-rules.md §1, §2).
// Pure functions over typed arrays: no allocation per call.

/**
 * Emission per block for a given issuance (coinbase/block_emission.rs get_block_emission_for_issuance):
 * emission = base / 2^floor(log2(1 / (1 − I / totalSupply))), 0 once I ≥ totalSupply. The same schedule
 * applies to each subnet's alpha on its own alpha issuance (§3).
 */
export function blockEmissionFor(issuance: number, base: number, totalSupply: number): number {
  if (issuance < totalSupply * 0.5) return base; // fast path: before the first halving
  if (issuance >= totalSupply) return 0;
  const k = Math.floor(Math.log2(1 / (1 - issuance / totalSupply)));
  return base / Math.pow(2, k);
}

/**
 * Moving-price EMA step (staking/stake_utils.rs update_moving_price). The price fed in is capped at 1.0.
 * Launch form: alpha = movingAlpha. Halving form (EMA-halving, Mar 2025+): alpha = movingAlpha·b/(b + h)
 * with b = blocks since the subnet's first emission block (inclusive of that block).
 */
export function movingPriceStep(
  ema: number,
  spot: number,
  movingAlpha: number,
  halvingForm: boolean,
  blocksSinceStart: number,
  halvingBlocks: number,
): number {
  let a = movingAlpha;
  if (halvingForm) a = (movingAlpha * blocksSinceStart) / (blocksSinceStart + halvingBlocks);
  const p = spot < 1 ? spot : 1;
  return a * p + (1 - a) * ema;
}

/**
 * Price-EMA shares (subnet_emissions.rs get_shares_price_ema; launch run_coinbase.rs): share_i ∝ EMAprice_i.
 * With miner-burn weighting (HEAD) the weight is EMAprice_i·(1 − min(MinerBurned_i, 1)), falling back to the
 * unweighted shares when every weight is 0. When every EMA is 0 the chain divides by a zero total and every
 * share is 0 (errata E11: no TAO that block; launch run_coinbase.rs checked_div → 0); `equalWhenZero` keeps
 * the lab's former equal split as an option (rule field zeroPriceShares).
 * Writes `share` for the netuids listed in `list[0..n)`; returns Σ share (1, or 0 if n = 0 or every EMA is 0).
 */
export function priceShares(
  list: Int32Array,
  n: number,
  movingPrice: Float64Array,
  minerBurned: Float64Array,
  minerBurnWeighting: boolean,
  share: Float64Array,
  equalWhenZero = false,
): number {
  if (n === 0) return 0;
  let total = 0;
  for (let k = 0; k < n; k++) total += movingPrice[list[k]!]!;
  if (minerBurnWeighting && total > 0) {
    let wsum = 0;
    for (let k = 0; k < n; k++) {
      const i = list[k]!;
      const burned = minerBurned[i]! < 1 ? minerBurned[i]! : 1;
      const w = movingPrice[i]! * (1 - burned);
      share[i] = w;
      wsum += w;
    }
    if (wsum > 0) {
      for (let k = 0; k < n; k++) share[list[k]!]! /= wsum;
      return 1;
    }
  }
  if (total > 0) {
    for (let k = 0; k < n; k++) share[list[k]!] = movingPrice[list[k]!]! / total;
    return 1;
  }
  const v = equalWhenZero ? 1 / n : 0;
  for (let k = 0; k < n; k++) share[list[k]!] = v;
  return equalWhenZero ? 1 : 0;
}

/**
 * TAO-flow EMA step (subnet_emissions.rs get_ema_flow): EMA' = (1 − a)·EMA + a·flow, a = FlowEmaSmoothingFactor/i64::MAX.
 */
export function flowEmaStep(ema: number, flow: number, a: number): number {
  return (1 - a) * ema + a * flow;
}

/**
 * Flow shares (subnet_emissions.rs get_shares_flow, inplace_pow_normalize): L = max(cutoff, min_i min(S_i, 0)),
 * z_i = max(S_i − L, 0), share_i = z_i^p / Σ z_j^p. With the default cutoff 0, subnets with a non-positive flow
 * EMA get nothing; if every z is 0 every share is 0 and the block's emission is not minted (as on chain).
 * Returns Σ share (1 or 0).
 */
export function flowShares(
  list: Int32Array,
  n: number,
  flowEma: Float64Array,
  cutoff: number,
  exponent: number,
  share: Float64Array,
): number {
  let minNeg = 0;
  for (let k = 0; k < n; k++) {
    const s = flowEma[list[k]!]!;
    if (s < minNeg) minNeg = s;
  }
  const lower = cutoff > minNeg ? cutoff : minNeg;
  let total = 0;
  for (let k = 0; k < n; k++) {
    const i = list[k]!;
    const z = flowEma[i]! - lower;
    const v = z > 0 ? (exponent === 1 ? z : Math.pow(z, exponent)) : 0;
    share[i] = v;
    total += v;
  }
  if (!(total > 0)) {
    for (let k = 0; k < n; k++) share[list[k]!] = 0;
    return 0;
  }
  for (let k = 0; k < n; k++) share[list[k]!]! /= total;
  return 1;
}

/**
 * Root-vote counterfactual (pre-dTAO): the top-k root validators by root stake each spread their stake over
 * subnets by their row-normalised root weights; share_i ∝ Σ_v S_v·W_vi. Validators without weights abstain.
 * Simplification: the pre-dTAO chain ran a Yuma epoch on root (median and clipping); the lab uses the
 * stake-weighted average. If nobody voted, shares are equal. `voters` holds (stake, weights) pairs.
 */
export function rootVoteShares(
  list: Int32Array,
  n: number,
  voterStake: Float64Array,
  voterWeights: ReadonlyArray<Float64Array | null>,
  nVoters: number,
  share: Float64Array,
): number {
  if (n === 0) return 0;
  for (let k = 0; k < n; k++) share[list[k]!] = 0;
  let total = 0;
  for (let v = 0; v < nVoters; v++) {
    const w = voterWeights[v];
    const s = voterStake[v]!;
    if (!w || !(s > 0)) continue;
    let rowSum = 0;
    for (let k = 0; k < n; k++) rowSum += w[list[k]!]!;
    if (!(rowSum > 0)) continue;
    for (let k = 0; k < n; k++) {
      const i = list[k]!;
      const add = (s * w[i]!) / rowSum;
      share[i]! += add;
      total += add;
    }
  }
  if (total > 0) {
    for (let k = 0; k < n; k++) share[list[k]!]! /= total;
  } else {
    for (let k = 0; k < n; k++) share[list[k]!] = 1 / n;
  }
  return 1;
}

/** Root proportion (block_step.rs root_proportion): tw / (tw + alpha issuance), tw = root TAO × tao_weight. */
export function rootProportion(rootTao: number, taoWeight: number, alphaIssuance: number): number {
  const tw = rootTao * taoWeight;
  const d = tw + alphaIssuance;
  return d > 0 ? tw / d : 0;
}
