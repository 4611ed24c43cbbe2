// Turns the addon's raw measurements into the results document's records:
// per-trial statistics and histograms, merged across trials by metric id.
import type { NativeMeasurement } from '../native.js';
import { describe, median } from '../stats/distribution.js';
import type { MetricResult, MetricSummary, Placement, Trial } from './schema.js';

/** A metric's stable key across runs and hosts: CPU numbers are left out on purpose. */
export function metricId(probe: string, metric: string, placement: Placement, params: Record<string, number>): string {
  const keys = Object.keys(params).sort();
  const suffix = keys.length ? `{${keys.map((k) => `${k}=${params[k]}`).join(',')}}` : '';
  return `${probe}/${metric}@${placement.kind}${suffix}`;
}

export function trialOf(m: NativeMeasurement, durationMs: number): Trial {
  const stats = describe(m.valuesNs);
  const auxEntries = Object.entries(m.auxNs)
    .map(([name, values]) => [name, describe(values)] as const)
    .filter((entry): entry is readonly [string, NonNullable<ReturnType<typeof describe>>] => entry[1] !== undefined);
  const excludedTotal = Object.values(m.excluded).reduce((a, b) => a + b, 0);
  return {
    samplesRequested: m.requested,
    samples: m.requested - excludedTotal,
    excluded: { ...m.excluded },
    observedCpus: { ...m.observedCpus },
    ...(stats ? { statsNs: stats } : {}),
    ...(auxEntries.length ? { auxNs: Object.fromEntries(auxEntries) } : {}),
    histogram: { encoding: 'log-linear', subBucketBits: m.histogram.subBucketBits, buckets: m.histogram.buckets },
    durationMs,
  };
}

export function summarize(trials: Trial[]): MetricSummary | undefined {
  const p50s = trials.flatMap((t) => (t.statsNs ? [t.statsNs.p50] : []));
  if (p50s.length === 0) return undefined;
  return {
    statistic: 'median of trial p50s',
    valueNs: median(p50s),
    trialP50sNs: p50s,
    spreadNs: [Math.min(...p50s), Math.max(...p50s)],
  };
}

/** Adds one trial's measurements to the metrics of a probe result. */
export function addTrial(
  metrics: MetricResult[],
  probe: string,
  placement: Placement,
  measurements: NativeMeasurement[],
  durationMs: number,
): void {
  for (const m of measurements) {
    const id = metricId(probe, m.metric, placement, m.params);
    let metric = metrics.find((r) => r.id === id);
    if (!metric) {
      metric = { id, metric: m.metric, params: { ...m.params }, trials: [] };
      metrics.push(metric);
    }
    metric.trials.push(trialOf(m, durationMs));
    const summary = summarize(metric.trials);
    if (summary) metric.summary = summary;
  }
}
