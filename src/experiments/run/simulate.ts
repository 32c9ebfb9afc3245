// One run: RunConfig in, RunResult out (docs/architecture.md "Data flow"). Builds the model (agents/model.ts:
// the rule set's chain, the world and the population on it) and steps it block by block, sampling
// metrics every `sampleEvery` blocks through an observer. Synchronous and
// self-contained so the runner can call it inside a piscina worker; results are Float64Array
// columns (transferable). A run that throws comes back as status 'failed' with the series sampled
// up to the failure: simulate() itself never throws.
import { launchModel, netuidSlots } from '../../agents/model.ts';
import type { Population } from '../../agents/population.ts';
import type { Agent, World } from '../../agents/types.ts';
import type { Chain } from '../../market/chain.ts';
import { familyRow, newMetricsState, networkRow, subnetRow, totalStakeValue, type MetricsState } from './metrics.ts';
import { historyNetworkRow, newNetworkSeriesState } from './networkSeries.ts';
import { advance, conservationError, summarize } from './runSummary.ts';
import { compileExpression, expressionNames, parameterAliases, scopeOf, type Scope } from '../spec/expressions.ts';
import {
  FAMILY_SERIES, NETWORK_SERIES, SUBNET_SERIES, SUMMARY_METRICS,
  type ParamValue, type RunConfig, type RunResult, type SeriesTable,
} from '../types.ts';

export interface SimulateHooks {
  /** Called after each sample (genesis included) with the block reached and the horizon (progress). */
  onSample?(block: number, horizon: number): void;
  /** Polled after each sample; true ends the run early as 'failed' ("stopped"), keeping what was sampled. */
  shouldStop?(): boolean;
  /** Called once with the chain after the last block (scripts/make-snapshot.ts writes its state). */
  onEnd?(chain: Chain): void;
  /**
   * The config is runConfig()'s from a parsed spec (the runner's workers, after task.ts's structural check):
   * its world and population values were validated once by parseSpec and are not checked again.
   */
  trusted?: boolean;
}

/** Growable float64 columns: rows are appended by copying a row buffer, so sampling allocates only when capacity doubles. */
export class Columns {
  private cols: Float64Array[];
  private n = 0;
  constructor(readonly names: readonly string[], capacity: number) {
    this.cols = names.map(() => new Float64Array(Math.max(1, capacity)));
  }
  get length(): number {
    return this.n;
  }
  push(row: Float64Array): void {
    if (this.n === this.cols[0].length) {
      this.cols = this.cols.map((c) => {
        const g = new Float64Array(c.length * 2);
        g.set(c);
        return g;
      });
    }
    for (let c = 0; c < this.cols.length; c++) this.cols[c][this.n] = row[c];
    this.n++;
  }
  /** Exact-length copies (own buffers: transferable without dragging the spare capacity along). */
  table(): SeriesTable {
    const columns: Record<string, Float64Array> = {};
    this.names.forEach((name, c) => (columns[name] = this.cols[c].slice(0, this.n)));
    return { columns };
  }
}

export { netuidSlots };

export interface CompiledMetric {
  name: string;
  evaluate: (scope: Scope) => number | boolean;
}

/**
 * Compile custom metrics once per run (expressions.ts: a sandboxed mathjs). Names may be summary
 * metrics, final network-series values, parameters (a path by its underscore form, e.g.
 * population_herder_herding, or its unique last segment) and custom metrics defined earlier; any other
 * name is an Error naming the metric (`metrics.<name>`).
 */
export function compileMetrics(metrics: Record<string, string>, params: Record<string, ParamValue>): CompiledMetric[] {
  const known = new Set<string>([...SUMMARY_METRICS, ...NETWORK_SERIES, ...parameterAliases(Object.keys(params)).keys()]);
  const out: CompiledMetric[] = [];
  for (const [name, expr] of Object.entries(metrics)) {
    const path = `metrics.${name}`;
    if ((SUMMARY_METRICS as readonly string[]).includes(name)) throw new Error(`${path}: is a built-in summary metric; choose another name`);
    let names: string[];
    let evaluate: CompiledMetric['evaluate'];
    try {
      names = expressionNames(expr);
      evaluate = compileExpression(expr);
    } catch (e) {
      throw new Error(`${path}: cannot parse "${expr}": ${(e as Error).message}`);
    }
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length > 0) {
      throw new Error(
        `${path}: unknown name${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} in "${expr}"; ` +
          'allowed: summary metrics, network series columns, parameters, earlier custom metrics',
      );
    }
    out.push({ name, evaluate });
    known.add(name);
  }
  return out;
}

/** Evaluate compiled metrics once, over the final network row, the summary and the params; each result joins the next one's scope. */
export function evaluateMetrics(
  compiled: readonly CompiledMetric[], summary: Record<string, number>, params: Record<string, ParamValue>, network: Record<string, number> = {},
): Record<string, number> {
  const scope: Scope = { ...network, ...summary, ...scopeOf(params, parameterAliases(Object.keys(params))) };
  const out: Record<string, number> = {};
  for (const m of compiled) {
    let v: number | boolean;
    try {
      v = m.evaluate(scope);
    } catch (e) {
      throw new Error(`metrics.${m.name}: ${(e as Error).message}`);
    }
    out[m.name] = scope[m.name] = Number(v);
  }
  return out;
}

/** "message (at first stack frame)": enough to find a failure from a runs.csv row. */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const frame = e.stack?.split('\n').find((l) => l.trimStart().startsWith('at '))?.trim();
  return frame ? `${e.message} (${frame})` : e.message;
}

