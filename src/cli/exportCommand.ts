// `schedcost export FILE --format F [-o OUT] [--metric GLOB]`.
import { headlines, type Headline } from '../export/headlines.js';
import { renderExport, type ExportFormat } from '../export/formats.js';
import { formatNs } from '../format/units.js';
import { readDocument } from './readDocument.js';
import type { ResultsDocument } from '../results/schema.js';
import { writeFileAtomic } from '../results/writeAtomic.js';
import { checkOutputPath } from './outputTarget.js';

export const formatHeadline = (h: Headline, v: number) => (h.unit === 'ns' ? formatNs(v) : `${v.toFixed(0)}/s`);

/** The document as the format, with a warning on stderr when the run was interrupted. */
export function exportText(doc: ResultsDocument, source: string, format: ExportFormat, metric?: string): string {
  if (!doc.complete) process.stderr.write(`schedcost export: ${source} is incomplete (the run was interrupted)\n`);
  return renderExport(headlines(doc, metric), format, formatHeadline);
}

export function exportCommand(
  file: string,
  options: { format: ExportFormat; output?: string; metric?: string; force?: boolean },
): void {
  if (options.output && options.output !== '-') checkOutputPath(options.output, options.force ?? false);
  const text = exportText(readDocument(file), file, options.format, options.metric);
  if (options.output && options.output !== '-') writeFileAtomic(options.output, text);
  else process.stdout.write(text);
}
