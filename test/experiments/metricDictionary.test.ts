import { readFileSync } from 'node:fs';
import { describe as group, expect, it } from 'vitest';
import { METRICS, metricsMarkdown, undescribed, withUnit } from '../../src/experiments/run/metricDictionary.ts';
import { FAMILY_SERIES, NETWORK_SERIES, SUBNET_SERIES, SUMMARY_METRICS } from '../../src/experiments/types.ts';

group('metric dictionary', () => {
  it('describes every column the runner writes, once per scope, with a unit and a kind', () => {
    expect(undescribed(SUMMARY_METRICS)).toEqual([]);
    expect(undescribed(['notAMetric'])).toEqual(['notAMetric']);
    const names = (scope: string) => METRICS.filter((m) => m.scope === scope).map((m) => m.name);
    expect(names('summary')).toEqual([...SUMMARY_METRICS]);
    expect(names('network')).toEqual([...NETWORK_SERIES]);
    expect(names('subnet')).toEqual([...SUBNET_SERIES]);
    expect(names('family')).toEqual([...FAMILY_SERIES]);
    for (const m of METRICS) {
      expect(m.definition.length, m.name).toBeGreaterThan(10);
      expect(m.unit, m.name).not.toBe('');
      expect(['level', 'share', 'annual rate', 'count', 'ratio', 'index', 'time']).toContain(m.kind);
    }
    expect(withUnit('taoInPools')).toBe('taoInPools (TAO)');
    expect(withUnit('emissionGini')).toBe('emissionGini');
  });

  it('docs/metrics.md is the dictionary (regenerate with metricsMarkdown() when a definition changes)', () => {
    const doc = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
    expect(doc).toBe(metricsMarkdown());
    for (const m of METRICS) expect(doc).toContain(`| \`${m.name}\` |`);
  });
});
