// simulate(): determinism (byte-identical series for a seed), conservation, the shape of the result,
// custom metrics, and failures that come back as data (status 'failed', the error, the partial series).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WORLD } from '../../src/agents/world.ts';
import { Chain } from '../../src/market/chain.ts';
import { RULE_SETS } from '../../src/market/rules.ts';
import {
  Columns, compileMetrics, describeError, evaluateMetrics, netuidSlots, simulate,
} from '../../src/experiments/run/simulate.ts';
import { checkRunConfig } from '../../src/experiments/run/task.ts';
import { FAMILY_SERIES, NETWORK_SERIES, SUBNET_SERIES, SUMMARY_METRICS, type RunConfig, type RunResult } from '../../src/experiments/types.ts';

const SUBNETS = 4;

function tinyConfig(over: Partial<RunConfig> = {}): RunConfig {
  return {
    experiment: 'tiny', run: 3, point: 1, replication: 1, seed: 'tiny-seed', ruleSet: 'launch-2025-02', chain: {},
    world: { ...DEFAULT_WORLD, subnets: SUBNETS, rootValidators: 4, minersPerSubnet: 6, rootStake: 60_000, issued: 100_000 },
    population: [], horizon: 3000, sampleEvery: 500, params: { 'population.herder.herding': 0.5 }, metrics: {},
    ...over,
  };
}

/** A small population of every family (agents wake often enough to trade within the horizon). */
const POPULATION: RunConfig['population'] = [
  { family: 'herder', count: 20, params: { wealth: 50, wakeRate: 5 } },
  { family: 'noiseTrader', count: 4 },
  { family: 'miner', count: 4 },
  { family: 'passiveStaker', count: 4 },
  { family: 'yieldValidator', count: 2 },
  { family: 'emissionSeller', count: 2 },
  { family: 'cartel', count: 2 },
];

