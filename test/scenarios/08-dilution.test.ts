// Scenario 8 (experiments/08-dilution.yaml): a subnet without demand sees its alpha price fall under
// continuous emission. Reduced: 8 subnets (8 owner sellers), 45 days, 250 herders in the world with demand.
// The two worlds share seeds, so the no-demand world is the counterfactual of the one with demand elsewhere.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/experiments/types.ts';
import { lastSubnetValues, networkColumn, pricesAt, reduceSpec, runSpec, subnetValuesAt, type PointResult } from './reduce.ts';

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

  it('with no demand anywhere every price falls from parity to below its emission share within 5 days', () => {
    // Each pool gets TAO ∝ its share (the genesis pre-dTAO share, errata E1) per ~2 alpha issued a block, so
    // prices settle below the share (equal shares of 1/8 gave < 0.1 before E1).
    for (const r of none.runs) {
      const genesis = subnetValuesAt(r, 'movingPrice', 0);
      const p5 = pricesAt(r, dayIndex(r, 5));
      for (let s = 0; s < p5.length; s++) expect(p5[s]!).toBeLessThan(genesis[s]!);
    }
  });

  it('with demand elsewhere, the subnet with the least emission is the cheapest and stays below an equal share', () => {
    for (const r of elsewhere.runs) {
      const share = lastSubnetValues(r, 'emissionShare');
      const s = share.indexOf(Math.min(...share)); // the smallest emission share at the end: the least demand
      const last = networkColumn(r, 'day').length - 1;
      // Before E1 its price kept falling after day 10 (by > 8%); with the genesis anchor drifting up toward
      // prices it may rise a little (0.0048 → 0.0070 in one replication), but it stays the cheapest alpha.
      expect(subnetValue(r, 'price', last, s)).toBe(Math.min(...pricesAt(r, last)));
      // Its share stays low, but since E1 it is the genesis draw's smallest, drifting up toward prices as the
      // anchor decays, so "keeps losing share after day 10" no longer holds and is not asserted.
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
