// The checkout's launcher (bin/dtao-lab.js, behind `npm run lab` and `npm start`): it runs a build of src/
// kept in .lab-build/, rebuilt when the sources change, once for processes started together. Tested on a
// copy of the repository's sources in a temporary folder (node_modules linked), so that editing a source
// file here cannot disturb the other test files.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let work: string;

const lab = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(work, 'bin', 'dtao-lab.js'), ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, ...env } });

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'dtao-lab-launcher-'));
  for (const f of ['bin', 'src', 'experiments', 'data']) cpSync(join(ROOT, f), join(work, f), { recursive: true });
  for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) cpSync(join(ROOT, f), join(work, f));
  symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('bin/dtao-lab.js in a checkout', () => {
  it('builds src/ once for processes started together, and each of them runs', async () => {
    const runs = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<{ code: number | null; out: string }>((resolve) => {
            const c = spawn(process.execPath, [join(work, 'bin', 'dtao-lab.js'), '--help'], { cwd: work });
            let out = '';
            c.stdout.on('data', (d) => (out += d));
            c.stderr.on('data', (d) => (out += d));
            c.on('close', (code) => resolve({ code, out }));
          }),
      ),
    );
    for (const r of runs) {
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(/^dtao-lab <command> \[options\]/);
    }
    expect(existsSync(join(work, '.lab-build', 'cli', 'index.js'))).toBe(true);
    expect(readFileSync(join(work, '.lab-build', '.sources'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    // No builder's leftovers: the lock, the temporary and the replaced builds are gone.
    expect(existsSync(join(work, '.lab-build.lock'))).toBe(false);
    expect(readdirSync(work).filter((f) => f.startsWith('.lab-build'))).toEqual(['.lab-build']);
  }, 120_000);

  it('rebuilds when a source file changes, and not otherwise', () => {
    const stamp = readFileSync(join(work, '.lab-build', '.sources'), 'utf8');
    expect(lab(['--help']).status).toBe(0);
    expect(readFileSync(join(work, '.lab-build', '.sources'), 'utf8')).toBe(stamp); // unchanged sources: no build
    const cli = join(work, 'src', 'cli', 'index.ts');
    writeFileSync(cli, readFileSync(cli, 'utf8').replace(".usage('$0 <command> [options]')", ".usage('$0 <command> [options] (edited)')"));
    const r = lab(['--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^dtao-lab <command> \[options\] \(edited\)/);
    expect(readFileSync(join(work, '.lab-build', '.sources'), 'utf8')).not.toBe(stamp);
  }, 120_000);

  it('says what failed when src/ does not compile, and keeps the last build', () => {
    const cli = join(work, 'src', 'cli', 'index.ts');
    const good = readFileSync(cli, 'utf8');
    writeFileSync(cli, `${good}\nconst = ;\n`);
    const r = lab(['--help']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dtao-lab: building src\/ failed/);
    expect(existsSync(join(work, '.lab-build', 'cli', 'index.js'))).toBe(true);
    writeFileSync(cli, good);
  }, 120_000);

  it('runs the sources through tsx with DTAO_LAB_TSX=1', () => {
    const cli = join(work, 'src', 'cli', 'index.ts');
    writeFileSync(cli, readFileSync(cli, 'utf8').replace("(edited)')", "(tsx)')"));
    const stamp = readFileSync(join(work, '.lab-build', '.sources'), 'utf8');
    const r = lab(['--help'], { DTAO_LAB_TSX: '1' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^dtao-lab <command> \[options\] \(tsx\)/);
    expect(readFileSync(join(work, '.lab-build', '.sources'), 'utf8')).toBe(stamp); // tsx does not build
  }, 120_000);
});
