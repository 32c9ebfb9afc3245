// Write the chain state a run reaches as a snapshot in the replay genesis format (docs/replay-format.md),
// for `world.genesis: FILE` in a spec or for `lab replay`:
//
//   npx tsx scripts/make-snapshot.ts SPEC --block N --out FILE [--point P] [--replication R] [--weights] [--note TEXT]
//
// Runs point P, replication R of SPEC (default 0, 0) to block N (its horizon is replaced by N) and writes
// the chain's state at that block. The file's description says which spec, seed, rule set and block it
// comes from (and --note, appended). Exit code 2 for bad arguments or a bad spec, 1 if the run fails.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildPoints, runConfig } from '../src/experiments/spec/design.ts';
import { simulate } from '../src/experiments/run/simulate.ts';
import { loadSpec, SpecError } from '../src/experiments/spec/spec.ts';
import { BLOCKS_PER_DAY } from '../src/experiments/spec/specSchema.ts';
import type { Chain } from '../src/market/chain.ts';
import { exportGenesis } from '../src/replay/export.ts';

function fail(msg: string, code = 2): never {
  process.stderr.write(`make-snapshot: ${msg}\n`);
  process.exit(code);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { block: { type: 'string' }, out: { type: 'string' }, point: { type: 'string', default: '0' }, replication: { type: 'string', default: '0' }, weights: { type: 'boolean', default: false }, note: { type: 'string' } },
});
if (positionals.length !== 1 || !values.block || !values.out) fail('usage: make-snapshot.ts SPEC --block N --out FILE [--point P] [--replication R] [--weights] [--note TEXT]');
const block = Number(values.block);
const point = Number(values.point);
const replication = Number(values.replication);
if (!Number.isInteger(block) || block < 0) fail(`--block: expected an integer >= 0, got ${values.block}`);
let loaded;
try {
  loaded = loadSpec(positionals[0]!);
} catch (e) {
  if (e instanceof SpecError) fail(e.message);
  throw e;
}
const { spec } = loaded;
const points = buildPoints(spec);
if (!Number.isInteger(point) || point < 0 || point >= points.length) fail(`--point: expected an integer in [0, ${points.length - 1}]`);
if (!Number.isInteger(replication) || replication < 0 || replication >= spec.replications) fail(`--replication: expected an integer in [0, ${spec.replications - 1}]`);
const cfg = runConfig(spec, points, point * spec.replications + replication);
cfg.horizon = block;
cfg.sampleEvery = Math.max(1, Math.min(cfg.sampleEvery, block));
let chain: Chain | undefined;
const r = simulate(cfg, { onEnd: (c) => (chain = c) });
if (r.status !== 'ok' || !chain) fail(`the run failed: ${r.error}`, 1);
const days = Number((block / BLOCKS_PER_DAY).toFixed(2));
const description =
  `Snapshot of the chain state that ${positionals[0]} (spec "${spec.name}", point ${point}, replication ${replication}, seed ${r.seed}, ` +
  `rule set ${cfg.ruleSet}) reaches at block ${block} (day ${days}), written by scripts/make-snapshot.ts in the replay genesis format.` +
  (values.note ? ` ${values.note}` : '');
writeFileSync(values.out!, `${JSON.stringify(exportGenesis(chain, description, { weights: values.weights }))}\n`);
process.stdout.write(`${values.out}: block ${block}, ${chain.subnetList().length} subnets, ${chain.nColdkeys()} coldkeys, ${chain.nHotkeys()} hotkeys\n`);
