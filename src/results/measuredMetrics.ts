// Looking a metric up in a document, one way for every reader (the model,
// the claims' judges, the simulator, the Go comparison): the metrics of
// completed probes measured as the strategies ran, that is without the full
// suite's idle-polling variants.
import { Param } from '../catalogue/index.js';
import type { MetricResult, ProbeResult, ResultsDocument } from './schema.js';

type PlacementKind = ProbeResult['placement']['kind'];

export interface MeasuredMetric {
  probe: ProbeResult;
  metric: MetricResult;
}

export function measuredMetrics(doc: ResultsDocument): MeasuredMetric[] {
  return doc.probes
    .filter((p) => p.status === 'ok' && p.params[Param.idlePoll] === undefined)
    .flatMap((probe) => probe.metrics.map((metric) => ({ probe, metric })));
}

/** The first measured metric of `probe` named `metric` whose parameters include `params`, on `placement` when given. */
export function findMetric(
  doc: ResultsDocument,
  probe: string,
  metric: string,
  params: Record<string, number> = {},
  placement?: PlacementKind,
): MetricResult | undefined {
  return measuredMetrics(doc).find(
    (e) =>
      e.probe.probe === probe &&
      (placement === undefined || e.probe.placement.kind === placement) &&
      e.metric.metric === metric &&
      Object.entries(params).every(([k, v]) => e.metric.params[k] === v),
  )?.metric;
}

/** The metric a key names (a prediction's or a validation row's metricId), with its probe; any probe's, idle-polling variants included (their ids differ). */
export function metricById(doc: ResultsDocument, id: string): MeasuredMetric | undefined {
  for (const probe of doc.probes) {
    const metric = probe.metrics.find((m) => m.id === id);
    if (metric) return { probe, metric };
  }
  return undefined;
}

/** Of `candidates`, the one whose idle-gap range has its midpoint nearest (log scale) to `gapNs`. */
export function nearestGap(candidates: MetricResult[], gapNs: number): MetricResult | undefined {
  const distance = (m: MetricResult) =>
    Math.abs(
      Math.log(((m.params[Param.gapMinNs] ?? 0) + (m.params[Param.gapMaxNs] ?? 0)) / 2 + 1) - Math.log(gapNs + 1),
    );
  return [...candidates].sort((a, b) => distance(a) - distance(b))[0];
}
