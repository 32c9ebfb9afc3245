// The zod pieces of the spec schema (./spec.ts): strict objects that name the allowed keys, numbers
// with their ranges, durations, the world defaults, per-agent value distributions and sweep values.
import { z } from 'zod';
import { BLOCKS_PER_DAY } from '../../market/types.ts';

export { BLOCKS_PER_DAY };

/** A validation failure at a path inside the spec: the one parameter error (market/params.ts) under its spec-side name. */
export { ParamError as PathError } from '../../market/params.ts';

/** A strict object whose unknown-key error lists the allowed keys. */
export function strict<S extends z.core.$ZodLooseShape>(shape: S) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown key; allowed: ${allowed}` : iss.code === 'invalid_type' ? `expected a map with keys ${allowed}` : undefined),
  });
}

export const posInt = z
  .number({ error: 'expected a positive integer' })
  .int({ error: 'expected a positive integer' })
  .positive({ error: 'expected a positive integer' });

/** A finite number in [lo, hi] (an integer when `int`). */
export function num(lo: number, hi: number, int = false) {
  const what = int ? 'an integer' : 'a number';
  return z
    .number({ error: `expected ${what} in [${lo}, ${hi}]` })
    .refine((v) => (!int || Number.isInteger(v)) && v >= lo && v <= hi, { error: `expected ${what} in [${lo}, ${hi}]` });
}

export const scalar = z.union([z.number(), z.string(), z.boolean()], { error: 'expected a number, a string or true/false' });

export const DURATION_HELP = 'expected blocks (e.g. 5000) or a duration such as 180d, 12h, 2w (12-second blocks, 7200 a day)';
const UNIT_BLOCKS: Record<string, number> = {
  '': 1, b: 1, block: 1, blocks: 1, s: 1 / 12, m: 5, min: 5, h: 300, d: BLOCKS_PER_DAY, w: 7 * BLOCKS_PER_DAY, y: 365 * BLOCKS_PER_DAY,
};

/** Blocks for a duration (`180d`, `12h`, `5000`, `5000b`), or an error message. */
export function durationBlocks(v: unknown): number | string {
  let blocks: number;
  if (typeof v === 'number') blocks = v;
  else if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/.exec(v);
    const unit = m ? UNIT_BLOCKS[m[2]!] : undefined;
    if (!m || unit === undefined) return DURATION_HELP;
    blocks = Number(m[1]) * unit;
    if (Math.abs(blocks - Math.round(blocks)) > 1e-9) return `${v} is not a whole number of 12-second blocks`;
    blocks = Math.round(blocks);
  } else return v === undefined ? `required: ${DURATION_HELP}` : DURATION_HELP;
  if (!Number.isInteger(blocks) || blocks < 1 || blocks > 1e9) return `expected between 1 and 1e9 whole blocks; ${DURATION_HELP}`;
  return blocks;
}

export function parseDuration(v: unknown, ctx: z.core.$RefinementCtx<unknown>): number {
  const b = durationBlocks(v);
  if (typeof b === 'string') {
    ctx.addIssue({ code: 'custom', message: b });
    return z.NEVER;
  }
  return b;
}

const finite = z.number({ error: 'expected a number' });
const positive = z.number({ error: 'expected a positive number' }).positive({ error: 'expected a positive number' });
const nonNegative = z.number({ error: 'expected a number ≥ 0' }).nonnegative({ error: 'expected a number ≥ 0' });
const integerFlag = z.boolean({ error: 'expected true or false' }).default(false);

/** A population parameter: a fixed value or a per-agent distribution (agents/types.ts ValueSpec). */
const AGENT_DISTS = ['fixed', 'uniform', 'normal', 'lognormal', 'choice'] as const;
const AgentDist = z.discriminatedUnion('dist', [
  strict({ dist: z.literal('fixed'), value: finite }),
  strict({ dist: z.literal('uniform'), min: finite, max: finite }).refine((d) => d.min <= d.max, { error: 'min must be ≤ max', path: ['max'] }),
  strict({ dist: z.literal('normal'), mean: finite, sd: nonNegative }),
  strict({ dist: z.literal('lognormal'), median: positive, sigma: nonNegative }),
  strict({ dist: z.literal('choice'), values: z.array(z.union([z.number(), z.string()])).min(1), weights: z.array(nonNegative).optional() }).refine(
    (d) => !d.weights || d.weights.length === d.values.length,
    { error: 'weights must have one entry per value', path: ['weights'] },
  ),
]);
export const ValueSpecSchema = z.any().transform((v, ctx) => {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if (!(AGENT_DISTS as readonly unknown[]).includes((v as { dist?: unknown }).dist)) {
      ctx.addIssue({ code: 'custom', message: `expected dist: ${AGENT_DISTS.join(', ')}`, path: ['dist'] });
      return z.NEVER;
    }
    return relay(AgentDist.safeParse(v), ctx) ?? z.NEVER;
  }
  return relay(scalar.safeParse(v), ctx) ?? z.NEVER;
});

/** Swept values, normalized. */
export type SweepValues =
  | { kind: 'list'; values: Array<number | string | boolean> }
  | { kind: 'range'; from: number; to: number; steps?: number; scale: 'linear' | 'log'; integer: boolean }
  | { kind: 'dist'; dist: 'uniform' | 'loguniform' | 'normal' | 'lognormal' | 'int'; a: number; b: number; integer: boolean };

const SWEEP_DISTS = ['uniform', 'loguniform', 'normal', 'lognormal', 'int', 'choice'] as const;
const List = z.array(scalar, { error: 'expected a list of values' }).min(1, { error: 'expected at least one value' });
const Range = strict({
  from: finite,
  to: finite,
  steps: posInt.optional(),
  scale: z.enum(['linear', 'log'], { error: 'expected linear or log' }).default('linear'),
  integer: integerFlag,
}).superRefine((r, ctx) => {
  if (r.scale === 'log' && !(r.from > 0 && r.to > 0)) ctx.addIssue({ code: 'custom', message: 'a log range needs from > 0 and to > 0', path: ['from'] });
});
const minMax = (lo: z.ZodType<number>) =>
  ({ min: lo, max: lo, integer: integerFlag }) as const;
const SweepDist = z.discriminatedUnion('dist', [
  strict({ dist: z.literal('uniform'), ...minMax(finite) }),
  strict({ dist: z.literal('loguniform'), ...minMax(positive) }),
  strict({ dist: z.literal('normal'), mean: finite, sd: nonNegative, integer: integerFlag }),
  strict({ dist: z.literal('lognormal'), median: positive, sigma: nonNegative, integer: integerFlag }),
  strict({ dist: z.literal('int'), min: z.number().int({ error: 'expected an integer' }), max: z.number().int({ error: 'expected an integer' }) }),
  strict({ dist: z.literal('choice'), values: List }),
]);

export const SweepValuesSchema = z.any().transform((v, ctx): SweepValues => {
  if (Array.isArray(v)) {
    const r = relay(List.safeParse(v), ctx);
    return r === undefined ? z.NEVER : { kind: 'list', values: r };
  }
  if (v === null || typeof v !== 'object') {
    const r = relay(scalar.safeParse(v), ctx);
    return r === undefined ? z.NEVER : { kind: 'list', values: [r] };
  }
  if ('dist' in v) {
    if (!SWEEP_DISTS.includes(v.dist)) {
      ctx.addIssue({ code: 'custom', message: `expected dist: ${SWEEP_DISTS.join(', ')}`, path: ['dist'] });
      return z.NEVER;
    }
    const d = relay(SweepDist.safeParse(v), ctx);
    if (d === undefined) return z.NEVER;
    switch (d.dist) {
      case 'choice':
        return { kind: 'list', values: d.values };
      case 'normal':
        return { kind: 'dist', dist: 'normal', a: d.mean, b: d.sd, integer: d.integer };
      case 'lognormal':
        return { kind: 'dist', dist: 'lognormal', a: d.median, b: d.sigma, integer: d.integer };
      case 'int':
      case 'uniform':
      case 'loguniform':
        if (d.min > d.max) {
          ctx.addIssue({ code: 'custom', message: 'min must be ≤ max', path: ['max'] });
          return z.NEVER;
        }
        return { kind: 'dist', dist: d.dist, a: d.min, b: d.max, integer: d.dist === 'int' || d.integer };
    }
  }
  if ('from' in v || 'to' in v || 'steps' in v) {
    const r = relay(Range.safeParse(v), ctx);
    return r === undefined ? z.NEVER : { kind: 'range', from: r.from, to: r.to, ...(r.steps !== undefined ? { steps: r.steps } : {}), scale: r.scale, integer: r.integer };
  }
  ctx.addIssue({ code: 'custom', message: 'expected a list of values, a range { from, to, steps } or a distribution { dist, … }' });
  return z.NEVER;
});

/** Copy a nested parse's issues into the outer context (their paths are relative, zod prefixes them). */
function relay<T>(r: z.ZodSafeParseResult<T>, ctx: z.core.$RefinementCtx<unknown>): T | undefined {
  if (r.success) return r.data;
  for (const issue of r.error.issues) ctx.addIssue(issue as unknown as z.core.$ZodRawIssue);
  return undefined;
}
