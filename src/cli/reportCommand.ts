import { UsageError } from '../errors.js';
import { renderHtmlReport } from '../report/htmlReport.js';
import { readDocument } from './readDocument.js';
import { writeFileAtomic } from '../results/writeAtomic.js';
import { compareEachWithFirst } from './comparisons.js';
import type { JudgeCliOptions } from './compareOptions.js';
import { checkOutputPath } from './outputTarget.js';

export function reportCommand(files: string[], options: JudgeCliOptions & { output: string; force?: boolean }): void {
  if (files.length === 0) throw new UsageError('report needs a results file');
  checkOutputPath(options.output, options.force ?? false);
  const docs = files.map((f) => ({ name: f, doc: readDocument(f) }));
  writeFileAtomic(options.output, renderHtmlReport(docs, compareEachWithFirst(docs, options)));
  process.stdout.write(`report written to ${options.output}\n`);
}
