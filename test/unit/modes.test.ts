import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { twoModes } from '../../src/stats/modes.js';

test('two regimes are found with their medians and trial counts', () => {
  assert.deepEqual(twoModes([16100, 21000, 16000, 21300, 16200]), [
    { valueNs: 16100, trials: 3 },
    { valueNs: 21150, trials: 2 },
  ]);
});

test('one regime with ordinary spread, ties and too few trials are not bimodal', () => {
  assert.equal(twoModes([10, 11, 12, 13, 14]), undefined);
  assert.equal(twoModes([100, 100, 101, 101, 100]), undefined, 'a 1% step is clock granularity, not a regime');
  assert.equal(twoModes([16000, 21000, 16000]), undefined);
  assert.equal(twoModes([16000, 16000, 16000, 30000]), undefined, 'one outlier is not a mode');
});

test('property: modes partition the trials, low below high', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 0, maxLength: 30 }), (values) => {
      const modes = twoModes(values);
      if (!modes) return;
      assert.equal(modes[0].trials + modes[1].trials, values.length);
      assert.ok(modes[0].valueNs < modes[1].valueNs);
      assert.ok(modes[0].trials >= 2 && modes[1].trials >= 2);
    }),
  );
});
