// The bench's check of the catalogue's `movesWith` on real runs: a steady row
// made to move from run to run is reported as disagreeing; as measured it is not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostDependenceCheck } from '../../bench/hostDependence.js';
import { scaleMetrics } from '../../src/compare/scaleLatencies.js';
import { realQuickRuns } from '../support/helpers.js';

const runs = realQuickRuns();
const sleep = runs[0]!.probes
  .flatMap((p) => p.metrics)
  .find((m) => m.id.startsWith('sleep/actualSleep@single-cpu{requestedNs=1000000,timerSlackNs=50000}'))!.id;

test('a steady row that moves from run to run disagrees with its declaration; as measured it agrees', () => {
  const measured = hostDependenceCheck(runs);
  assert.ok(measured.rows.length > 30, `${measured.rows.length} rows checked`);
  assert.ok(!measured.disagreeing.some((r) => r.id === sleep));
  const moved = runs.map((doc, i) => scaleMetrics(doc, [1, 1.3, 0.8, 1.2][i]!, { metricIds: new Set([sleep]) }));
  const row = hostDependenceCheck(moved).disagreeing.find((r) => r.id === sleep);
  assert.equal(row?.declared, 'steady');
  assert.ok(row.betweenRunsPct > 10, `${row.betweenRunsPct.toFixed(1)}%`);
});
