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
// Simplification: expectations are a fixed noisy view of latent quality; no learning from other trades.
import { type Action, type ActionResult, type ChainView } from '../market/types.ts';
import type { Rng } from './rng.ts';
import { BLOCKS_PER_DAY, chooseValidator, maxSell, minOrder } from './trading.ts';
import type { ValuesOf } from '../market/params.ts';
import type { Agent, AgentLedger, FamilyDef, Observation, ParamDoc, SetupContext, World } from './types.ts';

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
] as const satisfies readonly ParamDoc[];

/** The parameters an agent of this family reads, typed from the table above. */
export type SpeculatorParams = ValuesOf<typeof SPECULATOR_PARAMS>;

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
    for (const q of this.positions) if (q.state < 3) this.manage(v, obs.block, q, out);
    if (this.open < this.p.picks) this.pick(v, obs.world, obs.block, out);
  }

  /** Open positions on the best-looking new subnets not held or exited yet. */
  private pick(v: ChainView, world: World, block: number, out: Action[]): void {
    const list = v.subnetList();
    const budget = (this.p.budgetShare * this.p.wealth) / this.p.picks;
    while (this.open < this.p.picks) {
      let best = -1, bestQ = -Infinity;
      for (let k = 0; k < list.length; k++) {
        const netuid = list[k]!;
        if (block - v.subnets.registeredAt[netuid]! > this.p.newDays * BLOCKS_PER_DAY) continue;
        if (this.positions.some((q) => q.netuid === netuid)) continue;
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
      else this.manage(v, block, q, out);
    }
  }

  private manage(v: ChainView, block: number, q: Pos, out: Action[]): void {
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
