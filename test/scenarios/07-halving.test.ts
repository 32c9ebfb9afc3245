// Scenario 7 (experiments/07-halving.yaml): after the TAO halving, TAO injected into subnets falls against
// the alpha they emit. Reduced: 8 subnets, a quarter of the population, 14 days; the control world (8.3M
// issued, no halving in sight) is the counterfactual, run with the same seeds.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/experiments/types.ts';
import { networkColumn, reduceSpec, runSpec, type PointResult } from './reduce.ts';

const HALVING_ISSUANCE = 10_500_000; // docs/chain-rules.md §1: block emission halves once this much TAO is issued

/** TAO issued per alpha issued (into pools and as emission) over sample window k−1..k, summed over subnets. */
function taoPerAlpha(r: RunResult, k: number): number {
  const issued = networkColumn(r, 'totalIssuance');
  const sub = r.series.subnets.columns;
  const n = sub.block!.length / issued.length;
  let alpha = 0;
  for (let s = 0; s < n; s++) {
    alpha += sub.alphaOut![k * n + s]! + sub.alphaIn![k * n + s]! - sub.alphaOut![(k - 1) * n + s]! - sub.alphaIn![(k - 1) * n + s]!;
  }
  return (issued[k]! - issued[k - 1]!) / alpha;
}

describe('scenario 7: the halving', () => {
  let control: PointResult;
  let halving: PointResult;
  beforeAll(() => {
    [control, halving] = runSpec(reduceSpec('07-halving.yaml', { world: { subnets: 8 }, scale: 0.25, horizon: '14d', replications: 1 })) as [
      PointResult,
      PointResult,
    ];
  });

  it('the halving world crosses 10.5M TAO issued during the run; the control does not', () => {
    const h = networkColumn(halving.runs[0]!, 'totalIssuance');
    const c = networkColumn(control.runs[0]!, 'totalIssuance');
    expect(h[0]!).toBeLessThan(HALVING_ISSUANCE);
    expect(h[h.length - 1]!).toBeGreaterThan(HALVING_ISSUANCE);
    expect(c[c.length - 1]!).toBeLessThan(HALVING_ISSUANCE);
  });

  it('TAO injected per alpha emitted halves after the halving and stays level without it', () => {
    const h = halving.runs[0]!;
    const c = control.runs[0]!;
    const last = networkColumn(h, 'day').length - 1;
    const issued = networkColumn(h, 'totalIssuance');
    // The first full daily window before the halving, and the last window (well after it).
    let before = 1;
    while (issued[before + 1]! < HALVING_ISSUANCE) before++;
    before = Math.max(1, before - 1);
    const ratioH = taoPerAlpha(h, last) / taoPerAlpha(h, before);
    const ratioC = taoPerAlpha(c, last) / taoPerAlpha(c, before);
    expect(ratioH).toBeLessThan(0.6);
    expect(ratioH).toBeGreaterThan(0.4);
    expect(Math.abs(ratioC - 1)).toBeLessThan(0.1);
  });

  it('alpha prices end lower than in the control world', () => {
    const sumH = networkColumn(halving.runs[0]!, 'sumPrices');
    const sumC = networkColumn(control.runs[0]!, 'sumPrices');
    expect(sumH[sumH.length - 1]!).toBeLessThan(0.85 * sumC[sumC.length - 1]!);
  });
});
