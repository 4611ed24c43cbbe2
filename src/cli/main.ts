#!/usr/bin/env node
// schedcost's command line. Exit codes: 0 ok, 1 a probe or the run failed,
// 2 usage error, 130 interrupted.
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, UsageError } from '../errors.js';
import { AddonMissingError, cancelIfRunning } from '../native.js';
import { MAX_TRIALS } from '../runLimits.js';
import { addCompareOptions, addJudgeOptions } from './compareOptions.js';
import { EXPORT_FORMATS } from '../export/formats.js';
import { EXPORT_STATS, type ExportStat } from '../export/headlines.js';
import { parseCpuOption, parsePositiveNumber, parseWholeNumber } from './parseCpuOption.js';
import { addSimulateCommand } from './simulateOptions.js';
import { applyConfig, DEFAULT_CONFIG_FILE, loadConfig } from './configFile.js';
import { completionScript } from './completion.js';
import { HELP_EPILOG } from './helpEpilog.js';
import { toolVersion } from '../version.js';
import { addRunOptions } from './runOptions.js';

/**
 * An action whose module loads when the command runs: `--help`, `--version`
 * and usage errors then never load the measuring, statistics and report code.
 */
function lazy<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  return async (...args: unknown[]): Promise<void> => {
    const action = (await load())[name] as (...a: unknown[]) => unknown;
    await action(...args);
  };
}

/** `--stat p50,p99`: each one of EXPORT_STATS, at least one, none twice. */
function parseStatList(text: string): ExportStat[] {
  const stats = text.split(',').map((t) => t.trim());
  const unknown = stats.find((t) => !(EXPORT_STATS as readonly string[]).includes(t));
  if (unknown !== undefined)
    throw new UsageError(`--stat: unknown statistic '${unknown}' (choose from ${EXPORT_STATS.join(', ')})`);
  return [...new Set(stats as ExportStat[])];
}

