// Baseline families (docs/agent-models.md §5): passive root stakers (5a), emission sellers (5b) and
// zero-intelligence noise traders (5c). They give the behavioural families something neutral to trade
// against and make the launch-era structural selling explicit.
import { type Action, type ActionResult, type ChainView, ROOT } from '../market/types.ts';
import { ParamError, type ValuesOf } from '../market/params.ts';
import type { Rng } from './rng.ts';
import { BLOCKS_PER_DAY, chooseValidator, maxSell, minOrder } from './trading.ts';
import type { Agent, AgentLedger, FamilyDef, Observation, ParamDoc, SetupContext, World } from './types.ts';
import type { LaunchWorld } from './world.ts';

// ---- 5a Passive root stakers ------------------------------------------------------------------------------

/** Parameters (docs/agent-models.md §5a). */
export const PASSIVE_STAKER_PARAMS = [
  { name: 'wealth', meaning: 'TAO staked on root at genesis (§6 scenario: heavy-tailed, e.g. lognormal)', unit: 'TAO', default: 1000, range: [0.001, 1e8] },
  { name: 'attachment', meaning: 'genesis validator chosen with P(v) ∝ stake_v^α [α_pa]', unit: '–', default: 1, range: [0, 2] },
  { name: 'redelegateRate', meaning: 'rate of re-delegation to the best net-yield validator (another one) [λ_rd]', unit: '1/day', default: 1 / 180, range: [0, 1] },
  { name: 'exitRate', meaning: 'rate of exit: unstake everything and stay idle [λ_x]', unit: '1/day', default: 0, range: [0, 1] },
] as const satisfies readonly ParamDoc[];

/** The parameters an agent of this family reads, typed from the table above. */
export type PassiveStakerParams = ValuesOf<typeof PASSIVE_STAKER_PARAMS>;

export class PassiveStaker implements Agent {
  readonly family = 'passiveStaker';
  readonly cartel = false;
  readonly coldkeys: number[];
  readonly ledger: AgentLedger;
  nextWake: number;
  /** Re-delegations and exits sent (the only trades this family makes). */
  redelegations = 0;
  exits = 0;
  exited = false;

  constructor(readonly id: number, readonly coldkey: number, readonly validator: number, readonly p: PassiveStakerParams, private readonly rng: Rng) {
    this.coldkeys = [coldkey];
    this.ledger = { capital: p.wealth, costs: 0, rejected: 0 };
    this.nextWake = rng.wakeDelay(p.redelegateRate + p.exitRate);
  }

  get trades(): number {
    return this.redelegations + this.exits;
  }

  act(obs: Observation, out: Action[]): void {
    const v = obs.chain;
    const { p, rng } = this;
    const total = p.redelegateRate + p.exitRate;
    const exit = rng.next() * total < p.exitRate;
    const pos = v.positionsOf(this.coldkey);
    for (let k = 0; k < pos.length; k += 2) {
      const hk = pos[k]!, netuid = pos[k + 1]!;
      if (netuid !== ROOT) continue;
      const held = v.stake(hk, this.coldkey, ROOT);
      if (!(held > 0)) continue;
      if (exit) {
        out.push({ kind: 'unstake', coldkey: this.coldkey, hotkey: hk, netuid: ROOT, alpha: held });
      } else {
        const to = bestOtherRootValidator(v, obs.world, hk);
        if (to >= 0) out.push({ kind: 'move', coldkey: this.coldkey, fromHotkey: hk, toHotkey: to, fromNetuid: ROOT, toNetuid: ROOT, alpha: held });
      }
    }
    if (exit) {
      this.exits++;
      this.exited = true;
      this.nextWake = Number.POSITIVE_INFINITY;
    } else {
      if (out.length > 0) this.redelegations++;
      this.nextWake = obs.block + rng.wakeDelay(total);
    }
  }
}

/**
 * The root validator other than `current` with the best net yield to nominators. Root dividends are paid pro rata
 * to root stake (docs/chain-rules.md §4.4), so net yield ranks by 1 − take; ties go to the larger stake.
 */
function bestOtherRootValidator(v: ChainView, world: World, current: number): number {
  let best = -1, bestTake = Infinity, bestStake = -1;
  for (const hk of world.rootValidators) {
    if (hk === current) continue;
    const take = v.hotkeyTake(hk);
    const stake = v.hotkeyStake(hk, ROOT);
    if (take < bestTake || (take === bestTake && stake > bestStake)) {
      best = hk; bestTake = take; bestStake = stake;
    }
  }
  return best;
}

