// The gate on a real A/A pair (two consecutive quick runs of one build, kept
// in test/fixtures): it passes as measured, and fails, naming the row, when
// one metric alone moves: by ×1.5 in every trial, or into a new slow regime
// in three of its five trials. Thresholds come from the baseline alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareDocuments, type Comparison } from '../../src/compare/compare.js';
import { scaleMetrics } from '../../src/compare/scaleLatencies.js';
import { compareExitCode } from '../../src/compare/verdictExit.js';
import { realQuickPair } from '../support/helpers.js';

const [base, next] = realQuickPair();
const ids = base.probes.flatMap((p) => p.metrics.map((m) => m.id));
const idOf = (prefix: string) => ids.find((id) => id.startsWith(prefix))!;
const regressedIds = (c: Comparison) => c.rows.filter((r) => r.verdict === 'regressed').map((r) => r.id);
const rowOf = (c: Comparison, id: string) => c.rows.find((r) => r.id === id)!;

const NAMED = [
  'syscall/getppid@',
  'futex-wake/wakeLatency@cross-cpu',
  'tgkill/deliveryToSpinning@cross-cpu',
  'pipe/roundTrip@cross-cpu',
  'sleep/actualSleep@single-cpu{requestedNs=1000000,timerSlackNs=50000}',
];

test('a real A/A pair passes', () => {
  const c = compareDocuments(base, next);
  assert.deepEqual(regressedIds(c), []);
  assert.equal(compareExitCode([c], 'regression', false), 0);
});

test('one metric ×1.5 in every trial fails the gate and is the row it names', () => {
  for (const prefix of NAMED) {
    const id = idOf(prefix);
    const c = compareDocuments(base, scaleMetrics(next, 1.5, { metricIds: new Set([id]) }));
    assert.deepEqual(regressedIds(c), [id], prefix);
    assert.equal(compareExitCode([c], 'regression', false), 1, prefix);
  }
});

test('a new slow regime in three of five trials of one metric fails the gate, and says what it saw', () => {
  const id = idOf('syscall/getppid@');
  const c = compareDocuments(base, scaleMetrics(next, 2, { metricIds: new Set([id]), trial: (i) => i >= 2 }));
  assert.deepEqual(regressedIds(c), [id]);
  assert.match(rowOf(c, id).reason ?? '', /new regime/);
});

test("thresholds come from the baseline: the judged run's new regime does not raise its own", () => {
  const id = idOf('syscall/getppid@');
  const plain = rowOf(compareDocuments(base, next), id);
  const withRegime = rowOf(
    compareDocuments(base, scaleMetrics(next, 2, { metricIds: new Set([id]), trial: (i) => i >= 2 })),
    id,
  );
  assert.equal(withRegime.thresholdPct, plain.thresholdPct);
  assert.equal(withRegime.threshold!.modeGapPct, 0);
});

test('one outlying baseline trial does not set a huge threshold', () => {
  const id = idOf('syscall/getppid@');
  const outlier = scaleMetrics(base, 1.5, { metricIds: new Set([id]), trial: (i) => i === 0 });
  const row = rowOf(compareDocuments(outlier, next), id);
  assert.ok(row.thresholdPct < 10, `threshold ${row.thresholdPct.toFixed(1)}%`);
});
