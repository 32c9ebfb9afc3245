// The population: builds agents from a population spec, keeps them in a wake queue, and at each block
// wakes the ones due (in an order drawn from the run seed), applies their actions through the chain and
// records the verdicts. Also runs the world process (root validators' weights, rootWeights.ts) each block.
// Per block with nobody due this costs one heap peek: a run costs what its agents do (docs/architecture.md "Time").
import type { Chain } from '../market/chain.ts';
import { type Action, type ActionResult, newActionResult } from '../market/types.ts';
import { ParamError, type PathSeg } from '../market/params.ts';
import { drawParams, validateParamSpec } from './params.ts';
import { FAMILIES, getFamily } from './registry.ts';
import type { Rng } from './rng.ts';
import { RootWeightSetter } from './rootWeights.ts';
import type { Agent, Observation, PopulationSpec, World } from './types.ts';
import type { LaunchWorld } from './world.ts';

const ENTRY_KEYS = ['family', 'count', 'params'] as const;
export const MAX_COUNT = 1_000_000;

/** Validate a population spec without building it (the runner checks specs before running). */
export function validatePopulationSpec(spec: unknown, path: readonly PathSeg[] = ['population']): asserts spec is PopulationSpec {
  if (!Array.isArray(spec)) throw new ParamError(path, 'must be a list of {family, count, params}');
  spec.forEach((e: unknown, j) => {
    const at = [...path, j];
    if (e === null || typeof e !== 'object' || Array.isArray(e)) throw new ParamError(at, 'must be a mapping {family, count, params}');
    const o = e as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!(ENTRY_KEYS as readonly string[]).includes(k)) throw new ParamError([...at, k], `unknown field; allowed: ${ENTRY_KEYS.join(', ')}`);
    }
    if (typeof o.family !== 'string') throw new ParamError([...at, 'family'], `name a family: ${Object.keys(FAMILIES).join(', ')}`);
    const family = getFamily(o.family, [...at, 'family']);
    const c = o.count;
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c > MAX_COUNT) {
      throw new ParamError([...at, 'count'], `${JSON.stringify(c)} is not an integer in [0, ${MAX_COUNT}] (${family.name})`);
    }
    validateParamSpec(family, o.params as never, [...at, 'params']);
  });
}

/**
 * The chain as families see it at genesis: identical, except that `addColdkey(tao)` funds the new coldkey
 * from the world's unmodelled holders (world.inertColdkey) instead of creating TAO, so total issuance stays
 * at world.issued (the halving schedule depends on it, docs/chain-rules.md §1). Only what the holders lack is created.
 */
function genesisChain(chain: Chain, world: World, funding: { fromInert: number; created: number }): Chain {
  const inert = (world as Partial<LaunchWorld>).inertColdkey;
  const addColdkey = (tao = 0): number => {
    if (inert === undefined || !(tao > 0)) {
      funding.created += tao > 0 ? tao : 0;
      return chain.addColdkey(tao);
    }
    const moved = Math.min(tao, chain.balance(inert));
    const c = chain.addColdkey(tao - moved);
    funding.created += tao - moved;
    funding.fromInert += moved;
    // A genesis re-allocation between two coldkeys: no TAO is created or destroyed.
    chain.balances[inert]! -= moved;
    chain.balances[c]! += moved;
    return c;
  };
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(chain, {
    get(target, key) {
      if (key === 'addColdkey') return addColdkey;
      const v: unknown = Reflect.get(target, key, target);
      if (typeof v !== 'function') return v;
      let b = bound.get(key);
      if (b === undefined) bound.set(key, (b = (v as (...a: unknown[]) => unknown).bind(target)));
      return b;
    },
  });
}

export class Population {
  readonly agents: Agent[] = [];
  /** TAO given to agents at genesis: moved from the unmodelled holders, and created because they ran short. */
  readonly funding = { fromInert: 0, created: 0 };
  /** Rejected actions by family (and 'world' for the root validators' weights), then by reason. */
  readonly rejections: Record<string, Record<string, number>> = {};
  /** Wake-ups and actions sent, by family. */
  readonly wakes: Record<string, number> = {};
  readonly actions: Record<string, number> = {};
  private readonly byFamily = new Map<string, Agent[]>();
  private heap = new Int32Array(0);
  private keys = new Float64Array(0);
  private size = 0;
  private due = new Int32Array(0);
  private readonly out: Action[] = [];
  private readonly result: ActionResult = newActionResult();
  private worldWeights: RootWeightSetter | null = null;
  /** Told of each agent action after the chain answered it (set by Model.observe). */
  onAction: ((block: number, agent: Agent, action: Action, result: ActionResult) => void) | null = null;

  constructor(private readonly activation: Rng) {}

  /** Family names in spec order. */
  families(): string[] {
    return [...this.byFamily.keys()];
  }

  agentsOf(family: string): readonly Agent[] {
    return this.byFamily.get(family) ?? [];
  }

  counts(): Record<string, number> {
    const c: Record<string, number> = {};
    for (const [f, a] of this.byFamily) c[f] = a.length;
    return c;
  }

  /** The world process (set by buildPopulation for a LaunchWorld). */
  setWorldProcess(w: RootWeightSetter | null): void {
    this.worldWeights = w;
    if (w) this.rejections.world = w.rejections;
  }