export const passiveStakerFamily: FamilyDef<PassiveStakerParams> = {
  name: 'passiveStaker',
  description: 'Passive root stakers (§5a): hold TAO on root with a validator picked by preferential attachment; rare re-delegation and exit',
  params: PASSIVE_STAKER_PARAMS,
  create(ctx: SetupContext, p: PassiveStakerParams, id: number): Agent {
    const { chain, world, rng } = ctx;
    const vals = world.rootValidators;
    if (vals.length === 0) throw new ParamError(['passiveStaker', ctx.index], `the world has no root validators to stake with`);
    const w = new Float64Array(vals.length);
    for (let k = 0; k < vals.length; k++) w[k] = Math.pow(Math.max(chain.hotkeyStake(vals[k]!, ROOT), 0), p.attachment);
    let k = rng.pickWeighted(w);
    if (k < 0) k = rng.int(vals.length);
    const coldkey = chain.addColdkey(p.wealth);
    chain.genesisStake(coldkey, vals[k]!, ROOT, p.wealth);
    return new PassiveStaker(id, coldkey, vals[k]!, p, rng);
  },
};

// ---- 5b Emission sellers ----------------------------------------------------------------------------------

/** Parameters (docs/agent-models.md §5b). */
export const EMISSION_SELLER_PARAMS = [
  { name: 'role', meaning: 'whose emission it sells: a genesis subnet owner (lowest unclaimed netuid), genesis miner, or root validator', unit: '–', default: 'owner', range: ['owner', 'miner', 'validator'] },
  { name: 'sellFraction', meaning: 'fraction of newly received alpha sold [ρ_s]', unit: '–', default: 1, range: [0, 1] },
  { name: 'chunks', meaning: 'sells per day (TWAP chunks) [n_s]', unit: '1/day', default: 24, range: [1, 720] },
  { name: 'slippage', meaning: 'slippage tolerance: a chunk sells ≤ σ·A/(1−σ); the rest waits [σ]', unit: '–', default: 0.01, range: [0.001, 0.2] },
] as const satisfies readonly ParamDoc[];

/** The parameters an agent of this family reads, typed from the table above. */
export type EmissionSellerParams = ValuesOf<typeof EMISSION_SELLER_PARAMS>;

interface Holding { last: number; owed: number }

export class EmissionSeller implements Agent {
  readonly family = 'emissionSeller';
  readonly cartel = false;
  readonly coldkeys: number[];
  readonly ledger: AgentLedger;
  nextWake: number;
  /** Alpha received (stake growth seen at wakes) and alpha sold. */
  received = 0;
  sold = 0;
  private readonly gap: number;
  private readonly held = new Map<number, Holding>();
  private view: ChainView | null = null;

  constructor(readonly id: number, readonly coldkey: number, readonly p: EmissionSellerParams, rng: Rng) {
    this.coldkeys = [coldkey];
    this.ledger = { capital: 0, costs: 0, rejected: 0 };
    this.gap = Math.max(1, Math.round(BLOCKS_PER_DAY / p.chunks));
    this.nextWake = 1 + rng.int(this.gap); // a random phase, then every `gap` blocks
  }

  act(obs: Observation, out: Action[]): void {
    const v = obs.chain;
    this.view = v;
    const pos = v.positionsOf(this.coldkey);
    for (let k = 0; k < pos.length; k += 2) {
      const hk = pos[k]!, netuid = pos[k + 1]!;
      if (netuid === ROOT) continue; // root dividends arrive as TAO at launch (docs/chain-rules.md §4.4): nothing to sell
      const key = hk * 4096 + netuid;
      const h = this.held.get(key) ?? { last: 0, owed: 0 };
      this.held.set(key, h);
      const now = v.stake(hk, this.coldkey, netuid);
      const fresh = Math.max(0, now - h.last);
      this.received += fresh;
      h.owed = Math.min(now, h.owed + this.p.sellFraction * fresh);
      h.last = now;
      const price = v.spotPrice(netuid);
      let alpha = Math.min(h.owed, maxSell(v, netuid, this.p.slippage));
      if (alpha * price < minOrder(v)) continue; // too small to send (P5): it waits for more
      if ((now - alpha) * price < v.rules.minStake) alpha = now; // a remainder below min_stake goes too (P5)
      if (!(v.quoteSell(netuid, alpha) > 0)) continue;
      out.push({ kind: 'unstake', coldkey: this.coldkey, hotkey: hk, netuid, alpha });
    }
    this.nextWake = obs.block + this.gap;
  }

