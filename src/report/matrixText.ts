// The core-to-core wake map for a terminal: p50 (and p99) per ordered pair.
import type { ResultsDocument } from '../results/schema.js';
import { renderTable } from '../format/textTable.js';
import { formatNs } from '../format/units.js';
import { trialMedian } from '../results/trialFigures.js';
import { Probe, Metric, Param } from '../catalogue/index.js';

export function matrixText(doc: ResultsDocument): string | undefined {
  const cells = doc.probes
    .filter((p) => p.probe === Probe.futexMatrix && p.status === 'ok')
    .flatMap((p) => p.metrics.filter((m) => m.metric === Metric.wakeLatency && m.summary));
  if (cells.length === 0) return undefined;
  const from = [...new Set(cells.map((m) => m.params[Param.fromCpu]!))].sort((a, b) => a - b);
  const to = [...new Set(cells.map((m) => m.params[Param.toCpu]!))].sort((a, b) => a - b);
  const rows = from.map((a) => [
    `CPU ${a}`,
    ...to.map((b) => {
      const m = cells.find((c) => c.params[Param.fromCpu] === a && c.params[Param.toCpu] === b);
      return m ? `${formatNs(m.summary!.valueNs)} / ${formatNs(trialMedian(m, (s) => s.p99))}` : a === b ? '·' : '';
    }),
  ]);
  return `futex wake p50 / p99, waker (row) → sleeper (column):\n${renderTable(['', ...to.map((b) => `→ CPU ${b}`)], rows, ['left', ...to.map(() => 'right' as const)])}`;
}
