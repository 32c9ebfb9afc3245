// Agent parameters: validating a population spec's values and distributions against a family's
// documented parameters (ParamDoc), and drawing one value per agent from the agent's own stream.
// A bad value is an error that names where it is (path), the family, the parameter and what is allowed.
import type { Rng } from './rng.ts';
import type { FamilyDef, ParamDoc, ValueSpec } from './types.ts';

export type ParamValues = Record<string, number | string | boolean>;

/** A population-spec error: the message names the path, family, parameter and the allowed values. */
export class ParamError extends Error {
  override name = 'ParamError';
}

const DISTS = ['fixed', 'uniform', 'normal', 'lognormal', 'choice'] as const;
/** Truncated draws (normal, lognormal) are redrawn this many times before clamping into the range. */
const MAX_REDRAWS = 64;

function fmt(x: number): string {
  return Number.isFinite(x) ? String(x) : x > 0 ? 'Infinity' : '-Infinity';
}

/** "[1, 64]" or "one of a, b, c". */
export function describeRange(doc: ParamDoc): string {
  if (isNumericRange(doc.range)) return `[${fmt(doc.range[0])}, ${fmt(doc.range[1])}]`;
  return `one of ${doc.range.join(', ')}`;
}

function isNumericRange(r: ParamDoc['range']): r is readonly [number, number] {
  return r.length === 2 && typeof r[0] === 'number' && typeof r[1] === 'number';
}

function isBoolean(doc: ParamDoc): boolean {
  return typeof doc.default === 'boolean';
}

function where(path: string, family: string, param: string): string {
  return `${path} (${family}).${param}`;
}

function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return fmt(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Check one scalar value against a parameter's doc; returns the value (booleans parsed from "true"/"false"). */
function checkScalar(doc: ParamDoc, v: unknown, at: string): number | string | boolean {
  if (isBoolean(doc)) {
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    throw new ParamError(`${at}: ${show(v)} is not allowed; use true or false`);
  }
  if (isNumericRange(doc.range)) {
    const [lo, hi] = doc.range;
    if (typeof v !== 'number' || Number.isNaN(v)) throw new ParamError(`${at}: ${show(v)} is not a number; allowed range ${describeRange(doc)}`);
    if (!(v >= lo && v <= hi)) throw new ParamError(`${at}: ${show(v)} is outside the allowed range ${describeRange(doc)}`);
    return v;
  }
  if (typeof v !== 'string' || !doc.range.includes(v)) throw new ParamError(`${at}: ${show(v)} is not allowed; ${describeRange(doc)}`);
  return v;
}

function numField(o: Record<string, unknown>, key: string, at: string, dist: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ParamError(`${at}: ${dist} needs a finite number '${key}', got ${show(v)}`);
  return v;
}

function checkKeys(o: Record<string, unknown>, allowed: readonly string[], at: string, dist: string): void {
  for (const k of Object.keys(o)) {
    if (k !== 'dist' && !allowed.includes(k)) throw new ParamError(`${at}: ${dist} has no field '${k}'; its fields are ${allowed.join(', ')}`);
  }
}

/** Validate a single ValueSpec against its doc without drawing. */
export function validateValueSpec(doc: ParamDoc, spec: unknown, at: string): void {
  if (spec === null || typeof spec !== 'object') {
    checkScalar(doc, spec, at);
    return;
  }
  if (Array.isArray(spec)) throw new ParamError(`${at}: a list is not a value; use {dist: choice, values: [...]}`);
  const o = spec as Record<string, unknown>;
  const dist = o.dist;
  if (typeof dist !== 'string' || !(DISTS as readonly string[]).includes(dist)) {
    throw new ParamError(`${at}: unknown distribution ${show(dist)}; allowed: ${DISTS.join(', ')}`);
  }
  const numeric = isNumericRange(doc.range) && !isBoolean(doc);
  if (dist !== 'fixed' && dist !== 'choice' && !numeric) {
    throw new ParamError(`${at}: ${dist} needs a numeric parameter; this one is ${describeRange(doc)} (use fixed or choice)`);
  }
  switch (dist) {
    case 'fixed':
      checkKeys(o, ['value'], at, dist);
      checkScalar(doc, o.value, at);
      return;
    case 'uniform': {
      checkKeys(o, ['min', 'max'], at, dist);
      const lo = numField(o, 'min', at, dist);
      const hi = numField(o, 'max', at, dist);
      if (!(lo <= hi)) throw new ParamError(`${at}: uniform needs min <= max, got [${lo}, ${hi}]`);
      checkScalar(doc, lo, `${at}.min`);
      checkScalar(doc, hi, `${at}.max`);
      return;
    }
    case 'normal': {
      checkKeys(o, ['mean', 'sd'], at, dist);
      const mean = numField(o, 'mean', at, dist);
      const sd = numField(o, 'sd', at, dist);
      if (!(sd >= 0)) throw new ParamError(`${at}: normal needs sd >= 0, got ${sd}`);
      checkScalar(doc, mean, `${at}.mean`);
      return;
    }
    case 'lognormal': {
      checkKeys(o, ['median', 'sigma'], at, dist);
      const median = numField(o, 'median', at, dist);
      const sigma = numField(o, 'sigma', at, dist);
      if (!(median > 0)) throw new ParamError(`${at}: lognormal needs median > 0, got ${median}`);
      if (!(sigma >= 0)) throw new ParamError(`${at}: lognormal needs sigma >= 0, got ${sigma}`);
      checkScalar(doc, median, `${at}.median`);
      return;
    }
    case 'choice': {
      checkKeys(o, ['values', 'weights'], at, dist);
      const values = o.values;
      if (!Array.isArray(values) || values.length === 0) throw new ParamError(`${at}: choice needs a non-empty list 'values'`);
      values.forEach((v, i) => checkScalar(doc, v, `${at}.values[${i}]`));
      if (o.weights !== undefined) {
        const w = o.weights;
        if (!Array.isArray(w) || w.length !== values.length) throw new ParamError(`${at}: choice 'weights' must list one weight per value (${values.length})`);
        if (!w.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) || !w.some((x) => (x as number) > 0)) {
          throw new ParamError(`${at}: choice 'weights' must be finite, >= 0, and not all 0`);
        }
      }
      return;
    }
  }
}

