// A small simulation for family tests: a real Chain, History and Population, agents built straight from a
// family factory (so tests choose each family's parameters and the genesis), stepped by the model
// simulate() runs (agents/model.ts), with an observer that logs the agents' actions.
import { History } from '../../src/agents/history.ts';
import { Model } from '../../src/agents/model.ts';
import { Population } from '../../src/agents/population.ts';
import { Rng } from '../../src/agents/rng.ts';
import type { Agent, FamilyDef, MarketHistory, World } from '../../src/agents/types.ts';
import { Chain } from '../../src/market/chain.ts';
import { resolveRules } from '../../src/market/rules.ts';
import { type Action, BLOCKS_PER_DAY } from '../../src/market/types.ts';

export const DAY = BLOCKS_PER_DAY;

/** A family's documented defaults with overrides. */
export function paramsOf<P>(family: FamilyDef<P>, over: Partial<P> = {}): P {
  const d: Record<string, unknown> = {};
  for (const doc of family.params) d[doc.name] = doc.default;
  return { ...d, ...over } as P;
}

export interface LoggedAction {
  block: number;
  agent: number;
  action: Action;
  ok: boolean;
}

export class Sim {
  readonly chain: Chain;
  readonly world: World;
  readonly history: History;
  readonly pop: Population;
  readonly rng: Rng;
  readonly log: LoggedAction[] = [];
  /** Replace the recorded history (tests that set yields by construction). */
  historyView: MarketHistory;
  private readonly shared = new Map<string, Record<string, unknown>>();
  private readonly counts = new Map<string, number>();

  constructor(seed: string, overrides: Record<string, unknown> = {}, maxNetuid = 8, ruleSet = 'launch-2025-02') {
    this.chain = new Chain(resolveRules(ruleSet, overrides), { maxNetuid });
    this.rng = new Rng(seed);
    this.world = { subnetQuality: new Float64Array(maxNetuid), rootValidators: new Int32Array(0), passiveColdkey: -1 };
    this.history = new History(maxNetuid);
    this.historyView = this.history;
    this.pop = new Population(this.rng.fork('activation'));
  }

  /** A genesis subnet with its own owner keys and a (tao, alpha) pool. */
  subnet(tao: number, alpha: number): number {
    const ck = this.chain.addColdkey(0);
    return this.chain.genesisSubnet(ck, this.chain.addHotkey(ck), tao, alpha);
  }

  add<P>(family: FamilyDef<P>, count: number, params: Partial<P> = {}): Agent[] {
    const sh = this.shared.get(family.name) ?? { rng: this.rng.fork('shared').fork(family.name) };
    this.shared.set(family.name, sh);
    const out: Agent[] = [];
    for (let i = 0; i < count; i++) {
      const k = this.counts.get(family.name) ?? 0;
      this.counts.set(family.name, k + 1);
      const rng = this.rng.fork('agent').fork(`${family.name}/${k}`);
      const agent = family.create({ chain: this.chain, world: this.world, rng, index: k, count, shared: sh }, paramsOf(family, params), this.pop.agents.length);
      this.pop.add(agent);
      out.push(agent);
    }
    return out;
  }

  /** The model, made at the first run (the genesis — subnets, agents — is set up before). */
  private model: Model | null = null;

  /** Step `blocks` blocks; `each` runs after every block. */
  run(blocks: number, each?: (block: number) => void): void {
    const m = (this.model ??= new Model(this.chain, this.world, this.pop, this.history).observe({
      onAction: (block, agent, action, r) => this.log.push({ block, agent: agent.id, action, ok: r.ok }),
    }));
    for (let k = 0; k < blocks; k++) {
      m.obs.history = this.historyView;
      m.step();
      each?.(this.chain.block);
    }
  }
}
