// Experimental designs: the deterministic list of points a sweep visits (grid, random or Latin
// hypercube), the derived parameters of each point, and one RunConfig per (point, replication).
// Random draws come from named Rng streams keyed by the spec seed and the parameter, so adding a
// parameter never changes another parameter's draws, and the list is the same on every machine.
import { getFamily } from '../../agents/registry.ts';
import { Rng } from '../../agents/rng.ts';
import type { PathSeg } from '../../market/params.ts';
import type { PopulationSpec } from '../../agents/types.ts';
import { compileFiniteExpression, parameterAliases, scopeOf } from './expressions.ts';
import { designSeed, runSeed } from './seeds.ts';
import { morrisUnit, saltelliUnit, SOBOL_MAX_PARAMS } from './sensitivity.ts';
import { PathError, type SweepValues } from './specSchema.ts';
import type { Design, ExperimentSpec, LoadedSpec, ParamValue, RunConfig, SweepParam, Target } from '../types.ts';

export interface Point {
  index: number;
  /** Swept then derived values, by key (path or bare name), in the spec's order. */
  values: Record<string, ParamValue>;
}

/** The values a grid visits for one parameter (a list, or a range with steps). */
export function gridValues(p: SweepParam): ParamValue[] {
  const v = p.values;
  if (v.kind === 'list') return v.values;
  if (v.kind === 'dist' || v.steps === undefined) throw new Error(`${p.key}: a grid needs a list or a range with steps`);
  const out: number[] = [];
  for (let i = 0; i < v.steps; i++) {
    const t = v.steps === 1 ? 0 : i / (v.steps - 1);
    let x = v.scale === 'log' ? Math.exp(Math.log(v.from) + t * (Math.log(v.to) - Math.log(v.from))) : v.from + t * (v.to - v.from);
    if (i === v.steps - 1 && v.steps > 1) x = v.to; // exact end point
    out.push(p.integer ? Math.round(x) : x);
  }
  // Rounding can repeat a value (steps 5 over 1..3): visit each once.
  return p.integer ? [...new Set(out)] : out;
}

/** A value of parameter p at quantile u ∈ (0, 1) (random and LHS designs). */
export function valueAt(p: SweepParam, u: number): ParamValue {
  const v = p.values;
  let x: number;
  if (v.kind === 'list') return v.values[Math.min(v.values.length - 1, Math.floor(u * v.values.length))]!;
  if (v.kind === 'range') {
    if (v.steps !== undefined) {
      const vals = gridValues(p);
      return vals[Math.min(vals.length - 1, Math.floor(u * vals.length))]!;
    }
    x = v.scale === 'log' ? Math.exp(Math.log(v.from) + u * (Math.log(v.to) - Math.log(v.from))) : v.from + u * (v.to - v.from);
  } else {
    switch (v.dist) {
      case 'uniform':
        x = v.a + u * (v.b - v.a);
        break;
      case 'loguniform':
        x = Math.exp(Math.log(v.a) + u * (Math.log(v.b) - Math.log(v.a)));
        break;
      case 'int':
        return Math.min(v.b, v.a + Math.floor(u * (v.b - v.a + 1)));
      case 'normal':
        x = v.a + v.b * inverseNormal(u);
        break;
      case 'lognormal':
        x = v.a * Math.exp(v.b * inverseNormal(u));
        break;
    }
  }
  return p.integer ? Math.round(x) : x;
}

/** A loaded spec's points: those parseSpec built and checked, or built now for a LoadedSpec made another way. */
export function pointsOf(loaded: LoadedSpec): readonly Point[] {
  return loaded.points ?? buildPoints(loaded.spec);
}

