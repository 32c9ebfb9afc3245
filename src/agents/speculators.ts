// Speculative launch demand (docs/calibration.md "Demand families"): buyers who bid up new alphas on
// expectation, then take profit. Motivation: in the first days after the launch some alphas traded at
// 5-10 TAO on speculation while others sat at 0.1-0.2, then settled (data/observed L2a/L2b), and the sum of
// prices stayed above 1 for months and peaked above 2 (L3); with only the baseline families the lab's
// prices collapse to ~0.01 within a day, because nobody buys a 1-TAO pool ahead of its emission.
//
// Each speculator holds up to `picks` positions at a time. While a subnet is new (registered, or launched
// at genesis, less than `newDays` ago) and not yet held or exited, it may open a position there; it picks
// the new subnets it expects most from (latent quality seen through noise: q + hype·N(0,1), drawn once per
// subnet), and buys its per-position budget in chunks of at most σ·taoIn (P3) at each wake. It exits a
// position — sells in chunks within the same slippage — at the first of: the price reaching `takeProfit`
// × its average entry price, falling to `stopLoss` × entry, or `maxHoldDays` after it opened. Proceeds
// return to its balance and fund later picks (new subnets entering over time, subnetEntry.ts).
//
// It pays at most `maxEntryPremium` × the subnet's yardstick: the median price of the other subnets when it
// opened (the market history's snapshot at its registration), fixed once for the family, so one buyer's bids
// cannot raise the next one's limit. At the launch every alpha opened at 1 TAO, so the limit is ~10 TAO — the top of the
// launch week's observed 5-10 TAO (L2a), never binding there; an entrant that opens a 1-TAO pool in a mature
// network whose typical alpha costs ~0.005 TAO is not bid above ~0.05. Without it the chunk rule (σ·taoIn)
// bounds one order, not the campaign: 50 speculators each adding 2% of the pool 24 times a day compound a
// thin pool's price by many orders of magnitude (the history run's flow-era entrants: one 1-TAO pool
// bid to 3,080 TAO; docs/calibration.md "The history world").
// Simplifications: expectations are a fixed noisy view of latent quality; no learning from other trades;
// a chunk may overshoot the limit by its own price impact (≤ ~2σ), the next one is not sent.
import { type Action, type ActionResult, type ChainView } from '../market/types.ts';
import type { Rng } from './rng.ts';
import { BLOCKS_PER_DAY, chooseValidator, maxSell, minOrder } from './trading.ts';
import type { ValuesOf } from '../market/params.ts';
import type { Agent, AgentLedger, FamilyDef, MarketHistory, Observation, ParamDoc, SetupContext, World } from './types.ts';

/** Parameters (one place: meaning, unit, default, range). */
export const SPECULATOR_PARAMS = [
  { name: 'wealth', meaning: 'liquid TAO at genesis', unit: 'TAO', default: 100, range: [0, 1e8] },
  { name: 'budgetShare', meaning: 'share of genesis wealth put into one launch campaign, split over the picks', unit: '–', default: 1, range: [0, 1] },
  { name: 'picks', meaning: 'positions held at a time (new subnets bought)', unit: 'subnets', default: 3, range: [1, 256], integer: true },
  { name: 'newDays', meaning: 'a subnet is new (buyable) this many days after its registration or the launch', unit: 'days', default: 3, range: [0.01, 365] },
  { name: 'hype', meaning: 'noise sd on the perceived quality that ranks new subnets (0: picks the best)', unit: '–', default: 0.3, range: [0, 10] },
  { name: 'takeProfit', meaning: 'sell when price ≥ takeProfit × average entry price', unit: '×', default: 3, range: [1.01, 1000] },
  { name: 'stopLoss', meaning: 'sell when price ≤ stopLoss × average entry price (0: never)', unit: '×', default: 0.3, range: [0, 0.99] },
  { name: 'maxHoldDays', meaning: 'sell at the latest this many days after opening', unit: 'days', default: 30, range: [0.01, 3650] },
  { name: 'wakesPerDay', meaning: 'wake-ups per day (a buy or sell chunk per position each)', unit: '1/day', default: 24, range: [0.1, 720] },
  { name: 'slippage', meaning: 'σ: a chunk buys ≤ σ·taoIn or sells ≤ σ·alphaIn/(1−σ) (P3)', unit: '–', default: 0.05, range: [0.001, 0.5] },
  {
    name: 'maxEntryPremium',
    meaning: 'buys only while the price ≤ this × the median alpha price when the subnet opened (L2a: launch-week peaks 5-10× the 1-TAO opening price)',
    unit: '×', default: 10, range: [1, 1e6],
  },
] as const satisfies readonly ParamDoc[];

