// A shift estimated with a standard error and Student-t degrees of freedom:
// the one-sided p-values of "the shift lies beyond ±τ", and its interval.
// Welch's shift, the regime-adjusted shift and the median shift share it.
import { studentTQuantileUpper, studentTUpperTail } from './studentT.js';

export interface ShiftTests {
  estimate: number;
  standardError: number;
  degreesOfFreedom: number;
  /** P-value of "shift ≤ τ" against "shift > τ". */
  pAbove(tau: number): number;
  /** P-value of "shift ≥ −τ" against "shift < −τ". */
  pBelow(tau: number): number;
}

export interface TShift extends ShiftTests {
  low: number;
  high: number;
  confidence: number;
}

export function shiftTests(estimate: number, standardError: number, degreesOfFreedom: number): ShiftTests {
  // With no spread at all, the shift is known exactly: beyond τ or not.
  const tail = (t: number) =>
    standardError > 0 ? studentTUpperTail(t / standardError, degreesOfFreedom) : t > 0 ? 0 : 1;
  return {
    estimate,
    standardError,
    degreesOfFreedom,
    pAbove: (tau) => tail(estimate - tau),
    pBelow: (tau) => tail(-estimate - tau),
  };
}

/** The tests and the two-sided interval at `confidence`. */
export function tShift(estimate: number, standardError: number, degreesOfFreedom: number, confidence: number): TShift {
  const half = standardError * studentTQuantileUpper((1 - confidence) / 2, degreesOfFreedom);
  return {
    ...shiftTests(estimate, standardError, degreesOfFreedom),
    low: estimate - half,
    high: estimate + half,
    confidence,
  };
}
