// Size limits, checked before any memory is spent: a spec or an epoch file that asks for more than
// these is refused with a message naming the field, the size asked for and the limit (exit 2).
// Every limit is generous for real experiments and guards against typos (`steps: 100000000`) and
// hostile files; go past them on purpose with `--allow-large` (run, simulate, epoch).
import { statSync } from 'node:fs';
import type { ExperimentSpec } from './spec.ts';

const BLOCKS_PER_YEAR = 7200 * 365;

/** The limits, each with what it bounds. */
export const LIMITS = {
  specFileBytes: { max: 1_000_000, what: 'spec file size in bytes' },
  descriptionChars: { max: 10_000, what: 'description length in characters' },
  sweepValues: { max: 10_000, what: 'values of one swept parameter (a list, or a range\'s steps)' },
  points: { max: 100_000, what: 'sweep points (a grid\'s value combinations, or a random/lhs design\'s n)' },
  runs: { max: 1_000_000, what: 'runs (points × replications)' },
  horizonBlocks: { max: 10 * BLOCKS_PER_YEAR, what: 'horizon in blocks (10 years)' },
  samples: { max: 100_000, what: 'samples per run (horizon / sampleEvery)' },
  epochUids: { max: 1024, what: 'UIDs in an epoch file' },
  epochWork: { max: 2e9, what: 'epoch work: (warmupEpochs + epochs) × UIDs²' },
  warmupEpochs: { max: 10_000, what: 'warmupEpochs of an epoch file' },
} as const;
export type LimitName = keyof typeof LIMITS;

/** A size over a limit: exit code 2. */
export class LimitError extends Error {}

let allowAll = false;
/** `--allow-large`: the CLI sets it once, before the spec is read; it holds for the rest of the process. */
export function allowLarge(on: boolean): void {
  allowAll = on;
}

function over(name: LimitName, where: string, value: number): never {
  const l = LIMITS[name];
  throw new LimitError(`${where}: ${value.toLocaleString('en-US')} is over the limit of ${l.max.toLocaleString('en-US')} (${l.what}); pass --allow-large to go past it on purpose`);
}
const check = (name: LimitName, where: string, value: number, allow: boolean) => {
  if (!allow && value > LIMITS[name].max) over(name, where, value);
};

/** The spec file's size, before it is read. */
export function checkSpecFile(file: string, allow: boolean): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return; // the reader reports a missing file
  }
  check('specFileBytes', file, size, allow);
}

/** A grid's number of values for one parameter (an upper bound: repeated values are visited once). */
function valuesOf(p: ExperimentSpec['sweep']['parameters'][number]): number {
  const v = p.values;
  return v.kind === 'list' ? v.values.length : v.kind === 'range' ? (v.steps ?? 1) : 1;
}

/** A parsed spec's sizes, before its points are built (called by parseSpec and the runner). */
export function checkSpecLimits(spec: ExperimentSpec, allow = allowAll): void {
  if (allow) return;
  check('descriptionChars', 'description', spec.description.length, false);
  check('horizonBlocks', 'horizon', spec.horizon, false);
  check('samples', 'sampleEvery', Math.floor(spec.horizon / spec.sampleEvery) + 1, false);
  let points: number;
  if (spec.sweep.design === 'grid') {
    points = 1;
    for (const p of spec.sweep.parameters) {
      const n = valuesOf(p);
      check('sweepValues', `sweep.parameters["${p.key}"]`, n, false);
      points *= n;
    }
    check('points', 'sweep', points, false);
  } else {
    points = spec.sweep.n ?? 1;
    check('points', 'sweep.n', points, false);
    for (const p of spec.sweep.parameters) check('sweepValues', `sweep.parameters["${p.key}"]`, valuesOf(p), false);
  }
  check('runs', 'replications', points * spec.replications, false);
}

/** An epoch file's sizes (after JSON.parse, before the replay allocates its UIDs² matrices). */
export function checkEpochLimits(json: unknown, allow: boolean): void {
  if (allow || json === null || typeof json !== 'object') return;
  const j = json as { stakes?: unknown; epochs?: unknown; warmupEpochs?: unknown };
  const uids = Array.isArray(j.stakes) ? j.stakes.length : 0;
  check('epochUids', 'stakes', uids, false);
  const warmup = typeof j.warmupEpochs === 'number' ? j.warmupEpochs : 0;
  check('warmupEpochs', 'warmupEpochs', warmup, false);
  const epochs = Array.isArray(j.epochs) ? j.epochs.length : 0;
  check('epochWork', 'epochs', (warmup + epochs) * uids * uids, false);
}

/**
 * Non-finite sums in an epoch file: stakes (or a weight row) whose entries are finite but whose sum
 * overflows to Infinity would normalise to zeros and give silently wrong numbers. Returns the path
 * and message of the first one, or undefined.
 */
export function nonFiniteSums(json: unknown): { path: string; message: string } | undefined {
  if (json === null || typeof json !== 'object') return undefined;
  const j = json as { stakes?: unknown; epochs?: unknown };
  const sum = (row: unknown[]) => row.reduce<number>((a, v) => a + (typeof v === 'number' ? v : 0), 0);
  if (Array.isArray(j.stakes) && !Number.isFinite(sum(j.stakes))) {
    return { path: 'stakes', message: 'the stakes sum to more than the largest finite number; scale them down (only their ratios matter)' };
  }
  if (!Array.isArray(j.epochs)) return undefined;
  for (let e = 0; e < j.epochs.length; e++) {
    const w = (j.epochs[e] as { weights?: unknown } | null)?.weights;
    if (!Array.isArray(w)) continue;
    for (let i = 0; i < w.length; i++) {
      const row = w[i];
      if (Array.isArray(row) && !Number.isFinite(sum(row))) {
        return { path: `epochs[${e}].weights[${i}]`, message: 'the row sums to more than the largest finite number; scale it down (only its ratios matter)' };
      }
    }
  }
  return undefined;
}

/** yaml's error for a document with more alias expansions than maxAliasCount (a "billion laughs" file). */
export function isAliasBomb(e: unknown): boolean {
  return e instanceof Error && /alias count|resource exhaustion/i.test(e.message);
}
