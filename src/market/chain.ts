// The chain: struct-of-arrays state, genesis, the per-block step and the read-only views.
// Pure state transitions: no I/O, no randomness, no clock, no agents (docs/architecture.md "Layers").
import { applyAction } from './actions.ts';
import { runBlock } from './coinbase.ts';
import { checkInvariants } from './invariants.ts';
import { type PoolConfig, type Reserves, type SwapResult, newSwapResult, quoteAlphaForTao, quoteTaoForAlpha, spotPrice } from './pool.ts';
import { lockCostNow } from './registration.ts';
import type { RuleSet } from './rules.ts';
import { StakeBook } from './staking.ts';
import {
  type Action, type ActionResult, type ChainView, type NeuronArrays, type RejectReason, type SubnetArrays,
  ROOT, newActionResult,
} from './types.ts';
import { type EpochInput, YumaWorkspace } from './yuma.ts';

export interface ChainOptions {
  /** Netuid slots 0..maxNetuid−1 (0 = root). Default: max(65, subnetLimit + 1). */
  maxNetuid?: number;
}

function subnetArrays(n: number): SubnetArrays {
  const f = () => new Float64Array(n);
  return {
    exists: new Uint8Array(n), taoIn: f(), alphaIn: f(), alphaOut: f(), weightT: f(), movingPrice: f(), flowEma: f(),
    emissionShare: f(), taoInjected: f(), alphaInInjected: f(), rootProp: f(), minerBurned: f(), registeredAt: f(),
    lastEpochBlock: f(), owner: new Int32Array(n).fill(-1), ownerHotkey: new Int32Array(n).fill(-1), nUids: new Int32Array(n),
    neuronBurn: f(), cumInflow: f(), cumOutflow: f(), cumVolume: f(), cumTaoEmission: f(), cumAlphaEmission: f(),
    cumOwnerCut: f(), cumMinerAlpha: f(), cumValidatorAlpha: f(), cumRootDividendsTao: f(), protocolAlpha: f(),
    pendingServer: f(), pendingValidator: f(), pendingRootAlpha: f(), pendingRootTao: f(), pendingOwnerCut: f(),
  };
}

function neuronArrays(n: number): NeuronArrays {
  const f = () => new Float64Array(n);
  return {
    hotkey: new Int32Array(n).fill(-1), registeredAt: f(), lastUpdate: f(), stakeWeight: f(), consensus: f(),
    incentive: f(), dividends: f(), trust: f(), emission: f(), permit: new Uint8Array(n),
  };
}

