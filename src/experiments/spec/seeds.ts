// Per-run seeds (docs/architecture.md "Randomness and reproducibility"): a run's seed depends only on the
// experiment seed, its point index and its replication, never on which worker or shard ran it, so
// results are byte-identical for any number of workers or shards.
import { createHash } from 'node:crypto';

/**
 * The seed of run (point, replication): the first 16 hex digits of SHA-256 over the three parts.
 * With `commonRandomNumbers`, every point of a replication shares one seed (variance reduction when
 * comparing points: the same agents draw the same random numbers under each parameter value).
 */
export function runSeed(specSeed: string, point: number, replication: number, commonRandomNumbers = false): string {
  const key = commonRandomNumbers ? `dtao-lab/run\0${specSeed}\0*\0${replication}` : `dtao-lab/run\0${specSeed}\0${point}\0${replication}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** The seed of a named design stream (random and LHS point draws). */
export function designSeed(specSeed: string, name: string): string {
  return createHash('sha256').update(`dtao-lab/design\0${specSeed}\0${name}`).digest('hex').slice(0, 16);
}

/** Canonical JSON (object keys sorted) so that equal values hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  // JSON has no Infinity/NaN: keep them distinguishable in the hash.
  if (typeof v === 'number' && !Number.isFinite(v)) return `#${String(v)}`;
  return v;
}

/** The results folder identity: 12 hex digits of SHA-256 over the normalized spec. */
export function hashSpec(normalized: unknown): string {
  return createHash('sha256').update(canonicalJson(normalized)).digest('hex').slice(0, 12);
}
