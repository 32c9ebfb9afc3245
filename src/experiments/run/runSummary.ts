// The run's summary (SUMMARY_METRICS): running sums closed at every sample (`advance`), and the
// summary computed from them and the chain's final state (`summarize`). Split from metrics.ts, which
// holds the per-sample rows and the pure helpers these build on.
import type { Agent, World } from '../../agents/types.ts';
import type { Chain } from '../../market/chain.ts';
import { taoImbalance } from '../../market/invariants.ts';
import type { ChainView } from '../../market/types.ts';
import {
  BLOCKS_PER_DAY, DAYS_PER_YEAR, NET, groupRoi, highQualityShare, minerCount, networkRow, rootStake, stakedAlpha, stdev,
  type MetricsState, type SummaryMetric,
} from './metrics.ts';
import { NETWORK_SERIES } from '../types.ts';

/**
 * Close the window that ends at this sample: accumulate the summary's running sums (emission HHI,
 * miner payout dispersion, registrations, validator yields, alpha parity), then move the window's
 * start to now. Call after every row of the sample is written.
 */
export function advance(chain: ChainView, st: MetricsState, net: Float64Array): void {
  const s = chain.subnets;
  const nr = chain.neurons;
  const blocks = chain.block - st.lastBlock;
  st.samples++;
  if (Number.isFinite(net[NET.emissionHhi])) {
    st.hhiSum += net[NET.emissionHhi];
    st.hhiCount++;
  }
  if (Number.isNaN(st.parityDay) && net[NET.alphaStakeShare] >= 0.5) st.parityDay = net[NET.day];

  // Miner payout per UID (TAO at spot) over the window, across subnets with miners (docs/agent-models.md §4, §7).
  const list = chain.subnetList();
  const pay = st.scratch;
  let m = 0;
  let rootDivs = 0, alphaDivs = 0, alphaStake = 0;
  for (let k = 0; k < list.length; k++) {
    const i = list[k];
    const p = chain.spotPrice(i);
    const miners = minerCount(chain, i);
    if (miners > 0 && blocks > 0) pay[m++] = ((s.cumMinerAlpha[i] - st.lastMinerAlpha[i]) * p) / miners;
    alphaDivs += (s.cumValidatorAlpha[i] - st.lastValidatorAlpha[i]) * p;
    alphaStake += stakedAlpha(chain, i) * p;
  }
  for (let i = 0; i < st.maxNetuid; i++) rootDivs += s.cumRootDividendsTao[i] - st.lastRootDivs[i];
  if (m >= 2) {
    let mean = 0;
    for (let k = 0; k < m; k++) mean += pay[k];
    mean /= m;
    if (mean > 0) {
      st.dispersionSum += stdev(pay, m) / mean;
      st.dispersionCount++;
    }
  }
  st.rootDivsTao += rootDivs;
  if (st.lastRootStake > 0) st.rootGrowth *= 1 + rootDivs / st.lastRootStake;
  st.lastRootStake = rootStake(chain);
  st.rootStakeBlocks += rootStake(chain) * blocks;
  st.alphaDivsTao += alphaDivs;
  st.alphaStakeBlocks += alphaStake * blocks;

  // Registrations since the last sample: UID slots whose holder or registration block changed.
  for (let slot = 0; slot < nr.hotkey.length; slot++) {
    const h = nr.hotkey[slot];
    if (h >= 0 && (h !== st.lastHotkey[slot] || nr.registeredAt[slot] !== st.lastRegisteredAt[slot])) {
      st.registrations++;
      st.registeredHotkeys.push(h);
    }
    st.lastHotkey[slot] = h;
    st.lastRegisteredAt[slot] = nr.registeredAt[slot];
  }
  st.lastInflow.set(s.cumInflow);
  st.lastOutflow.set(s.cumOutflow);
  st.lastMinerAlpha.set(s.cumMinerAlpha);
  st.lastValidatorAlpha.set(s.cumValidatorAlpha);
  st.lastRootDivs.set(s.cumRootDividendsTao);
  st.lastBlock = chain.block;
}

/**
 * Relative TAO conservation error (docs/architecture.md "Numbers"): |TAO issued − TAO held by accounts, pools,
 * pending root dividends, recycled and author fees| / TAO issued, from the chain's own ledger (invariants.ts).
 */
export function conservationError(chain: Chain): number {
  const residual = Math.abs(taoImbalance(chain));
  return chain.issued > 0 ? residual / chain.issued : residual;
}

/** Σ of the chain's rejection counts, every reason but OK. */
export function rejectedActions(rejections: Readonly<Record<string, number>>): number {
  let n = 0;
  for (const [reason, count] of Object.entries(rejections)) if (reason !== 'OK') n += count;
  return n;
}

/**
 * Mean, over the subnets where cartel coldkeys own at least one UID, of the cartel UIDs' share of
 * the subnet's miner incentive at the last epoch (docs/agent-models.md §3 T3.1: a step at κ). NaN without a cartel UID.
 */
