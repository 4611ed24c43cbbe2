import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { median } from '../../src/stats/distribution.js';
import { adjustPValues, benjaminiHochberg, holm } from '../../src/stats/multipleTesting.js';
import { shiftInterval } from '../../src/stats/shift.js';
import { pooledStandardDeviation, standardDeviation } from '../../src/stats/spread.js';
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

test('Hodges–Lehmann: the median pairwise difference, interval [D(3), D(23)] for 5 vs 5 (96.8%)', () => {
  const x = [1, 2, 3, 4, 5],
    y = [11, 12, 13, 14, 15];
  const s = shiftInterval(x, y)!;
  assert.equal(s.estimate, 10);
  // Pairwise differences 6..14; sorted, the 3rd is 7 and the 23rd is 13.
  assert.deepEqual([s.low, s.high], [7, 13]);
  assert.ok(Math.abs(s.confidence - (1 - 8 / 252)) < 1e-12);
  assert.equal(shiftInterval([], y), undefined);
  // Too few values for 95%: the widest interval, with the coverage it has.
  const tiny = shiftInterval([1, 2], [3, 4])!;
  assert.deepEqual([tiny.low, tiny.high], [1, 3]);
  assert.ok(Math.abs(tiny.confidence - (1 - 2 / 6)) < 1e-12);
});

test('Hodges–Lehmann ratio intervals cover the true ratio as often as they say (simulated)', () => {
  const { normal } = generator(77);
  for (const [m, n, reps] of [
    [5, 5, 2000],
    [8, 6, 1500],
    [60, 60, 300],
  ] as const) {
    let covered = 0,
      stated = 0;
    const trueLogRatio = Math.log(1.25);
    for (let r = 0; r < reps; r++) {
      // Log-normal trial values with a heavy-ish spread: the interval is on log values.
      const x = Array.from({ length: m }, () => Math.log(1000) + 0.1 * normal());
      const y = Array.from({ length: n }, () => Math.log(1000) + trueLogRatio + 0.1 * normal());
      const s = shiftInterval(x, y, 0.95)!;
      stated = s.confidence;
      if (s.low <= trueLogRatio && trueLogRatio <= s.high) covered++;
    }
    const share = covered / reps;
    const tolerance = 3 * Math.sqrt((stated * (1 - stated)) / reps) + 0.005;
    assert.ok(Math.abs(share - stated) < tolerance, `${m}v${n}: covered ${share}, stated ${stated}`);
  }
});

test('spread: sample and pooled standard deviations', () => {
  assert.equal(standardDeviation([5]), 0);
  assert.ok(Math.abs(standardDeviation([1, 2, 3, 4]) - Math.sqrt(5 / 3)) < 1e-12);
  // Groups about their own means: a shift between groups adds nothing.
  assert.ok(Math.abs(pooledStandardDeviation([[1, 2, 3, 4], [101, 102, 103, 104], [7]]) - Math.sqrt(5 / 3)) < 1e-12);
  assert.equal(pooledStandardDeviation([[1], [2]]), 0);
});
