// The gate on a real A/A pair (two consecutive quick runs of one build, kept
// in test/fixtures): it passes as measured, and fails, naming the row, when
// one metric alone moves: by ×1.5 in every trial, or into a new slow regime
// in three of its five trials. Thresholds come from the baseline alone. A
// switch of the host's cross-CPU wake regime between the runs is not taken
// for a change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareDocuments, compareRuns, type Comparison } from '../../src/compare/compare.js';
import { regimeSplit } from '../../src/compare/regimes.js';
import type { ResultsDocument } from '../../src/results/schema.js';
import { adjustedShift } from '../../src/stats/adjustedShift.js';
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

/** The run as it would have been in a faster cross-CPU wake regime: calibrations and cross-CPU rows ×factor. */
function inOtherRegime(doc: ResultsDocument, factor: number): ResultsDocument {
  const crossIds = new Set(
    doc.probes.filter((p) => p.placement.kind === 'cross-cpu').flatMap((p) => p.metrics.map((m) => m.id)),
  );
  const copy = scaleMetrics(doc, factor, { metricIds: crossIds });
  for (const round of copy.rounds ?? []) if (round.crossWakeP50Ns !== undefined) round.crossWakeP50Ns *= factor;
  return copy;
}

test('a host regime switch between the runs is not a regression: the cross-CPU rows say why they were not judged', () => {
  const fast = inOtherRegime(base, 0.75);
  const c = compareDocuments(fast, next);
  assert.deepEqual(regressedIds(c), []);
  const wake = rowOf(c, idOf('futex-wake/wakeLatency@cross-cpu'));
  assert.equal(wake.verdict, 'insufficient');
  assert.match(wake.reason ?? '', /share no cross-CPU wake regime/);
  // Rows that stay on one CPU are judged as usual.
  assert.notEqual(rowOf(c, idOf('syscall/getppid@')).verdict, 'insufficient');
});

test('a baseline that saw both regimes judges a cross-CPU row within the one it shares, and catches ×1.5 there', () => {
  // Two baseline runs, one in each regime; the new run in the slower one.
  const id = idOf('pipe/roundTrip@cross-cpu');
  const c = compareRuns([inOtherRegime(base, 0.75), base], scaleMetrics(next, 1.5, { metricIds: new Set([id]) }));
  assert.deepEqual(regressedIds(c), [id]);
  assert.equal(compareExitCode([compareRuns([inOtherRegime(base, 0.75), base], next)], 'regression', false), 0);
});

test('regimes: two levels of calibration at least 15% apart, each seen in two rounds or more', () => {
  assert.equal(regimeSplit([8000, 8100, 8050], [8020, 8200]), undefined);
  assert.equal(regimeSplit([8000, 8100, 8050, 8020], [8200, 12000]), undefined, 'one odd round');
  const split = regimeSplit([8000, 8100, 10700], [10800, 10650])!;
  assert.deepEqual(split.inBase, [false, false, true]);
  assert.deepEqual(split.inNext, [true, true]);
});

test('the regime-adjusted shift recovers a change within a shared regime, and refuses when none is shared', () => {
  const x = [0, 0.01, -0.01, 1, 1.01],
    y = [1.5, 1.49, 1.51];
  const shared = adjustedShift(x, y, [false, false, false, true, true], [true, true, true], 0.95)!;
  assert.ok(Math.abs(shared.estimate - 0.5) < 0.01, `${shared.estimate}`);
  assert.ok(shared.pAbove(0.1) < 1e-3);
  assert.equal(
    adjustedShift([0, 0.01, 0.02], [1, 1.01, 1.02], [false, false, false], [true, true, true], 0.95),
    undefined,
  );
});
