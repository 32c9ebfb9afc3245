// Every bad action is rejected with its reason code and changes nothing (issue #2, item 10).
import { describe, expect, it } from 'vitest';
import type { Action, RejectReason } from '../../src/market/types.ts';
import { run, snapshot, testChain } from './helpers.ts';

describe('actions validated by the chain', () => {
  const t = testChain('launch-2025-02', {}, 2, 2);
  const c = t.chain;
  run(c, 400); // permits issued
  const poor = c.addColdkey(0);
  const poorHot = c.addHotkey(poor);
  c.apply({ kind: 'stake', coldkey: t.trader, hotkey: t.traderHotkey, netuid: 1, tao: 0.5 });
  const miner = t.miners[0]![0]!;
  const cases: Array<[string, Action, RejectReason]> = [
    ['negative stake', { kind: 'stake', coldkey: t.trader, hotkey: t.traderHotkey, netuid: 1, tao: -1 }, 'BAD_AMOUNT'],
    ['NaN stake', { kind: 'stake', coldkey: t.trader, hotkey: t.traderHotkey, netuid: 1, tao: Number.NaN }, 'BAD_AMOUNT'],
    ['infinite stake', { kind: 'stake', coldkey: t.trader, hotkey: t.traderHotkey, netuid: 1, tao: Infinity }, 'BAD_AMOUNT'],
    ['more than held', { kind: 'stake', coldkey: poor, hotkey: poorHot, netuid: 1, tao: 1 }, 'INSUFFICIENT_BALANCE'],
    ['below minimum stake', { kind: 'stake', coldkey: t.trader, hotkey: t.traderHotkey, netuid: 1, tao: 0.0001 }, 'BELOW_MIN_STAKE'],
    ['unknown subnet', { kind: 'stake', coldkey: t.trader, hotkey: t.traderHotkey, netuid: 99, tao: 1 }, 'UNKNOWN_SUBNET'],
    ['unknown coldkey', { kind: 'stake', coldkey: 9999, hotkey: t.traderHotkey, netuid: 1, tao: 1 }, 'UNKNOWN_COLDKEY'],
    ['unknown hotkey', { kind: 'stake', coldkey: t.trader, hotkey: 9999, netuid: 1, tao: 1 }, 'UNKNOWN_HOTKEY'],
    ['unstake more than staked', { kind: 'unstake', coldkey: t.trader, hotkey: t.traderHotkey, netuid: 1, alpha: 1e6 }, 'INSUFFICIENT_STAKE'],
    // Launch rules (errata E13): an unstake must be worth more than the minimum stake; leaving dust is allowed.
    ['unstake worth less than the minimum stake', { kind: 'unstake', coldkey: t.trader, hotkey: t.traderHotkey, netuid: 1, alpha: 0.0001 }, 'BELOW_MIN_STAKE'],
    ['transfer too much', { kind: 'transfer', coldkey: poor, toColdkey: t.trader, tao: 1 }, 'INSUFFICIENT_BALANCE'],
    ['weights without UID', { kind: 'setWeights', hotkey: t.traderHotkey, netuid: 1, weights: [1] }, 'NOT_REGISTERED'],
    ['weights without permit', { kind: 'setWeights', hotkey: miner, netuid: 1, weights: [1, 1] }, 'NO_VALIDATOR_PERMIT'],
    ['negative weights', { kind: 'setWeights', hotkey: t.validators[0]!, netuid: 1, weights: [1, -1] }, 'BAD_WEIGHTS'],
    ['NaN weights', { kind: 'setWeights', hotkey: t.validators[0]!, netuid: 1, weights: [1, Number.NaN] }, 'BAD_WEIGHTS'],
    ['infinite weights', { kind: 'setWeights', hotkey: t.validators[0]!, netuid: 1, weights: [Infinity, 1] }, 'BAD_WEIGHTS'],
    ['all-zero weights', { kind: 'setWeights', hotkey: t.validators[0]!, netuid: 1, weights: [0, 0] }, 'BAD_WEIGHTS'],
    ['register twice', { kind: 'registerNeuron', coldkey: t.holder, hotkey: t.validators[0]!, netuid: 1 }, 'ALREADY_REGISTERED'],
    ['register a hotkey of another coldkey', { kind: 'registerNeuron', coldkey: t.trader, hotkey: miner, netuid: 2 }, 'NOT_OWNER'],
    ['take above the maximum', { kind: 'setTake', coldkey: t.holder, hotkey: t.validators[0]!, take: 0.5 }, 'BAD_TAKE'],
    ['subnet without the lock', { kind: 'registerSubnet', coldkey: poor, hotkey: poorHot }, 'INSUFFICIENT_BALANCE'],
  ];
  it.each(cases)('%s is rejected and changes nothing', (_name, action, reason) => {
    const before = snapshot(c);
    const counted = c.rejections[reason];
    const r = c.apply(action);
    expect(r.ok).toBe(false);
    expect(r.reason).toBe(reason);
    expect(c.rejections[reason]).toBe(counted + 1);
    expect(snapshot(c)).toBe(before);
  });

  it('a buy that would drain the pool below its minimum liquidity is rejected', () => {
    const fresh = testChain('launch-2025-02', {}, 1, 0);
    const before = snapshot(fresh.chain);
    const r = fresh.chain.apply({ kind: 'stake', coldkey: fresh.trader, hotkey: fresh.traderHotkey, netuid: 1, tao: 100 });
    expect(r.reason).toBe('POOL_LIQUIDITY');
    expect(snapshot(fresh.chain)).toBe(before);
  });

  it('a valid stake, move and unstake succeed and keep the books balanced', () => {
    const r1 = c.apply({ kind: 'stake', coldkey: t.trader, hotkey: t.traderHotkey, netuid: 2, tao: 0.5 });
    expect(r1.ok).toBe(true);
    const held = c.stake(t.traderHotkey, t.trader, 2);
    expect(held).toBeCloseTo(r1.alphaDelta, 12);
    const r2 = c.apply({ kind: 'move', coldkey: t.trader, fromHotkey: t.traderHotkey, toHotkey: t.validators[0]!, fromNetuid: 2, toNetuid: 0, alpha: held });
    expect(r2.ok).toBe(true);
    expect(c.stake(t.traderHotkey, t.trader, 2)).toBe(0);
    expect(c.stake(t.validators[0]!, t.trader, 0)).toBeGreaterThan(0.4);
    expect(c.checkInvariants()).toEqual([]);
  });
});
