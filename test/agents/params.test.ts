import { describe, expect, it } from 'vitest';
import { herderFamily } from '../../src/agents/herders.ts';
import { ParamError, drawParams, drawValue, validateParamSpec } from '../../src/agents/params.ts';
import { validatePopulationSpec } from '../../src/agents/population.ts';
import { FAMILIES, getFamily } from '../../src/agents/registry.ts';
import { Rng } from '../../src/agents/rng.ts';
import type { FamilyDef, ParamDoc, ValueSpec } from '../../src/agents/types.ts';
import { DEFAULT_WORLD, validateWorldSpec } from '../../src/agents/world.ts';

const herder = herderFamily as unknown as FamilyDef;
const doc = (name: string): ParamDoc => herder.params.find((p) => p.name === name)!;
const err = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ParamError);
    return (e as Error).message;
  }
  throw new Error('expected a ParamError');
};

describe('parameter validation', () => {
  it('names the path, family, parameter and allowed range', () => {
    expect(err(() => validateParamSpec(herder, { attention: 0 }, ['population', 2, 'params']))).toBe(
      'population[2].params.attention: 0 is outside the allowed range [1, 64]',
    );
    expect(err(() => validateParamSpec(herder, { newsPrecision: 0.01 }, ['p']))).toBe('p.newsPrecision: 0.01 is outside the allowed range [0.1, Infinity]');
  });

  it('rejects unknown parameter names, listing the allowed ones', () => {
    const m = err(() => validateParamSpec(herder, { atention: 3 } as Record<string, ValueSpec>, ['population', 0]));
    expect(m).toContain('population[0].atention: unknown parameter of herder');
    for (const p of herder.params) expect(m).toContain(p.name);
  });

  it('checks distributions: shape, fields and that their support meets the range', () => {
    const at = ['population', 1];
    expect(err(() => validateParamSpec(herder, { attention: { dist: 'uniform', min: 0, max: 10 } }, at))).toBe(
      'population[1].attention.min: 0 is outside the allowed range [1, 64]',
    );
    expect(err(() => validateParamSpec(herder, { attention: { dist: 'uniform', min: 9, max: 3 } }, at))).toContain('min <= max');
    expect(err(() => validateParamSpec(herder, { herding: { dist: 'normal', mean: 0.5, sd: -1 } }, at))).toContain('sd >= 0');
    expect(err(() => validateParamSpec(herder, { wealth: { dist: 'lognormal', median: 0, sigma: 1 } }, at))).toContain('median > 0');
    expect(err(() => validateParamSpec(herder, { herding: { dist: 'beta', a: 1 } as unknown as ValueSpec }, at))).toBe(
      "population[1].herding: unknown distribution 'beta'; allowed: fixed, uniform, normal, lognormal, choice",
    );
    expect(err(() => validateParamSpec(herder, { herding: { dist: 'choice', values: [0.2, 1.5] } }, at))).toBe(
      'population[1].herding.values[1]: 1.5 is outside the allowed range [0, 1]',
    );
    expect(err(() => validateParamSpec(herder, { herding: { dist: 'choice', values: [0.2, 0.3], weights: [1] } }, at))).toContain('one weight per value');
    expect(err(() => validateParamSpec(herder, { herding: { dist: 'uniform', min: 0.1, max: 0.2, sd: 1 } as unknown as ValueSpec }, at))).toContain("no field 'sd'");
    expect(err(() => validateParamSpec(herder, { herding: 'lots' }, at))).toContain("'lots' is not a number");
  });

  it('checks string parameters against their allowed values', () => {
    const noise = getFamily('noiseTrader');
    expect(err(() => validateParamSpec(noise, { pick: 'random' }, ['population', 3]))).toBe(
      "population[3].pick: 'random' is not allowed; one of uniform, depth",
    );
    expect(err(() => validateParamSpec(noise, { pick: { dist: 'uniform', min: 0, max: 1 } }, ['q']))).toContain('needs a numeric parameter');
    expect(() => validateParamSpec(noise, { pick: { dist: 'choice', values: ['uniform', 'depth'] } }, ['q'])).not.toThrow();
  });

  it('every registered family documents valid defaults, a meaning and a unit', () => {
    expect(Object.keys(FAMILIES).sort()).toEqual(['cartel', 'emissionSeller', 'herder', 'holder', 'miner', 'noiseTrader', 'passiveStaker', 'speculator', 'yieldValidator']);
    for (const [name, f] of Object.entries(FAMILIES)) {
      expect(f.name).toBe(name);
      const drawn = drawParams(f, undefined, new Rng('d'));
      for (const p of f.params) {
        expect(p.meaning.length, `${name}.${p.name}`).toBeGreaterThan(0);
        expect(p.unit.length, `${name}.${p.name}`).toBeGreaterThan(0);
        expect(drawn[p.name]).toEqual(p.default);
      }
    }
    expect(err(() => getFamily('trader', ['population', 4, 'family']))).toBe(
      'population[4].family: unknown family "trader"; known families: herder, yieldValidator, cartel, miner, passiveStaker, emissionSeller, noiseTrader, speculator, holder',
    );
  });
});

