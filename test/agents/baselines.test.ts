// Baselines (docs/agent-models.md §5): passive root stakers, emission sellers, noise traders.
import { describe, expect, it } from 'vitest';
import { type EmissionSeller, type NoiseTrader, noiseTraderFamily, type PassiveStaker } from '../../src/agents/baselines.ts';
import { ParamError } from '../../src/agents/params.ts';
import type { PopulationSpec } from '../../src/agents/types.ts';
import { ROOT } from '../../src/market/types.ts';
import { Sim } from './familyHarness.ts';
import { DAY, Launch } from './launchKit.ts';

const DEEP = { initialPoolTao: 1e6, initialPoolAlpha: 1e6, issued: 2e7 };

function meanVar(x: number[]): [number, number] {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return [m, x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1)];
}

describe('passive root stakers (§5a)', () => {
  it('trade counts are Poisson(λ_rd · days): re-delegations only, each to another validator', () => {
    const days = 8;
    const L = new Launch('passive', [{ family: 'passiveStaker', count: 300, params: { redelegateRate: 0.5, wealth: 100 } }]);
    L.run(days * DAY);
    const stakers = L.pop.agentsOf('passiveStaker') as PassiveStaker[];
    const [mean, variance] = meanVar(stakers.map((s) => s.trades));
    const lambda = 0.5 * days;
    expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / stakers.length));
    expect(variance / mean).toBeGreaterThan(0.75); // index of dispersion of a Poisson count is 1
    expect(variance / mean).toBeLessThan(1.3);
    const sent = L.sentBy('passiveStaker');
    expect(sent.length).toBe(stakers.reduce((a, s) => a + s.trades, 0));
    for (const s of sent) {
      expect(s.action.kind).toBe('move');
      const m = s.action as { fromHotkey: number; toHotkey: number; toNetuid: number };
      expect(m.toHotkey).not.toBe(m.fromHotkey);
      expect(m.toNetuid).toBe(ROOT);
      expect(s.ok).toBe(true);
    }
  });

  it('never trade when both rates are 0; on exit they hold their root stake as free TAO', () => {
    const idle = new Launch('idle', [{ family: 'passiveStaker', count: 50, params: { redelegateRate: 0, exitRate: 0 } }]);
    idle.run(2 * DAY);
    expect(idle.sentBy('passiveStaker').length).toBe(0);
    const L = new Launch('exit', [{ family: 'passiveStaker', count: 100, params: { redelegateRate: 0, exitRate: 1, wealth: 100 } }]);
    L.run(5 * DAY);
    const stakers = L.pop.agentsOf('passiveStaker') as PassiveStaker[];
    const exited = stakers.filter((s) => s.exited);
    expect(exited.length).toBeGreaterThan(95); // P(no exit in 5 days at 1/day) = e^−5
    for (const s of exited) {
      expect(L.chain.balance(s.coldkey)).toBeGreaterThanOrEqual(100 * (1 - 1e-12)); // root is 1:1, plus any dividends
      expect(L.chain.positionsOf(s.coldkey).length).toBe(0);
    }
    for (const s of stakers.filter((x) => !x.exited)) expect(L.chain.balance(s.coldkey)).toBe(0);
  });

  it('choose their genesis validator by preferential attachment to stake', () => {
    const topShare = (attachment: number): number => {
      // Small wealth: each new staker barely changes the stakes the next one sees (with large wealth the
      // first stakers' picks snowball — the Yule process preferential attachment is).
      const L = new Launch('pa', [{ family: 'passiveStaker', count: 400, params: { attachment, redelegateRate: 0, wealth: 0.01 } }], { rootValidators: 4 });
      const top = L.world.rootValidators[0]!;
      return (L.pop.agentsOf('passiveStaker') as PassiveStaker[]).filter((s) => s.validator === top).length / 400;
    };
    const flat = topShare(0);
    expect(flat).toBeGreaterThan(0.18); // uniform over 4
    expect(flat).toBeLessThan(0.32);
    expect(topShare(2)).toBeGreaterThan(flat + 0.25);
  });
});

