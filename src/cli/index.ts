// The lab's command line: `npm run -s lab -- <command>` or the `dtao-lab` bin.
// Each command's work lives in its layer; this file only parses arguments (yargs) and sets the exit code.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

/** A command line yargs rejects (unknown option or command, missing argument): exit 2 before anything runs. */
class UsageError extends Error {}

async function main(): Promise<number> {
  let code = 0;
  const set = (c: number): void => {
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
          .positional('spec', { type: 'string', demandOption: true, describe: 'experiment spec file, or a shipped scenario by name (see scenarios)' })
          .option('workers', { type: 'number', describe: 'worker threads (default: available parallelism)' })
          .option('out', { type: 'string', describe: 'results root (default: results/)' })
          .option('resume', { type: 'boolean', default: false, describe: 'run only the runs missing from the results' })
          .option('shard', { type: 'string', describe: 'run the i-th of N slices, "i/N" (default from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)' })
          .option('report', { type: 'boolean', default: true, describe: 'write report.html when the sweep ends' })
          .option('progress', { type: 'boolean', default: true, describe: 'show a progress bar on stderr' })
          .option('allow-large', { type: 'boolean', default: false, describe: 'go past the size limits on purpose (README: Guarantees)' })
          .option('dry-run', { type: 'boolean', default: false, describe: 'print the runs, blocks, agents and a timed cost estimate; write nothing' }),
      async (a) => set(await (await import('./runCommand.ts')).runCommand(a)),
    )
    .command(
      'simulate <spec>',
      'Simulate one run of a spec (the first point, replication 0 unless given) and print its summary',
      (y) =>
        y
          .positional('spec', { type: 'string', demandOption: true })
          .option('point', { type: 'number', default: 0 })
          .option('replication', { type: 'number', default: 0 })
          .option('json', { type: 'boolean', default: false })
          .option('allow-large', { type: 'boolean', default: false, describe: 'go past the size limits on purpose' }),
      async (a) => set(await (await import('./simulateCommand.ts')).simulateCommand(a)),
    )
    .command(
      'merge [dirs..]',
      'Merge shard result folders into the result one machine would have written',
      (y) =>
        y
          .positional('dirs', { type: 'string', array: true, describe: 'shard folders, or with --spec the results root (default results/)' })
          .option('spec', { type: 'string', describe: 'merge exactly this spec\'s shard folders (its hash), with --shards' })
          .option('shards', { type: 'number', describe: 'the shard count to merge (with --spec): shard-<i>-of-<N>, i < N' })
          .option('wait', { type: 'number', default: 0, describe: 'seconds to wait for every shard to finish (with --spec)' })
          .option('out', { type: 'string', describe: 'destination folder (default: the first shard folder\'s parent)' })
          .option('report', { type: 'boolean', default: true }),
      async (a) => set(await (await import('./mergeCommand.ts')).mergeCommand(a)),
    )
    .command(
      'scenarios',
      'List the ready experiment specs in experiments/',
      (y) => y.option('json', { type: 'boolean', default: false }),
      async (a) => set(await (await import('./scenariosCommand.ts')).scenariosCommand(a)),
    )
    .command(
      'report <dir>',
      'Write report.html (and figures/) for a results folder',
      (y) => y.positional('dir', { type: 'string', demandOption: true }),
      async (a) => set(await (await import('./reportCommand.ts')).reportCommand(a.dir)),
    )
    .command(
      'epoch <file>',
      'Replay Yuma consensus epochs from a JSON file (docs/epoch-file.md) and print JSON',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true })
          .option('allow-large', { type: 'boolean', default: false, describe: 'go past the size limits (UIDs, warmupEpochs) on purpose' }),
      async (a) => set(await (await import('./epochCommand.ts')).runEpochCommand(a.file, undefined, a.allowLarge)),
    )
    .command(
      'replay <file>',
      'Replay a chain from a genesis, actions and blocks (docs/replay-format.md) and print the reported state as JSON',
      (y) => y.positional('file', { type: 'string', demandOption: true }),
      async (a) => set(await (await import('./replayCommand.ts')).replayCommand(a.file)),
    )
    .command(
      'agents',
      'List every agent family with its parameters (meaning, unit, default, range)',
      (y) => y.option('json', { type: 'boolean', default: false }),
      async (a) => set(await (await import('./agentsCommand.ts')).agentsCommand(a)),
    )
    .command(
      'calibrate <spec>',
      'Calibrate free parameters of a spec against observed targets (LHS, then narrowing; docs/calibration.md)',
      (y) =>
        y
          .positional('spec', { type: 'string', demandOption: true, describe: 'calibration spec: an experiment spec with a calibrate section' })
          .option('workers', { type: 'number', describe: 'worker threads (default: available parallelism)' })
          .option('out', { type: 'string', describe: 'results root (default: results/)' })
          .option('resume', { type: 'boolean', default: false, describe: 'run only the runs missing from each stage' })
          .option('progress', { type: 'boolean', default: true, describe: 'show a progress bar on stderr' }),
      async (a) => set(await (await import('./calibrateCommand.ts')).calibrateCommand(a)),
    )
    .command(
      'snapshot',
      "Write the live chain's state at a block as a genesis in the replay format (needs a subtensor RPC endpoint)",
      (y) =>
        y
          .option('endpoint', { type: 'string', demandOption: true, describe: 'a subtensor node: wss://, ws://, https:// or http:// URL' })
          .option('at', { type: 'number', describe: 'block number (default: the finalized head)' })
          .option('out', { type: 'string', demandOption: true, describe: 'the genesis file to write (JSON)' })
          .option('rule-set', { type: 'string', default: 'current-2026-06', describe: 'the ruleSet the file names' }),
      async (a) => set(await (await import('./snapshotCommand.ts')).snapshotCommand({ endpoint: a.endpoint, out: a.out, ruleSet: a.ruleSet, ...(a.at !== undefined ? { at: a.at } : {}) })),
    )
    .command(
      'metrics',
      'List every metric the lab records (definition, unit, kind); docs/metrics.md is the same',
      (y) => y.option('json', { type: 'boolean', default: false }),
      async (a) => set((await import('./metricsCommand.ts')).metricsCommand(a)),
    )
    .command(
      'rules',
      "List the chain's rule sets, their fields (meaning, values) and the history timeline's dates",
      (y) => y.option('json', { type: 'boolean', default: false }),
      async (a) => set(await (await import('./rulesCommand.ts')).rulesCommand(a)),
    )
    .demandCommand(1, 'Name a command: run, simulate, merge, scenarios, report, epoch, replay, agents, rules, metrics, calibrate, snapshot')
    .strict()
    .fail((msg, err, y) => {
      if (err) throw err;
      // Throwing (not just printing) stops yargs before the command's handler runs: a typo such as
      // `--shrad 1/2` must not start the whole sweep.
      throw new UsageError(`${msg}\n\n${y.help()}`);
    })
    .help()
    .parseAsync();
  return code;
}

// A reader that stops early (`lab metrics | head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`dtao-lab: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`dtao-lab: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
