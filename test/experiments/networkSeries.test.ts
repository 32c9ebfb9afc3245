// The network series columns set against the observed history (networkSeries.ts): on a tiny world, each
// column against what the subnets series (or the chain at the end) says by another route.
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORLD } from '../../src/agents/world.ts';
import { dateOfBlock, seriesArrow } from '../../src/experiments/results/arrowSchema.ts';
import { quantityPath } from '../../src/experiments/spec/targets.ts';
import { rootStake, totalStakeValue } from '../../src/experiments/run/metrics.ts';
import { simulate } from '../../src/experiments/run/simulate.ts';
import type { RunConfig } from '../../src/experiments/types.ts';
import type { Chain } from '../../src/market/chain.ts';

const DAY = 7200;

function config(over: Partial<RunConfig> = {}): RunConfig {
  return {
    experiment: 'network-series', run: 0, point: 0, replication: 0, seed: 'network-series', ruleSet: 'launch-2025-02', chain: {},
    world: { ...DEFAULT_WORLD, subnets: 5, rootValidators: 4, minersPerSubnet: 4, rootStake: 60_000, issued: 100_000 },
    population: [
      { family: 'herder', count: 12, params: { wealth: 50, wakeRate: 5 } },
      { family: 'noiseTrader', count: 4 },
      { family: 'passiveStaker', count: 3 },
    ],
    horizon: 33 * DAY, sampleEvery: DAY, params: {}, metrics: {},
    ...over,
  };
}

let end: Chain | undefined;
const r = simulate(config(), { onEnd: (c) => (end = c as Chain) });
const net = r.series.network.columns;
const sub = r.series.subnets.columns;

/** The subnet rows of sample s. */
function rowsOf(s: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < sub.block!.length; k++) if (sub.block![k] === net.block![s]) out.push(k);
  return out;
}

describe('network series: history columns', () => {
  it('the run succeeded and sampled daily', () => {
    expect(r.status).toBe('ok');
    expect(net.block!.length).toBe(34);
  });

  it('subnetCount, medianPrice, sumMovingPrices, top shares and positiveFlowSubnets agree with the subnet rows', () => {
    for (let s = 0; s < net.block!.length; s++) {
      const rows = rowsOf(s);
      expect(net.subnetCount![s]).toBe(rows.length);
      const prices = rows.map((k) => sub.price![k]!).sort((a, b) => a - b);
      const n = prices.length;
      const median = n % 2 ? prices[(n - 1) / 2]! : (prices[n / 2 - 1]! + prices[n / 2]!) / 2;
      expect(net.medianPrice![s]).toBeCloseTo(median, 12);
      const moving = rows.reduce((a, k) => a + sub.movingPrice![k]!, 0);
      expect(net.sumMovingPrices![s]).toBeCloseTo(moving, 12);
      const shares = rows.map((k) => sub.emissionShare![k]!);
      const total = shares.reduce((a, b) => a + b, 0);
      if (total > 0) expect(net.top1EmissionShare![s]).toBeCloseTo(Math.max(...shares) / total, 12);
      // Five subnets: the top 10 is all of them.
      if (total > 0) expect(net.top10EmissionShare![s]).toBeCloseTo(1, 12);
      expect(net.positiveFlowSubnets![s]).toBe(rows.filter((k) => sub.netFlow![k]! > 0).length);
    }
  });

  it('rootApy is undefined before 30 days of history, then a non-negative yield no larger than everything root earned', () => {
    for (let s = 0; s < net.block!.length; s++) {
      if (net.block![s]! < 30 * DAY) expect(Number.isNaN(net.rootApy![s]!)).toBe(true);
      else expect(net.rootApy![s]).toBeGreaterThanOrEqual(0);
    }
    const last = net.block!.length - 1;
    const c = end!;
    let earned = 0;
    for (const i of c.subnetList()) earned += c.subnets.cumRootDividendsTao[i]!;
    expect(earned).toBeGreaterThan(0);
    const window = (net.rootApy![last]! * rootStake(c) * 30) / 365;
    expect(window).toBeGreaterThan(0);
    expect(window).toBeLessThanOrEqual(earned * (1 + 1e-12));
  });

  it('alphaTaoShare at the end is 1 − root over the value of all stake; rootDividendShare is a share', () => {
    const last = net.block!.length - 1;
    const c = end!;
    expect(net.alphaTaoShare![last]).toBeCloseTo(1 - rootStake(c) / totalStakeValue(c), 12);
    for (let s = 1; s < net.block!.length; s++) {
      const v = net.rootDividendShare![s]!;
      if (!Number.isNaN(v)) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    expect(net.rootDividendShare!.some((v) => v > 0 && v < 1)).toBe(true);
  });

  it('calibration quantities alphaTaoShare and rootApy read the network columns', () => {
    const p = quantityPath('rootApy', { network: net, subnets: sub });
    expect(Array.from(p.value)).toEqual(Array.from(net.rootApy!));
    expect(Array.from(quantityPath('alphaTaoShare', { network: net, subnets: sub }).value)).toEqual(Array.from(net.alphaTaoShare!));
  });

  it('the Arrow network series carries an ISO date on the launch clock, shifted by a snapshot block', () => {
    expect(dateOfBlock(0)).toBe('2025-02-13');
    expect(dateOfBlock(DAY - 1)).toBe('2025-02-13');
    expect(dateOfBlock(15 * DAY)).toBe('2025-02-28');
    expect(dateOfBlock(16 * DAY)).toBe('2025-03-01');
    const t = seriesArrow('network', r)!;
    const date = t.getChild('date')!.toArray() as string[];
    expect(date[0]).toBe('2025-02-13');
    expect(date[33]).toBe('2025-03-18');
    const shifted = seriesArrow('network', { ...r, genesisBlock: 264 * DAY })!;
    expect((shifted.getChild('date')!.toArray() as string[])[0]).toBe('2025-11-04');
  });
});
