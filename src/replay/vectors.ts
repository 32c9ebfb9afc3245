// Chain vectors: a replay file with the chain's own expected values beside it (docs/replay-format.md
// "Vectors"). `checkVector` replays it and compares each expected value within its tolerance;
// `fidelityCounts` tallies, per rule set, how many vectors the core reproduces. Pure: no I/O.
import { RULE_SET_NAMES } from '../market/rules.ts';
import { parseReplayFile, runReplay } from './replay.ts';
import { FormatError, array, isObject, num, object, str } from './validate.ts';

/** One expected value: `path` into the replay output, e.g. `reports[0].subnets.1.movingPrice`. */
export interface VectorCheck {
  path: string;
  /** Expected value, met within abs + rel·|value|; or bounds `lt` / `gt` (strict), as the chain's test asserts. */
  value?: number | boolean | string;
  abs?: number;
  rel?: number;
  lt?: number;
  gt?: number;
}

export interface VectorSource {
  repo: string;
  commit: string;
  file: string;
  test: string;
}

export interface Vector {
  name: string;
  ruleSet: string;
  source: VectorSource;
  checks: VectorCheck[];
  /** Why the lab's core is known to differ from the chain here (the vector then counts as not passing). */
  knownDifference?: string;
}

export interface VectorResult {
  name: string;
  ruleSet: string;
  pass: boolean;
  knownDifference?: string;
  /** One line per failed check (or the replay's error). */
  failures: string[];
}

/** Read a vector's metadata and checks (the replay part is validated when it runs). */
export function parseVector(json: unknown, name: string): Vector {
  const v = object(json, '(root)', 'a replay file with source and expected');
  const src = object(v.source, 'source', '{ repo, commit, file, test }: the chain test this vector comes from');
  const source = { repo: str(src.repo, 'source.repo', 'owner/name'), commit: str(src.commit, 'source.commit', 'a commit'), file: str(src.file, 'source.file', 'the test file'), test: str(src.test, 'source.test', 'the test function') };
  const exp = object(v.expected, 'expected', '{ checks: [...] }');
  const checks = array(exp.checks, 'expected.checks', '{ path, value, abs | rel } or { path, lt | gt }', 10_000).map((c, i): VectorCheck => {
    const p = `expected.checks[${i}]`;
    const o = object(c, p, '{ path, value, abs?, rel?, lt?, gt? }');
    const out: VectorCheck = { path: str(o.path, `${p}.path`, 'a path into the output') };
    if (o.value !== undefined) {
      if (!['number', 'boolean', 'string'].includes(typeof o.value)) throw new FormatError(`${p}.value`, 'must be a number, boolean or string');
      out.value = o.value as number | boolean | string;
    }
    for (const k of ['abs', 'rel', 'lt', 'gt'] as const) if (o[k] !== undefined) out[k] = num(o[k], `${p}.${k}`, -Number.MAX_VALUE, Number.MAX_VALUE, 'a number');
    if (out.value === undefined && out.lt === undefined && out.gt === undefined) throw new FormatError(p, 'needs value, lt or gt');
    return out;
  });
  if (v.knownDifference !== undefined && (typeof v.knownDifference !== 'string' || v.knownDifference.trim() === '')) {
    throw new FormatError('knownDifference', 'must say why the lab differs from the chain (a non-empty string)');
  }
  const kd = v.knownDifference as string | undefined;
  return { name, ruleSet: typeof v.ruleSet === 'string' ? v.ruleSet : 'launch-2025-02', source, checks, ...(kd ? { knownDifference: kd } : {}) };
}

/** The value at `reports[0].subnets.1.taoIn` (dots and [index]; keys may hold "/"). */
export function valueAt(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const seg of path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '')) {
    if (!isObject(cur) && !Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function checkOne(out: unknown, c: VectorCheck): string | undefined {
  let got = valueAt(out, c.path);
  // Reports leave out zero stake: a stake entry that is not there reads as 0.
  if (got === undefined && /^reports\[\d+\]\.stake\./.test(c.path)) got = 0;
  if (typeof c.value === 'number') {
    if (typeof got !== 'number') return `${c.path}: expected ${c.value}, got ${JSON.stringify(got)}`;
    const tol = (c.abs ?? 0) + (c.rel ?? (c.abs === undefined ? 1e-9 : 0)) * Math.abs(c.value);
    if (!(Math.abs(got - c.value) <= tol)) return `${c.path}: expected ${c.value} ± ${tol}, got ${got}`;
  } else if (c.value !== undefined && got !== c.value) {
    return `${c.path}: expected ${JSON.stringify(c.value)}, got ${JSON.stringify(got)}`;
  }
  if (c.lt !== undefined && !(typeof got === 'number' && got < c.lt)) return `${c.path}: expected < ${c.lt}, got ${JSON.stringify(got)}`;
  if (c.gt !== undefined && !(typeof got === 'number' && got > c.gt)) return `${c.path}: expected > ${c.gt}, got ${JSON.stringify(got)}`;
  return undefined;
}

/** Replay a vector and compare every check. Never throws for a bad replay: that is a failure line. */
export function checkVector(json: unknown, name: string): VectorResult {
  const v = parseVector(json, name);
  const base = { name, ruleSet: v.ruleSet, ...(v.knownDifference ? { knownDifference: v.knownDifference } : {}) };
  let out: unknown;
  try {
    out = runReplay(parseReplayFile(json));
  } catch (e) {
    return { ...base, pass: false, failures: [`replay failed: ${(e as Error).message}`] };
  }
  const failures = v.checks.map((c) => checkOne(out, c)).filter((f): f is string => f !== undefined);
  return { ...base, pass: failures.length === 0, failures };
}

/** The shape of data/fidelity.json. */
export interface FidelityRecord {
  note: string;
  total: number;
  passed: number;
  ruleSets: Record<string, { vectors: number; passed: number }>;
}

export const FIDELITY_NOTE =
  'Chain vectors (test/vectors/chain/*.json, taken from opentensor/subtensor unit tests) that the lab core reproduces, per rule set. ' +
  'A vector marked knownDifference counts as not passing. Regenerate with `npm run -s fidelity`; a test fails when this file disagrees.';

/** Per-rule-set counts; a vector passes only if every check holds and it is not marked as a known difference. */
export function fidelityCounts(results: readonly VectorResult[], ruleSetNames: readonly string[] = RULE_SET_NAMES): FidelityRecord {
  const ruleSets: FidelityRecord['ruleSets'] = {};
  for (const n of ruleSetNames) ruleSets[n] = { vectors: 0, passed: 0 };
  let passed = 0;
  for (const r of results) {
    const e = (ruleSets[r.ruleSet] ??= { vectors: 0, passed: 0 });
    e.vectors++;
    if (r.pass && !r.knownDifference) {
      e.passed++;
      passed++;
    }
  }
  return { note: FIDELITY_NOTE, total: results.length, passed, ruleSets };
}
