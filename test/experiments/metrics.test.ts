// Metrics against hand-computed values. The concentration helpers are checked on small vectors and
// against their definitions (pairwise Gini) on random ones; the chain metrics on a hand-built
// ChainView stub whose every number is chosen so the expected value can be worked out on paper.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Agent, World } from '../../src/agents/types.ts';
import type { ChainView, NeuronArrays, SubnetArrays } from '../../src/market/types.ts';
import {
  BLOCKS_PER_DAY, FAM, NET, SUB, familyRow, gini, groupRoi, hhi, highQualityShare, liquidationWealth, median, minerCount,
  nakamoto, networkRow, newMetricsState, rootStakeShare, spotWealth, stakedAlpha, stdev, subnetRow, totalStakeValue,
} from '../../src/experiments/run/metrics.ts';
import { advance, cartelMinerIncentiveShare, rejectedActions, summarize } from '../../src/experiments/run/runSummary.ts';
import { FAMILY_SERIES, NETWORK_SERIES, SUBNET_SERIES, SUMMARY_METRICS } from '../../src/experiments/types.ts';

// Gini convention: population form Σ_i Σ_j |x_i − x_j| / (2 n² mean), no n/(n−1) correction.
function pairwiseGini(x: number[]): number {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  let d = 0;
  for (const a of x) for (const b of x) d += Math.abs(a - b);
  return d / (2 * n * n * mean);
}

