import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderTable } from '../../src/format/textTable.js';
import { warningSummary } from '../../src/cli/runCommand.js';

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

test('warnings are counted by kind in one line', () => {
  assert.equal(
    warningSummary([
      'm1: unstable, trial p50s vary by 20%',
      'm2: bimodal, trial p50s cluster at',
      'SCHED_FIFO refused',
    ]),
    '3 warnings: 1 unstable, 1 bimodal, 1 other',
  );
});
