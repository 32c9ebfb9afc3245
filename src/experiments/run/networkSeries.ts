// The network series columns a run is set against the observed history with (docs/observed.md
// "Definitions", docs/calibration.md): subnet count, median price, Σ moving prices, emission
// concentration, the alpha share of staked TAO, root's trailing yield and dividend share, subnets with
// inflow. Written into the network row after metrics.ts's networkRow, before the sample's flows are
// advanced. Allocation-free per sample: every buffer lives in the state and grows only when the chain's
// netuid space does. The `date` column is not here: the Arrow writer derives it from `block`
// (arrowSchema.ts, `dateOfBlock`). Column meanings: NETWORK_SERIES in types.ts.
import type { ChainView } from '../../market/types.ts';
import { ROOT } from '../../market/types.ts';
import { NET, type MetricsState, stakedAlpha } from './metrics.ts';
import { BLOCKS_PER_DAY } from '../spec/specSchema.ts';

/** Trailing window of rootApy, in days, and the year it is annualised to. */
export const ROOT_APY_WINDOW_DAYS = 30;
const DAYS_PER_YEAR = 365;

export interface NetworkSeriesState {
  scratch: Float64Array; // prices, then emission shares (sorted in place)
  lastRootTao: Float64Array; // per netuid: cumRootDividendsTao at the previous sample
  lastValAlpha: Float64Array; // per netuid: cumValidatorAlpha at the previous sample
  lastReg: Float64Array; // per netuid: registeredAt at the previous sample (a re-registered netuid restarts)
  genesisBlock: number; // subnets registered at or before it are the "launch" (genesis) subnets
  ringBlock: Float64Array; // per sample: block
  ringRoot: Float64Array; // per sample: cumulative root dividends (TAO) over all subnets since genesis
  count: number; // samples recorded
  tail: number; // first sample inside the trailing window
  cumRoot: number;
}

/** State for one run; `samplesCap` is the most samples the run takes. */
export function newNetworkSeriesState(chain: ChainView, samplesCap: number): NetworkSeriesState {
  const m = chain.subnets.taoIn.length;
  const st: NetworkSeriesState = {
    scratch: new Float64Array(m), lastRootTao: new Float64Array(m), lastValAlpha: new Float64Array(m),
    lastReg: new Float64Array(m).fill(Number.NaN), genesisBlock: chain.block,
    ringBlock: new Float64Array(Math.max(2, samplesCap)), ringRoot: new Float64Array(Math.max(2, samplesCap)),
    count: 0, tail: 0, cumRoot: 0,
  };
  return st;
}

function grow(a: Float64Array, m: number, fill = 0): Float64Array {
  const b = new Float64Array(m).fill(fill);
  b.set(a);
  return b;
}

/** Sort a[0..n) descending in place (n ≤ a few hundred subnets: insertion sort, no allocation). */
function sortDesc(a: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! < v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** Write the history columns (NETWORK_SERIES from subnetCount on) into `row` (NETWORK_SERIES order). Call before metrics' `advance`. */
export function historyNetworkRow(chain: ChainView, ms: MetricsState, st: NetworkSeriesState, row: Float64Array): void {
  const s = chain.subnets;
  const m = s.taoIn.length;
  if (st.scratch.length < m) {
    st.scratch = grow(st.scratch, m);
    st.lastRootTao = grow(st.lastRootTao, m);
    st.lastValAlpha = grow(st.lastValAlpha, m);
    st.lastReg = grow(st.lastReg, m, Number.NaN);
  }
  const list = chain.subnetList();
  const n = list.length;
  const a = st.scratch;
  let sumMoving = 0, alphaValue = 0, positive = 0, rootTao = 0, valTao = 0, shareSum = 0;
  for (let k = 0; k < n; k++) {
    const i = list[k]!;
    const p = chain.spotPrice(i);
    a[k] = p;
    sumMoving += s.movingPrice[i]!;
    alphaValue += stakedAlpha(chain, i) * p;
    if (s.cumInflow[i]! - ms.lastInflow[i]! - (s.cumOutflow[i]! - ms.lastOutflow[i]!) > 0) positive++;
    // Dividends since the previous sample; a netuid registered anew since then starts from its counters' value.
    const fresh = s.registeredAt[i] !== st.lastReg[i];
    const dRoot = fresh ? 0 : Math.max(0, s.cumRootDividendsTao[i]! - st.lastRootTao[i]!);
    const dVal = fresh ? 0 : Math.max(0, s.cumValidatorAlpha[i]! - st.lastValAlpha[i]!);
    st.cumRoot += dRoot;
    if (s.registeredAt[i]! <= st.genesisBlock) {
      rootTao += dRoot;
      valTao += dVal * p; // alpha dividends valued at the sample's spot price
    }
    st.lastRootTao[i] = s.cumRootDividendsTao[i]!;
    st.lastValAlpha[i] = s.cumValidatorAlpha[i]!;
    st.lastReg[i] = s.registeredAt[i]!;
  }
  sortDesc(a, n);
  row[NET.subnetCount] = n;
  row[NET.medianPrice] = n === 0 ? Number.NaN : n % 2 === 1 ? a[(n - 1) >> 1]! : (a[n / 2 - 1]! + a[n / 2]!) / 2;
  row[NET.sumMovingPrices] = sumMoving;
  for (let k = 0; k < n; k++) shareSum += a[k] = s.emissionShare[list[k]!]!;
  sortDesc(a, n);
  let top10 = 0;
  for (let k = 0; k < Math.min(10, n); k++) top10 += a[k]!;
  row[NET.top1EmissionShare] = shareSum > 0 ? a[0]! / shareSum : Number.NaN;
  row[NET.top10EmissionShare] = shareSum > 0 ? top10 / shareSum : Number.NaN;
  const root = s.taoIn[ROOT]!;
  row[NET.alphaTaoShare] = root + alphaValue > 0 ? alphaValue / (root + alphaValue) : Number.NaN;
  row[NET.rootDividendShare] = rootTao + valTao > 0 ? rootTao / (rootTao + valTao) : Number.NaN;
  row[NET.positiveFlowSubnets] = n === 0 ? 0 : positive;
  row[NET.rootApy] = trailingRootApy(st, chain.block, root);
}

function trailingRootApy(st: NetworkSeriesState, block: number, rootStake: number): number {
  if (st.count < st.ringBlock.length) {
    st.ringBlock[st.count] = block;
    st.ringRoot[st.count] = st.cumRoot;
    st.count++;
  }
  const window = ROOT_APY_WINDOW_DAYS * BLOCKS_PER_DAY;
  const from = block - window;
  // The latest sample at or before the window's start.
  while (st.tail + 1 < st.count && st.ringBlock[st.tail + 1]! <= from) st.tail++;
  if (st.count === 0 || st.ringBlock[st.tail]! > from || !(rootStake > 0)) return Number.NaN;
  const blocks = block - st.ringBlock[st.tail]!;
  const earned = st.cumRoot - st.ringRoot[st.tail]!;
  return (earned / rootStake) * ((DAYS_PER_YEAR * BLOCKS_PER_DAY) / blocks);
}
