// The Arrow encoding of the results (runs.arrow/.parquet and series/<kind>/<run>.arrow), typed for
// pandas, polars and R: integer columns as int32, "not applicable" as null (never NaN), `error` utf8
// even when every run succeeded, `seed` plain utf8, `day` in every series kind, each swept parameter
// under its path name followed by a safe alias column (columnDocs.safeAlias), and each field's unit and
// description in its metadata (`unit`, `description`; the alias's `alias_of`).
import {
  bool, columnFromArray, columnFromValues, dictionary, field, float64, int32, tableFromColumns, tableToIPC, utf8,
  type Column, type DataType, type Field, type Table,
} from '@uwdata/flechette';
import { columnDoc, INTEGER_COLUMNS, safeAlias, type ColumnDoc } from './columnDocs.ts';
import type { RunColumns, RunRow } from './store.ts';
import { BLOCKS_PER_DAY } from '../spec/specSchema.ts';
import type { ParamValue, RunResult, SeriesKind } from '../types.ts';

interface Col {
  name: string;
  column: Column<unknown>;
  doc?: ColumnDoc;
  nullable: boolean;
  extra?: Record<string, string>;
}

/** NaN and undefined become null; a float64 column with a validity bitmap only where needed. */
function floats(values: ArrayLike<number | undefined>): { column: Column<unknown>; nullable: boolean } {
  let hasNull = false;
  for (let i = 0; i < values.length; i++) if (values[i] === undefined || Number.isNaN(values[i])) hasNull = true;
  if (!hasNull) return { column: columnFromArray(Float64Array.from(values as ArrayLike<number>), float64()), nullable: false };
  return { column: columnFromValues(Array.from(values, (v) => (v === undefined || Number.isNaN(v) ? null : v)), float64()), nullable: true };
}

/** An int32 column; a value that is not a 32-bit integer is a bug upstream, never silently truncated. */
function ints(values: ArrayLike<number>, name = 'column'): Column<unknown> {
  for (let i = 0; i < values.length; i++) {
    if ((values[i]! | 0) !== values[i]) throw new Error(`${name}: expected 32-bit integers, found ${values[i]} at row ${i}`);
  }
  return columnFromArray(Int32Array.from(values), int32());
}

function strings(values: readonly (string | null)[], type: DataType = utf8()): { column: Column<unknown>; nullable: boolean } {
  return { column: columnFromValues(values, type), nullable: values.some((v) => v === null) };
}

function table(cols: readonly Col[]): Table {
  const t = tableFromColumns(cols.map((c) => [c.name, c.column] as [string, Column<unknown>]));
  t.schema.fields = cols.map((c, k): Field => {
    const meta = new Map<string, string>();
    if (c.doc) {
      meta.set('unit', c.doc.unit);
      meta.set('description', c.doc.description);
    }
    for (const [key, v] of Object.entries(c.extra ?? {})) meta.set(key, v);
    return field(c.name, t.schema.fields[k]!.type, c.nullable, meta.size > 0 ? meta : null);
  });
  return t;
}

