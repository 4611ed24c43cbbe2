// The gate on two real runs of the whole quick suite (small sample counts,
// five trials each in worker processes): every headline metric of every
// probe reaches the comparison, nothing unjudgeable fails it, and the same
// run with every latency 25% longer (more if the run is noisy) fails it. The false-alarm rate and the
// power on full-size runs are measured by `npm run bench`, not asserted here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue } from '../../src/catalogue/index.js';
import { compareDocuments, defaultCompareOptions } from '../../src/compare/compare.js';
import { scaleLatencies } from '../../src/compare/scaleLatencies.js';
import { compareExitCode } from '../../src/compare/verdictExit.js';
import { run } from '../../src/run.js';
import { clearlySlowerFactor } from '../support/helpers.js';

const options = { trials: 5, samplesScale: 0.03 };
const a = await run({ ...options, seed: 1 });
const b = await run({ ...options, seed: 2 });
// Disturbed trials count where a test is about the rule, not about how quiet the CI machine is.
const counting = { ...defaultCompareOptions, includeDisturbed: true };

test('two real quick runs: every probe has gated rows, unjudgeable rows never fail', () => {
  const c = compareDocuments(a, b, defaultCompareOptions);
  const gated = c.rows.filter((r) => r.gated);
  const ran = new Set(a.probes.filter((p) => p.status === 'ok').map((p) => p.probe));
  for (const spec of catalogue.filter((s) => ran.has(s.name) && s.metrics.some((m) => m.role === 'headline')))
    assert.ok(
      gated.some((r) => r.id.startsWith(`${spec.name}/`)),
      `${spec.name} has gated rows`,
    );
  assert.ok(
    compareDocuments(a, b, counting).rows.some((r) => r.gated && r.verdict !== 'insufficient'),
    'something gated was judged',
  );
  const insufficientOnly = { ...c, rows: c.rows.filter((r) => r.verdict === 'insufficient') };
  assert.notEqual(compareExitCode([{ ...insufficientOnly, gate: c.gate }], 'regression', false), 1);
});

test('a run against itself exits 0; against itself with every latency +25% (more if it is noisy) exits 1', () => {
  assert.equal(compareExitCode([compareDocuments(a, a, counting)], 'regression', false), 0);
  const slower = compareDocuments(a, scaleLatencies(a, clearlySlowerFactor(a)), counting);
  assert.equal(compareExitCode([slower], 'regression', false), 1);
  assert.ok(slower.rows.some((r) => r.gated && r.verdict === 'regressed'));
  assert.ok(slower.rows.every((r) => r.verdict !== 'improved'));
});
