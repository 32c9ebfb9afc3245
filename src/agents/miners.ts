// Payout-chasing miners (docs/agent-models.md §4): an entity with a capacity of UID slots and a latent quality per
// subnet moves slots towards the subnet that pays most per UID, net of the registration burn, inside a
// sunk-cost hysteresis band [23]; it sells the alpha it earns and loses UIDs to pruning (docs/chain-rules.md §8.4).
// It also publishes its quality per (hotkey, subnet) in World.minerQuality: what honest validators perceive.
import { BLOCKS_PER_DAY, ROOT } from '../market/types.ts';
import type { Action, ActionResult, ChainView } from '../market/types.ts';
import type { Rng } from './rng.ts';
import type { Agent, AgentLedger, FamilyDef, Observation, ParamDoc, SetupContext, World } from './types.ts';
import type { ValuesOf } from '../market/params.ts';
import { type LaunchWorld, declareUidQuality, uidQuality } from './world.ts';

const DAY = BLOCKS_PER_DAY;


/** Parameters (docs/agent-models.md §4 table). */
export const MINER_PARAMS = [
  { name: 'capital', meaning: 'free TAO at genesis, to pay registration burns', unit: 'TAO', default: 5, range: [0, 1e6] },
  { name: 'wakesPerDay', meaning: 'λ_m: Poisson wake-up rate (P1)', unit: '1/day', default: 1, range: [0.01, 72] },
  { name: 'capacityTail', meaning: 'tail index α of the Pareto(1, α) UID capacity M', unit: '–', default: 1.5, range: [0.5, 10] },
  { name: 'capacityMax', meaning: 'cap on the UID capacity M', unit: 'UIDs', default: 64, range: [1, 256] },
  { name: 'qualityA', meaning: 'quality q ~ Beta(a, b): shape a', unit: '–', default: 2, range: [0.1, 100] },
  { name: 'qualityB', meaning: 'quality q ~ Beta(a, b): shape b', unit: '–', default: 5, range: [0.1, 100] },
  { name: 'qualityCorrelation', meaning: 'ρ_q: weight of the entity-wide skill in each subnet quality', unit: '–', default: 0.5, range: [0, 1] },
  { name: 'concentration', meaning: 'ζ: incentive concentration assumed in ι(q) = (q/q̄)^ζ / n', unit: '–', default: 2, range: [0, 50] },
  { name: 'opCost', meaning: 'c_op: running cost per UID', unit: 'TAO/day', default: 0.3, range: [0, 5] },
  { name: 'horizonDays', meaning: 'H_m: planning horizon of the NPV', unit: 'days', default: 60, range: [7, 365] },
  { name: 'discount', meaning: 'δ_m: daily discount factor', unit: '–', default: 0.995, range: [0.9, 1] },
  { name: 'rampDays', meaning: 'r_d: days without pay after registering (weights and bonds catch up)', unit: 'days', default: 1, range: [0, 5] },
  { name: 'switchCost', meaning: 'c_sw: switching cost besides the burn', unit: 'TAO', default: 0.1, range: [0, 5] },
  { name: 'hysteresis', meaning: 'h_sw: band widening with |NPV| of the current slot (loyal miners; fickle use 0)', unit: '–', default: 0.25, range: [0, 2] },
  { name: 'fickleShare', meaning: 'φ_f: probability that an entity is fickle (argmax, no band)', unit: '–', default: 0.3, range: [0, 1] },
  { name: 'choiceIntensity', meaning: 'β_m: logit intensity over candidate subnets (loyal miners)', unit: '–', default: 5, range: [0, 1000] },
  { name: 'exitTolerance', meaning: 'h_exit: idle a slot when pay < (1 − h_exit)·c_op ...', unit: '–', default: 0.5, range: [0, 1] },
  { name: 'patienceDays', meaning: 'T_pat: ... for this many days', unit: 'days', default: 3, range: [0, 30] },
  { name: 'sellRate', meaning: 'ρ: share of alpha inventory sold per day', unit: '1/day', default: 0.7, range: [0, 1] },
  { name: 'trendHolding', meaning: 'κ_m: hold more when the own price rose over the last day (× exp(−κ_m·R))', unit: '–', default: 2, range: [0, 10] },
  { name: 'slippage', meaning: 'σ_m: slippage tolerance of one sale', unit: '–', default: 0.01, range: [0.001, 0.05] },
  { name: 'placement', meaning: 'genesis placement of slots: by quality^ζ or uniformly', unit: '–', default: 'quality', range: ['quality', 'uniform'] },
] as const satisfies readonly ParamDoc[];

