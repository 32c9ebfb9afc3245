import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { narrowBox, runCalibration, type EvaluatedPoint } from '../../src/experiments/calibrate/calibrate.ts';
import { writeCalibration } from '../../src/experiments/calibrate/calibrateReport.ts';
import { parseCalibrationSpec } from '../../src/experiments/calibrate/calibrateSpec.ts';
import { distance, quantityPath, scaledMiss, targetStat } from '../../src/experiments/spec/targets.ts';
import { buildPoints, runConfig } from '../../src/experiments/spec/design.ts';
import { parseObserved } from '../../src/experiments/spec/observed.ts';
import { simulate } from '../../src/experiments/run/simulate.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'dtao-calibrate-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const HEADER = 'id,use,quantity,stat,value,lo,hi,dateFrom,dateTo,era,source,confidence,note';
const target = (line: string) => parseObserved(`${HEADER}\n${line}\n`)[0]!;

describe('the distance and the target statistics', () => {
  it('z is within ±1 exactly inside a two-sided band; one-sided bands are 0 inside; NaN never wins', () => {
    const t = { lo: 2, hi: 4 };
    expect(scaledMiss(t, 3)).toBe(0);
    expect(scaledMiss(t, 4)).toBe(1);
    expect(scaledMiss(t, 6)).toBe(3);
    expect(scaledMiss({ lo: 2, hi: Infinity }, 5)).toBe(0);
    expect(scaledMiss({ lo: 2, hi: Infinity }, 1)).toBe(1);
    expect(scaledMiss({ lo: -Infinity, hi: 1 }, 1.5)).toBe(1);
    expect(scaledMiss(t, Number.NaN)).toBe(Infinity);
    expect(distance([3, 4])).toBeCloseTo(Math.sqrt(12.5), 12);
  });

  it('per-subnet quantities group rows by sample; statistics pick their days', () => {
    const D = 7200;
    const run = {
      network: { block: [0, D, 2 * D], sumPrices: [3, 5, 4] },
      subnets: {
        block: [0, 0, D, D, D, 2 * D], price: [1, 2, 3, 1, 1, 9], taoIn: [5, 1, 1, 8, 2, 3], emissionShare: [0.5, 0.5, 0.2, 0.5, 0.3, 1],
      },
    };
    expect(Array.from(quantityPath('subnetCount', run).value)).toEqual([2, 3, 1]);
    expect(Array.from(quantityPath('maxPrice', run).value)).toEqual([2, 3, 9]);
    expect(Array.from(quantityPath('topPoolPrice', run).value)).toEqual([1, 1, 9]); // the price of the largest pool
    expect(quantityPath('top1EmissionShare', run).value[1]).toBeCloseTo(0.5, 12);
    const sos = quantityPath('sumPrices', run);
    expect(targetStat(target('X,target,sumPrices,max,,1,9,2025-02-13,2025-02-15,l,s,P,'), sos)).toBe(5);
    expect(targetStat(target('X,target,sumPrices,mean,,1,9,2025-02-14,2025-02-15,l,s,P,'), sos)).toBe(4.5);
    expect(targetStat(target('X,target,sumPrices,at,,1,9,2025-02-15,,l,s,P,'), sos)).toBe(4);
    expect(Number.isNaN(targetStat(target('X,target,sumPrices,at,,1,9,2025-03-15,,l,s,P,'), sos))).toBe(true);
  });

  it('narrowing keeps the best points inside the new box and stays within the range', () => {
    const params = [{ key: 'a', from: 1, to: 100, scale: 'log' as const, integer: false }];
    const pts = [2, 3, 50, 90].map((a, i) => ({ stage: 1, point: i, values: { a }, distance: Math.abs(Math.log(a / 2.5)) }) as unknown as EvaluatedPoint);
    const [box] = narrowBox(params, pts, 0.5);
    expect(box!.from).toBeLessThanOrEqual(2);
    expect(box!.to).toBeGreaterThanOrEqual(3);
    expect(box!.to).toBeLessThan(50);
    expect(box!.from).toBeGreaterThanOrEqual(1);
  });
});

const BASE = `name: calibrate-tiny
description: Recover the issued TAO at genesis from a synthetic issuance target (the calibrate test)
ruleSet: launch-2025-02
horizon: 2d
sampleEvery: 12h
seed: calibrate-tiny
replications: 2
world: { subnets: 3, rootValidators: 3, minersPerSubnet: 1, rootStake: 1000, issued: 100000 }
population:
  noiseTrader: { count: 2, params: { wealth: 50, medianSize: 0.05 } }
`;
const SECTION = `calibrate:
  observed: targets.csv
  targets: [T1]
  compare: [T2]
  parameters:
    world.issued: { from: 20000, to: 200000, scale: log }
    population.noiseTrader.medianSize: { from: 0.01, to: 0.1 }
  n: 6
  stages: 2
  keep: 0.34
  accept: 0.25
`;

/** T2, only compared: the tiny world's 3 subnets on day 1. */
const T2 = 'T2,target,subnetCount,at,3,2.5,3.5,2025-02-14,,launch-2025-02,synthetic,P,';

function write(dir: string, section: string, csvRow: string): string {
  writeFileSync(join(dir, 'targets.csv'), `${HEADER}\n${csvRow}\n${T2}\n`);
  const file = join(dir, 'spec.yaml');
  writeFileSync(file, BASE + section);
  return file;
}

