// Shared bits of the fault-injection suite: temp folders, tiny specs and the CLI as a child process.
// Specs are small (a few subnets, hours to a day) and most runs use the fake worker, so the suite
// takes seconds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FAKE = fileURLToPath(new URL('../experiments/fixtures/fakeWorker.ts', import.meta.url));

const made: string[] = [];
export function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'dtao-faults-'));
  made.push(d);
  return d;
}
export function cleanup(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A fake-worker spec: `levels` points × `reps` replications (the fake simulate ignores the world). */
export const fakeSpec = (levels: number, reps = 1, extra = '') => `name: faults
description: Does the runner survive faults?
horizon: 1d
sampleEvery: 6h
seed: faults
replications: ${reps}
population:
  herder: { count: 2 }
sweep:
  parameters:
    level: { from: 0, to: ${levels - 1}, steps: ${levels} }
${extra}`;

export function writeSpec(dir: string, text: string, name = 'spec.yaml'): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

/** The CLI in a child process (with the fake worker unless real is set). */
export function cli(args: string[], o: { real?: boolean; env?: Record<string, string> } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...o.env };
  if (o.real) delete env.DTAO_LAB_WORKER;
  else env.DTAO_LAB_WORKER = FAKE;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], { cwd: ROOT, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