export class Chain implements ChainView {
  block = 0;
  readonly maxNetuid: number;
  readonly maxUids: number;
  readonly subnets: SubnetArrays;
  readonly neurons: NeuronArrays;
  readonly stakes: StakeBook;
  readonly pool: PoolConfig;
  /** The pool as the protocol uses it: chain buys and root sells pay no fee (drop_fees). */
  readonly protocolPool: PoolConfig;
  readonly reserves: Reserves;
  /** TAO ever created (genesis + minted emission). */
  issued = 0;
  /** TAO recycled or burned (lowers TotalIssuance). */
  recycled = 0;
  /** Pool fees paid to block authors (they leave the modelled economy). */
  authorFees = 0;
  /** Root stake paid as launch-era root dividends without entering SubnetTAO[0] (errata E9). */
  rootStakeOutsidePool = 0;
  /** Root alpha claimable per UID slot (netuid × maxUids + uid) and the validator hotkey it belongs to (errata E7). */
  readonly rootClaimable: Float64Array;
  readonly rootClaimableHotkey: Int32Array;
  /** Alpha burned per subnet (owner-UID incentive at HEAD, registration burns, recycled root alpha). */
  readonly alphaBurned: Float64Array;
  /** Alpha ever created per subnet (genesis pool alpha + injections + alpha_out + lock pool alpha). */
  readonly alphaIssued: Float64Array;
  readonly rejections: Record<RejectReason, number> = {
    OK: 0, BAD_AMOUNT: 0, INSUFFICIENT_BALANCE: 0, INSUFFICIENT_STAKE: 0, BELOW_MIN_STAKE: 0, UNKNOWN_SUBNET: 0,
    UNKNOWN_COLDKEY: 0, UNKNOWN_HOTKEY: 0, NOT_REGISTERED: 0, NO_VALIDATOR_PERMIT: 0, NOT_OWNER: 0, POOL_LIQUIDITY: 0,
    PRICE_LIMIT: 0, INPUT_CAP: 0, RATE_LIMITED: 0, ALREADY_REGISTERED: 0, SUBNET_LIMIT: 0, BAD_WEIGHTS: 0, BAD_TAKE: 0,
    UNKNOWN_ACTION: 0,
  };
  // Accounts
  balances = new Float64Array(1024);
  nCold = 0;
  hotOwner = new Int32Array(1024);
  hotTake = new Float64Array(1024);
  hotTakeChanged = new Float64Array(1024);
  nHot = 0;
  /** (hotkey × maxNetuid + netuid) → uid */
  readonly uidIndex = new Map<number, number>();
  /** Stake position of each UID slot's (hotkey, netuid), a cache checked against the book (slotPosition). */
  private readonly slotPos: Int32Array;
  /** Weight and bond rows per subnet, indexed by uid (allocated when first set). */
  readonly weightRows: Array<Array<Float64Array | null>>;
  readonly bondRows: Array<Array<Float64Array | null>>;
  /** Root weights over netuids (root-vote), by hotkey. */
  readonly rootWeightRows = new Map<number, Float64Array>();
  // Registration state
  lastLock: number;
  lastLockBlock = 0;
  lastNetworkRegistration = -Infinity;
  readonly regsThisInterval: Float64Array;
  /** Net user TAO flow into each subnet this block (folded into the flow EMA by the next coinbase). */
  readonly flowThisBlock: Float64Array;
  // Scratch (no allocation per block)
  readonly list: Int32Array; // existing subnets, ascending
  nList = 0;
  /** subnetList()'s view of `list`, made once per rebuildList (agents ask for it at every wake-up). */
  private listView: Int32Array | null = null;
  readonly swap: SwapResult = newSwapResult();
  readonly yumaWs: YumaWorkspace;
  readonly epochIn: EpochInput;
  readonly stakeScratch: Float64Array;
  readonly activeScratch: Uint8Array;
  readonly permitViews: Uint8Array[];
  readonly lastUpdateViews: Float64Array[];
  readonly registeredViews: Float64Array[];
  /** Dynamic schedule: epochs deferred to a later block. */
  readonly epochDue: Uint8Array;
  private readonly result: ActionResult = newActionResult();

  /** The rules in force; `history` replaces them on its dates (setRules), checked once per block in step(). */
  rules: RuleSet;
  /** Block of the next dated rule switch (Infinity when none is left). */
  private nextSwitch = Infinity;
  private switchIndex = 0;

