import { describe as group, expect, it } from 'vitest';
import { Rng } from '../../src/agents/rng.ts';
import { morrisDelta, morrisIndices, morrisUnit, saltelliUnit, sobolIndices, sobolPoints, SOBOL_MAX_DIMS } from '../../src/experiments/spec/sensitivity.ts';

group('Sobol sequence (Joe–Kuo direction numbers)', () => {
  it('starts like the published sequence and is a (0, m)-net in every dimension', () => {
    const p = sobolPoints(7, 3);
    expect(p.map((x) => x[0])).toEqual([0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125]);
    expect(p.map((x) => x[1])).toEqual([0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625]);
    // Points 0..2^m − 1 (origin included) hit each interval [i/2^m, (i+1)/2^m) once, in each dimension.
    const m = 8;
    const pts = [Array(SOBOL_MAX_DIMS).fill(0), ...sobolPoints(2 ** m - 1, SOBOL_MAX_DIMS)];
    for (let d = 0; d < SOBOL_MAX_DIMS; d++) {
      const cells = new Set(pts.map((x) => Math.floor(x[d] * 2 ** m)));
      expect(cells.size, `dimension ${d + 1}`).toBe(2 ** m);
    }
  });
});

group('Sobol indices on the Ishigami function', () => {
  // f = sin x1 + a sin² x2 + b x3⁴ sin x1 on [−π, π]³, a = 7, b = 0.1. Known (Ishigami & Homma 1990):
  // V = a²/8 + bπ⁴/5 + b²π⁸/18 + ½; V1 = ½(1 + bπ⁴/5)², V2 = a²/8, V13 = b²π⁸(1/18 − 1/50).
  const a = 7, b = 0.1, pi = Math.PI;
  const V = a * a / 8 + (b * pi ** 4) / 5 + (b * b * pi ** 8) / 18 + 0.5;
  const V1 = 0.5 * (1 + (b * pi ** 4) / 5) ** 2;
  const V2 = (a * a) / 8;
  const V13 = b * b * pi ** 8 * (1 / 18 - 1 / 50);
  const S1 = [V1 / V, V2 / V, 0];
  const ST = [(V1 + V13) / V, V2 / V, V13 / V];
  const f = (u: number[]) => {
    const [x1, x2, x3] = u.map((v) => -pi + 2 * pi * v);
    return Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1);
  };

  it('first-order and total indices within 0.03 of the analytic values, intervals covering them', () => {
    expect(S1[0]).toBeCloseTo(0.3139, 4);
    expect(ST[2]).toBeCloseTo(0.2437, 4);
    const n = 4096;
    const y = Float64Array.from(saltelliUnit(n, 3), f);
    const idx = sobolIndices(y, 3, 'ishigami');
    idx.forEach((s, j) => {
      expect(Math.abs(s.s1 - S1[j]), `S1 ${j + 1}`).toBeLessThan(0.03);
      expect(Math.abs(s.st - ST[j]), `ST ${j + 1}`).toBeLessThan(0.03);
      expect(s.s1Lo).toBeLessThan(S1[j] + 0.02);
      expect(s.s1Hi).toBeGreaterThan(S1[j] - 0.02);
      expect(s.stLo).toBeLessThan(ST[j] + 0.02);
      expect(s.stHi).toBeGreaterThan(ST[j] - 0.02);
    });
    expect(sobolIndices(y, 3, 'ishigami')).toEqual(idx); // seeded bootstrap
  });

  it('indices do not depend on the level of the output (a share near 1 that moves by 1e-4)', () => {
    const y = Float64Array.from(saltelliUnit(256, 3), f);
    const a = sobolIndices(y, 3, 's', 50);
    const b = sobolIndices(y.map((v) => 1e4 + v), 3, 's', 50);
    a.forEach((s, j) => {
      expect(b[j].s1).toBeCloseTo(s.s1, 6);
      expect(b[j].st).toBeCloseTo(s.st, 6);
    });
  });
});

group('Morris elementary effects', () => {
  it('recovers known effects: linear terms exactly, an interaction as sigma, an inactive input as 0', () => {
    // f = 10 x1 + 2 x2 + 0·x3 + 5 x1 x4 on [0, 1]⁴: EE_2 = 2 always; EE_3 = 0; EE_1 = 10 + 5 x4 ∈ [10, 15];
    // EE_4 = 5 x1 ∈ [0, 5]; so mu*_2 = 2 with sigma 0, mu*_1 > mu*_2 > mu*_3 = 0, sigma_1, sigma_4 > 0.
    const f = (x: number[]) => 10 * x[0] + 2 * x[1] + 5 * x[0] * x[3];
    const levels = 4;
    const x = morrisUnit(40, 4, levels, new Rng('morris-test'));
    expect(x).toHaveLength(40 * 5);
    // Each step moves exactly one coordinate by ±Δ and stays on the grid in [0, 1].
    for (let t = 0; t < 40; t++) for (let s = 1; s <= 4; s++) {
      const d = x[t * 5 + s].map((v, i) => v - x[t * 5 + s - 1][i]).filter((v) => v !== 0);
      expect(d).toHaveLength(1);
      expect(Math.abs(d[0])).toBeCloseTo(morrisDelta(levels), 12);
    }
    expect(x.flat().every((v) => v >= 0 && v <= 1 + 1e-12)).toBe(true);
    const m = morrisIndices(x, x.map(f), 4);
    expect(m[1].muStar).toBeCloseTo(2, 10);
    expect(m[1].sigma).toBeCloseTo(0, 10);
    expect(m[2].muStar).toBe(0);
    expect(m[0].muStar).toBeGreaterThanOrEqual(10);
    expect(m[0].muStar).toBeLessThanOrEqual(15);
    expect(m[0].sigma).toBeGreaterThan(0);
    expect(m[3].muStar).toBeLessThanOrEqual(5);
    expect(m[3].sigma).toBeGreaterThan(0);
    expect(m.every((e) => e.n === 40)).toBe(true);
    // Scaled to a parameter's span: on [0, 2] for x2 the effect per unit of span is the same (2).
    const scaled = morrisIndices(x.map((r) => [r[0], 2 * r[1], r[2], r[3]]), x.map(f), 4, [1, 2, 1, 1]);
    expect(scaled[1].muStar).toBeCloseTo(2, 10);
  });
});
