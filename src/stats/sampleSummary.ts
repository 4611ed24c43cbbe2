// Summary statistics of one sample set. Percentiles use the nearest-rank
// definition (the smallest value with at least q of the samples at or below
// it), so every reported percentile is a value that was measured. `median`
// is the usual median (mean of the two middle values of an even count): it
// serves medians over trials and differences, where there is no such rule.

export interface DistributionNs {
  min: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
  stddev: number;
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Nearest-rank quantile of ascending `sorted`; q in [0, 1]. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty sample set');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} outside [0, 1]`);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

/**
 * The median: the middle value of an odd count, the mean of the two middle
 * values of an even one (not a nearest-rank quantile, which would take the
 * lower middle value and bias every median of an even count low).
 */
export function median(values: ArrayLike<number>): number {
  const sorted = sortedCopy(values);
  const n = sorted.length;
  if (n === 0) throw new RangeError('median of an empty sample set');
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

export function describe(values: ArrayLike<number>): DistributionNs | undefined {
  if (values.length === 0) return undefined;
  const sorted = sortedCopy(values);
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / sorted.length;
  let squares = 0;
  for (const v of sorted) squares += (v - mean) ** 2;
  const stddev = sorted.length > 1 ? Math.sqrt(squares / (sorted.length - 1)) : 0;
  return {
    min: sorted[0]!,
    p50: quantileOfSorted(sorted, 0.5),
    p90: quantileOfSorted(sorted, 0.9),
    p99: quantileOfSorted(sorted, 0.99),
    p999: quantileOfSorted(sorted, 0.999),
    max: sorted[sorted.length - 1]!,
    mean,
    stddev,
  };
}