/** Every series column as bytes, plus the summary as JSON (NaN-safe): what "byte-identical" means here. */
function fingerprint(r: RunResult): string {
  const parts: string[] = [];
  for (const kind of ['network', 'subnets', 'families'] as const) {
    for (const [name, col] of Object.entries(r.series[kind].columns)) {
      parts.push(`${kind}.${name}:${Buffer.from(col.buffer, col.byteOffset, col.byteLength).toString('base64')}`);
    }
  }
  parts.push(JSON.stringify(r.summary, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
  return parts.join('\n');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('simulate', () => {
  it('is deterministic: byte-identical series for the same seed, different for another seed', () => {
    const a = simulate(tinyConfig());
    const b = simulate(tinyConfig());
    const c = simulate(tinyConfig({ seed: 'another-seed' }));
    expect(a.status, a.error).toBe('ok');
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint(c)).not.toBe(fingerprint(a));
  });

  it('with every agent family: deterministic, conserving, one family row per (sample, family)', () => {
    const cfg = tinyConfig({ population: POPULATION, horizon: 7200, sampleEvery: 1200 });
    const a = simulate(cfg);
    const b = simulate(structuredClone(cfg));
    const c = simulate({ ...cfg, seed: 'another-seed' });
    expect(a.status, a.error).toBe('ok');
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint(c)).not.toBe(fingerprint(a));
    expect(a.summary.conservationError).toBeLessThan(1e-9);
    expect(a.families).toEqual(POPULATION.map((e) => e.family));
    const fam = a.series.families.columns;
    const samples = 7200 / 1200 + 1;
    expect(fam.block.length).toBe(samples * POPULATION.length);
    expect(Array.from(fam.family.subarray(0, POPULATION.length))).toEqual(POPULATION.map((_, i) => i));
    // Genesis: nobody has traded yet, so a family with capital is worth what it brought (ROI 0 up to fees).
    for (let f = 0; f < POPULATION.length; f++) {
      if (fam.capital[f] > 0) expect(Math.abs(fam.roi[f])).toBeLessThan(0.01);
    }
    expect(Number.isFinite(a.summary.cartelRoi)).toBe(true);
    expect(Number.isFinite(a.summary.honestRoi)).toBe(true);
    // Agents traded: TAO flowed into pools at some sample.
    expect(Math.max(...a.series.network.columns.taoInflow)).toBeGreaterThan(0);
  });

  it('conserves TAO and returns the contract columns, one row per sample (genesis included)', () => {
    const r = simulate(tinyConfig());
    expect(r.status, r.error).toBe('ok');
    expect(r.error).toBeUndefined();
    expect(r.summary.conservationError).toBeLessThan(1e-9);
    expect(r.summary.conservationError).toBeGreaterThanOrEqual(0);
    expect([r.run, r.point, r.replication, r.seed]).toEqual([3, 1, 1, 'tiny-seed']);
    expect(r.blocksSimulated).toBe(3000);
    expect(Object.keys(r.series.network.columns)).toEqual([...NETWORK_SERIES]);
    expect(Object.keys(r.series.subnets.columns)).toEqual([...SUBNET_SERIES]);
    expect(Object.keys(r.series.families.columns)).toEqual([...FAMILY_SERIES]);
    const samples = 3000 / 500 + 1;
    const net = r.series.network.columns;
    expect(Array.from(net.block)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000]);
    for (const col of Object.values(net)) expect(col.length).toBe(samples);
    for (const col of Object.values(r.series.subnets.columns)) expect(col.length).toBe(samples * SUBNETS);
    expect(Array.from(r.series.subnets.columns.netuid.subarray(0, SUBNETS))).toEqual([1, 2, 3, 4]);
    // At most one TAO minted a block (launch, before any halving); recycling can only lower issuance.
    expect(net.totalIssuance[samples - 1] - net.totalIssuance[0]).toBeLessThanOrEqual(3000 + 1e-6);
    expect(net.day[samples - 1]).toBe(3000 / 7200);
    for (const m of SUMMARY_METRICS) expect(typeof r.summary[m]).toBe('number');
    expect(r.summary.emissionHhi).toBeGreaterThanOrEqual(1 / SUBNETS - 1e-12);
    expect(r.families).toEqual([]);
  });

  it('a sample hook that throws ends the run as failed with the series sampled so far', () => {
    let calls = 0;
    const r = simulate(tinyConfig(), {
      onSample: () => {
        if (++calls === 3) throw new Error('injected failure');
      },
    });
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/^injected failure \(at /);
    expect(r.blocksSimulated).toBe(1000);
    expect(Array.from(r.series.network.columns.block)).toEqual([0, 500, 1000]);
    expect(r.series.subnets.columns.block.length).toBe(3 * SUBNETS);
    for (const m of SUMMARY_METRICS) expect(m in r.summary).toBe(true);
    expect(r.summary.conservationError).toBeLessThan(1e-9);
  });

  it('shouldStop ends the run after the sample in progress', () => {
    let samples = 0;
    const r = simulate(tinyConfig(), { onSample: () => samples++, shouldStop: () => samples >= 2 });
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/^stopped at block 500 of 3000/);
    expect(r.series.network.columns.block.length).toBe(2);
  });

  it('a broken invariant fails the run with the violation text', () => {
    let n = 0;
    vi.spyOn(Chain.prototype, 'checkInvariants').mockImplementation(() => (++n === 2 ? ['TAO not conserved: issued − held = 1'] : []));
    const r = simulate(tinyConfig());
    expect(r.status).toBe('failed');
    expect(r.error).toContain('invariant violated at block 500: TAO not conserved: issued − held = 1');
    expect(r.series.network.columns.block.length).toBe(2);
  });

  it('an unknown name in a custom metric fails the run before it starts, naming the metric', () => {
    const r = simulate(tinyConfig({ metrics: { good: 'emissionGini * 2', bad: 'emissionGini + nosuchThing' } }));
    expect(r.status).toBe('failed');
    expect(r.error).toContain('metrics.bad');
    expect(r.error).toContain('"nosuchThing"');
    expect(r.blocksSimulated).toBe(0);
    expect(Number.isNaN(r.summary.good)).toBe(true);
    expect(Number.isNaN(r.summary.bad)).toBe(true);
  });

  it('bad horizons, sample intervals and rule sets come back as failed runs naming the field', () => {
    expect(simulate(tinyConfig({ horizon: -1 })).error).toMatch(/^horizon:/);
    expect(simulate(tinyConfig({ sampleEvery: 0 })).error).toMatch(/^sampleEvery:/);
    expect(simulate(tinyConfig({ ruleSet: 'nope' })).error).toMatch(/^ruleSet:/);
    expect(simulate(tinyConfig({ chain: { taoWeight: 'x' } })).error).toMatch(/^chain\.taoWeight:/);
    expect(simulate(tinyConfig({ population: [{ family: 'nobody', count: 1 }] })).error).toMatch(/^population\[0\]\.family:/);
  });

  it('custom metrics are evaluated once at the end over the summary, the final network row and params', () => {
    const r = simulate(
      tinyConfig({
        horizon: 1000,
        metrics: {
          twiceGini: 'emissionGini * 2',
          herdingPlusOne: 'population_herder_herding + 1',
          lastSegment: 'herding * 4',
          chained: 'twiceGini + herdingPlusOne',
          issuedDays: 'totalIssuance / 1e3 + day',
        },
      }),
    );
    expect(r.status, r.error).toBe('ok');
    expect(r.summary.twiceGini).toBe(2 * r.summary.emissionGini);
    expect(r.summary.herdingPlusOne).toBe(1.5);
    expect(r.summary.lastSegment).toBe(2);
    expect(r.summary.chained).toBe(r.summary.twiceGini + 1.5);
    const net = r.series.network.columns;
    expect(r.summary.issuedDays).toBe(net.totalIssuance[net.totalIssuance.length - 1] / 1e3 + 1000 / 7200);
  });
});

