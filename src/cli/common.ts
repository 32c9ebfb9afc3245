// What the commands share: output lines, loading a spec (one line naming its path on a bad spec), the
// report after a sweep, the list of failed runs and Ctrl-C handling. Exit codes, for every command: 0 done,
// 1 runs failed or are missing, 2 bad input (spec, options), 130 interrupted.
import { relative } from 'node:path';
import { allowLarge as setAllowLarge, checkSpecFile, isAliasBomb, LimitError } from '../experiments/spec/limits.ts';
import { knownScenarios, resolveSpecFile } from '../experiments/spec/scenarios.ts';
import { loadSpec, SpecError, type LoadedSpec } from '../experiments/spec/spec.ts';

export const err = (line: string) => process.stderr.write(`dtao-lab: ${line}\n`);
export const out = (line: string) => process.stdout.write(`${line}\n`);
export const show = (p: string) => (relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p) || '.');

/** The spec (a file, or a shipped scenario by name) within the size limits (../experiments/spec/limits.ts), or undefined after printing its one-line error. */
export function load(arg: string, allowLarge = false): LoadedSpec | undefined {
  const file = resolveSpecFile(arg);
  try {
    setAllowLarge(allowLarge);
    checkSpecFile(file, allowLarge);
    return loadSpec(file); // parseSpec checks the limits before it builds the points
  } catch (e) {
    if (e instanceof SpecError) {
      err(e.message);
      if (file === arg && !/[./]/.test(arg)) err(`no file ${arg} and no shipped scenario of that name; the scenarios: ${knownScenarios().join(', ')}`);
      return undefined;
    }
    if (e instanceof LimitError) {
      err(e.message.startsWith(file) ? e.message : `${file}: ${e.message}`);
      return undefined;
    }
    if (isAliasBomb(e)) {
      err(`${file}: too many YAML aliases (${(e as Error).message}); a spec needs few or none`);
      return undefined;
    }
    throw e;
  }
}

export async function report(dir: string): Promise<number> {
  try {
    const { writeReport } = await import('../experiments/report/index.ts');
    out(`report: ${show(await writeReport(dir))}`);
    return 0;
  } catch (e) {
    err(`the report failed: ${(e as Error).message}`);
    return 1;
  }
}

export function printFailures(failures: readonly { run: number; error: string }[], missing: number): void {
  for (const f of failures.slice(0, 10)) out(`  run ${f.run} failed: ${f.error}`);
  if (failures.length > 10) out(`  … and ${failures.length - 10} more failed runs (status and error in runs.csv)`);
  if (missing > 0) out(`  ${missing} runs not run yet: continue with --resume`);
}

/**
 * While a long command runs: the first SIGINT or SIGTERM aborts `signal` so the command writes what finished
 * (`hint` says how to go on), a second quits at once with code 130. `release` removes the handlers.
 */
export function onInterrupt(hint = ''): { signal: AbortSignal; release(): void } {
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    err(`interrupted: writing what finished (press Ctrl-C again to quit at once)${hint ? `; ${hint}` : ''}`);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: abort.signal,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