  onResult(action: Action, result: ActionResult): void {
    if (action.kind !== 'unstake' || !result.ok || !this.view) return;
    const h = this.held.get(action.hotkey * 4096 + action.netuid);
    if (!h) return;
    const sold = -result.alphaDelta;
    this.sold += sold;
    h.owed = Math.max(0, h.owed - sold);
    h.last = this.view.stake(action.hotkey, this.coldkey, action.netuid);
  }
}

/** Take over the first unclaimed genesis key of the role (owners: the lowest unclaimed netuid). */
function claim(world: World, role: EmissionSellerParams['role'], index: number): number {
  const w = world as Partial<LaunchWorld>;
  if (!w.claimed || !w.ownerColdkeys || !w.minerColdkeys || !w.rootValidatorColdkeys) {
    throw new ParamError(['emissionSeller', index], `needs the launch world (world.ts buildWorld) to find genesis ${role}s`);
  }
  const pool = role === 'owner' ? w.ownerColdkeys : role === 'miner' ? w.minerColdkeys : w.rootValidatorColdkeys;
  for (const ck of pool) {
    if (ck >= 0 && !w.claimed.has(ck)) {
      w.claimed.add(ck);
      return ck;
    }
  }
  throw new ParamError(['emissionSeller', index, 'role'], `no unclaimed genesis ${role} left (the world has ${pool.filter((c) => c >= 0).length})`);
}

export const emissionSellerFamily: FamilyDef<EmissionSellerParams> = {
  name: 'emissionSeller',
  description: 'Emission sellers (§5b): a genesis owner, miner or validator that sells a fixed fraction of new alpha in daily TWAP chunks, never buys',
  params: EMISSION_SELLER_PARAMS,
  create(ctx: SetupContext, p: EmissionSellerParams, id: number): Agent {
    return new EmissionSeller(id, claim(ctx.world, p.role, ctx.index), p, ctx.rng);
  },
};

// ---- 5c Noise traders -------------------------------------------------------------------------------------

/** Parameters (docs/agent-models.md §5c). */
export const NOISE_TRADER_PARAMS = [
  { name: 'wakeRate', meaning: 'trades per day, Poisson [λ_n]', unit: '1/day', default: 24, range: [0.1, 720] },
  { name: 'medianSize', meaning: 'median trade size; sizes ~ LogNormal [median of ΔT]', unit: 'TAO', default: 0.5, range: [0.001, 1000] },
  { name: 'sizeSigma', meaning: 'log-sd of trade sizes [s_n]', unit: '–', default: 1, range: [0, 3] },
  { name: 'pick', meaning: 'subnet choice: uniform, or ∝ pool TAO (depth)', unit: '–', default: 'uniform', range: ['uniform', 'depth'] },
  { name: 'wealth', meaning: 'liquid TAO at genesis', unit: 'TAO', default: 1000, range: [0, 1e8] },
  { name: 'seedInventory', meaning: 'TAO bought into every genesis subnet at genesis so sells are rarely capped (0 at launch: 1-TAO pools)', unit: 'TAO/subnet', default: 0, range: [0, 1e6] },
  {
    name: 'maxPriceImpact',
    meaning: 'price limit of each order, all or nothing: an order that would move the pool price past (1+m)·p (buy) or p/(1+m) (sell) is not sent (a retail slippage limit, assumed; without it retail orders took 1-TAO flow-era entrants to 10+ TAO, against a network Σ prices of a few TAO); 1e6 (the default) = no limit, so that the scenarios measured before it keep their results; the history-era specs set 0.1',
    unit: '–', default: 1e6, range: [0.001, 1e6],
  },
] as const satisfies readonly ParamDoc[];

/** The parameters an agent of this family reads, typed from the table above. */
export type NoiseTraderParams = ValuesOf<typeof NOISE_TRADER_PARAMS>;

const depth = new Float64Array(4096);
/** maxPriceImpact at the top of its range means no limit (the default). */
const NO_PRICE_LIMIT = 1e6;

/**
 * The largest input (TAO into a buy, alpha into a sell) that moves the price by at most the factor 1 + m (the limit price
 * of an all-or-nothing order, as the chain's stake-with-limit calls without partial fills, docs/chain-rules.md §5), on the
 * x·y = k curve without fee (docs/chain-rules.md §6.1): the price goes as (1 + in/reserve)², so in ≤ reserve·(√(1+m) − 1).
 * Simplified: the pool fee (§6.2) only makes the move smaller, and a weighted pool (§6.3) whose weights left ½ has
 * another exponent, so there the limit is approximate. At 0.1 (the history-era specs) it stops an order only above ~4.9% of the
 * reserve: in pools 1,000 TAO deep, orders above 49 TAO (a 4.6σ draw at the default sizes).
 */
