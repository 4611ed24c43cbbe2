import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DiagnosticCode } from '../../src/catalogue/index.js';
import { parseCpuOption, parseWholeNumber } from '../../src/cli/parseCpuOption.js';
import { UsageError } from '../../src/errors.js';
import { parseCacheSize, parseCpuList } from '../../src/host/fingerprint.js';
import { choosePlacements } from '../../src/plan/placement.js';
import { cpuPairs, MAX_CPU_PAIRS } from '../../src/plan/plan.js';

test('CPU lists parse as the kernel writes them', () => {
  assert.deepEqual(parseCpuList('0-3,8,10-11'), [0, 1, 2, 3, 8, 10, 11]);
  assert.deepEqual(parseCpuOption('0,3'), [0, 3]);
  assert.deepEqual(parseCpuOption(' 2 - 4 '), [2, 3, 4]);
});

test('malformed CPU options are usage errors', () => {
  for (const bad of ['', 'a', '0,', '-1', '1-0', '0,,1', '1.5', '0-99999999'])
    assert.throws(() => parseCpuOption(bad), UsageError, bad);
});

test('property: any string either parses to CPUs or is a UsageError', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 20 }), (text) => {
      try {
        const cpus = parseCpuOption(text);
        assert.ok(cpus.every((c) => Number.isInteger(c) && c >= 0));
      } catch (error) {
        assert.ok(error instanceof UsageError, String(error));
      }
    }),
    { seed: 7, numRuns: 1000 },
  );
});

test('whole-number options reject fractions, signs and overflow', () => {
  const trials = parseWholeNumber('--trials', 1, 100);
  assert.equal(trials('5'), 5);
  for (const bad of ['0', '101', '-1', '2.5', '1e2', 'x', '']) assert.throws(() => trials(bad), UsageError, bad);
});

test('cache sizes from sysfs', () => {
  assert.equal(parseCacheSize('48K'), 48 * 1024);
  assert.equal(parseCacheSize('32768K'), 32 * 1024 * 1024);
  assert.equal(parseCacheSize('1M'), 1024 * 1024);
});

test('cross-CPU placement avoids SMT siblings and is skipped on one CPU', () => {
  const p = choosePlacements(
    [0, 1, 2, 3],
    [
      [0, 2],
      [1, 3],
    ],
  );
  assert.deepEqual(p.cross?.cpus, [0, 1]);
  const siblingsOnly = choosePlacements([0, 2], [[0, 2]]);
  assert.deepEqual(siblingsOnly.cross?.cpus, [0, 2]);
  assert.equal(siblingsOnly.notes.length, 1);
  const single = choosePlacements([3], [[3]]);
  assert.equal(single.cross, undefined);
  assert.deepEqual(single.crossSkipReason, { code: DiagnosticCode.onlyOneCpu, params: { cpu: 3 } });
});

test('futex-matrix: every ordered pair on small hosts, a bounded seeded sample on large ones', () => {
  assert.deepEqual(cpuPairs([0, 1, 2], 1).pairs, [
    [0, 1],
    [0, 2],
    [1, 0],
    [1, 2],
    [2, 0],
    [2, 1],
  ]);
  assert.equal(cpuPairs([0, 1, 2], 1).sampled, undefined);
  const big = Array.from({ length: 256 }, (_, i) => i);
  const sampled = cpuPairs(big, 7);
  assert.equal(sampled.pairs.length, MAX_CPU_PAIRS);
  assert.ok(sampled.pairs.every(([a, b]) => a !== b));
  assert.equal(new Set(sampled.pairs.map((p) => p.join('-'))).size, MAX_CPU_PAIRS);
  assert.deepEqual(cpuPairs(big, 7).pairs, sampled.pairs, 'the same seed draws the same pairs');
  assert.deepEqual(sampled.sampled, { cpus: 256, pairs: 65280, measured: MAX_CPU_PAIRS, seed: 7 });
});
