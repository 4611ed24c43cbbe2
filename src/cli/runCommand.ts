import { writeFileAtomic } from '../results/writeAtomic.js';
import { summaryTable } from '../report/summaryTable.js';
import { modelText } from '../report/modelText.js';
import { matrixText } from '../report/matrixText.js';
import { renderHtmlReport } from '../report/htmlReport.js';
import { run } from '../run.js';
import { RunLockedError } from '../host/runLock.js';
import { progressReporter } from './progress.js';
import type { Suite } from '../catalogue/index.js';
import { measuresGo } from './goDefault.js';
import type { ParamOverrides } from '../plan/paramOverrides.js';
import { ExitCode, UsageError } from '../errors.js';
import { resolve } from 'node:path';
import { checkOutputPath } from './outputTarget.js';
import { exportText } from './exportText.js';
import { goText } from '../report/goSection.js';
import { readDocument } from './readDocument.js';
import { compareAndPrint, compareEachWithFirst } from './comparisons.js';
import type { CompareCliOptions } from './compareOptions.js';
import { diagnosticSummary, diagnosticText } from '../report/diagnosticText.js';

export interface RunCommandOptions extends CompareCliOptions {
  rawSamples?: number;
  param?: ParamOverrides;
  idle?: 'default' | 'poll';
  label?: Record<string, string>;
  pretty?: boolean;
  verbose?: boolean;
  /** false with --no-go; the runtime is measured by default when the run includes a strategy. */
  go?: boolean;
  /** The old --with-go: the runtime whatever the probes. */
  withGo?: boolean;
  /** Set by the config-file hook: the schedcost.toml the options came from. */
  configFile?: string;
  wide?: boolean;
  csv?: string;
  markdown?: string;
  baseline?: string;
  rt?: boolean;
  html?: string;
  suite: Suite;
  probes?: string[];
  cpus?: number[];
  trials?: number;
  seed?: number;
  scale?: number;
  timeout?: number;
  json?: string;
  force?: boolean;
  quiet?: boolean;
  /** false with --no-lock (commander's default for a --no- option is true). */
  lock?: boolean;
  waitLock?: number;
}

/** The terminal's width, when the output is one. */
function terminalWidth(out: NodeJS.WritableStream): number | undefined {
  return (out as NodeJS.WriteStream).isTTY ? (out as NodeJS.WriteStream).columns : undefined;
}

