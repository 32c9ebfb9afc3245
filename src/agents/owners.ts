// Colluding subnet owners and cartels (docs/agent-models.md §3). Each agent is one member: it owns one subnet (a new
// one bought at the lock cost, or a genesis subnet taken over), runs cartel validator hotkeys and miner UIDs
// under a coldkey the chain cannot link to the owner, and plays the enabled strategies: S1 self-stake pump,
// S2 stake bribes out of the owner cut, S3 captured weights (its validators and bribed ones weight the
// cartel UIDs: pays only above kappa, docs/chain-rules.md §7 steps 6–7; the bribe market is bribes.ts), S4a wash round trips, S4b parked flow, S5 a
// cross-staking ring held together by a trigger strategy, S6 selling the owner cut. Members of one family
// share a book (SetupContext.shared); their P&L is kept apart (Agent.cartel = true).
import { BLOCKS_PER_DAY, ROOT } from '../market/types.ts';
import type { Action, ActionResult, ChainView } from '../market/types.ts';
import { billsToPay, bribeBid, bribeBoard, recordBribePayment } from './bribes.ts';
import { publishMinerQuality } from './miners.ts';
import type { Rng } from './rng.ts';
import type { Agent, AgentLedger, FamilyDef, Observation, ParamDoc, SetupContext, World } from './types.ts';
import type { ValuesOf } from '../market/params.ts';
import type { LaunchWorld } from './world.ts';

const DAY = BLOCKS_PER_DAY;


/** Parameters (docs/agent-models.md §3 table; strategies S1–S6 switched by their amounts). */
export const CARTEL_PARAMS = [
  { name: 'treasury', meaning: 'B_c: TAO each member brings', unit: 'TAO', default: 2000, range: [0, 1e7] },
  { name: 'registerNew', meaning: 'register a new subnet at the lock cost (true) or take over a genesis subnet (false)', unit: '–', default: false, range: ['true', 'false'] },
  { name: 'takeNetuid', meaning: 'genesis subnet to take over (0: the highest unclaimed netuid)', unit: 'netuid', default: 0, range: [0, 4095] },
  { name: 'wakesPerDay', meaning: 'rate of strategy wake-ups (weights and S1 chunks run every tempo)', unit: '1/day', default: 1, range: [0.1, 72] },
  { name: 'validators', meaning: 'cartel validator hotkeys per member', unit: 'hotkeys', default: 2, range: [0, 16] },
  { name: 'minerUids', meaning: 'cartel miner UIDs per member (under an unlinked coldkey)', unit: 'UIDs', default: 4, range: [0, 64] },
  { name: 'rootStakeShare', meaning: 'share of the treasury staked on root to the cartel validators at genesis (stake weight ×0.18 everywhere)', unit: '–', default: 0, range: [0, 1] },
  { name: 'pumpShare', meaning: 'S1: share of the treasury spent buying own alpha in TWAP chunks', unit: '–', default: 0.5, range: [0, 1] },
  { name: 'slippage', meaning: 'σ: slippage tolerance of one chunk (P3)', unit: '–', default: 0.01, range: [0.001, 0.05] },
  { name: 'stakeBribeShare', meaning: 'S2 x: share of the owner cut paid to the subnet’s stakers pro rata', unit: '–', default: 0.3, range: [0, 1] },
  { name: 'capture', meaning: 'S3: weight cartel UIDs and bribe validators towards kappa + buffer', unit: '–', default: true, range: ['true', 'false'] },
  { name: 'bribeRate', meaning: 'S3 b: opening bribe per unit of stake weight per epoch (0: the current dividend per stake)', unit: 'TAO', default: 0, range: [0, 1] },
  { name: 'buffer', meaning: 'S3: coalition share sought above kappa', unit: 'stake share', default: 0.02, range: [0, 0.1] },
  { name: 'bribeHorizonDays', meaning: 'S3 H_c: days of bribes the liquid treasury must cover — it offers only what it could keep paying this long', unit: 'days', default: 30, range: [1, 180] },
  { name: 'washPerDay', meaning: 'S4a w_wash: round-trip volume on the own subnet', unit: 'TAO/day', default: 0, range: [0, 1e6] },
  { name: 'parkTao', meaning: 'S4b: TAO parked as stake (flow gaming), then unstaked, in cycles', unit: 'TAO', default: 0, range: [0, 1e6] },
  { name: 'parkDays', meaning: 'S4b: days parked, then days out, per cycle', unit: 'days', default: 7, range: [0.1, 365] },
  { name: 'crossStakeShare', meaning: 'S5: share of the treasury staked into the partners’ subnets', unit: '–', default: 0.2, range: [0, 1] },
  { name: 'ringDiscount', meaning: 'S5 δ: daily discount of the ring’s trigger strategy (defect if dump gain > δ/(1−δ)·daily ring gain)', unit: '–', default: 0.95, range: [0.5, 0.999] },
  { name: 'sellOwnerCut', meaning: 'S6: share of the owner-cut stake sold per day', unit: '1/day', default: 0, range: [0, 1] },
] as const satisfies readonly ParamDoc[];

