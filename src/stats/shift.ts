// The Hodges–Lehmann estimate of the shift between two samples (the median
// of all pairwise differences y − x) and its confidence interval, obtained
// by inverting the Mann–Whitney U test: the interval holds every shift d for
// which the test of "y − d and x come from one distribution" does not reject
// at the stated level. Its ends are order statistics of the pairwise
// differences, [D(k), D(mn+1−k)], with k from the exact U distribution (up to
// 50 values a side) or its normal approximation. On log values the shift is a
// log ratio, so exp() of the estimate and ends is a ratio with its interval.
import { median } from './distribution.js';
import { EXACT_LIMIT, exactUCounts, normalQuantileUpper } from './mannWhitney.js';

export interface ShiftInterval {
  /** Median of the pairwise differences y − x. */
  estimate: number;
  low: number;
  high: number;
  /** Coverage the interval achieves (below the requested one when the samples are too small to reach it). */
  confidence: number;
  method: 'exact' | 'normal';
}

/** Largest k with P(U ≤ k − 1) ≤ tail, and the coverage of [D(k), D(mn+1−k)]; k ≥ 1. */
function orderIndex(m: number, n: number, tail: number): { k: number; confidence: number; method: 'exact' | 'normal' } {
  if (m <= EXACT_LIMIT && n <= EXACT_LIMIT) {
    const counts = exactUCounts(m, n);
    const total = counts.reduce((a, b) => a + b, 0);
    let cumulative = 0,
      k = 0;
    while (k < counts.length && cumulative + counts[k]! <= tail * total) cumulative += counts[k++]!;
    // cumulative = P(U ≤ k − 1) · total ≤ tail; with k = 0 nothing reaches the level: widest interval.
    if (k === 0) return { k: 1, confidence: 1 - (2 * counts[0]!) / total, method: 'exact' };
    return { k: Math.min(k, Math.ceil((m * n) / 2)), confidence: 1 - (2 * cumulative) / total, method: 'exact' };
  }
  const sd = Math.sqrt((m * n * (m + n + 1)) / 12);
  const k = Math.max(1, Math.floor((m * n) / 2 + 0.5 - normalQuantileUpper(tail) * sd));
  return { k, confidence: 1 - 2 * tail, method: 'normal' };
}

/** Hodges–Lehmann shift of y relative to x with its confidence interval; undefined when a side is empty. */
export function shiftInterval(x: number[], y: number[], confidence = 0.95): ShiftInterval | undefined {
  const m = x.length,
    n = y.length;
  if (m === 0 || n === 0) return undefined;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence ${confidence} outside (0, 1)`);
  const differences = new Float64Array(m * n);
  let i = 0;
  for (const b of y) for (const a of x) differences[i++] = b - a;
  differences.sort();
  const { k, confidence: achieved, method } = orderIndex(m, n, (1 - confidence) / 2);
  return {
    estimate: median(differences),
    low: differences[k - 1]!,
    high: differences[m * n - k]!,
    confidence: achieved,
    method,
  };
}
