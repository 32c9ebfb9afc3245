// Long-horizon holders (docs/calibration.md "Demand families"): buy and hold, rebalance rarely.
// Motivation: the sum of alpha prices stayed above 1 for months after the launch (data/observed L3) and
// 7-8% of staked TAO sat in alpha by late May 2025 (L4a) while root still paid 20-25% (L5): stake that
// stayed in alpha through drawdowns, which neither the yield-chasing validators nor the momentum-driven
// herders supply. With only those families the lab's alpha side empties whenever yields turn.
//
// At genesis a holder stakes (1 − alphaShare) of its wealth on root with the largest root validator. From
// `startDay` it buys alphaShare of its wealth into the top `subnets` subnets (by pool TAO — market depth —,
// by latent quality, or at random), in equal TAO parts spread over `entryDays` (chunks of at most σ·taoIn,
// P3). Every `rebalanceDays` it re-ranks: positions in subnets that left its top set are sold (chunks), the
// proceeds buy the newcomers, and nothing else trades. It never reacts to prices between rebalances.
// Simplification: equal weights by cost, not by value; root stake is never moved.
import { type Action, type ActionResult, type ChainView, ROOT } from '../market/types.ts';
import type { Rng } from './rng.ts';
import { BLOCKS_PER_DAY, chooseValidator, maxSell, minOrder } from './trading.ts';
import type { ValuesOf } from '../market/params.ts';
import type { Agent, AgentLedger, FamilyDef, Observation, ParamDoc, SetupContext, World } from './types.ts';

export const HOLDER_PICKS = ['depth', 'quality', 'random'] as const;

/** Parameters (one place: meaning, unit, default, range). */
export const HOLDER_PARAMS = [
  { name: 'wealth', meaning: 'TAO at genesis', unit: 'TAO', default: 1000, range: [0, 1e8] },
  { name: 'alphaShare', meaning: 'share of wealth held in alpha (the rest stays on root)', unit: '–', default: 0.3, range: [0, 1] },
  { name: 'subnets', meaning: 'subnets held (equal TAO parts)', unit: 'subnets', default: 10, range: [1, 256], integer: true },
  { name: 'pick', meaning: 'ranking of subnets: pool TAO (depth), latent quality, or random', unit: '–', default: 'depth', range: HOLDER_PICKS },
  { name: 'startDay', meaning: 'day it starts buying alpha', unit: 'days', default: 0, range: [0, 3650] },
  { name: 'entryDays', meaning: 'days over which the alpha is bought', unit: 'days', default: 7, range: [0.01, 365] },
  { name: 'rebalanceDays', meaning: 'days between re-rankings (sell leavers, buy newcomers)', unit: 'days', default: 90, range: [1, 3650] },
  { name: 'slippage', meaning: 'σ: a chunk buys ≤ σ·taoIn or sells ≤ σ·alphaIn/(1−σ) (P3)', unit: '–', default: 0.01, range: [0.001, 0.5] },
] as const satisfies readonly ParamDoc[];

/** The parameters an agent of this family reads, typed from the table above. */
export type HolderParams = ValuesOf<typeof HOLDER_PARAMS>;

interface Holding { netuid: number; hotkey: number; target: number; spent: number; selling: boolean }

const score = new Float64Array(4096);

export class Holder implements Agent {
  readonly family = 'holder';
  readonly cartel = false;
  readonly coldkeys: number[];
  readonly ledger: AgentLedger;
  nextWake: number;
  readonly holdings: Holding[] = [];
  /** Buys and sells sent; rebalances done. */
  buys = 0;
  sells = 0;
  rebalances = 0;
  private nextRebalance: number;
  private readonly gap: number;
  private readonly noise = new Map<number, number>();

  constructor(readonly id: number, readonly coldkey: number, readonly p: HolderParams, private readonly rng: Rng) {
    this.coldkeys = [coldkey];
    this.ledger = { capital: p.wealth, costs: 0, rejected: 0 };
    // Chunks: ~24 a day during the entry, at least one wake per entry.
    this.gap = Math.max(1, Math.min(Math.round(BLOCKS_PER_DAY / 24), Math.round(p.entryDays * BLOCKS_PER_DAY)));
    this.nextWake = this.nextRebalance = Math.max(1, Math.round(p.startDay * BLOCKS_PER_DAY)) + rng.int(this.gap);
  }

