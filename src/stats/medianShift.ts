// The new sample's median against the baseline's mean, scaled by the
// baseline's spread alone: a prediction-style test that a regime change in
// most of the new trials cannot hide from by inflating their own variance
// (Welch's test divides by it). Under "no change" with normal values the
// median of n values has variance about (π/2)·σ²/n (less for small odd n,
// so the test errs toward keeping quiet); σ² comes from the baseline, with
// m − 1 degrees of freedom.
import { median } from './distribution.js';
import { studentTUpperTail } from './studentT.js';

export interface MedianShift {
  /** median(y) − mean(x). */
  estimate: number;
  standardError: number;
  /** P-value of "shift ≤ τ" against "shift > τ". */
  pAbove(tau: number): number;
  /** P-value of "shift ≥ −τ" against "shift < −τ". */
  pBelow(tau: number): number;
}

/** The shift of y's median from x's mean; x needs at least two values, y one. */
export function medianShift(x: number[], y: number[], varianceFloor = 0): MedianShift {
  if (x.length < 2 || y.length < 1) throw new RangeError('the baseline needs two values and the new sample one');
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const vx = Math.max(x.reduce((s, v) => s + (v - mx) ** 2, 0) / (x.length - 1), varianceFloor);
  const standardError = Math.sqrt(vx * (Math.PI / 2 / y.length + 1 / x.length));
  const estimate = median(y) - mx;
  const df = x.length - 1;
  const tail = (t: number) => (standardError > 0 ? studentTUpperTail(t / standardError, df) : t > 0 ? 0 : 1);
  return { estimate, standardError, pAbove: (tau) => tail(estimate - tau), pBelow: (tau) => tail(-estimate - tau) };
}
