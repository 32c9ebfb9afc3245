// A small launch world for the herder, baseline and population tests: the model simulate() runs
// (agents/model.ts launchModel), with an observer that logs the agents' actions.
import type { History } from '../../src/agents/history.ts';
import { type Model, launchModel } from '../../src/agents/model.ts';
import type { Population } from '../../src/agents/population.ts';
import type { PopulationSpec, WorldSpec } from '../../src/agents/types.ts';
import type { LaunchWorld } from '../../src/agents/world.ts';
import type { Chain } from '../../src/market/chain.ts';
import { type Action, BLOCKS_PER_DAY } from '../../src/market/types.ts';

export const DAY = BLOCKS_PER_DAY;

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
  readonly model: Model;
  readonly chain: Chain;
  readonly world: LaunchWorld;
  readonly pop: Population;
  readonly history: History;
  /** Every action the agents sent (bar the world's weights), in order, with the chain's verdict. */
  readonly sent: Sent[] = [];

  constructor(seed: string, population: PopulationSpec, world: Partial<WorldSpec> = SMALL_WORLD) {
    const spec = { ...SMALL_WORLD, ...world } as WorldSpec;
    this.model = launchModel({ ruleSet: 'launch-2025-02', world: spec, population, seed, maxNetuid: (spec.subnets ?? 8) + 1 });
    this.model.observe({
      onAction: (block, _agent, action, r) => {
        if (action.kind !== 'setWeights') this.sent.push({ block, action, ok: r.ok });
      },
    });
    ({ chain: this.chain, population: this.pop, history: this.history } = this.model);
    this.world = this.model.world as LaunchWorld;
  }

  /** Step `blocks` blocks; `before` runs before the agents of each block act (a scripted trader). */
  run(blocks: number, before?: (block: number) => void): void {
    for (let i = 0; i < blocks; i++) {
      before?.(this.chain.block);
      this.model.step();
    }
  }

  /** Actions sent by the coldkeys of a family's agents. */
  sentBy(family: string, kind?: Action['kind']): Sent[] {
    const keys = new Set(this.pop.agentsOf(family).flatMap((a) => a.coldkeys));
    return this.sent.filter((s) => 'coldkey' in s.action && keys.has(s.action.coldkey) && (!kind || s.action.kind === kind));
  }
}
