import { describe, expect, it } from 'vitest';
import { QUANTITIES, dateOf, dayOf, loadObserved, parseObserved, pickTargets } from '../../src/experiments/spec/observed.ts';

const HEADER = 'id,use,quantity,stat,value,lo,hi,dateFrom,dateTo,era,source,confidence,note';
const row = (s: string) => `${HEADER}\n${s}\n`;

describe('observed targets', () => {
  it('the shipped file loads, every row valid, ids unique, targets banded', () => {
    const all = loadObserved();
    expect(all.length).toBeGreaterThanOrEqual(20);
    expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
    for (const t of all.filter((x) => x.use === 'target')) {
      expect(Number.isFinite(t.lo) || Number.isFinite(t.hi)).toBe(true);
      expect(t.lo < t.hi).toBe(true);
      expect(Object.hasOwn(QUANTITIES, t.quantity)).toBe(true);
    }
    // the 88 subnets of 2025-04-11 sit on day 57 of the timeline
    const l9a = all.find((t) => t.id === 'L9a')!;
    expect(l9a.dayFrom).toBe(57);
    expect(l9a.lo).toBeLessThanOrEqual(88);
    expect(l9a.hi).toBeGreaterThanOrEqual(88);
  });

  it('dates and days round-trip from the launch (2025-02-13 = day 0)', () => {
    expect(dayOf('2025-02-13')).toBe(0);
    expect(dayOf('2025-12-14')).toBe(304);
    for (const d of [0, 1, 57, 216, 600]) expect(dayOf(dateOf(d))).toBe(d);
    expect(() => dayOf('2025-02-30')).toThrow(/not a calendar date/);
  });

  it('bad rows name the line and the field', () => {
    expect(() => parseObserved(row('X1,target,nope,at,1,0,2,2025-03-01,,launch,src,P,'))).toThrow(/:2: quantity: "nope" is not defined/);
    expect(() => parseObserved(row('X1,target,sumPrices,at,1,,,2025-03-01,,launch,src,P,'))).toThrow(/:2: lo: a target needs a band/);
    expect(() => parseObserved(row('X1,target,sumPrices,at,5,0,2,2025-03-01,,launch,src,P,'))).toThrow(/value: 5 lies outside its band/);
    expect(() => parseObserved(row('X1,target,sumPrices,max,1,0,2,2025-03-01,,launch,src,P,'))).toThrow(/dateTo: .*needs a date range/);
    expect(() => parseObserved(row('X1,target,sumPrices,at,1,0,2,2025-03-01,,launch,src,Q,'))).toThrow(/confidence: "Q"; allowed: P, N, C/);
    expect(() => parseObserved(row('X1,guess,sumPrices,at,1,0,2,2025-03-01,,launch,src,P,'))).toThrow(/use: "guess"; allowed/);
    expect(() => parseObserved('id,use\n')).toThrow(/:1: the header must be/);
  });

  it('one-sided bands stay open; picking a non-target is refused', () => {
    const all = parseObserved(row('X1,target,sumPrices,max,,2,,2025-03-01,2025-04-01,launch,src,C,\nX2,rule,validatorTake,at,0.18,0.18,0.18,2025-02-13,,all,src,P,'));
    expect(all[0]!.hi).toBe(Infinity);
    expect(Number.isNaN(all[0]!.value)).toBe(true);
    expect(all[0]!.dayTo).toBe(dayOf('2025-04-01'));
    expect(() => pickTargets(all, ['X2'])).toThrow(/targets\[0\]: X2 is a rule/);
    expect(() => pickTargets(all, ['X9'])).toThrow(/unknown target "X9"; known targets: X1/);
  });
});
