// Experiment specs (YAML or JSON): parsed with `yaml`, shaped by a zod schema, then checked against
// the chain's rule parameters, the world and the agent families. Every error names the path in the
// file (and its line), e.g. `sweep.parameters["population.herder.herding"].steps: expected a positive
// integer`; a bad spec writes nothing (the commands exit 2 before creating any folder).
import { readFileSync } from 'node:fs';
import { LineCounter, isNode, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { ParamError, formatPath, type PathSeg } from '../../market/params.ts';
import { loadObserved, ObservedError, pickTargets } from './observed.ts';
import { checkTargets } from './targets.ts';
import { RULE_SET_NAMES, resolveRules } from '../../market/rules.ts';
import type { PopulationSpec, WorldSpec } from '../../agents/types.ts';
import { NETWORK_SERIES, SUMMARY_METRICS, type DerivedParam, type ExperimentSpec, type LoadedSpec, type SweepParam } from '../types.ts';
import { expressionNames, isIdentifier, parameterAliases } from './expressions.ts';
import { hashSpec } from './seeds.ts';
import { checkSensitivityDesign, resolveDocumented } from './design.ts';
import { loadWorldGenesis } from './worldGenesisFile.ts';
import { BLOCKS_PER_DAY, parseDuration, strict, SweepValuesSchema, ValueSpecSchema, num, posInt, type SweepValues } from './specSchema.ts';
import { checkAgentParam, checkFamily, checkPoints, checkSweepValues, checkWorld, classifyPath, isIntegerTarget } from './specChecks.ts';
import { checkSpecLimits } from './limits.ts';

export { BLOCKS_PER_DAY, DURATION_HELP, PathError, type SweepValues } from './specSchema.ts';
export { formatPath };
export type { ParamRange } from './specChecks.ts';
export type { DerivedParam, Design, ExperimentSpec, LoadedSpec, SweepParam, Target } from '../types.ts';
export { paramRange } from './specChecks.ts';

/**
 * A bad spec: the one parameter error (market/params.ts) with `path` the place in the file
 * (`sweep.parameters["chain.tempo"][2]`), `detail`, and `file` and 1-based `line` when known.
 */
export { ParamError as SpecError };

const SpecSchema = strict({
  name: z.string({ error: 'expected a string' }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
    error: 'expected a folder-safe name: letters, digits, ".", "_" or "-" (at most 100)',
  }),
  description: z.string({ error: 'expected a string: the question the experiment asks' }).trim().min(1, { error: 'expected the question the experiment asks' }),
  ruleSet: z.enum(RULE_SET_NAMES as [string, ...string[]], { error: `expected one of ${RULE_SET_NAMES.join(', ')}` }).default('launch-2025-02'),
  horizon: z.any().transform(parseDuration),
  sampleEvery: z.any().transform(parseDuration).optional(), // default: a day, or the horizon if shorter
  seed: z.union([z.string().min(1), z.number().int()], { error: 'expected a string or an integer' }).transform(String).optional(),
  replications: posInt.max(1_000_000, { error: 'expected a positive integer up to 1000000' }).default(1),
  workers: posInt.max(1024, { error: 'expected a positive integer up to 1024' }).optional(),
  commonRandomNumbers: z.boolean({ error: 'expected true or false' }).default(false),
  chain: z.record(z.string(), z.unknown(), { error: 'expected a map of rule parameter overrides' }).default({}),
  world: z.record(z.string(), z.unknown(), { error: 'expected a map of world fields' }).default({}),
  population: z
    .record(z.string(), strict({ count: num(0, 1_000_000, true), params: z.record(z.string(), ValueSpecSchema).default({}) }), {
      error: 'expected a map: family → { count, params }',
    })
    .default({}),
  metrics: z.record(z.string(), z.string({ error: 'expected a mathjs expression (a string)' })).default({}),
  derived: z.record(z.string(), z.string({ error: 'expected a mathjs expression (a string)' })).default({}),
  sweep: strict({
    design: z.enum(['grid', 'random', 'lhs', 'morris', 'sobol'], { error: 'expected grid, random, lhs, morris or sobol' }).default('grid'),
    n: posInt.max(10_000_000, { error: 'expected a positive integer up to 10000000' }).optional(),
    levels: posInt.max(64, { error: 'expected a positive integer up to 64' }).optional(),
    parameters: z.record(z.string(), SweepValuesSchema).default({}),
  }).default({ design: 'grid', parameters: {} }),
  observed: strict({
    fitted: z.array(z.string({ error: 'expected a target id' }), { error: 'expected a list of target ids from data/observed/targets.csv' }).default([]),
    compared: z.array(z.string({ error: 'expected a target id' }), { error: 'expected a list of target ids from data/observed/targets.csv' }).default([]),
  }).optional(),
});