export function cartelMinerIncentiveShare(chain: ChainView, cartelColdkeys: ReadonlySet<number>): number {
  if (cartelColdkeys.size === 0) return NaN;
  const nr = chain.neurons;
  const list = chain.subnetList();
  let sum = 0, count = 0;
  for (let k = 0; k < list.length; k++) {
    const base = list[k] * chain.maxUids;
    let all = 0, cartel = 0, present = false;
    for (let u = 0; u < chain.maxUids; u++) {
      const h = nr.hotkey[base + u];
      if (h < 0) continue;
      all += nr.incentive[base + u];
      if (cartelColdkeys.has(chain.hotkeyOwner(h))) {
        present = true;
        cartel += nr.incentive[base + u];
      }
    }
    if (present && all > 0) {
      sum += cartel / all;
      count++;
    }
  }
  return count > 0 ? sum / count : NaN;
}

/**
 * Summary metrics of a run from the chain's final state and the running sums (SUMMARY_METRICS;
 * NaN where undefined). Yields are simple annual rates: TAO dividends per TAO of stake value
 * (time-averaged between samples) × 7200 × 365. Miner switches are registrations after genesis by
 * miner agents' hotkeys, per day (a miner moving subnets registers elsewhere); validators' and owners'
 * registrations are not switches, and without miner agents the metric is NaN (not applicable). cartelRoi is the cartel members'
 * (Agent.cartel) ROI at liquidation value; honestRoi is docs/agent-models.md §3's honest counterfactual, the
 * same capital held passively on root: root dividends per TAO of root stake (gross of validator take),
 * compounded per sample window. Emission quality uses the run's cumulative TAO emission.
 */
export function summarize(
  chain: ChainView, world: World, agents: readonly Agent[], st: MetricsState,
  rejections: Readonly<Record<string, number>>,
): Record<SummaryMetric, number> {
  const s = chain.subnets;
  const row = new Float64Array(NETWORK_SERIES.length);
  networkRow(chain, world, st, row);
  const list = chain.subnetList();
  let maxP = -Infinity, minP = Infinity, netInflow = 0;
  for (let k = 0; k < list.length; k++) {
    const p = chain.spotPrice(list[k]);
    if (p > maxP) maxP = p;
    if (p < minP) minP = p;
  }
  for (let i = 1; i < chain.maxNetuid; i++) netInflow += s.cumInflow[i] - s.cumOutflow[i];
  const cartel = agents.filter((a) => a.cartel);
  const cartelKeys = new Set<number>();
  for (const a of cartel) for (const ck of a.coldkeys) cartelKeys.add(ck);
  const minerKeys = new Set<number>();
  for (const a of agents) if (a.family === 'miner') for (const ck of a.coldkeys) minerKeys.add(ck);
  let minerRegistrations = 0;
  for (const h of st.registeredHotkeys) if (minerKeys.has(chain.hotkeyOwner(h))) minerRegistrations++;
  let alphaStaked = 0, alphaValue = 0, rootDivs = 0;
  for (let k = 0; k < list.length; k++) {
    const a = stakedAlpha(chain, list[k]);
    alphaStaked += a;
    alphaValue += a * chain.spotPrice(list[k]);
  }
  for (let i = 0; i < chain.maxNetuid; i++) rootDivs += s.cumRootDividendsTao[i];
  const year = BLOCKS_PER_DAY * DAYS_PER_YEAR;
  const days = chain.block / BLOCKS_PER_DAY;
  return {
    finalRootStakeShare: row[NET.rootStakeShare],
    finalAlphaStakeShare: row[NET.alphaStakeShare],
    daysToAlphaParity: st.parityDay,
    emissionGini: row[NET.emissionGini],
    emissionHhi: row[NET.emissionHhi],
    emissionNakamoto: row[NET.emissionNakamoto],
    meanEmissionHhi: st.hhiCount > 0 ? st.hhiSum / st.hhiCount : NaN,
    highQualityEmissionShare: highQualityShare(chain, world, s.cumTaoEmission),
    priceDispersion: row[NET.priceDispersion],
    maxPrice: list.length > 0 ? maxP : NaN,
    minPrice: list.length > 0 ? minP : NaN,
    sumPrices: row[NET.sumPrices],
    taoInPools: row[NET.taoInPools],
    netTaoInflow: netInflow,
    cartelRoi: cartel.length > 0 ? groupRoi(chain, cartel, 'liquidation') : NaN,
    honestRoi: st.samples > 0 ? st.rootGrowth - 1 : NaN,
    cartelMinerIncentiveShare: cartelMinerIncentiveShare(chain, cartelKeys),
    minerPayoutDispersion: st.dispersionCount > 0 ? st.dispersionSum / st.dispersionCount : NaN,
    minerSwitches: days > 0 && minerKeys.size > 0 ? minerRegistrations / days : NaN,
    validatorRootYield: st.rootStakeBlocks > 0 ? (st.rootDivsTao / st.rootStakeBlocks) * year : NaN,
    validatorAlphaYield: st.alphaStakeBlocks > 0 ? (st.alphaDivsTao / st.alphaStakeBlocks) * year : NaN,
    rootStakeTao: rootStake(chain),
    stakedAlpha: alphaStaked,
    stakedAlphaValue: alphaValue,
    // taoIn[ROOT] = genesis + stakes − unstakes + root dividends (distribute.ts restakes them): the rest is behaviour.
    rootNetUnstakedTao: st.rootStake0 + (rootDivs - st.rootDivs0) - rootStake(chain),
    rejectedActions: rejectedActions(rejections),
    conservationError: st.maxConservationError,
  };
}