/** The parameters an agent of this family reads, typed from the table above. */
export type MinerParams = ValuesOf<typeof MINER_PARAMS>;

/**
 * Quality of the miner `hotkey` (UID `uid`) on `netuid` as honest validators perceive it: the value the miners
 * family published (0 where it does not serve); for a hotkey nobody published (anonymous genesis miners), the
 * launch world's per-UID quality (drawn once from `rng`, world.ts uidQuality); otherwise 0.
 */
export function minerQualityOf(world: World, chain: ChainView, hotkey: number, netuid: number, uid: number, rng?: Rng): number {
  const q = world.minerQuality?.[hotkey * chain.maxNetuid + netuid];
  if (q !== undefined && !Number.isNaN(q)) return q;
  if (rng && (world as Partial<LaunchWorld>).uidQuality) return uidQuality(world as LaunchWorld, chain.maxUids, netuid, uid, hotkey, rng);
  return 0;
}

/**
 * Publish that `hotkey` serves `netuid` with quality q (0: it stopped serving there). Writes World.minerQuality
 * (grown on demand; NaN marks hotkeys nobody published) and, in a launch world, declares the UID's quality so
 * the world's root validators weight it too (world.ts declareUidQuality).
 */
export function publishMinerQuality(world: World, chain: ChainView, hotkey: number, netuid: number, q: number): void {
  const N = chain.maxNetuid;
  const need = (hotkey + 1) * N;
  let t = world.minerQuality;
  if (!t || t.length < need) {
    const grown = new Float64Array(Math.max(need, (t?.length ?? 0) * 2)).fill(NaN);
    if (t) grown.set(t);
    world.minerQuality = t = grown;
  }
  if (Number.isNaN(t[hotkey * N + netuid]!)) t.fill(0, hotkey * N, (hotkey + 1) * N); // a known miner: 0 elsewhere
  t[hotkey * N + netuid] = q;
  const uid = netuid > 0 ? chain.uidOf(hotkey, netuid) : -1;
  if (uid >= 0 && (world as Partial<LaunchWorld>).uidQuality) declareUidQuality(world as LaunchWorld, chain.maxUids, netuid, uid, hotkey, q);
}

/** Per-block snapshot shared by the family: miner UIDs, smoothed price, registrations per day per subnet. */
interface PayoutCache {
  block: number;
  miners: Float64Array;
  price: Float64Array;
  regsPerDay: Float64Array;
  full: Uint8Array;
}

function payoutCache(shared: Record<string, unknown>, obs: Observation): PayoutCache {
  const c = obs.chain;
  let pc = shared.payout as PayoutCache | undefined;
  if (!pc) {
    const N = c.maxNetuid;
    pc = { block: -1, miners: new Float64Array(N), price: new Float64Array(N), regsPerDay: new Float64Array(N), full: new Uint8Array(N) };
    shared.payout = pc;
  }
  if (pc.block === obs.block) return pc;
  pc.block = obs.block;
  pc.miners.fill(0);
  const nr = c.neurons;
  const registeredAt = nr.registeredAt, lastUpdate = nr.lastUpdate, hotkeys = nr.hotkey, incentive = nr.incentive;
  const dayAgo = obs.block - DAY, rampStart = obs.block - 2 * (c.rules.tempo + 1);
  for (const netuid of c.subnetList()) {
    const n = c.subnets.nUids[netuid]!;
    const base = netuid * c.maxUids;
    // Competing miners: UIDs that never set weights (not validators, not the owner) and earn incentive or are
    // new (still ramping); abandoned UIDs that validators no longer weight do not compete. Before any
    // incentive, every miner UID counts.
    const owner = c.subnets.ownerHotkey[netuid]!;
    let miners = 0, earning = 0, recent = 0;
    for (let u = 0; u < n; u++) {
      const i = base + u;
      const reg = registeredAt[i]!;
      if (reg > dayAgo) recent++;
      if (lastUpdate[i]! > reg || hotkeys[i] === owner) continue;
      miners++;
      if (incentive[i]! > 0 || reg > rampStart) earning++;
    }
    pc.miners[netuid] = earning > 0 ? earning : miners;
    pc.regsPerDay[netuid] = recent;
    pc.full[netuid] = n >= c.maxUids ? 1 : 0;
    // p̂: a smoothed price over the last day (spot, half a day ago, a day ago) rather than a spike.
    const h = obs.history;
    pc.price[netuid] = h.length > 0 ? (c.spotPrice(netuid) + h.priceAgo(netuid, DAY / 2) + h.priceAgo(netuid, DAY)) / 3 : c.spotPrice(netuid);
  }
  return pc;
}

