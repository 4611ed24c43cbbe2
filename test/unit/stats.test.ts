import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { adjustedShift } from '../../src/stats/adjustedShift.js';
import { median } from '../../src/stats/sampleSummary.js';
import { adjustPValues, benjaminiHochberg, holm } from '../../src/stats/multipleTesting.js';
import { medianShift } from '../../src/stats/medianShift.js';
import { madScale } from '../../src/stats/robustScale.js';
import { standardDeviation } from '../../src/stats/spread.js';
import { studentTQuantileUpper, studentTUpperTail } from '../../src/stats/studentT.js';
import { welchShift } from '../../src/stats/welch.js';
import { generator } from '../support/syntheticRuns.js';

const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) < 1e-12);

test('median: the middle value, or the mean of the two middle values', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([10, 20]), 15);
  assert.throws(() => median([]), RangeError);
  fc.assert(
    fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 40 }), (v) => {
      const m = median(v);
      // As many values at or below the median as at or above it.
      assert.ok(v.filter((x) => x <= m).length >= v.length / 2 && v.filter((x) => x >= m).length >= v.length / 2);
    }),
    { seed: 2, numRuns: 200 },
  );
});

test("Benjamini–Hochberg and Holm match R's p.adjust on known vectors", () => {
  // p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") → 0.02 0.04 0.04 0.02; "holm" → 0.03 0.06 0.06 0.02
  assert.ok(close(benjaminiHochberg([0.01, 0.04, 0.03, 0.005]), [0.02, 0.04, 0.04, 0.02]));
  assert.ok(close(holm([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02]));
  // Benjamini & Hochberg (1995), section 4: 15 p-values; at 0.05 BH rejects 4, Holm (and Bonferroni) 3.
  const bh1995 = [
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1,
  ];
  assert.equal(benjaminiHochberg(bh1995).filter((q) => q <= 0.05).length, 4);
  assert.equal(holm(bh1995).filter((q) => q <= 0.05).length, 3);
  // A test not run is no member of the family.
  const withGap = benjaminiHochberg([0.01, Number.NaN, 0.04]);
  assert.ok(Number.isNaN(withGap[1]));
  assert.ok(close([withGap[0]!, withGap[2]!], [0.02, 0.04]));
  assert.deepEqual(adjustPValues([0.2, 0.01], 'none'), [0.2, 0.01]);
});

test('property: adjusted p-values are at least the raw ones, at most 1, and keep their order', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 60 }), (p) => {
      for (const adjusted of [benjaminiHochberg(p), holm(p)]) {
        adjusted.forEach((q, i) => assert.ok(q >= p[i]! - 1e-15 && q <= 1));
        for (let i = 0; i < p.length; i++)
          for (let j = 0; j < p.length; j++) if (p[i]! < p[j]!) assert.ok(adjusted[i]! <= adjusted[j]! + 1e-15);
      }
    }),
    { seed: 4, numRuns: 200 },
  );
});

test("Student's t upper tail and quantile match R's pt/qt", () => {
  // R: pt(q, df, lower.tail = FALSE), qt(p, df, lower.tail = FALSE)
  const cases: [number, number, number][] = [
    [2.306004, 8, 0.025],
    [4.604095, 4, 0.005],
    [12.7062, 1, 0.025],
    [5.041305, 8, 0.0005],
    [1.812461, 10, 0.05],
  ];
  for (const [t, df, tail] of cases) {
    assert.ok(Math.abs(studentTUpperTail(t, df) - tail) < 1e-6 * Math.max(1, tail * 1e3), `${t}, ${df}`);
    assert.ok(Math.abs(studentTQuantileUpper(tail, df) - t) < 1e-4, `quantile ${tail}, ${df}`);
  }
  assert.ok(Math.abs(studentTUpperTail(-1.812461, 10) - 0.95) < 1e-6);
  assert.equal(studentTUpperTail(0, 3.7), 0.5);
});