/** The parameters an agent of this family reads, typed from the table above. */
export type SpeculatorParams = ValuesOf<typeof SPECULATOR_PARAMS>;

/** The family's yardstick per subnet: the median alpha price when a speculator first saw it open, per run. */
interface Yardstick { price: Float64Array; at: Float64Array }
const yardsticks = new WeakMap<World, Yardstick>();
let medianScratch = new Float64Array(256);

/** The median price of the subnets other than `netuid` `blocksAgo` blocks ago (the history's nearest snapshot; now without one). */
function medianPriceAgo(v: ChainView, h: MarketHistory, netuid: number, blocksAgo: number): number {
  const list = v.subnetList();
  let n = 0;
  if (medianScratch.length < list.length) medianScratch = new Float64Array(list.length);
  for (let k = 0; k < list.length; k++) {
    const j = list[k]!;
    if (j !== netuid) medianScratch[n++] = h.length > 0 ? h.priceAgo(j, blocksAgo) : v.spotPrice(j);
  }
  if (n === 0) return v.spotPrice(netuid);
  const a = medianScratch.subarray(0, n).sort();
  return n % 2 ? a[(n - 1) >> 1]! : (a[n / 2 - 1]! + a[n / 2]!) / 2;
}

/** The price limit on buying `netuid`: maxEntryPremium × the other subnets' median price when it opened. */
function entryLimit(v: ChainView, h: MarketHistory, world: World, netuid: number, premium: number): number {
  let y = yardsticks.get(world);
  if (!y) yardsticks.set(world, (y = { price: new Float64Array(v.subnets.registeredAt.length), at: new Float64Array(v.subnets.registeredAt.length).fill(NaN) }));
  const opened = v.subnets.registeredAt[netuid]!;
  if (y.at[netuid] !== opened) { // first sight of this subnet (a reused netuid is a new subnet)
    y.at[netuid] = opened;
    y.price[netuid] = medianPriceAgo(v, h, netuid, v.block - opened);
  }
  return premium * y.price[netuid]!;
}

/** One position: 0 buying, 1 holding, 2 selling, 3 closed. */
interface Pos { netuid: number; hotkey: number; budget: number; spent: number; alpha: number; opened: number; state: 0 | 1 | 2 | 3 }

export class Speculator implements Agent {
  readonly family = 'speculator';
  readonly cartel = false;
  readonly coldkeys: number[];
  readonly ledger: AgentLedger;
  nextWake: number;
  /** Positions opened (closed ones kept: P&L and tests), TAO bought and received. */
  readonly positions: Pos[] = [];
  taoIn = 0;
  taoOut = 0;
  private readonly seen = new Map<number, number>(); // netuid → perceived quality (drawn once)
  private readonly gap: number;

  constructor(readonly id: number, readonly coldkey: number, readonly p: SpeculatorParams, private readonly rng: Rng) {
    this.coldkeys = [coldkey];
    this.ledger = { capital: p.wealth, costs: 0, rejected: 0 };
    this.gap = Math.max(1, Math.round(BLOCKS_PER_DAY / p.wakesPerDay));
    this.nextWake = 1 + rng.int(this.gap);
  }

  get open(): number {
    let n = 0;
    for (const q of this.positions) if (q.state < 3) n++;
    return n;
  }

  act(obs: Observation, out: Action[]): void {
    const v = obs.chain;
    this.nextWake = obs.block + this.gap;
    for (const q of this.positions) if (q.state < 3) this.manage(v, obs.history, obs.world, obs.block, q, out);
    if (this.open < this.p.picks) this.pick(v, obs.history, obs.world, obs.block, out);
  }

