// The sweep cost estimate (src/experiments/run/estimate.ts) and `run --dry-run`: what the spec implies is
// counted exactly; the timed part is only checked for sense (never for speed); a dry run writes nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEstimate, estimateSweep, formatSeconds } from '../../src/experiments/run/estimate.ts';
import { parseSpec } from '../../src/experiments/spec/spec.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SPEC = `name: tiny-estimate
description: What does a small sweep cost?
horizon: 1d
sampleEvery: 12h
seed: est
replications: 2
world: { subnets: 3, minersPerSubnet: 4, rootValidators: 5 }
population:
  herder: { count: 10 }
  noiseTrader: { count: 2 }
sweep:
  parameters:
    population.herder.count: [10, 30]
    population.herder.herding: [0.2, 0.8]
`;

describe('estimateSweep', () => {
  it('counts the runs, blocks and agents the spec implies and extrapolates a positive cost', () => {
    const e = estimateSweep(parseSpec(SPEC), 2, undefined, 0.25);
    expect(e.points).toBe(4);
    expect(e.runs).toBe(8);
    expect(e.blocksPerRun).toBe(7200);
    expect(e.totalBlocks).toBe(8 * 7200);
    expect([e.agentsMin, e.agentsMax]).toEqual([12, 32]);
    expect(e.worldUids).toBe(3 * (1 + 5 + 4));
    expect(e.probeBlocks).toBe(1800);
    expect(e.probeFirstBlocks).toBe(600);
    // Each probe part is a prefix of the next (same seed), timed from scratch: each costs more than genesis alone.
    expect(e.probeFirstCpuSec).toBeGreaterThan(e.probeGenesisCpuSec);
    expect(e.runCpuSec).toBeGreaterThanOrEqual(e.probeFirstCpuSec);
    expect(e.cpuSec).toBeCloseTo(e.runCpuSec * 8, 9);
    // 2 workers (or fewer cores) share the CPU time: wall >= CPU / 2 (it is stretched on a busy machine).
    expect(e.wallSec).toBeGreaterThanOrEqual(e.cpuSec / 2 - 1e-9);
    const text = describeEstimate('tiny-estimate', e).join('\n');
    expect(text).toContain('4 points × 2 replications = 8 runs of 7200 blocks (1 days)');
    expect(text).toContain('12–32 agents');
    expect(text).toContain("run 0's first 0.25 days predict");
  });

  it('times a horizon no longer than the probe whole, and says so', () => {
    const e = estimateSweep(parseSpec(SPEC.replace('horizon: 1d', 'horizon: 2h').replace('sampleEvery: 12h', 'sampleEvery: 1h')), 1);
    expect(e.probeBlocks).toBe(600);
    expect(e.runCpuSec).toBe(e.probeCpuSec);
    expect(e.probeFirstBlocks).toBe(600); // one timed run, not a first part too
    expect(describeEstimate('tiny-estimate', e).join('\n')).toContain('every run assumed to cost what run 0 does;');
  });

  it('formats durations for people', () => {
    expect(formatSeconds(12.34)).toBe('12.3 s');
    expect(formatSeconds(200)).toBe('3 min 20 s');
    expect(formatSeconds(3720)).toBe('1 h 02 min');
  });
});

describe('lab run --dry-run', () => {
  it('prints the estimate, exits 0 and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtao-estimate-'));
    dirs.push(dir);
    const specFile = join(dir, 'spec.yaml');
    writeFileSync(specFile, SPEC.replace('horizon: 1d', 'horizon: 2h').replace('sampleEvery: 12h', 'sampleEvery: 1h'));
    const out = join(dir, 'results');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'run', specFile, '--out', out, '--workers', '1', '--dry-run'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toContain('8 runs');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/8 runs of 600 blocks/);
    expect(r.stdout).toMatch(/estimate: .* CPU per run, .* CPU in all, ~.* wall on 1 worker/);
    expect(existsSync(out)).toBe(false);
  });
});
