// `npm run -s fidelity`: replay every chain vector (test/vectors/chain/) and write data/fidelity.json,
// the per-rule-set count of vectors the lab core reproduces. Prints one line per vector.
// `npm run -s fidelity -- --unmark` first drops `knownDifference` from the vectors that now reproduce the
// chain (after a fix in the core), rewriting those files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIDELITY_FILE, VECTOR_DIR, runVectors } from '../src/experiments/results/chainVectors.ts';
import { fidelityCounts } from '../src/replay/vectors.ts';

const unmark = process.argv.includes('--unmark');
let results = runVectors();
if (unmark) {
  for (const r of results.filter((x) => x.pass && x.knownDifference)) {
    const file = join(VECTOR_DIR, `${r.name}.json`);
    const { knownDifference: _k, ...rest } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, `${JSON.stringify(rest, null, 2)}\n`);
    process.stdout.write(`unmarked ${r.name}\n`);
  }
  results = runVectors();
}
for (const r of results) {
  const mark = r.pass && !r.knownDifference ? 'pass' : r.knownDifference ? (r.pass ? 'PASSES (--unmark)' : 'known difference') : 'FAIL';
  process.stdout.write(`${mark.padEnd(17)} ${r.ruleSet.padEnd(16)} ${r.name}${r.failures.length ? `\n    ${r.failures.join('\n    ')}` : ''}\n`);
}
const record = fidelityCounts(results);
writeFileSync(FIDELITY_FILE, `${JSON.stringify(record, null, 2)}\n`);
process.stdout.write(`${record.passed} of ${record.total} chain vectors reproduced → data/fidelity.json\n`);
