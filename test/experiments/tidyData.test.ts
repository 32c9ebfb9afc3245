// The results' Arrow encoding as pandas, polars and R see it: types, nulls, names and metadata.
import { tableFromIPC, Type } from '@uwdata/flechette';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/agents/registry.ts';
import { runsArrow, seriesArrow, toIPC } from '../../src/experiments/results/arrowSchema.ts';
import { agentParametersInForce, describeSeries, safeAlias } from '../../src/experiments/results/columnDocs.ts';
import { parseSpec } from '../../src/experiments/spec/spec.ts';
import type { RunColumns, RunRow } from '../../src/experiments/results/store.ts';
import type { RunResult } from '../../src/experiments/types.ts';

const cols: RunColumns = { params: [{ name: 'population.herder.herding', type: 'number' }, { name: 'ruleSet', type: 'string' }], metrics: ['daysToAlphaParity', 'emissionGini'] };
const row = (run: number, parity: number): RunRow => ({
  run, point: run, replication: 0, seed: `seed${run}`, status: 'ok',
  params: { 'population.herder.herding': 0.5, ruleSet: 'launch-2025-02' }, summary: { daysToAlphaParity: parity, emissionGini: 0.1 },
});
const read = (t: Parameters<typeof toIPC>[0]) => tableFromIPC(toIPC(t, 'file'));
const fieldOf = (t: ReturnType<typeof read>, name: string) => t.schema.fields.find((f) => f.name === name)!;

describe('runs.arrow', () => {
  const t = read(runsArrow([row(0, NaN), row(1, 12.5)], cols));
  it('"not applicable" is null, not NaN; error is utf8 even when nothing failed; seed is plain utf8', () => {
    expect(t.getChild('daysToAlphaParity').toArray()).toEqual([null, 12.5]);
    expect(fieldOf(t, 'error').type.typeId).toBe(Type.Utf8);
    expect(t.getChild('error').toArray()).toEqual([null, null]);
    expect(fieldOf(t, 'seed').type.typeId).toBe(Type.Utf8);
    expect(fieldOf(t, 'run').type).toMatchObject({ typeId: Type.Int, bitWidth: 32 });
  });
  it('keeps the parameter path and adds a dot-free alias that says what it stands for', () => {
    expect(t.schema.fields.map((f) => f.name)).toContain('population.herder.herding');
    const alias = fieldOf(t, 'population_herder_herding');
    expect(alias.metadata?.get('alias_of')).toBe('population.herder.herding');
    expect(t.getChild('population_herder_herding').toArray()).toEqual(t.getChild('population.herder.herding').toArray());
    expect(t.schema.fields.filter((f) => f.name === 'ruleSet')).toHaveLength(1); // already safe: no alias
    expect(safeAlias('chain.tempo')).toBe('chain_tempo');
    expect(safeAlias('2x')).toBe('_2x');
  });
  it('carries units and descriptions in field metadata', () => {
    expect(fieldOf(t, 'replication').metadata?.get('unit')).toBe('index');
    expect(fieldOf(t, 'error').metadata?.get('description')).toMatch(/null when/);
  });
});

describe('series files', () => {
  const f64 = (...v: number[]) => Float64Array.from(v);
  const result = {
    run: 3, point: 1, replication: 1, families: ['herder', 'owner'],
    series: {
      network: { columns: {} },
      subnets: { columns: { block: f64(0, 0, 7200, 7200), netuid: f64(1, 2, 1, 2), price: f64(1, NaN, 0.9, 1.1), miners: f64(4, 4, 5, 4) } },
      families: { columns: { block: f64(0, 0), family: f64(0, 1), wealth: f64(10, 20) } },
    },
  } as unknown as RunResult;
  it('integer columns are int32, NaN is null, and every kind has day', () => {
    const s = read(seriesArrow('subnets', result)!);
    for (const name of ['block', 'netuid', 'miners', 'run', 'point', 'replication']) expect(fieldOf(s, name).type).toMatchObject({ typeId: Type.Int, bitWidth: 32 });
    expect(s.getChild('price').toArray()).toEqual([1, null, 0.9, 1.1]);
    expect(Array.from(s.getChild('day').toArray() as Float64Array)).toEqual([0, 0, 1, 1]);
    expect(fieldOf(s, 'price').metadata?.get('unit')).toBe('TAO/alpha');
    const fam = read(seriesArrow('families', result)!);
    expect(fam.getChild('familyName').toArray()).toEqual(['herder', 'owner']);
    expect(fam.schema.fields.map((f) => f.name)).toContain('day');
    expect(seriesArrow('network', result)).toBeUndefined();
    const broken = { ...result, series: { ...result.series, subnets: { columns: { block: f64(0, NaN), netuid: f64(1, 2) } } } } as RunResult;
    expect(() => seriesArrow('subnets', broken)).toThrow(/block: expected 32-bit integers, found NaN/);
  });
  it('the manifest describes each kind, day included', () => {
    for (const kind of ['network', 'subnets', 'families'] as const) {
      const names = describeSeries()[kind].columns.map((c) => c.name);
      expect(names.filter((n) => n === 'day')).toHaveLength(1);
      expect(names).toEqual(expect.arrayContaining(['block', 'run', 'point', 'replication']));
    }
  });
});

describe('agent parameters in force', () => {
  it('records every parameter of every family in the spec: given, default or swept', () => {
    const { spec } = parseSpec(`name: p
description: parameters in force
ruleSet: launch-2025-02
horizon: 1d
population:
  herder: { count: 10, params: { wealth: 5 } }
  passiveStaker: { count: 2 }
sweep: { design: grid, parameters: { population.herder.herding: [0.1, 0.9] } }
`);
    const p = agentParametersInForce(spec);
    expect(Object.keys(p.herder!.params).sort()).toEqual(FAMILIES.herder!.params.map((d) => d.name).sort());
    expect(p.herder!.params.wealth).toEqual({ value: 5, source: 'spec' });
    expect(p.herder!.params.herding!.source).toBe('swept');
    for (const def of FAMILIES.passiveStaker!.params) expect(p.passiveStaker!.params[def.name]).toEqual({ value: def.default, source: 'default' });
    expect(Object.keys(p.passiveStaker!.params).length).toBeGreaterThan(0);
  });
});
