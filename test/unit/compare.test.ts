import assert from 'node:assert/strict';
import { quickRunFixture, realQuickPair, undisturbed } from '../support/helpers.js';
import { generator } from '../support/syntheticRuns.js';
import { test } from 'node:test';
import { DiagnosticCode } from '../../src/catalogue/index.js';
import fc from 'fast-check';
import { compareDocuments, compareMetric, defaultCompareOptions, MIN_TRIALS } from '../../src/compare/compare.js';
import { parseResults } from '../../src/results/readResults.js';
import { compareExitCode } from '../../src/compare/verdictExit.js';
import { UsageError } from '../../src/errors.js';
import { finishMetrics } from '../../src/results/assemble.js';
import { mergeRuns } from '../../src/results/mergeRuns.js';
import { SCHEMA_VERSION, type MetricResult, type ResultsDocument } from '../../src/results/schema.js';
import { scaleLatencies, scaleMetrics } from '../../src/compare/scaleLatencies.js';
import { schemaProblems } from '../../src/results/validate.js';

/** A deterministic normal generator (Box–Muller over the project's seeded generator). */
function normals(seed: number) {
  const { normal } = generator(seed);
  return (mean: number, sd: number) => mean + sd * normal();
}

function syntheticMetric(p50s: number[], id = 'probe/metric@same-cpu'): MetricResult {
  return {
    id,
    metric: 'metric',
    params: {},
    trials: p50s.map((p50) => ({
      samplesRequested: 100,
      samples: 100,
      excluded: {},
      observedCpus: { '0': 100 },
      statsNs: {
        min: p50 / 2,
        p50,
        p90: p50 * 1.2,
        p99: p50 * 1.5,
        p999: p50 * 2,
        max: p50 * 3,
        mean: p50,
        stddev: p50 / 10,
      },
      histogram: { encoding: 'log-linear', subBucketBits: 6, buckets: [] },
      durationMs: 1,
    })),
  };
}

test('a 20% shift with small noise is flagged regressed (and the reverse improved)', () => {
  const draw = normals(1);
  const base = syntheticMetric(Array.from({ length: 10 }, () => draw(1000, 10)));
  const slower = syntheticMetric(Array.from({ length: 10 }, () => draw(1200, 12)));
  assert.equal(compareMetric(base, slower, defaultCompareOptions).verdict, 'regressed');
  assert.equal(compareMetric(slower, base, defaultCompareOptions).verdict, 'improved');
});

test('two runs from one distribution are flagged in at most ~alpha of repetitions, even with no threshold', () => {
  // The test alone: no requested threshold, and the noise floor switched off.
  const options = { ...defaultCompareOptions, thresholdPct: 0, noiseMultiple: 0 };
  const repetitions = 400;
  let regressed = 0,
    changed = 0;
  for (let seed = 1; seed <= repetitions; seed++) {
    const draw = normals(seed * 7919);
    const a = syntheticMetric(Array.from({ length: 10 }, () => draw(1000, 50)));
    const b = syntheticMetric(Array.from({ length: 10 }, () => draw(1000, 50)));
    const verdict = compareMetric(a, b, options).verdict;
    if (verdict === 'regressed') regressed++;
    if (verdict !== '~') changed++;
  }
  // Two-sided alpha 0.05: about 2.5% each way; allow sampling error (sd ≈ 1.1% at n = 400).
  assert.ok(regressed / repetitions <= 0.05, `regressed ${regressed}/${repetitions}`);
  assert.ok(changed / repetitions <= 0.08, `changed ${changed}/${repetitions}`);
});

test('property: a change smaller than the threshold is never a regression', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 100, max: 1e6, noNaN: true }), { minLength: 5, maxLength: 12 }),
      fc.double({ min: 0.951, max: 1.049, noNaN: true }),
      (values, factor) => {
        const base = syntheticMetric(values);
        const next = syntheticMetric(values.map((v) => v * factor));
        assert.notEqual(compareMetric(base, next, defaultCompareOptions).verdict, 'regressed');
      },
    ),
    { seed: 11, numRuns: 300 },
  );
});

test('too few trials are reported as insufficient, saying how many are needed', () => {
  const r = compareMetric(syntheticMetric([1, 2, 3]), syntheticMetric([10, 20, 30]), defaultCompareOptions);
  assert.equal(r.verdict, 'insufficient');
  assert.deepEqual(r.notes, [
    { code: DiagnosticCode.tooFewTrials, params: { baseTrials: 3, nextTrials: 3, needed: MIN_TRIALS } },
  ]);
  assert.equal(MIN_TRIALS, 4);
});

test('per-metric thresholds apply by pattern', () => {
  const base = syntheticMetric([100, 101, 102, 103, 104, 105], 'migration/x@cross-cpu');
  const next = syntheticMetric([120, 121, 122, 123, 124, 125], 'migration/x@cross-cpu');
  assert.equal(compareMetric(base, next, defaultCompareOptions).verdict, 'regressed');
  const lenient = { ...defaultCompareOptions, metricThresholds: [{ pattern: 'migration/*', thresholdPct: 30 }] };
  assert.equal(compareMetric(base, next, lenient).verdict, '~');
});

