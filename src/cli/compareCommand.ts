// `schedcost compare`: BASE NEW; BASE and several others as a matrix (each
// compared with the first); or several baseline runs (files or directories
// of them) --against NEW, judged against their run-to-run spread. Under
// GitHub Actions the Markdown comparison also goes to the step summary and
// regressions become annotations.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { readDocument } from './readDocument.js';
import type { CompareCliOptions } from './compareOptions.js';
import { compareAgainst, compareAndPrint, printComparisons } from './comparisons.js';

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