/** The design's points, derived parameters included. */
export function buildPoints(spec: ExperimentSpec): Point[] {
  const params = spec.sweep.parameters;
  let rows: Record<string, ParamValue>[];
  if (params.length === 0) rows = [{}];
  else if (spec.sweep.design === 'grid') rows = grid(params);
  else if (spec.sweep.design === 'morris') {
    const rng = new Rng(designSeed(spec.seed, 'morris'));
    rows = unitRows(params, morrisUnit(spec.sweep.n ?? 1, params.length, spec.sweep.levels ?? MORRIS_LEVELS, rng));
  } else if (spec.sweep.design === 'sobol') rows = unitRows(params, saltelliUnit(spec.sweep.n ?? 1, params.length));
  else rows = sampled(params, spec.sweep.n ?? 1, spec.seed, spec.sweep.design === 'lhs');

  if (spec.derived.length > 0) {
    const compiled = spec.derived.map((d) => ({ key: d.key, fn: compileFiniteExpression(d.expr) }));
    const aliases = parameterAliases([...params.map((p) => p.key), ...spec.derived.map((d) => d.key)]);
    rows.forEach((row, i) => {
      for (const d of compiled) {
        try {
          row[d.key] = d.fn(scopeOf(row, aliases));
        } catch (e) {
          throw new PathError(['derived', d.key], `point ${i}: ${(e as Error).message}`);
        }
      }
    });
  }
  return rows.map((values, index) => ({ index, values }));
}

function grid(params: readonly SweepParam[]): Record<string, ParamValue>[] {
  const lists = params.map(gridValues);
  const total = lists.reduce((n, l) => n * l.length, 1);
  const rows: Record<string, ParamValue>[] = [];
  // Mixed radix, first parameter slowest: the points read like nested loops in the spec's order.
  for (let i = 0; i < total; i++) {
    const row: Record<string, ParamValue> = {};
    let rest = i;
    for (let k = params.length - 1; k >= 0; k--) {
      const l = lists[k]!;
      row[params[k]!.key] = l[rest % l.length]!;
      rest = Math.floor(rest / l.length);
    }
    rows.push(Object.fromEntries(params.map((p) => [p.key, row[p.key]!])));
  }
  return rows;
}

function sampled(params: readonly SweepParam[], n: number, seed: string, lhs: boolean): Record<string, ParamValue>[] {
  const rows: Record<string, ParamValue>[] = Array.from({ length: n }, () => ({}));
  for (const p of params) {
    const rng = new Rng(designSeed(seed, `${lhs ? 'lhs' : 'random'}/${p.key}`));
    let strata: Int32Array | undefined;
    if (lhs) {
      // Latin hypercube: each parameter's n strata in a random order, one draw inside each stratum.
      strata = Int32Array.from({ length: n }, (_, i) => i);
      rng.shuffle(strata);
    }
    for (let i = 0; i < n; i++) {
      const u = strata ? (strata[i]! + rng.open()) / n : rng.open();
      rows[i]![p.key] = valueAt(p, u);
    }
  }
  return rows;
}

/** Unit-cube rows (sensitivity designs) mapped through each parameter's range or distribution. */
function unitRows(params: readonly SweepParam[], unit: number[][]): Record<string, ParamValue>[] {
  return unit.map((u) => Object.fromEntries(params.map((p, j) => [p.key, valueAt(p, u[j]!)])));
}

/** Morris grid levels when the spec gives none. */
export const MORRIS_LEVELS = 4;
const SENSITIVITY = new Set<Design>(['morris', 'sobol']);

/**
 * A swept value written `documented` takes the agent parameter's documented range (ParamDoc, the
 * ranges `lab agents` prints) as a linear range; only numeric agent parameters have one, and only
 * designs that draw from a range (random, lhs, morris, sobol) can use it.
 */
