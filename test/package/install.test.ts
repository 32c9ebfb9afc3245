// The package as a user gets it: `npm pack` (which builds dist/ in prepack), installed into an empty
// folder with no overrides and from npm's local cache (--prefer-offline: the repository's `npm ci` has
// filled it, so no network is needed), then the bin and the README's TypeScript example compiled with
// tsc against the installed declarations and run. Nothing here uses tsx or the repository's sources.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tinySpec } from './tinySpec.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string; version: string; devDependencies: Record<string, string>;
};
const TINY = tinySpec('tiny', 1);

/** The README's example, between its markers: what a user copies is what this test compiles. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /<!-- api-example:start -->\s*```ts\n([\s\S]*?)```\s*<!-- api-example:end -->/.exec(readme);
  if (!m) throw new Error('README.md has no api-example block');
  return m[1]!;
}

let work: string;
let app: string;
let tarball: string;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const sh = (cmd: string, args: string[], cwd: string) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const bin = (args: string[]) => sh(join(app, 'node_modules', '.bin', 'dtao-lab'), args, app);

describe('the packed tarball, installed into an empty project', () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'dtao-lab-pack-'));
    app = join(work, 'app');
    const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as { filename: string }[];
    tarball = join(work, packed[0]!.filename);
    execFileSync('mkdir', [app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    const install = sh(npm, ['install', '--prefer-offline', '--no-save', tarball, `typescript@${pkg.devDependencies.typescript}`, `@types/node@${pkg.devDependencies['@types/node']}`], app);
    if (install.code !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
  }, 300_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the build, the scenarios and the licence, not the sources, tests or notebooks; needs no tsx', () => {
    const dir = join(app, 'node_modules', pkg.name);
    expect(readdirSync(dir).sort()).toEqual(expect.arrayContaining(['LICENSE', 'bin', 'dist', 'experiments', 'package.json']));
    for (const absent of ['src', 'test', 'bench', 'notebooks', 'tsconfig.json']) expect(existsSync(join(dir, absent))).toBe(false);
    expect(existsSync(join(dir, 'dist', 'index.d.ts'))).toBe(true);
    expect(existsSync(join(dir, 'dist', 'experiments', 'run', 'worker.js'))).toBe(true);
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(false);
    // The dependency that broke plain installs: exactly one flechette, the pinned one.
    const flechette = JSON.parse(readFileSync(join(app, 'node_modules', '@uwdata', 'flechette', 'package.json'), 'utf8')) as { version: string };
    expect(flechette.version).toBe('2.6.0');
    expect(existsSync(join(app, 'node_modules', 'arquero', 'node_modules', '@uwdata', 'flechette'))).toBe(false);
  });

  it('the bin lists the shipped scenarios by name and resolves a name from any folder', () => {
    const list = bin(['scenarios']);
    expect(list.code).toBe(0);
    for (const name of ['quickstart', 'launch', 'collusion']) expect(list.stdout).toMatch(new RegExp(`^${name} `, 'm'));
    // `run launch` loads the shipped spec (the worker check comes after the spec is read, before any run).
    const byName = bin(['run', 'launch', '--workers', '0']);
    expect(byName.code).toBe(2);
    expect(byName.stderr).toContain('--workers');
    const unknown = bin(['run', 'no-such-scenario']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no shipped scenario of that name.*launch/);
  });

  it('snapshot says what to install when the optional @polkadot packages are absent', () => {
    expect(existsSync(join(app, 'node_modules', '@polkadot', 'api'))).toBe(false);
    const r = bin(['snapshot', '--endpoint', 'wss://node.example', '--out', 'genesis.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('npm install @polkadot/api@');
    expect(existsSync(join(app, 'genesis.json'))).toBe(false);
  });

  it('the bin runs a sweep in worker threads from dist/', () => {
    writeFileSync(join(app, 'tiny.yaml'), TINY);
    const r = bin(['run', 'tiny.yaml', '--workers', '2', '--out', 'cli-results', '--no-report', '--no-progress']);
    expect(r.stderr + r.stdout).toMatch(/2 ok, 0 failed, 0 missing of 2 runs/);
    expect(r.code).toBe(0);
  });

  it("the README's TypeScript example compiles against the declarations and runs", () => {
    writeFileSync(join(app, 'tiny.yaml'), TINY);
    writeFileSync(join(app, 'example.ts'), readmeExample());
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      // As `tsc --init` writes it: skipLibCheck, since arquero's and flechette's own declarations do not
      // pass a strict check (below: the package's declarations do).
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, types: ['node'], outDir: 'out' },
      files: ['example.ts'],
    }));
    const tsc = sh(join(app, 'node_modules', '.bin', 'tsc'), ['-p', '.'], app);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
    const strict = sh(join(app, 'node_modules', '.bin', 'tsc'), ['-p', '.', '--noEmit', '--skipLibCheck', 'false'], app);
    expect(strict.stdout.split('\n').filter((l) => l.includes(`node_modules/${pkg.name}/`))).toEqual([]);
    const run = sh(process.execPath, [join('out', 'example.js'), 'tiny.yaml'], app);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^tiny [0-9a-f]{12}$/);
    expect(lines[1]).toMatch(/^run 0: ok, final root stake share 0\.\d+/);
    expect(lines[2]).toMatch(/^2 ok, 0 failed in /);
    expect(lines[3]).toBe('2 runs, 6 network samples');
  });
});
