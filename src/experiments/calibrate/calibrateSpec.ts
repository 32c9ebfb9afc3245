// A calibration spec (docs/calibration.md): an ordinary experiment spec without a sweep, plus a
// `calibrate` section naming the free parameters (ranges), the observed targets (ids from
// data/observed/targets.csv) and the design (LHS points per stage, stages, the share kept to narrow the
// box, the share accepted). Each stage becomes a plain experiment spec (an LHS sweep over the stage's
// box, common random numbers, the base spec's seed) that the runner runs and resumes like any other.
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { checkTargets } from '../spec/targets.ts';
import { loadObserved, OBSERVED_FILE, ObservedError, pickTargets, type ObservedTarget } from '../spec/observed.ts';
import { BLOCKS_PER_DAY, parseSpec, readSpecText, SpecError, type LoadedSpec } from '../spec/spec.ts';
import { hashSpec } from '../spec/seeds.ts';

/** A free parameter's range (a spec path as in sweep.parameters). */
export interface FreeParam {
  key: string;
  from: number;
  to: number;
  scale: 'linear' | 'log';
  integer: boolean;
}

export interface CalibrationSpec {
  base: LoadedSpec;
  /** The base spec as plain data (without `calibrate`), from which stage specs are built. */
  baseData: Record<string, unknown>;
  file?: string;
  parameters: FreeParam[];
  targets: ObservedTarget[];
  /** Targets only compared: evaluated at every point and shown in the fit table, never in the distance. */
  compare: ObservedTarget[];
  /** LHS points per stage, number of stages, share of all points so far that bounds the next box, share accepted. */
  n: number;
  stages: number;
  keep: number;
  accept: number;
  /** Results folder identity: the base spec, the calibrate section and the chosen targets' rows. */
  hash: string;
}

const SECTION_FIELDS = ['targets', 'compare', 'observed', 'parameters', 'n', 'stages', 'keep', 'accept'] as const;

/** A dotted path as the segments the one path-carrying error takes. */
const segments = (path: string): string[] => (path === '' ? [] : path.split('.'));

function fail(path: string, detail: string, file?: string): never {
  throw new SpecError(segments(path), detail, file);
}

function numberIn(v: unknown, path: string, lo: number, hi: number, integer: boolean, file?: string): number {
  if (typeof v !== 'number' || !(v >= lo && v <= hi) || (integer && !Number.isInteger(v))) {
    fail(path, `expected ${integer ? 'an integer' : 'a number'} in [${lo}, ${hi}], got ${JSON.stringify(v)}`, file);
  }
  return v;
}

