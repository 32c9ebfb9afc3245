// Retail herders (agent-models §1): attention concentration, T1.1 uniform limit, T1.7 attention set of one,
// shared influencer shocks, and reproducibility of decisions.
import { describe, expect, it } from 'vitest';
import type { Herder, Influencer } from '../../src/agents/herders.ts';
import type { PopulationSpec, ValueSpec } from '../../src/agents/types.ts';
import { DAY, Launch } from './launchKit.ts';

// Deep pools (1M TAO each) so emission barely moves prices: only the scripted trader and the herders do.
const DEEP = { initialPoolTao: 1e6, initialPoolAlpha: 1e6, issued: 2e7 };

function herders(count: number, params: Record<string, ValueSpec>): PopulationSpec {
  return [{ family: 'herder', count, params: { wealth: 50, influencerRate: 0, ...params } }];
}

/** A scripted trader buys 2000 TAO of each `hot` subnet every 360 blocks: returns, volume and inflows there. */
function pump(L: Launch, hot: number[]): (block: number) => void {
  const trader = L.chain.addColdkey(1e8);
  const hotkey = L.world.rootValidators[0]!;
  return (b) => {
    if (b % 360 === 0) for (const netuid of hot) L.chain.apply({ kind: 'stake', coldkey: trader, hotkey, netuid, tao: 2000 });
  };
}

/**
 * TAO the herders put into each netuid (index 0 = root). Stake value would mislead here: an early nominator on
 * an empty subnet collects most of its alpha dividends, so a 10-TAO stake can be worth 1000 a few days later.
 */
function taoBought(L: Launch): Float64Array {
  const v = new Float64Array(L.chain.maxNetuid);
  for (const s of L.sentBy('herder', 'stake')) if (s.ok) v[(s.action as { netuid: number }).netuid]! += (s.action as { tao: number }).tao;
  return v;
}

function buyCounts(L: Launch): number[] {
  const n = new Array<number>(L.chain.maxNetuid).fill(0);
  for (const s of L.sentBy('herder', 'stake')) n[(s.action as { netuid: number }).netuid]!++;
  return n;
}

