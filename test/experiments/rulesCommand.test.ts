// `lab rules`: every field has a meaning and a value in every rule set; the timeline lists dated switches.
import { describe, expect, it } from 'vitest';
import { formatRules, listRules } from '../../src/cli/rulesCommand.ts';
import { RULE_SET_NAMES, ruleParameterNames } from '../../src/market/rules.ts';

describe('lab rules', () => {
  const l = listRules();
  it('lists every rule set, and every field with its meaning and a value per set', () => {
    expect(l.ruleSets.map((r) => r.name)).toEqual([...RULE_SET_NAMES]);
    expect(l.fields.map((f) => f.name)).toEqual(ruleParameterNames());
    for (const f of l.fields) {
      expect(f.meaning, f.name).not.toBe('');
      for (const n of RULE_SET_NAMES) expect(n in f.values && f.values[n] !== undefined, `${f.name} in ${n}`).toBe(true);
    }
  });
  it('gives the timeline with dates, blocks and commits, in text and as JSON-safe data', () => {
    expect(l.timeline[0]!.date).toBe('2025-02-13');
    expect(l.timeline.some((s) => s.date === '2025-11-04' && s.set.shareMode === 'flow-ema')).toBe(true);
    const text = formatRules();
    for (const s of l.timeline) expect(text).toContain(s.commit);
    expect(() => JSON.parse(JSON.stringify(l))).not.toThrow();
  });
});