/** The runs table: fixed columns, each parameter (then its alias when the path is not a safe name), metrics. */
export function runsArrow(rows: readonly RunRow[], cols: RunColumns): Table {
  const doc = (name: string) => columnDoc(name, 'runs');
  const out: Col[] = [
    { name: 'run', column: ints(rows.map((r) => r.run)), doc: doc('run'), nullable: false },
    { name: 'point', column: ints(rows.map((r) => r.point)), doc: doc('point'), nullable: false },
    { name: 'replication', column: ints(rows.map((r) => r.replication)), doc: doc('replication'), nullable: false },
    { name: 'seed', ...strings(rows.map((r) => r.seed)), doc: doc('seed') },
    { name: 'status', ...strings(rows.map((r) => r.status), dictionary(utf8())), doc: doc('status') },
    { name: 'error', column: columnFromValues(rows.map((r) => r.error ?? null), utf8()), doc: doc('error'), nullable: true },
  ];
  const taken = new Set([...out.map((c) => c.name), ...cols.params.map((p) => p.name), ...cols.metrics]);
  for (const p of cols.params) {
    const values: (ParamValue | undefined)[] = rows.map((r) => r.params[p.name]);
    const enc = p.type === 'number'
      ? floats(values as (number | undefined)[])
      : p.type === 'boolean'
        ? { column: columnFromValues(values.map((v) => (v === undefined ? null : v)), bool()), nullable: values.some((v) => v === undefined) }
        : strings(values.map((v) => (v === undefined ? null : String(v))));
    const paramDoc: ColumnDoc = { unit: p.type, description: `swept or derived parameter ${p.name}` };
    out.push({ name: p.name, ...enc, doc: paramDoc });
    const alias = safeAlias(p.name);
    if (alias !== p.name && !taken.has(alias)) {
      taken.add(alias);
      out.push({ name: alias, ...enc, doc: { unit: p.type, description: `${p.name}, under a name without dots` }, extra: { alias_of: p.name } });
    }
  }
  for (const m of cols.metrics) out.push({ name: m, ...floats(rows.map((r) => r.summary[m])), ...(doc(m) ? { doc: doc(m) } : {}) });
  return table(out);
}

/** The alias columns runsArrow adds, by parameter path (for the manifest). */
export function paramAliases(cols: RunColumns): Record<string, string> {
  const taken = new Set([...['run', 'point', 'replication', 'seed', 'status', 'error'], ...cols.params.map((p) => p.name), ...cols.metrics]);
  const out: Record<string, string> = {};
  for (const p of cols.params) {
    const alias = safeAlias(p.name);
    if (alias !== p.name && !taken.has(alias)) {
      taken.add(alias);
      out[p.name] = alias;
    }
  }
  return out;
}

/**
 * The ISO day (UTC) of a block on the launch clock: block 0 = 2025-02-13 (the dTAO launch), 7200 blocks a
 * day, rounded down. A run from a snapshot adds the snapshot's block (RunResult.genesisBlock).
 */
export function dateOfBlock(block: number): string {
  return new Date(Date.UTC(2025, 1, 13) + Math.floor(block / BLOCKS_PER_DAY) * 86_400_000).toISOString().slice(0, 10);
}

/** One run's series of one kind: its columns typed, `day` added where missing, then run, point, replication. */
export function seriesArrow(kind: SeriesKind, r: RunResult): Table | undefined {
  const src = r.series[kind]?.columns;
  const names = src ? Object.keys(src) : [];
  if (!src || names.length === 0) return undefined;
  const n = src[names[0]!]!.length;
  // No rows (a run without agents has no family rows): no file; readers take a missing series file as no rows.
  if (n === 0) return undefined;
  const out: Col[] = [];
  const doc = (name: string) => columnDoc(name, kind);
  for (const name of names) {
    const values = src[name]!;
    const enc = INTEGER_COLUMNS.has(name) ? { column: ints(values, name), nullable: false } : floats(values);
    out.push({ name, ...enc, ...(doc(name) ? { doc: doc(name) } : {}) });
    if (name === 'block' && !names.includes('day')) {
      out.push({ name: 'day', column: columnFromArray(Float64Array.from(values, (b) => b / BLOCKS_PER_DAY), float64()), doc: doc('day'), nullable: false });
    }
    if (name === 'block' && kind === 'network') {
      const g = r.genesisBlock ?? 0;
      out.push({ name: 'date', ...strings(Array.from(values, (b) => dateOfBlock(g + b))), doc: doc('date') });
    }
  }
  for (const [name, v] of [['run', r.run], ['point', r.point], ['replication', r.replication]] as const) {
    out.push({ name, column: ints(new Int32Array(n).fill(v)), doc: doc(name), nullable: false });
  }
  if (kind === 'families') {
    const fam = src.family;
    out.push({ name: 'familyName', ...strings(Array.from({ length: n }, (_, i) => (fam ? (r.families[fam[i]!] ?? null) : null)), dictionary(utf8())), doc: doc('familyName') });
  }
  return table(out);
}

export function toIPC(t: Table, format: 'file' | 'stream'): Uint8Array {
  return tableToIPC(t, { format })!;
}
