// `schedcost compare`: BASE NEW; BASE and several others as a matrix (each
// compared with the first); or several baseline runs (files or directories
// of them) --against NEW, judged against their run-to-run spread. Under
// GitHub Actions the Markdown comparison also goes to the step summary and
// regressions become annotations.
import { appendFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareDocuments, compareRuns, type NamedComparison } from '../compare/compare.js';
import { compareExitCode } from '../compare/verdictExit.js';
import { UsageError } from '../errors.js';
import { githubAnnotations, renderComparisons } from '../report/comparisonText.js';
import { readDocument } from './readDocument.js';
import type { NamedDocument } from '../report/htmlReport.js';
import { compareOptionsOf, type CompareCliOptions, type JudgeCliOptions } from './compareOptions.js';

/** Each document compared with the first, with the user's options. */
export function compareEachWithFirst(named: NamedDocument[], cli: JudgeCliOptions): NamedComparison[] {
  const options = compareOptionsOf(cli);
  const [base, ...others] = named;
  return others.map((other) => ({
    base: base!.name,
    next: other.name,
    comparison: compareDocuments(base!.doc, other.doc, options),
  }));
}

/** Several baseline runs pooled, against one new document. */
export function compareAgainst(bases: NamedDocument[], next: NamedDocument, cli: JudgeCliOptions): NamedComparison {
  const name = bases.length === 1 ? bases[0]!.name : `baseline (${bases.length} runs)`;
  return {
    base: name,
    next: next.name,
    comparison: compareRuns(
      bases.map((b) => b.doc),
      next.doc,
      compareOptionsOf(cli),
    ),
    ...(bases.length > 1 ? { baseFiles: bases.map((b) => b.name) } : {}),
  };
}

/**
 * Under GitHub Actions: appends the Markdown comparison to the step summary
 * and writes annotations (workflow commands) to `out`, or to stderr when
 * `out` carries JSON.
 */
export function publishToGithub(
  list: NamedComparison[],
  cli: CompareCliOptions,
  out: NodeJS.WritableStream,
  env: NodeJS.ProcessEnv = process.env,
): void {
  if (env.GITHUB_ACTIONS !== 'true') return;
  const summary = env.GITHUB_STEP_SUMMARY;
  if (summary) {
    try {
      appendFileSync(summary, `### schedcost compare\n\n${renderComparisons(list, 'markdown')}\n`);
    } catch (error) {
      process.stderr.write(`schedcost: cannot append to GITHUB_STEP_SUMMARY: ${(error as Error).message}\n`);
    }
  }
  const stream = cli.format === 'json' ? process.stderr : out;
  for (const command of githubAnnotations(list, cli.failOn ?? 'regression')) stream.write(`${command}\n`);
}

/** Prints computed comparisons (and publishes them under GitHub Actions); returns the exit code. */
export function printComparisons(
  list: NamedComparison[],
  cli: CompareCliOptions,
  out: NodeJS.WritableStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): number {
  out.write(renderComparisons(list, cli.format));
  publishToGithub(list, cli, out, env);
  return compareExitCode(
    list.map((c) => c.comparison),
    cli.failOn,
    cli.strictHost ?? false,
  );
}

/** Compares each document with the first; prints; returns the exit code. */
export function compareAndPrint(
  named: NamedDocument[],
  cli: CompareCliOptions,
  out: NodeJS.WritableStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): number {
  return printComparisons(compareEachWithFirst(named, cli), cli, out, env);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Result files named on the command line, a directory standing for the .json files in it (by name). */
export function expandBaselines(paths: string[]): string[] {
  return paths.flatMap((path) => {
    // A path that cannot be read is passed on: readResults says what is wrong with it.
    if (!isDirectory(path)) return [path];
    const files = readdirSync(path)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(path, f));
    if (files.length === 0) throw new UsageError(`${path} holds no .json results files`);
    return files;
  });
}

export interface CompareCommandOptions extends CompareCliOptions {
  against?: string;
}

export function compareCommand(files: string[], cli: CompareCommandOptions): void {
  if (cli.against) {
    if (files.length === 0) throw new UsageError('compare --against NEW.json needs at least one baseline file');
    const bases = expandBaselines(files).map((f) => ({ name: f, doc: readDocument(f) }));
    const next = { name: cli.against, doc: readDocument(cli.against) };
    process.exitCode = printComparisons([compareAgainst(bases, next, cli)], cli);
    return;
  }
  if (files.length < 2)
    throw new UsageError(
      'compare needs at least two results files: BASE.json NEW.json [MORE.json ...], or BASE.json... --against NEW.json',
    );
  for (const f of files)
    if (isDirectory(f)) throw new UsageError(`${f} is a directory: a directory of baselines needs --against NEW.json`);
  process.exitCode = compareAndPrint(
    files.map((f) => ({ name: f, doc: readDocument(f) })),
    cli,
  );
}