describe('herders (§1)', () => {
  it('with attention K = 2 put ≥ 90% of their subnet buys into the two most salient subnets', () => {
    const L = new Launch('attention-2', herders(200, { attention: 2, bullFraction: 0.8 }), DEEP);
    L.run(4 * DAY, pump(L, [3, 6]));
    const v = taoBought(L);
    let subnets = 0;
    for (let i = 1; i < v.length; i++) subnets += v[i]!;
    expect(subnets).toBeGreaterThan(1000); // they did buy subnets
    expect((v[3]! + v[6]!) / subnets).toBeGreaterThanOrEqual(0.9);
    // With a wide attention set and strong news noise the same herders spread out.
    const W = new Launch('attention-2', herders(200, { attention: 8, bullFraction: 0.8, newsPrecision: 0.1, momentumWeight: 0, intensity: 0, herding: 0 }), DEEP);
    W.run(4 * DAY, pump(W, [3, 6]));
    const w = taoBought(W);
    let wide = 0;
    for (let i = 1; i < w.length; i++) wide += w[i]!;
    expect((w[3]! + w[6]!) / wide).toBeLessThan(0.4); // 2 of 8 subnets: ≈ 0.25
  });

  it('T1.1 uniform limit: with β = 0, η = 0 and a fixed attention set, buys are uniform over 𝒜 ∪ {root}', () => {
    // K = 64 ≥ 8 subnets: 𝒜 is every subnet, so the options are 8 subnets + root.
    const L = new Launch('uniform', herders(400, { attention: 64, intensity: 0, herding: 0, bullFraction: 1, moodRate: 0.1, moodHerding: 0, moodTrend: 0 }), DEEP);
    L.run(4 * DAY);
    const n = buyCounts(L);
    const total = n.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(450);
    const e = total / n.length;
    const chi2 = n.reduce((s, x) => s + ((x - e) * (x - e)) / e, 0);
    expect(chi2).toBeLessThan(20.09); // chi-square, 8 degrees of freedom, p = 0.01
    // The same test detects a preference: with β = 20 momentum chasing, a pumped subnet takes most buys.
    const P = new Launch('uniform', herders(400, { attention: 64, intensity: 20, herding: 0, bullFraction: 1, moodRate: 0.1, moodHerding: 0, moodTrend: 0 }), DEEP);
    P.run(4 * DAY, pump(P, [5]));
    const m = buyCounts(P);
    const tm = m.reduce((a, b) => a + b, 0);
    const chi2p = m.reduce((s, x) => s + ((x - tm / m.length) ** 2) / (tm / m.length), 0);
    expect(chi2p).toBeGreaterThan(20.09);
    expect(m[5]! / tm).toBeGreaterThan(0.5);
  });

  it('T1.7 attention set of one: every subnet buy goes to the single most salient subnet', () => {
    const L = new Launch('k1', herders(200, { attention: 1, newsPrecision: 1e6, bullFraction: 1 }), DEEP);
    L.run(3 * DAY, pump(L, [4]));
    const n = buyCounts(L);
    const subnetBuys = n.reduce((a, b) => a + b, 0) - n[0]!;
    expect(subnetBuys).toBeGreaterThan(100);
    expect(n[4]).toBe(subnetBuys);
  });

  it('influencer shocks are one process shared by all herders: promoted subnets draw the buys', () => {
    const L = new Launch('influencer', herders(300, { attention: 1, newsPrecision: 1e6, influencerRate: 1, influencerBoost: 20, bullFraction: 1, momentumWeight: 0, yieldWeight: 0 }), DEEP);
    L.run(4 * DAY);
    const hs = L.pop.agentsOf('herder') as Herder[];
    const inf = (hs[0] as unknown as { influencer: Influencer }).influencer;
    for (const h of hs) expect((h as unknown as { influencer: Influencer }).influencer).toBe(inf);
    let promoted = 0, other = 0;
    for (const s of L.sentBy('herder', 'stake')) {
      const netuid = (s.action as { netuid: number }).netuid;
      if (netuid === 0) continue;
      let any = false;
      for (let i = 1; i < L.chain.maxNetuid; i++) any ||= inf.promoted(i, s.block) > 0;
      if (!any) continue; // no shock running: salience is flat
      if (inf.promoted(netuid, s.block) > 0) promoted++;
      else other++;
    }
    expect(promoted).toBeGreaterThan(50);
    expect(other).toBe(0);
  });

  it('T1.3 mood noise only: with a₁ = a₂ = 0 the bull fraction is ½ whatever the market does; trend-chasing a₂ > 0 is not', () => {
    const all = [1, 2, 3, 4, 5, 6, 7, 8];
    const bulls = (a2: number, pumped: boolean): number => {
      const L = new Launch('mood', herders(400, { bullFraction: 1, moodHerding: 0, moodTrend: a2, wakeRate: 2, wakeDispersion: 0, attentionBoost: 0 }), DEEP);
      L.run(5 * DAY, pumped ? pump(L, all) : undefined);
      return (L.pop.agentsOf('herder') as Herder[]).filter((h) => h.bull).length / 400;
    };
    for (const pumped of [false, true]) {
      const f = bulls(0, pumped);
      expect(Math.abs(f - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / 400) + 0.02);
    }
    expect(bulls(1, true)).toBeGreaterThan(0.8);
  });

  it('same seed ⇒ same decisions; another seed ⇒ different decisions', () => {
    const spec = herders(150, { attention: 3, wealth: { dist: 'lognormal', median: 50, sigma: 1 } });
    const run = (seed: string): string => {
      const L = new Launch(seed, spec, DEEP);
      L.run(3 * DAY, pump(L, [2, 7]));
      return JSON.stringify(L.sentBy('herder'));
    };
    const a = run('seed-a');
    expect(a.length).toBeGreaterThan(1000);
    expect(run('seed-a')).toBe(a);
    expect(run('seed-b')).not.toBe(a);
  });

  it('sell only what they hold, and their capital is their genesis TAO', () => {
    const L = new Launch('holdings', herders(300, { attention: 2, bullFraction: 0.5, moodRate: 5 }), DEEP);
    L.run(4 * DAY, pump(L, [1, 8]));
    const sells = L.sentBy('herder', 'unstake');
    expect(sells.length).toBeGreaterThan(20);
    expect(sells.every((s) => s.ok)).toBe(true); // never an INSUFFICIENT_STAKE: only held positions are sold
    for (const a of L.pop.agentsOf('herder')) expect(a.ledger.capital).toBe(50);
  });
});

