// A synthetic results folder in the layout of src/experiments/types.ts: a 3 × 2 grid over two swept
// params, 3 replications, one failed run. Values are simple functions of (params, replication,
// block) so aggregates can be checked by hand.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as aq from 'arquero';
import { NETWORK_SERIES, SUMMARY_METRICS, seriesFileName } from '../../src/experiments/types.ts';

export const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';
export const HOSTILE_VALUE = '"</script><script>alert(3)</script>';

export interface FixtureOptions {
  hostile?: boolean;
  /** Leave out runs.arrow, mark the last point's runs as not yet run, and leave the last finished row in the journal (a crashed sweep). */
  partial?: boolean;
}

export const HERDING = [0.1, 0.5, 0.9];
export const TAO_WEIGHT = [0.18, 0.5];
export const REPLICATIONS = 3;
export const SAMPLE_EVERY = 720;
export const SAMPLES = 51; // blocks 0, 720, …, 36000 (5 days)
export const FAILED_RUN = 4; // point 1, replication 1
export const NETUIDS = [1, 2, 3, 4, 5, 6, 7, 8];

/** rootStakeShare of (herding, replication) at a block: linear in days, +0.01 per replication. */
export const rootShare = (herding: number, rep: number, block: number) => 0.9 - 0.1 * herding * (block / 7200) + 0.01 * rep;
export const subnetPrice = (netuid: number, rep: number, block: number) => netuid * (1 + block / 36000) * (1 + 0.1 * rep);

