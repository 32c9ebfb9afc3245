// Agent parameters: validating a population spec's values and distributions against a family's
// documented parameters (ParamDoc), and drawing one value per agent from the agent's own stream.
// A bad value is an error that names where it is (path), the family, the parameter and what is allowed.
import { ParamError, type PathSeg, checkScalar, checkTable, describeRange, isBooleanParam, isNumericRange, show } from '../market/params.ts';
import type { Rng } from './rng.ts';
import type { FamilyDef, ParamDoc, ValueSpec } from './types.ts';

export type ParamValues = Record<string, number | string | boolean>;

export { ParamError, describeRange };

const DISTS = ['fixed', 'uniform', 'normal', 'lognormal', 'choice'] as const;
/** Truncated draws (normal, lognormal) are redrawn this many times before clamping into the range. */
const MAX_REDRAWS = 64;

type At = readonly PathSeg[];

function numField(o: Record<string, unknown>, key: string, at: At, dist: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ParamError(at, `${dist} needs a finite number '${key}', got ${show(v)}`);
  return v;
}

function checkKeys(o: Record<string, unknown>, allowed: readonly string[], at: At, dist: string): void {
  for (const k of Object.keys(o)) {
    if (k !== 'dist' && !allowed.includes(k)) throw new ParamError([...at, k], `${dist} has no field '${k}'; its fields are ${allowed.join(', ')}`);
  }
}

/** Validate a single ValueSpec against its doc without drawing. */
export function validateValueSpec(doc: ParamDoc, spec: unknown, at: At): void {
  if (spec === null || typeof spec !== 'object') {
    checkScalar(doc, spec, at);
    return;
  }
  if (Array.isArray(spec)) throw new ParamError(at, `a list is not a value; use {dist: choice, values: [...]}`);
  const o = spec as Record<string, unknown>;
  const dist = o.dist;
  if (typeof dist !== 'string' || !(DISTS as readonly string[]).includes(dist)) {
    throw new ParamError(at, `unknown distribution ${show(dist)}; allowed: ${DISTS.join(', ')}`);
  }
  const numeric = isNumericRange(doc.range) && !isBooleanParam(doc);
  if (dist !== 'fixed' && dist !== 'choice' && !numeric) {
    throw new ParamError(at, `${dist} needs a numeric parameter; this one is ${describeRange(doc)} (use fixed or choice)`);
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
      if (!(lo <= hi)) throw new ParamError(at, `uniform needs min <= max, got [${lo}, ${hi}]`);
      checkScalar(doc, lo, [...at, 'min']);
      checkScalar(doc, hi, [...at, 'max']);
      return;
    }
    case 'normal': {
      checkKeys(o, ['mean', 'sd'], at, dist);
      const mean = numField(o, 'mean', at, dist);
      const sd = numField(o, 'sd', at, dist);
      if (!(sd >= 0)) throw new ParamError(at, `normal needs sd >= 0, got ${sd}`);
      checkScalar(doc, mean, [...at, 'mean']);
      return;
    }
    case 'lognormal': {
      checkKeys(o, ['median', 'sigma'], at, dist);
      const median = numField(o, 'median', at, dist);
      const sigma = numField(o, 'sigma', at, dist);
      if (!(median > 0)) throw new ParamError(at, `lognormal needs median > 0, got ${median}`);
      if (!(sigma >= 0)) throw new ParamError(at, `lognormal needs sigma >= 0, got ${sigma}`);
      checkScalar(doc, median, [...at, 'median']);
      return;
    }
    case 'choice': {
      checkKeys(o, ['values', 'weights'], at, dist);
      const values = o.values;
      if (!Array.isArray(values) || values.length === 0) throw new ParamError(at, `choice needs a non-empty list 'values'`);
      values.forEach((v, i) => checkScalar(doc, v, [...at, 'values', i]));
      if (o.weights !== undefined) {
        const w = o.weights;
        if (!Array.isArray(w) || w.length !== values.length) throw new ParamError(at, `choice 'weights' must list one weight per value (${values.length})`);
        if (!w.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) || !w.some((x) => (x as number) > 0)) {
          throw new ParamError(at, `choice 'weights' must be finite, >= 0, and not all 0`);
        }
      }
      return;
    }
  }
}

/** Validate a family's parameter spec (unknown names, values, distributions) without drawing; `path` is where the params map is. */
export function validateParamSpec(family: FamilyDef, spec: Record<string, ValueSpec> | undefined, path: At): void {
  if (spec === undefined || spec === null) return;
  if (typeof spec !== 'object' || Array.isArray(spec)) throw new ParamError(path, `${family.name}'s params must be a mapping of parameter names to values`);
  for (const [name, value] of Object.entries(spec)) {
    const doc = family.params.find((p) => p.name === name);
    if (!doc) throw new ParamError([...path, name], `unknown parameter of ${family.name}; allowed: ${family.params.map((p) => p.name).join(', ')}`);
    validateValueSpec(doc, value, [...path, name]);
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

/** A validated scalar as the agent reads it: checkScalar's one conversion ("true"/"false" for a switch), no check. */
function scalar(doc: ParamDoc, v: number | string | boolean): number | string | boolean {
  return typeof v === 'string' && isBooleanParam(doc) ? v === 'true' : v;
}

/**
 * Draw one value of a ValueSpec that was validated once (validateValueSpec, when the spec was parsed or the
 * population built): nothing is checked again per agent. Normal and lognormal draws are truncated to the
 * allowed range (redrawn up to 64 times, then clamped), so every drawn value is valid.
 */
export function drawValue(doc: ParamDoc, spec: ValueSpec, rng: Rng): number | string | boolean {
  if (spec === null || typeof spec !== 'object') return scalar(doc, spec);
  switch (spec.dist) {
    case 'fixed':
      return scalar(doc, spec.value);
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
      return scalar(doc, spec.values[k]!);
    }
  }
}

/**
 * Validate `spec` against the family's parameters and draw one value per parameter for one agent:
 * the spec's value or distribution where given, the documented default otherwise. Draws happen in the
 * family's parameter order, so an agent's values depend only on its stream and the spec. The spec was
 * validated once (validateParamSpec) before any agent is drawn.
 */
export function drawParams(family: FamilyDef, spec: Record<string, ValueSpec> | undefined, rng: Rng): ParamValues {
  const out: ParamValues = {};
  for (const doc of family.params) {
    const s = spec?.[doc.name];
    out[doc.name] = s === undefined ? doc.default : drawValue(doc, s, rng);
  }
  return out;
}

/** Validate that each family's documented defaults lie in their own ranges (a programming error otherwise). */
export function checkFamilyDocs(family: FamilyDef): void {
  checkTable(`family ${family.name}`, family.params);
}
