// A distribution-free confidence interval for a median from order
// statistics: the interval [x(k), x(n+1-k)] covers the true median with
// probability 1 − 2·P(B ≤ k−1), B ~ Binomial(n, 1/2). We take the largest k
// that reaches the requested confidence; with too few values to reach it,
// [min, max] and its (lower) actual coverage, stated honestly.

export interface MedianInterval {
  lowNs: number;
  highNs: number;
  /** Coverage actually achieved by this interval (≥ the requested one when enough values). */
  confidence: number;
  method: 'order-statistics';
}

function binomialHalfCdf(n: number, k: number): number {
  let term = 0.5 ** n,
    sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term = (term * (n - i)) / (i + 1);
  }
  return sum;
}

export function medianInterval(values: number[], confidence = 0.95): MedianInterval | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return undefined;
  let best = 1;
  for (let k = 1; k <= Math.floor((n + 1) / 2); k++) {
    const coverage = 1 - 2 * binomialHalfCdf(n, k - 1);
    if (coverage >= confidence) best = k;
    else break;
  }
  const coverage = n === 1 ? 0 : 1 - 2 * binomialHalfCdf(n, best - 1);
  return { lowNs: sorted[best - 1]!, highNs: sorted[n - best]!, confidence: coverage, method: 'order-statistics' };
}

/** Coefficient of variation: sample standard deviation over the mean (0 for fewer than two values). */
export function coefficientOfVariation(values: number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (mean === 0) return 0;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance) / Math.abs(mean);
}
