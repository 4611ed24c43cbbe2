// The gate on two fresh real runs of the whole quick suite (small sample
// counts, five trials each in worker processes): every headline metric of
// every probe reaches the comparison, nothing unjudgeable fails it, and one
// metric made 50% slower is a regression of that row. A/A on a real pair is
// tested on kept runs (test/unit/gateLoneShift.test.ts); the false-alarm rate
// and the power on full-size runs are measured by `npm run bench`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue } from '../../src/catalogue/index.js';
import { compareDocuments, defaultCompareOptions } from '../../src/compare/compare.js';
import { scaleMetrics } from '../../src/compare/scaleLatencies.js';
import { compareExitCode } from '../../src/compare/verdictExit.js';
import { run } from '../../src/run.js';

const options = { trials: 5, samplesScale: 0.03 };
const a = await run({ ...options, seed: 1 });
const b = await run({ ...options, seed: 2 });
// Disturbed trials count where a test is about the rule, not about how quiet the CI machine is.
const counting = { ...defaultCompareOptions, includeDisturbed: true };

test('two real quick runs: every probe has gated rows or rows that only a history gates; unjudgeable rows never fail', () => {
  const c = compareDocuments(a, b, defaultCompareOptions);
  const gatedOrHostState = c.rows.filter((r) => r.gated || r.ungatedBy === 'hostState');
  const ran = new Set(a.probes.filter((p) => p.status === 'ok').map((p) => p.probe));
  for (const spec of catalogue.filter((s) => ran.has(s.name) && s.metrics.some((m) => m.role === 'headline')))
    assert.ok(
      gatedOrHostState.some((r) => r.id.startsWith(`${spec.name}/`)),
      `${spec.name} has gated rows`,
    );
  // The wakes across CPUs are judged against the wake level measured before their trials.
  assert.ok(c.rows.some((r) => r.gated && r.relativeTo === 'wakeLevel'));
  assert.ok(
    compareDocuments(a, b, counting).rows.some((r) => r.gated && r.verdict !== 'insufficient'),
    'something gated was judged',
  );
  const insufficientOnly = { ...c, rows: c.rows.filter((r) => r.verdict === 'insufficient') };
  assert.notEqual(compareExitCode([{ ...insufficientOnly, gate: c.gate }], 'regression', false), 1);
});

test('one metric ×1.5 in a fresh real run is a regression of that row', () => {
  const getppid = b.probes.flatMap((p) => p.metrics).find((m) => m.id.startsWith('syscall/getppid@'))!.id;
  const slower = compareDocuments(a, scaleMetrics(b, 1.5, { metricIds: new Set([getppid]) }), counting);
  assert.equal(slower.rows.find((r) => r.id === getppid)!.verdict, 'regressed');
  assert.equal(compareExitCode([slower], 'regression', false), 1);
});
