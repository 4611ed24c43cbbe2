// The options of `schedcost simulate`, apart from what it does: the command
// line declares them without loading the simulator or the measuring code.
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { parsePositiveNumber, parseWholeNumber } from './parseCpuOption.js';
import type { SimulateCommandOptions } from './simulateCommand.js';

function listOf<T>(name: string, parse: (text: string) => T) {
  return (text: string): T[] => {
    const items = text
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (items.length === 0) throw new UsageError(`${name} needs at least one value`);
    return items.map(parse);
  };
}

function parseWorkload(text: string): 'wakes' | 'syscalls' {
  if (text === 'wakes' || text === 'syscalls') return text;
  throw new UsageError(`unknown workload '${text}' (wakes, syscalls)`);
}

/** Registers `schedcost simulate` on the program. */
export function addSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'Simulate the strategies on hosts of 2-256 CPUs from the primitives of a results file, validated on what it measured',
    )
    .option(
      '--from <file>',
      'results file whose primitives drive the simulation (default: measure the quick suite now)',
    )
    .option(
      '--topology <file>',
      'distance classes with their wake latencies (a topology JSON file, or a results file of a larger host with a futex-matrix)',
    )
    .option(
      '--cpus <list>',
      'simulated CPU counts (default 2,16,64,256)',
      listOf('--cpus', parseWholeNumber('--cpus', 1, 4096)),
    )
    .option(
      '--tasks-per-cpu <list>',
      'N/C values to sweep (default 0.5,1,2,4)',
      listOf('--tasks-per-cpu', parsePositiveNumber('--tasks-per-cpu', 64)),
    )
    .option(
      '--procs <n>',
      'P (GOMAXPROCS) at every size (default: the CPU count)',
      parseWholeNumber('--procs', 1, 65536),
    )
    .option(
      '--compute-ns <ns>',
      'c: computation per operation (default 5000)',
      parseWholeNumber('--compute-ns', 0, 1e9),
    )
    .option('--syscall-ns <ns>', 'b: the blocking syscall (default 50000)', parseWholeNumber('--syscall-ns', 1, 1e9))
    .addOption(
      new Option(
        '--pattern <pattern>',
        'wake workload: random pairs passing messages back and forth, or a ring',
      ).choices(['pairs', 'ring']),
    )
    .option(
      '--messages-per-task <x>',
      'messages in flight per task (default 0.5)',
      parsePositiveNumber('--messages-per-task', 64),
    )
    .option(
      '--working-set-bytes <n>',
      "each task's working set, refilled after a migration (default 262144)",
      parseWholeNumber('--working-set-bytes', 0, 2 ** 36),
    )
    .option('--workloads <list>', 'wakes,syscalls (default both)', listOf('--workloads', parseWorkload))
    .option(
      '--events <n>',
      'simulated events per configuration (default 200000)',
      parseWholeNumber('--events', 1000, 1e9),
    )
    .option('--seed <n>', "seed of the draws (default: the document's)", parseWholeNumber('--seed', 0, 2 ** 32 - 1))
    .option(
      '--kernel-slice-ns <ns>',
      "the kernel's time slice for threads sharing a CPU (default 3000000, an assumption)",
      parseWholeNumber('--kernel-slice-ns', 1000, 1e9),
    )
    .option('--trials <k>', 'trials when measuring now (default 3)', parseWholeNumber('--trials', 1, 100))
    .option('--json <file>', "write the results document with its simulation section ('-' for stdout)")
    .option('--pretty', 'indent the --json output')
    .option('--force', 'overwrite an existing --json file')
    .option('--quiet', 'print nothing but errors (and --json -)')
    .action(async (options: SimulateCommandOptions) => (await import('./simulateCommand.js')).simulateCommand(options));
}
