import { describe, expect, it } from 'vitest';
import { bribeBoard, coalitionShare, unpaidBills } from '../../src/agents/bribes.ts';
import { publishMinerQuality } from '../../src/agents/miners.ts';
import { type CartelAgent, cartelFamily } from '../../src/agents/owners.ts';
import { type YieldValidator, yieldValidatorFamily } from '../../src/agents/validators.ts';
import { ROOT } from '../../src/market/types.ts';
import { Sim } from './familyHarness.ts';

const HONEST_STAKE = 100_000; // root TAO per honest validator (stake weight 0.18 × this on the subnet)
const CASH = 5_000; // the cartel's liquid TAO (burns, bribes)
const EPOCH = 361;

/**
 * One subnet: 3 honest validators weighting 6 miners by quality, and a cartel that took the subnet over, with
 * 2 validator hotkeys holding a root stake sized to `share` of the permitted stake, weighting its 3 miner UIDs.
 * Real epochs for `epochs` tempos; returns the cartel UIDs' share of the last epoch's incentive.
 */
function capture(
  share: number, kappa: number,
  opts: { bribes?: boolean; epochs?: number; wakesPerDay?: number; cash?: number; each?: (sim: Sim, cartel: CartelAgent) => void } = {},
) {
  const sim = new Sim(`kappa/${share}/${kappa}`, { kappa }, 4);
  const netuid = sim.subnet(1000, 1000);
  const honest = sim.add(yieldValidatorFamily, 3, {
    capital: HONEST_STAKE, kellyFraction: 0, weightStrategy: 'honest', subnetsValidated: 1, evalNoise: 0.05,
    acceptBribes: opts.bribes ?? false,
  }) as YieldValidator[];
  for (let k = 0; k < 6; k++) {
    const ck = sim.chain.addColdkey(0);
    const hk = sim.chain.addHotkey(ck);
    sim.chain.genesisNeuron(netuid, hk);
    publishMinerQuality(sim.world, sim.chain, hk, netuid, 0.3 + 0.1 * k);
  }
  const rootStake = (share / (1 - share)) * 3 * HONEST_STAKE;
  const [cartel] = sim.add(cartelFamily, 1, {
    treasury: rootStake + (opts.cash ?? CASH), rootStakeShare: rootStake / (rootStake + (opts.cash ?? CASH)), takeNetuid: netuid, validators: 2, minerUids: 3,
    pumpShare: 0, stakeBribeShare: 0, crossStakeShare: 0, capture: true, wakesPerDay: opts.wakesPerDay ?? 1,
  }) as CartelAgent[];
  sim.run((opts.epochs ?? 8) * EPOCH, opts.each && (() => opts.each!(sim, cartel!)));
  const c = sim.chain;
  const base = netuid * c.maxUids;
  let ours = 0, all = 0;
  for (let u = 0; u < c.subnets.nUids[netuid]!; u++) {
    const inc = c.neurons.incentive[base + u]!;
    all += inc;
    if (cartel!.miners.includes(c.neurons.hotkey[base + u]!)) ours += inc;
  }
  const own = coalitionShare(c, netuid, new Set([cartel!.ownerHotkey, ...cartel!.validators]));
  expect(c.checkInvariants()).toEqual([]);
  return { incentiveShare: all > 0 ? ours / all : 0, own, cartel: cartel!, honest, sim };
}

