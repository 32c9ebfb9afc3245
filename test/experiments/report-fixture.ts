// A results folder written with the runner's own writer (manifest.ts, store.ts): a 3 × 2 grid over two
// swept params, 3 replications, one failed run. Values are simple functions of (params, replication,
// block) so aggregates can be checked by hand.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildManifest, type Environment } from '../../src/experiments/results/manifest.ts';
import type { ExperimentSpec } from '../../src/experiments/spec/spec.ts';
import { RunsLog, csvLine, readRows, readTimings, writeColumnar, writeFileAtomic, writeSeries, type RunColumns } from '../../src/experiments/results/store.ts';
import { NETWORK_SERIES, SUMMARY_METRICS, type RunResult } from '../../src/experiments/types.ts';

export const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';
export const HOSTILE_VALUE = '"</script><script>alert(3)</script>';

export interface FixtureOptions {
  hostile?: boolean;
  /**
   * A sweep killed before its last point: manifest.json as the runner writes it at the start (every
   * run still "pending"), no runs.arrow, and the last finished row only in the journal.
   */
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

const ENV: Environment = { version: '0.1.0', commit: 'deadbeef', node: 'v20', platform: 'test' };

export function writeFixture(opts: FixtureOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtao-report-'));
  made.push(dir);
  const herdingParam = opts.hostile ? `population.${HOSTILE}.herding` : 'population.herder.herding';
  const weightParam = 'chain.taoWeight';
  const families = ['herder', 'cartel', opts.hostile ? HOSTILE : 'validator'];
  const params = opts.hostile ? [herdingParam, weightParam, 'label'] : [herdingParam, weightParam];
  const cols: RunColumns = {
    params: params.map((name) => ({ name, type: name === 'label' ? 'string' : 'number' })),
    metrics: [...SUMMARY_METRICS, 'myMetric'],
  };
  const list = (key: string, values: (number | string)[]) => ({ key, target: { kind: 'chain', name: key }, values: { kind: 'list', values }, integer: false });
  const spec = {
    name: opts.hostile ? `fixture ${HOSTILE}` : 'fixture',
    description: opts.hostile ? `Does herding matter? ${HOSTILE}` : 'Does herding concentrate emission?',
    ruleSet: 'current-2026-06',
    horizon: (SAMPLES - 1) * SAMPLE_EVERY,
    sampleEvery: SAMPLE_EVERY,
    seed: 'fixture-seed',
    replications: REPLICATIONS,
    commonRandomNumbers: false,
    chain: {},
    world: {},
    population: [{ family: 'herder', count: 10, params: {} }, { family: 'cartel', count: 2, params: {} }],
    metrics: { myMetric: 'herding * taoWeight' },
    derived: [],
    sweep: {
      design: 'grid',
      parameters: [list(herdingParam, HERDING), list(weightParam, TAO_WEIGHT), ...(opts.hostile ? [list('label', [HOSTILE_VALUE])] : [])],
    },
  } as unknown as ExperimentSpec;
  const points = HERDING.length * TAO_WEIGHT.length;
  const runIds = Array.from({ length: points * REPLICATIONS }, (_, r) => r);
  const manifestOf = (state: 'running' | 'complete', finished: Map<number, { status: 'ok' | 'failed'; error?: string }>) =>
    buildManifest({
      spec, specHash: 'abc123', columns: cols, points, runIds, finished, durations: readTimings(dir), state, environment: ENV,
      timings: { startedAt: '2026-11-25T10:00:00.000Z', workers: 2, ...(state === 'complete' ? { finishedAt: '2026-11-25T10:01:30.000Z' } : {}) },
    });
  writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(manifestOf('running', new Map()), null, 2) + '\n');

