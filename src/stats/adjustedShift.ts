// The shift of y relative to x adjusted for a condition both were measured
// under (a host regime, or the host's wake level measured with each value):
// least squares on value = a + δ·[new] + γ·condition, with the residual
// variance pooled over both samples. When the condition separates x from y
// entirely, δ and γ cannot be told apart and there is no estimate: two runs
// that share no regime cannot be compared on what the regime moves; levels
// that barely overlap leave δ with a wide interval. A slope known to lie
// within bounds (a row that contains part of a level moves by at most as much
// as the level does) is held at the nearer bound when the fit leaves them:
// five trials whose spread happens to line up with the level would otherwise
// set a slope that, carried to the other run's level, makes a change. The
// held slope keeps the fit's uncertainty (its interval is no narrower than
// the free fit's), and a design that cannot tell a slope takes the bound
// nearest 0.
import { tShift, type TShift } from './tShift.js';

type Matrix3 = [number[], number[], number[]];

/** The inverse of a symmetric 3×3 matrix, or undefined when it is singular. */
function inverse3(m: Matrix3): Matrix3 | undefined {
  const [a, b, c] = m as [[number, number, number], [number, number, number], [number, number, number]];
  const cofactor: Matrix3 = [
    [b[1] * c[2] - b[2] * c[1], a[2] * c[1] - a[1] * c[2], a[1] * b[2] - a[2] * b[1]],
    [b[2] * c[0] - b[0] * c[2], a[0] * c[2] - a[2] * c[0], a[2] * b[0] - a[0] * b[2]],
    [b[0] * c[1] - b[1] * c[0], a[1] * c[0] - a[0] * c[1], a[0] * b[1] - a[1] * b[0]],
  ];
  const det = a[0] * cofactor[0][0]! + a[1] * cofactor[1][0]! + a[2] * cofactor[2][0]!;
  const scale = Math.abs(a[0]) + Math.abs(b[1]) + Math.abs(c[2]);
  if (!(Math.abs(det) > 1e-9 * scale ** 3)) return undefined;
  return cofactor.map((row) => row.map((v) => v / det)) as Matrix3;
}

/**
 * δ with its interval and one-sided p-values, as welchShift gives them, and
 * γ (`conditionSlope`), or undefined when the condition cannot be told from
 * the shift. `cx[i]` and
 * `cy[i]` are the condition of each value: 0 or 1 for two regimes, or a
 * measured level.
 */
export function adjustedShift(
  x: number[],
  y: number[],
  cx: number[],
  cy: number[],
  confidence: number,
  varianceFloor = 0,
  slopeBounds?: [number, number],
): (TShift & { conditionSlope: number }) | undefined {
  // Centred, so that a level far from 0 with little spread is not taken for a singular design.
  const center = [...cx, ...cy].reduce((a, b) => a + b, 0) / (cx.length + cy.length);
  const rows = [
    ...x.map((v, i) => ({ v, isNew: 0, level: cx[i]! - center })),
    ...y.map((v, i) => ({ v, isNew: 1, level: cy[i]! - center })),
  ];
  const df = rows.length - 3;
  if (df < 1) return undefined;
  const xtx: Matrix3 = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const xty = [0, 0, 0];
  for (const r of rows) {
    const design = [1, r.isNew, r.level];
    for (let i = 0; i < 3; i++) {
      xty[i]! += design[i]! * r.v;
      for (let j = 0; j < 3; j++) xtx[i]![j]! += design[i]! * design[j]!;
    }
  }
  const inv = inverse3(xtx);
  const within = (slope: number) => (slopeBounds ? Math.min(Math.max(slope, slopeBounds[0]), slopeBounds[1]) : slope);
  if (!inv) {
    if (!slopeBounds) return undefined;
    const slope = within(0);
    return { ...shiftAtSlope(rows, slope, confidence, varianceFloor), conditionSlope: slope };
  }
  const coef = inv.map((row) => row.reduce((s, v, j) => s + v * xty[j]!, 0));
  if (within(coef[2]!) !== coef[2]!) {
    const slope = within(coef[2]!);
    return { ...shiftAtSlope(rows, slope, confidence, varianceFloor, inv[1][1]), conditionSlope: slope };
  }
  const residual = rows.reduce((s, r) => s + (r.v - coef[0]! - coef[1]! * r.isNew - coef[2]! * r.level) ** 2, 0);
  const variance = Math.max(residual / df, varianceFloor);
  const standardError = Math.sqrt(variance * inv[1][1]!);
  return { ...tShift(coef[1]!, standardError, df, confidence), conditionSlope: coef[2] };
}

/**
 * δ with the slope given: two means of value − slope·level, their residual
 * variance pooled. With the free fit's (XᵀX)⁻¹ entry for δ, its standard
 * error and degrees of freedom are the free fit's, slope uncertainty
 * included; without one, the slope is taken as known.
 */
function shiftAtSlope(
  rows: { v: number; isNew: number; level: number }[],
  slope: number,
  confidence: number,
  varianceFloor: number,
  fittedShiftInverse?: number,
): TShift {
  const groups = [0, 1].map((isNew) => rows.filter((r) => r.isNew === isNew).map((r) => r.v - slope * r.level));
  const means = groups.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
  const residual = groups.reduce((s, g, k) => s + g.reduce((t, v) => t + (v - means[k]!) ** 2, 0), 0);
  const df = rows.length - (fittedShiftInverse === undefined ? 2 : 3);
  const variance = Math.max(residual / df, varianceFloor);
  const standardError = Math.sqrt(variance * (fittedShiftInverse ?? 1 / groups[0]!.length + 1 / groups[1]!.length));
  return tShift(means[1]! - means[0]!, standardError, df, confidence);
}