function buildProgram(): Command {
  const program = new Command('schedcost')
    .description('Measures what OS-thread scheduling costs on this Linux host, on real pinned threads.')
    .version(toolVersion(), '-V, --version')
    .option('--config <file>', `options from a TOML file (default: ./${DEFAULT_CONFIG_FILE} when present)`)
    .addHelpText('after', HELP_EPILOG)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  // Each command's table of the config file fills the options its command line left unset.
  program.hook('preAction', (_program, action) => {
    const config = loadConfig(program.opts<{ config?: string }>().config);
    applyConfig(action, config);
    if (config) action.setOptionValue('configFile', config.path);
  });

  addCompareOptions(addRunOptions(program.command('run'))).action(lazy(() => import('./runCommand.js'), 'runCommand'));

  addCompareOptions(
    program
      .command('compare')
      .description(
        'Compare results files: BASE NEW; BASE and several others as a matrix; or baseline runs --against NEW',
      )
      .argument('<files...>', 'results files, the baseline first; with --against, baseline runs (files or directories)')
      .option('--against <file>', 'judge this results file against every baseline run given, pooled'),
  ).action(lazy(() => import('./compareCommand.js'), 'compareCommand'));

  addCompareOptions(
    program
      .command('ab')
      .description('Run two schedcost executables (or wrapper scripts) interleaved, A B A B ..., and compare them')
      .requiredOption('--a <path>', 'schedcost executable (or .js entry point) for A')
      .requiredOption('--b <path>', 'schedcost executable (or .js entry point) for B')
      .option('--rounds <n>', 'interleaved rounds, one trial each (1-100)', parseWholeNumber('--rounds', 1, 100), 5)
      .addOption(new Option('--suite <name>', 'which suite').choices(['quick', 'full']).default('quick'))
      .option('--probes <list>', 'comma-separated probes', (t: string) =>
        t
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean),
      )
      .option('--cpus <list>', 'CPUs to place threads on', parseCpuOption)
      .option('--scale <x>', 'multiply every sample count by x', parsePositiveNumber('--scale', 100))
      .option('--seed <n>', 'seed of the first round', parseWholeNumber('--seed', 0, 2 ** 52))
      .option('--out-a <file>', "write A's merged results here")
      .option('--out-b <file>', "write B's merged results here")
      .option('--force', 'overwrite existing output files'),
  ).action(lazy(() => import('./abCommand.js'), 'abCommand'));

  addJudgeOptions(
    program
      .command('report')
      .description('Render results as one self-contained HTML file; with several files, their comparison too')
      .argument('<files...>', 'results files (the first is the baseline of a comparison)')
      .requiredOption('-o, --output <file>', 'HTML file to write')
      .option('--force', 'overwrite an existing output file'),
  ).action(lazy(() => import('./reportCommand.js'), 'reportCommand'));

  program
    .command('doctor')
    .description('Check this host for what makes latency figures unreliable')
    .option('--json [file]', "write the findings as JSON to file ('-' for stdout)")
    .option('--force', 'overwrite an existing output file')
    .action(lazy(() => import('./doctorCommand.js'), 'doctorCommand'));

  program
    .command('model')
    .description(
      'Print the cost model: compositions, calibrated primitives, predictions vs measurements, claim verdicts',
    )
    .option('--from <file>', 'use this results file instead of measuring the quick suite now')
    .option('--trials <k>', 'trials when measuring now (default 3)', parseWholeNumber('--trials', 1, MAX_TRIALS))
    .action(lazy(() => import('./modelCommand.js'), 'modelCommand'));

  addSimulateCommand(program);

  program
    .command('go')
    .description(
      'Measure the real Go runtime paths the strategies emulate, beside them (needs a Go toolchain: skipped without one)',
    )
    .option('--from <file>', 'a results file whose emulated strategies stand beside the Go figures')
    .option('--json <file>', "write the Go results to file ('-' for stdout)")
    .option('--force', 'overwrite an existing --json file')
    .option(
      '--cpus <list>',
      "the waker's CPU, then T's home CPU, e.g. 0,1 (default: the pair run chooses, avoiding SMT siblings)",
      parseCpuOption,
    )
    .option(
      '--rounds <n>',
      'rounds every measurement repeats over (1-100, default 5)',
      parseWholeNumber('--rounds', 1, 100),
    )
    .option(
      '--scale <x>',
      'multiply sample counts and loop durations by x (0 < x ≤ 100)',
      parsePositiveNumber('--scale', 100),
    )
    .option('--seed <n>', 'seed of the random idle gaps', parseWholeNumber('--seed', 0, 2 ** 52))
    .option('--timeout <ms>', "the Go program's watchdog in ms", parseWholeNumber('--timeout', 1, 3_600_000))
    .action(lazy(() => import('./goCommand.js'), 'goCommand'));

  program
    .command('export')
    .description(
      'Convert a results file: github-action-benchmark (latencies; -bigger: throughput), Bencher BMF, CSV or Markdown',
    )
    .argument('<file>', 'results file')
    .addOption(new Option('--format <format>', 'target format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('-o, --output <file>', "write here instead of stdout ('-': stdout)")
    .option('--metric <glob>', "only metric ids matching this pattern ('*' wildcard)")
    .option(
      '--stat <list>',
      `statistics to carry, comma-separated (${EXPORT_STATS.join(', ')}): the median over trials of each trial's; p50 keeps the metric id, the others add #p99 or #max`,
      parseStatList,
      ['p50'],
    )
    .option('--force', 'overwrite an existing output file')
    .action(lazy(() => import('./exportCommand.js'), 'exportCommand'));

  program
    .command('list')
    .description('Describe every probe, its placements and parameters')
    .option('--json [file]', "write the catalogue as JSON to file ('-' for stdout)")
    .option('--force', 'overwrite an existing output file')
    .action(lazy(() => import('./listCommand.js'), 'listCommand'));
  program
    .command('completion')
    .description('Print a shell completion script: eval "$(schedcost completion bash)"')
    .argument('<shell>', 'bash or zsh')
    .action((shell: string) => {
      process.stdout.write(completionScript(program, shell));
    });
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? ExitCode.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return ExitCode.ok;
      return ExitCode.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`schedcost: ${error.message}\n`);
      return ExitCode.usage;
    }
    if (error instanceof AddonMissingError) {
      process.stderr.write(`schedcost: ${error.message}\n`);
      return ExitCode.failed;
    }
    process.stderr.write(`schedcost: ${(error as Error).stack ?? String(error)}\n`);
    return ExitCode.failed;
  }
}

// A reader that stops early (`schedcost list | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.ok);
  throw error;
});

process.exitCode = await main(process.argv);
cancelIfRunning();