  constructor(rules: RuleSet, opts: ChainOptions = {}) {
    this.rules = rules;
    const first = rules.schedule?.switches[0];
    if (first) this.nextSwitch = first.block;
    this.maxNetuid = opts.maxNetuid ?? Math.max(65, rules.subnetLimit + 1);
    if (!(this.maxNetuid >= 2 && this.maxNetuid <= 4096)) throw new RangeError('maxNetuid must be in [2, 4096]');
    this.maxUids = rules.maxUids;
    const N = this.maxNetuid;
    this.subnets = subnetArrays(N);
    this.neurons = neuronArrays(N * this.maxUids);
    this.rootClaimable = new Float64Array(N * this.maxUids);
    this.rootClaimableHotkey = new Int32Array(N * this.maxUids).fill(-1);
    this.slotPos = new Int32Array(N * this.maxUids).fill(-1);
    this.stakes = new StakeBook(N);
    this.alphaBurned = new Float64Array(N);
    this.alphaIssued = new Float64Array(N);
    this.regsThisInterval = new Float64Array(N);
    this.flowThisBlock = new Float64Array(N);
    this.epochDue = new Uint8Array(N);
    this.list = new Int32Array(N);
    this.pool = {
      kind: rules.pool, feeRate: rules.poolFeeRate, minReserve: rules.minReserve,
      maxInputMultiplier: rules.maxInputMultiplier, minWeight: rules.minWeight,
    };
    this.protocolPool = { ...this.pool, feeRate: 0 };
    this.reserves = { taoIn: this.subnets.taoIn, alphaIn: this.subnets.alphaIn, weightT: this.subnets.weightT };
    this.weightRows = Array.from({ length: N }, () => new Array<Float64Array | null>(this.maxUids).fill(null));
    this.bondRows = Array.from({ length: N }, () => new Array<Float64Array | null>(this.maxUids).fill(null));
    this.yumaWs = new YumaWorkspace(this.maxUids);
    this.stakeScratch = new Float64Array(this.maxUids);
    this.activeScratch = new Uint8Array(this.maxUids);
    const M = this.maxUids;
    this.permitViews = Array.from({ length: N }, (_, i) => this.neurons.permit.subarray(i * M, (i + 1) * M));
    this.lastUpdateViews = Array.from({ length: N }, (_, i) => this.neurons.lastUpdate.subarray(i * M, (i + 1) * M));
    this.registeredViews = Array.from({ length: N }, (_, i) => this.neurons.registeredAt.subarray(i * M, (i + 1) * M));
    this.epochIn = {
      n: 0, stake: this.stakeScratch, active: this.activeScratch, prevPermit: this.permitViews[0]!, weights: this.weightRows[0]!,
      bonds: this.bondRows[0]!, weightSetBlock: this.lastUpdateViews[0]!, registeredAt: this.registeredViews[0]!,
      lastEpochBlock: 0, ownerUid: -1,
    };
    this.lastLock = rules.networkMinLockCost;
    // Root (netuid 0): the stable mechanism, TAO ↔ root stake 1:1 (docs/chain-rules.md §5).
    this.subnets.exists[ROOT] = 1;
    this.subnets.movingPrice[ROOT] = 1;
  }

  // ---- genesis -------------------------------------------------------------------------------------------

  /** A coldkey with `tao` free TAO (created now: counts as issued before genesis). */
  addColdkey(tao = 0): number {
    if (!(tao >= 0) || !Number.isFinite(tao)) throw new RangeError(`addColdkey: tao must be a finite amount >= 0, got ${tao}`);
    if (this.nCold === this.balances.length) this.balances = growF(this.balances);
    const c = this.nCold++;
    this.balances[c] = tao;
    this.issued += tao;
    return c;
  }

  addHotkey(coldkey: number, take = this.rules.defaultTake): number {
    if (!this.coldkeyExists(coldkey)) throw new RangeError(`addHotkey: unknown coldkey ${coldkey}`);
    if (!(take >= 0 && take <= 1)) throw new RangeError(`addHotkey: take must be in [0, 1], got ${take}`);
    if (this.nHot === this.hotOwner.length) {
      this.hotOwner = growI(this.hotOwner);
      this.hotTake = growF(this.hotTake);
      this.hotTakeChanged = growF(this.hotTakeChanged);
    }
    const h = this.nHot++;
    this.hotOwner[h] = coldkey;
    this.hotTake[h] = take;
    this.hotTakeChanged[h] = -Infinity;
    return h;
  }

