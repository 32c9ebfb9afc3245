import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe as group, expect, it } from 'vitest';
import { modelNotes, readFidelity } from '../../src/experiments/report/modelNotes.ts';

group('model notes and chain fidelity for the run record', () => {
  it('notes for the rule sets run and the families present only', () => {
    const n = modelNotes(['root-vote'], ['herder', 'unknownFamily']);
    expect(n.chain.some((x) => x.startsWith('root-vote: Pre-dTAO counterfactual'))).toBe(true);
    expect(n.chain.some((x) => x.startsWith('launch-2025-02'))).toBe(false);
    expect(n.families.map(([f]) => f)).toEqual(['herder']);
  });

  it('reads data/fidelity.json tolerantly: absent or malformed gives nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fidelity-'));
    const file = join(dir, 'fidelity.json');
    expect(readFidelity(file)).toBeNull();
    writeFileSync(file, '{not json');
    expect(readFidelity(file)).toBeNull();
    writeFileSync(file, JSON.stringify({ total: 31, passed: 30, ruleSets: { 'launch-2025-02': { vectors: 12, passed: 11 }, bad: { vectors: 'x' } } }));
    expect(readFidelity(file)).toEqual({ total: 31, passed: 30, ruleSets: { 'launch-2025-02': { vectors: 12, passed: 11 } } });
  });
});
