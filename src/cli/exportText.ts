// A document in an export format, as `export` and `run --csv/--markdown`
// write it: shared below both commands.
import { headlines, type ExportStat, type Headline } from '../export/headlines.js';
import { renderExport, type ExportFormat } from '../export/formats.js';
import { formatNs } from '../format/units.js';
import type { ResultsDocument } from '../results/schema.js';

export const formatHeadline = (h: Headline, v: number) => (h.unit === 'ns' ? formatNs(v) : `${v.toFixed(0)}/s`);

/** The document as the format, with a warning on stderr when the run was interrupted. */
export function exportText(
  doc: ResultsDocument,
  source: string,
  format: ExportFormat,
  metric?: string,
  stats?: readonly ExportStat[],
): string {
  if (!doc.complete) process.stderr.write(`schedcost export: ${source} is incomplete (the run was interrupted)\n`);
  return renderExport(headlines(doc, metric, stats), format, formatHeadline);
}
