// The new sample's median against the baseline's mean, scaled by the
// baseline's spread alone: a prediction-style test that a regime change in
// most of the new trials cannot hide from by inflating their own variance
// (Welch's test divides by it). Under "no change" with normal values the
// median of n values has variance about (π/2)·σ²/n (less for small odd n,
// so the test errs toward keeping quiet); σ² comes from the baseline, with
// m − 1 degrees of freedom.
import { median } from './sampleSummary.js';
import { shiftTests, type ShiftTests } from './tShift.js';

/** The shift of y's median from x's mean; x needs at least two values, y one. */
export function medianShift(x: number[], y: number[], varianceFloor = 0): ShiftTests {
  if (x.length < 2 || y.length < 1) throw new RangeError('the baseline needs two values and the new sample one');
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const vx = Math.max(x.reduce((s, v) => s + (v - mx) ** 2, 0) / (x.length - 1), varianceFloor);
  const standardError = Math.sqrt(vx * (Math.PI / 2 / y.length + 1 / x.length));
  return shiftTests(median(y) - mx, standardError, x.length - 1);
}