/** The parameters an agent of this family reads, typed from the table above. */
export type CartelParams = ValuesOf<typeof CARTEL_PARAMS>;

/** The family-wide book: members and the cartel's P&L items (TAO). */
export interface CartelBook {
  members: CartelAgent[];
  ringBroken: boolean;
  bribesPaid: number;
  stakeBribesPaid: number;
  burns: number;
  lockCost: number;
  fees: number;
  washVolume: number;
}

function bookOf(shared: Record<string, unknown>): CartelBook {
  return (shared.cartel ??= {
    members: [], ringBroken: false, bribesPaid: 0, stakeBribesPaid: 0, burns: 0, lockCost: 0, fees: 0, washVolume: 0,
  } satisfies CartelBook) as CartelBook;
}

/** Alpha to unstake for `want`: capped by the holding, and all of it rather than leave dust below min_stake (docs/chain-rules.md §5). */
function unstakeAmount(c: ChainView, hotkey: number, coldkey: number, netuid: number, want: number): number {
  const held = c.stake(hotkey, coldkey, netuid);
  const alpha = Math.min(want, held);
  return (held - alpha) * c.spotPrice(netuid) < c.rules.minStake ? held : alpha;
}

type Tag = 'lock' | 'burn' | 'pump' | 'wash' | 'park' | 'cross' | 'bribe' | 'stakeBribe' | 'other';

export class CartelAgent implements Agent {
  readonly family = 'cartel';
  readonly cartel = true;
  readonly coldkeys: number[];
  nextWake: number;
  readonly ledger: AgentLedger;
  readonly book: CartelBook;
  /** Treasury coldkey, the unlinked miners' coldkey, and the owner coldkey (the treasury's unless taken over). */
  readonly treasury: number;
  readonly minerColdkey: number;
  ownerColdkey: number;
  ownerHotkey: number;
  netuid = -1;
  readonly validators: number[] = [];
  readonly miners: number[] = [];
  rate: number;
  pumped = 0;
  private nextDaily: number;
  private nextTempo: number;
  private lastDaily: number;
  private lastOwnerStake = 0;
  private washAlpha = 0;
  private parkAlpha = 0;
  private parkUntil = -1;
  private readonly crossAlpha = new Map<number, number>(); // partner netuid → alpha held (on the partner's validator)
  private crossCost = 0;
  private readonly tags = new Map<Action, Tag>();
  private view: ChainView | null = null;
  private readonly world: World;
  private readonly rng: Rng;

  constructor(ctx: SetupContext, readonly p: CartelParams, readonly id: number) {
    const { chain, rng, world } = ctx;
    this.world = world;
    this.rng = rng;
    this.book = bookOf(ctx.shared);
    this.book.members.push(this);
    this.treasury = chain.addColdkey(p.treasury);
    this.minerColdkey = chain.addColdkey(0);
    this.ledger = { capital: p.treasury, costs: 0, rejected: 0 };
    this.ownerColdkey = this.treasury;
    this.ownerHotkey = chain.addHotkey(this.treasury);
    this.coldkeys = [this.treasury, this.minerColdkey];
    for (let k = 0; k < p.validators; k++) this.validators.push(chain.addHotkey(this.treasury));
    for (let k = 0; k < p.minerUids; k++) this.miners.push(chain.addHotkey(this.minerColdkey));
    if (!p.registerNew) this.takeOver(ctx);
    const root = p.rootStakeShare * p.treasury;
    if (root > 0 && this.validators.length > 0) {
      for (const hk of this.validators) chain.genesisStake(this.treasury, hk, ROOT, root / this.validators.length);
    }
    this.rate = p.bribeRate;
    this.nextWake = this.nextDaily = this.nextTempo = chain.block + 1;
    this.lastDaily = chain.block;
  }

