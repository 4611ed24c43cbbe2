// A standard deviation that one outlying trial cannot set: the median
// absolute deviation about the median, scaled to estimate σ of a normal
// sample (1.4826) with Croux and Rousseeuw's small-sample factors (1992),
// which make it unbiased at the handful of trials a run has.
import { median } from './sampleSummary.js';

const SMALL_SAMPLE_FACTOR: Record<number, number> = {
  2: 1.196,
  3: 1.495,
  4: 1.363,
  5: 1.206,
  6: 1.2,
  7: 1.14,
  8: 1.129,
  9: 1.107,
};

/** σ estimated from the MAD; 0 for fewer than two values. */
export function madScale(values: number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const center = median(values);
  const mad = median(values.map((v) => Math.abs(v - center)));
  return 1.4826 * mad * (SMALL_SAMPLE_FACTOR[n] ?? n / (n - 0.8));
}
