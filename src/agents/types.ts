// The agent contract (docs/architecture.md "Layers"): an agent reads an Observation and returns Actions;
// the chain validates and applies them. Agents never mutate the chain.
import type { ParamDescriptor } from '../market/params.ts';
import type { Chain } from '../market/chain.ts';
import type { Action, ActionResult, ChainView } from '../market/types.ts';
import type { WorldGenesis } from '../replay/worldGenesis.ts';
import type { Rng } from './rng.ts';

/** Recent market history, sampled by the simulation every `every` blocks into ring buffers. */
export interface MarketHistory {
  /** Blocks between snapshots (e.g. 360). */
  readonly every: number;
  /** Snapshots recorded so far (saturates at capacity). */
  readonly length: number;
  /** Spot price of `netuid` about `blocksAgo` blocks ago (the nearest snapshot at or before; the oldest if beyond). */
  priceAgo(netuid: number, blocksAgo: number): number;
  /** ln(p_now / p_{now−blocks}); 0 if no history. */
  logReturn(netuid: number, blocks: number): number;
  /** Net user TAO flow (stakes − unstakes) into `netuid` over the last `blocks` blocks. */
  netFlow(netuid: number, blocks: number): number;
  /** Gross user TAO flow (stakes + unstakes) over the last `blocks` blocks. */
  grossFlow(netuid: number, blocks: number): number;
  /** TAO volume traded through the pool over the last `blocks` blocks. */
  volume(netuid: number, blocks: number): number;
  /** Standard deviation of per-snapshot log returns over the last `blocks` blocks (0 if too short). */
  volatility(netuid: number, blocks: number): number;
  /** Alpha emitted to validators+nominators of `netuid` over the last `blocks` blocks. */
  validatorAlpha(netuid: number, blocks: number): number;
  /** TAO paid to root stakers (all subnets) over the last `blocks` blocks. */
  rootDividends(blocks: number): number;
}

/** Latent facts of the world that agents may or may not perceive (miners know their own quality). */
export interface World {
  /** Latent quality of each subnet's product, indexed by netuid (0 for root / empty). In [0, 1]. */
  subnetQuality: Float64Array;
  /** Genesis root validators (hotkeys), largest first. */
  rootValidators: Int32Array;
  /** Coldkey of the protocol's "unmodelled holders" whose stake is passive. */
  passiveColdkey: number;
  /**
   * Latent quality in [0, 1] of each miner hotkey's work on each subnet, indexed by
   * hotkey × chain.maxNetuid + netuid: 0 where a known miner does not serve that subnet, NaN (or beyond the
   * end) for hotkeys nobody published. Written by `publishMinerQuality` (src/agents/miners.ts: miners, and
   * cartel UIDs at 0) and read by honest validators through `minerQualityOf`; absent when nobody publishes.
   */
  minerQuality?: Float64Array;
  /**
   * Share of each subnet's miner weight its validators put on the owner's UID (a "burn" of miner emission set
   * by the owner's validator code, data/observed L12), indexed by netuid; absent or 0 where nobody burns.
   * Written by owners (owners.ts burnMinerShare), read by the root validators' weights (rootWeights.ts).
   */
  minerBurnShare?: Float64Array;
}

export interface Observation {
  readonly block: number;
  readonly chain: ChainView;
  readonly history: MarketHistory;
  readonly world: World;
}

/** What each agent keeps track of for its family's P&L (TAO, marked to market by the metrics layer). */
export interface AgentLedger {
  /** TAO this agent brought in at genesis (its capital). */
  capital: number;
  /** TAO it paid in bribes, burns, locks, fees (costs not visible as holdings). */
  costs: number;
  /** Actions rejected by the chain, by reason. */
  rejected: number;
}

export interface Agent {
  readonly family: string;
  /** Index in the population (stable across runs with the same spec). */
  readonly id: number;
  /** Coldkeys this agent controls (its wealth is the sum over them). */
  readonly coldkeys: readonly number[];
  /** True for cartel members (P&L tracked apart from honest participants). */
  readonly cartel: boolean;
  /** Next block at which `act` is called. */
  nextWake: number;
  readonly ledger: AgentLedger;
  /** Decide at a wake-up: push actions into `out` and set `nextWake` (> obs.block). */
  act(obs: Observation, out: Action[]): void;
  /** The chain's verdict on each action this agent sent (called right after it is applied). */
  onResult?(action: Action, result: ActionResult): void;
}

/** A parameter's documentation and validation (shown by `lab agents`). */
/** A documented parameter of an agent family (the descriptor shared by every floor's table). */
export type ParamDoc = ParamDescriptor & { readonly default: number | string | boolean };

/** A parameter value in a population spec: a fixed value or a distribution drawn per agent. */
export type ValueSpec =
  | number
  | string
  | boolean
  | { dist: 'fixed'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'normal'; mean: number; sd: number }
  | { dist: 'lognormal'; median: number; sigma: number }
  | { dist: 'choice'; values: Array<number | string>; weights?: number[] };

/** What a family factory gets at genesis: the mutable chain (genesis API only), the world, and streams. */
export interface SetupContext {
  chain: Chain;
  world: World;
  /** The agent's own stream (forked from the run seed by family and index). */
  rng: Rng;
  /** Index of the agent within its family, and the family's size. */
  index: number;
  count: number;
  /** Shared per-family state (e.g. a cartel's book shared by its members), created once per family. */
  shared: Record<string, unknown>;
}

export interface FamilyDef<P = Record<string, unknown>> {
  name: string;
  description: string;
  params: readonly ParamDoc[];
  /** Build one agent; `params` are already drawn and validated. */
  create(ctx: SetupContext, params: P, id: number): Agent;
}

/** Population spec: how many of each family, and parameters as values or distributions. */
export interface PopulationEntry {
  family: string;
  count: number;
  params?: Record<string, ValueSpec>;
}
export type PopulationSpec = PopulationEntry[];

/** World spec: the genesis state the population lands in (fields described in worldParams.ts). */
export type { WorldSpec } from './worldParams.ts';
