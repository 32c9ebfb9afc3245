// The chain's public contract: actions agents may send, the reasons the chain rejects them, and the
// read-only view of state that agents and metrics read. src/market/chain.ts implements it.
import type { RuleSet } from './rules.ts';

/** Netuid 0 is root (TAO staked 1:1, price 1). Subnets are 1..maxNetuid-1. */
export const ROOT = 0;

/** Blocks in a day: 12-second blocks (runtime MILLISECS_PER_BLOCK = 12000; docs/chain-rules.md §1). The one definition. */
export const BLOCKS_PER_DAY = 7200;

/** Actions are plain data. Amounts are in TAO (stake, transfer) or alpha (unstake, move, transferStake). */
export type Action =
  /** Buy alpha with `tao` from the coldkey's free balance and stake it to `hotkey` on `netuid` (netuid 0: root, 1:1). */
  | { kind: 'stake'; coldkey: number; hotkey: number; netuid: number; tao: number; limitPrice?: number }
  /** Sell `alpha` of the coldkey's stake on (hotkey, netuid) for TAO to the free balance. */
  | { kind: 'unstake'; coldkey: number; hotkey: number; netuid: number; alpha: number; limitPrice?: number }
  /** Unstake on the origin and stake on the destination (same subnet: a share transfer, no swap). */
  | { kind: 'move'; coldkey: number; fromHotkey: number; toHotkey: number; fromNetuid: number; toNetuid: number; alpha: number }
  /** Give `alpha` of the coldkey's stake on (hotkey, netuid) to another coldkey (no swap). Bribes in alpha. */
  | { kind: 'transferStake'; coldkey: number; toColdkey: number; hotkey: number; netuid: number; alpha: number }
  /** Send free TAO to another coldkey. Bribes in TAO. */
  | { kind: 'transfer'; coldkey: number; toColdkey: number; tao: number }
  /** Dense weights over UIDs 0..n-1 of `netuid` (raw non-negative values; the chain normalises). Needs a registered UID. */
  | { kind: 'setWeights'; hotkey: number; netuid: number; weights: ArrayLike<number> }
  /** Root validators' weights over netuids (root-vote rule set). Dense over netuid slots. */
  | { kind: 'setRootWeights'; hotkey: number; weights: ArrayLike<number> }
  /** Register a subnet: pays the lock cost from the coldkey. */
  | { kind: 'registerSubnet'; coldkey: number; hotkey: number }
  /** Register a UID for `hotkey` on `netuid`: pays the neuron burn. May prune the lowest-emission UID. */
  | { kind: 'registerNeuron'; coldkey: number; hotkey: number; netuid: number }
  /** Set the validator take of a hotkey owned by the coldkey. */
  | { kind: 'setTake'; coldkey: number; hotkey: number; take: number };

export type ActionKind = Action['kind'];

export type RejectReason =
  | 'OK'
  | 'BAD_AMOUNT' // negative, zero, NaN or infinite amount
  | 'INSUFFICIENT_BALANCE'
  | 'INSUFFICIENT_STAKE'
  | 'BELOW_MIN_STAKE'
  | 'UNKNOWN_SUBNET'
  | 'UNKNOWN_COLDKEY'
  | 'UNKNOWN_HOTKEY'
  | 'NOT_REGISTERED' // hotkey has no UID on that subnet
  | 'NO_VALIDATOR_PERMIT'
  | 'NOT_OWNER' // coldkey does not own the hotkey
  | 'POOL_LIQUIDITY'
  | 'PRICE_LIMIT'
  | 'INPUT_CAP'
  | 'RATE_LIMITED'
  | 'ALREADY_REGISTERED'
  | 'SUBNET_LIMIT'
  | 'BAD_WEIGHTS'
  | 'BAD_TAKE'
  | 'UNKNOWN_ACTION';

/** Reusable result record (no allocation per action): fill with `chain.apply(action, out)`. */
export interface ActionResult {
  ok: boolean;
  reason: RejectReason;
  /** TAO that left (−) or reached (+) the coldkey's free balance. */
  taoDelta: number;
  /** Alpha (stake value) added (+) or removed (−) on the primary position. */
  alphaDelta: number;
  /** Fee paid, in TAO-equivalent. */
  fee: number;
  /** registerSubnet: the new netuid; registerNeuron: the new UID; otherwise −1. */
  id: number;
}

export function newActionResult(): ActionResult {
  return { ok: false, reason: 'OK', taoDelta: 0, alphaDelta: 0, fee: 0, id: -1 };
}

