// Scenario 8 (experiments/08-dilution.yaml): a subnet without demand sees its alpha price fall under
// continuous emission. Reduced: 8 subnets (8 owner sellers), 45 days, 250 herders in the world with demand.
// The two worlds share seeds, so the no-demand world is the counterfactual of the one with demand elsewhere.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/experiments/types.ts';
import { lastSubnetValues, networkColumn, pricesAt, reduceSpec, runSpec, type PointResult } from './reduce.ts';

/** A subnet-series column of subnet `s` (index in the sample) at sample k. */
function subnetValue(r: RunResult, name: string, k: number, s: number): number {
  const n = r.series.subnets.columns.block!.length / networkColumn(r, 'day').length;
  return r.series.subnets.columns[name]![k * n + s]!;
}
const dayIndex = (r: RunResult, day: number) => networkColumn(r, 'day').findIndex((d) => d >= day);

describe('scenario 8: dilution', () => {
  let none: PointResult;
  let elsewhere: PointResult;
  beforeAll(() => {
    [none, elsewhere] = runSpec(
      reduceSpec('08-dilution.yaml', {
        world: { subnets: 8 },
        counts: { emissionSeller: 8 },
        horizon: '45d',
        replications: 3,
        sweep: { 'population.herder.count': [0, 250] },
      }),
    ) as [PointResult, PointResult];
  });

  it('with no demand anywhere every price falls by over 90% from parity within 5 days', () => {
    for (const r of none.runs) expect(Math.max(...pricesAt(r, dayIndex(r, 5)))).toBeLessThan(0.1);
  });

  it('with demand elsewhere, the subnet the market turned from keeps losing emission share and price', () => {
    for (const r of elsewhere.runs) {
      const share = lastSubnetValues(r, 'emissionShare');
      const s = share.indexOf(Math.min(...share)); // the smallest emission share at the end: the least demand
      const k10 = dayIndex(r, 10);
      const last = networkColumn(r, 'day').length - 1;
      expect(subnetValue(r, 'price', last, s)).toBeLessThan(0.92 * subnetValue(r, 'price', k10, s));
      expect(subnetValue(r, 'emissionShare', last, s)).toBeLessThan(subnetValue(r, 'emissionShare', k10, s));
      expect(subnetValue(r, 'emissionShare', last, s)).toBeLessThan(0.9 / share.length);
    }
  });

  it('the counterfactual: without demand elsewhere the price settles instead of sliding', () => {
    // Dilution is a level set by the TAO injected per alpha emitted; prices keep falling only while the
    // subnet's emission share (its TAO injection) shrinks.
    for (const r of none.runs) {
      const k10 = dayIndex(r, 10);
      const last = networkColumn(r, 'day').length - 1;
      const p10 = pricesAt(r, k10);
      const pEnd = pricesAt(r, last);
      for (let s = 0; s < pEnd.length; s++) expect(pEnd[s]!).toBeGreaterThan(0.95 * p10[s]!);
    }
  });
});
