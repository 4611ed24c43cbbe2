// Exporters for existing dashboards: github-action-benchmark's
// customSmallerIsBetter JSON, and Bencher's metric format (BMF). One entry
// per metric: the median of trial p50s with its confidence interval.
import type { ResultsDocument } from '../results/schema.js';

export type ExportFormat = 'github-action-benchmark' | 'bencher';

interface Headline {
  id: string;
  valueNs: number;
  lowNs: number;
  highNs: number;
  trials: number;
}

function headlines(doc: ResultsDocument): Headline[] {
  return doc.probes.flatMap((p) =>
    p.metrics.flatMap((m) =>
      m.summary
        ? [
            {
              id: m.id,
              valueNs: m.summary.valueNs,
              lowNs: m.summary.ci.lowNs,
              highNs: m.summary.ci.highNs,
              trials: m.summary.trialP50sNs.length,
            },
          ]
        : [],
    ),
  );
}

export function exportFor(doc: ResultsDocument, format: ExportFormat): unknown {
  if (format === 'github-action-benchmark') {
    return headlines(doc).map((h) => ({
      name: h.id,
      unit: 'ns',
      value: h.valueNs,
      range: `${h.lowNs}–${h.highNs}`,
      extra: `median of ${h.trials} trial p50s; CI by order statistics`,
    }));
  }
  return Object.fromEntries(
    headlines(doc).map((h) => [h.id, { latency: { value: h.valueNs, lower_value: h.lowNs, upper_value: h.highNs } }]),
  );
}
