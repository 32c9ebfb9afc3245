// Compare two runs.csv files cell by cell with a relative tolerance: did a change (a speed-up, a refactor)
// leave the results the same? Rows are matched by their `run` column; numeric cells agree when
// |a − b| <= tol · max(|a|, |b|) (or both NaN, or both the same infinity); other cells must be equal.
// Columns only one file has are listed, not compared.
//   npx tsx scripts/compare-runs.ts A/runs.csv B/runs.csv [--tol 1e-9] [--ignore col,col]
// Exit code: 0 same within tol, 1 differences (each printed), 2 usage error or unreadable file.
import { readFileSync } from 'node:fs';

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Rows of a runs.csv as maps keyed by column, by the `run` column. */
export function readRuns(file: string): { columns: string[]; rows: Map<string, Record<string, string>> } {
  const [header, ...body] = parseCsv(readFileSync(file, 'utf8'));
  if (!header) throw new Error(`${file}: empty`);
  const runCol = header.indexOf('run');
  if (runCol < 0) throw new Error(`${file}: no "run" column`);
  const rows = new Map<string, Record<string, string>>();
  for (const r of body) {
    if (r.length === 1 && r[0] === '') continue;
    rows.set(r[runCol]!, Object.fromEntries(header.map((h, k) => [h, r[k] ?? ''])));
  }
  return { columns: header, rows };
}

/** Whether two cells agree: numbers within `tol` relative, anything else exactly. */
export function sameCell(a: string, b: string, tol: number): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  if (a.trim() === '' || b.trim() === '' || Number.isNaN(x) || Number.isNaN(y)) return false;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  return Math.abs(x - y) <= tol * Math.max(Math.abs(x), Math.abs(y));
}

export interface Difference {
  run: string;
  column: string;
  a: string;
  b: string;
  rel: number;
}

/** Every differing cell of the columns both files have, plus runs only one file has (column "(row)"). */
export function compareRuns(fileA: string, fileB: string, tol: number, ignore: readonly string[] = []): { differences: Difference[]; onlyA: string[]; onlyB: string[]; rows: number } {
  const A = readRuns(fileA);
  const B = readRuns(fileB);
  const shared = A.columns.filter((c) => B.columns.includes(c) && !ignore.includes(c));
  const differences: Difference[] = [];
  for (const [run, ra] of A.rows) {
    const rb = B.rows.get(run);
    if (!rb) {
      differences.push({ run, column: '(row)', a: 'present', b: 'missing', rel: Number.NaN });
      continue;
    }
    for (const c of shared) {
      if (sameCell(ra[c]!, rb[c]!, tol)) continue;
      const x = Number(ra[c]);
      const y = Number(rb[c]);
      differences.push({ run, column: c, a: ra[c]!, b: rb[c]!, rel: Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y)) });
    }
  }
  for (const run of B.rows.keys()) if (!A.rows.has(run)) differences.push({ run, column: '(row)', a: 'missing', b: 'present', rel: Number.NaN });
  return {
    differences,
    onlyA: A.columns.filter((c) => !B.columns.includes(c)),
    onlyB: B.columns.filter((c) => !A.columns.includes(c)),
    rows: A.rows.size,
  };
}

function main(argv: string[]): number {
  const files: string[] = [];
  let tol = 1e-9;
  // Wall-clock columns differ on every run; they are not results.
  let ignore = ['durationMs'];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--tol') tol = Number(argv[++i]);
    else if (a === '--ignore') ignore = ignore.concat((argv[++i] ?? '').split(',').filter(Boolean));
    else files.push(a);
  }
  if (files.length !== 2 || !(tol >= 0)) {
    process.stderr.write('usage: tsx scripts/compare-runs.ts A/runs.csv B/runs.csv [--tol 1e-9] [--ignore col,col]\n');
    return 2;
  }
  let r;
  try {
    r = compareRuns(files[0]!, files[1]!, tol, ignore);
  } catch (e) {
    process.stderr.write(`compare-runs: ${(e as Error).message}\n`);
    return 2;
  }
  if (r.onlyA.length > 0) console.log(`columns only in A (not compared): ${r.onlyA.join(', ')}`);
  if (r.onlyB.length > 0) console.log(`columns only in B (not compared): ${r.onlyB.join(', ')}`);
  for (const d of r.differences) console.log(`run ${d.run} ${d.column}: ${d.a} vs ${d.b} (relative ${d.rel.toExponential(2)})`);
  const cols = new Set(r.differences.map((d) => d.column));
  console.log(r.differences.length === 0 ? `same: ${r.rows} runs agree to ${tol} relative` : `${r.differences.length} cells differ in ${cols.size} columns (tolerance ${tol})`);
  return r.differences.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) process.exit(main(process.argv.slice(2)));
