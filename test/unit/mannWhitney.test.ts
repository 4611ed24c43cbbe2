import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  exactTiedUCounts,
  exactUCounts,
  mannWhitneyU,
  normalQuantileUpper,
  normalUpperTail,
  rankStatistic,
  smallestPValue,
  type Alternative,
} from '../../src/stats/mannWhitney.js';
import { coefficientOfVariation, medianInterval } from '../../src/stats/medianInterval.js';
import { generator } from '../support/syntheticRuns.js';

/** U of x (ties count 1/2) for one assignment of the pooled values: `mask` marks the x's. */
function uOf(all: number[], mask: number): number {
  let u = 0;
  for (let i = 0; i < all.length; i++)
    if (mask & (1 << i))
      for (let j = 0; j < all.length; j++)
        if (!(mask & (1 << j))) u += all[i]! > all[j]! ? 1 : all[i]! === all[j]! ? 0.5 : 0;
  return u;
}

function popcount(v: number): number {
  let c = 0;
  for (; v; v &= v - 1) c++;
  return c;
}

/**
 * Exact p by brute force, ties included: every way of choosing which of the
 * pooled values are x's is equally likely under the null.
 */
function bruteForceP(x: number[], y: number[], alternative: Alternative): number {
  const all = [...x, ...y];
  const m = x.length,
    mn = m * y.length;
  const observed = uOf(all, (1 << m) - 1);
  let total = 0,
    tail = 0;
  for (let mask = 0; mask < 1 << all.length; mask++) {
    if (popcount(mask) !== m) continue;
    total++;
    const u = uOf(all, mask);
    const hit =
      alternative === 'greater'
        ? u >= observed - 1e-9
        : alternative === 'less'
          ? u <= observed + 1e-9
          : Math.abs(u - mn / 2) >= Math.abs(observed - mn / 2) - 1e-9;
    if (hit) tail++;
  }
  return tail / total;
}

test('complete separation of 5 vs 5 gives the smallest exact p, 2/C(10,5) = 2/252', () => {
  const r = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
  assert.equal(r.method, 'exact');
  assert.equal(r.u, 0);
  assert.ok(Math.abs(r.pValue - 2 / 252) < 1e-12);
  assert.ok(Math.abs(smallestPValue(5, 5) - 2 / 252) < 1e-12);
  assert.ok(Math.abs(mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 'less').pValue - 1 / 252) < 1e-12);
  assert.equal(mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 'greater').pValue, 1);
});

test("R's wilcox.test documentation example: W = 35, one-sided p = 0.1272", () => {
  // ?wilcox.test in R: x <- c(0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46);
  // y <- c(1.15, 0.88, 0.90, 0.74, 1.21); wilcox.test(x, y, alternative = "g") gives W = 35, p-value = 0.1272.
  const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
  const y = [1.15, 0.88, 0.9, 0.74, 1.21];
  const r = mannWhitneyU(x, y, 'greater');
  assert.equal(r.u, 35);
  assert.ok(Math.abs(r.pValue - 0.1272) < 0.00005, `one-sided p ${r.pValue}`);
});

test('exact p-values without ties equal a brute-force enumeration of all rank assignments', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 4, maxLength: 12 }),
      fc.integer({ min: 1, max: 11 }),
      fc.constantFrom<Alternative>('two-sided', 'greater', 'less'),
      (values, split, alternative) => {
        const k = Math.min(split, values.length - 1);
        const x = values.slice(0, k),
          y = values.slice(k);
        const r = mannWhitneyU(x, y, alternative);
        assert.equal(r.method, 'exact');
        assert.ok(Math.abs(r.pValue - bruteForceP(x, y, alternative)) < 1e-12);
      },
    ),
    { seed: 5, numRuns: 200 },
  );
});

test('exact p-values WITH ties equal a brute-force enumeration (the tie-conditional null)', () => {
  fc.assert(
    fc.property(
      // Few distinct values: ties in almost every case.
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 4, maxLength: 12 }),
      fc.integer({ min: 1, max: 11 }),
      fc.constantFrom<Alternative>('two-sided', 'greater', 'less'),
      (values, split, alternative) => {
        const k = Math.min(split, values.length - 1);
        const x = values.slice(0, k),
          y = values.slice(k);
        const r = mannWhitneyU(x, y, alternative);
        assert.notEqual(r.method, 'normal');
        assert.ok(
          Math.abs(r.pValue - bruteForceP(x, y, alternative)) < 1e-12,
          `${r.pValue} for ${x.join()} | ${y.join()}`,
        );
      },
    ),
    { seed: 6, numRuns: 300 },
  );
});

test('with ties at n = 5 the p-value is the exact tied permutation probability', () => {
  const x = [1, 1, 2, 2, 3],
    y = [3, 3, 4, 4, 4];
  const exact = mannWhitneyU(x, y);
  assert.equal(exact.method, 'exact-ties');
  assert.ok(Math.abs(exact.pValue - bruteForceP(x, y, 'two-sided')) < 1e-12);
});

test('an asymmetric tied null: the two-sided p is P(|U − mn/2| ≥ |u − mn/2|), not twice a tail', () => {
  // x = [2], y = [1, 1]: 2U is 1 (x among the tied 1s, probability 2/3) or 4 (probability 1/3).
  assert.deepEqual(exactTiedUCounts([2, 1], 1), [0, 2, 0, 0, 1]);
  const r = mannWhitneyU([2], [1, 1]);
  assert.equal(r.u, 2);
  assert.ok(Math.abs(r.pValue - 1 / 3) < 1e-12, String(r.pValue));
  assert.equal(mannWhitneyU([5, 5, 5], [5, 5, 5]).pValue, 1);
});

test('large tied samples use the normal approximation, close to the exact tied distribution', () => {
  const { normal } = generator(3);
  const x = Array.from({ length: 30 }, () => Math.round(10 + 3 * normal())),
    y = Array.from({ length: 30 }, () => Math.round(11 + 3 * normal()));
  const approximate = mannWhitneyU(x, y);
  assert.equal(approximate.method, 'normal'); // ties, 30 > 25
  const { u, groups } = rankStatistic(x, y);
  const counts = exactTiedUCounts(groups, 30);
  const total = counts.reduce((a, b) => a + b, 0);
  const exact = counts.reduce((s, c, k) => s + (Math.abs(k - 900) >= Math.abs(2 * u - 900) ? c : 0), 0) / total;
  assert.ok(Math.abs(approximate.pValue - exact) < 0.01, `normal ${approximate.pValue}, exact ${exact}`);
  assert.equal(mannWhitneyU([...x, 0], y).method, 'normal');
});

test('the exact null distributions sum to C(m+n, m); without ties the tied DP agrees', () => {
  const counts = exactUCounts(4, 6);
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    210,
  );
  assert.deepEqual(counts, [...counts].reverse());
  const tied = exactTiedUCounts(new Array<number>(10).fill(1), 4);
  assert.deepEqual(
    tied.filter((_, i) => i % 2 === 0),
    counts,
  );
  assert.equal(
    exactTiedUCounts([3, 2, 4, 1], 4).reduce((a, b) => a + b, 0),
    210,
  );
});

test('normal tail and quantile match known values', () => {
  assert.ok(Math.abs(normalUpperTail(1.959964) - 0.025) < 1e-6);
  assert.ok(Math.abs(normalUpperTail(0) - 0.5) < 1e-6);
  assert.ok(Math.abs(normalUpperTail(-1) - 0.841344746) < 1e-6);
  assert.ok(Math.abs(normalQuantileUpper(0.025) - 1.959964) < 1e-5);
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