/** Σ_{t=a}^{b−1} δ^t. */
function geo(d: number, a: number, b: number): number {
  if (b <= a) return 0;
  return d >= 1 ? b - a : (Math.pow(d, a) - Math.pow(d, b)) / (1 - d);
}

export class MinerAgent implements Agent {
  readonly family = 'miner';
  readonly cartel = false;
  readonly coldkeys: readonly number[];
  nextWake: number;
  readonly ledger: AgentLedger;
  readonly fickle: boolean;
  /** Latent quality per netuid. */
  readonly quality: Float64Array;
  readonly hotkeys: number[] = [];
  /** Subnet each slot serves (−1 = idle), its registration block, days below the exit threshold. */
  readonly slotNet: number[] = [];
  readonly slotSince: number[] = [];
  readonly slotLowDays: number[] = [];
  /** Counters for tests and metrics. */
  switches = 0;
  registrations = 0;
  pruned = 0;
  exits = 0;
  alphaSold = 0;
  private block = 0;
  private readonly world: World;
  private readonly rng: Rng;
  private readonly shared: Record<string, unknown>;
  private readonly pending = new Map<Action, number>();
  private readonly npv: Float64Array;

  constructor(ctx: SetupContext, readonly p: MinerParams, readonly id: number) {
    const { chain, rng, world } = ctx;
    this.world = world;
    this.rng = rng;
    this.shared = ctx.shared;
    const coldkey = chain.addColdkey(p.capital);
    this.coldkeys = [coldkey];
    this.ledger = { capital: p.capital, costs: 0, rejected: 0 };
    this.fickle = rng.next() < p.fickleShare;
    const N = chain.maxNetuid;
    this.quality = new Float64Array(N);
    // Correlated skill across subnets [assumption]: q = ρ_q·skill + (1 − ρ_q)·own draw, both Beta(a, b).
    const skill = rng.beta(p.qualityA, p.qualityB);
    for (let i = 1; i < N; i++) this.quality[i] = p.qualityCorrelation * skill + (1 - p.qualityCorrelation) * rng.beta(p.qualityA, p.qualityB);
    this.npv = new Float64Array(N);
    const capacity = Math.max(1, Math.min(p.capacityMax, Math.floor(rng.pareto(1, p.capacityTail))));
    const list = Array.from(chain.subnetList());
    const w = list.map((i) => (p.placement === 'uniform' ? 1 : Math.pow(this.quality[i]!, p.concentration)));
    this.block = chain.block;
    for (let s = 0; s < capacity; s++) {
      const hk = chain.addHotkey(coldkey);
      this.hotkeys.push(hk);
      this.slotNet.push(-1);
      this.slotSince.push(0);
      this.slotLowDays.push(0);
      publishMinerQuality(world, chain, hk, 0, 0); // a known miner hotkey, serving nowhere yet
      for (let tries = 0; tries < 4 && list.length > 0; tries++) {
        const netuid = list[Math.max(0, rng.pickWeighted(w))]!;
        if (chain.subnets.nUids[netuid]! >= chain.maxUids) continue;
        chain.genesisNeuron(netuid, hk);
        this.occupy(chain, s, netuid);
        break;
      }
    }
    this.nextWake = chain.block + rng.wakeDelay(p.wakesPerDay);
  }

  /** Move slot `s` to `netuid` (−1: idle) and publish what validators now perceive. */
  private occupy(c: ChainView, s: number, netuid: number): void {
    const old = this.slotNet[s]!;
    if (old > 0) publishMinerQuality(this.world, c, this.hotkeys[s]!, old, 0);
    this.slotNet[s] = netuid;
    this.slotSince[s] = c.block;
    this.slotLowDays[s] = 0;
    if (netuid > 0) publishMinerQuality(this.world, c, this.hotkeys[s]!, netuid, this.quality[netuid]!);
  }