  /** Take over a genesis subnet: the member now acts for its owner keys (the chain cannot tell, §3). */
  private takeOver(ctx: SetupContext): void {
    const c = ctx.chain;
    const claimed = (ctx.world as Partial<LaunchWorld>).claimed;
    const taken = new Set(this.book.members.map((m) => m.netuid));
    const list = Array.from(c.subnetList()).reverse();
    const want = this.p.takeNetuid;
    const netuid = want > 0 ? (c.subnetExists(want) ? want : -1)
      : list.find((i) => !taken.has(i) && !claimed?.has(c.subnets.owner[i]!)) ?? -1;
    if (netuid < 0) return; // nothing to take: registers a new subnet at its first wake
    this.netuid = netuid;
    this.ownerColdkey = c.subnets.owner[netuid]!;
    this.ownerHotkey = c.subnets.ownerHotkey[netuid]!;
    claimed?.add(this.ownerColdkey);
    this.coldkeys.push(this.ownerColdkey);
  }

  private push(out: Action[], a: Action, tag: Tag): void {
    this.tags.set(a, tag);
    out.push(a);
  }

  act(obs: Observation, out: Action[]): void {
    const c = obs.chain;
    this.view = c;
    const b = obs.block;
    const tempo = c.rules.tempo + 1;
    if (this.netuid < 0 || !c.subnetExists(this.netuid)) {
      if (c.balance(this.treasury) >= c.lockCost()) {
        this.push(out, { kind: 'registerSubnet', coldkey: this.treasury, hotkey: this.ownerHotkey }, 'lock');
      }
      // Retry at the next strategy wake (the lock cost and the network rate limit, docs/chain-rules.md §8.1, may refuse).
      this.nextWake = this.nextDaily = b + this.rng.wakeDelay(this.p.wakesPerDay);
      return;
    }
    const committed = this.registerKeys(c, out);
    if (b >= this.nextTempo) {
      this.payBribes(c, out, committed);
      this.setWeights(c, out);
      this.pump(c, out);
      this.wash(c, out);
      this.nextTempo = b + tempo;
    }
    if (b >= this.nextDaily) {
      const days = (b - this.lastDaily) / DAY;
      this.lastDaily = b;
      this.capture(obs);
      this.stakeBribes(c, out);
      this.park(c, out, b);
      this.ring(c, out);
      this.sellOwnerCut(c, out, days);
      this.nextDaily = b + this.rng.wakeDelay(this.p.wakesPerDay);
    }
    this.nextWake = Math.min(this.nextDaily, this.nextTempo);
  }

  /** Validators and miners get UIDs by paying the burn (docs/chain-rules.md §8.3); the miners' coldkey is funded first. Returns the TAO committed. */
  private registerKeys(c: ChainView, out: Action[]): number {
    const burn = c.subnets.neuronBurn[this.netuid]!;
    let budget = c.balance(this.treasury);
    for (const hk of this.validators) {
      if (c.uidOf(hk, this.netuid) >= 0 || budget < burn) continue;
      budget -= burn;
      this.push(out, { kind: 'registerNeuron', coldkey: this.treasury, hotkey: hk, netuid: this.netuid }, 'burn');
    }
    let minerBudget = c.balance(this.minerColdkey);
    for (const hk of this.miners) {
      if (c.uidOf(hk, this.netuid) >= 0) continue;
      if (minerBudget < burn) {
        const need = burn * 1.5 - minerBudget;
        if (budget < need || !(need > 0)) break;
        budget -= need;
        minerBudget += need;
        this.push(out, { kind: 'transfer', coldkey: this.treasury, toColdkey: this.minerColdkey, tao: need }, 'other');
      }
      minerBudget -= burn;
      this.push(out, { kind: 'registerNeuron', coldkey: this.minerColdkey, hotkey: hk, netuid: this.netuid }, 'burn');
    }
    return c.balance(this.treasury) - budget;
  }