/** Validate a family's parameter spec (unknown names, values, distributions) without drawing. */
export function validateParamSpec(family: FamilyDef, spec: Record<string, ValueSpec> | undefined, path: string): void {
  if (spec === undefined || spec === null) return;
  if (typeof spec !== 'object' || Array.isArray(spec)) throw new ParamError(`${path} (${family.name}).params: must be a mapping of parameter names to values`);
  for (const [name, value] of Object.entries(spec)) {
    const doc = family.params.find((p) => p.name === name);
    if (!doc) {
      throw new ParamError(
        `${where(path, family.name, name)}: unknown parameter; ${family.name} has ${family.params.map((p) => p.name).join(', ')}`,
      );
    }
    validateValueSpec(doc, value, where(path, family.name, name));
  }
}

function clampTo(doc: ParamDoc, x: number): number {
  const [lo, hi] = doc.range as readonly [number, number];
  return x < lo ? lo : x > hi ? hi : x;
}

function inRange(doc: ParamDoc, x: number): boolean {
  const [lo, hi] = doc.range as readonly [number, number];
  return x >= lo && x <= hi;
}

/**
 * Draw one value of a (validated) ValueSpec. Normal and lognormal draws are truncated to the allowed range
 * (redrawn up to 64 times, then clamped), so every drawn value is valid.
 */
export function drawValue(doc: ParamDoc, spec: ValueSpec, rng: Rng): number | string | boolean {
  if (spec === null || typeof spec !== 'object') return checkScalar(doc, spec, doc.name);
  switch (spec.dist) {
    case 'fixed':
      return checkScalar(doc, spec.value, doc.name);
    case 'uniform':
      return spec.min === spec.max ? spec.min : rng.uniform(spec.min, spec.max);
    case 'normal': {
      for (let i = 0; i < MAX_REDRAWS; i++) {
        const x = spec.mean + spec.sd * rng.normal();
        if (inRange(doc, x)) return x;
      }
      return clampTo(doc, spec.mean);
    }
    case 'lognormal': {
      for (let i = 0; i < MAX_REDRAWS; i++) {
        const x = rng.lognormal(spec.median, spec.sigma);
        if (inRange(doc, x)) return x;
      }
      return clampTo(doc, spec.median);
    }
    case 'choice': {
      const k = spec.weights ? rng.pickWeighted(spec.weights) : rng.int(spec.values.length);
      return checkScalar(doc, spec.values[k], doc.name);
    }
  }
}

/**
 * Validate `spec` against the family's parameters and draw one value per parameter for one agent:
 * the spec's value or distribution where given, the documented default otherwise. Draws happen in the
 * family's parameter order, so an agent's values depend only on its stream and the spec.
 */
export function drawParams(family: FamilyDef, spec: Record<string, ValueSpec> | undefined, rng: Rng, path: string): ParamValues {
  validateParamSpec(family, spec, path);
  const out: ParamValues = {};
  for (const doc of family.params) {
    const s = spec?.[doc.name];
    out[doc.name] = s === undefined ? doc.default : drawValue(doc, s, rng);
  }
  return out;
}

/** Validate that each family's documented defaults lie in their own ranges (a programming error otherwise). */
export function checkFamilyDocs(family: FamilyDef): void {
  const seen = new Set<string>();
  for (const doc of family.params) {
    if (seen.has(doc.name)) throw new Error(`family ${family.name}: parameter ${doc.name} is documented twice`);
    seen.add(doc.name);
    checkScalar(doc, doc.default, `family ${family.name}.${doc.name} default`);
  }
}
