import { compareDocuments } from '../compare/compare.js';
import { readResults } from '../compare/readResults.js';
import { compareExitCode } from '../compare/verdictExit.js';
import { UsageError } from '../errors.js';
import { renderComparisons, type NamedComparison } from '../report/comparisonText.js';
import type { ResultsDocument } from '../results/schema.js';
import { compareOptionsOf, type CompareCliOptions } from './compareOptions.js';

/** Compares each document with the first; prints; returns the exit code. */
export function compareAndPrint(
  named: { name: string; doc: ResultsDocument }[],
  cli: CompareCliOptions,
  out: NodeJS.WritableStream = process.stdout,
): number {
  const options = compareOptionsOf(cli);
  const [base, ...others] = named;
  const list: NamedComparison[] = others.map((other) => ({
    base: base!.name,
    next: other.name,
    comparison: compareDocuments(base!.doc, other.doc, options),
  }));
  out.write(renderComparisons(list, cli.format));
  return compareExitCode(
    list.map((c) => c.comparison),
    cli.failOn,
    cli.strictHost ?? false,
  );
}

export function compareCommand(files: string[], cli: CompareCliOptions): void {
  if (files.length < 2)
    throw new UsageError('compare needs at least two results files: BASE.json NEW.json [MORE.json ...]');
  process.exitCode = compareAndPrint(
    files.map((f) => ({ name: f, doc: readResults(f) })),
    cli,
  );
}