  /** S3: the owner and cartel validators with a permit put all weight on the cartel UIDs. */
  private setWeights(c: ChainView, out: Action[]): void {
    if (!this.p.capture) return;
    const n = c.subnets.nUids[this.netuid]!;
    const base = this.netuid * c.maxUids;
    let w: Float64Array | null = null;
    for (const hk of this.miners) {
      const uid = c.uidOf(hk, this.netuid);
      if (uid < 0) continue;
      w ??= new Float64Array(n);
      w[uid] = 1;
    }
    if (!w) return;
    for (const hk of [this.ownerHotkey, ...this.validators]) {
      const uid = c.uidOf(hk, this.netuid);
      if (uid >= 0 && c.neurons.permit[base + uid]) this.push(out, { kind: 'setWeights', hotkey: hk, netuid: this.netuid, weights: w }, 'other');
    }
  }

  /** S1: buy own alpha in chunks of at most σ·T (P3) and stake it to the cartel validators. */
  private pump(c: ChainView, out: Action[]): void {
    const left = this.p.pumpShare * this.p.treasury - this.pumped;
    const T = c.subnets.taoIn[this.netuid]!;
    const tao = Math.min(left, this.p.slippage * T, c.balance(this.treasury) - this.reserve(c));
    if (!(tao >= c.rules.minStake + c.rules.flatStakingFee)) return;
    const hks = this.validators.length > 0 ? this.validators : [this.ownerHotkey];
    const hotkey = hks[Math.floor(this.pumped / Math.max(tao, 1e-12)) % hks.length]!;
    this.pumped += tao;
    this.push(out, { kind: 'stake', coldkey: this.treasury, hotkey, netuid: this.netuid, tao }, 'pump');
  }

  /** TAO kept back for burns and bribes. */
  private reserve(c: ChainView): number {
    return c.subnets.neuronBurn[this.netuid]! * (this.validators.length + this.miners.length);
  }

  /** S4a: alternate a stake and the matching unstake on successive tempo wakes (a lossless round trip at launch). */
  private wash(c: ChainView, out: Action[]): void {
    if (this.washAlpha > 0) {
      const hk = this.validators[0] ?? this.ownerHotkey;
      const alpha = unstakeAmount(c, hk, this.treasury, this.netuid, this.washAlpha);
      this.washAlpha = 0;
      if (alpha > 0) this.push(out, { kind: 'unstake', coldkey: this.treasury, hotkey: hk, netuid: this.netuid, alpha }, 'wash');
      return;
    }
    const perTrip = (this.p.washPerDay * (c.rules.tempo + 1) * 2) / DAY;
    if (!(perTrip >= c.rules.minStake + c.rules.flatStakingFee) || c.balance(this.treasury) < perTrip) return;
    this.push(out, { kind: 'stake', coldkey: this.treasury, hotkey: this.validators[0] ?? this.ownerHotkey, netuid: this.netuid, tao: perTrip }, 'wash');
  }

  /** S3, every tempo: settle what validators billed (transfers) and keep the standing offer open. */
  private payBribes(c: ChainView, out: Action[], committed: number): void {
    const board = bribeBoard(this.world);
    for (const o of board.offers) if (o.payer === this.treasury) o.expires = Math.max(o.expires, c.block + this.offerLife());
    for (const [toColdkey, tao] of billsToPay(board, this.treasury, c.balance(this.treasury) - committed)) {
      this.push(out, { kind: 'transfer', coldkey: this.treasury, toColdkey, tao }, 'bribe');
    }
  }

  /** S3, at strategy wakes: replace the standing offer with a new bid (bribes.ts bribeBid). */
  private capture(obs: Observation): void {
    const c = obs.chain, board = bribeBoard(this.world);
    board.offers = board.offers.filter((o) => o.payer !== this.treasury && o.expires > obs.block);
    if (!this.p.capture) return;
    const offer = bribeBid(c, board, this, {
      buffer: this.p.buffer, horizonEpochs: (this.p.bribeHorizonDays * DAY) / (c.rules.tempo + 1),
      cash: c.balance(this.treasury) - this.reserve(c), expires: obs.block + this.offerLife(),
    });
    if (offer) board.offers.push(offer);
  }

  /** Blocks an offer stands without a strategy wake: two mean wake intervals. */
  private offerLife(): number {
    return Math.ceil((2 * DAY) / this.p.wakesPerDay);
  }

