// The chain's own unit tests as replay vectors (test/vectors/chain/*.json, each naming its subtensor
// test): every vector replays; a vector passes unless it carries `knownDifference`, which must still
// fail (so a fix in the core shows up as a vector to un-mark). data/fidelity.json must hold the counts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIDELITY_FILE, VECTOR_DIR, runVectors, vectorFiles } from '../../src/replay/vectorFiles.ts';
import { fidelityCounts, parseVector } from '../../src/replay/vectors.ts';
import { join } from 'node:path';

const results = runVectors();

describe('chain vectors', () => {
  it('there are at least 30, each naming its subtensor test (file and function)', () => {
    const files = vectorFiles();
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const f of files) {
      const v = parseVector(JSON.parse(readFileSync(join(VECTOR_DIR, f), 'utf8')), f);
      expect(v.source.repo, f).toBe('opentensor/subtensor');
      expect(v.source.file, f).toMatch(/^pallets\/(subtensor\/src\/tests|swap\/src)\/.+\.rs$/);
      expect(v.source.test, f).toMatch(/^test_[a-z0-9_]+$/);
      expect(v.checks.length, f).toBeGreaterThan(0);
    }
  });

  it.each(results.filter((r) => !r.knownDifference).map((r) => [r.name, r] as const))('%s reproduces the chain', (_name, r) => {
    expect(r.failures, r.failures.join('\n')).toEqual([]);
    expect(r.pass).toBe(true);
  });

  it.each(results.filter((r) => r.knownDifference).map((r) => [r.name, r] as const))('%s: known difference still differs', (name, r) => {
    expect(r.pass, `${name} now reproduces the chain: remove its knownDifference and run \`npm run -s fidelity\``).toBe(false);
  });
});

describe('data/fidelity.json', () => {
  it('holds the counts the vectors give (regenerate with `npm run -s fidelity`)', () => {
    const want = fidelityCounts(results);
    const have = JSON.parse(readFileSync(FIDELITY_FILE, 'utf8')) as unknown;
    expect(have, 'data/fidelity.json disagrees with the chain vectors: run `npm run -s fidelity` and commit the file').toEqual(want);
  });

  it('counts a known difference as not passing', () => {
    const r = fidelityCounts([
      { name: 'a', ruleSet: 'launch-2025-02', pass: true, failures: [] },
      { name: 'b', ruleSet: 'launch-2025-02', pass: true, knownDifference: 'x', failures: [] },
      { name: 'c', ruleSet: 'current-2026-06', pass: false, failures: ['f'] },
    ]);
    expect(r.total).toBe(3);
    expect(r.passed).toBe(1);
    expect(r.ruleSets['launch-2025-02']).toEqual({ vectors: 2, passed: 1 });
    expect(r.ruleSets['current-2026-06']).toEqual({ vectors: 1, passed: 0 });
    expect(r.ruleSets['flow-2025-11']).toEqual({ vectors: 0, passed: 0 });
  });
});
