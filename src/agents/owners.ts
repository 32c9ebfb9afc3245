// Colluding subnet owners and cartels (docs/agent-models.md §3). Each agent is one member: it owns one subnet (a new
// one bought at the lock cost, or a genesis subnet taken over), runs cartel validator hotkeys and miner UIDs
// under a coldkey the chain cannot link to the owner, and plays the enabled strategies: S1 self-stake pump,
// S2 stake bribes out of the owner cut, S3 captured weights (its validators and bribed ones weight the
// cartel UIDs: pays only above kappa, docs/chain-rules.md §7 steps 6–7; the bribe market is bribes.ts), S4a wash round trips, S4b parked flow, S5 a
// cross-staking ring held together by a trigger strategy, S6 selling the owner cut. Members of one family
// share a book (SetupContext.shared); their P&L is kept apart (Agent.cartel = true). The strategies are small
// objects in cartelStrategies.ts; this file holds the member (keys, registration, accounting).
import { BLOCKS_PER_DAY, ROOT } from '../market/types.ts';
import type { Action, ActionResult, ChainView } from '../market/types.ts';
import { bribeBoard, recordBribePayment } from './bribes.ts';
import {
  CapturedWeights, type CartelStrategy, type CartelWake, CrossStakeRing, ParkedFlow, SelfStakePump, SellOwnerCut, StakeBribes, WashVolume,
} from './cartelStrategies.ts';
import { publishMinerQuality } from './miners.ts';
import type { Rng } from './rng.ts';
import type { Agent, AgentLedger, FamilyDef, Observation, ParamDoc, SetupContext, World } from './types.ts';
import type { ValuesOf } from '../market/params.ts';
import { type LaunchWorld, setMinerBurn } from './world.ts';

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
  // Observed owner practices (docs/calibration.md "Demand families"; data/observed L12, L13):
  { name: 'burnMinerShare', meaning: 'L12: share of miner weight the subnet’s validator code gives the owner UID (burned under current-2026-06, else held by the owner)', unit: '–', default: 0, range: [0, 1] },
  { name: 'pumpCycleDays', meaning: 'L13: days the S1 pump is held (collecting emission) before it is sold and bought again (0: pump once, hold)', unit: 'days', default: 0, range: [0, 3650] },
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

export type Tag = 'lock' | 'burn' | 'pump' | 'wash' | 'park' | 'cross' | 'bribe' | 'stakeBribe' | 'other';

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
  /** Owner-cut stake already accounted for (S2 pays out of what accrued since; S6 sells from it). */
  lastOwnerStake = 0;
  /** The strategies, each with its own state (cartelStrategies.ts); run in the order listed below. */
  readonly captured = new CapturedWeights();
  readonly pump = new SelfStakePump();
  readonly wash = new WashVolume();
  readonly stakeBribes = new StakeBribes();
  readonly park = new ParkedFlow();
  readonly ring = new CrossStakeRing();
  readonly sellOwnerCut = new SellOwnerCut();
  /** Every tempo, then at each strategy wake (the order matters: each sees the actions queued before it). */
  private readonly everyTempo: readonly CartelStrategy[] = [this.captured, this.pump, this.wash];
  private readonly everyWake: readonly CartelStrategy[] = [this.captured, this.stakeBribes, this.park, this.ring, this.sellOwnerCut];
  /** L13 pump cycles completed (bought, held, sold). */
  get pumpCycles(): number {
    return this.pump.pumpCycles;
  }
  private nextDaily: number;
  private nextTempo: number;
  private lastDaily: number;
  private readonly tags = new Map<Action, Tag>();
  private view: ChainView | null = null;
  readonly world: World;
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
    if (this.netuid >= 0 && p.burnMinerShare > 0) setMinerBurn(world, chain.maxNetuid, this.netuid, p.burnMinerShare);
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

  /** Queue an action, tagged for the P&L accounting in onResult. */
  push(out: Action[], a: Action, tag: Tag): void {
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
      const wake: CartelWake = { obs, c, block: b, days: 0, committed };
      for (const st of this.everyTempo) st.everyTempo?.(this, wake, out);
      this.nextTempo = b + tempo;
    }
    if (b >= this.nextDaily) {
      const days = (b - this.lastDaily) / DAY;
      this.lastDaily = b;
      const wake: CartelWake = { obs, c, block: b, days, committed };
      for (const st of this.everyWake) st.atWake?.(this, wake, out);
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

  /** TAO kept back for burns and bribes. */
  reserve(c: ChainView): number {
    return c.subnets.neuronBurn[this.netuid]! * (this.validators.length + this.miners.length);
  }

  /** Blocks an offer stands without a strategy wake: two mean wake intervals. */
  offerLife(): number {
    return Math.ceil((2 * DAY) / this.p.wakesPerDay);
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
        if (this.p.burnMinerShare > 0) setMinerBurn(this.world, this.view?.maxNetuid ?? r.id + 1, r.id, this.p.burnMinerShare);
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
        if (action.kind === 'stake') this.wash.alpha = r.alphaDelta;
        break;
      case 'park':
        if (action.kind === 'stake') this.park.alpha = r.alphaDelta;
        break;
      case 'cross':
        if (action.kind === 'stake') {
          this.ring.alpha.set(action.netuid, (this.ring.alpha.get(action.netuid) ?? 0) + r.alphaDelta);
          this.ring.cost += -r.taoDelta;
        } else if (action.kind === 'unstake') {
          this.ring.alpha.set(action.netuid, Math.max(0, (this.ring.alpha.get(action.netuid) ?? 0) + r.alphaDelta));
          this.ring.cost -= r.taoDelta;
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
