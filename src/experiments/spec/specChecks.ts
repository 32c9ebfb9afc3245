// Checks of a spec beyond its shape: what each parameter path names (a rule parameter, a world
// field, an agent family's count or parameter, or a free variable), whether swept values are allowed
// there, and — once the design is built — whether every point's values are. Every check reads the
// parameter tables (market/ruleParams.ts, agents/worldParams.ts, each family's table); errors are
// ParamErrors naming the place in the file.
import { validateValueSpec } from '../../agents/params.ts';
import { FAMILIES } from '../../agents/registry.ts';
import type { FamilyDef, PopulationSpec } from '../../agents/types.ts';
import { validateWorldSpec } from '../../agents/world.ts';
import { WORLD_PARAMS, type WorldSpec } from '../../agents/worldParams.ts';
import { ParamError, type ParamDescriptor, type PathSeg, isNumericRange } from '../../market/params.ts';
import { ruleParam } from '../../market/ruleParams.ts';
import { RULE_SET_NAMES, resolveRules, ruleParameterNames } from '../../market/rules.ts';
import { buildPoints, type Point } from './design.ts';
import { isIdentifier } from './expressions.ts';
import type { SweepValues } from './specSchema.ts';
import type { ExperimentSpec, Target } from '../types.ts';

export type { Target } from '../types.ts';

const WORLD_KEYS = WORLD_PARAMS.map((p) => p.name) as (keyof WorldSpec)[];
const PATH_HELP = 'expected ruleSet, chain.<rule parameter>, world.<field>, population.<family>.<parameter>, population.<family>.count, or a bare name';

const families = (): Readonly<Record<string, FamilyDef>> => FAMILIES;

/** Swept values at this target are rounded to integers: counts, and parameters whose descriptor says integer. */
export function isIntegerTarget(t: Target): boolean {
  if (t.kind === 'count') return true;
  if (t.kind === 'chain') return ruleParam(t.key)?.integer === true;
  if (t.kind === 'world') return (WORLD_PARAMS as readonly ParamDescriptor[]).find((p) => p.name === t.key)?.integer === true;
  if (t.kind === 'agent') return families()[t.family]?.params.find((p) => p.name === t.param)?.integer === true;
  return false;
}

/** What a parameter key names; `at` is its place in the spec. */
export function classifyPath(key: string, at: PathSeg[], ruleSet: string, population: PopulationSpec): Target {
  const parts = key.split('.');
  if (key === 'ruleSet') return { kind: 'ruleSet' };
  if (parts.length === 1) {
    if (!isIdentifier(key)) throw new ParamError(at, PATH_HELP);
    return { kind: 'var', name: key };
  }
  const [head, ...rest] = parts;
  if (head === 'chain' && rest.length === 1) {
    const names = ruleParameterNames();
    if (!names.includes(rest[0]!)) throw new ParamError(at, `unknown rule parameter "${rest[0]}" of ${ruleSet}; allowed: ${names.join(', ')}`);
    return { kind: 'chain', key: rest[0]! };
  }
  if (head === 'world' && rest.length === 1) {
    if (!(WORLD_KEYS as string[]).includes(rest[0]!)) throw new ParamError(at, `unknown world field "${rest[0]}"; allowed: ${WORLD_KEYS.join(', ')}`);
    return { kind: 'world', key: rest[0] as keyof WorldSpec };
  }
  if (head === 'population' && rest.length === 2) {
    const [family, param] = rest as [string, string];
    checkFamily(family, at);
    if (!population.some((e) => e.family === family)) {
      throw new ParamError(at, `family "${family}" is not in population; add it there (its count may be 0 and swept)`);
    }
    if (param === 'count') return { kind: 'count', family };
    const fam = families()[family]!;
    if (!fam.params.some((p) => p.name === param)) {
      throw new ParamError(at, `unknown parameter "${param}" of ${family}; allowed: count, ${fam.params.map((p) => p.name).join(', ')}`);
    }
    return { kind: 'agent', family, param };
  }
  throw new ParamError(at, PATH_HELP);
}

export function checkFamily(family: string, at: PathSeg[]): void {
  if (!Object.hasOwn(families(), family)) throw new ParamError(at, `unknown agent family "${family}"; allowed: ${Object.keys(families()).join(', ')}`);
}

/** A population parameter's value or per-agent distribution (agents/params.ts). */
export function checkAgentParam(family: string, param: string, value: unknown, at: PathSeg[]): void {
  const fam = families()[family]!;
  const doc = fam.params.find((p) => p.name === param);
  if (!doc) throw new ParamError(at, `unknown parameter of ${family}; allowed: ${fam.params.map((p) => p.name).join(', ')}`);
  validateValueSpec(doc, value, at);
}

