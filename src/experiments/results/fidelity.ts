// How far to trust the chain under a run's findings: data/fidelity.json counts, per rule set, how many
// of the chain's own unit tests (test/vectors/chain/, replayed by `npm run -s fidelity`) the lab core
// reproduces. Run manifests record it and reports show it. Tolerant: a missing or malformed file is
// `undefined`, never an error (a run does not fail for want of it).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FidelityRecord } from '../../replay/vectors.ts';

export type { FidelityRecord } from '../../replay/vectors.ts';

/** data/fidelity.json (written by `npm run -s fidelity`, scripts/fidelity.ts). Type-only imports above: loading it stays cheap. */
const FIDELITY_FILE = fileURLToPath(new URL('../../../data/fidelity.json', import.meta.url));

const count = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/** data/fidelity.json if it is there and well-formed, else undefined. */
export function loadFidelity(file = FIDELITY_FILE): FidelityRecord | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.note !== 'string' || !count(r.total) || !count(r.passed) || typeof r.ruleSets !== 'object' || r.ruleSets === null) return undefined;
  const ruleSets: FidelityRecord['ruleSets'] = {};
  for (const [name, v] of Object.entries(r.ruleSets as Record<string, unknown>)) {
    const e = v as Record<string, unknown> | null;
    if (!e || !count(e.vectors) || !count(e.passed) || e.passed > e.vectors) return undefined;
    ruleSets[name] = { vectors: e.vectors, passed: e.passed };
  }
  return { note: r.note, total: r.total, passed: r.passed, ruleSets };
}