  add(agent: Agent): void {
    if (!(agent.nextWake >= 0) || Number.isNaN(agent.nextWake)) {
      throw new Error(`agent ${agent.id} (${agent.family}): nextWake must be a block >= 0, got ${agent.nextWake}`);
    }
    const id = this.agents.length;
    if (agent.id !== id) throw new Error(`agent ${agent.id} (${agent.family}): id must be its index in the population (${id})`);
    this.agents.push(agent);
    let list = this.byFamily.get(agent.family);
    if (!list) {
      this.byFamily.set(agent.family, (list = []));
      this.wakes[agent.family] = 0;
      this.actions[agent.family] = 0;
    }
    list.push(agent);
    if (this.heap.length < this.agents.length) {
      const n = Math.max(16, this.heap.length * 2);
      const h = new Int32Array(n);
      h.set(this.heap);
      this.heap = h;
      const k = new Float64Array(n);
      k.set(this.keys);
      this.keys = k;
      this.due = new Int32Array(n);
    }
    this.push(id, agent.nextWake);
  }

  /** Earliest block an agent is due (Infinity when none). */
  nextDue(): number {
    return this.size > 0 ? this.keys[this.heap[0]!]! : Infinity;
  }

  /**
   * Wake every agent due at `block` (nextWake <= block) in an order drawn from the activation stream (the due
   * set is sorted by id, then shuffled), apply each action through the chain as soon as the agent returns
   * (later agents in the block see its effect), tell the agent the verdict, and count rejections.
   */
  actDue(block: number, obs: Observation, chain: Chain): void {
    if (this.worldWeights) {
      this.worldWeights.act(block, chain, this.result);
    }
    if (this.size === 0 || this.keys[this.heap[0]!]! > block) return;
    let nd = 0;
    while (this.size > 0 && this.keys[this.heap[0]!]! <= block) this.due[nd++] = this.pop();
    const due = this.due;
    for (let i = 1; i < nd; i++) {
      const x = due[i]!;
      let j = i - 1;
      while (j >= 0 && due[j]! > x) {
        due[j + 1] = due[j]!;
        j--;
      }
      due[j + 1] = x;
    }
    this.activation.shuffle(due, nd);
    const out = this.out;
    const result = this.result;
    for (let k = 0; k < nd; k++) {
      const agent = this.agents[due[k]!]!;
      out.length = 0;
      agent.act(obs, out);
      this.wakes[agent.family]!++;
      this.actions[agent.family]! += out.length;
      for (let a = 0; a < out.length; a++) {
        const action = out[a]!;
        chain.apply(action, result);
        if (!result.ok) {
          agent.ledger.rejected++;
          const r = (this.rejections[agent.family] ??= {});
          r[result.reason] = (r[result.reason] ?? 0) + 1;
        }
        this.onAction?.(block, agent, action, result);
        agent.onResult?.(action, result);
      }
      // An agent must move forward in time; one that does not is woken next block.
      if (!(agent.nextWake > block)) agent.nextWake = block + 1;
      this.push(agent.id, agent.nextWake);
    }
    out.length = 0;
  }

  // Binary min-heap of agent ids keyed by nextWake; ties by id (deterministic).
  private less(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka < kb || (ka === kb && a < b);
  }

  private push(id: number, key: number): void {
    this.keys[id] = key;
    let i = this.size++;
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(id, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = id;
  }

  private pop(): number {
    const h = this.heap;
    const top = h[0]!;
    const last = h[--this.size]!;
    let i = 0;
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(h[r]!, h[l]!) ? r : l;
      if (!this.less(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    if (n > 0) h[i] = last;
    return top;
  }
}

/**
 * Build the population at genesis (after buildWorld). Streams, all forked from `rng` (pass the run's root
 * stream): agent k of family f draws from rng.fork('agent').fork(`f/k`) (its parameters from that stream's
 * fork 'params'); family-shared processes from rng.fork('shared').fork(f) (in SetupContext.shared.rng);
 * the activation order from rng.fork('activation'); the root validators' weights from rng.fork('world-weights').
 */
export function buildPopulation(chain: Chain, world: World, spec: PopulationSpec, rng: Rng, path: readonly PathSeg[] = ['population'], trusted = false): Population {
  if (!trusted) validatePopulationSpec(spec, path); // trusted: parseSpec validated it (LaunchModelConfig.trusted)
  const pop = new Population(rng.fork('activation'));
  if ((world as Partial<LaunchWorld>).isRootValidator) {
    pop.setWorldProcess(new RootWeightSetter(world as LaunchWorld, rng.fork('world-weights')));
  }
  const totals = new Map<string, number>();
  for (const e of spec) totals.set(e.family, (totals.get(e.family) ?? 0) + e.count);
  const shared = new Map<string, Record<string, unknown>>();
  const index = new Map<string, number>();
  const setupChain = genesisChain(chain, world, pop.funding);
  const agentRoot = rng.fork('agent');
  spec.forEach((e, j) => {
    const family = getFamily(e.family, [...path, j, 'family']);
    let sh = shared.get(family.name);
    if (!sh) shared.set(family.name, (sh = { rng: rng.fork('shared').fork(family.name) }));
    for (let i = 0; i < e.count; i++) {
      const k = index.get(family.name) ?? 0;
      index.set(family.name, k + 1);
      const agentRng = agentRoot.fork(`${family.name}/${k}`);
      const params = drawParams(family, e.params, agentRng.fork('params'));
      const ctx = { chain: setupChain, world, rng: agentRng, index: k, count: totals.get(family.name)!, shared: sh };
      const agent = family.create(ctx, params, pop.agents.length);
      pop.add(agent);
    }
  });
  return pop;
}
