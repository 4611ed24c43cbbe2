// Two regimes among a handful of trial medians: on VMs a cross-CPU wake can
// settle at one of two levels for a whole thread set (e.g. 16 µs or 21 µs),
// so trials fall into two clusters whose median describes neither.

export interface Mode {
  valueNs: number;
  trials: number;
}

/** A gap this many times the wider cluster's own range separates two modes. */
const MODE_GAP_FACTOR = 2;
/** …and at least this fraction of the overall median (clock-granularity ties are not modes). */
const MODE_MIN_RELATIVE_GAP = 0.05;

function middle(sorted: number[]): number {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

/**
 * The two modes of `values`, when its sorted values split into two clusters
 * of at least two values each with a gap at least MODE_GAP_FACTOR times the
 * wider cluster's range and MODE_MIN_RELATIVE_GAP of the median; the split
 * with the largest gap wins. Undefined when no split qualifies.
 */
export function twoModes(values: number[]): [Mode, Mode] | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n < 4) return undefined;
  const overall = middle(sorted);
  let best: { at: number; gap: number } | undefined;
  for (let at = 2; at <= n - 2; at++) {
    const gap = sorted[at]! - sorted[at - 1]!;
    const spread = Math.max(sorted[at - 1]! - sorted[0]!, sorted[n - 1]! - sorted[at]!);
    if (gap >= MODE_GAP_FACTOR * spread && gap >= MODE_MIN_RELATIVE_GAP * Math.abs(overall) && gap > (best?.gap ?? 0))
      best = { at, gap };
  }
  if (!best) return undefined;
  const low = sorted.slice(0, best.at),
    high = sorted.slice(best.at);
  return [
    { valueNs: middle(low), trials: low.length },
    { valueNs: middle(high), trials: high.length },
  ];
}
