// The cluster job files as a user applies them, and the merge's choice of shard folders.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { specShardDirs, waitForShards } from '../../src/experiments/results/clusterMerge.ts';
import { parseSpec } from '../../src/experiments/spec/spec.ts';
import { writeFileAtomic } from '../../src/experiments/results/store.ts';
import { tinySpec } from './tinySpec.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dtao-lab-jobs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('jobs/k8s-indexed-job.yaml', () => {
  const text = readFileSync(join(ROOT, 'jobs', 'k8s-indexed-job.yaml'), 'utf8').replace(/__SHARDS__/g, '5').replace(/__RWX_STORAGE_CLASS__/g, 'nfs');
  const docs = parseAllDocuments(text).map((d) => d.toJS() as Record<string, any>);

  it('takes the shard count from one placeholder and the storage class from another', () => {
    expect(text).not.toMatch(/__[A-Z_]+__/);
    const [pvc, shards, merge] = docs;
    expect(pvc!.spec.storageClassName).toBe('nfs');
    expect(pvc!.spec.accessModes).toEqual(['ReadWriteMany']);
    expect([shards!.spec.completions, shards!.spec.parallelism]).toEqual([5, 5]);
    const env = (job: Record<string, any>) => Object.fromEntries(job.spec.template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(env(shards!).SHARDS).toBe('5');
    expect(env(merge!).SHARDS).toBe('5');
  });

  it('the merge waits for this spec\'s shards with a deadline', () => {
    const merge = docs[2]!;
    expect(merge.spec.activeDeadlineSeconds).toBeGreaterThan(0);
    expect(merge.spec.template.spec.containers[0].args[0]).toMatch(/merge \/results --spec \/spec\/spec\.yaml --shards "\$SHARDS" --wait/);
  });
});

describe('jobs/slurm-*.sbatch', () => {
  it.each(['slurm-array.sbatch', 'slurm-merge.sbatch', 'slurm-submit.sh'])('%s is valid bash asking for one CPU', (f) => {
    const file = join(ROOT, 'jobs', f);
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
    const text = readFileSync(file, 'utf8');
    if (f.endsWith('.sbatch')) expect(text).toMatch(/^#SBATCH --cpus-per-task=1$/m);
  });
  it('the merge has its own log name (no %a outside an array)', () => {
    const text = readFileSync(join(ROOT, 'jobs', 'slurm-merge.sbatch'), 'utf8');
    expect(text).toMatch(/^#SBATCH --output=dtao-lab-merge-%j\.out$/m);
  });
});

describe('merge --spec --shards: the folders it takes', () => {
  const loaded = parseSpec(tinySpec('merge-dirs', 1));
  it('names exactly shard-<i>-of-N of this spec\'s hash', () => {
    const dirs = specShardDirs('out', loaded, 3);
    expect(dirs).toEqual([0, 1, 2].map((i) => join('out', 'merge-dirs', loaded.hash, `shard-${i}-of-3`)));
    expect(() => specShardDirs('out', loaded, 0)).toThrow(/--shards/);
  });
  it('waits until every shard has finished, and gives up at the deadline naming the late ones', async () => {
    const dirs = specShardDirs(work, loaded, 2);
    writeFileAtomic(join(dirs[0]!, 'manifest.json'), JSON.stringify({ specHash: loaded.hash, status: 'complete' }));
    writeFileAtomic(join(dirs[1]!, 'manifest.json'), JSON.stringify({ specHash: loaded.hash, status: 'running' }));
    expect(await waitForShards(dirs, loaded.hash, 0.2, 0.05)).toEqual([dirs[1]]);
    writeFileAtomic(join(dirs[1]!, 'manifest.json'), JSON.stringify({ specHash: loaded.hash, status: 'incomplete' }));
    expect(await waitForShards(dirs, loaded.hash, 5, 0.05)).toEqual([]);
    writeFileAtomic(join(dirs[1]!, 'manifest.json'), JSON.stringify({ specHash: 'another', status: 'complete' }));
    await expect(waitForShards(dirs, loaded.hash, 5, 0.05)).rejects.toThrow(/holds spec another/);
  });
});
