// Scenario 2 (experiments/02-root-to-alpha.yaml): alpha overtakes root in validators' stake weight, later
// with a larger tao_weight. Reduced: 4 subnets, 16 root validators, a token population, root stake halved
// (2.7M + 2 yield validators × 30k) so every crossing comes twice as early and 80 days suffice.
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY, networkColumn, reduceSpec, runSpec, type PointResult } from './reduce.ts';

const ROOT_STAKE = 2_700_000;
const spec = reduceSpec('02-root-to-alpha.yaml', {
  world: { subnets: 4, rootValidators: 16, rootStake: ROOT_STAKE, minersPerSubnet: 8 },
  counts: { herder: 100, yieldValidator: 2, emissionSeller: 3, miner: 10, noiseTrader: 10 },
  horizon: '80d',
  sampleEvery: '1d',
});
const genesisRoot = ROOT_STAKE + 2 * 30_000;

/** First sampled day on which a series crosses ½ (downwards for the root proportion, upwards for alpha). */
function crossing(p: PointResult, name: string, down: boolean): number {
  const r = p.runs[0]!;
  const day = networkColumn(r, 'day');
  const x = networkColumn(r, name);
  for (let i = 1; i < x.length; i++) if (down ? x[i]! < 0.5 : x[i]! >= 0.5) return day[i]!;
  return Infinity;
}

describe('scenario 2: root to alpha migration', () => {
  let points: PointResult[] = [];
  beforeAll(() => {
    points = runSpec(spec);
  });
  const byWeight = (tw: number) => points.find((p) => p.values['chain.taoWeight'] === tw)!;

  it('the chain’s root proportion halves when alpha issued reaches tw × root stake, about 2 alpha a block per subnet (docs/chain-rules.md §3, §4.2)', () => {
    for (const tw of [0.09, 0.18, 0.36]) {
      // At launch alpha_in is capped at 1 while prices sit below tao_in, so alpha issuance grows by 2 a block.
      const expected = (tw * genesisRoot) / (2 * DAY);
      expect(crossing(byWeight(tw), 'meanRootProp', true)).toBeGreaterThan(0.8 * expected);
      expect(crossing(byWeight(tw), 'meanRootProp', true)).toBeLessThan(1.25 * expected);
    }
  });

  it('a larger tao_weight delays parity: doubling it roughly doubles the days', () => {
    const days = [0.09, 0.18, 0.36].map((tw) => crossing(byWeight(tw), 'meanRootProp', true));
    expect(days[1]! / days[0]!).toBeGreaterThan(1.6);
    expect(days[2]! / days[1]!).toBeGreaterThan(1.6);
    expect(days[1]! / days[0]!).toBeLessThan(2.5);
    expect(days[2]! / days[1]!).toBeLessThan(2.5);
  });

  it('alpha held as stake lags the chain’s proportion: pool alpha and sold dividends are nobody’s stake weight', () => {
    for (const tw of [0.09, 0.18]) {
      const p = byWeight(tw);
      const rootPropDay = crossing(p, 'meanRootProp', true);
      const stakedDay = crossing(p, 'alphaStakeShare', false);
      expect(stakedDay).toBeGreaterThan(1.5 * rootPropDay);
      // …yet the staked share does rise all the way: it is higher at the end than a tenth of the way in.
      const a = networkColumn(p.runs[0]!, 'alphaStakeShare');
      expect(a[a.length - 1]!).toBeGreaterThan(a[Math.floor(a.length / 10)]! + 0.1);
    }
  });
});