/** The full world (defaults filled in), checked against agents/worldParams.ts. */
export function checkWorld(obj: unknown, at: PathSeg[]): WorldSpec {
  return validateWorldSpec(obj, at);
}

interface Ctx {
  ruleSet: string;
  chain: Record<string, unknown>;
  world: WorldSpec;
}

/** One value at one target. */
function checkValue(t: Target, v: unknown, at: PathSeg[], ctx: Ctx): void {
  if (isIntegerTarget(t) && !(typeof v === 'number' && Number.isInteger(v))) throw new ParamError(at, `expected an integer, got ${JSON.stringify(v)}`);
  switch (t.kind) {
    case 'chain':
      try {
        resolveRules(ctx.ruleSet, { ...ctx.chain, [t.key]: v });
      } catch (e) {
        if (e instanceof ParamError) throw new ParamError(at, e.detail);
        throw e;
      }
      return;
    case 'world':
      try {
        validateWorldSpec({ ...ctx.world, [t.key]: v });
      } catch (e) {
        if (e instanceof ParamError) throw new ParamError(at, e.detail);
        throw e;
      }
      return;
    case 'count':
      if (!((v as number) >= 0 && (v as number) <= 1_000_000)) throw new ParamError(at, `expected an integer in [0, 1000000], got ${JSON.stringify(v)}`);
      return;
    case 'agent':
      checkAgentParam(t.family, t.param, v, at);
      return;
    case 'ruleSet':
      if (typeof v !== 'string' || !(RULE_SET_NAMES as readonly string[]).includes(v)) {
        throw new ParamError(at, `expected one of ${RULE_SET_NAMES.join(', ')}, got ${JSON.stringify(v)}`);
      }
      try {
        resolveRules(v, ctx.chain);
      } catch (e) {
        if (e instanceof ParamError) throw new ParamError(at, e.message);
        throw e;
      }
      return;
    case 'var':
      return;
  }
}

/** Swept values that can be checked before the design is drawn: list entries and range/uniform bounds. */
export function checkSweepValues(
  t: Target, values: SweepValues, at: PathSeg[], ruleSet: string, chain: Record<string, unknown>, design: string, world: WorldSpec,
): void {
  const ctx: Ctx = { ruleSet, chain, world };
  if (design === 'grid') {
    if (values.kind === 'dist') throw new ParamError([...at, 'dist'], 'a distribution needs design random or lhs (a grid takes a list or a range with steps)');
    if (values.kind === 'range' && values.steps === undefined) throw new ParamError([...at, 'steps'], 'a grid needs steps (the number of values from `from` to `to`)');
  }
  if (values.kind === 'list') values.values.forEach((v, i) => checkValue(t, v, [...at, i], ctx));
  else if (values.kind === 'range') {
    const round = (x: number) => (values.integer || isIntegerTarget(t) ? Math.round(x) : x);
    checkValue(t, round(values.from), [...at, 'from'], ctx);
    checkValue(t, round(values.to), [...at, 'to'], ctx);
  } else if (values.dist === 'uniform' || values.dist === 'loguniform' || values.dist === 'int') {
    const round = (x: number) => (values.integer || isIntegerTarget(t) ? Math.round(x) : x);
    checkValue(t, round(values.a), [...at, 'min'], ctx);
    checkValue(t, round(values.b), [...at, 'max'], ctx);
  }
}

/**
 * Values checkSweepValues already checked, before the design was drawn: list entries, and every value a
 * range or a uniform, loguniform or int distribution gives (each lies between its checked bounds, rounded
 * as its bounds were where the target is an integer).
 */
function checkedBefore(values: SweepValues): boolean {
  return values.kind !== 'dist' || values.dist === 'uniform' || values.dist === 'loguniform' || values.dist === 'int';
}

/**
 * Build the design once and check what no earlier check covered: values drawn from a normal or lognormal
 * distribution, derived values, and the combinations a point makes when it sets chain, rule-set or world
 * values together (each may pass alone and fail together, e.g. issued < rootStake + pools).
 * Returns the points: the LoadedSpec carries them, so no later stage builds them again.
 */