const made: string[] = [];
/** Remove every folder writeFixture made in this test file. */
export function removeFixtures(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function writeFixture(opts: FixtureOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtao-report-'));
  made.push(dir);
  const herdingParam = opts.hostile ? `population.${HOSTILE}.herding` : 'population.herder.herding';
  const weightParam = 'chain.taoWeight';
  const families = ['herder', 'cartel', opts.hostile ? HOSTILE : 'validator'];
  const runs: Record<string, unknown>[] = [];
  const rows: Record<string, unknown>[] = [];
  let run = 0;
  let point = 0;
  for (const herding of HERDING) {
    for (const w of TAO_WEIGHT) {
      for (let rep = 0; rep < REPLICATIONS; rep++, run++) {
        const notRun = opts.partial && point === HERDING.length * TAO_WEIGHT.length - 1;
        const failed = run === FAILED_RUN;
        const status = notRun ? 'pending' : failed ? 'failed' : 'ok';
        const error = failed ? `RangeError: stake ${HOSTILE}` : undefined;
        const seed = `s:${point}:${rep}`;
        runs.push({ run, point, replication: rep, seed, status, error, durationMs: 100 + run });
        if (notRun) continue;
        const row: Record<string, unknown> = { run, point, replication: rep, seed, status, error: error ?? '' };
        row[herdingParam] = herding;
        row[weightParam] = w;
        if (opts.hostile) row.label = HOSTILE_VALUE;
        for (const m of SUMMARY_METRICS) row[m] = failed ? NaN : 0;
        if (!failed) {
          row.finalRootStakeShare = rootShare(herding, rep, (SAMPLES - 1) * SAMPLE_EVERY);
          row.finalAlphaStakeShare = 1 - (row.finalRootStakeShare as number);
          row.emissionGini = 0.3 + herding * 0.5 + 0.02 * rep;
          row.cartelRoi = w + 0.1 * rep;
          row.honestRoi = 0.2 - 0.1 * herding;
          row.daysToAlphaParity = NaN; // never reached: left out of the report's metrics
          row.myMetric = herding * w;
        }
        rows.push(row);
        if (!failed) writeSeries(dir, run, point, rep, herding, families);
      }
      point++;
    }
  }
  const params = opts.hostile ? [herdingParam, weightParam, 'label'] : [herdingParam, weightParam];
  const spec = { name: 'fixture', description: opts.hostile ? `Does herding matter? ${HOSTILE}` : 'Does herding concentrate emission?', metrics: { myMetric: 'herding * taoWeight' }, population: [{ family: 'herder', count: 10 }, { family: 'cartel', count: 2 }], sweep: { grid: params } };
  const columns = {
    params: params.map((name) => ({ name, type: name === 'label' ? 'string' : 'number' })),
    metrics: [...SUMMARY_METRICS, 'myMetric'],
  };
  const manifest = {
    // The hostile variant reads like an older folder without `columns`: the report falls back to known metric names.
    ...(opts.hostile ? {} : { columns }),
    status: opts.partial ? 'incomplete' : 'complete',
    design: { kind: 'grid', points: 6, replications: REPLICATIONS, runs: 18 },
    seeds: 'run seed = f(spec seed, point, replication)',
    name: opts.hostile ? `fixture ${HOSTILE}` : 'fixture',
    description: spec.description,
    specHash: 'abc123',
    spec,
    ruleSet: 'current-2026-06',
    seed: 'fixture-seed',
    version: '0.1.0',
    commit: 'deadbeef',
    runs,
    sweep: { parameters: params },
    startedAt: '2026-11-25T10:00:00.000Z',
    finishedAt: opts.partial ? undefined : '2026-11-25T10:01:30.000Z',
    workers: 2,
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  const table = aq.from(rows);
  if (opts.partial) {
    // The last finished row waits in the runner's journal (it finished before an earlier run).
    const lines = table.toCSV().replace(/\n$/, '').split('\n');
    writeFileSync(join(dir, 'runs.csv'), lines.slice(0, -1).join('\n') + '\n');
    writeFileSync(join(dir, 'runs.pending.csv'), `${lines[0]}\n${lines[lines.length - 1]}\n`);
  } else writeFileSync(join(dir, 'runs.csv'), table.toCSV());
  if (!opts.partial) writeFileSync(join(dir, 'runs.arrow'), aq.toArrowIPC(table, { format: 'file' }));
  return dir;
}

function writeSeries(dir: string, run: number, point: number, rep: number, herding: number, families: string[]): void {
  const blocks = Array.from({ length: SAMPLES }, (_, i) => i * SAMPLE_EVERY);
  const ids = { run: blocks.map(() => run), point: blocks.map(() => point), replication: blocks.map(() => rep) };
  const net: Record<string, ArrayLike<number>> = { ...ids };
  for (const c of NETWORK_SERIES) net[c] = new Float64Array(SAMPLES);
  net.block = Float64Array.from(blocks);
  net.day = Float64Array.from(blocks, (b) => b / 7200);
  net.rootStakeShare = Float64Array.from(blocks, (b) => rootShare(herding, rep, b));
  net.alphaStakeShare = Float64Array.from(blocks, (b) => 1 - rootShare(herding, rep, b));
  net.emissionGini = Float64Array.from(blocks, (b) => 0.3 + herding * 0.5 * (b / 36000) + 0.02 * rep);
  net.emissionHhi = Float64Array.from(blocks, (b) => 0.125 + 0.1 * herding * (b / 36000));
  net.emissionNakamoto = Float64Array.from(blocks, (b) => 4 - herding * (b / 36000));
  net.taoInPools = Float64Array.from(blocks, (b) => 1000 + b / 100 + rep);
  put(dir, 'network', run, aq.table(net));

  const sub: Record<string, number[]> = { block: [], netuid: [], price: [], emissionShare: [], run: [], point: [], replication: [] };
  for (const b of blocks) {
    for (const n of NETUIDS) {
      sub.block.push(b); sub.netuid.push(n); sub.price.push(subnetPrice(n, rep, b)); sub.emissionShare.push(n / 36);
      sub.run.push(run); sub.point.push(point); sub.replication.push(rep);
    }
  }
  put(dir, 'subnets', run, aq.table(sub));

  const fam: Record<string, unknown[]> = { block: [], family: [], roi: [], wealth: [], run: [], point: [], replication: [], familyName: [] };
  for (const b of blocks) {
    families.forEach((name, f) => {
      fam.block.push(b); fam.family.push(f); fam.roi.push((b / 36000) * (0.1 * f + 0.05 * rep)); fam.wealth.push(100);
      fam.run.push(run); fam.point.push(point); fam.replication.push(rep); fam.familyName.push(name);
    });
  }
  put(dir, 'families', run, aq.table(fam));
}

function put(dir: string, kind: string, run: number, t: aq.ColumnTable): void {
  mkdirSync(join(dir, 'series', kind), { recursive: true });
  writeFileSync(join(dir, 'series', kind, seriesFileName(run)), aq.toArrowIPC(t, { format: 'file' }));
}
