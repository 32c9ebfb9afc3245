// `npm run -s fidelity`: replay every chain vector (test/vectors/chain/) and write data/fidelity.json,
// the per-rule-set count of vectors the lab core reproduces. Prints one line per vector.
import { writeFileSync } from 'node:fs';
import { FIDELITY_FILE, runVectors } from '../src/replay/vectorFiles.ts';
import { fidelityCounts } from '../src/replay/vectors.ts';

const results = runVectors();
for (const r of results) {
  const mark = r.pass && !r.knownDifference ? 'pass' : r.knownDifference ? (r.pass ? 'PASSES (remove knownDifference)' : 'known difference') : 'FAIL';
  process.stdout.write(`${mark.padEnd(16)} ${r.ruleSet.padEnd(16)} ${r.name}${r.failures.length ? `\n    ${r.failures.join('\n    ')}` : ''}\n`);
}
const record = fidelityCounts(results);
writeFileSync(FIDELITY_FILE, `${JSON.stringify(record, null, 2)}\n`);
process.stdout.write(`${record.passed} of ${record.total} chain vectors reproduced → data/fidelity.json\n`);
