// `schedcost ab`: runs two schedcost builds (or wrapper scripts that set up
// two configurations) interleaved, A B A B ..., one trial each per round,
// on the same CPUs, then compares them. Back-to-back blocks of runs drift on
// shared machines; interleaving spreads the drift over both. Each round is a
// separate `schedcost run --trials 1` process, so each merged trial is a run
// of its own: the gate's noise (the spread of a side's trials) is the
// run-to-run spread, as for any other document. The comparison is unpaired
// on purpose: pairing A and B by round (Wilcoxon signed-rank) would cancel
// drift, but with 5 rounds its smallest two-sided p is 2/32 > 0.05, so it
// could never flag anything; 5 against 5 unpaired trials reach 2/252.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ExitCode, UsageError } from '../errors.js';
import { parseResults } from '../results/readResults.js';
import { mergeRuns } from '../results/mergeRuns.js';
import type { ResultsDocument } from '../results/schema.js';
import { writeFileAtomic } from '../results/writeAtomic.js';
import { compareAndPrint } from './comparisons.js';
import type { CompareCliOptions } from './compareOptions.js';
import { checkOutputPath } from './outputTarget.js';
import { NO_GO_ENV_VAR } from './goDefault.js';

export interface AbOptions extends CompareCliOptions {
  a: string;
  b: string;
  rounds: number;
  suite: string;
  probes?: string[];
  cpus?: number[];
  scale?: number;
  seed?: number;
  outA?: string;
  outB?: string;
  force?: boolean;
}

function runOnce(executable: string, args: string[]): ResultsDocument {
  // No shell: the executable is a path, the arguments are an array.
  const [command, argv] = executable.endsWith('.js') ? [process.execPath, [executable, ...args]] : [executable, args];
  // ab gates the primitives and the strategies, not the Go runtime: its runs skip it. An environment
  // variable rather than --no-go, which builds from before Go was measured by default refuse.
  const env = { ...process.env, [NO_GO_ENV_VAR]: '1' };
  const result = spawnSync(command, argv, {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: 3_600_000,
    env,
  });
  if (result.error) throw new UsageError(`cannot run ${executable}: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`${executable} exited with ${result.status}: ${result.stderr.trim().split('\n').pop() ?? ''}`);
  const file = args[args.indexOf('--json') + 1]!;
  return parseResults(readFileSync(file, 'utf8'), `${executable}'s results`);
}

export function abCommand(options: AbOptions): void {
  if (options.outA && options.outB && resolve(options.outA) === resolve(options.outB))
    throw new UsageError('--out-a and --out-b name the same file');
  for (const out of [options.outA, options.outB]) if (out) checkOutputPath(out, options.force ?? false);
  const dir = mkdtempSync(join(tmpdir(), 'schedcost-ab-'));
  try {
    const shared = ['run', '--trials', '1', '--quiet', '--force', '--suite', options.suite];
    if (options.probes) shared.push('--probes', options.probes.join(','));
    if (options.cpus) shared.push('--cpus', options.cpus.join(','));
    if (options.scale !== undefined) shared.push('--scale', String(options.scale));
    const runs: Record<'a' | 'b', ResultsDocument[]> = { a: [], b: [] };
    for (let round = 0; round < options.rounds; round++) {
      for (const which of ['a', 'b'] as const) {
        const seed = String((options.seed ?? 1) + round);
        const file = join(dir, `${which}-${round}.json`);
        process.stderr.write(`schedcost ab: round ${round + 1}/${options.rounds}, ${which.toUpperCase()}\n`);
        runs[which].push(runOnce(options[which], [...shared, '--seed', seed, '--json', file]));
      }
    }
    const a = mergeRuns(runs.a),
      b = mergeRuns(runs.b);
    if (options.outA) writeFileAtomic(options.outA, `${JSON.stringify(a, null, 2)}\n`);
    if (options.outB) writeFileAtomic(options.outB, `${JSON.stringify(b, null, 2)}\n`);
    process.exitCode = compareAndPrint(
      [
        { name: 'A', doc: a },
        { name: 'B', doc: b },
      ],
      { ...options, interleaved: true },
    );
  } catch (error) {
    if (error instanceof UsageError) throw error;
    process.stderr.write(`schedcost ab: ${(error as Error).message}\n`);
    process.exitCode = ExitCode.failed;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
