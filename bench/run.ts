// `npm run bench`: every benchmark of the lab, a table, then one JSON line for machines.
// Speed is measured here, never in unit tests. Figures are for one core unless a row says otherwise.
import os from 'node:os';

type Row = { name: string; value: number; unit: string; target: string };
const rows: Row[] = [];
const json: Record<string, number> = {};

function add(key: string, name: string, value: number, unit: string, target = ''): void {
  rows.push({ name, value, unit, target });
  json[key] = value;
}

const only = process.argv.slice(2);
const want = (k: string) => only.length === 0 || only.includes(k);

if (want('coinbase')) {
  const { benchCoinbase } = await import('./coinbase.bench.ts');
  const c64 = benchCoinbase(64);
  const c128 = benchCoinbase(128);
  add('coinbaseSubnetBlocksPerSec', 'coinbase, launch rules, 64 subnets', c64, 'subnet-blocks/s', '>= 40e6');
  add('coinbaseSubnetBlocksPerSec128', 'coinbase, launch rules, 128 subnets', c128, 'subnet-blocks/s', '>= 40e6');
  add('coinbaseCurrentSubnetBlocksPerSec', 'coinbase, current rules (weighted pool), 64 subnets', benchCoinbase(64, 'current-2026-06'), 'subnet-blocks/s');
}
if (want('yuma')) {
  const { benchYuma } = await import('./yuma.bench.ts');
  const y = benchYuma();
  add('yumaEpochMs64x256', 'Yuma3 epoch, 64 validators x 256 UIDs (median)', y.yumaEpochMs64x256, 'ms', '<= 0.4');
  add('yumaEpochUs16x64', 'Yuma3 epoch, 16 validators x 64 UIDs (median)', y.yumaEpochUs16x64, 'us', '<= 25');
  const { benchYumaPlain } = await import('./yuma.bench.ts');
  const p = benchYumaPlain();
  add('yumaPlainEpochMs64x256', 'plain sort-per-column Yuma3 epoch, 64 x 256 (bench/yumaPlain.ts, median)', p.yumaPlainEpochMs64x256, 'ms');
  add('yumaLabEpochMs64x256', "the lab's epoch timed alternately with it (median)", p.yumaLabEpochMs64x256, 'ms');
  add('yumaPlainRatio', "plain / lab epoch time, timed alternately", p.yumaPlainRatio, 'x', '>= 4.5');
}
if (want('pool')) {
  const { benchSwaps } = await import('./pool.bench.ts');
  add('swapsPerSec', 'swaps, weighted pool', benchSwaps('weighted').swapsPerSec, 'swaps/s', '>= 5e6');
  add('swapsPerSecConstantProduct', 'swaps, constant product', benchSwaps('constant-product').swapsPerSec, 'swaps/s', '>= 5e6');
}
if (want('sim')) {
  const { benchSim } = await import('./sim.bench.ts');
  const s = benchSim();
  for (const [k, v] of Object.entries(s)) add(k, `simulation: ${k}`, v as number, '');
}
if (want('year')) {
  const { benchYear } = await import('./year.bench.ts');
  const y = benchYear();
  const how = y.yearExtrapolated ? 'extrapolated from a 2-day run' : 'run outright';
  add('yearSec', `a year of the default world, mixed population (bench/specs/mixed-10d.yaml), ${how}`, y.yearSec, 's', '<= 60');
  add('yearCpuSec', 'the same year in CPU seconds (steadier on a shared machine)', y.yearCpuSec, 's');
  add('yearExtrapolated', '1 = yearSec is extrapolated, 0 = measured', y.yearExtrapolated, '');
  add('mixedDaySec', 'one simulated day of that world', y.mixedDaySec, 's');
}
if (want('agents')) {
  const { benchAgents } = await import('./agents.bench.ts');
  const a = benchAgents();
  for (const [k, v] of Object.entries(a)) add(k, `agents: ${k}`, v as number, '', k === 'agentsOverheadRatio' ? '<= 2' : '');
}
if (want('sweep')) {
  const { benchSweep } = await import('./sweep.bench.ts');
  const counts = os.availableParallelism() >= 16 ? [1, 2, 4, 8, 16] : [1, 2];
  const s = await benchSweep(counts);
  for (const [k, v] of Object.entries(s)) add(k, `sweep: ${k}`, v as number, '', k.startsWith('speedup2') ? '>= 1.8' : k.startsWith('ofCeiling') ? '>= 0.95' : '');
}

const fmt = (v: number) => (Math.abs(v) >= 1e5 ? v.toExponential(3) : Number.isInteger(v) ? String(v) : v.toFixed(3));
const w = Math.max(...rows.map((r) => r.name.length));
console.log(`dtao-lab benchmarks — node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.availableParallelism()}`);
for (const r of rows) console.log(`${r.name.padEnd(w)}  ${fmt(r.value).padStart(12)} ${r.unit.padEnd(16)} ${r.target}`);
console.log(JSON.stringify(json));
