// The Sep/Oct 2025 lock resets on the `history` timeline (docs/chain-rules.md §8.1, docs/chain-timeline.md):
// migrate_network_lock_reduction_interval (merged 2025-09-24 in 835a2c902) and migrate_network_lock_cost_2500
// (2025-10-07, ae2b37364).
import { describe, expect, it } from 'vitest';
import { lockCostNow } from '../../src/market/registration.ts';
import { ruleSchedule } from '../../src/market/rules.ts';
import { dateToBlock } from '../../src/market/timeline.ts';
import { run, testChain } from './helpers.ts';

const DAY = 7200;
const schedule = ruleSchedule('history').switches;
const rulesFrom = (date: string) => schedule.find((s) => s.block === dateToBlock(date))!.rules;
const SEP = dateToBlock('2025-09-24');
const OCT = dateToBlock('2025-10-07');

/** The lock cost a chain in this state would ask (issuance small: no halving scaling). */
function cost(date: string, lastLock: number, lastLockBlock: number, block: number): number {
  return lockCostNow({ rules: rulesFrom(date), lastLock, lastLockBlock, block, totalIssuance: () => 1e6 });
}

describe('lock resets of Sep/Oct 2025 (§8.1)', () => {
  it('2025-09-24: 8-day decay, one registration per 4 days, registration closed for a week', () => {
    const r = rulesFrom('2025-09-24');
    expect(r.networkLockReductionInterval).toBe(8 * DAY);
    expect(r.networkRateLimit).toBe(4 * DAY);
    expect(r.networkRegistrationStartBlock).toBe(SEP + 7 * DAY);
    // before the switch the launch values hold
    const before = schedule.filter((s) => s.block < SEP).at(-1)!.rules;
    expect(before.networkLockReductionInterval).toBe(14 * DAY);
    expect(before.networkRegistrationStartBlock).toBe(0);
  });

  it('the lock restarts at 2,000 TAO whatever it was, and falls 125 TAO a day to the 1-TAO minimum', () => {
    const stale = { lastLock: 15_000, lastLockBlock: SEP - 3 * DAY }; // a registration before the reset
    const start = SEP + 7 * DAY;
    expect(cost('2025-09-24', stale.lastLock, stale.lastLockBlock, SEP + DAY)).toBe(2000); // saturating: no decay before the start
    expect(cost('2025-09-24', stale.lastLock, stale.lastLockBlock, start)).toBe(2000);
    expect(cost('2025-09-24', stale.lastLock, stale.lastLockBlock, start + 4 * DAY)).toBeCloseTo(1500, 9);
    expect(cost('2025-09-24', stale.lastLock, stale.lastLockBlock, start + 8 * DAY)).toBeCloseTo(1000, 9);
    expect(cost('2025-09-24', stale.lastLock, stale.lastLockBlock, start + 17 * DAY)).toBe(1);
    // a registration after the reset is the chain's own state again: 2 × its lock
    expect(cost('2025-09-24', 1500, start + 4 * DAY, start + 4 * DAY)).toBe(3000);
  });

  it('2025-10-07: the lock cost set to 2,500 TAO unless a registration came later', () => {
    expect(cost('2025-10-07', 400, OCT - 2 * DAY, OCT)).toBe(2500);
    expect(cost('2025-10-07', 400, OCT + DAY, OCT + DAY)).toBe(800);
  });

  it('the chain refuses a subnet registration before networkRegistrationStartBlock', () => {
    const t = testChain('launch-2025-02', { networkRegistrationStartBlock: 50, networkRateLimit: 0 }, 2, 1);
    const c = t.chain;
    const hotkey = c.addHotkey(t.trader);
    const first = c.apply({ kind: 'registerSubnet', coldkey: t.trader, hotkey });
    expect(first.ok).toBe(false);
    run(c, 50);
    expect(c.apply({ kind: 'registerSubnet', coldkey: t.trader, hotkey }).ok).toBe(true);
  });
});
