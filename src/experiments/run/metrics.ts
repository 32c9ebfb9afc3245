// Metrics: pure functions from the chain's read-only view (+ the world and the population) to the
// series columns and summary metrics of ../types.ts (docs/agent-models.md §7 "Metrics that reveal each
// behaviour"). Nothing here mutates the chain; the only state is a `MetricsState` of running sums
// that simulate() owns, so a window metric (flows, yields, switches) is a difference of the chain's
// cumulative counters between two samples.
import type { Agent, World } from '../../agents/types.ts';
import { BLOCKS_PER_DAY, ROOT, type ChainView } from '../../market/types.ts';
import { FAMILY_SERIES, NETWORK_SERIES, SUBNET_SERIES, type SUMMARY_METRICS } from '../types.ts';

// The window sums and the run's summary (advance, summarize) are in ./runSummary.ts.

export { BLOCKS_PER_DAY };
export const DAYS_PER_YEAR = 365;

// ---------------------------------------------------------------------------------------------
// Concentration helpers (pure; NaN when there is nothing to measure).

function total(x: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  return s;
}

/**
 * Gini coefficient of the first `n` values (non-negative), population convention without the
 * n/(n−1) small-sample correction: G = Σ_i Σ_j |x_i − x_j| / (2 n² mean). So [1,1,1,1] → 0 and
 * [0,0,0,1] → 0.75 (the maximum for n values is (n−1)/n). NaN for n = 0 or an all-zero vector.
 */
export function gini(x: ArrayLike<number>, n = x.length): number {
  const s = total(x, n);
  if (n === 0 || !(s > 0)) return NaN;
  const sorted = Float64Array.from({ length: n }, (_, i) => x[i]).sort();
  // With x ascending and ranks i = 1..n: G = 2 Σ i·x_(i) / (n Σ x) − (n + 1)/n.
  let w = 0;
  for (let i = 0; i < n; i++) w += (i + 1) * sorted[i];
  return (2 * w) / (n * s) - (n + 1) / n;
}

/** Herfindahl–Hirschman index Σ s_i² of the shares s_i = x_i / Σx (1/n … 1). NaN if Σx = 0. */
export function hhi(x: ArrayLike<number>, n = x.length): number {
  const s = total(x, n);
  if (n === 0 || !(s > 0)) return NaN;
  let h = 0;
  for (let i = 0; i < n; i++) h += (x[i] / s) * (x[i] / s);
  return h;
}

/** Nakamoto coefficient: the fewest entries whose sum exceeds `threshold` (default 50%) of the total. NaN if Σx = 0. */
export function nakamoto(x: ArrayLike<number>, n = x.length, threshold = 0.5): number {
  const s = total(x, n);
  if (n === 0 || !(s > 0)) return NaN;
  const sorted = Float64Array.from({ length: n }, (_, i) => x[i]).sort().reverse();
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += sorted[i];
    if (acc > threshold * s) return i + 1;
  }
  return n;
}

/** Population standard deviation of the first n values (NaN for n = 0). */
export function stdev(x: ArrayLike<number>, n = x.length): number {
  if (n === 0) return NaN;
  const m = total(x, n) / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i] - m) * (x[i] - m);
  return Math.sqrt(v / n);
}

