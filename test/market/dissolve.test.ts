// Dissolving a subnet at the subnet limit keeps TAO conserved: the root dividends the launch rule set has
// already sold for TAO (pending root TAO, paid at the next epoch) go with the pool TAO to the alpha holders.
import { describe, expect, it } from 'vitest';
import { dissolveSubnet } from '../../src/market/dissolve.ts';
import { taoImbalance } from '../../src/market/invariants.ts';
import { run, setMinerWeights, testChain } from './helpers.ts';

describe('dissolveSubnet', () => {
  it('conserves TAO when the subnet holds pending root TAO, and pays it to the alpha holders', () => {
    const t = testChain('launch-2025-02', { subnetLimit: 3, networkImmunityPeriod: 100, networkRateLimit: 0 }, 3, 2);
    const c = t.chain;
    setMinerWeights(t);
    c.apply({ kind: 'stake', coldkey: t.trader, hotkey: t.traderHotkey, netuid: 2, tao: 50 });
    run(c, 200 + Math.floor(c.rules.tempo / 2)); // past immunity, mid-tempo: root dividends pending
    const pending = c.subnets.pendingRootTao[2]!;
    expect(pending).toBeGreaterThan(0);
    expect(c.checkInvariants()).toEqual([]);
    const pot = c.subnets.taoIn[2]! + pending;
    const balances = (): number => {
      let sum = 0;
      for (let k = 0; k < c.nColdkeys(); k++) sum += c.balance(k);
      return sum;
    };
    const before = balances();
    const recycled = c.recycled;
    dissolveSubnet(c, 2);
    expect(c.subnetExists(2)).toBe(false);
    expect(taoImbalance(c)).toBeCloseTo(0, 9);
    expect(c.checkInvariants()).toEqual([]);
    // All of the pot reaches the holders' free balances or is recycled, none vanishes.
    expect(balances() - before + (c.recycled - recycled)).toBeCloseTo(pot, 9);
    expect(balances() - before).toBeGreaterThan(pending); // the stakers get the pending root TAO too
  });

  it('a registration at the limit that prunes such a subnet keeps the invariants', () => {
    const t = testChain('launch-2025-02', { subnetLimit: 3, networkImmunityPeriod: 100, networkRateLimit: 0 }, 3, 2);
    const c = t.chain;
    setMinerWeights(t);
    run(c, 200 + Math.floor(c.rules.tempo / 2));
    c.subnets.movingPrice[2] = 1e-9; // make subnet 2 the one pruned
    expect(c.subnets.pendingRootTao[2]!).toBeGreaterThan(0);
    const o = c.addColdkey(0);
    c.apply({ kind: 'transfer', coldkey: t.trader, toColdkey: o, tao: 5000 });
    const r = c.apply({ kind: 'registerSubnet', coldkey: o, hotkey: c.addHotkey(o) });
    expect(r.ok).toBe(true);
    expect(r.id).toBe(2);
    expect(c.subnets.pendingRootTao[2]).toBe(0);
    expect(c.checkInvariants()).toEqual([]);
  });
});
