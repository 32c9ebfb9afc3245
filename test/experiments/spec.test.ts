import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPoints, pointsOf } from '../../src/experiments/spec/design.ts';
import { parseSpec, SpecError } from '../../src/experiments/spec/spec.ts';
import { durationBlocks } from '../../src/experiments/spec/specSchema.ts';
import { RULE_SETS } from '../../src/market/rules.ts';

const BASE = `name: demo
description: Does herding concentrate emission?
ruleSet: launch-2025-02
horizon: 30d
sampleEvery: 1d
seed: 7
replications: 2
world: { subnets: 8, minersPerSubnet: 4 }
population:
  herder: { count: 50, params: { herding: 0.4 } }
  noiseTrader: { count: 10 }
derived:
  chain.networkMinLockCost: "2 * baseLock"
metrics:
  alphaOverRoot: "alphaStakeShare / rootStakeShare"
sweep:
  design: grid
  parameters:
    population.herder.herding: { from: 0, to: 0.8, steps: 3 }
    baseLock: [1, 2]
`;

/** The SpecError of BASE with `from` replaced by `to`. */
function errorOf(from: string, to: string): SpecError {
  expect(BASE.includes(from)).toBe(true);
  try {
    parseSpec(BASE.replace(from, to), 'spec.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return e as SpecError;
  }
  throw new Error(`no error for ${to}`);
}

describe('parseSpec', () => {
  it('fills defaults, converts durations to blocks and classifies parameter paths', () => {
    const { spec } = parseSpec(BASE);
    expect(spec.horizon).toBe(30 * 7200);
    expect(spec.sampleEvery).toBe(7200);
    expect(spec.seed).toBe('7');
    expect(spec.world.subnets).toBe(8);
    expect(spec.population.map((e) => [e.family, e.count])).toEqual([['herder', 50], ['noiseTrader', 10]]);
    expect(spec.sweep.parameters.map((p) => p.target.kind)).toEqual(['agent', 'var']);
    expect(spec.derived.map((d) => d.target)).toEqual([{ kind: 'chain', key: 'networkMinLockCost' }]);
    const minimal = parseSpec('name: m\ndescription: q?\nhorizon: 5000\n').spec;
    expect(minimal.ruleSet).toBe('launch-2025-02');
    expect(minimal.replications).toBe(1);
    expect(minimal.seed).toBe('m'); // the name when no seed is given
    expect(minimal.sweep.parameters).toEqual([]);
  });

  it('reads JSON as well, with the same hash as the equivalent YAML', () => {
    const yaml = parseSpec('name: m\ndescription: q?\nhorizon: 2d\nsweep: { parameters: { chain.tempo: [99, 360] } }\n');
    const json = parseSpec(JSON.stringify({ name: 'm', description: 'q?', horizon: '2d', sweep: { parameters: { 'chain.tempo': [99, 360] } } }));
    expect(json.hash).toBe(yaml.hash);
    expect(yaml.hash).toMatch(/^[0-9a-f]{12}$/);
  });

  it('hashes what changes results: not the worker count, but the seed, a value, or a duration', () => {
    const h = parseSpec(BASE).hash;
    expect(parseSpec(BASE.replace('replications: 2', 'replications: 2\nworkers: 7')).hash).toBe(h);
    expect(parseSpec(BASE.replace('horizon: 30d', 'horizon: 216000')).hash).toBe(h); // 30 days = 216000 blocks
    expect(parseSpec(BASE.replace('seed: 7', 'seed: 8')).hash).not.toBe(h);
    expect(parseSpec(BASE.replace('baseLock: [1, 2]', 'baseLock: [1, 3]')).hash).not.toBe(h);
    expect(parseSpec(BASE.replace('horizon: 30d', 'horizon: 31d')).hash).not.toBe(h);
  });

  it('names the path, the line and the problem', () => {
    const e = errorOf('steps: 3', 'steps: -1');
    expect(e.path).toBe('sweep.parameters["population.herder.herding"].steps');
    expect(e.detail).toBe('expected a positive integer');
    expect(e.line).toBe(BASE.split('\n').findIndex((l) => l.includes('steps: 3')) + 1);
    expect(e.message).toBe(`spec.yaml:${e.line}: sweep.parameters["population.herder.herding"].steps: expected a positive integer`);
  });

  it.each([
    ['unknown top-level key', 'seed: 7', 'seed: 7\nsede: 8', 'sede', /unknown key; allowed: name, description/],
    ['wrong type', 'replications: 2', 'replications: two', 'replications', /positive integer/],
    ['unknown key in a range', 'steps: 3 }', 'steps: 3, stepz: 2 }', 'sweep.parameters["population.herder.herding"].stepz', /allowed: from, to, steps/],
    ['bad duration', 'horizon: 30d', 'horizon: 30 days', 'horizon', /duration such as 180d/],
    ['sampling slower than the horizon', 'sampleEvery: 1d', 'sampleEvery: 31d', 'sampleEvery', /longer than the horizon/],
    ['unknown rule set', 'ruleSet: launch-2025-02', 'ruleSet: launch', 'ruleSet', /launch-2025-02, flow-2025-11/],
    ['unknown family', 'noiseTrader: { count: 10 }', 'noiseTrder: { count: 10 }', 'population.noiseTrder', /unknown agent family/],
    ['agent parameter out of range', 'herding: 0.4 }', 'herding: 4 }', 'population.herder.params.herding', /outside the allowed range \[0, 1\]/],
    ['world field out of range', 'subnets: 8,', 'subnets: 8.5,', 'world.subnets', /not an integer; allowed range \[1, 4095\]/],
    ['unknown world field', 'subnets: 8,', 'subnetz: 8,', 'world.subnetz', /unknown field/],
    ['chain override out of range', 'replications: 2', 'replications: 2\nchain: { tempo: 0 }', 'chain.tempo', /\[1, 50400\]/],
    ['swept value out of range', 'baseLock: [1, 2]', 'baseLock: [1, 2]\n    chain.tempo: [360, -1]', 'sweep.parameters["chain.tempo"][1]', /\[1, 50400\]/],
    ['unknown rule parameter', 'baseLock: [1, 2]', 'baseLock: [1, 2]\n    chain.tempoo: [360]', 'sweep.parameters["chain.tempoo"]', /unknown rule parameter/],
    ['count not an integer', 'baseLock: [1, 2]', 'baseLock: [1, 2]\n    population.herder.count: [1, 2.5]', 'sweep.parameters["population.herder.count"][1]', /integer/],
    ['family swept but absent', 'baseLock: [1, 2]', 'baseLock: [1, 2]\n    population.cartel.count: [1]', 'sweep.parameters["population.cartel.count"]', /not in population/],
    ['distribution in a grid', 'baseLock: [1, 2]', 'baseLock: { dist: uniform, min: 1, max: 2 }', 'sweep.parameters.baseLock.dist', /random or lhs/],
    ['random design without n', 'design: grid', 'design: random', 'sweep.n', /needs n/],
    ['unknown name in a derived expression', '"2 * baseLock"', '"2 * baseLok"', 'derived["chain.networkMinLockCost"]', /unknown name "baseLok"/],
    ['derived value out of range', 'baseLock: [1, 2]', 'baseLock: [1, -2]', 'derived["chain.networkMinLockCost"]', /point 1 gives -4/],
    ['bad metric expression', '"alphaStakeShare / rootStakeShare"', '"alphaStakeShare / "', 'metrics.alphaOverRoot', /not a valid expression/],
    ['unknown metric name', '"alphaStakeShare / rootStakeShare"', '"alphaShare / 2"', 'metrics.alphaOverRoot', /unknown name "alphaShare"/],
    ['a disabled mathjs function', '"2 * baseLock"', '"evaluate(\\"2\\") * baseLock"', 'derived["chain.networkMinLockCost"]', /function evaluate is disabled/],
    ['metric shadowing a built-in', 'alphaOverRoot:', 'emissionGini:', 'metrics.emissionGini', /built-in/],
  ])('%s', (_what, from, to, path, detail) => {
    const e = errorOf(from, to);
    expect(e.path).toBe(path);
    expect(e.detail).toMatch(detail);
    expect(e.message.split('\n')).toHaveLength(1);
  });

  it('checks every drawn point of a random design against the parameter range', () => {
    const spec = BASE.replace('design: grid', 'design: lhs\n  n: 40').replace('{ from: 0, to: 0.8, steps: 3 }', '{ dist: normal, mean: 0.5, sd: 1 }');
    expect(() => parseSpec(spec)).toThrow(/sweep\.parameters\["population\.herder\.herding"\]: point \d+ gives/);
    const ok = spec.replace('{ dist: normal, mean: 0.5, sd: 1 }', '{ dist: normal, mean: 0.5, sd: 0.01 }');
    expect(parseSpec(ok).spec.sweep.n).toBe(40);
  });

  it('returns the points it checked, so no later stage builds the design again', () => {
    for (const text of [BASE, BASE.replace('design: grid', 'design: lhs\n  n: 7').replace('{ from: 0, to: 0.8, steps: 3 }', '{ dist: normal, mean: 0.5, sd: 0.01 }')]) {
      const loaded = parseSpec(text);
      expect(loaded.points).toBeDefined();
      expect(loaded.points).toEqual(buildPoints(loaded.spec));
      expect(pointsOf(loaded)).toBe(loaded.points);
      expect(pointsOf({ spec: loaded.spec, hash: loaded.hash })).toEqual(loaded.points); // a LoadedSpec made another way
    }
  });

  it('rejects YAML syntax errors with their line', () => {
    try {
      parseSpec('name: a\nname: b\n', 'x.yaml');
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(SpecError);
      expect((e as SpecError).message).toMatch(/^x\.yaml:2: not valid YAML\/JSON: Map keys must be unique$/) // the duplicate;
    }
  });

  it('accepts an override of every rule parameter at its rule-set value', () => {
    const launch = RULE_SETS['launch-2025-02'] as unknown as Record<string, unknown>;
    const chain = Object.fromEntries(Object.entries(launch).filter(([k, v]) => k !== 'name' && k !== 'description' && v !== Infinity));
    expect(parseSpec(JSON.stringify({ name: 'x', description: 'q', horizon: 10, chain })).spec.chain).toEqual(chain);
  });
});

describe('durations', () => {
  it.each([
    ['180d', 180 * 7200], ['12h', 3600], ['5000', 5000], [5000, 5000], ['5000b', 5000], ['2w', 14 * 7200], ['30m', 150], ['24s', 2], ['1.5d', 10800],
  ])('%s is %d blocks', (v, blocks) => expect(durationBlocks(v)).toBe(blocks));
  it.each([['30s'], ['0'], [0], [-5], [1.5], ['1e3'], ['3 fortnights'], [undefined]])('%s is rejected', (v) => expect(typeof durationBlocks(v)).toBe('string'));
});

describe('ready specs', () => {
  const dir = new URL('../../experiments/', import.meta.url);
  const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));
  it('include the quickstart', () => expect(files).toContain('quickstart.yaml'));
  it.each(files)('%s is valid', async (f) => {
    const { loadSpec } = await import('../../src/experiments/spec/spec.ts');
    const { spec } = loadSpec(new URL(f, dir).pathname);
    expect(spec.description).not.toBe('');
  });
});

describe('sweeping the rule set', () => {
  const text = (sets: string) =>
    `name: eras\ndescription: q?\nhorizon: 1d\nsweep: { parameters: { ruleSet: [${sets}], chain.kappa: [0.4, 0.6] } }\n`;
  it('gives each point its rule set (the seed question: eras under one population)', async () => {
    const { buildPoints, runConfig } = await import('../../src/experiments/spec/design.ts');
    const { spec } = parseSpec(text('root-vote, flow-2025-11'));
    const points = buildPoints(spec);
    const sets = points.map((_, i) => runConfig(spec, points, i * spec.replications).ruleSet);
    expect(new Set(sets)).toEqual(new Set(['root-vote', 'flow-2025-11']));
    expect(sets.length).toBe(4);
  });
  it('rejects an unknown era naming the entry and the allowed values', () => {
    expect(() => parseSpec(text('root-vote, launch-2099'))).toThrow(SpecError);
    expect(() => parseSpec(text('root-vote, launch-2099'))).toThrow(/sweep\.parameters\.ruleSet\[1\]: expected one of launch-2025-02/);
  });
});
