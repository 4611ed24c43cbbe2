// Comparisons as the commands compute and print them (compare, ab, run
// --baseline, report): shared here, below the commands, rather than imported
// from one command by another. Under GitHub Actions the Markdown comparison
// also goes to the step summary and regressions become annotations.
import { appendFileSync } from 'node:fs';
import { compareDocuments, compareRuns, type NamedComparison } from '../compare/compare.js';
import { compareExitCode } from '../compare/verdictExit.js';
import { githubAnnotations, renderComparisons } from '../report/comparisonText.js';
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
function publishToGithub(
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
