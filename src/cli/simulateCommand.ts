// `dtao-lab simulate SPEC`: one run of a spec (the first point, replication 0 unless given), its summary
// printed with units. Loads the spec and the model only, not the sweep machinery.
import { metricDef } from '../experiments/run/metricDictionary.ts';
import { pointsOf, runConfig } from '../experiments/spec/design.ts';
import { BLOCKS_PER_DAY } from '../experiments/spec/specSchema.ts';
import { err, load, out } from './common.ts';

/** A summary value with its unit from the metric dictionary; NaN says what it means (e.g. "not reached"). */
function summaryCell(name: string, v: number): string {
  const d = metricDef(name, 'summary');
  if (!Number.isFinite(v)) return d?.missing ? `NaN (${d.missing})` : String(v);
  return `${Number(v.toPrecision(6))}${d && d.unit !== '1' && d.unit !== '–' ? ` ${d.unit}` : ''}`;
}

export interface SimulateArgs {
  spec: string;
  allowLarge?: boolean;
  point?: number;
  replication?: number;
  json?: boolean;
}
export async function simulateCommand(a: SimulateArgs): Promise<number> {
  const loaded = load(a.spec, a.allowLarge);
  if (!loaded) return 2;
  const { spec } = loaded;
  const points = pointsOf(loaded);
  const point = a.point ?? 0;
  const replication = a.replication ?? 0;
  if (!Number.isInteger(point) || point < 0 || point >= points.length) {
    err(`--point: expected an integer in [0, ${points.length - 1}], got ${point}`);
    return 2;
  }
  if (!Number.isInteger(replication) || replication < 0 || replication >= spec.replications) {
    err(`--replication: expected an integer in [0, ${spec.replications - 1}], got ${replication}`);
    return 2;
  }
  const cfg = runConfig(spec, points, point * spec.replications + replication);
  const { simulate } = await import('../experiments/run/simulate.ts');
  const r = simulate(cfg, { trusted: true }); // runConfig() of the spec loadSpec validated
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  if (a.json) {
    const summary = Object.fromEntries(Object.entries(r.summary).map(([k, v]) => [k, finite(v)]));
    out(JSON.stringify({ experiment: spec.name, run: r.run, point, replication, seed: r.seed, params: r.params, status: r.status, ...(r.error ? { error: r.error } : {}), blocksSimulated: r.blocksSimulated, durationMs: Math.round(r.durationMs), summary, rejections: r.rejections }, null, 2));
  } else {
    out(`${spec.name}: point ${point}, replication ${replication}, seed ${r.seed}, ${r.blocksSimulated} blocks (${(r.blocksSimulated / BLOCKS_PER_DAY).toFixed(1)} days) in ${(r.durationMs / 1000).toFixed(2)} s: ${r.status}`);
    for (const [k, v] of Object.entries(r.params)) out(`  ${k} = ${v}`);
    if (r.error) out(`  error: ${r.error}`);
    const w = Math.max(...Object.keys(r.summary).map((k) => k.length));
    for (const [k, v] of Object.entries(r.summary)) out(`${k.padEnd(w)}  ${summaryCell(k, v)}`);
  }
  return r.status === 'ok' ? 0 : 1;
}
