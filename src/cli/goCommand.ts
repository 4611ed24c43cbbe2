// `schedcost go`: builds and runs the Go program in go/ and prints each real
// runtime measurement beside its emulated counterpart (from --from FILE).
// Without a Go toolchain, or when the build fails, it says why on stderr and
// exits 0: Go is optional. A program that runs and fails exits 1.
import { ExitCode } from '../errors.js';
import { runGo, withCounterparts } from '../go/index.js';
import { goText } from '../report/goSection.js';
import { readDocument } from './readDocument.js';
import { writeFileAtomic } from '../results/writeAtomic.js';
import { checkOutputPath } from './outputTarget.js';
import { diagnosticText } from '../report/diagnosticText.js';

export interface GoCommandOptions {
  json?: string;
  force?: boolean;
  from?: string;
  cpus?: number[];
  rounds?: number;
  scale?: number;
  seed?: number;
  timeout?: number;
}

export async function goCommand(options: GoCommandOptions): Promise<void> {
  if (options.json) checkOutputPath(options.json, options.force ?? false);
  const doc = options.from ? readDocument(options.from) : undefined;
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    if (++interrupts > 1) process.exit(ExitCode.interrupted);
    process.stderr.write('schedcost go: interrupted; stopping the Go program (again to exit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    process.stderr.write('schedcost go: building and running the Go program (about half a minute)...\n');
    const go = withCounterparts(
      await runGo({
        ...(options.cpus ? { cpus: options.cpus } : {}),
        ...(options.rounds !== undefined ? { rounds: options.rounds } : {}),
        ...(options.scale !== undefined ? { scale: options.scale } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.timeout !== undefined ? { timeoutMs: options.timeout } : {}),
        signal: controller.signal,
      }),
      doc,
    );
    if (controller.signal.aborted) {
      process.exitCode = ExitCode.interrupted;
      return;
    }
    let writeFailed = false;
    const text = `${JSON.stringify(go, null, 2)}\n`;
    if (options.json === '-') process.stdout.write(text);
    else if (options.json) {
      try {
        writeFileAtomic(options.json, text);
      } catch (error) {
        process.stderr.write(`schedcost go: cannot write ${options.json}: ${(error as Error).message}\n`);
        writeFailed = true;
      }
    }
    if (go.skipped) process.stderr.write(`schedcost go: skipped: ${diagnosticText(go.skipped)}\n`);
    else if (go.failed) process.stderr.write(`schedcost go: failed: ${diagnosticText(go.failed)}\n`);
    else (options.json === '-' ? process.stderr : process.stdout).write(`${goText(go)}\n`);
    process.exitCode = go.failed || writeFailed ? ExitCode.failed : ExitCode.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
