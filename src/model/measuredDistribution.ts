// A primitive's measured distribution as the model uses it: its median, its
// mean (for formulas of rates, whose cycle time is a sum of means), and
// random draws from its histogram (all trials pooled; a value is drawn
// uniformly within its bucket, so draws are as fine as the histogram).
import type { MetricResult } from '../results/schema.js';
import { pooledBuckets } from '../results/trialFigures.js';
import type { Random } from '../stats/random.js';
import { median } from '../stats/sampleSummary.js';

export interface Distribution {
  /** Where the numbers come from, e.g. the metric id. */
  source: string;
  p50: number;
  /** Median over trials of each trial's mean. */
  mean: number;
  /** Samples behind it (a tail quantile needs enough: a p99 of 60 samples is their largest); absent when not measured. */
  samples?: number;
  draw(random: Random): number;
}

export function constant(valueNs: number, source: string): Distribution {
  return { source, p50: valueNs, mean: valueNs, draw: () => valueNs };
}

/** Pooled histogram of a metric's undisturbed trials; undefined when they kept no samples. */
export function fromMetric(metric: MetricResult): Distribution | undefined {
  if (!metric.summary) return undefined;
  const kept = metric.trials.filter((t) => !t.disturbance?.disturbed);
  const means = kept.flatMap((t) => (t.statsNs ? [t.statsNs.mean] : []));
  return fromBuckets(
    metric.id,
    pooledBuckets({ ...metric, trials: kept }),
    metric.summary.valueNs,
    means.length ? median(means) : metric.summary.valueNs,
  );
}

/**
 * One trial's histogram: what the primitive measured in one round, beside
 * the strategies' same trial. Undefined when the trial kept no samples or
 * was disturbed (left out on both sides of a comparison).
 */
export function fromTrial(metric: MetricResult, trial: number): Distribution | undefined {
  const t = metric.trials[trial];
  if (!t?.statsNs || t.samples === 0 || t.disturbance?.disturbed) return undefined;
  return fromBuckets(`${metric.id} trial ${trial + 1}`, t.histogram.buckets, t.statsNs.p50, t.statsNs.mean);
}

function fromBuckets(
  source: string,
  buckets: readonly (readonly [number, number, number])[],
  p50: number,
  mean: number,
): Distribution | undefined {
  const total = buckets.reduce((n, b) => n + b[2], 0);
  if (total === 0) return undefined;
  const cumulative: number[] = [];
  let running = 0;
  for (const b of buckets) cumulative.push((running += b[2]));
  return {
    source,
    p50,
    mean,
    samples: total,
    draw(random) {
      const target = random() * total;
      let lo = 0,
        hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > target) hi = mid;
        else lo = mid + 1;
      }
      const [low, high] = buckets[lo]!;
      return low + random() * (high - low);
    },
  };
}