/** Median of the first n values (NaN for n = 0). */
export function median(x: ArrayLike<number>, n = x.length): number {
  if (n === 0) return NaN;
  const s = Float64Array.from({ length: n }, (_, i) => x[i]).sort();
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

// ---------------------------------------------------------------------------------------------
// Chain quantities.

/** Alpha held as stake on a subnet: alpha outstanding less what is pending distribution or held by the protocol (docs/chain-rules.md §3–4). */
export function stakedAlpha(chain: ChainView, netuid: number): number {
  const s = chain.subnets;
  const held =
    s.alphaOut[netuid] - s.pendingServer[netuid] - s.pendingValidator[netuid] - s.pendingRootAlpha[netuid] -
    s.pendingOwnerCut[netuid] - s.protocolAlpha[netuid];
  return held > 0 ? held : 0;
}

/** All TAO staked on root (root's SubnetTAO holds it 1:1). */
export function rootStake(chain: ChainView): number {
  return chain.subnets.taoIn[ROOT];
}

/**
 * Root share of validators' consensus stake weight, summed over subnets (docs/chain-rules.md §5: weight = alpha +
 * taoWeight·root). Root stake is counted once per existing subnet, as if every root validator
 * validated everywhere (true of the large root validators at launch); alpha is the subnet's staked
 * alpha. The alpha share reaching ½ is the "alpha parity" moment.
 */
export function rootStakeShare(chain: ChainView): number {
  const list = chain.subnetList();
  if (list.length === 0) return NaN;
  const root = chain.rules.taoWeight * rootStake(chain) * list.length;
  let alpha = 0;
  for (let k = 0; k < list.length; k++) alpha += stakedAlpha(chain, list[k]);
  return root + alpha > 0 ? root / (root + alpha) : NaN;
}

/** TAO value at spot of all stake on the chain: root 1:1 plus staked alpha × price. */
export function totalStakeValue(chain: ChainView): number {
  const list = chain.subnetList();
  let v = rootStake(chain);
  for (let k = 0; k < list.length; k++) v += stakedAlpha(chain, list[k]) * chain.spotPrice(list[k]);
  return v;
}

/**
 * Miner UIDs of a subnet: registered UIDs, other than the owner's, that have never set weights
 * (validators set weights, docs/chain-rules.md §7; the same test the world's root validators use to pick whom to weight).
 * Permits and stake do not tell: miners are paid in stake, and spare permits go to zero-stake UIDs.
 */
export function minerCount(chain: ChainView, netuid: number): number {
  const nr = chain.neurons;
  const owner = chain.subnets.ownerHotkey[netuid];
  const base = netuid * chain.maxUids;
  let m = 0;
  for (let u = 0; u < chain.maxUids; u++) {
    const h = nr.hotkey[base + u];
    if (h >= 0 && h !== owner && !(nr.lastUpdate[base + u] > nr.registeredAt[base + u])) m++;
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Holdings and P&L of groups of agents.

/** Spot value (TAO) of a set of coldkeys: free TAO plus stakes marked at spot (root 1:1). Stake-only value into `stakeOut[0]`. */
export function spotWealth(chain: ChainView, coldkeys: readonly number[], stakeOut?: Float64Array): number {
  let free = 0;
  let staked = 0;
  for (const ck of coldkeys) {
    free += chain.balance(ck);
    const pos = chain.positionsOf(ck);
    for (let k = 0; k < pos.length; k += 2) {
      const netuid = pos[k + 1];
      const amount = chain.stake(pos[k], ck, netuid);
      staked += netuid === ROOT ? amount : amount * chain.spotPrice(netuid);
    }
  }
  if (stakeOut) stakeOut[0] = staked;
  return free + staked;
}

/** TAO a sale of `alpha` on `netuid` yields, selling as much as the pool accepts (the rest is worth nothing here). */
function sellDown(chain: ChainView, netuid: number, alpha: number): number {
  if (!(alpha > 0)) return 0;
  const all = chain.quoteSell(netuid, alpha);
  if (all > 0) return all;
  // The chain rejects the whole sale (minimum reserve or stake): find the largest sellable part by bisection.
  let lo = 0;
  let hi = alpha;
  let best = 0;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    const q = chain.quoteSell(netuid, mid);
    if (q > 0) {
      lo = mid;
      best = q;
    } else hi = mid;
  }
  return best;
}

/**
 * Liquidation value (TAO) of a group of coldkeys: free TAO, root stake 1:1, and each subnet's total
 * alpha of the group sold at once down the pool curve (docs/agent-models.md §3: marks overstate illiquid alpha).
 */
export function liquidationWealth(chain: ChainView, coldkeys: readonly number[]): number {
  const alphaByNetuid = new Map<number, number>();
  let tao = 0;
  for (const ck of coldkeys) {
    tao += chain.balance(ck);
    const pos = chain.positionsOf(ck);
    for (let k = 0; k < pos.length; k += 2) {
      const netuid = pos[k + 1];
      const amount = chain.stake(pos[k], ck, netuid);
      if (netuid === ROOT) tao += amount;
      else alphaByNetuid.set(netuid, (alphaByNetuid.get(netuid) ?? 0) + amount);
    }
  }
  for (const [netuid, alpha] of alphaByNetuid) tao += sellDown(chain, netuid, alpha);
  return tao;
}

export function coldkeysOf(agents: readonly Agent[]): number[] {
  const out: number[] = [];
  for (const a of agents) for (const ck of a.coldkeys) out.push(ck);
  return out;
}

function capitalOf(agents: readonly Agent[]): number {
  let c = 0;
  for (const a of agents) c += a.ledger.capital;
  return c;
}

/** ROI = value / capital − 1 of a group of agents, at spot or at liquidation value. NaN without capital. */
export function groupRoi(chain: ChainView, agents: readonly Agent[], valuation: 'spot' | 'liquidation'): number {
  const capital = capitalOf(agents);
  if (!(capital > 0)) return NaN;
  const cks = coldkeysOf(agents);
  const value = valuation === 'spot' ? spotWealth(chain, cks) : liquidationWealth(chain, cks);
  return value / capital - 1;
}

// ---------------------------------------------------------------------------------------------
// Sampling: one row per sample (network), per (sample, subnet), per (sample, family).

export type NetworkColumn = (typeof NETWORK_SERIES)[number];
export type SubnetColumn = (typeof SUBNET_SERIES)[number];
export type FamilyColumn = (typeof FAMILY_SERIES)[number];
export type SummaryMetric = (typeof SUMMARY_METRICS)[number];

function indexOf<T extends string>(names: readonly T[]): Record<T, number> {
  return Object.fromEntries(names.map((n, i) => [n, i])) as Record<T, number>;
}
/** Column positions: a row is a Float64Array in the order of the contract's column list. */
export const NET = indexOf(NETWORK_SERIES);
export const SUB = indexOf(SUBNET_SERIES);
export const FAM = indexOf(FAMILY_SERIES);

/** Running sums kept between samples (window metrics are differences of the chain's cumulative counters). */
export interface MetricsState {
  maxNetuid: number;
  lastBlock: number;
  /** Per netuid, the cumulative counters at the last sample. */
  lastInflow: Float64Array;
  lastOutflow: Float64Array;
  lastMinerAlpha: Float64Array;
  lastValidatorAlpha: Float64Array;
  lastRootDivs: Float64Array;
  /** Per UID slot, registeredAt at the last sample (registrations are counted as changes). */
  lastRegisteredAt: Float64Array;
  lastHotkey: Int32Array;
  // Accumulators for the summary.
  samples: number;
  hhiSum: number;
  hhiCount: number;
  dispersionSum: number;
  dispersionCount: number;
  registrations: number;
  /** Hotkeys of the registrations counted in `registrations` (miner switches count those of miner agents only). */
  registeredHotkeys: number[];
  /** Root stake and Σ root dividends paid at genesis: root's net unstaked TAO is measured against them. */
  rootStake0: number;
  rootDivs0: number;
  rootDivsTao: number; // TAO paid to root stakers
  lastRootStake: number; // root stake at the last sample
  rootGrowth: number; // growth of 1 TAO held passively on root, compounded per window (dividends are restaked)
  rootStakeBlocks: number; // ∫ root stake d(block)
  alphaDivsTao: number; // alpha dividends to alpha stakers, valued at spot when sampled
  alphaStakeBlocks: number; // ∫ staked alpha value d(block)
  parityDay: number; // first sampled day with alpha share ≥ ½
  maxConservationError: number;
  /** Scratch (length maxNetuid) reused every sample. */
  scratch: Float64Array;
  scratch2: Float64Array;
}

/** State at genesis: cumulative counters as they stand, so the first window starts at the sampled block. */
export function newMetricsState(chain: ChainView): MetricsState {
  const n = chain.maxNetuid;
  const s = chain.subnets;
  const nr = chain.neurons;
  return {
    maxNetuid: n,
    lastBlock: chain.block,
    lastInflow: Float64Array.from(s.cumInflow),
    lastOutflow: Float64Array.from(s.cumOutflow),
    lastMinerAlpha: Float64Array.from(s.cumMinerAlpha),
    lastValidatorAlpha: Float64Array.from(s.cumValidatorAlpha),
    lastRootDivs: Float64Array.from(s.cumRootDividendsTao),
    lastRegisteredAt: Float64Array.from(nr.registeredAt),
    lastHotkey: Int32Array.from(nr.hotkey),
    samples: 0,
    hhiSum: 0,
    hhiCount: 0,
    dispersionSum: 0,
    dispersionCount: 0,
    registrations: 0,
    registeredHotkeys: [],
    rootStake0: rootStake(chain),
    rootDivs0: s.cumRootDividendsTao.reduce((a, b) => a + b, 0),
    rootDivsTao: 0,
    lastRootStake: rootStake(chain),
    rootGrowth: 1,
    rootStakeBlocks: 0,
    alphaDivsTao: 0,
    alphaStakeBlocks: 0,
    parityDay: NaN,
    maxConservationError: 0,
    scratch: new Float64Array(n),
    scratch2: new Float64Array(n),
  };
}

/** Network row (NETWORK_SERIES order) for the chain as it stands; windows run from the last sample. */
export function networkRow(chain: ChainView, world: World, st: MetricsState, row: Float64Array): void {
  const s = chain.subnets;
  const list = chain.subnetList();
  const n = list.length;
  const shares = st.scratch;
  const logp = st.scratch2;
  let pools = 0, inflow = 0, outflow = 0, sumP = 0, rootProp = 0;
  for (let k = 0; k < n; k++) {
    const i = list[k];
    shares[k] = s.emissionShare[i];
    pools += s.taoIn[i];
    inflow += s.cumInflow[i] - st.lastInflow[i];
    outflow += s.cumOutflow[i] - st.lastOutflow[i];
    const p = chain.spotPrice(i);
    sumP += p;
    logp[k] = Math.log(p);
    rootProp += s.rootProp[i];
  }
  const rootShare = rootStakeShare(chain);
  row[NET.block] = chain.block;
  row[NET.day] = chain.block / BLOCKS_PER_DAY;
  row[NET.totalIssuance] = chain.totalIssuance();
  row[NET.rootStakeShare] = rootShare;
  row[NET.alphaStakeShare] = 1 - rootShare;
  row[NET.emissionGini] = gini(shares, n);
  row[NET.emissionHhi] = hhi(shares, n);
  row[NET.emissionNakamoto] = nakamoto(shares, n);
  row[NET.highQualityEmissionShare] = highQualityShare(chain, world, s.emissionShare);
  row[NET.taoInPools] = pools;
  row[NET.taoInflow] = inflow;
  row[NET.taoOutflow] = outflow;
  row[NET.sumPrices] = sumP;
  row[NET.priceDispersion] = stdev(logp, n);
  row[NET.meanRootProp] = n > 0 ? rootProp / n : NaN;
}

/**
 * Share of `byNetuid` (emission share, or cumulative emission) going to subnets whose latent
 * quality is above the median quality of the existing subnets. NaN if nothing was emitted.
 */
export function highQualityShare(chain: ChainView, world: World, byNetuid: ArrayLike<number>): number {
  const list = chain.subnetList();
  const n = list.length;
  const q = new Float64Array(n);
  for (let k = 0; k < n; k++) q[k] = world.subnetQuality[list[k]] ?? 0;
  const med = median(q, n);
  let hi = 0, all = 0;
  for (let k = 0; k < n; k++) {
    const v = byNetuid[list[k]];
    all += v;
    if ((world.subnetQuality[list[k]] ?? 0) > med) hi += v;
  }
  return all > 0 ? hi / all : NaN;
}

/** Subnet row (SUBNET_SERIES order) for one existing netuid. */
export function subnetRow(chain: ChainView, world: World, st: MetricsState, netuid: number, row: Float64Array): void {
  const s = chain.subnets;
  row[SUB.block] = chain.block;
  row[SUB.netuid] = netuid;
  row[SUB.price] = chain.spotPrice(netuid);
  row[SUB.movingPrice] = s.movingPrice[netuid];
  row[SUB.taoIn] = s.taoIn[netuid];
  row[SUB.alphaIn] = s.alphaIn[netuid];
  row[SUB.alphaOut] = s.alphaOut[netuid];
  row[SUB.emissionShare] = s.emissionShare[netuid];
  row[SUB.netFlow] = s.cumInflow[netuid] - st.lastInflow[netuid] - (s.cumOutflow[netuid] - st.lastOutflow[netuid]);
  row[SUB.flowEma] = s.flowEma[netuid];
  row[SUB.miners] = minerCount(chain, netuid);
  row[SUB.quality] = world.subnetQuality[netuid] ?? 0;
}

const STAKE_OUT = new Float64Array(1);

/**
 * Family row (FAMILY_SERIES order): wealth = free TAO + stakes at spot over the family's coldkeys,
 * capital brought at genesis, ROI = wealth/capital − 1, and the family's share of all stake value
 * on the chain (root 1:1 plus staked alpha at spot, `totalStake`).
 */
export function familyRow(chain: ChainView, block: number, family: number, agents: readonly Agent[], totalStake: number, row: Float64Array): void {
  const stake = STAKE_OUT;
  const wealth = spotWealth(chain, coldkeysOf(agents), stake);
  const capital = capitalOf(agents);
  row[FAM.block] = block;
  row[FAM.family] = family;
  row[FAM.wealth] = wealth;
  row[FAM.capital] = capital;
  row[FAM.roi] = capital > 0 ? wealth / capital - 1 : NaN;
  row[FAM.stakeShare] = totalStake > 0 ? stake[0] / totalStake : NaN;
}
