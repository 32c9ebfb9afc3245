// New subnets entering over time (src/agents/subnetEntry.ts), a world process run with the root weights.
import { describe, expect, it } from 'vitest';
import { ENTRY_SCHEDULE, scheduledSubnets } from '../../src/agents/subnetEntry.ts';
import { simulate } from '../../src/experiments/run/simulate.ts';
import type { RunConfig } from '../../src/experiments/types.ts';
import { DEFAULT_WORLD, validateWorldSpec } from '../../src/agents/world.ts';

const cfg = (world: Record<string, number>, days: number): RunConfig => ({
  experiment: 'entry', run: 0, point: 0, replication: 0, seed: 'entry-seed', ruleSet: 'launch-2025-02', chain: {},
  world: { ...DEFAULT_WORLD, subnets: 8, rootValidators: 3, minersPerSubnet: 1, rootStake: 1000, issued: 200_000, ...world },
  population: [{ family: 'noiseTrader', count: 2, params: { wealth: 50 } }],
  horizon: days * 7200, sampleEvery: 7200, params: {}, metrics: {},
});

function countsByDay(r: ReturnType<typeof simulate>): number[] {
  const blocks = r.series.network.columns.block!;
  const sb = r.series.subnets.columns.block!;
  return Array.from(blocks, (b) => sb.filter((x) => x === b).length);
}

describe('subnet entry', () => {
  it('the schedule passes through the observed counts (64, 88, ~118, 128) and stays at the cap', () => {
    for (const [day, n] of ENTRY_SCHEDULE) expect(scheduledSubnets(day)).toBe(n);
    expect(scheduledSubnets(400)).toBe(128);
    expect(scheduledSubnets(30)).toBeGreaterThan(64);
    expect(scheduledSubnets(30)).toBeLessThan(88);
  });

  it('off by default; world.subnetEntry is range-checked', () => {
    expect(DEFAULT_WORLD.subnetEntry).toBe(0);
    expect(() => validateWorldSpec({ subnetEntry: -1 })).toThrow(/world\.subnetEntry: -1 is outside the allowed range \[0, 4\]/);
  });

  it('keeps the count on the scaled schedule, funds entrants from the holders (no TAO created), and scales', () => {
    const days = 30;
    const full = simulate(cfg({ subnetEntry: 1 }, days));
    const half = simulate(cfg({ subnetEntry: 0.5 }, days));
    const none = simulate(cfg({ subnetEntry: 0 }, days));
    for (const r of [full, half, none]) expect(r.status).toBe('ok');
    const cFull = countsByDay(full), cHalf = countsByDay(half), cNone = countsByDay(none);
    expect(cNone.every((n) => n === 8)).toBe(true);
    // day 30: 8 + scale × (schedule(30) − 64), within one registration (the rate limit is one a day)
    const want = (s: number) => Math.round(8 + s * (scheduledSubnets(30) - 64));
    expect(Math.abs(cFull[days]! - want(1))).toBeLessThanOrEqual(1);
    expect(Math.abs(cHalf[days]! - want(0.5))).toBeLessThanOrEqual(1);
    expect(cFull[days]!).toBeGreaterThan(cHalf[days]!);
    // counts never fall (no pruning under the launch rule set) and grow at most one a day
    for (let d = 1; d <= days; d++) expect(cFull[d]! - cFull[d - 1]!).toBeGreaterThanOrEqual(0);
    for (let d = 1; d <= days; d++) expect(cFull[d]! - cFull[d - 1]!).toBeLessThanOrEqual(1);
    // no TAO is created for entrants: their lock costs come from the holders (the part of a lock the
    // launch rules recycle leaves issuance, so issuance ends lower, never higher)
    const iss = (r: typeof full) => r.series.network.columns.totalIssuance!.at(-1)!;
    expect(iss(full)).toBeLessThanOrEqual(iss(none) + 1e-6);
  });

  it('an entrant never pays more than world.entryMaxLock, so the lock burn never makes issuance fall (regression)', () => {
    // Twice the schedule asks for a registration every day for 17 days; the lock doubles on each and decays
    // only over 14 days (×1.93 a day), so an entrant paying whatever the chain asked paid ~37,000 TAO for the
    // 17th subnet, more than a day's 7,200 TAO of emission, and the launch rules burn all but 1 TAO of a lock.
    const days = 20;
    const capped = simulate(cfg({ subnetEntry: 2 }, days));
    expect(capped.status).toBe('ok');
    const iss = capped.series.network.columns.totalIssuance!;
    for (let d = 1; d < iss.length; d++) expect(iss[d]!).toBeGreaterThanOrEqual(iss[d - 1]!);
    // the cap binds: the count falls behind the doubled schedule (it would be on it within one otherwise)
    const counts = countsByDay(capped);
    const want = Math.round(8 + 2 * (scheduledSubnets(days) - 64));
    expect(counts[days]!).toBeLessThan(want - 1);
    expect(counts[days]!).toBeGreaterThan(8);
    // a higher cap lets more through, paying more
    const rich = simulate(cfg({ subnetEntry: 2, entryMaxLock: 50_000 }, days));
    expect(countsByDay(rich)[days]!).toBeGreaterThan(counts[days]!);
    expect(() => validateWorldSpec({ entryMaxLock: 0 })).toThrow(/world\.entryMaxLock: 0 is outside the allowed range/);
  });
});