  /** A subnet whose pool holds (tao, alpha), emitting from now on (launch state: migrate_rao gave 1 TAO / 1 alpha). */
  genesisSubnet(ownerColdkey: number, ownerHotkey: number, tao: number, alpha: number): number {
    if (!(tao > 0 && alpha > 0)) throw new RangeError('genesisSubnet: pool reserves must be > 0');
    if (this.hotOwner[ownerHotkey] !== ownerColdkey || ownerHotkey >= this.nHot) throw new RangeError('genesisSubnet: owner hotkey must belong to the owner coldkey');
    const netuid = this.freeNetuid();
    if (netuid < 0) throw new RangeError(`genesisSubnet: no free netuid (maxNetuid ${this.maxNetuid})`);
    this.issued += tao;
    this.openSubnet(netuid, ownerColdkey, ownerHotkey, tao, alpha);
    return netuid;
  }

  /** Pre-dTAO stake: from the coldkey's balance; root 1:1, a subnet through its pool. */
  genesisStake(coldkey: number, hotkey: number, netuid: number, tao: number): void {
    const r = this.apply({ kind: 'stake', coldkey, hotkey, netuid, tao });
    if (!r.ok) throw new RangeError(`genesisStake: rejected (${r.reason})`);
  }

  /** A UID for `hotkey` on `netuid` without burn (genesis miners and validators). */
  genesisNeuron(netuid: number, hotkey: number): number {
    if (!this.subnetExists(netuid) || netuid === ROOT) throw new RangeError(`genesisNeuron: unknown subnet ${netuid}`);
    if (hotkey < 0 || hotkey >= this.nHot) throw new RangeError(`genesisNeuron: unknown hotkey ${hotkey}`);
    if (this.uidOf(hotkey, netuid) >= 0) return this.uidOf(hotkey, netuid);
    const n = this.subnets.nUids[netuid]!;
    if (n >= this.maxUids) throw new RangeError(`genesisNeuron: subnet ${netuid} is full`);
    this.placeNeuron(netuid, n, hotkey);
    this.subnets.nUids[netuid] = n + 1;
    return n;
  }

  // ---- running ---------------------------------------------------------------------------------------------

  /** Validate and apply one action; a rejected action changes nothing and is counted by reason. */
  apply(action: Action, out: ActionResult = this.result): ActionResult {
    applyAction(this, action, out);
    if (!out.ok) this.rejections[out.reason]++;
    return out;
  }

  /** One block: coinbase (injection, pending emission), due epochs, moving prices; then block += 1. */
  step(): void {
    if (this.block >= this.nextSwitch) this.advanceSchedule();
    runBlock(this);
    this.block++;
  }

  /** Apply every dated switch due by this block (timeline.ts; rare: a dozen in 16 months). */
  private advanceSchedule(): void {
    const sw = this.rules.schedule?.switches ?? [];
    while (this.switchIndex < sw.length && sw[this.switchIndex]!.block <= this.block) this.setRules(sw[this.switchIndex++]!.rules);
    this.nextSwitch = this.switchIndex < sw.length ? sw[this.switchIndex]!.block : Infinity;
  }

  /** Put new rules in force (a dated switch). Pool settings follow; state (prices, stakes, bonds) is kept. */
  setRules(next: RuleSet): void {
    const schedule = this.rules.schedule;
    if (next.maxUids !== this.maxUids) throw new RangeError('setRules: maxUids cannot change during a run');
    this.rules = schedule && !next.schedule ? withSchedule(next, schedule) : next;
    const p = this.pool;
    p.kind = next.pool; p.feeRate = next.poolFeeRate; p.minReserve = next.minReserve;
    p.maxInputMultiplier = next.maxInputMultiplier; p.minWeight = next.minWeight;
    Object.assign(this.protocolPool, p, { feeRate: 0 });
  }

  /** Genesis moving price of a subnet (migrate_rao: the pre-dTAO emission share, errata E1). */
  genesisMovingPrice(netuid: number, price: number): void {
    if (!this.subnetExists(netuid) || netuid === ROOT) throw new RangeError(`genesisMovingPrice: unknown subnet ${netuid}`);
    if (!(price >= 0 && Number.isFinite(price))) throw new RangeError(`genesisMovingPrice: price must be finite and >= 0, got ${price}`);
    this.subnets.movingPrice[netuid] = price;
  }

  checkInvariants(): string[] {
    return checkInvariants(this);
  }