export async function runCommand(options: RunCommandOptions): Promise<void> {
  if (options.html === '-') throw new UsageError('--html needs a file name (the report is not written to stdout)');
  const outputs = [options.json, options.html, options.csv, options.markdown].filter(
    (f): f is string => f !== undefined && f !== '-',
  );
  if (new Set(outputs.map((f) => resolve(f))).size !== outputs.length)
    throw new UsageError('two of --json, --html, --csv and --markdown name the same file');
  for (const file of outputs) checkOutputPath(file, options.force ?? false);
  const baseline = options.baseline ? readDocument(options.baseline) : undefined;
  const controller = new AbortController();
  const progress = progressReporter(process.stderr, options.quiet ?? false);
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts > 1) process.exit(ExitCode.interrupted);
    progress.stop();
    process.stderr.write('schedcost: interrupted; finishing the current probe (again to exit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const runOrLocked = run({
      suite: options.suite,
      ...(options.probes ? { probes: options.probes } : {}),
      ...(options.cpus ? { cpus: options.cpus } : {}),
      ...(options.trials !== undefined ? { trials: options.trials } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.scale !== undefined ? { samplesScale: options.scale } : {}),
      ...(options.timeout !== undefined ? { timeoutMs: options.timeout } : {}),
      ...(options.rawSamples !== undefined ? { rawSamplesPerTrial: options.rawSamples } : {}),
      ...(options.param ? { params: options.param } : {}),
      ...(options.idle ? { idle: options.idle } : {}),
      labels: options.label ?? {},
      commandLine: process.argv.slice(2),
      withGo: measuresGo(options.go, options.probes, options.withGo),
      ...(options.configFile ? { configFile: options.configFile } : {}),
      realtime: options.rt ?? false,
      lock: options.lock ?? true,
      ...(options.waitLock !== undefined ? { waitLockSeconds: options.waitLock } : {}),
      // Said even with --quiet: it explains a wait of up to --wait-lock seconds.
      onLockWait: (message) => process.stderr.write(`schedcost: ${message} (--wait-lock ${options.waitLock ?? 300})\n`),
      signal: controller.signal,
      onProgress: (event) => progress.update(event),
    });
    const doc = await runOrLocked.catch((error: unknown) => {
      progress.stop();
      // Another measurement kept the CPUs past --wait-lock: exit 1 with its message.
      if (error instanceof RunLockedError) process.stderr.write(`schedcost: ${error.message}\n`);
      // Ctrl-C while waiting for the lock: nothing was measured.
      else if (!controller.signal.aborted) throw error;
      process.exitCode = error instanceof RunLockedError ? ExitCode.failed : ExitCode.interrupted;
      return undefined;
    });
    if (!doc) return;
    progress.stop();
    const text = `${options.pretty ? JSON.stringify(doc, null, 2) : JSON.stringify(doc)}\n`;
    let writeFailed = false;
    if (options.json === '-') process.stdout.write(text);
    else if (options.json) {
      try {
        writeFileAtomic(options.json, text);
      } catch (error) {
        // Nothing half-written is left: the temporary file is removed, an old file kept.
        const e = error as NodeJS.ErrnoException;
        process.stderr.write(`schedcost: cannot write results to ${options.json}: ${e.code ?? ''} ${e.message}\n`);
        writeFailed = true;
      }
    }
    if (options.html) {
      const named = [{ name: options.json && options.json !== '-' ? options.json : 'this run', doc }];
      try {
        writeFileAtomic(
          options.html,
          renderHtmlReport(
            named,
            baseline ? compareEachWithFirst([{ name: options.baseline!, doc: baseline }, ...named], options) : [],
          ),
        );
      } catch (error) {
        process.stderr.write(`schedcost: cannot write the report to ${options.html}: ${(error as Error).message}\n`);
        writeFailed = true;
      }
    }
    for (const [file, format] of [
      [options.csv, 'csv'],
      [options.markdown, 'markdown'],
    ] as const) {
      if (!file) continue;
      try {
        writeFileAtomic(file, exportText(doc, 'this run', format));
      } catch (error) {
        process.stderr.write(`schedcost: cannot write ${file}: ${(error as Error).message}\n`);
        writeFailed = true;
      }
    }
    if (!options.quiet) {
      const out = options.json === '-' ? process.stderr : process.stdout;
      out.write(`\n${summaryTable(doc, options.wide ? undefined : terminalWidth(out))}\n`);
      const matrix = matrixText(doc);
      if (matrix) out.write(`\n${matrix}\n`);
      if (doc.model) out.write(`\n${modelText(doc, doc.model)}\n`);
      if (doc.go) out.write(`\n${goText(doc.go)}\n`);
      const warnings = [
        ...doc.warnings.map((d) => ({ d, where: '' })),
        ...doc.probes.flatMap((p) => p.warnings.map((d) => ({ d, where: `${p.probe} ${p.placement.kind}: ` }))),
      ];
      if (options.verbose) for (const w of warnings) out.write(`warning: ${w.where}${diagnosticText(w.d)}\n`);
      else if (warnings.length) out.write(`${diagnosticSummary(warnings.map((w) => w.d))} (--verbose lists them)\n`);
      if (options.json && options.json !== '-' && !writeFailed) out.write(`results written to ${options.json}\n`);
    }
    const failed = doc.probes.some((p) => p.status === 'failed');
    let exit: number = !doc.complete ? ExitCode.interrupted : failed || writeFailed ? ExitCode.failed : ExitCode.ok;
    if (baseline && doc.complete) {
      const out = options.json === '-' ? process.stderr : process.stdout;
      out.write('\n');
      const compared = compareAndPrint(
        [
          { name: options.baseline!, doc: baseline },
          { name: 'this run', doc },
        ],
        options,
        out,
      );
      if (exit === ExitCode.ok) exit = compared;
    }
    process.exitCode = exit;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