  /** S2: pay x of the owner cut accrued since the last wake to the subnet's largest outside stakers, pro rata. */
  private stakeBribes(c: ChainView, out: Action[]): void {
    const now = c.stake(this.ownerHotkey, this.ownerColdkey, this.netuid);
    const accrued = now - this.lastOwnerStake;
    this.lastOwnerStake = now;
    const budget = this.p.stakeBribeShare * accrued;
    const price = c.spotPrice(this.netuid);
    if (!(budget * price >= c.rules.minStake)) return;
    const own = new Set(this.book.members.flatMap((m) => m.coldkeys));
    const holders: Array<[number, number]> = [];
    for (let ck = 0; ck < c.nColdkeys(); ck++) {
      if (own.has(ck)) continue;
      const pos = c.positionsOf(ck);
      let a = 0;
      for (let k = 0; k < pos.length; k += 2) if (pos[k + 1] === this.netuid) a += c.stake(pos[k]!, ck, this.netuid);
      if (a > 0) holders.push([ck, a]);
    }
    holders.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    holders.length = Math.min(holders.length, 32);
    const total = holders.reduce((s, h) => s + h[1], 0);
    let paid = 0;
    for (const [ck, a] of holders) {
      const alpha = (budget * a) / total;
      if (alpha * price < c.rules.minStake) continue;
      paid += alpha;
      this.push(out, { kind: 'transferStake', coldkey: this.ownerColdkey, toColdkey: ck, hotkey: this.ownerHotkey, netuid: this.netuid, alpha }, 'stakeBribe');
    }
    this.lastOwnerStake -= paid;
  }

  /** S4b: park `parkTao` as stake for parkDays, unstake, stay out for parkDays, repeat. */
  private park(c: ChainView, out: Action[], block: number): void {
    if (!(this.p.parkTao > 0) || block < this.parkUntil) return;
    const hk = this.validators[0] ?? this.ownerHotkey;
    if (this.parkAlpha > 0) {
      const alpha = unstakeAmount(c, hk, this.treasury, this.netuid, this.parkAlpha);
      if (alpha > 0) this.push(out, { kind: 'unstake', coldkey: this.treasury, hotkey: hk, netuid: this.netuid, alpha }, 'park');
      this.parkAlpha = 0;
    } else if (c.balance(this.treasury) >= this.p.parkTao) {
      this.push(out, { kind: 'stake', coldkey: this.treasury, hotkey: hk, netuid: this.netuid, tao: this.p.parkTao }, 'park');
    }
    this.parkUntil = block + this.p.parkDays * DAY;
  }

  /**
   * S5: stake into partners' subnets (chunked), and run the trigger strategy: defect — sell every cross-stake
   * — when the one-shot gain of dumping exceeds δ/(1−δ) × the daily gain from partners' support; once anyone
   * defects the ring is broken and every member sells at its next wake.
   */
  private ring(c: ChainView, out: Action[]): void {
    const partners = this.book.members.filter((m) => m !== this && m.netuid > 0 && m.netuid !== this.netuid);
    if (partners.length === 0 || !(this.p.crossStakeShare > 0)) return;
    let dump = -this.crossCost;
    for (const [netuid, alpha] of this.crossAlpha) dump += c.quoteSell(netuid, alpha);
    let support = 0, backing = 0;
    for (const m of partners) {
      const a = m.crossAlpha.get(this.netuid) ?? 0;
      support += a * c.spotPrice(this.netuid);
      if (a > 0) backing++;
    }
    // The ring's daily gain to this member: its owner cut valued at the price uplift partners' stake gives
    // (a constant-product buy of ΔT lifts spot by ≈ 2ΔT/T, P3). Judged once every partner has staked in.
    const ownerCutPerDay = c.rules.ownerCut * c.rules.blockEmission * DAY * c.spotPrice(this.netuid);
    const ringGain = (2 * ownerCutPerDay * support) / Math.max(1e-12, c.subnets.taoIn[this.netuid]!);
    const d = this.p.ringDiscount;
    if (this.crossAlpha.size > 0 && backing === partners.length && dump > (d / (1 - d)) * ringGain) this.book.ringBroken = true;
    if (this.book.ringBroken) {
      for (const m of partners) {
        const hk = m.validators[0] ?? m.ownerHotkey;
        const alpha = this.crossAlpha.get(m.netuid) ? c.stake(hk, this.treasury, m.netuid) : 0; // all of it, dividends too
        if (alpha > 0) this.push(out, { kind: 'unstake', coldkey: this.treasury, hotkey: hk, netuid: m.netuid, alpha }, 'cross');
      }
      return;
    }
    const each = (this.p.crossStakeShare * this.p.treasury) / partners.length;
    for (const m of partners) {
      const have = (this.crossAlpha.get(m.netuid) ?? 0) * c.spotPrice(m.netuid);
      const tao = Math.min(each - have, this.p.slippage * c.subnets.taoIn[m.netuid]!, c.balance(this.treasury) - this.reserve(c));
      if (!(tao >= c.rules.minStake + c.rules.flatStakingFee)) continue;
      this.push(out, { kind: 'stake', coldkey: this.treasury, hotkey: m.validators[0] ?? m.ownerHotkey, netuid: m.netuid, tao }, 'cross');
    }
  }

