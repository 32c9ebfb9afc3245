// The run report's "Fit to observed history" section (report/observedFit.ts) on a results folder written
// by the runner itself, and the spec's `observed` key checked at parse.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/experiments/report/index.ts';
import { observedFit, observedFitHtml } from '../../src/experiments/report/observedFit.ts';
import { openResults } from '../../src/experiments/results/results.ts';
import { runExperiment } from '../../src/experiments/run/runner.ts';
import { parseObserved } from '../../src/experiments/spec/observed.ts';
import { parseSpec } from '../../src/experiments/spec/spec.ts';

const made: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'dtao-fit-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const spec = (observed: string, horizon = '3d') => `name: fit
description: Does the report set a short history run against the observed targets?
ruleSet: history
horizon: ${horizon}
sampleEvery: 1d
seed: fit
replications: 2
world: { subnets: 4, minersPerSubnet: 2, rootValidators: 2 }
population:
  noiseTrader: { count: 3 }
${observed}
`;

// Two targets on the highest alpha price over days 1-2: one band every run passes, one none can.
const HEADER = 'id,use,quantity,stat,value,lo,hi,dateFrom,dateTo,era,source,confidence,note';
const TARGETS = parseObserved([HEADER,
  'XIN,target,maxPrice,max,,0,1000000000,2025-02-14,2025-02-15,launch-2025-02,test,C,any price',
  'XOUT,target,maxPrice,max,,1000000,1000000000,2025-02-14,2025-02-15,launch-2025-02,test,C,no price this high',
].join('\n') + '\n', 'test.csv');

describe('fit to observed history', () => {
  it('computes each target over every run and says inside or not; a target after the horizon is not reached', async () => {
    const r = await runExperiment({ loaded: parseSpec(spec('observed: { fitted: [L2a], compared: [L9a, R2] }')), outRoot: tmp(), workers: 1 });
    expect(r.state).toBe('complete');
    const res = openResults(r.dir);
    // The statistic by hand: the highest subnet price over the samples of days 1-2, per run.
    const byHand = res.rows.map((row) => {
      const sub = res.readSeries('subnets', row.run)!;
      const block = sub.array('block') as ArrayLike<number>, price = sub.array('price') as ArrayLike<number>;
      let m = -Infinity;
      for (let k = 0; k < block.length; k++) if (block[k]! / 7200 >= 1 && block[k]! / 7200 <= 2) m = Math.max(m, price[k]!);
      return m;
    });
    expect(byHand).toHaveLength(2);
    const fit = observedFit({ observed: { fitted: ['XIN'], compared: ['XOUT'] }, horizon: 3 * 7200 }, res, TARGETS);
    expect(fit.map((f) => [f.target.id, f.fitted, f.reached, f.inside])).toEqual([['XIN', true, true, true], ['XOUT', false, true, false]]);
    expect(fit[0]!.sims).toEqual(byHand);
    expect(fit[0]!.mean).toBeCloseTo((byHand[0]! + byHand[1]!) / 2, 12);
    expect([fit[0]!.min, fit[0]!.max]).toEqual([Math.min(...byHand), Math.max(...byHand)]);
    const html = observedFitHtml(fit, 2);
    expect(html).toMatch(/<td>XIN<\/td><td>fitted<\/td>.*<td>yes<\/td><\/tr>/);
    expect(html).toMatch(/<td>XOUT<\/td><td>compared<\/td>.*<td>no<\/td><\/tr>/);

    // The written report: L2a (days 1-20) and L9a (day 57) lie after this 3-day run.
    const report = readFileSync(await writeReport(r.dir), 'utf8');
    expect(report).toContain('<h2>Fit to observed history</h2>');
    expect(report).toContain('lab calibrate experiments/calibration/history.yaml');
    expect(report).toMatch(/<td>L2a<\/td><td>fitted<\/td>.*not reached by this run/);
    expect(report).toMatch(/<td>L9a<\/td><td>compared<\/td>.*not reached by this run/);
    expect(report.indexOf('Fit to observed history')).toBeLessThan(report.indexOf('<h2>Charts</h2>'));
    // R2 (issuance at the launch, day 0) is reached: its verdict is the band test on the runs' first sample.
    const issued = res.rows.map((row) => (res.readSeries('network', row.run)!.array('totalIssuance') as ArrayLike<number>)[0]!);
    const mean = (issued[0]! + issued[1]!) / 2;
    expect(report).toMatch(new RegExp(`<td>R2</td><td>compared</td>.*<td>${mean >= 8.5e6 && mean <= 8.7e6 ? 'yes' : 'no'}</td></tr>`));
    // Its quantity is drawn with the band; the unreached targets' quantities are not.
    expect(report).toContain('Fit to observed history: totalIssuance');
    expect(report).not.toContain('Fit to observed history: maxPrice');
    expect(existsSync(join(r.dir, 'figures', 'observed-1.svg'))).toBe(true);
    expect(report).not.toMatch(/observed-1: /); // no compiler or runtime warning about the chart
  }, 120_000);

  it('a run whose spec names no observed targets has no such section', async () => {
    const r = await runExperiment({ loaded: parseSpec(spec('', '1d')), outRoot: tmp(), workers: 1 });
    expect(readFileSync(await writeReport(r.dir), 'utf8')).not.toContain('Fit to observed history');
  }, 120_000);
});

describe('the spec key observed', () => {
  it('keeps the ids; targets dated after the horizon are allowed', () => {
    expect(parseSpec(spec('observed: { fitted: [L3, L4a], compared: [S1] }')).spec.observed).toEqual({ fitted: ['L3', 'L4a'], compared: ['S1'] });
    expect(parseSpec(spec('')).spec.observed).toBeUndefined();
  });

  it('an unknown id names its path and the known targets', () => {
    expect(() => parseSpec(spec('observed: { fitted: [L3, L4a, NOPE] }'))).toThrow(/observed\.fitted\[2\].*unknown target "NOPE".*known targets: .*L2a/s);
    expect(() => parseSpec(spec('observed: { compared: [L3, L12] }'))).toThrow(/observed\.compared\[1\].*L12 is a practice/s);
    expect(() => parseSpec(spec('observed: { fitted: [L3], compared: [L7, L3] }'))).toThrow(/observed\.compared\[1\].*either fitted or only compared/s);
    expect(() => parseSpec(spec('observed: { fit: [L3] }'))).toThrow(/observed\.fit.*allowed: fitted, compared/s);
  });
});
