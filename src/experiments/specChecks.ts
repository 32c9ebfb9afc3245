// Checks of a spec beyond its shape: what each parameter path names (a rule parameter, a world
// field, an agent family's count or parameter, or a free variable), whether swept values are allowed
// there, and — once the design is built — whether every point's values are. Errors are PathErrors
// naming the place in the file.
import { ParamError, validateValueSpec } from '../agents/params.ts';
import { FAMILIES } from '../agents/registry.ts';
import type { FamilyDef, PopulationSpec, WorldSpec } from '../agents/types.ts';
import { DEFAULT_WORLD, validateWorldSpec } from '../agents/world.ts';
import { RULE_SET_NAMES, RuleError, resolveRules, ruleParameterNames } from '../market/rules.ts';
import { buildPoints } from './design.ts';
import { isIdentifier } from './expressions.ts';
import type { ExperimentSpec } from './spec.ts';
import { PathError, type SweepValues } from './specSchema.ts';

export type Target =
  | { kind: 'chain'; key: string }
  | { kind: 'world'; key: keyof WorldSpec }
  | { kind: 'count'; family: string }
  | { kind: 'agent'; family: string; param: string }
  | { kind: 'var'; name: string }
  /** The rule set itself: the seed question compares eras under one population (e.g. root-vote vs launch). */
  | { kind: 'ruleSet' };

/** Rule parameters counted in blocks, UIDs or subnets: swept values are rounded to integers. */
const INTEGER_CHAIN = new Set([
  'emaPriceHalvingBlocks', 'rootVoteTopK', 'tempo', 'maxEpochsPerBlock', 'maxValidators', 'maxUids', 'immunityPeriod', 'activityCutoff',
  'networkLockReductionInterval', 'networkRateLimit', 'networkImmunityPeriod', 'subnetLimit', 'burnHalfLife', 'burnAdjustInterval',
  'immuneOwnerUids', 'minNonImmuneUids',
]);
const INTEGER_WORLD = new Set(['subnets', 'rootValidators', 'minersPerSubnet']);
const WORLD_KEYS = Object.keys(DEFAULT_WORLD) as (keyof WorldSpec)[];
const PATH_HELP = 'expected ruleSet, chain.<rule parameter>, world.<field>, population.<family>.<parameter>, population.<family>.count, or a bare name';

const families = (): Record<string, FamilyDef> => FAMILIES as unknown as Record<string, FamilyDef>;

export function isIntegerTarget(t: Target): boolean {
  if (t.kind === 'count') return true;
  if (t.kind === 'chain') return INTEGER_CHAIN.has(t.key);
  if (t.kind === 'world') return INTEGER_WORLD.has(t.key);
  // Agent parameters carry no integer flag (ParamDoc): a range or distribution says `integer: true`.
  return false;
}

/** What a parameter key names; `at` is its place in the spec. */
export function classifyPath(key: string, at: PropertyKey[], ruleSet: string, population: PopulationSpec): Target {
  const parts = key.split('.');
  if (key === 'ruleSet') return { kind: 'ruleSet' };
  if (parts.length === 1) {
    if (!isIdentifier(key)) throw new PathError(at, PATH_HELP);
    return { kind: 'var', name: key };
  }
  const [head, ...rest] = parts;
  if (head === 'chain' && rest.length === 1) {
    const names = ruleParameterNames();
    if (!names.includes(rest[0]!)) throw new PathError(at, `unknown rule parameter "${rest[0]}" of ${ruleSet}; allowed: ${names.join(', ')}`);
    return { kind: 'chain', key: rest[0]! };
  }
  if (head === 'world' && rest.length === 1) {
    if (!(WORLD_KEYS as string[]).includes(rest[0]!)) throw new PathError(at, `unknown world field "${rest[0]}"; allowed: ${WORLD_KEYS.join(', ')}`);
    return { kind: 'world', key: rest[0] as keyof WorldSpec };
  }
  if (head === 'population' && rest.length === 2) {
    const [family, param] = rest as [string, string];
    checkFamily(family, at);
    if (!population.some((e) => e.family === family)) {
      throw new PathError(at, `family "${family}" is not in population; add it there (its count may be 0 and swept)`);
    }
    if (param === 'count') return { kind: 'count', family };
    const fam = families()[family]!;
    if (!fam.params.some((p) => p.name === param)) {
      throw new PathError(at, `unknown parameter "${param}" of ${family}; allowed: count, ${fam.params.map((p) => p.name).join(', ')}`);
    }
    return { kind: 'agent', family, param };
  }
  throw new PathError(at, PATH_HELP);
}

export function checkFamily(family: string, at: PropertyKey[]): void {
  if (!Object.hasOwn(families(), family)) throw new PathError(at, `unknown agent family "${family}"; allowed: ${Object.keys(families()).join(', ')}`);
}

/** A population parameter's value or per-agent distribution (agents/params.ts). */
export function checkAgentParam(family: string, param: string, value: unknown, at: PropertyKey[]): void {
  const fam = families()[family]!;
  const doc = fam.params.find((p) => p.name === param);
  if (!doc) throw new PathError(at, `unknown parameter of ${family}; allowed: ${fam.params.map((p) => p.name).join(', ')}`);
  withParamErrors(at, (mark) => validateValueSpec(doc, value, mark));
}

