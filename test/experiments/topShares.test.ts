import * as aq from 'arquero';
import { describe as group, expect, it } from 'vitest';
import { aggregateTopShares } from '../../src/experiments/report/topShares.ts';

group('emission concentration: top-k shares', () => {
  it('shares of the largest k subnets at each sample, whichever they are, across replications', () => {
    // Replication A: shares 0.2, 0.5, 0.3 → top 1 = 0.5; replication B: 0.7, 0.1, 0.2 → top 1 = 0.7.
    // Top 5 and top 10 cover all three subnets: 1. Mean top 1 = 0.6, with 3 subnets.
    const rep = (s: number[]) => aq.table({ block: [7200, 7200, 7200], netuid: [1, 2, 3], emissionShare: s });
    const rows = aggregateTopShares(4, [rep([0.2, 0.5, 0.3]), rep([0.7, 0.1, 0.2])]);
    const top1 = rows.find((r) => r.k === 1)!;
    expect([top1.point, top1.day, top1.n, top1.subnets]).toEqual([4, 1, 2, 3]);
    expect(top1.mean).toBeCloseTo(0.6, 12);
    expect(top1.q05).toBeCloseTo(0.5 + 0.05 * 0.2, 12); // R-7 over {0.5, 0.7}
    expect(rows.find((r) => r.k === 5)!.mean).toBeCloseTo(1, 12);
    // Shares that do not sum to 1 (e.g. before every subnet emits) are normalised to the sample's total.
    expect(aggregateTopShares(0, [rep([0.1, 0.1, 0.2])]).find((r) => r.k === 1)!.mean).toBeCloseTo(0.5, 12);
  });
});