const realA = undisturbed(quickRunFixture());

test('a real run compared with itself reports no change and exits 0', () => {
  const c = compareDocuments(realA, realA);
  const judged = c.rows.filter((r) => r.verdict !== 'insufficient');
  assert.ok(judged.length >= 50, `${judged.length} rows judged`);
  assert.deepEqual(
    judged.filter((r) => r.verdict !== '~').map((r) => r.id),
    [],
  );
  assert.deepEqual(c.hostDifferences, []);
  assert.equal(compareExitCode([c], 'regression', true), 0);
});

test('a real run with every latency scaled is still a valid results document', () => {
  const scaled = scaleLatencies(realA, 1.25);
  assert.deepEqual(schemaProblems(scaled), []);
  const metric = realA.probes[0]!.metrics[0]!;
  const copy = scaled.probes[0]!.metrics[0]!;
  assert.ok(Math.abs(copy.trials[0]!.statsNs!.p99 / metric.trials[0]!.statsNs!.p99 - 1.25) < 1e-12);
});

test('exit codes: regression 1, never 0, change 1 on improvement, strict host 3, nothing in common 3', () => {
  const [base, next] = realQuickPair();
  const getppid = [...base.probes.flatMap((p) => p.metrics)].find((m) => m.id.startsWith('syscall/getppid@'))!.id;
  const slower = scaleMetrics(next, 1.5, { metricIds: new Set([getppid]) });
  const regressed = compareDocuments(base, slower);
  assert.deepEqual(
    regressed.rows.filter((r) => r.verdict === 'regressed').map((r) => r.id),
    [getppid],
  );
  assert.equal(compareExitCode([regressed], 'regression', false), 1);
  assert.equal(compareExitCode([regressed], 'never', false), 0);
  const faster = compareDocuments(slower, base);
  assert.equal(compareExitCode([faster], 'regression', false), 0);
  assert.equal(compareExitCode([faster], 'change', false), 1);
  const elsewhere: ResultsDocument = structuredClone(realA);
  elsewhere.host.cpuModel = 'Another CPU';
  const differentHost = compareDocuments(realA, elsewhere);
  assert.deepEqual(differentHost.hostDifferences, [
    'CPU model: ' + JSON.stringify(realA.host.cpuModel) + ' → "Another CPU"',
  ]);
  assert.equal(compareExitCode([differentHost], 'regression', false), 0);
  assert.equal(compareExitCode([differentHost], 'regression', true), 3);
  const disjoint: ResultsDocument = { ...structuredClone(realA), probes: [] };
  assert.equal(compareExitCode([compareDocuments(realA, disjoint)], 'regression', false), 3);
});

test('malformed, truncated and wrong-version documents give clear errors', () => {
  const text = JSON.stringify(realA);
  assert.throws(() => parseResults(text.slice(0, text.length / 2), 'half.json'), {
    name: 'UsageError',
    message: /not valid JSON.*truncated/,
  });
  assert.throws(() => parseResults('[]', 'list.json'), /not a schedcost results document/);
  assert.throws(
    () => parseResults(JSON.stringify({ ...realA, schemaVersion: SCHEMA_VERSION + 1 }), 'new.json'),
    new RegExp(`schemaVersion ${SCHEMA_VERSION + 1}: written by a newer schedcost`),
  );
  assert.throws(
    () => parseResults(JSON.stringify({ ...realA, schemaVersion: 0 }), 'old.json'),
    new RegExp(`reads schemaVersion 1 to ${SCHEMA_VERSION}`),
  );
  assert.throws(
    () => parseResults(JSON.stringify({ ...realA, probes: 'x' }), 'bad.json'),
    /does not match the results schema/,
  );
  assert.throws(() => parseResults('{"__proto__": {"polluted": 1}, "schemaVersion": 1}', 'proto.json'), UsageError);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  // The fixture was written with version 1: read through the migrations, and saying so.
  const read = parseResults(text, 'ok.json');
  assert.equal(read.schemaVersion, SCHEMA_VERSION);
  assert.equal(read.migratedFrom, 1);
});

test('property: random documents only ever produce a UsageError', () => {
  fc.assert(
    fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
      try {
        parseResults(text, 'random.json');
      } catch (error) {
        assert.ok(error instanceof UsageError, String(error));
      }
    }),
    { seed: 3, numRuns: 500 },
  );
});

test('merging runs joins their trials and recomputes summaries', () => {
  const merged = mergeRuns([realA, realA]);
  const metric = merged.probes[0]!.metrics[0]!;
  const trials = 2 * realA.config.trials;
  assert.equal(metric.trials.length, trials);
  assert.equal(metric.summary?.trialP50sNs.length, trials);
  assert.equal(merged.config.trials, trials);
  assert.deepEqual(finishMetrics([]), []);
});