  /** S6: sell a share of the owner-cut stake per day (within the slippage tolerance). */
  private sellOwnerCut(c: ChainView, out: Action[], days: number): void {
    const held = c.stake(this.ownerHotkey, this.ownerColdkey, this.netuid);
    const cap = (this.p.slippage * c.subnets.alphaIn[this.netuid]!) / (1 - this.p.slippage);
    const alpha = Math.min(held, Math.min(1, this.p.sellOwnerCut * days) * held, cap);
    if (!(alpha * c.spotPrice(this.netuid) >= c.rules.minStake) || (held - alpha) * c.spotPrice(this.netuid) < c.rules.minStake) return;
    this.push(out, { kind: 'unstake', coldkey: this.ownerColdkey, hotkey: this.ownerHotkey, netuid: this.netuid, alpha }, 'other');
    this.lastOwnerStake -= alpha;
  }

  onResult(action: Action, r: ActionResult): void {
    const tag = this.tags.get(action) ?? 'other';
    this.tags.delete(action);
    if (!r.ok) return; // counted by the population in ledger.rejected
    const bk = this.book;
    bk.fees += r.fee;
    this.ledger.costs += r.fee;
    switch (tag) {
      case 'lock':
        this.netuid = r.id;
        bk.lockCost += -r.taoDelta;
        this.ledger.costs += -r.taoDelta;
        break;
      case 'burn':
        bk.burns += -r.taoDelta;
        this.ledger.costs += -r.taoDelta;
        if (action.kind === 'registerNeuron' && this.view && this.miners.includes(action.hotkey)) {
          publishMinerQuality(this.world, this.view, action.hotkey, action.netuid, 0); // they do no useful work
        }
        break;
      case 'bribe':
        // The chain accepted the transfer: it enters the bribe book the validators read.
        if (action.kind === 'transfer') recordBribePayment(bribeBoard(this.world), action.coldkey, action.toColdkey, action.tao);
        bk.bribesPaid += -r.taoDelta;
        this.ledger.costs += -r.taoDelta;
        break;
      case 'stakeBribe': {
        const tao = -r.alphaDelta * (this.view?.spotPrice(this.netuid) ?? 0);
        bk.stakeBribesPaid += tao;
        this.ledger.costs += tao;
        break;
      }
      case 'wash':
        bk.washVolume += Math.abs(r.taoDelta);
        if (action.kind === 'stake') this.washAlpha = r.alphaDelta;
        break;
      case 'park':
        if (action.kind === 'stake') this.parkAlpha = r.alphaDelta;
        break;
      case 'cross':
        if (action.kind === 'stake') {
          this.crossAlpha.set(action.netuid, (this.crossAlpha.get(action.netuid) ?? 0) + r.alphaDelta);
          this.crossCost += -r.taoDelta;
        } else if (action.kind === 'unstake') {
          this.crossAlpha.set(action.netuid, Math.max(0, (this.crossAlpha.get(action.netuid) ?? 0) + r.alphaDelta));
          this.crossCost -= r.taoDelta;
        }
        break;
      default:
        break;
    }
  }
}

export const cartelFamily: FamilyDef<CartelParams> = {
  name: 'cartel',
  description: 'Colluding subnet owners: self-stake pump, stake bribes, captured weights above kappa, wash and parked flow, cross-staking ring (docs/agent-models.md §3)',
  params: CARTEL_PARAMS,
  create: (ctx, params, id) => new CartelAgent(ctx, params, id),
};
