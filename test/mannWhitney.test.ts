import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { exactUCounts, mannWhitneyU, normalUpperTail, smallestPValue } from '../src/stats/mannWhitney.js';
import { coefficientOfVariation, medianInterval } from '../src/stats/medianInterval.js';

/** Two-sided exact p by brute force: every way of choosing which ranks are x's. */
function bruteForceP(x: number[], y: number[]): number {
  const all = [...x, ...y].sort((a, b) => a - b);
  const m = x.length,
    n = all.length;
  const uOf = (mask: number) => {
    let u = 0;
    for (let i = 0; i < n; i++)
      if (mask & (1 << i)) for (let j = 0; j < n; j++) if (!(mask & (1 << j)) && all[i]! > all[j]!) u++;
    return u;
  };
  const observed = mannWhitneyU(x, y).u;
  const lower = Math.min(observed, m * (n - m) - observed);
  let total = 0,
    tail = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    if (popcount(mask) !== m) continue;
    total++;
    if (uOf(mask) <= lower) tail++;
  }
  return Math.min(1, (2 * tail) / total);
}

function popcount(v: number): number {
  let c = 0;
  for (; v; v &= v - 1) c++;
  return c;
}

test('complete separation of 5 vs 5 gives the smallest exact p, 2/C(10,5) = 2/252', () => {
  const r = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
  assert.equal(r.method, 'exact');
  assert.equal(r.u, 0);
  assert.ok(Math.abs(r.pValue - 2 / 252) < 1e-12);
  assert.ok(Math.abs(smallestPValue(5, 5) - 2 / 252) < 1e-12);
});

test("R's wilcox.test documentation example: W = 35, one-sided p = 0.1272", () => {
  // ?wilcox.test in R: x <- c(0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46);
  // y <- c(1.15, 0.88, 0.90, 0.74, 1.21); wilcox.test(x, y, alternative = "g") gives W = 35, p-value = 0.1272.
  const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
  const y = [1.15, 0.88, 0.9, 0.74, 1.21];
  const r = mannWhitneyU(x, y);
  assert.equal(r.u, 35);
  assert.ok(Math.abs(r.pValue / 2 - 0.1272) < 0.00005, `one-sided p ${r.pValue / 2}`);
});

test('exact p-values equal a brute-force enumeration of all rank assignments', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 4, maxLength: 12 }),
      fc.integer({ min: 1, max: 11 }),
      (values, split) => {
        const k = Math.min(split, values.length - 1);
        const x = values.slice(0, k),
          y = values.slice(k);
        assert.ok(Math.abs(mannWhitneyU(x, y).pValue - bruteForceP(x, y)) < 1e-12);
      },
    ),
    { seed: 5, numRuns: 200 },
  );
});

test('the exact null distribution sums to C(m+n, m) and is symmetric', () => {
  const counts = exactUCounts(4, 6);
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    210,
  );
  assert.deepEqual(counts, [...counts].reverse());
});

test('with ties the normal approximation is used and stays sensible', () => {
  const r = mannWhitneyU([1, 1, 2, 2, 3], [1, 2, 2, 3, 3]);
  assert.equal(r.method, 'normal');
  assert.ok(r.pValue > 0.3 && r.pValue <= 1);
  assert.equal(mannWhitneyU([5, 5, 5], [5, 5, 5]).pValue, 1);
});

test('normal tail matches known values', () => {
  assert.ok(Math.abs(normalUpperTail(1.959964) - 0.025) < 1e-6);
  assert.ok(Math.abs(normalUpperTail(0) - 0.5) < 1e-6);
  assert.ok(Math.abs(normalUpperTail(-1) - 0.841344746) < 1e-6);
});

test('order-statistic intervals for the median have the binomial coverage', () => {
  // n = 5: [x(1), x(5)] covers with 1 − 2·(1/2)^5 = 0.9375 (no tighter interval reaches 95%).
  const five = medianInterval([5, 1, 4, 2, 3])!;
  assert.deepEqual([five.lowNs, five.highNs], [1, 5]);
  assert.equal(five.confidence, 0.9375);
  // n = 10: [x(2), x(9)] covers with 1 − 2·(1 + 10)/1024 = 0.978515625; [x(3), x(8)] only 0.890625.
  const ten = medianInterval([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])!;
  assert.deepEqual([ten.lowNs, ten.highNs], [2, 9]);
  assert.equal(ten.confidence, 0.978515625);
  assert.equal(medianInterval([]), undefined);
});

test('coefficient of variation', () => {
  assert.equal(coefficientOfVariation([3]), 0);
  assert.ok(Math.abs(coefficientOfVariation([9, 11]) - Math.SQRT2 / 10) < 1e-12);
});
