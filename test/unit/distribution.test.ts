import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { describe, median, quantileOfSorted } from '../../src/stats/sampleSummary.js';

test('nearest-rank percentiles of 1..100 are the ranks themselves', () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i);
  const d = describe(values)!;
  assert.deepEqual([d.min, d.p50, d.p90, d.p99, d.p999, d.max], [1, 50, 90, 99, 100, 100]);
  assert.equal(d.mean, 50.5);
  assert.ok(Math.abs(d.stddev - 29.011491975882016) < 1e-9); // sample stddev of 1..100
});

test('median of an even count is the mean of the two middle values', () => {
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test('empty input has no distribution, and bad quantiles are refused', () => {
  assert.equal(describe([]), undefined);
  assert.throws(() => quantileOfSorted([], 0.5), RangeError);
  assert.throws(() => quantileOfSorted([1], 1.5), RangeError);
});

test('property: min ≤ p50 ≤ p90 ≤ p99 ≤ p999 ≤ max, every percentile a sample, mean within range', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 500 }), (values) => {
      const d = describe(values)!;
      assert.ok(d.min <= d.p50 && d.p50 <= d.p90 && d.p90 <= d.p99 && d.p99 <= d.p999 && d.p999 <= d.max);
      for (const p of [d.p50, d.p90, d.p99, d.p999]) assert.ok(values.includes(p));
      assert.ok(d.mean >= d.min * (1 - 1e-12) && d.mean <= d.max * (1 + 1e-12));
    }),
    { seed: 42, numRuns: 300 },
  );
});