type Raw = z.output<typeof SpecSchema>;

/** Parse and validate spec text (YAML or JSON). Throws SpecError. */
export function parseSpec(text: string, file?: string): LoadedSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new ParamError([], `not valid YAML/JSON: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, file, lineCounter.linePos(e.pos[0]).line);
  }
  const lineOf = (path: readonly PathSeg[]) => findLine(doc, lineCounter, path);
  const fail = (path: readonly PathSeg[], detail: string): never => {
    throw new ParamError(path, detail, file, lineOf(path));
  };
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) fail([], 'expected a map with name, description, horizon, …');
  const parsed = SpecSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const first = issues[0]!;
    let path: PathSeg[] = first.path.map((p) => (typeof p === 'number' ? p : String(p)));
    if (first.code === 'unrecognized_keys') path = [...path, String(first.keys[0]!)];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    fail(path, first.message.replace(/^Invalid input: /, '') + more);
  }
  try {
    return build(parsed.data!, file);
  } catch (e) {
    if (e instanceof ParamError) fail(e.segments, e.detail);
    throw e;
  }
}

/** Read and validate a spec file. */
export function loadSpec(file: string): LoadedSpec {
  return parseSpec(readSpecText(file), file);
}

/** A spec file's text; an unreadable file is a SpecError naming it. */
export function readSpecText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ParamError([], `cannot read the spec: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file);
  }
}

function build(raw: Raw, file?: string): LoadedSpec {
  const ruleSet = raw.ruleSet;
  const chain = raw.chain as Record<string, unknown>;
  resolveRules(ruleSet, chain);
  const world = checkWorld(loadWorldGenesis(raw.world, file, ruleSet, chain), ['world']); // world.genesis: FILE is read here
  const sampleEvery = raw.sampleEvery ?? Math.min(BLOCKS_PER_DAY, raw.horizon);
  if (sampleEvery > raw.horizon) throw new ParamError(['sampleEvery'], `${sampleEvery} blocks is longer than the horizon (${raw.horizon} blocks)`);

  const population: PopulationSpec = [];
  for (const [family, entry] of Object.entries(raw.population)) {
    checkFamily(family, ['population', family]);
    for (const [param, value] of Object.entries(entry.params)) checkAgentParam(family, param, value, ['population', family, 'params', param]);
    population.push({ family, count: entry.count, params: entry.params });
  }

  const parameters: SweepParam[] = [];
  for (const [key, given] of Object.entries(raw.sweep.parameters)) {
    const at = ['sweep', 'parameters', key];
    const target = classifyPath(key, at, ruleSet, population);
    const values = resolveDocumented(target, given, at, raw.sweep.design);
    checkSweepValues(target, values, at, ruleSet, chain, raw.sweep.design, world);
    parameters.push({ key, target, values, integer: isIntegerTarget(target) || (values.kind !== 'list' && values.integer) });
  }
  const design = raw.sweep.design;
  if (design !== 'grid' && raw.sweep.n === undefined) throw new ParamError(['sweep', 'n'], `the ${design} design needs n, the number of points`);
  checkSensitivityDesign(design, parameters, raw.sweep.levels);
  if (design === 'grid' && raw.sweep.n !== undefined) throw new ParamError(['sweep', 'n'], 'a grid has as many points as its values multiply to; n is for random and lhs');

  // Derived parameters: evaluated in the order written, over swept and earlier derived values.
  const derived: DerivedParam[] = [];
  const known = parameters.map((p) => p.key);
  for (const [key, expr] of Object.entries(raw.derived)) {
    const at = ['derived', key];
    if (known.includes(key)) throw new ParamError(at, 'is both swept and derived');
    const target = classifyPath(key, at, ruleSet, population);
    checkNames(expr, parameterAliases(known), at, 'swept or earlier derived parameter');
    derived.push({ key, target, expr });
    known.push(key);
  }

  // Custom metrics: over summary metrics, the final network-series values, parameters and earlier metrics.
  const metricNames = new Set<string>([...SUMMARY_METRICS, ...NETWORK_SERIES]);
  const paramAliases = parameterAliases(known);
  for (const [name, expr] of Object.entries(raw.metrics)) {
    const at = ['metrics', name];
    if (!isIdentifier(name)) throw new ParamError(at, 'a metric name must be an identifier (letters, digits, _)');
    if ((SUMMARY_METRICS as readonly string[]).includes(name)) throw new ParamError(at, 'is a built-in summary metric; choose another name');
    const allowed = new Map<string, string>([...paramAliases, ...[...metricNames].map((m) => [m, m] as [string, string])]);
    checkNames(expr, allowed, at, 'summary metric, network series column, parameter or earlier metric');
    metricNames.add(name);
  }

  const spec: ExperimentSpec = {
    name: raw.name,
    description: raw.description,
    ruleSet,
    horizon: raw.horizon,
    sampleEvery,
    seed: raw.seed ?? raw.name,
    replications: raw.replications,
    ...(raw.workers !== undefined ? { workers: raw.workers } : {}),
    commonRandomNumbers: raw.commonRandomNumbers,
    chain,
    world,
    population,
    metrics: raw.metrics,
    derived,
    sweep: { design, ...(raw.sweep.n !== undefined ? { n: raw.sweep.n } : {}), ...(raw.sweep.levels !== undefined ? { levels: raw.sweep.levels } : {}), parameters },
    ...(raw.observed ? { observed: checkObservedIds(raw.observed) } : {}),
  };
  checkSpecLimits(spec); // sizes, before checkPoints builds the points (./limits.ts)
  const { points, runs } = checkPoints(spec);
  if (runs > 10_000_000) throw new ParamError(['replications'], `${points.length} points × ${spec.replications} replications = ${runs} runs; at most 10000000`);
  const { workers: _w, ...identity } = spec;
  return { spec, hash: hashSpec(identity), points, ...(file ? { file } : {}) };
}

