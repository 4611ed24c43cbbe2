// Spread of a handful of values: the sample standard deviation, and the
// pooled standard deviation of several groups (each group about its own
// mean), which is how far values of one group spread once group-to-group
// differences are set aside.

/** Sample standard deviation (divisor n − 1); 0 for fewer than two values. */
export function standardDeviation(values: number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
}

/** sqrt(Σ (nᵢ − 1)·sᵢ² / Σ (nᵢ − 1)) over the groups; 0 when no group has two values. */
export function pooledStandardDeviation(groups: number[][]): number {
  let squares = 0,
    freedom = 0;
  for (const g of groups) {
    if (g.length < 2) continue;
    squares += (g.length - 1) * standardDeviation(g) ** 2;
    freedom += g.length - 1;
  }
  return freedom > 0 ? Math.sqrt(squares / freedom) : 0;
}