describe('emission sellers (§5b)', () => {
  it('take over the lowest unclaimed genesis owners and sell ρ_s of the alpha they receive, never buying', () => {
    const L = new Launch('sellers', [
      { family: 'emissionSeller', count: 2, params: { sellFraction: 1 } },
      { family: 'emissionSeller', count: 2, params: { sellFraction: 0.5 } },
    ], DEEP);
    const sellers = L.pop.agentsOf('emissionSeller') as EmissionSeller[];
    expect(sellers.map((s) => s.coldkey)).toEqual([1, 2, 3, 4].map((n) => L.world.ownerColdkeys[n]));
    L.run(3 * DAY);
    expect(L.sentBy('emissionSeller').every((s) => s.action.kind === 'unstake' && s.ok)).toBe(true);
    for (const s of sellers) {
      expect(s.received).toBeGreaterThan(1000); // 18% owner cut of ~1 alpha a block, for 3 days
      // What it still owes is at most the last chunk's worth of new alpha.
      const ratio = s.sold / s.received;
      expect(Math.abs(ratio - s.p.sellFraction)).toBeLessThan(0.05);
    }
  });

  it('tolerance caps each chunk: in a shallow pool most of the owed alpha waits', () => {
    const L = new Launch('shallow', [{ family: 'emissionSeller', count: 1, params: { sellFraction: 1, slippage: 0.001 } }]);
    L.run(2 * DAY);
    const s = L.pop.agentsOf('emissionSeller')[0] as EmissionSeller;
    const cap = (0.001 * L.chain.subnets.alphaIn[1]!) / 0.999;
    for (const x of L.sentBy('emissionSeller')) expect((x.action as { alpha: number }).alpha).toBeLessThanOrEqual(cap * 5);
    expect(s.sold / s.received).toBeLessThan(0.9);
  });

  it('fail with a clear error when no genesis owner is left to take over', () => {
    expect(() => new Launch('too-many', [{ family: 'emissionSeller', count: 9 }])).toThrow(ParamError);
    expect(() => new Launch('too-many', [{ family: 'emissionSeller', count: 9 }])).toThrow(/no unclaimed genesis owner left \(the world has 8\)/);
  });
});

describe('noise traders (§5c)', () => {
  const spec: PopulationSpec = [{ family: 'noiseTrader', count: 40, params: { seedInventory: 500, wealth: 1e4 } }];

  it('have mean net flow ≈ 0 (t-test), as many buys as sells, and rarely capped sells', () => {
    const L = new Launch('noise', spec, DEEP);
    L.run(3 * DAY);
    const traders = L.pop.agentsOf('noiseTrader') as NoiseTrader[];
    const tIn = traders.reduce((a, t) => a + t.taoIn, 0);
    const tOut = traders.reduce((a, t) => a + t.taoOut, 0);
    const buys = traders.reduce((a, t) => a + t.buys, 0);
    const sells = traders.reduce((a, t) => a + t.sells, 0);
    const n = buys + sells;
    expect(n).toBeGreaterThan(2000); // 40 × 24/day × 3 days ≈ 2880
    expect(Math.abs(buys - sells)).toBeLessThan(4 * Math.sqrt(n / 4)); // Binomial(n, ½)
    // Per-trade net flow is +ΔT (buy) or −ΔT (sell), ΔT ~ LogNormal: its mean is 0 within 3 standard errors.
    // The sd of a trade's flow is the root mean square of the sizes (the buys' sizes are a sample of them).
    const sizes = L.sentBy('noiseTrader', 'stake').map((s) => (s.action as { tao: number }).tao);
    const rms = Math.sqrt(sizes.reduce((a, x) => a + x * x, 0) / sizes.length);
    expect(Math.abs((tIn - tOut) / n)).toBeLessThan((3 * rms) / Math.sqrt(n));
    expect(traders.reduce((a, t) => a + t.capped, 0) / sells).toBeLessThan(0.05);
  });

  it('never condition on prices: a pump elsewhere leaves their subnet and side choices unchanged', () => {
    const choices = (pump: boolean): string => {
      const L = new Launch('noise-pump', spec, DEEP);
      const trader = L.chain.addColdkey(1e8);
      L.run(2 * DAY, (b) => {
        if (pump && b % 360 === 0) L.chain.apply({ kind: 'stake', coldkey: trader, hotkey: L.world.rootValidators[0]!, netuid: 3, tao: 5000 });
      });
      return L.sentBy('noiseTrader').map((s) => `${s.block}:${s.action.kind}:${(s.action as { netuid: number }).netuid}`).join(',');
    };
    const calm = choices(false);
    expect(calm.length).toBeGreaterThan(1000);
    expect(choices(true)).toBe(calm);
  });
});