describe('calibration specs', () => {
  const dir = tmp();
  const row = 'T1,target,totalIssuance,at,,1,2,2025-02-14,,launch-2025-02,synthetic,P,';
  const parse = (section: string, base = BASE) => {
    const file = write(dir, section, row);
    writeFileSync(file, base + section);
    return () => parseCalibrationSpec(readFileSync(file, 'utf8'), file);
  };
  it('errors name the field', () => {
    expect(parse('')).toThrow(/calibrate: missing/);
    expect(parse(SECTION.replace('[T1]', '[T9]'))).toThrow(/calibrate\.targets\[0\]: unknown target "T9"/);
    expect(parse(SECTION.replace('[T2]', '[T1]'))).toThrow(/calibrate\.compare: T1 is also in calibrate\.targets/);
    expect(parse(SECTION.replace('n: 6', 'n: 1'))).toThrow(/calibrate\.n: expected an integer in \[2/);
    expect(parse(SECTION.replace('world.issued:', 'world.nope:'))).toThrow(/calibrate\.parameters\["world\.nope"\]/);
    expect(parse(SECTION.replace('scale: log', 'scale: cubic'))).toThrow(/scale: expected linear or log/);
    expect(parse(SECTION, `${BASE}sweep: { parameters: { world.subnets: [2, 3] } }\n`)).toThrow(/sweep\.parameters: a calibration spec does not sweep/);
  });
  it('a target beyond the horizon or not recorded by the runs is refused', () => {
    writeFileSync(join(dir, 'spec.yaml'), BASE + SECTION);
    writeFileSync(join(dir, 'targets.csv'), `${HEADER}\nT1,target,totalIssuance,at,,1,2,2025-03-14,,l,s,P,\n${T2}\n`);
    expect(() => parseCalibrationSpec(BASE + SECTION, join(dir, 'spec.yaml'))).toThrow(/T1 is dated 2025-03-14 \(day 29\), beyond the horizon/);
    writeFileSync(join(dir, 'targets.csv'), `${HEADER}\nT1,target,chainBuyShare,at,,1,2,2025-02-14,,l,s,P,\n${T2}\n`);
    expect(() => parseCalibrationSpec(BASE + SECTION, join(dir, 'spec.yaml'))).toThrow(/T1 measures chainBuyShare .* which the runs do not record yet/);
  });
});

describe('lab calibrate on a tiny world', () => {
  it('recovers a known parameter: a target the model made at issued = 50000 lies inside the accepted set', async () => {
    const dir = tmp();
    // The model at the known value makes the synthetic target (issuance on day 1 = issued + a day's emission).
    const known = 50_000;
    const c0 = parseCalibrationSpec(BASE + SECTION, write(dir, SECTION, 'T1,target,totalIssuance,at,,1,2,2025-02-14,,launch-2025-02,synthetic,P,'));
    const base = c0.base.spec;
    const cfg = runConfig(base, buildPoints(base), 0);
    cfg.world = { ...cfg.world, issued: known };
    const res = simulate(cfg);
    expect(res.status).toBe('ok');
    const cols = { network: res.series.network.columns, subnets: res.series.subnets.columns };
    const t1 = target('T1,target,totalIssuance,at,,1,2,2025-02-14,,l,s,P,');
    const synthetic = targetStat(t1, quantityPath('totalIssuance', cols));
    expect(synthetic).toBeGreaterThan(known);
    const band = 0.05 * synthetic;
    const file = write(dir, SECTION, `T1,target,totalIssuance,at,${synthetic},${synthetic - band},${synthetic + band},2025-02-14,,launch-2025-02,synthetic,P,`);
    const c = parseCalibrationSpec(readFileSync(file, 'utf8'), file);

    const out = join(dir, 'results');
    const r = await runCalibration(c, { outRoot: out, workers: 2 });
    expect(r.complete).toBe(true);
    expect(r.points).toHaveLength(12);
    const issued = r.accepted.map((p) => p.values['world.issued']!);
    expect(Math.min(...issued)).toBeLessThanOrEqual(known * 1.05);
    expect(Math.max(...issued)).toBeGreaterThanOrEqual(known * 0.95);
    expect(Math.abs(r.best!.values['world.issued']! - known) / known).toBeLessThan(0.1);
    // stage 2 narrowed around the truth: its box is smaller than the range and holds the known value
    const box2 = r.stages[1]!.box.find((p) => p.key === 'world.issued')!;
    expect(box2.to / box2.from).toBeLessThan(10);
    expect(box2.from).toBeLessThanOrEqual(known);
    expect(box2.to).toBeGreaterThanOrEqual(known);

    const report = await writeCalibration(c, r);
    const fit = readFileSync(join(r.dir, 'fit.csv'), 'utf8').trim().split('\n');
    expect(fit[1]).toMatch(/^T1,true,totalIssuance,at,2025-02-14,/);
    expect(fit[1]).toMatch(/,true,P$/);
    // the compared target is reported, inside its band, but never entered the distance
    expect(fit[2]).toMatch(/^T2,false,subnetCount,at,2025-02-14,3,2.5,3.5,3,3,3,0,true,P$/);
    expect(r.best!.distance).toBeCloseTo(Math.abs(r.best!.z[0]!), 12);
    expect(readFileSync(report, 'utf8')).toContain('Targets over the simulated paths');
    const points = readFileSync(join(r.dir, 'points.csv'), 'utf8');

    // Resume: nothing reruns, and the outputs are the same bytes.
    const again = await runCalibration(c, { outRoot: out, workers: 1, resume: true });
    expect(again.stages.map((s) => s.runner.ran)).toEqual([0, 0]);
    await writeCalibration(c, again);
    expect(readFileSync(join(r.dir, 'points.csv'), 'utf8')).toBe(points);
  }, 120_000);
});