  const log = new RunsLog(dir, cols);
  const finished = new Map<number, { status: 'ok' | 'failed'; error?: string }>();
  let run = 0;
  let point = 0;
  const lastPoint = points - 1;
  for (const herding of HERDING) {
    for (const w of TAO_WEIGHT) {
      for (let rep = 0; rep < REPLICATIONS; rep++, run++) {
        if (opts.partial && point === lastPoint) continue; // killed before these ran
        const failed = run === FAILED_RUN;
        const summary: Record<string, number> = {};
        for (const m of SUMMARY_METRICS) summary[m] = failed ? NaN : 0;
        if (!failed) {
          summary.finalRootStakeShare = rootShare(herding, rep, (SAMPLES - 1) * SAMPLE_EVERY);
          summary.finalAlphaStakeShare = 1 - summary.finalRootStakeShare;
          summary.emissionGini = 0.3 + herding * 0.5 + 0.02 * rep;
          summary.cartelRoi = w + 0.1 * rep;
          summary.honestRoi = 0.2 - 0.1 * herding;
          summary.daysToAlphaParity = NaN; // never reached: left out of the report's metrics
          summary.myMetric = herding * w;
        }
        const values: Record<string, number | string> = { [herdingParam]: herding, [weightParam]: w, ...(opts.hostile ? { label: HOSTILE_VALUE } : {}) };
        const result: RunResult = {
          run, point, replication: rep, seed: `s:${point}:${rep}`, params: values, status: failed ? 'failed' : 'ok',
          ...(failed ? { error: `RangeError: stake ${HOSTILE}` } : {}),
          durationMs: 100 + run, blocksSimulated: spec.horizon, summary,
          series: failed ? { network: { columns: {} }, subnets: { columns: {} }, families: { columns: {} } } : series(herding, rep),
          families, rejections: {},
        };
        writeSeries(dir, result);
        const line = csvLine({ run, point, replication: rep, seed: result.seed, status: result.status, ...(result.error ? { error: result.error } : {}), params: values, summary }, cols);
        log.journal(line, run, result.durationMs);
        finished.set(run, { status: result.status, ...(result.error ? { error: result.error } : {}) });
        // The last finished row of a killed sweep finished before an earlier run: it waits in the journal.
        const lastFinished = opts.partial && point === lastPoint - 1 && rep === REPLICATIONS - 1;
        if (!lastFinished) log.append(line);
      }
      point++;
    }
  }
  log.close(!opts.partial);
  if (!opts.partial) {
    writeColumnar(dir, readRows(dir, cols), cols);
    writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(manifestOf('complete', finished), null, 2) + '\n');
  }
  return dir;
}

/** One ok run's series (the writer adds run, point, replication and familyName). */
function series(herding: number, rep: number): RunResult['series'] {
  const blocks = Float64Array.from({ length: SAMPLES }, (_, i) => i * SAMPLE_EVERY);
  const net: Record<string, Float64Array> = {};
  for (const c of NETWORK_SERIES) net[c] = new Float64Array(SAMPLES);
  net.block = blocks;
  net.day = blocks.map((b) => b / 7200);
  net.rootStakeShare = blocks.map((b) => rootShare(herding, rep, b));
  net.alphaStakeShare = blocks.map((b) => 1 - rootShare(herding, rep, b));
  net.emissionGini = blocks.map((b) => 0.3 + herding * 0.5 * (b / 36000) + 0.02 * rep);
  net.emissionHhi = blocks.map((b) => 0.125 + 0.1 * herding * (b / 36000));
  net.emissionNakamoto = blocks.map((b) => 4 - herding * (b / 36000));
  net.taoInPools = blocks.map((b) => 1000 + b / 100 + rep);

  const sub: Record<string, number[]> = { block: [], netuid: [], price: [], emissionShare: [] };
  for (const b of blocks) {
    for (const n of NETUIDS) {
      sub.block!.push(b); sub.netuid!.push(n); sub.price!.push(subnetPrice(n, rep, b)); sub.emissionShare!.push(n / 36);
    }
  }
  const fam: Record<string, number[]> = { block: [], family: [], roi: [], wealth: [] };
  for (const b of blocks) {
    for (let f = 0; f < 3; f++) {
      fam.block!.push(b); fam.family!.push(f); fam.roi!.push((b / 36000) * (0.1 * f + 0.05 * rep)); fam.wealth!.push(100);
    }
  }
  const f64 = (t: Record<string, number[]>) => ({ columns: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Float64Array.from(v)])) });
  return { network: { columns: net }, subnets: f64(sub), families: f64(fam) };
}
