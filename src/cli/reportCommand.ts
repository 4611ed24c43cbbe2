import { readResults } from '../compare/readResults.js';
import { UsageError } from '../errors.js';
import { renderHtmlReport } from '../report/htmlReport.js';
import { writeFileAtomic } from '../results/writeAtomic.js';
import { checkOutputPath } from './outputTarget.js';

export function reportCommand(files: string[], options: { output: string; force?: boolean }): void {
  if (files.length === 0) throw new UsageError('report needs a results file');
  checkOutputPath(options.output, options.force ?? false);
  const docs = files.map((f) => ({ name: f, doc: readResults(f) }));
  writeFileAtomic(options.output, renderHtmlReport(docs));
  process.stdout.write(`report written to ${options.output}\n`);
}