/**
 * The spec's `observed` lists: each id a target row of data/observed/targets.csv whose quantity the runs
 * record (pickTargets, checkTargets); dates beyond the horizon are allowed (the report lists such a target
 * as not reached by the run). A target is either fitted or only compared.
 */
function checkObservedIds(o: { fitted: string[]; compared: string[] }): { fitted: string[]; compared: string[] } {
  const all = loadObserved();
  for (const list of ['fitted', 'compared'] as const) {
    try {
      checkTargets(pickTargets(all, o[list], `observed.${list}`), Infinity, `observed.${list}`);
    } catch (e) {
      const m = e instanceof ObservedError ? /^observed\.(\w+)\[(\d+)\]: (.*)$/s.exec(e.message) : null;
      if (m) throw new ParamError(['observed', m[1]!, Number(m[2])], m[3]!);
      throw e;
    }
  }
  const both = o.compared.findIndex((id) => o.fitted.includes(id));
  if (both >= 0) throw new ParamError(['observed', 'compared', both], `${o.compared[both]} is also in observed.fitted: a target is either fitted or only compared`);
  return { fitted: [...o.fitted], compared: [...o.compared] };
}

function checkNames(expr: string, allowed: ReadonlyMap<string, string>, at: PathSeg[], what: string): void {
  let names: string[];
  try {
    names = expressionNames(expr);
  } catch (e) {
    throw new ParamError(at, `not a valid expression: ${(e as Error).message}`);
  }
  for (const n of names) {
    if (!allowed.has(n)) {
      const list = [...allowed.keys()];
      const shown = list.length > 12 ? `${list.slice(0, 12).join(', ')}, …` : list.join(', ') || '(none)';
      throw new ParamError(at, `unknown name "${n}" (expected a ${what}: ${shown})`);
    }
  }
}

function findLine(doc: Document, lc: LineCounter, path: readonly PathSeg[]): number | undefined {
  for (let k = path.length; k >= 0; k--) {
    const node = doc.getIn(path.slice(0, k) as unknown[], true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}