test('Welch: the interval covers the true log ratio as often as it says; tests reject at their level (simulated)', () => {
  const { normal } = generator(77);
  for (const [m, n, reps] of [
    [5, 5, 3000],
    [15, 5, 2000],
  ] as const) {
    let covered = 0,
      rejected = 0;
    const truth = Math.log(1.25),
      tau = Math.log(1.25);
    for (let r = 0; r < reps; r++) {
      const x = Array.from({ length: m }, () => 0.1 * normal());
      const y = Array.from({ length: n }, () => truth + 0.1 * normal());
      const s = welchShift(x, y, 0.95);
      if (s.low <= truth && truth <= s.high) covered++;
      // The shift equals τ: "shift > τ" is false, and is rejected in about 5% of repetitions.
      if (s.pAbove(tau) <= 0.05) rejected++;
    }
    const band = (p: number) => 3 * Math.sqrt((p * (1 - p)) / reps) + 0.01;
    assert.ok(Math.abs(covered / reps - 0.95) < band(0.95), `${m}v${n}: covered ${covered / reps}`);
    assert.ok(Math.abs(rejected / reps - 0.05) < band(0.05), `${m}v${n}: rejected ${rejected / reps}`);
  }
});

test("the new median against the baseline's spread keeps its level when nothing changed, and sees a majority regime", () => {
  const { normal } = generator(78);
  let rejected = 0;
  const reps = 4000;
  for (let r = 0; r < reps; r++) {
    const x = Array.from({ length: 5 }, () => 0.05 * normal());
    const y = Array.from({ length: 5 }, () => 0.05 * normal());
    if (medianShift(x, y).pAbove(0) <= 0.05) rejected++;
  }
  // Conservative: the median of five has less variance than (π/2)σ²/n.
  assert.ok(rejected / reps <= 0.05 + 3 * Math.sqrt((0.05 * 0.95) / reps), `rejected ${rejected / reps}`);
  const regime = medianShift([0, 0.01, -0.01, 0.005, 0], [0, 0.01, 0.69, 0.7, 0.69]);
  assert.ok(regime.pAbove(Math.log(1.05)) < 1e-4);
});

test('MAD-based σ: unbiased for five normal values, and one outlier barely moves it', () => {
  const { normal } = generator(79);
  let sum = 0;
  const reps = 20000;
  for (let r = 0; r < reps; r++) sum += madScale(Array.from({ length: 5 }, () => normal()));
  assert.ok(Math.abs(sum / reps - 1) < 0.03, `mean ${sum / reps}`);
  const tight = [1, 1.01, 0.99, 1.005, 0.995];
  assert.ok(madScale([...tight.slice(1), 1.5]) < 2 * madScale(tight));
  assert.equal(madScale([3]), 0);
});

test('spread: the sample standard deviation', () => {
  assert.equal(standardDeviation([5]), 0);
  assert.ok(Math.abs(standardDeviation([1, 2, 3, 4]) - Math.sqrt(5 / 3)) < 1e-12);
});

test('property: a bounded slope stays within its bounds; the shift is the mean difference net of the slope', () => {
  const values = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 6 });
  fc.assert(
    fc.property(values, values, values, values, (x, y, cx, cy) => {
      const n = Math.min(x.length, cx.length),
        m = Math.min(y.length, cy.length);
      const [xs, cxs, ys, cys] = [x.slice(0, n), cx.slice(0, n), y.slice(0, m), cy.slice(0, m)];
      const fit = adjustedShift(xs, ys, cxs, cys, 0.95, 0, [0, 0.5]);
      if (!fit) return;
      assert.ok(fit.conditionSlope >= 0 && fit.conditionSlope <= 0.5, String(fit.conditionSlope));
      // A held slope keeps the free fit's uncertainty: its interval is never the narrower.
      const free = adjustedShift(xs, ys, cxs, cys, 0.95);
      if (free && free.conditionSlope !== fit.conditionSlope)
        assert.ok(fit.high - fit.low >= free.high - free.low - 1e-9, `${fit.high - fit.low} < ${free.high - free.low}`);
      const net = (v: number[], c: number[]) => v.reduce((s, a, i) => s + a - fit.conditionSlope * c[i]!, 0) / v.length;
      assert.ok(Math.abs(fit.estimate - (net(ys, cys) - net(xs, cxs))) < 1e-9);
    }),
  );
  // Both runs on one line of slope 2, the level 0.5 higher in the new one; held at 1, the other half
  // of the level's move, 2·0.5 − 1·0.5, shows as a shift.
  const levels = [0.5, 1, 1.5, 2];
  const fit = adjustedShift(
    levels.map((l) => 2 * l),
    levels.map((l) => 2 * (l + 0.5)),
    levels,
    levels.map((l) => l + 0.5),
    0.95,
    0,
    [0, 1],
  );
  assert.equal(fit?.conditionSlope, 1);
  assert.ok(Math.abs(fit.estimate - 0.5) < 1e-12, String(fit.estimate));
});
