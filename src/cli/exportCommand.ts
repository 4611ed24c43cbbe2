// `schedcost export FILE --format F [-o OUT] [--metric GLOB] [--stat p50,p99,max]`.
import type { ExportFormat } from '../export/formats.js';
import type { ExportStat } from '../export/headlines.js';
import { exportText } from './exportText.js';
import { readDocument } from './readDocument.js';
import { writeFileAtomic } from '../results/writeAtomic.js';
import { checkOutputPath } from './outputTarget.js';

export function exportCommand(
  file: string,
  options: { format: ExportFormat; output?: string; metric?: string; stat?: ExportStat[]; force?: boolean },
): void {
  if (options.output && options.output !== '-') checkOutputPath(options.output, options.force ?? false);
  const text = exportText(readDocument(file), file, options.format, options.metric, options.stat);
  if (options.output && options.output !== '-') writeFileAtomic(options.output, text);
  else process.stdout.write(text);
}
