import { describe, expect, it } from 'vitest';
import { buildPoints, inverseNormal, runConfig } from '../../src/experiments/spec/design.ts';
import { runSeed } from '../../src/experiments/spec/seeds.ts';
import { parseSpec, type ExperimentSpec } from '../../src/experiments/spec/spec.ts';

const spec = (sweep: string, extra = ''): ExperimentSpec =>
  parseSpec(`name: d\ndescription: q?\nhorizon: 2d\nseed: s1\n${extra}population:\n  herder: { count: 10 }\nsweep:\n${sweep}`).spec;

describe('grid', () => {
  it('visits the product of the lists, first parameter slowest', () => {
    const pts = buildPoints(spec('  parameters:\n    a: [1, 2]\n    b: [x, y, z]\n'));
    expect(pts.map((p) => `${p.values.a}${p.values.b}`)).toEqual(['1x', '1y', '1z', '2x', '2y', '2z']);
    expect(pts.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('spreads a range over its steps, ends exact; log ranges are geometric', () => {
    const lin = buildPoints(spec('  parameters:\n    a: { from: 0.1, to: 0.7, steps: 4 }\n')).map((p) => p.values.a as number);
    expect(lin[0]).toBe(0.1);
    expect(lin[3]).toBe(0.7);
    expect(lin[2]! - lin[1]!).toBeCloseTo(0.2, 12);
    const log = buildPoints(spec('  parameters:\n    a: { from: 1, to: 1000, steps: 4, scale: log }\n')).map((p) => p.values.a as number);
    expect(log.map((x) => Math.round(x))).toEqual([1, 10, 100, 1000]);
  });

  it('rounds integer targets and visits each rounded value once', () => {
    const pts = buildPoints(spec('  parameters:\n    population.herder.count: { from: 1, to: 3, steps: 5 }\n'));
    expect(pts.map((p) => p.values['population.herder.count'])).toEqual([1, 2, 3]);
  });

  it('a spec without a sweep has one point', () => {
    expect(buildPoints(spec('  parameters: {}\n'))).toEqual([{ index: 0, values: {} }]);
  });
});

describe('random and Latin hypercube designs', () => {
  const sweep = (design: string, n: number, extraParam = '') =>
    spec(`  design: ${design}\n  n: ${n}\n  parameters:\n    a: { dist: uniform, min: 2, max: 4 }\n    b: [p, q]\n${extraParam}`);

  it('are deterministic from the spec seed and differ with it', () => {
    const a = buildPoints(sweep('random', 20));
    expect(buildPoints(sweep('random', 20))).toEqual(a);
    const other = parseSpec(`name: d\ndescription: q?\nhorizon: 2d\nseed: s2\nsweep:\n  design: random\n  n: 20\n  parameters:\n    a: { dist: uniform, min: 2, max: 4 }\n`).spec;
    expect(buildPoints(other).map((p) => p.values.a)).not.toEqual(a.map((p) => p.values.a));
    for (const p of a) {
      expect(p.values.a).toBeGreaterThanOrEqual(2);
      expect(p.values.a).toBeLessThan(4);
      expect(['p', 'q']).toContain(p.values.b);
    }
  });

  it('adding a parameter leaves the other parameters\' draws alone', () => {
    const before = buildPoints(sweep('lhs', 16)).map((p) => p.values.a);
    const after = buildPoints(sweep('lhs', 16, '    c: { dist: int, min: 1, max: 9 }\n')).map((p) => p.values.a);
    expect(after).toEqual(before);
  });

  it('LHS puts exactly one point in each of the n strata of every parameter', () => {
    for (const n of [1, 7, 50]) {
      const s = spec(`  design: lhs\n  n: ${n}\n  parameters:\n    a: { dist: uniform, min: 0, max: 1 }\n    g: { dist: normal, mean: 0, sd: 1 }\n`);
      const pts = buildPoints(s);
      expect(pts).toHaveLength(n);
      const strataA = pts.map((p) => Math.floor((p.values.a as number) * n)).sort((x, y) => x - y);
      expect(strataA).toEqual(Array.from({ length: n }, (_, i) => i));
      // The normal parameter: strata of Φ(g).
      const phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
      const strataG = pts.map((p) => Math.floor(phi(p.values.g as number) * n)).sort((x, y) => x - y);
      expect(strataG).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('integer distributions stay integers within their bounds', () => {
    const pts = buildPoints(spec('  design: random\n  n: 200\n  parameters:\n    k: { dist: int, min: 3, max: 5 }\n'));
    const seen = new Set(pts.map((p) => p.values.k));
    expect([...seen].sort()).toEqual([3, 4, 5]);
  });
});

describe('derived parameters', () => {
  it('are evaluated per point in order, over swept and earlier derived values', () => {
    const s = spec('  parameters:\n    baseLock: [1, 3]\n', 'derived:\n  chain.networkMinLockCost: "2 * baseLock"\n  twice: "networkMinLockCost + 1"\n');
    const pts = buildPoints(s);
    expect(pts.map((p) => [p.values['chain.networkMinLockCost'], p.values.twice])).toEqual([[2, 3], [6, 7]]);
  });
});

describe('runConfig', () => {
  const s = spec(
    '  parameters:\n    chain.tempo: [99, 360]\n    world.subnets: [4]\n    population.herder.count: [5, 7]\n    population.herder.herding: [0.3]\n',
    'replications: 3\nchain: { kappa: 0.6 }\n',
  );
  const pts = buildPoints(s);

  it('orders runs point-major and gives each (point, replication) its own seed', () => {
    const runs = Array.from({ length: pts.length * 3 }, (_, r) => runConfig(s, pts, r));
    expect(runs.map((c) => [c.point, c.replication])).toEqual(Array.from({ length: 12 }, (_, r) => [Math.floor(r / 3), r % 3]));
    expect(new Set(runs.map((c) => c.seed)).size).toBe(12);
    for (const c of runs) expect(c.seed).toBe(runSeed('s1', c.point, c.replication));
    expect(() => runConfig(s, pts, 12)).toThrow(/outside the sweep/);
  });

  it('applies each point\'s values to the chain, the world and the population', () => {
    const c = runConfig(s, pts, 3 * 3 + 1); // point 3: tempo 360, count 7
    expect(c.chain).toEqual({ kappa: 0.6, tempo: 360 });
    expect(c.world.subnets).toBe(4);
    expect(c.population).toEqual([{ family: 'herder', count: 7, params: { herding: 0.3 } }]);
    expect(c.params).toEqual({ 'chain.tempo': 360, 'world.subnets': 4, 'population.herder.count': 7, 'population.herder.herding': 0.3 });
    expect(s.population[0]!.count).toBe(10); // the spec itself is untouched
  });

  it('common random numbers: every point of a replication shares its seed', () => {
    const crn = spec('  parameters:\n    a: [1, 2, 3]\n', 'replications: 2\ncommonRandomNumbers: true\n');
    const p = buildPoints(crn);
    const seeds = Array.from({ length: 6 }, (_, r) => runConfig(crn, p, r).seed);
    expect(seeds[0]).toBe(seeds[2]);
    expect(seeds[0]).toBe(seeds[4]);
    expect(seeds[0]).not.toBe(seeds[1]);
  });
});

describe('seeds and quantiles', () => {
  it('run seeds are 16 hex digits that depend on each of (seed, point, replication)', () => {
    const s = runSeed('x', 1, 2);
    expect(s).toMatch(/^[0-9a-f]{16}$/);
    expect(runSeed('x', 1, 2)).toBe(s);
    expect(new Set([s, runSeed('y', 1, 2), runSeed('x', 2, 2), runSeed('x', 1, 3), runSeed('x', 12, 0)]).size).toBe(5);
  });

  it('inverseNormal matches Φ⁻¹ at known quantiles and is odd', () => {
    expect(inverseNormal(0.5)).toBeCloseTo(0, 12);
    expect(inverseNormal(0.975)).toBeCloseTo(1.959963985, 7);
    expect(inverseNormal(0.001)).toBeCloseTo(-3.090232306, 7);
    for (const p of [0.01, 0.2, 0.4]) expect(inverseNormal(p)).toBeCloseTo(-inverseNormal(1 - p), 8);
  });
});

/** erf (Abramowitz–Stegun 7.1.26 is too coarse for strata checks; series/continued fraction here). */
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  if (a < 3) {
    let sum = a;
    let term = a;
    for (let n = 1; n < 200; n++) {
      term *= (-a * a) / n;
      sum += term / (2 * n + 1);
    }
    return (s * 2 * sum) / Math.sqrt(Math.PI);
  }
  // erfc continued fraction for large |x|
  let f = 0;
  for (let n = 60; n >= 1; n--) f = n / 2 / (a + f);
  return s * (1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f));
}

describe('sensitivity designs', () => {
  it('morris: r trajectories of k + 1 points, one parameter moving per step; "documented" takes the ParamDoc range', () => {
    const s = spec('  design: morris\n  n: 5\n  levels: 4\n  parameters:\n    population.herder.herding: documented\n    population.herder.wakeRate: { from: 0.1, to: 2 }\n');
    expect(s.sweep.parameters[0]!.values).toEqual({ kind: 'range', from: 0, to: 1, scale: 'linear', integer: false });
    const pts = buildPoints(s);
    expect(pts).toHaveLength(5 * 3);
    for (let t = 0; t < 5; t++) for (let k = 1; k <= 2; k++) {
      const a = pts[t * 3 + k - 1]!.values, b = pts[t * 3 + k]!.values;
      const moved = Object.keys(a).filter((key) => a[key] !== b[key]);
      expect(moved).toHaveLength(1);
      if (moved[0] === 'population.herder.herding') expect(Math.abs((b[moved[0]] as number) - (a[moved[0]] as number))).toBeCloseTo(2 / 3, 12);
    }
    for (const p of pts) expect([0, 1 / 3, 2 / 3, 1].some((l) => Math.abs((p.values['population.herder.herding'] as number) - l) < 1e-12)).toBe(true);
    expect(buildPoints(s)).toEqual(pts); // seeded
  });

  it('sobol: n base rows × (k + 2) points, AB_j differs from A in parameter j only', () => {
    const s = spec('  design: sobol\n  n: 8\n  parameters:\n    population.herder.herding: documented\n    chain.taoWeight: { from: 0.1, to: 0.3 }\n');
    const pts = buildPoints(s);
    expect(pts).toHaveLength(8 * 4);
    const [a, b, ab1, ab2] = pts.slice(0, 4).map((p) => p.values);
    expect(ab1).toEqual({ 'population.herder.herding': b!['population.herder.herding'], 'chain.taoWeight': a!['chain.taoWeight'] });
    expect(ab2).toEqual({ 'population.herder.herding': a!['population.herder.herding'], 'chain.taoWeight': b!['chain.taoWeight'] });
    expect(a!['population.herder.herding']).toBe(0.5); // the first Sobol point after the origin
  });

  it('rejects what the unit cube cannot map, naming the path', () => {
    const bad = (sweep: string) => () => spec(sweep);
    expect(bad('  design: morris\n  n: 2\n  parameters:\n    population.herder.herding: [0.1, 0.2]\n')).toThrow(/sweep\.parameters\["population\.herder\.herding"\].*needs a range/);
    expect(bad('  design: morris\n  n: 2\n  levels: 3\n  parameters:\n    population.herder.herding: documented\n')).toThrow(/sweep\.levels: expected an even number/);
    expect(bad('  design: sobol\n  n: 2\n  levels: 4\n  parameters:\n    population.herder.herding: documented\n')).toThrow(/levels is for the morris design/);
    expect(bad('  parameters:\n    population.herder.herding: documented\n')).toThrow(/needs design random, lhs, morris or sobol/);
    expect(bad('  design: sobol\n  n: 2\n  parameters:\n    chain.taoWeight: documented\n')).toThrow(/agent parameter's documented range/);
    const eleven = Array.from({ length: 11 }, (_, i) => `    v${i}: { from: 0, to: 1 }\n`).join('');
    expect(bad(`  design: sobol\n  n: 2\n  parameters:\n${eleven}`)).toThrow(/up to 10 parameters/);
  });
});
