// Small validators shared by the replay and genesis parsers: each failure is a FormatError naming the
// JSON path of the offending value (`genesis.subnets[2].taoIn`) and what is allowed there.

/** A malformed replay or genesis file: `path` is the JSON path of the field, e.g. `steps[2].actions[0].hotkey`. */
export class FormatError extends Error {
  constructor(readonly path: string, readonly detail: string) {
    super(`${path}: ${detail}`);
    this.name = 'FormatError';
  }
}

export type Json = Record<string, unknown>;

export function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function object(x: unknown, path: string, what: string): Json {
  if (!isObject(x)) throw new FormatError(path, `must be an object ${what}`);
  return x;
}

export function array(x: unknown, path: string, what: string, max: number): unknown[] {
  if (!Array.isArray(x)) throw new FormatError(path, `must be an array of ${what}`);
  if (x.length > max) throw new FormatError(path, `has ${x.length} entries; at most ${max} are allowed`);
  return x;
}

export function num(x: unknown, path: string, lo = 0, hi = Number.MAX_VALUE, what = `a number in [${lo}, ${hi}]`): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < lo || x > hi) throw new FormatError(path, `must be ${what}, got ${JSON.stringify(x)}`);
  return x;
}

export function int(x: unknown, path: string, lo: number, hi: number, what = `an integer in [${lo}, ${hi}]`): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < lo || x > hi) throw new FormatError(path, `must be ${what}, got ${JSON.stringify(x)}`);
  return x;
}

export function str(x: unknown, path: string, what: string): string {
  if (typeof x !== 'string' || x.length === 0 || x.length > 200) throw new FormatError(path, `must be ${what} (a non-empty string of at most 200 characters)`);
  return x;
}

/** Reject keys outside `allowed` (typos would otherwise be silently ignored). */
export function onlyKeys(o: Json, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new FormatError(`${path}.${k}`, `unknown field; allowed: ${allowed.join(', ')}`);
  }
}

/** A key of a name map, written as a path segment. */
export function key(path: string, k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
}