  act(obs: Observation, out: Action[]): void {
    const v = obs.chain;
    const b = obs.block;
    if (b >= this.nextRebalance) {
      this.rerank(v, obs.world);
      this.nextRebalance = b + Math.round(this.p.rebalanceDays * BLOCKS_PER_DAY);
    }
    let busy = false;
    for (const h of this.holdings) busy = this.trade(v, h, out) || busy;
    // Trading: wake every chunk gap; holding: sleep until the next rebalance.
    this.nextWake = busy ? b + this.gap : this.nextRebalance;
  }

  /** The top-`subnets` set now; leavers are marked for sale, newcomers get an equal share of the alpha budget. */
  private rerank(v: ChainView, world: World): void {
    const list = v.subnetList();
    const n = list.length;
    for (let k = 0; k < n; k++) {
      const netuid = list[k]!;
      if (this.p.pick === 'depth') score[k] = v.subnets.taoIn[netuid]!;
      else if (this.p.pick === 'quality') score[k] = world.subnetQuality[netuid]!;
      else {
        let x = this.noise.get(netuid);
        if (x === undefined) this.noise.set(netuid, (x = this.rng.next()));
        score[k] = x;
      }
    }
    const order = Array.from({ length: n }, (_, k) => k).sort((a, c) => score[c]! - score[a]! || list[a]! - list[c]!);
    const top = new Set(order.slice(0, this.p.subnets).map((k) => list[k]!));
    for (const h of this.holdings) if (!top.has(h.netuid)) h.selling = true;
    const target = (this.p.alphaShare * this.p.wealth) / this.p.subnets;
    for (const netuid of top) {
      if (this.holdings.some((h) => h.netuid === netuid && !h.selling)) continue;
      let hotkey = chooseValidator(v, world, netuid, 1, 0, this.rng);
      if (hotkey < 0) hotkey = v.subnets.ownerHotkey[netuid]!;
      this.holdings.push({ netuid, hotkey, target, spent: 0, selling: false });
    }
    if (this.holdings.length > 0) this.rebalances++;
  }

  /** One chunk for a holding; true while it still has something to do. */
  private trade(v: ChainView, h: Holding, out: Action[]): boolean {
    if (!v.subnetExists(h.netuid)) return false;
    if (h.selling) {
      const held = v.stake(h.hotkey, this.coldkey, h.netuid);
      if (!(held > 0)) return false;
      const price = v.spotPrice(h.netuid);
      let alpha = Math.min(held, maxSell(v, h.netuid, this.p.slippage));
      if ((held - alpha) * price < v.rules.minStake) alpha = held;
      if (!(v.quoteSell(h.netuid, alpha) > 0)) return false;
      out.push({ kind: 'unstake', coldkey: this.coldkey, hotkey: h.hotkey, netuid: h.netuid, alpha });
      this.sells++;
      return true;
    }
    const perChunk = (h.target * this.gap) / Math.max(1, this.p.entryDays * BLOCKS_PER_DAY);
    const tao = Math.min(h.target - h.spent, Math.max(perChunk, minOrder(v)), this.p.slippage * v.subnets.taoIn[h.netuid]!, v.balance(this.coldkey));
    if (!(tao >= minOrder(v) && tao >= v.rules.minStake + v.rules.flatStakingFee)) return h.target - h.spent >= minOrder(v) && v.balance(this.coldkey) >= minOrder(v);
    out.push({ kind: 'stake', coldkey: this.coldkey, hotkey: h.hotkey, netuid: h.netuid, tao });
    this.buys++;
    return true;
  }

  onResult(action: Action, r: ActionResult): void {
    if (!r.ok || action.kind !== 'stake') return;
    const h = this.holdings.find((x) => x.netuid === action.netuid && !x.selling);
    if (h) h.spent += -r.taoDelta;
  }
}

export const holderFamily: FamilyDef<HolderParams> = {
  name: 'holder',
  description: 'Long-horizon holders: root stake plus equal parts in the top subnets, bought over days and re-ranked rarely; never trade on prices',
  params: HOLDER_PARAMS,
  create(ctx: SetupContext, p: HolderParams, id: number): Agent {
    const { chain, world } = ctx;
    const coldkey = chain.addColdkey(p.wealth);
    const root = (1 - p.alphaShare) * p.wealth;
    const top = world.rootValidators[0];
    if (root > 0 && top !== undefined) chain.genesisStake(coldkey, top, ROOT, root);
    return new Holder(id, coldkey, p, ctx.rng);
  },
};