describe('cartel capture of miner incentive (agent-models T3.1, docs/chain-rules.md §7.6–7)', () => {
  it('below kappa the cartel UIDs are clipped back to consensus; above it they take the incentive', () => {
    const low = capture(0.3, 0.5);
    const high = capture(0.7, 0.5);
    expect(low.own).toBeGreaterThan(0.25);
    expect(low.own).toBeLessThan(0.35);
    expect(high.own).toBeGreaterThan(0.65);
    expect(low.incentiveShare).toBeLessThan(0.05);
    expect(high.incentiveShare).toBeGreaterThan(0.9);
  });

  it('moving kappa to 0.67 moves the step: 0.6 captures at kappa 0.5 but not at 0.67; 0.7 captures at both', () => {
    expect(capture(0.6, 0.5).incentiveShare).toBeGreaterThan(0.9);
    expect(capture(0.6, 0.67).incentiveShare).toBeLessThan(0.05);
    expect(capture(0.7, 0.67).incentiveShare).toBeGreaterThan(0.9);
  });

  it('bribes lift a coalition below kappa above it: validators take offers that beat their expected loss, the cartel pays', () => {
    const r = capture(0.3, 0.5, { bribes: true, epochs: 20, wakesPerDay: 12, cash: 100_000 }); // covers H_c of bribes
    const board = bribeBoard(r.sim.world);
    expect(r.honest.some((v) => v.bribesTaken > 0)).toBe(true);
    expect(board.contracts.length).toBeGreaterThan(0);
    expect(r.incentiveShare).toBeGreaterThan(0.9);
    expect(r.cartel.book.bribesPaid).toBeGreaterThan(0);
    expect(r.cartel.book.burns).toBeGreaterThan(0);
    expect(r.cartel.ledger.costs).toBeGreaterThanOrEqual(r.cartel.book.bribesPaid + r.cartel.book.burns);
    expect(r.cartel.cartel).toBe(true);
  });

  it('the budget binds: a treasury that covers only the burns buys no votes; one that covers H_c of bribes does', () => {
    // Liquid TAO beside the root stake: 50 (the burns, ≈ 0.1 TAO each, and nothing to pay bribes with) or 100k.
    const poor = capture(0.3, 0.5, { bribes: true, epochs: 20, wakesPerDay: 12, cash: 50 });
    const rich = capture(0.3, 0.5, { bribes: true, epochs: 20, wakesPerDay: 12, cash: 100_000 });
    expect(poor.incentiveShare).toBeLessThan(0.05);
    expect(bribeBoard(poor.sim.world).contracts).toEqual([]);
    expect(poor.cartel.book.bribesPaid).toBeLessThan(50);
    expect(rich.incentiveShare).toBeGreaterThan(0.9);
    // The bribed validators were paid what they billed: none caught the cartel behind its bills.
    for (const v of rich.honest) expect(v.bribes.defaults).toBe(0);
    // It settles every tempo, so at most the last epoch's bills are outstanding.
    const board = bribeBoard(rich.sim.world);
    let perEpoch = 0;
    for (const k of board.contracts) perEpoch += k.offer.rate * rich.sim.chain.stakeWeight(k.hotkey, k.offer.netuid);
    expect(perEpoch).toBeGreaterThan(0);
    expect(unpaidBills(board, rich.cartel.treasury)).toBeLessThanOrEqual(1.01 * perEpoch);
  });

  it('an offer never promises more than the liquid treasury pays over bribeHorizonDays', () => {
    for (const cash of [2_000, 20_000]) {
      const seen = new Set<object>();
      let paidBefore = 0;
      const r = capture(0.3, 0.5, {
        bribes: true, epochs: 20, wakesPerDay: 12, cash,
        each: (sim, cartel) => {
          const c = sim.chain, board = bribeBoard(sim.world);
          for (const o of board.offers) {
            if (o.payer !== cartel.treasury || seen.has(o)) continue;
            seen.add(o); // posted this block
            let bought = o.capacity;
            for (const k of board.contracts) if (k.offer.payer === o.payer) bought += c.stakeWeight(k.hotkey, o.netuid);
            // Paying the posted rate on all it asks for, for H_c = 30 days of epochs, fits in what was left.
            expect(o.rate * bought * ((30 * 7200) / EPOCH)).toBeLessThanOrEqual((cash - paidBefore) * (1 + 1e-3));
          }
          paidBefore = cartel.book.bribesPaid;
        },
      });
      expect(seen.size).toBeGreaterThan(0);
      expect(r.cartel.book.bribesPaid).toBeLessThanOrEqual(cash);
      for (const v of r.honest) expect(v.bribes.defaults).toBe(0);
    }
  });

  it('the coalition share counts active stake as Yuma does: a permitted UID that stops setting weights drops out', () => {
    const sim = new Sim('active', { activityCutoff: 1000 }, 4);
    const netuid = sim.subnet(1000, 1000);
    const c = sim.chain;
    const [a, b] = [0, 1].map(() => c.addHotkey(c.addColdkey(0)));
    const ck = c.addColdkey(40_000);
    c.genesisStake(ck, a!, ROOT, 10_000);
    c.genesisStake(ck, b!, ROOT, 30_000);
    const miner = c.addHotkey(c.addColdkey(0));
    for (const hk of [a!, b!, miner]) c.genesisNeuron(netuid, hk);
    const w = new Float64Array(4);
    w[c.uidOf(miner, netuid)] = 1;
    // a sets weights every tempo; b never does (its registration counts as its last update).
    sim.run(2 * EPOCH, (block) => {
      if (block % EPOCH === 0) c.apply({ kind: 'setWeights', hotkey: a!, netuid, weights: w });
    });
    const both = coalitionShare(c, netuid, new Set([a!]));
    expect(both).toBeGreaterThan(0.2);
    expect(both).toBeLessThan(0.3); // 10k of 40k (and the owner's small alpha)
    sim.run(2 * EPOCH, (block) => {
      if (block % EPOCH === 0) c.apply({ kind: 'setWeights', hotkey: a!, netuid, weights: w });
    });
    // Past activity_cutoff b's stake no longer counts in consensus (docs/chain-rules.md §7.1), nor in the coalition share.
    expect(coalitionShare(c, netuid, new Set([a!]))).toBeGreaterThan(0.95);
    expect(coalitionShare(c, netuid, new Set([b!]))).toBe(0);
  });
});

/**
 * Two cartel members, each owning one deep genesis subnet (1e6 TAO / 1e6 alpha, so the ring's daily gain is small
 * next to a price move), cross-staking 20% of a 2000 TAO treasury into the other's subnet and nothing else.
 * After 2 days (the ring formed) an outside buyer lifts both prices by ≈ 10%: the dump gain turns positive.
 */