describe('the worker boundary', () => {
  it('checkRunConfig passes a RunConfig and names the field of a malformed one', () => {
    const cfg = tinyConfig({ population: POPULATION });
    expect(checkRunConfig(cfg)).toBe(cfg);
    expect(() => checkRunConfig({ ...cfg, sampleEvery: 0 })).toThrow(/^run config: sampleEvery is not an integer >= 1/);
    expect(() => checkRunConfig({ ...cfg, run: 1.5 })).toThrow(/^run config: run is not/);
    expect(() => checkRunConfig({ ...cfg, world: [] as never })).toThrow(/^run config: world is not a map/);
    expect(() => checkRunConfig({ ...cfg, population: [{ family: 'herder', count: -1 }] })).toThrow(/^run config: population\[0\]/);
  });

  it('a trusted config (runConfig of a parsed spec) runs exactly as a checked one; an untrusted one is still checked', () => {
    const cfg = tinyConfig({ population: POPULATION, horizon: 600 });
    expect(fingerprint(simulate(cfg, { trusted: true }))).toBe(fingerprint(simulate(cfg)));
    const bad = tinyConfig({ population: [{ family: 'herder', count: 1, params: { herding: 2 } }], horizon: 10 });
    const r = simulate(bad);
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/population\.0\.params\.herding|population\[0\]\.params\.herding/);
  });
});

describe('simulate helpers', () => {
  it('compileMetrics rejects summary names and unknown names; evaluateMetrics names a failing metric', () => {
    expect(() => compileMetrics({ emissionGini: '1' }, {})).toThrow(/metrics\.emissionGini: is a built-in/);
    expect(() => compileMetrics({ m: 'foo + bar' }, {})).toThrow(/metrics\.m: unknown names "foo", "bar"/);
    expect(() => compileMetrics({ m: '1 +' }, {})).toThrow(/metrics\.m: cannot parse/);
    const c = compileMetrics({ m: 'max(cartelRoi, honestRoi) * pi' }, {});
    expect(evaluateMetrics(c, { cartelRoi: 0.5, honestRoi: 0.25 }, {}).m).toBeCloseTo(0.5 * Math.PI, 15);
    const bad = compileMetrics({ m: 'cartelRoi' }, {});
    expect(() => evaluateMetrics(bad, {}, {})).toThrow(/^metrics\.m:/);
  });

  it('Columns grow past their capacity and return exact-length copies', () => {
    const cols = new Columns(['a', 'b'], 2);
    for (let i = 0; i < 5; i++) cols.push(Float64Array.of(i, 10 - i));
    const t = cols.table();
    expect(Array.from(t.columns.a)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(t.columns.b)).toEqual([10, 9, 8, 7, 6]);
    expect(t.columns.a.buffer.byteLength).toBe(5 * 8);
  });

  it('netuidSlots leaves room for one registration per rate-limit interval, or the limit when pruning caps the count', () => {
    const launch = RULE_SETS['launch-2025-02']; // no subnet limit, 7200-block rate limit
    expect(netuidSlots(launch, 64, 30 * 7200)).toBe(64 + 31 + 1);
    expect(netuidSlots(launch, 64, 0)).toBe(64 + 1 + 1);
    const flow = RULE_SETS['flow-2025-11']; // 128-subnet limit
    expect(netuidSlots(flow, 64, 30 * 7200)).toBe(129);
    expect(netuidSlots(flow, 200, 30 * 7200)).toBe(201);
  });

  it('describeError keeps the message and the first stack frame', () => {
    const e = new Error('boom');
    expect(describeError(e)).toMatch(/^boom \(at .+\)$/);
    expect(describeError('plain')).toBe('plain');
  });
});