  // ---- internal helpers used by coinbase.ts and actions.ts ------------------------------------------------------

  coldkeyExists(c: number): boolean {
    return Number.isInteger(c) && c >= 0 && c < this.nCold;
  }

  hotkeyExists(h: number): boolean {
    return Number.isInteger(h) && h >= 0 && h < this.nHot;
  }

  freeNetuid(): number {
    for (let i = 1; i < this.maxNetuid; i++) if (!this.subnets.exists[i]) return i;
    return -1;
  }

  /** Rebuild the ascending list of existing subnets (after registration or dissolution). */
  rebuildList(): void {
    let k = 0;
    for (let i = 1; i < this.maxNetuid; i++) if (this.subnets.exists[i]) this.list[k++] = i;
    this.nList = k;
    this.listView = null;
  }

  openSubnet(netuid: number, owner: number, ownerHotkey: number, tao: number, alpha: number): void {
    const s = this.subnets;
    s.exists[netuid] = 1;
    s.taoIn[netuid] = tao;
    s.alphaIn[netuid] = alpha;
    s.alphaOut[netuid] = 0;
    s.weightT[netuid] = 0.5;
    s.movingPrice[netuid] = 0; // DefaultMovingPrice
    s.flowEma[netuid] = 0;
    s.registeredAt[netuid] = this.block;
    s.lastEpochBlock[netuid] = this.block - (netuid % this.rules.tempo); // HEAD: new subnets staggered by netuid
    s.owner[netuid] = owner;
    s.ownerHotkey[netuid] = ownerHotkey;
    s.neuronBurn[netuid] = this.rules.neuronBurnInitial;
    this.alphaIssued[netuid] += alpha;
    this.rebuildList();
    this.genesisNeuron(netuid, ownerHotkey);
  }

  /** Put `hotkey` in slot `uid` of `netuid` (clearing what was there). */
  placeNeuron(netuid: number, uid: number, hotkey: number): void {
    const i = netuid * this.maxUids + uid;
    const nr = this.neurons;
    const old = nr.hotkey[i]!;
    if (old >= 0) this.uidIndex.delete(old * this.maxNetuid + netuid);
    nr.hotkey[i] = hotkey;
    nr.registeredAt[i] = this.block;
    nr.lastUpdate[i] = this.block;
    nr.stakeWeight[i] = 0; nr.consensus[i] = 0; nr.incentive[i] = 0; nr.dividends[i] = 0; nr.trust[i] = 0; nr.emission[i] = 0;
    nr.permit[i] = 0;
    this.weightRows[netuid]![uid] = null;
    this.bondRows[netuid]![uid] = null;
    // Bonds held on the replaced UID are dropped (its column is masked until the next epoch anyway). An index
    // loop: a for-of here allocated an iterator result per row, ~8 MB of garbage over a 64 × 256 genesis.
    const bondRows = this.bondRows[netuid]!;
    for (let u = 0; u < bondRows.length; u++) {
      const row = bondRows[u];
      if (row) row[uid] = 0;
    }
    this.uidIndex.set(hotkey * this.maxNetuid + netuid, uid);
    this.slotPos[i] = this.stakes.ensure(hotkey, netuid);
  }

  /**
   * Stake position of `hotkey` on `netuid`, the holder of UID slot `slot` (netuid × maxUids + uid), or −1: the
   * book's find() without its map lookup. Positions are never removed, so a cached index stays right while the
   * book still files it under (hotkey, netuid).
   */
  slotPosition(slot: number, hotkey: number, netuid: number): number {
    const b = this.stakes;
    const p = this.slotPos[slot]!;
    if (p >= 0 && b.posHotkey[p] === hotkey && b.posNetuid[p] === netuid) return p;
    const found = b.find(hotkey, netuid);
    if (found >= 0) this.slotPos[slot] = found;
    return found;
  }

  // ---- ChainView ----------------------------------------------------------------------------------------------

