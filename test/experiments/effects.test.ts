import { describe as group, expect, it } from 'vitest';
import { keyFindings, responseCurves, type RunsData } from '../../src/experiments/report/aggregate.ts';
import {
  BOOTSTRAP_MIN, bootstrapInterval, describeMethod, pairedEffect, studentTCdf, tInterval, tQuantile, welchEffect,
} from '../../src/experiments/report/effects.ts';

group('Student t', () => {
  it('quantiles match the printed tables', () => {
    // Two-sided 95%: t_{0.975,df}; one-sided 95%: t_{0.95,df} (any statistics textbook's table).
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 4);
    expect(tQuantile(0.975, 3)).toBeCloseTo(3.1824, 4);
    expect(tQuantile(0.95, 10)).toBeCloseTo(1.8125, 4);
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
    expect(tQuantile(0.025, 3)).toBeCloseTo(-3.1824, 4);
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.95996, 4); // → the normal quantile
    // t with 1 df is Cauchy: P(T ≤ 1) = ½ + atan(1)/π = ¾.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
  });
});

group('paired effect under common random numbers', () => {
  it('4 pairs: the t interval worked out by hand', () => {
    // Differences d = 1, 2, 3, 6 (high − low, same replication seed).
    // mean d̄ = 12/4 = 3; deviations −2, −1, 0, 3; Σ(dev²) = 4 + 1 + 0 + 9 = 14; s² = 14/3; s = 2.16025.
    // se = s/√4 = 1.08012; t_{0.975, 3 df} = 3.18245 (table); half-width = 3.18245 × 1.08012 = 3.43743.
    // 95% interval: [3 − 3.43743, 3 + 3.43743] = [−0.43743, 6.43743]: it includes 0, so no claim.
    const e = pairedEffect([1, 2, 3, 6], 'seed');
    expect(e.method).toBe('paired-t');
    expect([e.n, e.df]).toEqual([4, 3]);
    expect(e.change).toBe(3);
    expect(e.lo).toBeCloseTo(-0.43743, 4);
    expect(e.hi).toBeCloseTo(6.43743, 4);
    expect(describeMethod(e)).toMatch(/wide: only 4/);
  });

  it('keyFindings pairs runs by seed and other swept values, and falls back to Welch without CRN', () => {
    // Two points (p = 0, 1), 4 replications with shared seeds s0..s3; the same hand example as above.
    const low = [10, 20, 30, 40];
    const d = [1, 2, 3, 6];
    const data: RunsData = {
      params: ['p'], metrics: ['m'],
      paramValues: [[0, 0, 0, 0, 1, 1, 1, 1]],
      metricValues: [Float64Array.from([...low, ...low.map((v, i) => v + d[i])])],
      seeds: ['s0', 's1', 's2', 's3', 's0', 's1', 's2', 's3'],
    };
    const [f] = keyFindings(responseCurves(data), data);
    expect(f.method).toBe('paired-t');
    expect(f.changeLo).toBeCloseTo(-0.43743, 4);
    expect(f.changeHi).toBeCloseTo(6.43743, 4);
    expect([f.moved, f.wide]).toEqual([false, true]);
    // Independent seeds (no common random numbers): the same values, unpaired, get Welch's interval.
    const unpaired = { ...data, seeds: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] };
    const [u] = keyFindings(responseCurves(unpaired), unpaired);
    const w = welchEffect(low, low.map((v, i) => v + d[i]));
    expect(u.method).toBe('welch-t');
    expect([u.changeLo, u.changeHi]).toEqual([w.lo, w.hi]);
    // The unpaired interval is far wider: the seeds' common variation is not removed.
    expect(u.changeHi - u.changeLo).toBeGreaterThan(5 * (f.changeHi - f.changeLo));
    // A run that failed (NaN) loses only its pair: 3 pairs remain, d = 1, 2, 3 → mean 2, s = 1, t_{0.975,2} = 4.3027.
    const holed = { ...data, metricValues: [Float64Array.from([...low, 11, 22, 33, NaN])] };
    const [h] = keyFindings(responseCurves(holed), holed);
    expect([h.method, h.n, h.change]).toEqual(['paired-t', 3, 2]);
    expect(h.changeHi).toBeCloseTo(2 + 4.302653 / Math.sqrt(3), 5);
  });

  it('Welch: the Welch–Satterthwaite df by hand', () => {
    // low = 1,2,3 (s² = 1), high = 2,4,6,8 (s² = 20/3): a = 1/3, b = 5/3, se² = 2;
    // df = 2² / ((1/3)²/2 + (5/3)²/3) = 4 / (1/18 + 25/27) = 4 / (53/54) = 216/53 = 4.0755.
    const e = welchEffect([1, 2, 3], [2, 4, 6, 8]);
    expect(e.change).toBe(3);
    expect(e.df).toBeCloseTo(216 / 53, 12);
    expect(e.hi - e.change).toBeCloseTo(tQuantile(0.975, 216 / 53) * Math.SQRT2, 10);
  });

  it('from BOOTSTRAP_MIN pairs: a seeded percentile bootstrap close to the t interval', () => {
    const d = Array.from({ length: BOOTSTRAP_MIN + 10 }, (_, i) => Math.sin(i * 1.7) + 0.5);
    const a = pairedEffect(d, 'x');
    expect(a.method).toBe('paired-bootstrap');
    expect(pairedEffect(d, 'x')).toEqual(a); // same seed, same interval
    expect(bootstrapInterval(d, 'y').lo).not.toBe(a.lo); // another stream
    const t = tInterval(d);
    expect(a.lo).toBeLessThan(a.change);
    expect(a.hi).toBeGreaterThan(a.change);
    expect(Math.abs(a.hi - a.lo - (t.hi - t.lo)) / (t.hi - t.lo)).toBeLessThan(0.2);
  });
});
