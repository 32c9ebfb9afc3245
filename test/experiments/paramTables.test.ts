// The parameter tables are the one description of every parameter: validation, paramRange and the rule
// sets must agree with them.
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/agents/registry.ts';
import { DEFAULT_WORLD, WORLD_PARAMS } from '../../src/agents/worldParams.ts';
import { paramRange, parseSpec, SpecError } from '../../src/experiments/spec/spec.ts';
import { ParamError, checkScalar, isNumericRange } from '../../src/market/params.ts';
import { RULE_PARAMS } from '../../src/market/ruleParams.ts';
import { RULE_SETS, RULE_SET_NAMES, resolveRules } from '../../src/market/rules.ts';

const spec = (extra: string) => `name: t\ndescription: q\nhorizon: 1d\npopulation:\n  herder: { count: 1 }\n${extra}\n`;

describe('parameter tables', () => {
  it('describe every rule-set field, and every era\'s values lie in their ranges', () => {
    for (const name of RULE_SET_NAMES) {
      const fields = Object.keys(RULE_SETS[name]).filter((k) => k !== 'name' && k !== 'description').sort();
      expect(fields).toEqual(RULE_PARAMS.map((p) => p.name).sort());
      for (const d of RULE_PARAMS) {
        if (d.name === 'liquidAlpha') continue;
        const v = (RULE_SETS[name] as unknown as Record<string, unknown>)[d.name];
        expect(() => checkScalar(d, v, [name, d.name]), `${name}.${d.name}`).not.toThrow();
      }
    }
  });

  it('paramRange reads ranges and defaults from the tables', () => {
    const h = FAMILIES.herder!.params.find((p) => p.name === 'herding')!;
    expect(paramRange('population.herder.herding')).toMatchObject({ kind: 'number', min: h.range[0], max: h.range[1], default: h.default, integer: false });
    expect(paramRange('chain.tempo')).toMatchObject({ kind: 'number', integer: true, default: RULE_SETS['launch-2025-02'].tempo });
    expect(paramRange('chain.pool', 'current-2026-06')).toMatchObject({ kind: 'enum', default: 'weighted' });
    expect(paramRange('world.subnets')).toMatchObject({ kind: 'number', integer: true, default: DEFAULT_WORLD.subnets });
    expect(paramRange('population.cartel.count')).toMatchObject({ kind: 'number', integer: true, min: 0 });
    for (const bad of ['population.herder.herd', 'chain.nope', 'world.x', 'herding', 'population.whale.count']) {
      expect(() => paramRange(bad), bad).toThrow(ParamError);
    }
  });

  it('a spec value just outside any numeric range fails naming its path; the bounds themselves pass', () => {
    for (const d of WORLD_PARAMS) {
      if (d.name === 'issued' || d.name === 'rootStake') continue; // bounded jointly with the pools
      expect(() => parseSpec(spec(`world: { ${d.name}: ${d.range[1] + 1} }`)), d.name).toThrow(`world.${d.name}:`);
    }
    for (const [family, def] of Object.entries(FAMILIES)) {
      for (const d of def.params) {
        if (!isNumericRange(d.range) || typeof d.default !== 'number') continue;
        const [lo, hi] = d.range;
        const withFamily = (v: number) => `name: t\ndescription: q\nhorizon: 1d\npopulation:\n  ${family}: { count: 1, params: { ${d.name}: ${v} } }\n`;
        expect(() => parseSpec(withFamily(lo)), `${family}.${d.name} min`).not.toThrow();
        if (Number.isFinite(hi)) {
          let err: unknown;
          try {
            parseSpec(withFamily(hi * 1.5 + 1));
          } catch (e) {
            err = e;
          }
          expect(err, `${family}.${d.name}`).toBeInstanceOf(SpecError);
          expect((err as SpecError).path).toBe(`population.${family}.params.${d.name}`);
        }
      }
    }
  });

  it('one error class: rule, world, agent and spec errors are all ParamErrors with a path', () => {
    const errors: unknown[] = [];
    for (const f of [() => resolveRules('launch-2025-02', { tempo: 0.5 }), () => parseSpec(spec('chain: { kappa: 2 }'))]) {
      try {
        f();
      } catch (e) {
        errors.push(e);
      }
    }
    expect(errors).toHaveLength(2);
    expect((errors[0] as ParamError).path).toBe('chain.tempo');
    expect((errors[1] as ParamError).path).toBe('chain.kappa');
    for (const e of errors) expect(e).toBeInstanceOf(ParamError);
  });
});
