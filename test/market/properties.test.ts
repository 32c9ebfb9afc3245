// Property tests over random action sequences: conservation, no negative balances, no free money from a
// round trip, rejected actions change nothing, determinism (issue #2 "Tests").
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/market/types.ts';
import { snapshot, testChain } from './helpers.ts';

const RULE_SETS = ['launch-2025-02', 'flow-2025-11', 'current-2026-06', 'root-vote'] as const;
const runs = Number(process.env.CHAIN_PROPERTY_RUNS ?? 40);

/** A random action among a few keys; amounts may be bad on purpose (negative, NaN, huge). */
const amount = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: 0.001, max: 50, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0, Number.NaN, Number.POSITIVE_INFINITY, 1e12) },
);
const step = fc.record({
  kind: fc.constantFrom('stake', 'unstake', 'move', 'transfer', 'transferStake', 'setWeights', 'registerNeuron', 'setTake', 'wait'),
  who: fc.integer({ min: 0, max: 2 }),
  netuid: fc.integer({ min: 0, max: 4 }), // 4 does not exist: unknown subnet
  netuid2: fc.integer({ min: 0, max: 3 }),
  amount,
  blocks: fc.integer({ min: 1, max: 400 }),
});

type StepValue = {
  kind: string; who: number; netuid: number; netuid2: number; amount: number; blocks: number;
};

function build(ruleSet: string) {
  const t = testChain(ruleSet, {}, 3, 2);
  const c = t.chain;
  const traders = [t.trader];
  const hotkeys = [t.traderHotkey];
  for (let k = 0; k < 2; k++) {
    const ck = c.addColdkey(1000);
    traders.push(ck);
    hotkeys.push(c.addHotkey(ck));
  }
  return { t, c, traders, hotkeys };
}

function toAction(s: StepValue, traders: number[], hotkeys: number[], validators: number[]): Action | null {
  const ck = traders[s.who]!;
  const hk = s.who === 0 ? validators[0]! : hotkeys[s.who]!;
  switch (s.kind) {
    case 'stake': return { kind: 'stake', coldkey: ck, hotkey: hk, netuid: s.netuid, tao: s.amount };
    case 'unstake': return { kind: 'unstake', coldkey: ck, hotkey: hk, netuid: s.netuid, alpha: s.amount };
    case 'move': return { kind: 'move', coldkey: ck, fromHotkey: hk, toHotkey: hotkeys[(s.who + 1) % 3]!, fromNetuid: s.netuid, toNetuid: s.netuid2, alpha: s.amount };
    case 'transfer': return { kind: 'transfer', coldkey: ck, toColdkey: traders[(s.who + 1) % 3]!, tao: s.amount };
    case 'transferStake': return { kind: 'transferStake', coldkey: ck, toColdkey: traders[(s.who + 2) % 3]!, hotkey: hk, netuid: s.netuid, alpha: s.amount };
    case 'setWeights': return { kind: 'setWeights', hotkey: validators[s.who]!, netuid: s.netuid, weights: [0, 1, s.amount, 2, 1, 1, 1] };
    case 'registerNeuron': return { kind: 'registerNeuron', coldkey: ck, hotkey: hotkeys[s.who]!, netuid: s.netuid };
    case 'setTake': return { kind: 'setTake', coldkey: ck, hotkey: hotkeys[s.who]!, take: s.amount / 100 };
    default: return null;
  }
}

describe.each(RULE_SETS)('chain properties under %s', (ruleSet) => {
  it('random action sequences: TAO conserved, nothing negative, rejections change nothing', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 5, maxLength: 40 }), (steps) => {
        const { t, c, traders, hotkeys } = build(ruleSet);
        for (const s of steps) {
          const a = toAction(s, traders, hotkeys, t.validators);
          if (!a) {
            for (let b = 0; b < s.blocks; b++) c.step();
            continue;
          }
          const before = snapshot(c);
          const r = c.apply(a);
          if (!r.ok) expect(snapshot(c)).toBe(before);
          const errors = c.checkInvariants();
          if (errors.length) throw new Error(`${JSON.stringify(a)} → ${errors.join('; ')}`);
        }
      }),
      { numRuns: runs },
    );
  });

  it('a stake followed at once by an unstake of everything never returns more TAO than paid', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 20, noNaN: true }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 800 }), (tao, netuid, warm) => {
        const { c, traders, hotkeys } = build(ruleSet);
        for (let b = 0; b < warm; b++) c.step();
        const before = c.balance(traders[1]!);
        const r = c.apply({ kind: 'stake', coldkey: traders[1]!, hotkey: hotkeys[1]!, netuid, tao });
        if (!r.ok) return;
        const held = c.stake(hotkeys[1]!, traders[1]!, netuid);
        c.apply({ kind: 'unstake', coldkey: traders[1]!, hotkey: hotkeys[1]!, netuid, alpha: held });
        expect(c.balance(traders[1]!)).toBeLessThanOrEqual(before * (1 + 1e-12));
      }),
      { numRuns: runs },
    );
  });
});

describe('determinism', () => {
  it('the same inputs give bit-identical state', () => {
    const play = () => {
      const { t, c, traders, hotkeys } = build('current-2026-06');
      for (let b = 0; b < 1500; b++) {
        if (b % 97 === 0) c.apply({ kind: 'stake', coldkey: traders[b % 3]!, hotkey: hotkeys[b % 3]!, netuid: 1 + (b % 3), tao: 0.5 });
        if (b === 400) for (const v of t.validators) c.apply({ kind: 'setWeights', hotkey: v, netuid: 1, weights: [0, 0, 0, 0, 1, 2] });
        c.step();
      }
      return snapshot(c);
    };
    expect(play()).toBe(play());
  });
});
