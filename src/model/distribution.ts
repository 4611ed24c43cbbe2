// A primitive's measured distribution as the model uses it: its median, and
// random draws from its histogram (all trials pooled; a value is drawn
// uniformly within its bucket, so draws are as fine as the histogram).
import type { MetricResult } from '../results/schema.js';
import { pooledBuckets } from '../results/trialFigures.js';

export type Random = () => number;

/** mulberry32: a small, seedable uniform generator in [0, 1). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Distribution {
  /** Where the numbers come from, e.g. the metric id. */
  source: string;
  p50: number;
  draw(random: Random): number;
}

export function constant(valueNs: number, source: string): Distribution {
  return { source, p50: valueNs, draw: () => valueNs };
}

/** Pooled histogram of a metric's trials; undefined when it has no samples. */
export function fromMetric(metric: MetricResult): Distribution | undefined {
  const buckets = pooledBuckets(metric);
  const total = buckets.reduce((n, b) => n + b[2], 0);
  if (total === 0 || !metric.summary) return undefined;
  const cumulative: number[] = [];
  let running = 0;
  for (const b of buckets) cumulative.push((running += b[2]));
  return {
    source: metric.id,
    p50: metric.summary.valueNs,
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