function nanSummary(): Record<string, number> {
  return Object.fromEntries(SUMMARY_METRICS.map((m) => [m, Number.NaN]));
}

/**
 * Rejections of the agents' actions by reason, leaving out the world process (root validators'
 * weights, which the chain refuses until the first epoch grants permits): `rejectedActions` is about
 * behaviour. RunResult.rejections keeps the chain's full count.
 */
function agentRejections(population: Population): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [family, byReason] of Object.entries(population.rejections)) {
    if (family === 'world') continue;
    for (const [reason, n] of Object.entries(byReason)) out[reason] = (out[reason] ?? 0) + n;
  }
  return out;
}

/** Simulate one run. Never throws: a failure is status 'failed', the error, and the series up to it. */
export function simulate(cfg: RunConfig, hooks: SimulateHooks = {}): RunResult {
  const started = performance.now();
  const horizon = cfg.horizon;
  const every = cfg.sampleEvery;
  const samplesCap = Number.isFinite(horizon / every) ? Math.floor(Math.max(0, horizon) / Math.max(1, every)) + 2 : 2;
  const net = new Columns(NETWORK_SERIES, samplesCap);
  let sub = new Columns(SUBNET_SERIES, samplesCap);
  let fam = new Columns(FAMILY_SERIES, samplesCap);
  let families: string[] = [];
  let chain: Chain | undefined;
  let world: World | undefined;
  let agents: Agent[] = [];
  let population: Population | undefined;
  let st: MetricsState | undefined;
  let compiled: CompiledMetric[] = [];
  let error: string | undefined;
  let summary: Record<string, number> = nanSummary();

  try {
    if (!Number.isInteger(horizon) || horizon < 0) throw new Error(`horizon: must be an integer >= 0 blocks, got ${horizon}`);
    if (!Number.isInteger(every) || every < 1) throw new Error(`sampleEvery: must be an integer >= 1 blocks, got ${every}`);
    compiled = compileMetrics(cfg.metrics ?? {}, cfg.params ?? {});
    const model = launchModel({ ruleSet: cfg.ruleSet, chain: cfg.chain, world: cfg.world, population: cfg.population, seed: cfg.seed, horizon, trusted: hooks.trusted === true });
    const c = model.chain;
    chain = c;
    const w = model.world;
    world = w;
    const pop = model.population;
    population = pop;
    families = [...pop.families()];
    const groups = families.map((f) => pop.agentsOf(f));
    agents = pop.agents;
    sub = new Columns(SUBNET_SERIES, samplesCap * (c.subnetList().length + 1));
    fam = new Columns(FAMILY_SERIES, samplesCap * Math.max(1, families.length));
    const state = newMetricsState(c);
    st = state;
    const history = newNetworkSeriesState(c, samplesCap);
    const netRow = new Float64Array(NETWORK_SERIES.length);
    const subRow = new Float64Array(SUBNET_SERIES.length);
    const famRow = new Float64Array(FAMILY_SERIES.length);

    const sample = (): void => {
      networkRow(c, w, state, netRow);
      historyNetworkRow(c, state, history, netRow);
      net.push(netRow);
      const list = c.subnetList();
      for (let k = 0; k < list.length; k++) {
        subnetRow(c, w, state, list[k], subRow);
        sub.push(subRow);
      }
      const totalStake = totalStakeValue(c);
      for (let f = 0; f < groups.length; f++) {
        familyRow(c, c.block, f, groups[f], totalStake, famRow);
        fam.push(famRow);
      }
      advance(c, state, netRow);
      const err = conservationError(c);
      if (!(err <= state.maxConservationError)) state.maxConservationError = err;
      const violations = c.checkInvariants();
      if (violations.length > 0) throw new Error(`invariant violated at block ${c.block}: ${violations.join('; ')}`);
      hooks.onSample?.(c.block, horizon);
      if (hooks.shouldStop?.()) throw new Error(`stopped at block ${c.block} of ${horizon}`);
    };

    sample(); // genesis
    model.observe({ afterStep: () => (c.block % every === 0 || c.block === horizon) && sample() });
    model.run(horizon);
    hooks.onEnd?.(c);
    summary = { ...summarize(c, w, agents, state, agentRejections(pop)) };
    const finalNetwork = Object.fromEntries(NETWORK_SERIES.map((name, k) => [name, netRow[k]]));
    Object.assign(summary, evaluateMetrics(compiled, summary, cfg.params ?? {}, finalNetwork));
  } catch (e) {
    error = describeError(e);
    try {
      if (chain && world && st) summary = { ...summarize(chain, world, agents, st, population ? agentRejections(population) : chain.rejections) };
    } catch {
      summary = nanSummary();
    }
    for (const m of compiled) if (!(m.name in summary)) summary[m.name] = Number.NaN;
    for (const name of Object.keys(cfg.metrics ?? {})) if (!(name in summary)) summary[name] = Number.NaN;
  }

  const rejections: Record<string, number> = {};
  if (chain) for (const [reason, n] of Object.entries(chain.rejections)) if (reason !== 'OK') rejections[reason] = n;
  return {
    run: cfg.run,
    point: cfg.point,
    replication: cfg.replication,
    seed: cfg.seed,
    params: cfg.params,
    status: error === undefined ? 'ok' : 'failed',
    ...(error === undefined ? {} : { error }),
    durationMs: performance.now() - started,
    blocksSimulated: chain?.block ?? 0,
    genesisBlock: cfg.world?.genesis?.block ?? 0,
    summary,
    series: { network: net.table(), subnets: sub.table(), families: fam.table() },
    families,
    rejections,
  };
}