// Fundamental signal (qualityWeight, qualityNoise): herders tilt buys toward subnets they believe better than
// the average subnet, through private, persistent beliefs about latent quality.
describe('herders: quality beliefs (fundamental signal)', () => {
  // Everything but the quality term switched off: no momentum, yield, herding, mood changes; every subnet seen.
  const FUNDAMENTAL = { attention: 64, bullFraction: 1, moodRate: 0.1, moodHerding: 0, moodTrend: 0, momentumWeight: 0, yieldWeight: 0, herding: 0 };

  /** Share of subnet buys (TAO) going to subnets whose latent quality is above the median. */
  function highQualityShare(L: Launch): number {
    const v = taoBought(L);
    const q = Array.from(L.world.subnetQuality.subarray(1, 9));
    const med = [...q].sort((a, b) => a - b)[3]!; // 8 subnets: the top 4 are "high"
    let hi = 0, all = 0;
    for (let i = 1; i <= 8; i++) {
      all += v[i]!;
      if (L.world.subnetQuality[i]! > med) hi += v[i]!;
    }
    return hi / all;
  }
  const run = (params: Record<string, ValueSpec>, seed = 'quality'): Launch => {
    const L = new Launch(seed, herders(300, { ...FUNDAMENTAL, ...params }), DEEP);
    L.run(4 * DAY);
    return L;
  };

  it('with qualityWeight > 0 buys lean to high-quality subnets, less so with noisier beliefs; with 0 they do not', () => {
    const blind = highQualityShare(run({ qualityWeight: 0 }));
    const sharp = highQualityShare(run({ qualityWeight: 5, qualityNoise: 0 }));
    const noisy = highQualityShare(run({ qualityWeight: 5, qualityNoise: 2 }));
    expect(Math.abs(blind - 0.5)).toBeLessThan(0.1);
    expect(sharp).toBeGreaterThan(0.75);
    // With noise sd 2 (≈ 9× the spread of quality) each herder's favourite is nearly random: the lean fades.
    expect(noisy).toBeLessThan(sharp - 0.1);
  });

  it('at qualityWeight 0 beliefs are never drawn: qualityNoise changes nothing', () => {
    const a = JSON.stringify(run({ qualityWeight: 0, qualityNoise: 0.2 }, 'blind').sentBy('herder'));
    expect(a.length).toBeGreaterThan(1000);
    expect(JSON.stringify(run({ qualityWeight: 0, qualityNoise: 2 }, 'blind').sentBy('herder'))).toBe(a);
  });

  it('beliefs are private and persistent: q̂ = q + qualityNoise·N(0,1), one draw per (herder, subnet), kept across wakes', () => {
    const L = new Launch('beliefs', herders(300, { ...FUNDAMENTAL, wakeRate: 2, wakeDispersion: 0, qualityWeight: 1, qualityNoise: 0.5 }), DEEP);
    L.run(2 * DAY);
    const hs = L.pop.agentsOf('herder') as Herder[];
    const beliefs = (h: Herder) => (h as unknown as { perceived: Float64Array | null }).perceived;
    const holders = hs.filter((h) => beliefs(h) !== null);
    const before = holders.map((h) => Float64Array.from(beliefs(h)!));
    expect(before.length).toBeGreaterThan(250); // most herders have bought, so hold beliefs
    L.run(2 * DAY);
    holders.forEach((h, k) => expect(Array.from(beliefs(h)!)).toEqual(Array.from(before[k]!)));
    // Errors across herders and subnets: mean ≈ 0, sd ≈ 0.5 (≈ 2,400 draws: se of the sd ≈ 0.007).
    const e: number[] = [];
    for (const b of before) for (let i = 1; i <= 8; i++) e.push(b[i]! - L.world.subnetQuality[i]!);
    const m = e.reduce((s, x) => s + x, 0) / e.length;
    const sd = Math.sqrt(e.reduce((s, x) => s + (x - m) ** 2, 0) / (e.length - 1));
    expect(Math.abs(m)).toBeLessThan(0.05);
    expect(Math.abs(sd - 0.5)).toBeLessThan(0.04);
    // Private: two herders' beliefs about the same subnet differ.
    expect(before[0]![1]).not.toBe(before[1]![1]);
  });
});
