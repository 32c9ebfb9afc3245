// The coinbase, epoch distribution, schedules and registration (docs/chain-rules.md §3, §4, §8).
import { describe, expect, it } from 'vitest';
import { networkLockCost } from '../../src/market/registration.ts';
import { ROOT } from '../../src/market/types.ts';
import { run, setMinerWeights, testChain } from './helpers.ts';

describe('distribution at the epoch (§4)', () => {
  it('splits alpha_out 18% owner, 41% miners, 41% validators when tao_weight is 0', () => {
    const t = testChain('launch-2025-02', { taoWeight: 0 }, 2, 3);
    const c = t.chain;
    // Validators need alpha stake when root counts for nothing.
    for (const netuid of c.subnetList()) for (const v of t.validators) {
      expect(c.apply({ kind: 'stake', coldkey: t.trader, hotkey: v, netuid, tao: 2 }).ok).toBe(true);
    }
    run(c, 400); // first epoch: permits
    expect(setMinerWeights(t)).toBe(0);
    run(c, 361 * 3);
    const s = c.subnets;
    for (const i of c.subnetList()) {
      const paid = s.cumOwnerCut[i]! + s.cumMinerAlpha[i]! + s.cumValidatorAlpha[i]!;
      expect(s.cumOwnerCut[i]! / paid).toBeCloseTo(0.18, 3);
      // The first epoch had no weights: miners' share went to validators; count from the weighted epochs.
      expect(s.cumMinerAlpha[i]).toBeGreaterThan(0);
      expect(s.rootProp[i]).toBe(0);
      expect(s.cumRootDividendsTao[i]).toBe(0);
    }
    expect(c.checkInvariants()).toEqual([]);
  });

  it('with tao_weight 0.18 root stakers earn TAO at launch (root alpha sold each block)', () => {
    const t = testChain('launch-2025-02', {}, 2, 3);
    const c = t.chain;
    const rootBefore = c.subnets.taoIn[ROOT]!;
    run(c, 400);
    setMinerWeights(t);
    run(c, 800);
    // Launch root dividends are root stake outside SubnetTAO[0] (errata E9): the pool itself does not grow.
    expect(c.subnets.taoIn[ROOT]).toBe(rootBefore);
    expect(c.rootStakeOutsidePool).toBeGreaterThan(0);
    expect(c.subnets.cumRootDividendsTao[1]).toBeGreaterThan(0);
    // Nominators gain pro rata: the holder's root stake grew without minting shares for it.
    expect(c.stake(t.validators[2]!, t.holder, ROOT)).toBeGreaterThan(300_000);
    expect(c.checkInvariants()).toEqual([]);
  });

  it('miners are paid by incentive; the owner-hotkey UID incentive is burned at HEAD', () => {
    const t = testChain('current-2026-06', {}, 1, 3);
    const c = t.chain;
    run(c, 400);
    setMinerWeights(t);
    run(c, 400);
    const pay = t.miners[0]!.map((h) => c.hotkeyStake(h, 1));
    expect(pay[2]).toBeGreaterThan(pay[1]!);
    expect(pay[1]).toBeGreaterThan(pay[0]!);
    expect(c.checkInvariants()).toEqual([]);
  });
});

describe('epoch schedule (§4.3)', () => {
  it('staggered: (block + netuid + 1) % (tempo + 1) == tempo (errata E10)', () => {
    const t = testChain('launch-2025-02', {}, 3, 1);
    const c = t.chain;
    run(c, 800);
    for (const i of c.subnetList()) {
      const last = c.subnets.lastEpochBlock[i]!;
      expect((last + i + 1) % 361).toBe(360);
      expect(c.block - last).toBeLessThanOrEqual(361);
    }
  });
  it('dynamic: at most MaxEpochsPerBlock epochs per block, the rest deferred', () => {
    const t = testChain('current-2026-06', { maxEpochsPerBlock: 1 }, 4, 1);
    const c = t.chain;
    run(c, 10);
    for (const i of c.subnetList()) c.subnets.lastEpochBlock[i] = c.block - 360; // all due now
    const seen = new Set<number>();
    for (let b = 0; b < 4; b++) {
      c.step();
      const ran = [...c.subnetList()].filter((i) => c.subnets.lastEpochBlock[i] === c.block - 1);
      expect(ran.length).toBe(1);
      for (const i of ran) seen.add(i);
    }
    expect(seen.size).toBe(4);
  });
});