function ring(delta: number) {
  const sim = new Sim(`ring/${delta}`, {}, 4);
  const nets = [sim.subnet(1e6, 1e6), sim.subnet(1e6, 1e6)];
  const members = nets.map((netuid) => sim.add(cartelFamily, 1, {
    takeNetuid: netuid, validators: 1, minerUids: 0, pumpShare: 0, stakeBribeShare: 0, capture: false,
    crossStakeShare: 0.2, ringDiscount: delta, sellOwnerCut: 0, wakesPerDay: 4,
  })[0] as CartelAgent);
  const c = sim.chain;
  /** Member k's successful stakes (or unstakes) on its partner's subnet. */
  const crossOps = (kind: 'stake' | 'unstake', only?: number) => sim.log.filter((l) => {
    const a = l.action;
    return l.ok && (a.kind === 'stake' || a.kind === 'unstake') && a.kind === kind
      && members.some((m, k) => (only === undefined || only === k) && a.coldkey === m.treasury && a.netuid === nets[1 - k]);
  });
  sim.run(2 * 7200);
  const formed = members.every((_, k) => crossOps('stake', k).length > 0);
  const buyer = c.addColdkey(1e6);
  for (const netuid of nets) {
    const r = c.apply({ kind: 'stake', coldkey: buyer, hotkey: c.subnets.ownerHotkey[netuid]!, netuid, tao: 0.0488 * c.subnets.taoIn[netuid]! });
    expect(r.ok).toBe(true);
  }
  const shock = c.block;
  // Each member's next strategy wake as the shock lands: "one wake cycle" is every member waking once.
  const wakes = members.map((m) => (m as unknown as { nextDaily: number }).nextDaily);
  sim.run(3 * 7200);
  expect(c.checkInvariants()).toEqual([]);
  return { formed, shock, wakes, unstakes: crossOps('unstake').map((l) => l.block), book: members[0]!.book };
}

describe('cross-staking ring (agent-models S5, T3.5)', () => {
  it('T3.5: with δ low the first defector sells within one wake cycle of a dump gain; with δ high the ring holds', () => {
    const low = ring(0.9); // defect if dump > 9 × the daily ring gain
    const high = ring(0.999); // … > 999 × the daily ring gain
    expect(low.formed).toBe(true);
    expect(high.formed).toBe(true);
    expect(low.book.ringBroken).toBe(true);
    expect(low.unstakes.length).toBeGreaterThan(0);
    const first = Math.min(...low.unstakes);
    expect(first).toBeGreaterThanOrEqual(low.shock);
    expect(first).toBeLessThanOrEqual(Math.max(...low.wakes)); // the first wake after the shock defects
    expect(Math.min(...low.wakes)).toBeGreaterThan(low.shock);
    expect(high.book.ringBroken).toBe(false);
    expect(high.unstakes).toEqual([]);
  });
});

/**
 * Launch rules, two genesis subnets at spot 0.5; on subnet `a` a pump stakes whatever brings spot back to `target`
 * every block (x·y = k: T' = √(target·T·A)). The EMA rate is raised to 2e-4 a block so 2 days reach steady state.
 * Returns subnet a's emission share after 2 days, and its spot.
 */
function pumped(target: number) {
  const sim = new Sim(`ema-cap/${target}`, { movingAlpha: 2e-4 }, 3);
  const a = sim.subnet(5_000, 10_000);
  sim.subnet(5_000, 10_000);
  const c = sim.chain;
  const whale = c.addColdkey(1e9);
  sim.run(2 * 7200, () => {
    if (!(target > 0)) return;
    for (let k = 0; k < 3 && c.spotPrice(a) < target * (1 - 1e-6); k++) {
      const T = c.subnets.taoIn[a]!, A = c.subnets.alphaIn[a]!;
      const tao = Math.sqrt(target * T * A) - T + c.rules.flatStakingFee;
      c.apply({ kind: 'stake', coldkey: whale, hotkey: c.subnets.ownerHotkey[a]!, netuid: a, tao });
    }
  });
  expect(c.checkInvariants()).toEqual([]);
  return { share: c.subnets.emissionShare[a]!, spot: c.spotPrice(a), ema: c.subnets.movingPrice[a]! };
}

describe('EMA cap on price shares (agent-models T3.2, docs/chain-rules.md §2.3)', () => {
  it('T3.2: under launch rules a pump holding spot at 3.0 raises the emission share no more than one holding 1.0', () => {
    const none = pumped(0), one = pumped(1), three = pumped(3);
    expect(one.spot).toBeGreaterThan(0.99);
    expect(three.spot).toBeGreaterThan(2.97);
    expect(one.share).toBeGreaterThan(none.share + 0.05); // the pump to 1.0 does raise the share …
    expect(three.share).toBeLessThanOrEqual(one.share + 1e-12); // … and pumping three times higher adds nothing
    expect(three.ema).toBeLessThanOrEqual(1 + 1e-12);
  });
});