/** Per-subnet state, struct of arrays indexed by netuid (length maxNetuid). Read-only for everyone but the chain. */
export interface SubnetArrays {
  exists: Uint8Array;
  taoIn: Float64Array; // SubnetTAO: pool TAO reserve (root: all root stake)
  alphaIn: Float64Array; // SubnetAlphaIn: pool alpha reserve
  alphaOut: Float64Array; // SubnetAlphaOut: alpha outside the pool (staked, pending, protocol)
  weightT: Float64Array; // weighted pool: TAO weight (0.5 = constant product)
  movingPrice: Float64Array; // SubnetMovingPrice (EMA of min(spot, 1))
  flowEma: Float64Array; // SubnetEmaTaoFlow
  emissionShare: Float64Array; // share of block emission in the last block
  taoInjected: Float64Array; // tao_in of the last block
  alphaInInjected: Float64Array; // alpha_in of the last block
  rootProp: Float64Array; // root proportion (§4.2)
  minerBurned: Float64Array; // fraction of last tempo's miner emission burned
  registeredAt: Float64Array; // block the subnet was registered
  lastEpochBlock: Float64Array;
  owner: Int32Array; // owner coldkey
  ownerHotkey: Int32Array;
  nUids: Int32Array; // UIDs in use
  neuronBurn: Float64Array; // current registration burn (TAO)
  // Cumulative counters (differences give flows over any window):
  cumInflow: Float64Array; // user TAO staked in
  cumOutflow: Float64Array; // user TAO unstaked out
  cumVolume: Float64Array; // TAO-equivalent traded through the pool (users and chain)
  cumTaoEmission: Float64Array; // TAO emitted to the subnet (tao_in + excess)
  cumAlphaEmission: Float64Array; // alpha_out emitted
  cumOwnerCut: Float64Array; // alpha paid to the owner
  cumMinerAlpha: Float64Array; // alpha paid to miners
  cumValidatorAlpha: Float64Array; // alpha paid to validators/nominators (alpha dividends)
  cumRootDividendsTao: Float64Array; // TAO paid to root stakers from this subnet
  protocolAlpha: Float64Array; // alpha bought by chain buys (held by the protocol)
  pendingServer: Float64Array;
  pendingValidator: Float64Array;
  pendingRootAlpha: Float64Array;
  pendingRootTao: Float64Array;
  pendingOwnerCut: Float64Array;
}

/** Per-UID state, indexed by netuid * maxUids + uid. */
export interface NeuronArrays {
  hotkey: Int32Array; // −1 = empty slot
  registeredAt: Float64Array;
  lastUpdate: Float64Array; // block weights were last set
  stakeWeight: Float64Array; // stake weight at the last epoch
  consensus: Float64Array;
  incentive: Float64Array;
  dividends: Float64Array;
  trust: Float64Array; // validator trust
  emission: Float64Array; // alpha emitted to the UID at its last epoch
  permit: Uint8Array;
}

/** What agents and metrics may read. The Chain class implements it; nothing here mutates. */
export interface ChainView {
  readonly rules: RuleSet;
  readonly block: number;
  readonly maxNetuid: number;
  readonly maxUids: number;
  readonly subnets: SubnetArrays;
  readonly neurons: NeuronArrays;
  /** Issued TAO minus recycled (the chain's TotalIssuance). */
  totalIssuance(): number;
  subnetExists(netuid: number): boolean;
  /** Netuids > 0 that exist, ascending. Reused array: do not keep it. */
  subnetList(): Int32Array;
  spotPrice(netuid: number): number;
  /** Alpha a buy of `tao` would give now (0 if the chain would reject it). Pure. */
  quoteBuy(netuid: number, tao: number): number;
  /** TAO a sale of `alpha` would give now (0 if rejected). Pure. */
  quoteSell(netuid: number, alpha: number): number;
  balance(coldkey: number): number;
  /** Stake value in alpha (TAO for root) of a coldkey on (hotkey, netuid). */
  stake(hotkey: number, coldkey: number, netuid: number): number;
  /** Total alpha staked on a hotkey on a subnet (TotalHotkeyAlpha). */
  hotkeyStake(hotkey: number, netuid: number): number;
  /** Consensus stake weight: alpha + taoWeight × root stake (§5). */
  stakeWeight(hotkey: number, netuid: number): number;
  /** stakeWeight of the hotkey holding UID `uid` on `netuid` (the same number; its position lookup cached per UID slot). */
  uidStakeWeight(netuid: number, uid: number): number;
  /** Positions of a coldkey as pairs [hotkey, netuid, hotkey, netuid, …] (a fresh array: call at wake-ups, not per block). */
  positionsOf(coldkey: number): number[];
  hotkeyOwner(hotkey: number): number;
  hotkeyTake(hotkey: number): number;
  /** UID of a hotkey on a subnet, −1 if not registered. */
  uidOf(hotkey: number, netuid: number): number;
  /** Current subnet lock cost (TAO). */
  lockCost(): number;
  /** Root weights set by a hotkey (root-vote), or null. */
  rootWeights(hotkey: number): Float64Array | null;
  nColdkeys(): number;
  nHotkeys(): number;
}
