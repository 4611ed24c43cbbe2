import { compareDocuments, type NamedComparison } from '../compare/compare.js';
import { readResults } from '../results/readResults.js';
import { compareExitCode } from '../compare/verdictExit.js';
import { UsageError } from '../errors.js';
import { renderComparisons } from '../report/comparisonText.js';
import type { ResultsDocument } from '../results/schema.js';
import { compareOptionsOf, type CompareCliOptions, type JudgeCliOptions } from './compareOptions.js';

export interface NamedDocument {
  name: string;
  doc: ResultsDocument;
}

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

/** Compares each document with the first; prints; returns the exit code. */
export function compareAndPrint(
  named: NamedDocument[],
  cli: CompareCliOptions,
  out: NodeJS.WritableStream = process.stdout,
): number {
  const list = compareEachWithFirst(named, cli);
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
