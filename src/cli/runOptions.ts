// The options of `schedcost run`: what to measure, where, how often, and
// what to write.
import { Option, type Command } from 'commander';
import { probeNames } from '../catalogue/index.js';
import { UsageError } from '../errors.js';
import { parseParamOverride } from '../plan/paramOverrides.js';
import { DEFAULT_WAIT_LOCK_SECONDS, MAX_RAW_SAMPLES, MAX_TRIALS, MAX_WAIT_LOCK_SECONDS } from '../runLimits.js';
import { parseCpuOption, parsePositiveNumber, parseWholeNumber } from './parseCpuOption.js';

const list = (text: string) =>
  text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

/** `--label key=value`, repeatable: free-form context recorded in the document. */
export function parseLabel(text: string, previous: Record<string, string> = {}): Record<string, string> {
  const match = /^([A-Za-z0-9_.-]+)=(.*)$/.exec(text);
  if (!match) throw new UsageError(`--label takes KEY=VALUE (letters, digits, _ . - in the key), got '${text}'`);
  return { ...previous, [match[1]!]: match[2]! };
}

export function addRunOptions(command: Command): Command {
  return (
    command
      .description('Run a suite of probes and print a summary table')
      .addOption(new Option('--suite <name>', 'which suite').choices(['quick', 'full']).default('quick'))
      .option('--probes <list>', `comma-separated probes (${probeNames().join(', ')})`, list)
      .option('--cpus <list>', 'CPUs to place threads on, e.g. 0,1 (default: all allowed)', parseCpuOption)
      .option(
        '--trials <k>',
        `independent trials per probe, each in a fresh process (1-${MAX_TRIALS}; quick 5, full 10)`,
        parseWholeNumber('--trials', 1, MAX_TRIALS),
      )
      .option('--seed <n>', 'seed for random gaps and working-set layouts', parseWholeNumber('--seed', 0, 2 ** 52))
      .option('--scale <x>', 'multiply every sample count by x (0 < x ≤ 100)', parsePositiveNumber('--scale', 100))
      .option(
        '--timeout <ms>',
        'per-probe watchdog in ms (default: from the expected duration)',
        parseWholeNumber('--timeout', 1, 3_600_000),
      )
      .option('--json <file>', "write the results document to file ('-' for stdout)")
      .option('--pretty', 'indent the JSON document (default: compact)')
      .option('--force', 'overwrite an existing --json file')
      .option('--quiet', 'print nothing but errors (and --json -)')
      .option('--verbose', 'list every warning (default: one line counting them)')
      .option('--wide', 'print the table at full width (default: cut to fit the terminal)')
      .option(
        '--rt',
        'run probe threads with SCHED_FIFO (needs CAP_SYS_NICE or RLIMIT_RTPRIO; refused: a warning, and the run goes on)',
      )
      .option(
        '--raw-samples <n>',
        `keep up to n raw samples per trial in the document (0-${MAX_RAW_SAMPLES})`,
        parseWholeNumber('--raw-samples', 0, MAX_RAW_SAMPLES),
      )
      .addOption(
        new Option(
          '--idle <mode>',
          'poll: hold /dev/cpu_dma_latency at 0 for the run, so idle CPUs poll (refused with exit 2 where not permitted)',
        )
          .choices(['default', 'poll'])
          .default('default'),
      )
      .option(
        '--param <probe.key=value>',
        'set a parameter of a probe (repeatable; `schedcost list` shows each with its unit and range)',
        parseParamOverride,
        {},
      )
      .option(
        '--wait-lock <seconds>',
        'wait this long for CPUs another schedcost run is measuring, then fail with exit 1 (0: at once)',
        parseWholeNumber('--wait-lock', 0, MAX_WAIT_LOCK_SECONDS),
        DEFAULT_WAIT_LOCK_SECONDS,
      )
      .option(
        '--no-lock',
        'measure without the per-CPU lock: another run may share the CPUs (recorded in the document as cpuLock: false)',
      )
      .option(
        '--no-go',
        'do not measure the real Go runtime beside the strategies (by default it is, when a Go toolchain is found: the claims about the runtime are judged on it)',
      )
      // The default since the claims are judged on the runtime; kept so older scripts still work.
      .addOption(new Option('--with-go').hideHelp())
      .option('--label <key=value>', 'record a label in the document (repeatable)', parseLabel, {})
      .option('--baseline <file>', 'compare the results with this results file and gate like `compare`')
      .option('--html <file>', 'also write the HTML report here')
      .option('--csv <file>', 'also write the headline figures as CSV (as `export --format csv`)')
      .option('--markdown <file>', 'also write the headline figures as a Markdown table')
  );
}