  /** π_i(q): expected daily TAO pay of one UID on `netuid` among `n` miner UIDs (docs/agent-models.md §4 signals). */
  payoutPerUid(c: ChainView, pc: PayoutCache, netuid: number, n: number): number {
    const r = c.rules;
    const minerAlphaPerDay = ((1 - r.ownerCut) / 2) * r.blockEmission * DAY * (1 - c.subnets.minerBurned[netuid]!);
    const qMean = this.p.qualityA / (this.p.qualityA + this.p.qualityB);
    const share = Math.pow(this.quality[netuid]! / qMean, this.p.concentration) / Math.max(1, n);
    return minerAlphaPerDay * pc.price[netuid]! * Math.min(1, share);
  }

  /** NPV of a slot on `netuid` with `n` miner UIDs and `ramp` unpaid days left (docs/agent-models.md §4 decision rule). */
  slotNpv(c: ChainView, pc: PayoutCache, netuid: number, n: number, ramp: number): number {
    const p = this.p;
    const pay = this.payoutPerUid(c, pc, netuid, n);
    let tenure = p.horizonDays;
    if (pc.full[netuid]) {
      // Pruning hazard [assumption]: registrations per UID per day, scaled up for qualities below the mean.
      const qMean = p.qualityA / (p.qualityA + p.qualityB);
      const h = (pc.regsPerDay[netuid]! / Math.max(1, n)) * Math.pow(qMean / Math.max(1e-6, this.quality[netuid]!), p.concentration);
      if (h > 0) tenure = Math.min(tenure, 1 / h);
    }
    const T = Math.max(0, Math.floor(tenure));
    return pay * geo(p.discount, Math.min(T, Math.ceil(ramp)), T) - p.opCost * geo(p.discount, 0, T);
  }

  act(obs: Observation, out: Action[]): void {
    const c = obs.chain;
    const p = this.p;
    const days = Math.max(0, (obs.block - this.block) / DAY);
    this.block = obs.block;
    const pc = payoutCache(this.shared, obs);
    // Pruned UIDs (docs/chain-rules.md §8.4): the chain gave the slot to a newcomer; ours is idle again.
    for (let s = 0; s < this.hotkeys.length; s++) {
      const net = this.slotNet[s]!;
      if (net > 0 && c.uidOf(this.hotkeys[s]!, net) < 0) {
        this.pruned++;
        this.occupy(c, s, -1);
      }
    }
    this.sell(obs, out, pc, days);
    // NPV of one more slot on each subnet (the entity's quality does not depend on the slot).
    const list = c.subnetList();
    for (const j of list) this.npv[j] = this.slotNpv(c, pc, j, pc.miners[j]! + 1, p.rampDays);
    let budget = c.balance(this.coldkeys[0]!);
    for (let s = 0; s < this.hotkeys.length; s++) {
      const i = this.slotNet[s]!;
      const hk = this.hotkeys[s]!;
      let here = 0;
      if (i > 0) {
        const left = Math.max(0, p.rampDays - (obs.block - this.slotSince[s]!) / DAY);
        here = this.slotNpv(c, pc, i, pc.miners[i]!, left);
        // Exit (Dixit–Pindyck): idle the slot only after T_pat days of pay well below the running cost.
        const pay = this.payoutPerUid(c, pc, i, pc.miners[i]!);
        this.slotLowDays[s] = pay < (1 - p.exitTolerance) * p.opCost ? this.slotLowDays[s]! + days : 0;
        if (p.opCost > 0 && this.slotLowDays[s]! > p.patienceDays) {
          pc.miners[i]! -= 1;
          this.exits++;
          this.occupy(c, s, -1);
          continue;
        }
      }
      const j = this.chooseCandidate(c, list, i);
      if (j < 0) continue;
      // A hotkey still registered on j (not yet pruned) returns without a new burn.
      const back = c.uidOf(hk, j) >= 0;
      const burn = back ? 0 : c.subnets.neuronBurn[j]!;
      const band = burn + p.switchCost + (this.fickle ? 0 : p.hysteresis) * Math.abs(here);
      if (!(this.npv[j]! - here > band) || budget < burn) continue;
      pc.miners[j]! += 1; // later slots see the own dilution at once
      if (i > 0) pc.miners[i]! -= 1;
      if (back) {
        if (i > 0) this.switches++;
        this.occupy(c, s, j);
      } else {
        budget -= burn;
        const a: Action = { kind: 'registerNeuron', coldkey: this.coldkeys[0]!, hotkey: hk, netuid: j };
        this.pending.set(a, s);
        out.push(a);
      }
      this.npv[j] = this.slotNpv(c, pc, j, pc.miners[j]! + 1, p.rampDays);
      if (i > 0) this.npv[i] = this.slotNpv(c, pc, i, pc.miners[i]! + 1, p.rampDays);
    }
    this.nextWake = obs.block + this.rng.wakeDelay(p.wakesPerDay);
    this.view = c;
  }