/** Parse a calibration spec's text; throws SpecError (path, detail) for anything wrong. */
export function parseCalibrationSpec(text: string, file?: string): CalibrationSpec {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) fail('', `not valid YAML/JSON: ${doc.errors[0]!.message.split('\n')[0]}`, file);
  const all = doc.toJS() as unknown;
  if (all === null || typeof all !== 'object' || Array.isArray(all)) fail('', 'expected a map: an experiment spec with a calibrate section', file);
  const { calibrate: section, ...baseData } = all as Record<string, unknown>;
  if (section === undefined) fail('calibrate', 'missing: say which parameters to fit (calibrate.parameters) against which targets (calibrate.targets)', file);
  if (section === null || typeof section !== 'object' || Array.isArray(section)) fail('calibrate', 'expected a map with targets, parameters, n, stages, keep, accept', file);
  const c = section as Record<string, unknown>;
  for (const k of Object.keys(c)) if (!(SECTION_FIELDS as readonly string[]).includes(k)) fail(`calibrate.${k}`, `unknown field; allowed: ${SECTION_FIELDS.join(', ')}`, file);
  const sweep = baseData.sweep as Record<string, unknown> | undefined;
  if (sweep && sweep.parameters && Object.keys(sweep.parameters as object).length > 0) {
    fail('sweep.parameters', 'a calibration spec does not sweep: its free parameters go under calibrate.parameters', file);
  }
  delete baseData.sweep;
  doc.delete('calibrate');
  const base = parseSpec(String(doc), file); // the base spec's own errors, with its paths

  const n = numberIn(c.n ?? 16, 'calibrate.n', 2, 100_000, true, file);
  const stages = numberIn(c.stages ?? 2, 'calibrate.stages', 1, 20, true, file);
  const keep = numberIn(c.keep ?? 0.25, 'calibrate.keep', 0.01, 1, false, file);
  const accept = numberIn(c.accept ?? 0.2, 'calibrate.accept', 0.01, 1, false, file);

  if (c.parameters === null || typeof c.parameters !== 'object' || Array.isArray(c.parameters) || Object.keys(c.parameters as object).length === 0) {
    fail('calibrate.parameters', 'expected a map: spec path → { from, to, scale: linear|log }, at least one', file);
  }
  const parameters: FreeParam[] = [];
  for (const [key, raw] of Object.entries(c.parameters as Record<string, unknown>)) {
    const at = `calibrate.parameters["${key}"]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(at, 'expected { from, to, scale: linear|log, integer: true|false }', file);
    const r = raw as Record<string, unknown>;
    for (const k of Object.keys(r)) if (!['from', 'to', 'scale', 'integer'].includes(k)) fail(`${at}.${k}`, 'unknown field; allowed: from, to, scale, integer', file);
    const from = numberIn(r.from, `${at}.from`, -1e15, 1e15, false, file);
    const to = numberIn(r.to, `${at}.to`, -1e15, 1e15, false, file);
    if (!(to > from)) fail(`${at}.to`, `must be greater than from (${from})`, file);
    const scale = r.scale ?? 'linear';
    if (scale !== 'linear' && scale !== 'log') fail(`${at}.scale`, `expected linear or log, got ${JSON.stringify(scale)}`, file);
    if (scale === 'log' && !(from > 0)) fail(`${at}.from`, 'a log range needs from > 0', file);
    if (r.integer !== undefined && typeof r.integer !== 'boolean') fail(`${at}.integer`, 'expected true or false', file);
    parameters.push({ key, from, to, scale, integer: r.integer === true });
  }

  if (!Array.isArray(c.targets) || c.targets.length === 0 || !c.targets.every((t) => typeof t === 'string')) {
    fail('calibrate.targets', 'expected a list of target ids from data/observed/targets.csv, at least one', file);
  }
  if (c.observed !== undefined && typeof c.observed !== 'string') fail('calibrate.observed', 'expected a path to a targets CSV (relative to the spec)', file);
  const observedFile = c.observed === undefined ? OBSERVED_FILE : resolve(file ? dirname(file) : '.', c.observed as string);
  if (c.compare !== undefined && (!Array.isArray(c.compare) || !c.compare.every((t) => typeof t === 'string'))) {
    fail('calibrate.compare', 'expected a list of target ids (compared at the fit, not fitted)', file);
  }
  const overlap = ((c.compare ?? []) as string[]).find((id) => (c.targets as string[]).includes(id));
  if (overlap) fail('calibrate.compare', `${overlap} is also in calibrate.targets: a target is either fitted or only compared`, file);
  let targets: ObservedTarget[];
  let compare: ObservedTarget[];
  try {
    const observed = loadObserved(observedFile);
    targets = pickTargets(observed, c.targets as string[], 'calibrate.targets');
    checkTargets(targets, base.spec.horizon / BLOCKS_PER_DAY, 'calibrate.targets');
    compare = pickTargets(observed, (c.compare ?? []) as string[], 'calibrate.compare');
    checkTargets(compare, base.spec.horizon / BLOCKS_PER_DAY, 'calibrate.compare');
  } catch (e) {
    if (e instanceof ObservedError) fail('', e.message, file);
    throw e;
  }
  const spec: CalibrationSpec = {
    base, baseData, ...(file ? { file } : {}), parameters, targets, compare, n, stages, keep, accept, hash: '',
  };
  // Stage 1's spec validates the parameter paths (the runner's own checks) before anything runs.
  stageSpec(spec, 1, parameters);
  const rows = (ts: ObservedTarget[]) => ts.map(({ line: _l, ...t }) => t);
  spec.hash = hashSpec({ base: base.hash, parameters, targets: rows(targets), compare: rows(compare), n, stages, keep, accept });
  return spec;
}

export function loadCalibrationSpec(file: string): CalibrationSpec {
  return parseCalibrationSpec(readSpecText(file), file);
}

/**
 * Stage k's experiment spec: the base spec, an LHS sweep of n points over `box`, common random numbers and
 * the base seed (so replication r draws the same numbers at every point of every stage).
 */
export function stageSpec(c: CalibrationSpec, k: number, box: readonly FreeParam[]): LoadedSpec {
  const base = c.baseData;
  const data = {
    ...base,
    name: `stage-${k}`,
    description: `${String(base.description ?? '')} (calibration stage ${k})`,
    seed: c.base.spec.seed,
    commonRandomNumbers: true,
    sweep: {
      design: 'lhs',
      n: c.n,
      parameters: Object.fromEntries(box.map((p) => [p.key, { from: p.from, to: p.to, scale: p.scale, integer: p.integer }])),
    },
  };
  try {
    return parseSpec(JSON.stringify(data), c.file);
  } catch (e) {
    if (e instanceof SpecError) throw new SpecError(e.segments[0] === 'sweep' && e.segments[1] === 'parameters' ? ['calibrate', 'parameters', ...e.segments.slice(2)] : e.segments, e.detail, c.file);
    throw e;
  }
}
