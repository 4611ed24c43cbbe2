import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderTable } from '../../src/format/textTable.js';
import { diagnosticSummary, diagnosticText } from '../../src/report/diagnosticText.js';
import type { Diagnostic } from '../../src/results/diagnostics.js';

test('a table cut to fit: only shrinkable columns give up characters, with an ellipsis', () => {
  const rows = [['syscall', 'x'.repeat(60), '1 µs', 'n'.repeat(80)]];
  const full = renderTable(['probe', 'metric', 'p50', 'notes'], rows, ['left', 'left', 'right', 'left']);
  assert.ok(full.split('\n').some((l) => l.length > 100));
  const fitted = renderTable(['probe', 'metric', 'p50', 'notes'], rows, ['left', 'left', 'right', 'left'], {
    maxWidth: 80,
    shrinkable: [3, 1],
  });
  for (const line of fitted.split('\n')) assert.ok([...line].length <= 80, line);
  assert.match(fitted, /syscall {2}x+…? {2}1 µs {2}n+…/);
  // Nothing shrinkable: the table stays as it is rather than lose a figure.
  assert.equal(renderTable(['a'], [['y'.repeat(90)]], ['left'], { maxWidth: 20 }).split('\n')[2], 'y'.repeat(90));
});

test('warnings are counted by code in one line, and each has its words', () => {
  const warnings: Diagnostic[] = [
    { code: 'metric-unstable', params: { metric: 'm1', cvPct: 20 } },
    { code: 'metric-bimodal', params: { metric: 'm2', lowNs: 1000, lowTrials: 2, highNs: 3000, highTrials: 3 } },
    { code: 'realtime-refused', params: { role: 'waker', error: 'Operation not permitted' } },
    { code: 'metric-unstable', params: { metric: 'm3', cvPct: 12 } },
  ];
  assert.equal(diagnosticSummary(warnings), '4 warnings: 2 unstable, 1 bimodal, 1 realtime-refused');
  assert.equal(diagnosticText(warnings[0]!), 'm1: unstable, trial p50s vary by 20% (cv); compare with care');
  assert.match(diagnosticText(warnings[2]!), /^SCHED_FIFO refused \(Operation not permitted\) for waker/);
});