export function resolveDocumented(t: Target, values: SweepValues, at: readonly PathSeg[], design: Design): SweepValues {
  if (!(values.kind === 'list' && values.values.length === 1 && values.values[0] === 'documented')) return values;
  if (design === 'grid') throw new PathError(at, '"documented" (the documented range) needs design random, lhs, morris or sobol');
  if (t.kind !== 'agent') throw new PathError(at, '"documented" takes an agent parameter\'s documented range; give chain, world and count parameters { from, to }');
  const doc = getFamily(t.family).params.find((p) => p.name === t.param);
  const r = doc?.range;
  if (!r || typeof r[0] !== 'number' || typeof doc.default !== 'number') throw new PathError(at, `${t.family}.${t.param} has no numeric documented range`);
  return { kind: 'range', from: r[0] as number, to: r[1] as number, scale: 'linear', integer: false };
}

/** Morris and Sobol designs need every parameter as a range or a uniform distribution (the unit cube maps onto it). */
export function checkSensitivityDesign(design: Design, params: readonly SweepParam[], levels: number | undefined): void {
  if (levels !== undefined && design !== 'morris') throw new PathError(['sweep', 'levels'], 'levels is for the morris design');
  if (!SENSITIVITY.has(design)) return;
  if (params.length === 0) throw new PathError(['sweep', 'parameters'], `the ${design} design needs at least one swept parameter`);
  if (design === 'morris' && levels !== undefined && (levels < 2 || levels % 2 !== 0)) throw new PathError(['sweep', 'levels'], 'expected an even number of levels ≥ 2 (the Morris step is levels / (2 (levels − 1)))');
  if (design === 'sobol' && params.length > SOBOL_MAX_PARAMS) throw new PathError(['sweep', 'parameters'], `the sobol design supports up to ${SOBOL_MAX_PARAMS} parameters (Joe–Kuo direction numbers for ${2 * SOBOL_MAX_PARAMS + 1} dimensions); got ${params.length}`);
  for (const p of params) {
    const v = p.values;
    const ok = (v.kind === 'range' && v.steps === undefined) || (v.kind === 'dist' && (v.dist === 'uniform' || v.dist === 'loguniform' || v.dist === 'int'));
    if (!ok) throw new PathError(['sweep', 'parameters', p.key], `the ${design} design needs a range { from, to } (no steps), a uniform, loguniform or int distribution, or "documented"`);
  }
}

export function runCount(spec: ExperimentSpec, points: readonly Point[]): number {
  return points.length * spec.replications;
}

/** Run r's configuration (point-major: run = point · replications + replication). */
export function runConfig(spec: ExperimentSpec, points: readonly Point[], run: number): RunConfig {
  const point = Math.floor(run / spec.replications);
  const replication = run % spec.replications;
  const p = points[point];
  if (!p) throw new Error(`run ${run} is outside the sweep (${points.length * spec.replications} runs)`);
  const chain: Record<string, unknown> = { ...spec.chain };
  const world = { ...spec.world };
  const population: PopulationSpec = spec.population.map((e) => ({ family: e.family, count: e.count, params: { ...(e.params ?? {}) } }));
  const targets = [...spec.sweep.parameters.map((s) => [s.key, s.target] as const), ...spec.derived.map((d) => [d.key, d.target] as const)];
  let ruleSet = spec.ruleSet;
  for (const [key, t] of targets) {
    const value = p.values[key]!;
    if (t.kind === 'ruleSet') ruleSet = value as string;
    else if (t.kind === 'chain') chain[t.key] = value;
    else if (t.kind === 'world') (world as Record<string, unknown>)[t.key] = value;
    else if (t.kind === 'count' || t.kind === 'agent') {
      const entry = population.find((e) => e.family === t.family)!;
      if (t.kind === 'count') entry.count = value as number;
      else entry.params![t.param] = value as number | string | boolean;
    }
  }
  return {
    experiment: spec.name,
    run,
    point,
    replication,
    seed: runSeed(spec.seed, point, replication, spec.commonRandomNumbers),
    ruleSet,
    chain,
    world,
    population,
    horizon: spec.horizon,
    sampleEvery: spec.sampleEvery,
    params: { ...p.values },
    metrics: { ...spec.metrics },
  };
}

/** Φ⁻¹(p), the standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function inverseNormal(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
