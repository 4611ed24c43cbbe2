// What an export carries per metric: the headline (median of trial p50s, or
// of trial rates for throughput) with its interval, unit and direction.
import { Counter, Metric, metricSpec, syscallStrategies } from '../catalogue/index.js';
import type { MetricResult, ProbeResult, ResultsDocument } from '../results/schema.js';
import { globMatcher } from '../format/glob.js';
import { median } from '../stats/sampleSummary.js';
import { medianInterval } from '../stats/medianInterval.js';

export interface Headline {
  id: string;
  probe: string;
  metric: string;
  placement: string;
  params: Record<string, number>;
  unit: 'ns' | 'per-second';
  better: 'lower' | 'higher';
  value: number;
  low: number;
  high: number;
  confidence: number;
  trials: number;
  role: string;
  /** Two clusters of trials, when the metric is bimodal: read both. */
  modes?: string;
}

function latency(p: ProbeResult, m: MetricResult): Headline | undefined {
  if (!m.summary) return undefined;
  const spec = metricSpec(p.probe, m.metric);
  return {
    id: m.id,
    probe: p.probe,
    metric: m.metric,
    placement: p.placement.kind,
    params: m.params,
    unit: 'ns',
    better: spec?.better ?? 'lower',
    value: m.summary.valueNs,
    low: m.summary.ci.lowNs,
    high: m.summary.ci.highNs,
    confidence: m.summary.ci.confidence,
    trials: m.summary.trialP50sNs.length,
    role: spec?.role ?? 'detail',
    ...(m.summary.modes
      ? { modes: m.summary.modes.map((mode) => `${mode.valueNs} ns × ${mode.trials}`).join(' / ') }
      : {}),
  };
}

/** A syscall path's throughput: iterations over wall time, per trial. */
function throughput(p: ProbeResult, m: MetricResult): Headline | undefined {
  if (m.metric !== Metric.iteration || !(syscallStrategies as readonly string[]).includes(p.probe)) return undefined;
  const rates = m.trials.flatMap((t) => {
    const n = t.counters?.[Counter.iterations],
      d = t.counters?.[Counter.wallNs];
    return n !== undefined && d ? [(n / d) * 1e9] : [];
  });
  const interval = medianInterval(rates);
  if (!interval) return undefined;
  return {
    id: m.id.replace(`/${Metric.iteration}@`, '/throughput@'),
    probe: p.probe,
    metric: 'throughput',
    placement: p.placement.kind,
    params: m.params,
    unit: 'per-second',
    better: 'higher',
    value: median(rates),
    low: interval.lowNs,
    high: interval.highNs,
    confidence: interval.confidence,
    trials: rates.length,
    role: 'headline',
  };
}

/** Every metric with a headline, and each syscall path's throughput; optionally only ids matching a glob. */
export function headlines(doc: ResultsDocument, pattern?: string): Headline[] {
  const matches = pattern ? globMatcher(pattern) : () => true;
  return doc.probes
    .filter((p) => p.status === 'ok')
    .flatMap((p) => p.metrics.flatMap((m) => [latency(p, m), throughput(p, m)]))
    .filter((h): h is Headline => h !== undefined && matches(h.id));
}
