// The stake book's share pools (src/market/staking.ts): holdings kept per position with reused slots and a
// one-entry mint cache, root positions indexed by hotkey. Each case checks what a holder owns after the
// sequences that exercise those shortcuts (a slot freed and reused, a cached holder burned away).
import { describe, expect, it } from 'vitest';
import { StakeBook } from '../../src/market/staking.ts';
import { ROOT } from '../../src/market/types.ts';

const holders = (b: StakeBook, pos: number): Array<[number, number]> => {
  const out: Array<[number, number]> = [];
  b.holdersOf(pos, out);
  return out;
};

describe('StakeBook', () => {
  it('prices later mints at the pool share price and pays dividends pro rata', () => {
    const b = new StakeBook(8);
    const p = b.ensure(3, 1);
    b.mint(p, 10, 100);
    b.credit(p, 50); // dividends: 150 alpha for 100 shares
    b.mint(p, 11, 30); // 20 shares at 1.5
    expect(b.shares(p, 11)).toBeCloseTo(20, 12);
    expect(b.value(p, 10)).toBeCloseTo(150, 9);
    expect(b.value(p, 11)).toBeCloseTo(30, 9);
    b.mint(p, 10, 15); // the cached holder again: 10 more shares
    expect(b.shares(p, 10)).toBeCloseTo(110, 9);
    expect(b.posShares[p]).toBeCloseTo(130, 9);
  });

  it('forgets a holder burned away, even the one its mint cache remembers, and reuses its slot for another', () => {
    const b = new StakeBook(8);
    const p = b.ensure(1, 2), q = b.ensure(2, 2);
    b.mint(p, 5, 10);
    b.mint(p, 6, 20);
    b.mint(q, 7, 1);
    b.mint(p, 5, 10); // 5 is now the cached holder of p
    expect(b.burn(p, 5, 1e9)).toBeCloseTo(20, 12); // all of it
    expect(b.shares(p, 5)).toBe(0);
    b.mint(p, 8, 4); // takes the freed slot
    expect(b.shares(p, 8)).toBeCloseTo(4, 12);
    expect(b.shares(p, 5)).toBe(0);
    b.mint(p, 5, 2); // a fresh holding, not the old slot (now 8's)
    expect(b.shares(p, 5)).toBeCloseTo(2, 12);
    expect(b.shares(p, 8)).toBeCloseTo(4, 12);
    expect(holders(b, p).map(([ck]) => ck)).toEqual([6, 8, 5]); // insertion order, the burned holder re-added last
    expect(holders(b, q)).toEqual([[7, 1]]);
    expect(b.positionsOf(5)).toEqual([p]);
  });

  it('clears a position (dissolution) and starts it afresh', () => {
    const b = new StakeBook(8);
    const p = b.ensure(4, 3);
    b.mint(p, 1, 5);
    b.mint(p, 2, 5);
    b.clear(p);
    expect(holders(b, p)).toEqual([]);
    expect(b.shares(p, 2)).toBe(0);
    b.mint(p, 2, 3);
    expect(b.shares(p, 2)).toBe(3);
    expect(b.value(p, 2)).toBe(3);
  });

  it('finds root positions by hotkey and other positions by (hotkey, netuid)', () => {
    const b = new StakeBook(8);
    expect(b.find(7, ROOT)).toBe(-1);
    const a = b.ensure(7, 1);
    const r = b.ensure(7, ROOT);
    const far = b.ensure(5000, ROOT); // beyond the first table size
    expect(b.find(7, ROOT)).toBe(r);
    expect(b.ensure(7, ROOT)).toBe(r);
    expect(b.find(7, 1)).toBe(a);
    expect(b.find(5000, ROOT)).toBe(far);
    expect(b.find(6, ROOT)).toBe(-1);
    expect(b.find(1.5, ROOT)).toBe(-1);
    expect(b.posHotkey[far]).toBe(5000);
    expect(b.posNetuid[far]).toBe(ROOT);
  });
});
