// The notebooks are part of the lab: each must type-check and run headlessly without a cell error, and the
// committed ones must carry no outputs (notebooks/run.py). They need Debian's Jupyter and the Deno kernel that
// `bash notebooks/setup.sh` installs (CI runs it); without them these tests fail and say so.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const NOTEBOOKS = readdirSync(join(ROOT, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();
const MISSING_SETUP = 3; // run.py's exit code when Jupyter or the kernel spec is missing

/** notebooks/run.py with the given arguments, from the project root; the explorer makes its own tiny sweep. */
function runPy(args: string[]): { status: number | null; out: string } {
  const r = spawnSync('python3', ['notebooks/run.py', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LAB_RESULTS: 'tiny' },
    timeout: 280_000,
  });
  if (r.error) throw new Error(`could not start python3 notebooks/run.py: ${r.error.message}`);
  const out = `${r.stdout}${r.stderr}`;
  if (r.status === MISSING_SETUP) {
    throw new Error(`Jupyter or the Deno kernel is not set up: run \`bash notebooks/setup.sh\` (CI does). run.py said:\n${out}`);
  }
  return { status: r.status, out };
}

interface Cell {
  cell_type: 'code' | 'markdown';
  source: string[];
  metadata: Record<string, unknown>;
  execution_count?: number | null;
  outputs?: unknown[];
}
function notebook(cells: Cell[]): string {
  return JSON.stringify({
    cells,
    metadata: { kernelspec: { display_name: 'Deno (dtao-lab)', language: 'typescript', name: 'deno' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}
const code = (src: string, outputs: unknown[] = []): Cell => ({
  cell_type: 'code', source: [src], metadata: {}, execution_count: outputs.length > 0 ? 1 : null, outputs,
});

describe('notebooks/', () => {
  it('has the three notebooks the lab documents', () => {
    expect(NOTEBOOKS).toEqual(expect.arrayContaining(['01-quickstart.ipynb', '02-collusion.ipynb', '03-results-explorer.ipynb']));
  });

  it('committed notebooks hold no outputs (run.py --check)', () => {
    const r = runPy(['--check']);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain(`${NOTEBOOKS.length} notebook(s) hold no outputs`);
  });

  it('every notebook type-checks and runs headlessly without a cell error', () => {
    const r = runPy([]);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain(`types ok (${NOTEBOOKS.length} notebook(s))`);
    for (const nb of NOTEBOOKS) expect(r.out, r.out).toMatch(new RegExp(`^ok +notebooks/${nb.replace('.', '\\.')} `, 'm'));
  }, 300_000);

  it('a cell that throws fails the run and names the cell and the error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtao-lab-nb-'));
    const file = join(dir, 'broken.ipynb');
    writeFileSync(file, notebook([code("const subnets = 4;"), code("throw new Error(`deliberate failure after ${subnets} subnets`);")]));
    const r = runPy([file]);
    expect(r.status, r.out).toBe(1);
    expect(r.out).toContain('cell 1 raised an error');
    expect(r.out).toContain('deliberate failure after 4 subnets');
  }, 120_000);

  it('a type error in a cell fails the run (the kernel alone would not report it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtao-lab-nb-'));
    const file = join(dir, 'mistyped.ipynb');
    writeFileSync(file, notebook([
      code("import { resolveRules } from '@lab/market/rules.ts';"),
      code("const tempo: string = resolveRules('launch-2025-02').tempo;\nconsole.log(tempo);"),
    ]));
    const r = runPy([file]);
    expect(r.status, r.out).toBe(1);
    expect(r.out).toContain('FAIL  type check');
    expect(r.out).toMatch(/mistyped\.ipynb cell 1, line 1/);
    expect(r.out).toMatch(/^ok +.*mistyped\.ipynb/m); // it still runs: the type error is the only failure
  }, 120_000);

  it('--check flags a notebook with outputs, and --strip removes them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtao-lab-nb-'));
    const file = join(dir, 'dirty.ipynb');
    writeFileSync(file, notebook([code('1 + 1', [{ output_type: 'execute_result', execution_count: 1, data: { 'text/plain': '2' }, metadata: {} }])]));
    const dirty = runPy(['--check', file]);
    expect(dirty.status, dirty.out).toBe(1);
    expect(dirty.out).toContain('outputs in cell(s) 0');
    const stripped = runPy(['--strip', file]);
    expect(stripped.status, stripped.out).toBe(0);
    const cell = (JSON.parse(readFileSync(file, 'utf8')) as { cells: Cell[] }).cells[0]!;
    expect(cell.outputs).toEqual([]);
    expect(cell.execution_count).toBeNull();
    expect(cell.source.join('')).toBe('1 + 1');
    expect(runPy(['--check', file]).status).toBe(0);
  });
});