// The history run's flow-era entrants (docs/calibration.md "The history world"): a 1-TAO pool opened in a network
// of deep pools. Unlimited noise orders (median 0.5 TAO) take it far past its opening price in a day: they can only
// buy there until they hold some. With maxPriceImpact an order that would move the price more is not sent, so the
// thin pool sees only the few small orders it can take and stays near where it opened.
describe('noise traders in a thin pool (maxPriceImpact)', () => {
  function thinPool(maxPriceImpact: number) {
    const sim = new Sim('noise-thin', { blockEmission: 0 }); // no injection: the pools move on the orders alone
    for (let k = 0; k < 3; k++) sim.subnet(10_000, 10_000);
    const thin = sim.subnet(1, 1);
    // without emission no epoch gives permits: the owners' hotkeys (UID 0) stand in as the validators to stake with
    const owners = [1, 2, 3, thin].map((n) => sim.chain.neurons.hotkey[n * sim.chain.maxUids]!);
    (sim.world as { rootValidators: Int32Array }).rootValidators = Int32Array.from(owners);
    const traders = sim.add(noiseTraderFamily, 40, { wealth: 1e4, maxPriceImpact }) as NoiseTrader[];
    let peak = 0, maxStep = 0, last = sim.chain.spotPrice(thin);
    sim.run(DAY, () => {
      const p = sim.chain.spotPrice(thin);
      peak = Math.max(peak, p);
      maxStep = Math.max(maxStep, p / last, last / p);
      last = p;
    });
    const inThin = sim.log.filter((e) => e.ok && (e.action as { netuid?: number }).netuid === thin).length;
    return { peak, maxStep, inThin, limited: traders.reduce((a, t) => a + t.limited, 0) };
  }

  it('each order moves the thin pool by at most the limit; without it the price blows up', () => {
    const capped = thinPool(0.1);
    // 40 × 24 trades a day over 4 subnets: ~120 buys land on the thin pool, nearly all too large for it
    expect(capped.limited).toBeGreaterThan(80);
    expect(capped.maxStep).toBeLessThanOrEqual(1.1 * (1 + 1e-9));
    expect(capped.peak).toBeLessThan(2);
    const free = thinPool(1e6);
    expect(free.inThin).toBeGreaterThan(100);
    expect(free.limited).toBe(0);
    expect(free.peak).toBeGreaterThan(10);
    expect(free.maxStep).toBeGreaterThan(2);
  });

  it('does not bind in deep pools: the same orders as with the limit off', () => {
    const orders = (maxPriceImpact: number) => {
      const L = new Launch('noise-deep', [{ family: 'noiseTrader', count: 20, params: { seedInventory: 500, wealth: 1e4, maxPriceImpact } }], DEEP);
      L.run(DAY);
      return L.sentBy('noiseTrader').map((s) => JSON.stringify(s.action)).join('\n');
    };
    const limited = orders(0.1);
    expect(limited.length).toBeGreaterThan(1000);
    expect(orders(1e6)).toBe(limited);
  });
});
