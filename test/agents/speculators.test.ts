// Speculative launch demand (src/agents/speculators.ts): bids up new subnets, then exits.
import { describe, expect, it } from 'vitest';
import { type Speculator, speculatorFamily } from '../../src/agents/speculators.ts';
import { Sim } from './familyHarness.ts';
import { DAY, Launch } from './launchKit.ts';

/** 1-TAO pools as at the launch (data/observed L1b), so a few TAO move prices a lot. */
const THIN = { initialPoolTao: 1, initialPoolAlpha: 1 };

function maxPrice(l: Launch): number {
  let m = 0;
  for (const netuid of l.chain.subnetList()) m = Math.max(m, l.chain.spotPrice(netuid));
  return m;
}

describe('speculators', () => {
  it('bid new alphas up: the highest price after a day is far above the baseline world', () => {
    const base = new Launch('spec-a', [{ family: 'noiseTrader', count: 2, params: { wealth: 50 } }], THIN);
    const spec = new Launch('spec-a', [
      { family: 'noiseTrader', count: 2, params: { wealth: 50 } },
      { family: 'speculator', count: 5, params: { wealth: 400, picks: 2, takeProfit: 1000, maxHoldDays: 100 } },
    ], THIN);
    base.run(DAY);
    spec.run(DAY);
    expect(maxPrice(spec)).toBeGreaterThan(3 * maxPrice(base));
    expect(spec.sentBy('speculator', 'stake').filter((s) => s.ok).length).toBeGreaterThan(10);
  });

  it('pick on expectation: with no hype every speculator buys the highest-quality subnets', () => {
    const l = new Launch('spec-b', [{ family: 'speculator', count: 3, params: { wealth: 5, picks: 2, hype: 0 } }], THIN);
    l.run(200);
    const q = l.world.subnetQuality;
    const best = [...l.chain.subnetList()].sort((a, b) => q[b]! - q[a]!).slice(0, 2).sort();
    for (const a of l.pop.agentsOf('speculator') as Speculator[]) {
      expect(a.positions.map((p) => p.netuid).sort()).toEqual(best);
    }
  });

  it('take profit: a low takeProfit sells within days, and every position is closed by maxHoldDays', () => {
    const l = new Launch('spec-c', [
      { family: 'speculator', count: 4, params: { wealth: 10, picks: 2, takeProfit: 1.2, maxHoldDays: 4, newDays: 1 } },
    ], THIN);
    l.run(6 * DAY);
    const sells = l.sentBy('speculator', 'unstake').filter((s) => s.ok);
    expect(sells.length).toBeGreaterThan(0);
    for (const a of l.pop.agentsOf('speculator') as Speculator[]) {
      expect(a.positions.length).toBeGreaterThan(0);
      for (const p of a.positions) {
        expect(p.state).toBe(3);
        expect(l.chain.stake(p.hotkey, a.coldkeys[0]!, p.netuid)).toBe(0);
      }
    }
    // nothing is bought after the subnets stopped being new (newDays = 1)
    expect(l.sentBy('speculator', 'stake').every((s) => s.block <= DAY + 1)).toBe(true);
  });

  it('only new subnets: a speculator that arrives after newDays buys nothing', () => {
    const l = new Launch('spec-d', [{ family: 'speculator', count: 3, params: { wealth: 10, newDays: 0.01 } }], THIN);
    // newDays 0.01 = 72 blocks; its first wake is within the first hour (24 wakes a day) — run past it and count.
    l.run(2 * DAY);
    const stakes = l.sentBy('speculator', 'stake');
    expect(stakes.every((s) => s.block <= 0.01 * DAY)).toBe(true);
  });

  // The history run's flow-era entrants (docs/calibration.md "The history world"): a thin new pool in a
  // mature network where the typical alpha costs 0.01 TAO. Each chunk is small against the pool, but twenty
  // speculators adding chunks every hour compound its price; maxEntryPremium bounds the campaign.
  function entrants(premium: number) {
    const sim = new Sim('spec-limit');
    const mature: number[] = [];
    for (let k = 0; k < 5; k++) mature.push(sim.subnet(100, 10_000)); // price 0.01
    for (const n of mature) sim.chain.subnets.registeredAt[n] = -30 * DAY; // long established: not new
    const fresh = sim.subnet(1, 1); // an entrant's 1-TAO pool at price 1, 100× the typical alpha
    const thin = sim.subnet(0.002, 500); // an entrant's pool after its first alpha was sold into it
    sim.add(speculatorFamily, 20, { wealth: 1000, picks: 2, takeProfit: 1000, maxHoldDays: 100, maxEntryPremium: premium });
    const start = sim.chain.spotPrice(thin);
    let peakThin = 0;
    sim.run(DAY, () => (peakThin = Math.max(peakThin, sim.chain.spotPrice(thin))));
    const bought = (n: number) => sim.log.filter((e) => e.ok && e.action.kind === 'stake' && e.action.netuid === n).length;
    return { start, peakThin, freshPrice: sim.chain.spotPrice(fresh), freshBuys: bought(fresh), thinBuys: bought(thin) };
  }

  it('maxEntryPremium: no bids above 10× the median alpha price at the opening, however many speculators', () => {
    const capped = entrants(10);
    // the limit is 10 × 0.01 (the median of the seven prices at the opening); one chunk may overshoot by ~2σ
    expect(capped.freshBuys).toBe(0);
    expect(capped.freshPrice).toBeLessThanOrEqual(1);
    expect(capped.thinBuys).toBeGreaterThan(0);
    expect(capped.peakThin).toBeGreaterThan(100 * capped.start);
    expect(capped.peakThin).toBeLessThan(0.1 * 1.25);
    // without the limit (1e6×) the same buyers drive both pools far past any fundamental
    const free = entrants(1e6);
    expect(free.freshBuys).toBeGreaterThan(0);
    expect(free.peakThin).toBeGreaterThan(10);
  });
});
