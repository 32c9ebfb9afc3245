// Parameter descriptors and the one error every parameter check throws. Each floor describes its
// parameters once, as an `as const` table of descriptors (the rule set: ruleParams.ts; the world:
// agents/worldParams.ts; each agent family: the top of its file); validation, `lab rules`, `lab agents`,
// the docs and the designs' ranges (experiments' paramRange) all read those tables.
// Pure: no I/O. Lives in the lowest floor so that every floor can throw and catch the same error.

/** One parameter: its name, allowed values (numeric [min, max] or a list of strings), default, unit and meaning. */
export interface ParamDescriptor {
  readonly name: string;
  /** What it is, with the model's symbol in brackets where the docs use one (e.g. "[η]"). */
  readonly meaning: string;
  readonly unit: string;
  readonly default: number | string | boolean | null;
  /** Numeric range [min, max] (inclusive) or the allowed strings ('true'/'false' for booleans). */
  readonly range: readonly [number, number] | readonly string[];
  /** Only whole numbers are allowed (blocks, UIDs, counts). */
  readonly integer?: boolean;
  /** Where the default comes from (a chain file, a docs section, "[assumption]"). */
  readonly source?: string;
}

/** A segment of a path into a spec or file: a key or a list index. */
export type PathSeg = string | number;

function isIdentifier(s: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s);
}

/** `["sweep", "parameters", "population.herder.herding", "steps"]` → `sweep.parameters["population.herder.herding"].steps`. */
export function formatPath(path: readonly PathSeg[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (isIdentifier(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * A bad value: `path` is where it is (a spec path such as `population.herder.params.herding`, a rule
 * parameter `chain.tempo`, a replay field `epochs[2].weights`), `detail` what is wrong and what is allowed.
 * `file` and `line` are filled in by whoever read the file. The one error class of parameter checks:
 * the CLI maps it to exit code 2.
 */
export class ParamError extends Error {
  override name = 'ParamError';
  /** The path as text (`sweep.parameters["chain.tempo"][2]`); `segments` holds its parts. */
  readonly path: string;
  constructor(
    readonly segments: readonly PathSeg[],
    readonly detail: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    const p = formatPath(segments);
    super(`${file ? `${file}${line ? `:${line}` : ''}: ` : ''}${p ? `${p}: ` : ''}${detail}`);
    this.path = p;
  }
  /** The same error seen from an enclosing place: `prefix` is put before the path. */
  within(prefix: readonly PathSeg[]): ParamError {
    return new ParamError([...prefix, ...this.segments], this.detail, this.file, this.line);
  }
  /** The same error with the file (and line) it was read from. */
  inFile(file: string | undefined, line?: number): ParamError {
    return new ParamError(this.segments, this.detail, file, line);
  }
}

function fmt(x: number): string {
  return Number.isFinite(x) ? String(x) : x > 0 ? 'Infinity' : '-Infinity';
}

export function isNumericRange(r: ParamDescriptor['range']): r is readonly [number, number] {
  return r.length === 2 && typeof r[0] === 'number' && typeof r[1] === 'number';
}

export function isBooleanParam(d: Pick<ParamDescriptor, 'range'> & { default?: ParamDescriptor['default'] }): boolean {
  return typeof d.default === 'boolean' || (d.range.length === 2 && d.range[0] === 'true' && d.range[1] === 'false');
}

/** "[1, 64]" or "one of a, b, c". */
export function describeRange(d: Pick<ParamDescriptor, 'range' | 'integer'>): string {
  if (isNumericRange(d.range)) return `[${fmt(d.range[0])}, ${fmt(d.range[1])}]${d.integer ? ' (an integer)' : ''}`;
  return `one of ${d.range.join(', ')}`;
}

export function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return fmt(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Check one scalar value against its descriptor; returns it (booleans also from "true"/"false"). */
export function checkScalar(d: Pick<ParamDescriptor, 'range' | 'integer'> & { default?: ParamDescriptor['default'] }, v: unknown, path: readonly PathSeg[]): number | string | boolean {
  if (isBooleanParam(d)) {
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    throw new ParamError(path, `${show(v)} is not allowed; use true or false`);
  }
  if (isNumericRange(d.range)) {
    const [lo, hi] = d.range;
    if (typeof v !== 'number' || Number.isNaN(v)) throw new ParamError(path, `${show(v)} is not a number; allowed range ${describeRange(d)}`);
    if (!(v >= lo && v <= hi)) throw new ParamError(path, `${show(v)} is outside the allowed range ${describeRange(d)}`);
    if (d.integer && !Number.isInteger(v)) throw new ParamError(path, `${show(v)} is not an integer; allowed range ${describeRange(d)}`);
    return v;
  }
  if (typeof v !== 'string' || !d.range.includes(v)) throw new ParamError(path, `${show(v)} is not allowed; ${describeRange(d)}`);
  return v;
}

/** The value type a descriptor allows. */
export type ValueOf<D extends ParamDescriptor> = D['default'] extends boolean
  ? boolean
  : D['range'] extends readonly [number, number]
    ? number
    : D['range'] extends readonly (infer S)[]
      ? S
      : never;

/** The values of a table of descriptors, keyed by name: the typed parameters a family or floor reads. */
export type ValuesOf<T extends readonly ParamDescriptor[]> = { -readonly [D in T[number] as D['name']]: ValueOf<D> };

/** Each name once and each default inside its own range (a programming error otherwise). */
export function checkTable(owner: string, table: readonly ParamDescriptor[]): void {
  const seen = new Set<string>();
  for (const d of table) {
    if (seen.has(d.name)) throw new Error(`${owner}: parameter ${d.name} is described twice`);
    seen.add(d.name);
    if (d.default !== null) checkScalar(d, d.default, [owner, d.name]);
  }
}
