// The later eras from a mature state (experiments/genesis/flow-from-2025-11-04.yaml and
// current-from-2026-06-01.yaml): each starts from a snapshot of the history run on its era's first day,
// not from the synthetic launch. Reduced: 6 days, a tenth of the agents, one replication, one herding value.
// Checks that the snapshot's state is what the run starts from, and that the era's share rule holds on it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriesArrow } from '../../src/experiments/results/arrowSchema.ts';
import type { RunResult } from '../../src/experiments/types.ts';
import { networkColumn, reduceSpec, runSpec } from './reduce.ts';

interface SnapshotSubnet { movingPrice: number }
function snapshot(name: string): { block: number; genesis: { subnets: SnapshotSubnet[] } } {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../experiments/genesis/${name}`, import.meta.url)), 'utf8'));
}

function run(file: string): RunResult {
  const [p] = runSpec(reduceSpec(file, { horizon: '6d', scale: 0.1, replications: 1, sweep: { 'population.herder.herding': [0.9] } }));
  return p!.runs[0]!;
}

/** Rows of the subnets series at sample k. */
function rowsAt(r: RunResult, k: number): number[] {
  const b = networkColumn(r, 'block')[k]!;
  const sb = r.series.subnets.columns.block!;
  const out: number[] = [];
  for (let i = 0; i < sb.length; i++) if (sb[i] === b) out.push(i);
  return out;
}

function startsFromSnapshot(r: RunResult, file: string, date: string): void {
  const snap = snapshot(file);
  expect(networkColumn(r, 'subnetCount')[0]).toBe(snap.genesis.subnets.length);
  const moving = snap.genesis.subnets.reduce((a, s) => a + s.movingPrice, 0);
  expect(networkColumn(r, 'sumMovingPrices')[0]).toBeCloseTo(moving, 9);
  expect((seriesArrow('network', r)!.getChild('date')!.toArray() as string[])[0]).toBe(date);
}

describe('later eras from the history snapshots', () => {
  let flow: RunResult;
  let current: RunResult;
  beforeAll(() => {
    flow = run('genesis/flow-from-2025-11-04.yaml');
    current = run('genesis/current-from-2026-06-01.yaml');
  });

  it('the flow era starts from the 2025-11-04 snapshot', () => startsFromSnapshot(flow, 'history-2025-11-04.json', '2025-11-04'));
  it('the current era starts from the 2026-06-01 snapshot', () => startsFromSnapshot(current, 'history-2026-06-01.json', '2026-06-01'));

  it('flow era: a subnet with a higher flow EMA never gets a smaller emission share', () => {
    const c = flow.series.subnets.columns;
    let pairs = 0;
    for (let k = 1; k < networkColumn(flow, 'block').length; k++) {
      const rows = rowsAt(flow, k);
      for (const a of rows) for (const b of rows) {
        if (c.flowEma![a]! > c.flowEma![b]!) {
          expect(c.emissionShare![a]!).toBeGreaterThanOrEqual(c.emissionShare![b]!);
          pairs++;
        }
      }
    }
    expect(pairs).toBeGreaterThan(0);
  });
});
