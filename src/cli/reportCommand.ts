// `dtao-lab report DIR`: write report.html (and figures/) for a results folder; the report itself is
// src/experiments/report/.
import { writeReport } from '../experiments/report/index.ts';
import { ResultsError } from '../experiments/results/results.ts';

/** `dtao-lab report DIR`: prints the report's path; exit 2 when DIR is not a results folder. */
export async function reportCommand(dir: string): Promise<number> {
  try {
    process.stdout.write(`${await writeReport(dir)}\n`);
    return 0;
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    process.stderr.write(`report: ${msg}\n`);
    return e instanceof ResultsError ? 2 : 1;
  }
}