describe('concentration helpers', () => {
  it('gini: equal shares 0, one holder of four 0.75 (population convention), [1,2,3,4] 0.25', () => {
    expect(gini([1, 1, 1, 1])).toBe(0);
    expect(gini([0, 0, 0, 1])).toBeCloseTo(0.75, 15);
    expect(gini([4, 1, 3, 2])).toBeCloseTo(0.25, 15);
    expect(gini([0.5, 0.3, 0.2])).toBeCloseTo(0.2, 15);
  });
  it('gini: NaN when there is nothing to measure; only the first n values count', () => {
    expect(gini([])).toBeNaN();
    expect(gini([0, 0])).toBeNaN();
    expect(gini([0, 0, 0, 1, 99, 99], 4)).toBeCloseTo(0.75, 15);
  });
  it('gini equals its pairwise definition, and is scale- and order-invariant', () => {
    const arb = fc.array(fc.integer({ min: 0, max: 1e6 }).map((v) => v / 1000), { minLength: 1, maxLength: 40 }).filter((x) => x.some((v) => v > 0));
    fc.assert(
      fc.property(arb, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (x, k) => {
        const g = gini(x);
        expect(g).toBeCloseTo(pairwiseGini(x), 9);
        expect(gini(x.map((v) => v * k))).toBeCloseTo(g, 9);
        expect(gini([...x].reverse())).toBeCloseTo(g, 9);
        expect(g).toBeGreaterThanOrEqual(-1e-12);
        expect(g).toBeLessThanOrEqual((x.length - 1) / x.length + 1e-12);
      }),
    );
  });
  it('hhi: 1/n for equal shares, 1 for a monopoly, Σ s² otherwise', () => {
    expect(hhi([1, 1, 1, 1])).toBeCloseTo(0.25, 15);
    expect(hhi([0, 0, 0, 1])).toBe(1);
    expect(hhi([1, 3])).toBeCloseTo(0.625, 15);
    expect(hhi([0.5, 0.3, 0.2])).toBeCloseTo(0.38, 15);
    expect(hhi([])).toBeNaN();
  });
  it('nakamoto: the fewest holders of strictly more than half', () => {
    expect(nakamoto([1, 1, 1, 1])).toBe(3); // two hold exactly half: not more
    expect(nakamoto([0, 0, 0, 1])).toBe(1);
    expect(nakamoto([1, 1, 3, 5])).toBe(2); // 5 of 10 is not > half
    expect(nakamoto([0.5, 0.3, 0.2])).toBe(2);
    expect(nakamoto([6, 1, 1, 1, 1])).toBe(1);
    expect(nakamoto([28, 20, 12, 40], 4, 2 / 3)).toBe(2); // κ threshold: 40 + 28 = 68 > 66.7
    expect(nakamoto([0, 0])).toBeNaN();
  });
  it('hhi and nakamoto stay within their bounds', () => {
    const arb = fc.array(fc.integer({ min: 0, max: 1e6 }).map((v) => v / 1000), { minLength: 1, maxLength: 40 }).filter((x) => x.some((v) => v > 0));
    fc.assert(
      fc.property(arb, (x) => {
        const h = hhi(x);
        expect(h).toBeGreaterThanOrEqual(1 / x.length - 1e-12);
        expect(h).toBeLessThanOrEqual(1 + 1e-12);
        const k = nakamoto(x);
        expect(k).toBeGreaterThanOrEqual(1);
        expect(k).toBeLessThanOrEqual(x.length);
        expect(Number.isInteger(k)).toBe(true);
      }),
    );
  });
  it('stdev (population) and median', () => {
    expect(stdev([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

// ------------------------------------------------------------------------------------------------------------
// A hand-built chain: root + subnets 1..3, 4 UID slots each.
//   prices 1, 2, 4 (taoIn 10, 20, 40 over alphaIn 10); root stake 1000; taoWeight 0.2
//   staked alpha: 100 − 10 pending = 90, 50 − 5 protocol = 45, 30
//   emission shares 0.5, 0.3, 0.2; quality 0.9, 0.1, 0.5 (median 0.5: only subnet 1 is above)
const M = 4;
const N = 4;

function fakeChain() {
  const f = (v: number[] = []) => Float64Array.from({ length: N }, (_, i) => v[i] ?? 0);
  const subnets = {
    exists: Uint8Array.of(1, 1, 1, 1), taoIn: f([1000, 10, 20, 40]), alphaIn: f([0, 10, 10, 10]), alphaOut: f([0, 100, 50, 30]),
    weightT: f([0, 0.5, 0.5, 0.5]), movingPrice: f([1, 0.7, 0.8, 0.9]), flowEma: f([0, 0.01, -0.02, 0.03]),
    emissionShare: f([0, 0.5, 0.3, 0.2]), taoInjected: f(), alphaInInjected: f(), rootProp: f([0, 0.1, 0.2, 0.3]),
    minerBurned: f(), registeredAt: f(), lastEpochBlock: f(), owner: Int32Array.of(-1, 0, 1, 2),
    ownerHotkey: Int32Array.of(-1, 5, 10, 11), nUids: Int32Array.of(0, 4, 1, 0), neuronBurn: f(),
    cumInflow: f([0, 5, 0, 1]), cumOutflow: f([0, 1, 2, 0]), cumVolume: f(), cumTaoEmission: f([0, 1, 2, 3]),
    cumAlphaEmission: f(), cumOwnerCut: f(), cumMinerAlpha: f(), cumValidatorAlpha: f(), cumRootDividendsTao: f(),
    protocolAlpha: f([0, 0, 5, 0]), pendingServer: f([0, 10, 0, 0]), pendingValidator: f(), pendingRootAlpha: f(),
    pendingRootTao: f(), pendingOwnerCut: f(),
  } satisfies SubnetArrays;
  const g = () => new Float64Array(N * M);
  const neurons = {
    hotkey: new Int32Array(N * M).fill(-1), registeredAt: g(), lastUpdate: g(), stakeWeight: g(), consensus: g(),
    incentive: g(), dividends: g(), trust: g(), emission: g(), permit: new Uint8Array(N * M),
  } satisfies NeuronArrays;
  // Subnet 1: UIDs 0..3 = hotkeys 5 (the owner's), 6 (a validator: it has set weights), 7 and 8 (miners, one holding
  // a spare permit and stake); incentive .5 .3 .2 0.
  [5, 6, 7, 8].forEach((h, u) => (neurons.hotkey[1 * M + u] = h));
  [0.5, 0.3, 0.2, 0].forEach((x, u) => (neurons.incentive[1 * M + u] = x));
  neurons.lastUpdate[1 * M + 1] = 5;
  neurons.permit[1 * M + 2] = 1;
  neurons.stakeWeight[1 * M + 2] = 3;
  // Subnet 2: UID 0 = hotkey 6, incentive 1.
  neurons.hotkey[2 * M + 0] = 6;
  neurons.incentive[2 * M + 0] = 1;
  const owner: Record<number, number> = { 5: 0, 6: 1, 7: 2, 8: 2, 9: 3 };
  // Coldkey 0: 3 free TAO, 10 TAO on root (hotkey 7), 5 alpha on subnet 2. Coldkey 1: 1 free TAO, 2 alpha on subnet 1.
  const stakes: Record<string, number> = { '7,0,0': 10, '7,0,2': 5, '5,1,1': 2 };
  const balances = [3, 1, 0, 0];
  const view = {
    rules: { taoWeight: 0.2 },
    block: 0, maxNetuid: N, maxUids: M, subnets, neurons,
    totalIssuance: () => 2000,
    subnetExists: (i: number) => i >= 0 && i < N,
    subnetList: () => Int32Array.of(1, 2, 3),
    spotPrice: (i: number) => (i === 0 ? 1 : subnets.taoIn[i] / subnets.alphaIn[i]),
    // Constant product, no fee: a sale of a gives T·a/(A+a); sales above 10 alpha are "rejected" (0).
    quoteSell: (i: number, a: number) => (i === 0 ? a : a > 10 ? 0 : (subnets.taoIn[i] * a) / (subnets.alphaIn[i] + a)),
    quoteBuy: () => 0,
    balance: (c: number) => balances[c] ?? 0,
    stake: (h: number, c: number, i: number) => stakes[`${h},${c},${i}`] ?? 0,
    positionsOf: (c: number) => Object.keys(stakes).map((k) => k.split(',').map(Number)).filter(([, ck]) => ck === c).flatMap(([h, , i]) => [h, i]),
    hotkeyOwner: (h: number) => owner[h] ?? -1,
  };
  return { view: view as unknown as ChainView & { block: number }, subnets, neurons, stakes };
}

const world: World = { subnetQuality: Float64Array.of(0, 0.9, 0.1, 0.5), rootValidators: new Int32Array(0), passiveColdkey: 3 };

function agent(family: string, coldkeys: number[], capital: number, cartel = false): Agent {
  return { family, id: 0, coldkeys, cartel, nextWake: 0, ledger: { capital, costs: 0, rejected: 0 }, act: () => {} };
}

describe('chain metrics on a hand-built chain', () => {
  it('staked alpha excludes pending and protocol alpha; root share counts root once per subnet', () => {
    const { view } = fakeChain();
    expect([1, 2, 3].map((i) => stakedAlpha(view, i))).toEqual([90, 45, 30]);
    expect(rootStakeShare(view)).toBeCloseTo(600 / 765, 15); // 0.2·1000·3 / (600 + 165)
    expect(totalStakeValue(view)).toBeCloseTo(1000 + 90 + 90 + 120, 12);
  });

  it('network row', () => {
    const { view } = fakeChain();
    const st = newMetricsState(view);
    view.subnets.cumInflow.fill(0);
    view.subnets.cumOutflow.fill(0);
    st.lastInflow.fill(0);
    st.lastOutflow.fill(0);
    view.subnets.cumInflow.set([0, 5, 0, 1]);
    view.subnets.cumOutflow.set([0, 1, 2, 0]);
    view.block = 14_400;
    const row = new Float64Array(NETWORK_SERIES.length);
    networkRow(view, world, st, row);
    expect(row[NET.block]).toBe(14_400);
    expect(row[NET.day]).toBe(2);
    expect(row[NET.totalIssuance]).toBe(2000);
    expect(row[NET.rootStakeShare]).toBeCloseTo(600 / 765, 15);
    expect(row[NET.alphaStakeShare]).toBeCloseTo(165 / 765, 15);
    expect(row[NET.emissionGini]).toBeCloseTo(0.2, 15);
    expect(row[NET.emissionHhi]).toBeCloseTo(0.38, 15);
    expect(row[NET.emissionNakamoto]).toBe(2);
    expect(row[NET.highQualityEmissionShare]).toBeCloseTo(0.5, 15);
    expect(row[NET.taoInPools]).toBe(70);
    expect(row[NET.taoInflow]).toBe(6);
    expect(row[NET.taoOutflow]).toBe(3);
    expect(row[NET.sumPrices]).toBe(7);
    expect(row[NET.priceDispersion]).toBeCloseTo(Math.LN2 * Math.sqrt(2 / 3), 14); // ln 1, ln 2, ln 4
    expect(row[NET.meanRootProp]).toBeCloseTo(0.2, 15);
  });

  it('subnet row; miners are UIDs other than the owner\'s that never set weights', () => {
    const { view } = fakeChain();
    const st = newMetricsState(view);
    st.lastInflow.fill(0);
    st.lastOutflow.fill(0);
    expect(minerCount(view, 1)).toBe(2); // UIDs 2 and 3: UID 0 is the owner's, UID 1 has set weights
    expect(minerCount(view, 2)).toBe(1);
    expect(minerCount(view, 3)).toBe(0);
    const row = new Float64Array(SUBNET_SERIES.length);
    subnetRow(view, world, st, 1, row);
    expect(Array.from(row)).toEqual([0, 1, 1, 0.7, 10, 10, 100, 0.5, 4, 0.01, 2, 0.9]);
    expect(SUB.netFlow).toBe(SUBNET_SERIES.indexOf('netFlow'));
  });

  it('wealth at spot and at liquidation, ROI, stake share', () => {
    const { view } = fakeChain();
    expect(spotWealth(view, [0])).toBe(3 + 10 + 5 * 2);
    expect(liquidationWealth(view, [0])).toBeCloseTo(3 + 10 + (20 * 5) / 15, 12);
    // Coldkeys 0 and 1 together: 2 alpha on subnet 1 sold down its curve: 10·2/12.
    expect(liquidationWealth(view, [0, 1])).toBeCloseTo(4 + 10 + 100 / 15 + 20 / 12, 12);
    expect(groupRoi(view, [agent('owner', [0], 20)], 'spot')).toBeCloseTo(0.15, 15);
    expect(groupRoi(view, [agent('owner', [0], 0)], 'spot')).toBeNaN();
    const row = new Float64Array(FAMILY_SERIES.length);
    familyRow(view, 7200, 2, [agent('owner', [0], 20), agent('owner', [1], 5)], 1300, row);
    expect(row[FAM.block]).toBe(7200);
    expect(row[FAM.family]).toBe(2);
    expect(row[FAM.wealth]).toBe(23 + 1 + 2);
    expect(row[FAM.capital]).toBe(25);
    expect(row[FAM.roi]).toBeCloseTo(26 / 25 - 1, 15);
    expect(row[FAM.stakeShare]).toBeCloseTo((10 + 10 + 2) / 1300, 15);
  });

  it('liquidation sells only what the pool accepts when the whole sale is rejected', () => {
    const { view, stakes } = fakeChain();
    stakes['7,0,2'] = 30; // the stub rejects sales above 10 alpha: the best part is 10 alpha → 20·10/20
    expect(liquidationWealth(view, [0])).toBeCloseTo(3 + 10 + 10, 6);
  });

  it('cartel incentive share, rejections, high-quality share of any per-subnet quantity', () => {
    const { view } = fakeChain();
    expect(cartelMinerIncentiveShare(view, new Set([0]))).toBeCloseTo(0.5, 15);
    expect(cartelMinerIncentiveShare(view, new Set([0, 1]))).toBeCloseTo(0.9, 15); // (0.8 + 1) / 2
    expect(cartelMinerIncentiveShare(view, new Set())).toBeNaN();
    expect(rejectedActions({ OK: 7, BAD_AMOUNT: 2, PRICE_LIMIT: 3 })).toBe(5);
    expect(highQualityShare(view, world, Float64Array.of(0, 1, 2, 3))).toBeCloseTo(1 / 6, 15);
  });

  it('window sums: validator yields, miner payout dispersion, registrations per day, alpha parity', () => {
    const { view, subnets, neurons } = fakeChain();
    const st = newMetricsState(view);
    subnets.cumRootDividendsTao.set([0, 1, 1, 0]);
    subnets.cumValidatorAlpha.set([0, 9, 0, 0]);
    subnets.cumMinerAlpha.set([0, 4, 2, 0]);
    view.block = BLOCKS_PER_DAY;
    const row = new Float64Array(NETWORK_SERIES.length);
    networkRow(view, world, st, row);
    advance(view, st, row);
    // Root: 2 TAO on 1000 TAO over a day → 0.2%/day, ×365. Alpha: 9 TAO on 90·1 + 45·2 + 30·4 = 300 TAO.
    // Payout per miner UID: subnet 1 4·1/2 = 2, subnet 2 2·2/1 = 4 → cv = 1/3.
    let s = summarize(view, world, [], st, { OK: 1, BAD_AMOUNT: 4 });
    expect(Object.keys(s).sort()).toEqual([...SUMMARY_METRICS].sort());
    expect(s.validatorRootYield).toBeCloseTo(0.002 * 365, 12);
    expect(s.validatorAlphaYield).toBeCloseTo((9 / 300) * 365, 12);
    expect(s.minerPayoutDispersion).toBeCloseTo(1 / 3, 12);
    expect(s.minerSwitches).toBeNaN(); // no miner agents: not applicable
    expect(s.daysToAlphaParity).toBeNaN(); // alpha share 165/765 < ½
    expect(s.netTaoInflow).toBe(3);
    expect(s.maxPrice).toBe(4);
    expect(s.minPrice).toBe(1);
    expect(s.highQualityEmissionShare).toBeCloseTo(1 / 6, 15);
    expect(s.rejectedActions).toBe(4);
    expect(s.cartelRoi).toBeNaN();
    expect(s.honestRoi).toBeCloseTo(0.002, 15); // 2 TAO of root dividends on 1000 TAO of root stake
    // Day 2: a registration on subnet 3, and alpha overtakes root (root stake drops to 100: 60 vs 165 + 0).
    neurons.hotkey[3 * M + 0] = 9;
    neurons.registeredAt[3 * M + 0] = 10_000;
    subnets.taoIn[0] = 100;
    view.block = 2 * BLOCKS_PER_DAY;
    networkRow(view, world, st, row);
    advance(view, st, row);
    s = summarize(view, world, [], st, {});
    expect(s.minerSwitches).toBeNaN();
    // Hotkey 9 belongs to coldkey 3: a switch only when a miner agent holds coldkey 3 (not a validator's registration).
    expect(summarize(view, world, [agent('miner', [3], 1)], st, {}).minerSwitches).toBe(0.5);
    expect(summarize(view, world, [agent('miner', [4], 1), agent('yieldValidator', [3], 1)], st, {}).minerSwitches).toBe(0);
    // Absolute levels: root stake 100 after 1000 at genesis with 2 TAO of dividends → 902 TAO unstaked, net.
    expect(s.rootStakeTao).toBe(100);
    expect(s.rootNetUnstakedTao).toBe(1000 + 2 - 100);
    expect(s.daysToAlphaParity).toBe(2);
    expect(s.finalAlphaStakeShare).toBeCloseTo(165 / 225, 15);
    expect(s.validatorRootYield).toBeCloseTo((2 / (1000 * 7200 + 100 * 7200)) * 7200 * 365, 12);
    expect(s.honestRoi).toBeCloseTo(0.002, 15); // no dividends on day 2
    // Day 3: 1 TAO on the 100 TAO left on root compounds with day 1: 1.002 × 1.01.
    subnets.cumRootDividendsTao[1] += 1;
    view.block = 3 * BLOCKS_PER_DAY;
    networkRow(view, world, st, row);
    advance(view, st, row);
    expect(summarize(view, world, [], st, {}).honestRoi).toBeCloseTo(1.002 * 1.01 - 1, 14);
  });
});