/** The full world (defaults filled in), checked by agents/world.ts. */
export function checkWorld(obj: unknown, at: PropertyKey[]): WorldSpec {
  let out: WorldSpec | undefined;
  withParamErrors(at.slice(0, -1), (mark) => {
    out = validateWorldSpec(obj, `${mark}.${String(at[at.length - 1])}`);
  });
  return out!;
}

const MARK = '\u0000at';
/** Run a check that throws ParamError("<mark>.sub.path: message") and rethrow it as a PathError. */
function withParamErrors(at: PropertyKey[], check: (mark: string) => void): void {
  try {
    check(MARK);
  } catch (e) {
    if (!(e instanceof ParamError) || !e.message.startsWith(MARK)) throw e;
    const rest = e.message.slice(MARK.length);
    const colon = rest.indexOf(': ');
    const sub = rest.slice(0, colon).replace(/ \([^)]*\)/g, '');
    const segs = sub.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    throw new PathError([...at, ...segs], rest.slice(colon + 2));
  }
}

interface Ctx {
  ruleSet: string;
  chain: Record<string, unknown>;
  world: WorldSpec;
}

/** One value at one target. */
function checkValue(t: Target, v: unknown, at: PropertyKey[], ctx: Ctx): void {
  if (isIntegerTarget(t) && !(typeof v === 'number' && Number.isInteger(v))) throw new PathError(at, `expected an integer, got ${JSON.stringify(v)}`);
  switch (t.kind) {
    case 'chain':
      try {
        resolveRules(ctx.ruleSet, { ...ctx.chain, [t.key]: v });
      } catch (e) {
        if (e instanceof RuleError) throw new PathError(at, e.message.slice(e.path.length + 2));
        throw e;
      }
      return;
    case 'world':
      try {
        validateWorldSpec({ ...ctx.world, [t.key]: v }, 'world');
      } catch (e) {
        if (e instanceof ParamError) throw new PathError(at, e.message.slice(e.message.indexOf(': ') + 2));
        throw e;
      }
      return;
    case 'count':
      if (!((v as number) >= 0 && (v as number) <= 1_000_000)) throw new PathError(at, `expected an integer in [0, 1000000], got ${JSON.stringify(v)}`);
      return;
    case 'agent':
      checkAgentParam(t.family, t.param, v, at);
      return;
    case 'ruleSet':
      if (typeof v !== 'string' || !(RULE_SET_NAMES as readonly string[]).includes(v)) {
        throw new PathError(at, `expected one of ${RULE_SET_NAMES.join(', ')}, got ${JSON.stringify(v)}`);
      }
      try {
        resolveRules(v, ctx.chain);
      } catch (e) {
        if (e instanceof RuleError) throw new PathError(at, e.message);
        throw e;
      }
      return;
    case 'var':
      return;
  }
}

/** Swept values that can be checked before the design is drawn: list entries and range/uniform bounds. */
export function checkSweepValues(
  t: Target, values: SweepValues, at: PropertyKey[], ruleSet: string, chain: Record<string, unknown>, design: string, world: WorldSpec,
): void {
  const ctx: Ctx = { ruleSet, chain, world };
  if (design === 'grid') {
    if (values.kind === 'dist') throw new PathError([...at, 'dist'], 'a distribution needs design random or lhs (a grid takes a list or a range with steps)');
    if (values.kind === 'range' && values.steps === undefined) throw new PathError([...at, 'steps'], 'a grid needs steps (the number of values from `from` to `to`)');
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

/** Build the design and check every point's values (normal draws, derived values, combinations). */
export function checkPoints(spec: ExperimentSpec): { points: number; runs: number } {
  const points = buildPoints(spec);
  const keyed = [
    ...spec.sweep.parameters.map((p) => ({ key: p.key, target: p.target, at: ['sweep', 'parameters', p.key] as PropertyKey[] })),
    ...spec.derived.map((d) => ({ key: d.key, target: d.target, at: ['derived', d.key] as PropertyKey[] })),
  ];
  const ctx: Ctx = { ruleSet: spec.ruleSet, chain: spec.chain, world: spec.world };
  for (const p of points) {
    const chain: Record<string, unknown> = { ...spec.chain };
    const world: Record<string, unknown> = { ...spec.world };
    let ruleSet = spec.ruleSet;
    for (const k of keyed) {
      const v = p.values[k.key];
      try {
        checkValue(k.target, v, k.at, ctx);
      } catch (e) {
        if (e instanceof PathError) throw new PathError(e.path, `point ${p.index} gives ${JSON.stringify(v)}: ${e.message}`);
        throw e;
      }
      if (k.target.kind === 'chain') chain[k.target.key] = v;
      if (k.target.kind === 'world') world[k.target.key] = v;
      if (k.target.kind === 'ruleSet') ruleSet = v as string;
    }
    // Combinations: each value may pass alone and fail together (e.g. issued < rootStake + pools).
    try {
      resolveRules(ruleSet, chain);
    } catch (e) {
      if (e instanceof RuleError) throw new PathError(['sweep'], `point ${p.index}: ${e.message}`);
      throw e;
    }
    try {
      validateWorldSpec(world, 'world');
    } catch (e) {
      if (e instanceof ParamError) throw new PathError(['sweep'], `point ${p.index}: ${e.message}`);
      throw e;
    }
  }
  return { points: points.length, runs: points.length * spec.replications };
}