export function checkPoints(spec: ExperimentSpec): { points: Point[]; runs: number } {
  const points = buildPoints(spec);
  const keyed = [
    ...spec.sweep.parameters.map((p) => ({ key: p.key, target: p.target, at: ['sweep', 'parameters', p.key] as PathSeg[], check: !checkedBefore(p.values) })),
    ...spec.derived.map((d) => ({ key: d.key, target: d.target, at: ['derived', d.key] as PathSeg[], check: true })),
  ];
  const rules = keyed.some((k) => k.target.kind === 'chain' || k.target.kind === 'ruleSet');
  const worlds = keyed.some((k) => k.target.kind === 'world');
  const toCheck = keyed.filter((k) => k.check);
  if (toCheck.length === 0 && !rules && !worlds) return { points, runs: points.length * spec.replications };
  const ctx: Ctx = { ruleSet: spec.ruleSet, chain: spec.chain, world: spec.world };
  for (const p of points) {
    for (const k of toCheck) {
      const v = p.values[k.key];
      try {
        checkValue(k.target, v, k.at, ctx);
      } catch (e) {
        if (e instanceof ParamError) throw new ParamError(e.segments, `point ${p.index} gives ${JSON.stringify(v)}: ${e.detail}`);
        throw e;
      }
    }
    const chain: Record<string, unknown> = { ...spec.chain };
    const world: Record<string, unknown> = { ...spec.world };
    let ruleSet = spec.ruleSet;
    for (const k of keyed) {
      const v = p.values[k.key];
      if (k.target.kind === 'chain') chain[k.target.key] = v;
      if (k.target.kind === 'world') world[k.target.key] = v;
      if (k.target.kind === 'ruleSet') ruleSet = v as string;
    }
    if (rules) {
      try {
        resolveRules(ruleSet, chain);
      } catch (e) {
        if (e instanceof ParamError) throw new ParamError(['sweep'], `point ${p.index}: ${e.message}`);
        throw e;
      }
    }
    if (worlds) {
      try {
        validateWorldSpec(world);
      } catch (e) {
        if (e instanceof ParamError) throw new ParamError(['sweep'], `point ${p.index}: ${e.message}`);
        throw e;
      }
    }
  }
  return { points, runs: points.length * spec.replications };
}

/** What a design needs to know about one parameter: its range (or allowed values), default and unit. */
export type ParamRange =
  | { kind: 'number'; min: number; max: number; integer: boolean; default: number; unit: string; meaning: string }
  | { kind: 'enum'; values: readonly string[]; default: string | boolean; unit: string; meaning: string };

function rangeOf(d: ParamDescriptor, dflt: unknown): ParamRange {
  if (isNumericRange(d.range) && typeof dflt === 'number') {
    return { kind: 'number', min: d.range[0], max: d.range[1], integer: d.integer === true, default: dflt, unit: d.unit, meaning: d.meaning };
  }
  return { kind: 'enum', values: d.range as readonly string[], default: dflt as string | boolean, unit: d.unit, meaning: d.meaning };
}

/**
 * The range of a spec parameter path, read from the parameter tables: `chain.<rule parameter>` (default:
 * the value in `ruleSet`), `world.<field>`, `population.<family>.<parameter>` or `population.<family>.count`.
 * Calibration and sensitivity designs take their bounds from here. Unknown paths throw a ParamError.
 */
export function paramRange(path: string, ruleSet: string = 'launch-2025-02'): ParamRange {
  const [head, a, b, ...more] = path.split('.');
  if (head === 'chain' && a && !b) {
    const d = ruleParam(a);
    if (!d) throw new ParamError([path], `unknown rule parameter; allowed: ${ruleParameterNames().join(', ')}`);
    const rules = resolveRules(ruleSet) as unknown as Record<string, unknown>;
    return rangeOf({ ...d, default: null }, rules[a]);
  }
  if (head === 'world' && a && !b) {
    const d = (WORLD_PARAMS as readonly ParamDescriptor[]).find((p) => p.name === a);
    if (!d) throw new ParamError([path], `unknown world field; allowed: ${WORLD_KEYS.join(', ')}`);
    return rangeOf(d, d.default);
  }
  if (head === 'population' && a && b && more.length === 0) {
    checkFamily(a, [path]);
    if (b === 'count') return { kind: 'number', min: 0, max: 1_000_000, integer: true, default: 0, unit: 'agents', meaning: `number of ${a} agents` };
    const fam = families()[a]!;
    const d = fam.params.find((p) => p.name === b);
    if (!d) throw new ParamError([path], `unknown parameter of ${a}; allowed: count, ${fam.params.map((p) => p.name).join(', ')}`);
    return rangeOf(d, d.default);
  }
  throw new ParamError([path], 'expected chain.<rule parameter>, world.<field>, population.<family>.<parameter> or population.<family>.count');
}
