// Spread of a handful of values: the sample standard deviation.

/** Sample standard deviation (divisor n − 1); 0 for fewer than two values. */
export function standardDeviation(values: number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
}
