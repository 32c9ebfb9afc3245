// Series as long-format CSV beside the Arrow files (series/<kind>/<run>.csv), for pandas or R users
// without an Arrow reader: one row per (sample[, subnet | family], metric) with the run's identifiers,
//   run,point,replication,block[,netuid | ,family,familyName],metric,value
// Numbers are written in JavaScript's shortest round-trip form (deterministic, lossless); NaN is an
// empty cell. Units and definitions of each metric: docs/metrics.md (`lab metrics`).

/** series/<kind>/<run>.csv, the run zero-padded to 6 digits like the Arrow file. */
export function seriesCsvName(run: number): string {
  return `${String(run).padStart(6, '0')}.csv`;
}

const ID = ['run', 'point', 'replication', 'block', 'netuid', 'family', 'familyName'] as const;

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Long-format CSV text of one run's series columns (as written to Arrow: typed arrays or string arrays). */
export function seriesCsv(columns: Record<string, unknown>): string {
  const names = Object.keys(columns);
  const ids = ID.filter((c) => names.includes(c));
  const metrics = names.filter((c) => !(ID as readonly string[]).includes(c));
  const col = (c: string) => columns[c] as ArrayLike<unknown>;
  const n = names.length > 0 ? col(names[0]!).length : 0;
  const lines = [[...ids, 'metric', 'value'].join(',')];
  for (let i = 0; i < n; i++) {
    const prefix = ids.map((c) => cell(col(c)[i])).join(',');
    for (const m of metrics) lines.push(`${prefix},${cell(m)},${cell(col(m)[i])}`);
  }
  return `${lines.join('\n')}\n`;
}
