// The model: a genesis (chain, world, population), a step() that advances one block in the order of
// docs/architecture.md "Time" — the agents whose wake-up has come act, then chain.step() runs the coinbase
// and due epochs, then a market-history snapshot every `history.every` blocks — and observers told of
// each action the agents send and of each block stepped. simulate(), the test kits and the notebooks all
// drive this one loop instead of writing it again.
import { Chain } from '../market/chain.ts';
import { resolveRules, type RuleSet } from '../market/rules.ts';
import type { Action, ActionResult } from '../market/types.ts';
import { History } from './history.ts';
import { buildPopulation, type Population } from './population.ts';
import { Rng } from './rng.ts';
import type { Agent, MarketHistory, Observation, PopulationSpec, World } from './types.ts';
import { type LaunchWorld, buildWorld } from './world.ts';
import { DEFAULT_WORLD, type WorldSpec } from './worldParams.ts';

export interface ModelObserver {
  /** An agent's action, after the chain applied or rejected it (before the agent hears the verdict). */
  onAction?(block: number, agent: Agent, action: Action, result: ActionResult): void;
  /** After each step; `model.chain.block` is the block just reached. */
  afterStep?(model: Model): void;
}

/** What the agents see: the live chain, the recorded history and the world (one object, updated in place). */
export interface ModelObservation {
  block: number;
  chain: Chain;
  history: MarketHistory;
  world: World;
}

export class Model {
  /** The agents' view; tests may swap `obs.history` for a constructed one. */
  readonly obs: ModelObservation;
  private readonly afterStep: ModelObserver[] = [];
  private readonly onAction: ModelObserver[] = [];

  /** Wraps a genesis; records the genesis history snapshot unless `history` already holds one. */
  constructor(
    readonly chain: Chain,
    readonly world: World,
    readonly population: Population,
    readonly history: History = new History(chain.maxNetuid),
  ) {
    if (history.length === 0) history.record(chain);
    this.obs = { block: chain.block, chain, history, world };
  }

  /** Add an observer (called in the order added). */
  observe(o: ModelObserver): this {
    if (o.afterStep) this.afterStep.push(o);
    if (o.onAction) {
      this.onAction.push(o);
      const list = this.onAction;
      this.population.onAction = (block, agent, action, result) => {
        for (let k = 0; k < list.length; k++) list[k]!.onAction!(block, agent, action, result);
      };
    }
    return this;
  }

  /** One block: due agents act (their actions applied as they come), the chain steps, history is recorded. */
  step(): void {
    const c = this.chain;
    const b = c.block;
    this.obs.block = b;
    this.population.actDue(b, this.obs as Observation, c);
    c.step();
    if (c.block % this.history.every === 0) this.history.record(c);
    for (let k = 0; k < this.afterStep.length; k++) this.afterStep[k]!.afterStep!(this);
  }

  /** `blocks` steps. */
  run(blocks: number): void {
    for (let i = 0; i < blocks; i++) this.step();
  }
}

/**
 * Netuid slots for a run: the genesis subnets and the rule set's limit, plus room for one registration
 * per networkRateLimit blocks over the horizon (capped at the limit when pruning holds the count there),
 * plus root.
 */
export function netuidSlots(rules: RuleSet, genesisSubnets: number, horizon: number): number {
  const room = rules.networkRateLimit > 0 ? Math.floor(horizon / rules.networkRateLimit) + 1 : 64;
  let n = genesisSubnets + room;
  if (rules.subnetLimit > 0) n = Math.min(n, Math.max(genesisSubnets, rules.subnetLimit));
  return Math.min(4096, Math.max(n, genesisSubnets, rules.subnetLimit) + 1);
}

export interface LaunchModelConfig {
  ruleSet: string;
  /** Rule-set overrides (checked against market/ruleParams.ts). */
  chain?: Record<string, unknown>;
  world: WorldSpec;
  population: PopulationSpec;
  seed: string;
  /** Blocks the model will run (sizes the netuid slots); or give `maxNetuid`. */
  horizon?: number;
  maxNetuid?: number;
  /**
   * The world and population come from a parsed spec (experiments' runConfig), whose values parseSpec
   * validated once: they are not checked again. Hand-written configs leave this out and are checked.
   */
  trusted?: boolean;
}

/**
 * The launch genesis: the rule set's chain, the world built on it (stream 'world') and the population on
 * that world (its own streams forked from the run seed) — exactly what simulate() runs.
 */
export function launchModel(cfg: LaunchModelConfig): Model & { world: LaunchWorld } {
  const rules = resolveRules(cfg.ruleSet, cfg.chain ?? {});
  const maxNetuid = cfg.maxNetuid ?? netuidSlots(rules, cfg.world?.subnets ?? DEFAULT_WORLD.subnets, cfg.horizon ?? 0);
  const chain = new Chain(rules, { maxNetuid });
  const rng = new Rng(cfg.seed);
  const world = buildWorld(chain, cfg.world, rng.fork('world'), cfg.trusted);
  const population = buildPopulation(chain, world, cfg.population, rng, ['population'], cfg.trusted); // it forks its own streams
  return new Model(chain, world, population) as Model & { world: LaunchWorld };
}
