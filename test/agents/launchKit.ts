// A small launch world for the herder, baseline and population tests: buildWorld + buildPopulation + History,
// stepped in simulate.ts's order (due agents act, chain.step(), a history snapshot every `every` blocks).
import { History } from '../../src/agents/history.ts';
import { type Population, buildPopulation } from '../../src/agents/population.ts';
import { Rng } from '../../src/agents/rng.ts';
import type { Observation, PopulationSpec, WorldSpec } from '../../src/agents/types.ts';
import { type LaunchWorld, buildWorld } from '../../src/agents/world.ts';
import { Chain } from '../../src/market/chain.ts';
import { resolveRules } from '../../src/market/rules.ts';
import type { Action, ActionResult } from '../../src/market/types.ts';

export const DAY = 7200;

/** Deep pools and a small root so prices move only when someone trades. */
export const SMALL_WORLD: Partial<WorldSpec> = {
  subnets: 8,
  initialPoolTao: 1000,
  initialPoolAlpha: 1000,
  rootStake: 1000,
  rootValidators: 4,
  issued: 1_000_000,
  minersPerSubnet: 4,
};

export interface Sent {
  block: number;
  action: Action;
  ok: boolean;
}

export class Launch {
  readonly chain: Chain;
  readonly world: LaunchWorld;
  readonly pop: Population;
  readonly history: History;
  readonly obs: { block: number; chain: Chain; history: History; world: LaunchWorld };
  /** Every action the chain was asked to apply (by anyone), in order. */
  readonly sent: Sent[] = [];

  constructor(seed: string, population: PopulationSpec, world: Partial<WorldSpec> = SMALL_WORLD) {
    const spec = { ...SMALL_WORLD, ...world } as WorldSpec;
    this.chain = new Chain(resolveRules('launch-2025-02', {}), { maxNetuid: (spec.subnets ?? 8) + 1 });
    const rng = new Rng(seed);
    this.world = buildWorld(this.chain, spec, rng.fork('world'));
    this.pop = buildPopulation(this.chain, this.world, population, rng);
    this.history = new History(this.chain.maxNetuid);
    this.history.record(this.chain);
    this.obs = { block: 0, chain: this.chain, history: this.history, world: this.world };
    const apply = this.chain.apply.bind(this.chain);
    this.chain.apply = (action: Action, out?: ActionResult): ActionResult => {
      const r = apply(action, out);
      if (action.kind !== 'setWeights') this.sent.push({ block: this.chain.block, action, ok: r.ok });
      return r;
    };
  }

  /** Step `blocks` blocks; `before` runs before the agents of each block act (a scripted trader). */
  run(blocks: number, before?: (block: number) => void): void {
    for (let i = 0; i < blocks; i++) {
      const b = this.chain.block;
      this.obs.block = b;
      before?.(b);
      this.pop.actDue(b, this.obs as Observation, this.chain);
      this.chain.step();
      if (this.chain.block % this.history.every === 0) this.history.record(this.chain);
    }
  }

  /** Actions sent by the coldkeys of a family's agents. */
  sentBy(family: string, kind?: Action['kind']): Sent[] {
    const keys = new Set(this.pop.agentsOf(family).flatMap((a) => a.coldkeys));
    return this.sent.filter((s) => 'coldkey' in s.action && keys.has(s.action.coldkey) && (!kind || s.action.kind === kind));
  }
}