  private view: ChainView | null = null;

  /** Fickle: argmax of NPV − burn; loyal: logit choice (P2) on (NPV − burn)/scale with β_m. */
  private chooseCandidate(c: ChainView, list: Int32Array, current: number): number {
    let best = -1, bestV = -Infinity, scale = 1e-9;
    for (const j of list) {
      if (j === current) continue;
      const v = this.npv[j]! - c.subnets.neuronBurn[j]!;
      scale = Math.max(scale, Math.abs(v));
      if (v > bestV) (bestV = v), (best = j);
    }
    if (this.fickle || best < 0) return best;
    const beta = this.p.choiceIntensity;
    let total = 0;
    for (const j of list) if (j !== current) total += Math.exp((beta * (this.npv[j]! - c.subnets.neuronBurn[j]! - bestV)) / scale);
    let r = this.rng.next() * total;
    for (const j of list) {
      if (j === current) continue;
      r -= Math.exp((beta * (this.npv[j]! - c.subnets.neuronBurn[j]! - bestV)) / scale);
      if (r <= 0) return j;
    }
    return best;
  }

  /** Sell s = max(c_op·Δt/p̂, ρ·Δt·inventory·exp(−κ_m·R_i(1 day))) per position, capped by σ_m (docs/agent-models.md §4). */
  private sell(obs: Observation, out: Action[], pc: PayoutCache, days: number): void {
    const c = obs.chain;
    const p = this.p;
    const ck = this.coldkeys[0]!;
    const pos = c.positionsOf(ck);
    for (let k = 0; k < pos.length; k += 2) {
      const hk = pos[k]!, netuid = pos[k + 1]!;
      if (netuid === ROOT || !c.subnetExists(netuid)) continue;
      const held = c.stake(hk, ck, netuid);
      const price = c.spotPrice(netuid);
      if (!(held > 0) || !(price > 0)) continue;
      const slot = this.hotkeys.indexOf(hk);
      const serving = slot >= 0 && this.slotNet[slot] === netuid ? 1 : 0;
      const forCosts = (p.opCost * days * serving) / Math.max(1e-12, pc.price[netuid]!);
      const frac = Math.min(1, p.sellRate * days * Math.exp(-p.trendHolding * obs.history.logReturn(netuid, DAY)));
      const cap = (p.slippage * c.subnets.alphaIn[netuid]!) / (1 - p.slippage);
      let alpha = Math.min(held, Math.max(forCosts, frac * held), cap);
      // Never leave dust below min_stake (the chain would refuse the partial sale, docs/chain-rules.md §5).
      if ((held - alpha) * price < c.rules.minStake) alpha = held <= cap ? held : alpha * 0.5;
      if (!(alpha * price >= c.rules.minStake) || !(c.quoteSell(netuid, alpha) > 0)) continue;
      out.push({ kind: 'unstake', coldkey: ck, hotkey: hk, netuid, alpha });
    }
  }

  onResult(action: Action, result: ActionResult): void {
    const s = this.pending.get(action);
    if (s !== undefined) this.pending.delete(action);
    if (!result.ok) return; // counted by the population in ledger.rejected
    this.ledger.costs += result.fee;
    if (action.kind === 'unstake') this.alphaSold += -result.alphaDelta;
    if (action.kind === 'registerNeuron' && s !== undefined && this.view) {
      this.ledger.costs += -result.taoDelta; // the burn is recycled (docs/chain-rules.md §8.3): a sunk cost
      this.registrations++;
      if (this.slotNet[s]! > 0) this.switches++;
      this.occupy(this.view, s, action.netuid);
    }
  }
}

export const minerFamily: FamilyDef<MinerParams> = {
  name: 'miner',
  description: 'Payout-chasing miners: move UID slots to the subnet paying most per UID net of the burn, sell emitted alpha (docs/agent-models.md §4)',
  params: MINER_PARAMS,
  create: (ctx, params, id) => new MinerAgent(ctx, params, id),
};