describe('drawing parameters', () => {
  const draws = (spec: ValueSpec, name: string, seed = 's', n = 2000): number[] => {
    const rng = new Rng(seed);
    return Array.from({ length: n }, () => drawValue(doc(name), spec, rng) as number);
  };

  it('uniform draws stay in [min, max] and fill it', () => {
    const x = draws({ dist: 'uniform', min: 0.2, max: 0.6 }, 'herding');
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0.2);
    expect(Math.max(...x)).toBeLessThanOrEqual(0.6);
    expect(Math.min(...x)).toBeLessThan(0.21);
    expect(Math.max(...x)).toBeGreaterThan(0.59);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    expect(mean).toBeCloseTo(0.4, 1);
  });

  it('normal and lognormal draws are truncated to the allowed range', () => {
    const n = draws({ dist: 'normal', mean: 0.9, sd: 0.5 }, 'herding');
    expect(Math.min(...n)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...n)).toBeLessThanOrEqual(1);
    const l = draws({ dist: 'lognormal', median: 3, sigma: 2 }, 'attention');
    expect(Math.min(...l)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...l)).toBeLessThanOrEqual(64);
    // The median of a lognormal survives truncation roughly (both tails are cut).
    const sorted = [...draws({ dist: 'lognormal', median: 20, sigma: 1.5 }, 'wealth')].sort((a, b) => a - b);
    expect(sorted[1000]!).toBeGreaterThan(15);
    expect(sorted[1000]!).toBeLessThan(27);
  });

  it('choice follows its weights', () => {
    const x = draws({ dist: 'choice', values: [1, 2, 3], weights: [1, 0, 3] }, 'attention', 'c', 4000);
    expect(x.filter((v) => v === 2).length).toBe(0);
    const share3 = x.filter((v) => v === 3).length / x.length;
    expect(share3).toBeGreaterThan(0.72);
    expect(share3).toBeLessThan(0.78);
  });

  it('reproduces with the same seed and differs with another', () => {
    const spec = { herding: { dist: 'uniform', min: 0, max: 1 }, attention: { dist: 'lognormal', median: 5, sigma: 1 } } as Record<string, ValueSpec>;
    const a = drawParams(herder, spec, new Rng('seed-1'));
    const b = drawParams(herder, spec, new Rng('seed-1'));
    const c = drawParams(herder, spec, new Rng('seed-2'));
    expect(a).toEqual(b);
    expect(a.herding).not.toEqual(c.herding);
    expect(a.wakeRate).toBe(0.5); // not in the spec: the default
  });
});

describe('population and world specs', () => {
  it('population errors name the entry, family and field', () => {
    expect(err(() => validatePopulationSpec({ family: 'herder' }))).toContain('population: must be a list');
    expect(err(() => validatePopulationSpec([{ family: 'herder', count: -1 }]))).toBe('population[0].count: -1 is not an integer in [0, 1000000] (herder)');
    expect(err(() => validatePopulationSpec([{ family: 'herder', count: 2.5 }]))).toContain('count: 2.5');
    expect(err(() => validatePopulationSpec([{ family: 'herder', count: 1 }, { family: 'whale', count: 1 }]))).toContain(
      'population[1].family: unknown family "whale"; known families: herder',
    );
    expect(err(() => validatePopulationSpec([{ family: 'herder', count: 1, parms: {} }]))).toBe('population[0].parms: unknown field; allowed: family, count, params');
    expect(err(() => validatePopulationSpec([{ family: 'noiseTrader', count: 1 }, { family: 'herder', count: 3, params: { attention: 99 } }], ['pop']))).toBe(
      'pop[1].params.attention: 99 is outside the allowed range [1, 64]',
    );
  });

  it('world errors name the field and its range; missing fields take the §6 defaults', () => {
    expect(validateWorldSpec({ subnets: 8 })).toEqual({ ...DEFAULT_WORLD, subnets: 8 });
    expect(err(() => validateWorldSpec({ subnets: 0 }))).toBe('world.subnets: 0 is outside the allowed range [1, 4095] (an integer)');
    expect(err(() => validateWorldSpec({ subnet: 3 }))).toContain('world.subnet: unknown field; allowed: subnets,');
    expect(err(() => validateWorldSpec({ rootStake: 9e6 }, ['cfg', 'world']))).toContain('cfg.world.issued: 8300000 is less than rootStake');
  });
});
