// Figures of one metric taken across its trials, shared by the model and
// the reports so that both read a metric the same way.
import { median } from '../stats/sampleSummary.js';
import type { DistributionNsDoc, MetricResult } from './schema.js';

export type HistogramBucket = [lowNs: number, highNs: number, count: number];

/** The trials' histograms added up, buckets ascending. */
export function pooledBuckets(metric: MetricResult): HistogramBucket[] {
  const pooled = new Map<number, HistogramBucket>();
  for (const trial of metric.trials)
    for (const [lo, hi, count] of trial.histogram.buckets) {
      const bucket = pooled.get(lo);
      if (bucket) bucket[2] += count;
      else pooled.set(lo, [lo, hi, count]);
    }
  return [...pooled.values()].sort((a, b) => a[0] - b[0]);
}

/** Median over the trials that kept samples of one of their statistics; NaN when none did. */
export function trialMedian(metric: MetricResult, pick: (stats: DistributionNsDoc) => number): number {
  const values = metric.trials.flatMap((t) => (t.statsNs ? [pick(t.statsNs)] : []));
  return values.length ? median(values) : Number.NaN;
}
