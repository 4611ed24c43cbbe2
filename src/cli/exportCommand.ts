import { readResults } from '../results/readResults.js';
import { exportFor, type ExportFormat } from '../export/dashboards.js';

export function exportCommand(file: string, options: { format: ExportFormat }): void {
  process.stdout.write(`${JSON.stringify(exportFor(readResults(file), options.format), null, 2)}\n`);
}
