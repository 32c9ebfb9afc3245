// Long-horizon holders (src/agents/holders.ts): buy over entryDays, hold, re-rank rarely.
import { describe, expect, it } from 'vitest';
import type { Holder } from '../../src/agents/holders.ts';
import { ROOT } from '../../src/market/types.ts';
import { DAY, Launch } from './launchKit.ts';

describe('holders', () => {
  it('put alphaShare of their wealth into `subnets` subnets over entryDays, the rest on root', () => {
    const l = new Launch('hold-a', [{ family: 'holder', count: 2, params: { wealth: 100, alphaShare: 0.4, subnets: 3, entryDays: 1, rebalanceDays: 300 } }]);
    l.run(2 * DAY);
    for (const a of l.pop.agentsOf('holder') as Holder[]) {
      const ck = a.coldkeys[0]!;
      expect(new Set(a.holdings.map((h) => h.netuid)).size).toBe(3);
      const spent = a.holdings.reduce((s, h) => s + h.spent, 0);
      expect(spent).toBeGreaterThan(0.95 * 40);
      expect(spent).toBeLessThanOrEqual(40 + 1e-9);
      expect(l.chain.stake(l.world.rootValidators[0]!, ck, ROOT)).toBeGreaterThanOrEqual(60);
    }
    // the buying happened inside the entry window (plus a chunk)
    expect(l.sentBy('holder', 'stake').every((s) => s.block <= DAY + 400)).toBe(true);
  });

  it('hold: no trade at all between the entry and the next rebalance, whatever prices do', () => {
    const l = new Launch('hold-b', [
      { family: 'holder', count: 3, params: { wealth: 100, subnets: 2, entryDays: 0.5, rebalanceDays: 30 } },
      { family: 'noiseTrader', count: 5, params: { wealth: 500, medianSize: 5 } },
    ]);
    l.run(10 * DAY);
    const after = l.sentBy('holder').filter((s) => s.block > DAY);
    expect(after).toHaveLength(0);
  });

  it('rebalance rarely: at a re-rank it sells subnets that left its top set (random ranking re-drawn per subnet is stable)', () => {
    // depth ranking: a big outside buyer deepens one pool the holder does not hold, which enters the top set.
    const l = new Launch('hold-c', [{ family: 'holder', count: 1, params: { wealth: 100, subnets: 1, entryDays: 0.2, rebalanceDays: 2 } }]);
    l.run(DAY);
    const a = l.pop.agentsOf('holder')[0] as Holder;
    const first = a.holdings[0]!.netuid;
    const other = [...l.chain.subnetList()].find((n) => n !== first)!;
    const whale = l.chain.addColdkey(0);
    l.chain.apply({ kind: 'transfer', coldkey: l.world.inertColdkey, toColdkey: whale, tao: 5000 });
    l.chain.apply({ kind: 'stake', coldkey: whale, hotkey: l.world.rootValidators[0]!, netuid: other, tao: 5000 });
    l.run(3 * DAY);
    expect(a.rebalances).toBe(2);
    expect(a.holdings.find((h) => h.netuid === first)!.selling).toBe(true);
    expect(l.chain.stake(a.holdings[0]!.hotkey, a.coldkeys[0]!, first)).toBe(0);
    expect(a.holdings.some((h) => h.netuid === other && !h.selling && h.spent > 0)).toBe(true);
  });
});
