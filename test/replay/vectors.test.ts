// The chain's own unit tests as replay vectors (test/vectors/chain/*.json, each naming its subtensor
// test): every vector replays; a vector passes unless it carries `knownDifference`, which must still
// fail (so a fix in the core shows up as a vector to un-mark). data/fidelity.json must hold the counts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIDELITY_FILE, VECTOR_DIR, runVectors, vectorFiles } from '../../src/experiments/results/chainVectors.ts';
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
      expect(v.source.test, f).toMatch(/^[a-z][a-z0-9_]*$/); // a test function name
      expect(v.checks.length, f).toBeGreaterThan(0);
    }
  });

  it.each(results.filter((r) => !r.knownDifference).map((r) => [r.name, r] as const))('%s reproduces the chain', (_name, r) => {
    expect(r.failures, r.failures.join('\n')).toEqual([]);
    expect(r.pass).toBe(true);
  });

  it.each(results.filter((r) => r.knownDifference).map((r) => [r.name, r] as const))('%s: known difference still differs', (name, r) => {
    expect(r.pass, `${name} now reproduces the chain: run \`npm run -s fidelity -- --unmark\` (drops its knownDifference, rewrites data/fidelity.json)`).toBe(false);
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

describe('loadFidelity (run manifests record it)', () => {
  it('reads data/fidelity.json as the vectors count it', async () => {
    const { loadFidelity } = await import('../../src/experiments/results/fidelity.ts');
    expect(loadFidelity()).toEqual(fidelityCounts(results));
  });

  it('is undefined, not an error, for a missing or malformed file', async () => {
    const { loadFidelity } = await import('../../src/experiments/results/fidelity.ts');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'fidelity-'));
    expect(loadFidelity(join(dir, 'none.json'))).toBeUndefined();
    writeFileSync(join(dir, 'bad.json'), '{"note": "x", "total": 3, "passed": 1, "ruleSets": {"a": {"vectors": 1, "passed": 2}}}');
    expect(loadFidelity(join(dir, 'bad.json'))).toBeUndefined();
    writeFileSync(join(dir, 'junk.json'), '{');
    expect(loadFidelity(join(dir, 'junk.json'))).toBeUndefined();
  });

  it('is recorded in the run manifest beside the rule set', async () => {
    const { buildManifest } = await import('../../src/experiments/results/manifest.ts');
    const { parseSpec } = await import('../../src/experiments/spec/spec.ts');
    const { spec, hash } = parseSpec('name: t\ndescription: a question\nhorizon: 10\n');
    const m = buildManifest({
      spec, specHash: hash, columns: { params: [], metrics: [] }, points: 1, runIds: [0], finished: new Map(), durations: new Map(), state: 'running',
      timings: { startedAt: 'x' }, environment: { version: '0', node: 'v', platform: 'p' },
    });
    expect(m.ruleSet).toBe('launch-2025-02');
    expect(m.fidelity).toEqual(fidelityCounts(results));
  });
});
