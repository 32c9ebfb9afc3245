// The Slurm jobs as written (jobs/slurm-submit.sh → slurm-array.sbatch + slurm-merge.sbatch) on a real
// Slurm: the merged runs.csv must equal, byte for byte, what one machine writes. Needs a Slurm that
// accepts jobs on this machine (scripts/slurm-localhost.sh sets one up on Debian); without one the suite
// does not apply and says so. The submit folder is a temporary one: the jobs find the lab through LAB.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tinySpec } from './tinySpec.ts';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAB = `${process.execPath} ${join(ROOT, 'bin', 'dtao-lab.js')}`;

/** Why the Slurm test cannot run here, or undefined when a node answers. */
function slurmMissing(): string | undefined {
  const which = spawnSync('sh', ['-c', 'command -v sbatch && command -v squeue && command -v sinfo'], { encoding: 'utf8' });
  if (which.status !== 0) return 'no sbatch/squeue/sinfo on PATH (set up a local Slurm with scripts/slurm-localhost.sh)';
  const info = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8', timeout: 10_000 });
  if (info.status !== 0) return `sinfo fails: ${info.stderr.trim()} (is slurmctld running? scripts/slurm-localhost.sh)`;
  if (!/^(idle|mixed|allocated)/m.test(info.stdout)) return `no Slurm node accepts jobs (sinfo: ${info.stdout.trim() || 'nothing'})`;
  return undefined;
}
const missing = slurmMissing();

const SPEC = tinySpec('slurm-test', 2);

let work: string | undefined;
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

async function waitForJobs(ids: string[], timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const q = spawnSync('squeue', ['-h', '-j', ids.join(','), '-o', '%i %T %r'], { encoding: 'utf8' });
    if (q.status === 0 && q.stdout.trim() === '') return;
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error(`Slurm jobs ${ids.join(', ')} still queued after ${timeoutMs / 1000} s: ${execFileSync('squeue', { encoding: 'utf8' })}`);
}

describe.skipIf(missing !== undefined)(`Slurm array + merge on a real Slurm${missing ? ` — not run: ${missing}` : ''}`, () => {
  it('merges exactly this spec\'s shards into the runs.csv one machine writes', async () => {
    work = mkdtempSync(join(tmpdir(), 'dtao-lab-slurm-'));
    const spec = join(work, 'spec.yaml');
    writeFileSync(spec, SPEC);
    const env = { ...process.env, LAB, NO_REPORT: '1' };
    // A decoy: one shard of an earlier, 2-task array of the same spec in the same results root.
    execFileSync(process.execPath, [join(ROOT, 'bin', 'dtao-lab.js'), 'run', spec, '--out', 'out', '--shard', '0/2', '--no-progress'], { cwd: work, env, stdio: 'ignore' });

    const submitted = execFileSync('bash', [join(ROOT, 'jobs', 'slurm-submit.sh'), spec, 'out', '3'], { cwd: work, env, encoding: 'utf8' });
    const m = /^array (\d+) \(3 tasks\), merge (\d+)$/m.exec(submitted);
    expect(m, submitted).not.toBeNull();
    await waitForJobs([m![1]!, m![2]!], 240_000);

    const mergeLog = join(work, `dtao-lab-merge-${m![2]}.out`);
    expect(existsSync(mergeLog)).toBe(true);
    expect(readFileSync(mergeLog, 'utf8')).toMatch(/merged 3 shards: 4 ok, 0 failed, 0 missing of 4 runs/);
    expect(readdirSync(work).filter((f) => f.startsWith(`dtao-lab-${m![1]}_`)).length).toBe(3);

    execFileSync(process.execPath, [join(ROOT, 'bin', 'dtao-lab.js'), 'run', spec, '--out', 'one', '--workers', '2', '--no-report', '--no-progress'], { cwd: work, env, stdio: 'ignore' });
    const [hash] = readdirSync(join(work, 'one', 'slurm-test'));
    const merged = readFileSync(join(work, 'out', 'slurm-test', hash!, 'runs.csv'));
    const single = readFileSync(join(work, 'one', 'slurm-test', hash!, 'runs.csv'));
    expect(single.toString().trim().split('\n')).toHaveLength(5);
    expect(merged.equals(single)).toBe(true);
    expect(readFileSync(join(work, 'out', 'slurm-test', hash!, 'runs.arrow')).equals(readFileSync(join(work, 'one', 'slurm-test', hash!, 'runs.arrow')))).toBe(true);
  }, 300_000);
});
