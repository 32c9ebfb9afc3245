// Reading the chain vectors (test/vectors/chain/*.json) and data/fidelity.json from disk, for
// `npm run -s fidelity`, the vector tests and the fidelity record in run manifests. The checking is
// pure (src/replay/vectors.ts); this file only reads files.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkVector, fidelityCounts, type FidelityRecord, type VectorResult } from '../../replay/vectors.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const VECTOR_DIR = join(REPO_ROOT, 'test', 'vectors', 'chain');
export const FIDELITY_FILE = join(REPO_ROOT, 'data', 'fidelity.json');

/** Every chain vector file name, sorted. */
export function vectorFiles(dir = VECTOR_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
}

/** Run every vector in `dir`. */
export function runVectors(dir = VECTOR_DIR): VectorResult[] {
  return vectorFiles(dir).map((f) => checkVector(JSON.parse(readFileSync(join(dir, f), 'utf8')), f.replace(/\.json$/, '')));
}

/** The counts as data/fidelity.json should hold them, recomputed from the vectors. */
export function computeFidelity(dir = VECTOR_DIR): FidelityRecord {
  return fidelityCounts(runVectors(dir));
}
