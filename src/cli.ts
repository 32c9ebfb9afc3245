// The lab's command line: `npm run -s lab -- <command>` or the `dtao-lab` bin.
// Each command's work lives in its layer; this file only parses arguments (yargs) and sets the exit code.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

async function main(): Promise<number> {
  let code = 0;
  const set = (c: number) => {
    code = c;
  };
  await yargs(hideBin(process.argv))
    .scriptName('dtao-lab')
    .usage('$0 <command> [options]')
    .command(
      'run <spec>',
      'Run an experiment spec (YAML or JSON): sweep × replications in worker threads, then write the report',
      (y) =>
        y
          .positional('spec', { type: 'string', demandOption: true, describe: 'experiment spec file' })
          .option('workers', { type: 'number', describe: 'worker threads (default: available parallelism)' })
          .option('out', { type: 'string', describe: 'results root (default: results/)' })
          .option('resume', { type: 'boolean', default: false, describe: 'run only the runs missing from the results' })
          .option('shard', { type: 'string', describe: 'run the i-th of N slices, "i/N" (default from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)' })
          .option('report', { type: 'boolean', default: true, describe: 'write report.html when the sweep ends' })
          .option('progress', { type: 'boolean', default: true, describe: 'show a progress bar on stderr' })
          .option('dry-run', { type: 'boolean', default: false, describe: 'print the runs, blocks, agents and a timed cost estimate; write nothing' }),
      async (a) => set(await (await import('./experiments/commands.ts')).runCommand(a)),
    )
    .command(
      'simulate <spec>',
      'Simulate one run of a spec (the first point, replication 0 unless given) and print its summary',
      (y) =>
        y
          .positional('spec', { type: 'string', demandOption: true })
          .option('point', { type: 'number', default: 0 })
          .option('replication', { type: 'number', default: 0 })
          .option('json', { type: 'boolean', default: false }),
      async (a) => set(await (await import('./experiments/commands.ts')).simulateCommand(a)),
    )
    .command(
      'merge <dirs..>',
      'Merge shard result folders into the result one machine would have written',
      (y) =>
        y
          .positional('dirs', { type: 'string', array: true, demandOption: true })
          .option('out', { type: 'string', describe: 'destination folder (default: the first shard folder\'s parent)' })
          .option('report', { type: 'boolean', default: true }),
      async (a) => set(await (await import('./experiments/commands.ts')).mergeCommand(a)),
    )
    .command(
      'scenarios',
      'List the ready experiment specs in experiments/',
      (y) => y.option('json', { type: 'boolean', default: false }),
      async (a) => set(await (await import('./experiments/commands.ts')).scenariosCommand(a)),
    )
    .command(
      'report <dir>',
      'Write report.html (and figures/) for a results folder',
      (y) => y.positional('dir', { type: 'string', demandOption: true }),
      async (a) => set(await (await import('./experiments/report/index.ts')).reportCommand(a.dir)),
    )
    .command(
      'epoch <file>',
      'Replay Yuma consensus epochs from a JSON file (shared/reference/yuma-replay.md) and print JSON',
      (y) => y.positional('file', { type: 'string', demandOption: true }),
      async (a) => set(await (await import('./experiments/epochCommand.ts')).runEpochCommand(a.file)),
    )
    .command(
      'agents',
      'List every agent family with its parameters (meaning, unit, default, range)',
      (y) => y.option('json', { type: 'boolean', default: false }),
      async (a) => set(await (await import('./experiments/agentsCommand.ts')).agentsCommand(a)),
    )
    .demandCommand(1, 'Name a command: run, simulate, merge, scenarios, report, epoch, agents')
    .strict()
    .fail((msg, err, y) => {
      if (err) throw err;
      process.stderr.write(`${msg}\n\n${y.help()}\n`);
      set(2);
    })
    .help()
    .parseAsync();
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`dtao-lab: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
