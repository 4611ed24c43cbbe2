// The difference of two means with Welch's standard error and
// Satterthwaite's degrees of freedom: the shift of y relative to x, its
// interval, and one-sided p-values of "the shift exceeds ±τ". Unlike a rank
// test, whose smallest p-value with five values a side is 1/126, the
// p-value falls with the size of the shift, so one metric alone can survive
// a correction over many. A variance floor keeps a side whose few values
// happen to agree from claiming more precision than the baseline's noise.
import { tShift, type TShift } from './tShift.js';

function meanOf(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function varianceOf(values: number[], mean: number): number {
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
}

/** Welch's shift of y relative to x; each side needs at least two values. */
export function welchShift(x: number[], y: number[], confidence: number, varianceFloor = 0): TShift {
  if (x.length < 2 || y.length < 2) throw new RangeError('each side needs at least two values');
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence ${confidence} outside (0, 1)`);
  const mx = meanOf(x),
    my = meanOf(y);
  const vx = Math.max(varianceOf(x, mx), varianceFloor) / x.length;
  const vy = Math.max(varianceOf(y, my), varianceFloor) / y.length;
  const standardError = Math.sqrt(vx + vy);
  const degreesOfFreedom = vx + vy > 0 ? (vx + vy) ** 2 / (vx ** 2 / (x.length - 1) + vy ** 2 / (y.length - 1)) : 1;
  return tShift(my - mx, standardError, degreesOfFreedom, confidence);
}