  totalIssuance(): number {
    return this.issued - this.recycled;
  }
  subnetExists(netuid: number): boolean {
    return Number.isInteger(netuid) && netuid >= 0 && netuid < this.maxNetuid && this.subnets.exists[netuid] === 1;
  }
  subnetList(): Int32Array {
    return (this.listView ??= this.list.subarray(0, this.nList));
  }
  spotPrice(netuid: number): number {
    if (netuid === ROOT) return 1;
    return spotPrice(this.reserves, netuid, this.pool.kind);
  }
  quoteBuy(netuid: number, tao: number): number {
    if (netuid === ROOT) return tao;
    const net = tao - this.rules.flatStakingFee;
    if (!this.subnetExists(netuid) || !(net > 0)) return 0;
    const q = quoteTaoForAlpha(this.reserves, netuid, net, this.pool, Infinity, this.swap);
    return q.ok ? q.amountOut : 0;
  }
  quoteSell(netuid: number, alpha: number): number {
    if (netuid === ROOT) return alpha;
    if (!this.subnetExists(netuid) || !(alpha > 0)) return 0;
    const q = quoteAlphaForTao(this.reserves, netuid, alpha, this.pool, 0, this.swap);
    const out = q.ok ? q.amountOut - this.rules.flatStakingFee : 0;
    return out > 0 ? out : 0;
  }
  balance(coldkey: number): number {
    return this.coldkeyExists(coldkey) ? this.balances[coldkey]! : 0;
  }
  stake(hotkey: number, coldkey: number, netuid: number): number {
    return this.stakes.value(this.stakes.find(hotkey, netuid), coldkey);
  }
  hotkeyStake(hotkey: number, netuid: number): number {
    const p = this.stakes.find(hotkey, netuid);
    return p >= 0 ? this.stakes.posAlpha[p]! : 0;
  }
  stakeWeight(hotkey: number, netuid: number): number {
    return this.hotkeyStake(hotkey, netuid) + this.rules.taoWeight * this.hotkeyStake(hotkey, ROOT);
  }
  uidStakeWeight(netuid: number, uid: number): number {
    const slot = netuid * this.maxUids + uid;
    const hotkey = this.neurons.hotkey[slot]!;
    const b = this.stakes;
    const p = this.slotPosition(slot, hotkey, netuid), rp = b.find(hotkey, ROOT);
    return (p >= 0 ? b.posAlpha[p]! : 0) + this.rules.taoWeight * (rp >= 0 ? b.posAlpha[rp]! : 0);
  }
  positionsOf(coldkey: number): number[] {
    const out: number[] = [];
    for (const p of this.stakes.positionsOf(coldkey)) {
      if (this.stakes.value(p, coldkey) > 0) out.push(this.stakes.posHotkey[p]!, this.stakes.posNetuid[p]!);
    }
    return out;
  }
  hotkeyOwner(hotkey: number): number {
    return this.hotkeyExists(hotkey) ? this.hotOwner[hotkey]! : -1;
  }
  hotkeyTake(hotkey: number): number {
    return this.hotkeyExists(hotkey) ? this.hotTake[hotkey]! : 0;
  }
  uidOf(hotkey: number, netuid: number): number {
    return this.uidIndex.get(hotkey * this.maxNetuid + netuid) ?? -1;
  }
  lockCost(): number {
    return lockCostNow(this);
  }
  rootWeights(hotkey: number): Float64Array | null {
    return this.rootWeightRows.get(hotkey) ?? null;
  }
  nColdkeys(): number {
    return this.nCold;
  }
  nHotkeys(): number {
    return this.nHot;
  }
}

/** The same rules, still carrying the run's schedule (so the switches keep finding it). */
function withSchedule(r: RuleSet, schedule: NonNullable<RuleSet['schedule']>): RuleSet {
  const out = { ...r };
  Object.defineProperty(out, 'schedule', { value: schedule, enumerable: false });
  return Object.freeze(out);
}

function growF(a: Float64Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
function growI(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