describe('registration (§8)', () => {
  it('lock cost doubles on registration and decays linearly to the minimum', () => {
    expect(networkLockCost(100, 0, 0, 1, 100_800, 1)).toBe(100);
    expect(networkLockCost(100, 5000, 5000, 1, 100_800, 1)).toBe(200);
    expect(networkLockCost(100, 5000, 5000 + 50_400, 1, 100_800, 1)).toBeCloseTo(150, 9);
    expect(networkLockCost(100, 5000, 5000 + 1e7, 1, 100_800, 1)).toBe(1);
  });

  it('registerSubnet pays the lock, is rate limited, and the next lock doubles', () => {
    const t = testChain('launch-2025-02', { subnetLimit: 0 }, 2, 0);
    const c = t.chain;
    const o = c.addColdkey(0);
    c.apply({ kind: 'transfer', coldkey: t.trader, toColdkey: o, tao: 100 });
    const h = c.addHotkey(o);
    run(c, 10);
    const lock = c.lockCost();
    const r = c.apply({ kind: 'registerSubnet', coldkey: o, hotkey: h });
    expect(r.ok).toBe(true);
    expect(c.balance(o)).toBeCloseTo(100 - lock, 9);
    expect(c.subnetExists(r.id)).toBe(true);
    expect(c.apply({ kind: 'registerSubnet', coldkey: o, hotkey: h }).reason).toBe('RATE_LIMITED');
    expect(c.lockCost()).toBeCloseTo(2 * lock, 9);
    expect(c.checkInvariants()).toEqual([]);
  });

  it('at the subnet limit the lowest-moving-price non-immune subnet is dissolved and its stakers repaid', () => {
    const t = testChain('flow-2025-11', { subnetLimit: 3, networkImmunityPeriod: 100, networkRateLimit: 0 }, 3, 0);
    const c = t.chain;
    run(c, 200);
    c.subnets.movingPrice[2] = 1e-9; // make subnet 2 the cheapest
    c.apply({ kind: 'stake', coldkey: t.trader, hotkey: t.traderHotkey, netuid: 2, tao: 50 });
    const before = c.balance(t.trader);
    const o = c.addColdkey(0);
    c.apply({ kind: 'transfer', coldkey: t.trader, toColdkey: o, tao: 10 });
    const r = c.apply({ kind: 'registerSubnet', coldkey: o, hotkey: c.addHotkey(o) });
    expect(r.ok).toBe(true);
    expect(r.id).toBe(2);
    expect(c.subnets.owner[2]).toBe(o);
    expect(c.balance(t.trader)).toBeGreaterThan(before - 10 + 40); // repaid most of the 50 TAO staked
    expect(c.checkInvariants()).toEqual([]);
  });

  it('a full subnet prunes the lowest-emission non-immune UID', () => {
    const t = testChain('launch-2025-02', { maxUids: 8, immunityPeriod: 10, minNonImmuneUids: 0 }, 1, 4);
    const c = t.chain;
    run(c, 400);
    setMinerWeights(t);
    run(c, 400);
    expect(c.subnets.nUids[1]).toBe(8);
    const weakest = t.miners[0]![0]!; // weight 1: lowest emission
    const mc = c.addColdkey(0);
    c.apply({ kind: 'transfer', coldkey: t.trader, toColdkey: mc, tao: 5 });
    const mh = c.addHotkey(mc);
    const r = c.apply({ kind: 'registerNeuron', coldkey: mc, hotkey: mh, netuid: 1 });
    expect(r.ok).toBe(true);
    expect(c.uidOf(weakest, 1)).toBe(-1);
    expect(c.uidOf(mh, 1)).toBe(r.id);
    expect(c.recycled).toBe(0); // the burn is swapped into the pool and the alpha burned (errata E3)
    expect(c.alphaBurned[1]).toBeGreaterThan(0);
    expect(c.checkInvariants()).toEqual([]);
  });
});

describe('pools under each era', () => {
  it('weighted pool: emission injection keeps the price', () => {
    const t = testChain('current-2026-06', {}, 2, 0);
    const c = t.chain;
    c.apply({ kind: 'stake', coldkey: t.trader, hotkey: t.traderHotkey, netuid: 1, tao: 5 });
    run(c, 5);
    const p = c.spotPrice(1);
    const w = c.subnets.weightT[1];
    c.step();
    // Only injection moved the pool (no users, no epoch): price within the chain buy's effect.
    if (c.subnets.protocolAlpha[1] === 0) expect(c.spotPrice(1)).toBeCloseTo(p, 9);
    expect(c.subnets.weightT[1]).not.toBe(w);
  });
});