  /** Open positions on the best-looking new subnets not held or exited yet. */
  private pick(v: ChainView, h: MarketHistory, world: World, block: number, out: Action[]): void {
    const list = v.subnetList();
    const budget = (this.p.budgetShare * this.p.wealth) / this.p.picks;
    while (this.open < this.p.picks) {
      let best = -1, bestQ = -Infinity;
      for (let k = 0; k < list.length; k++) {
        const netuid = list[k]!;
        if (block - v.subnets.registeredAt[netuid]! > this.p.newDays * BLOCKS_PER_DAY) continue;
        if (this.positions.some((q) => q.netuid === netuid)) continue;
        if (v.spotPrice(netuid) > entryLimit(v, h, world, netuid, this.p.maxEntryPremium)) continue; // too dear: wait
        let q = this.seen.get(netuid);
        if (q === undefined) this.seen.set(netuid, (q = world.subnetQuality[netuid]! + this.p.hype * this.rng.normal()));
        if (q > bestQ) {
          best = netuid;
          bestQ = q;
        }
      }
      if (best < 0) return;
      let hotkey = chooseValidator(v, world, best, 1, 0, this.rng);
      if (hotkey < 0) hotkey = v.subnets.ownerHotkey[best]!; // a new entrant's subnet: only its owner holds a UID
      const q: Pos = { netuid: best, hotkey, budget: Math.min(budget, v.balance(this.coldkey)), spent: 0, alpha: 0, opened: block, state: 0 };
      this.positions.push(q);
      if (!(q.budget >= minOrder(v))) q.state = 3;
      else this.manage(v, h, world, block, q, out);
    }
  }

  private manage(v: ChainView, h: MarketHistory, world: World, block: number, q: Pos, out: Action[]): void {
    if (!v.subnetExists(q.netuid)) {
      q.state = 3; // dissolved: the chain paid the pool's TAO out pro rata
      return;
    }
    const price = v.spotPrice(q.netuid);
    q.alpha = v.stake(q.hotkey, this.coldkey, q.netuid);
    const entry = q.alpha > 0 ? q.spent / q.alpha : 0;
    if (q.state < 2 && q.alpha > 0) {
      const old = block - q.opened >= this.p.maxHoldDays * BLOCKS_PER_DAY;
      if (old || price >= this.p.takeProfit * entry || price <= this.p.stopLoss * entry) q.state = 2;
    }
    if (q.state === 0 && price > entryLimit(v, h, world, q.netuid, this.p.maxEntryPremium)) {
      q.state = q.spent > 0 ? 1 : 3; // bid past its limit (by others): hold what it has, or give the pick up
      return;
    }
    if (q.state === 0) {
      const tao = Math.min(q.budget - q.spent, this.p.slippage * v.subnets.taoIn[q.netuid]!, v.balance(this.coldkey));
      if (tao >= minOrder(v) && tao >= v.rules.minStake + v.rules.flatStakingFee) {
        out.push({ kind: 'stake', coldkey: this.coldkey, hotkey: q.hotkey, netuid: q.netuid, tao });
      } else if (q.budget - q.spent < minOrder(v)) q.state = 1;
      return;
    }
    if (q.state === 2) {
      if (!(q.alpha > 0)) {
        q.state = 3;
        return;
      }
      let alpha = Math.min(q.alpha, maxSell(v, q.netuid, this.p.slippage));
      if ((q.alpha - alpha) * price < v.rules.minStake) alpha = q.alpha; // no dust left behind (P5)
      if (v.quoteSell(q.netuid, alpha) > 0) out.push({ kind: 'unstake', coldkey: this.coldkey, hotkey: q.hotkey, netuid: q.netuid, alpha });
    }
  }

  onResult(action: Action, r: ActionResult): void {
    if (!r.ok) return;
    const q = this.positions.find((x) => x.state < 3 && action.kind !== 'transfer' && 'netuid' in action && x.netuid === action.netuid);
    if (action.kind === 'stake') {
      this.taoIn += -r.taoDelta;
      if (q) q.spent += -r.taoDelta;
    } else if (action.kind === 'unstake') {
      this.taoOut += r.taoDelta;
      if (q && action.alpha >= q.alpha) q.state = 3;
    }
  }
}

export const speculatorFamily: FamilyDef<SpeculatorParams> = {
  name: 'speculator',
  description: 'Speculative launch demand: buy new subnets on a noisy expectation of quality, then take profit, stop out or leave after a holding period',
  params: SPECULATOR_PARAMS,
  create(ctx: SetupContext, p: SpeculatorParams, id: number): Agent {
    return new Speculator(id, ctx.chain.addColdkey(p.wealth), p, ctx.rng);
  },
};