function impactCap(reserve: number, m: number): number {
  if (m >= NO_PRICE_LIMIT) return Infinity;
  return reserve * (Math.sqrt(1 + m) - 1);
}

export class NoiseTrader implements Agent {
  readonly family = 'noiseTrader';
  readonly cartel = false;
  readonly coldkeys: number[];
  readonly ledger: AgentLedger;
  nextWake: number;
  /** Buys and sells sent, TAO in and out, and sells capped by holdings. */
  buys = 0;
  sells = 0;
  taoIn = 0;
  taoOut = 0;
  capped = 0;
  /** Orders not sent because of maxPriceImpact. */
  limited = 0;
  /** The hotkey it stakes through on each subnet (chosen at its first buy there). */
  readonly hotkeyOf = new Map<number, number>();

  constructor(readonly id: number, readonly coldkey: number, readonly p: NoiseTraderParams, private readonly rng: Rng) {
    this.coldkeys = [coldkey];
    this.ledger = { capital: p.wealth, costs: 0, rejected: 0 };
    this.nextWake = rng.wakeDelay(p.wakeRate);
  }

  act(obs: Observation, out: Action[]): void {
    const v = obs.chain;
    const { p, rng } = this;
    this.nextWake = obs.block + rng.wakeDelay(p.wakeRate);
    const list = v.subnetList();
    if (list.length === 0) return;
    let k: number;
    if (p.pick === 'depth') {
      for (let j = 0; j < list.length; j++) depth[j] = v.subnets.taoIn[list[j]!]!;
      k = rng.pickWeighted(depth, list.length);
    } else k = rng.int(list.length);
    const netuid = list[k < 0 ? 0 : k]!;
    const buy = rng.next() < 0.5;
    const tao = rng.lognormal(p.medianSize, p.sizeSigma);
    if (buy) {
      if (tao > v.balance(this.coldkey)) return;
      if (tao < minOrder(v)) return;
      if (tao > impactCap(v.subnets.taoIn[netuid]!, p.maxPriceImpact)) {
        this.limited++; // all or nothing: the order would move the price past the limit, so it is not sent
        return;
      }
      let hk = this.hotkeyOf.get(netuid);
      if (hk === undefined) {
        hk = chooseValidator(v, obs.world, netuid, 1, 0, rng);
        if (hk < 0) return;
        this.hotkeyOf.set(netuid, hk);
      }
      out.push({ kind: 'stake', coldkey: this.coldkey, hotkey: hk, netuid, tao });
      this.buys++;
      return;
    }
    const hk = this.hotkeyOf.get(netuid);
    const held = hk === undefined ? 0 : v.stake(hk, this.coldkey, netuid);
    const price = v.spotPrice(netuid);
    let alpha = price > 0 ? tao / price : 0;
    if (alpha > held) {
      alpha = held;
      this.capped++;
    }
    if ((held - alpha) * price < v.rules.minStake) alpha = held; // no dust left behind (P5)
    if (alpha > 0 && alpha > impactCap(v.subnets.alphaIn[netuid]!, p.maxPriceImpact)) {
      this.limited++; // all or nothing, as for buys
      return;
    }
    if (!(alpha > 0) || hk === undefined || !(v.quoteSell(netuid, alpha) > 0)) return;
    out.push({ kind: 'unstake', coldkey: this.coldkey, hotkey: hk, netuid, alpha });
    this.sells++;
  }

  onResult(action: Action, result: ActionResult): void {
    if (!result.ok) return;
    if (action.kind === 'stake') this.taoIn -= result.taoDelta;
    else if (action.kind === 'unstake') this.taoOut += result.taoDelta;
  }
}

export const noiseTraderFamily: FamilyDef<NoiseTraderParams> = {
  name: 'noiseTrader',
  description: 'Zero-intelligence noise traders (§5c): Poisson trades, random subnet and side, lognormal sizes; never condition on prices',
  params: NOISE_TRADER_PARAMS,
  create(ctx: SetupContext, p: NoiseTraderParams, id: number): Agent {
    const { chain, world, rng } = ctx;
    const coldkey = chain.addColdkey(p.wealth);
    const agent = new NoiseTrader(id, coldkey, p, rng);
    if (p.seedInventory > 0) {
      const list = chain.subnetList();
      for (let k = 0; k < list.length; k++) {
        const netuid = list[k]!;
        const hk = chooseValidator(chain, world, netuid, 1, 0, rng);
        if (hk < 0 || chain.balance(coldkey) < p.seedInventory) continue;
        chain.genesisStake(coldkey, hk, netuid, p.seedInventory);
        agent.hotkeyOf.set(netuid, hk);
      }
    }
    return agent;
  },
};
