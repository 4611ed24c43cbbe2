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
  draw(random: Random): number;
}

export function constant(valueNs: number, source: string): Distribution {
  return { source, p50: valueNs, mean: valueNs, draw: () => valueNs };
}

/** Pooled histogram of a metric's trials; undefined when it has no samples. */
export function fromMetric(metric: MetricResult): Distribution | undefined {
  const buckets = pooledBuckets(metric);
  const total = buckets.reduce((n, b) => n + b[2], 0);
  if (total === 0 || !metric.summary) return undefined;
  const cumulative: number[] = [];
  let running = 0;
  for (const b of buckets) cumulative.push((running += b[2]));
  const means = metric.trials.flatMap((t) => (t.statsNs ? [t.statsNs.mean] : []));
  return {
    source: metric.id,
    p50: metric.summary.valueNs,
    mean: means.length ? median(means) : metric.summary.valueNs,
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
