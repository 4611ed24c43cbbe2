// The regression gate on synthetic documents (no addon): A/A pairs pass, a
// +25% copy fails, rows that cannot be
// judged never fail, only the declared set is gated, disturbed trials are
// left out, bimodal metrics and several baselines are judged against their
// own noise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticCode, Metric, Param, Probe } from '../../src/catalogue/index.js';
import {
  compareDocuments,
  compareRuns,
  defaultCompareOptions,
  type CompareOptions,
  type Comparison,
} from '../../src/compare/compare.js';
import { scaleLatencies } from '../../src/compare/scaleLatencies.js';
import { compareExitCode } from '../../src/compare/verdictExit.js';
import { finishMetrics } from '../../src/results/assemble.js';
import type { MetricResult, ProbeResult, ResultsDocument, Trial } from '../../src/results/schema.js';
import { drawRun, generator, makeWorld, type WorldShape } from '../support/syntheticRuns.js';

const QUICK_LIKE: WorldShape = { headline: 60, detail: 40, bimodal: 10 };
const exitOf = (c: Comparison) => compareExitCode([c], 'regression', false);

/** Six back-to-back runs of one world. */
function sixRuns(worldSeed: number, trials = 5, shape = QUICK_LIKE): ResultsDocument[] {
  const world = makeWorld(worldSeed, shape);
  return Array.from({ length: 6 }, (_, i) => drawRun(world, trials, worldSeed * 1000 + i));
}

function pairs<T>(items: T[]): [T, T][] {
  return items.flatMap((a, i) => items.slice(i + 1).map((b) => [a, b] as [T, T]));
}

test('synthetic A/A: at most one of 15 pairs of six runs fails in each of three worlds', () => {
  for (const seed of [11, 12, 13]) {
    const runs = sixRuns(seed);
    const failing = pairs(runs).filter(([a, b]) => exitOf(compareDocuments(a, b)) !== 0).length;
    assert.ok(failing <= 1, `world ${seed}: ${failing} of 15 A/A pairs failed`);
  }
});

test('without error control across metrics the same A/A pairs fail: the correction is what holds', () => {
  const runs = sixRuns(14);
  const raw: CompareOptions = { ...defaultCompareOptions, correction: 'none' };
  const failing = pairs(runs).filter(([a, b]) => exitOf(compareDocuments(a, b, raw)) === 1).length;
  assert.ok(failing >= 3, `uncorrected: ${failing} of 15`);
  const holm = pairs(runs).filter(
    ([a, b]) => exitOf(compareDocuments(a, b, { ...defaultCompareOptions, correction: 'holm' })) === 1,
  ).length;
  assert.equal(holm, 0);
});

test('a copy with every latency +25% fails against every other run; −25% is an improvement', () => {
  for (const seed of [21, 22]) {
    const runs = sixRuns(seed);
    const caught = pairs(runs).filter(([a, b]) => exitOf(compareDocuments(a, scaleLatencies(b, 1.25))) === 1).length;
    assert.ok(caught >= 14, `world ${seed}: caught ${caught} of 15`);
    const faster = compareDocuments(runs[0]!, scaleLatencies(runs[1]!, 0.75));
    assert.equal(exitOf(faster), 0);
    assert.ok(faster.rows.some((r) => r.gated && r.verdict === 'improved'));
    assert.equal(compareExitCode([faster], 'change', false), 1);
  }
});

test('a document against itself exits 0, every row unchanged', () => {
  const [run] = sixRuns(31);
  const c = compareDocuments(run!, run!);
  assert.equal(exitOf(c), 0);
  assert.ok(c.rows.every((r) => r.verdict === '~' && r.changePct === 0));
  assert.ok(c.gate.judged > 0);
});

// Hand-built documents: trials with given values of the gate statistic.

function trial(p50: number, extra: Partial<Trial> = {}): Trial {
  return {
    samplesRequested: 100,
    samples: 100,
    excluded: {},
    observedCpus: { '0': 100 },
    statsNs: { min: p50, p50, p90: p50, p99: p50, p999: p50, max: p50, mean: p50, stddev: 0 },
    histogram: { encoding: 'log-linear', subBucketBits: 6, buckets: [[p50, p50 + 1, 100]] },
    durationMs: 1,
    ...extra,
  };
}

function metricOf(metric: string, values: (number | undefined)[], params: Record<string, number> = {}): MetricResult {
  const suffix = Object.keys(params).length
    ? `{${Object.entries(params)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}}`
    : '';
  return {
    id: `${metric}@cross-cpu${suffix}`,
    metric,
    params,
    trials: values.map((v) => (v === undefined ? { ...trial(1), statsNs: undefined } : trial(v))),
  };
}

function probeOf(name: string, metrics: MetricResult[]): ProbeResult {
  for (const m of metrics) m.id = `${name}/${m.id}`;
  finishMetrics(metrics);
  return {
    probe: name,
    placement: { kind: 'cross-cpu', cpus: [0, 1] },
    params: {},
    samplesPerTrial: 100,
    status: 'ok',
    metrics,
    derived: [],
    warnings: [],
  };
}

const docOf = (probes: ProbeResult[]) => ({ probes, host: {} }) as unknown as ResultsDocument;
const around = (level: number, seed: number, n = 5, cv = 0.01) => {
  const { normal } = generator(seed);
  return Array.from({ length: n }, () => level * Math.exp(cv * normal()));
};

test('rows that cannot be judged are shown, never fail; exit 3 only when nothing gated can be judged', () => {
  const base = docOf([
    probeOf(Probe.syscall, [
      metricOf(Metric.getppid, around(100, 1)),
      metricOf(Metric.futexWakeNoWaiter, [200, 201, undefined, undefined, undefined]),
    ]),
    probeOf(Probe.syscallLazy, [metricOf(Metric.retakeDelay, [undefined, undefined, undefined])]),
  ]);
  const next = docOf([
    probeOf(Probe.syscall, [
      metricOf(Metric.getppid, around(100, 2)),
      metricOf(Metric.futexWakeNoWaiter, [900, 950, 990, undefined, undefined]),
    ]),
    probeOf(Probe.syscallLazy, [metricOf(Metric.retakeDelay, [undefined, undefined, undefined])]),
  ]);
  const c = compareDocuments(base, next);
  const byMetric = (name: string) => c.rows.find((r) => r.id.includes(`/${name}@`))!;
  assert.equal(byMetric(Metric.futexWakeNoWaiter).verdict, 'insufficient');
  assert.deepEqual(byMetric(Metric.futexWakeNoWaiter).notes, [
    { code: DiagnosticCode.tooFewTrials, params: { baseTrials: 2, nextTrials: 3, needed: 4 } },
  ]);
  assert.equal(byMetric(Metric.retakeDelay).verdict, 'insufficient');
  assert.deepEqual(byMetric(Metric.retakeDelay).notes, [{ code: DiagnosticCode.noData, params: { side: 'both' } }]);
  assert.equal(byMetric(Metric.getppid).verdict, '~');
  assert.deepEqual(c.gate, {
    gated: 3,
    judged: 1,
    notJudged: 2,
    reported: 0,
    ungatedByHostState: 0,
    historyMinRuns: 3,
  });
  assert.equal(exitOf(c), 0);

  // Only unjudgeable gated rows: not comparable.
  const thin = docOf([probeOf(Probe.syscall, [metricOf(Metric.getppid, [100, 101, 102])])]);
  assert.equal(exitOf(compareDocuments(thin, thin)), 3);
  // An unjudgeable row next to a regression: the regression decides.
  const slower = docOf([
    probeOf(Probe.syscall, [
      metricOf(Metric.getppid, around(150, 3)),
      metricOf(Metric.futexWakeNoWaiter, [900, undefined, undefined, undefined, undefined]),
    ]),
  ]);
  assert.equal(exitOf(compareDocuments(base, slower)), 1);
});

test('trials with too few samples are not gated on', () => {
  const few = (values: number[]) =>
    docOf([
      probeOf(Probe.syscall, [
        { ...metricOf(Metric.getppid, values), trials: values.map((v) => trial(v, { samples: 3 })) },
      ]),
    ]);
  const c = compareDocuments(few(around(100, 1)), few(around(200, 2)));
  assert.equal(c.rows[0]!.verdict, 'insufficient');
  assert.deepEqual(c.rows[0]!.notes, [
    { code: DiagnosticCode.tooFewSamples, params: { samples: 3, statistic: 'p50', needed: 5 } },
  ]);
  assert.equal(exitOf(c), 3);
});

test('only the declared set is gated: detail and split metrics are reported unless --gate all', () => {
  const doc = (factor: number, seed: number) =>
    docOf([
      probeOf(Probe.syscall, [metricOf(Metric.getppid, around(100, seed))]),
      probeOf(Probe.uvThreadpool, [metricOf(Metric.threadpoolCompletionToCallback, around(5000 * factor, seed + 1))]),
      probeOf(Probe.wakeUnlocked, [metricOf(Metric.wakeToRunMigrated, around(9000 * factor, seed + 2))]),
    ]);
  const c = compareDocuments(doc(1, 1), doc(2, 10));
  const detail = c.rows.find((r) => r.role === 'detail')!,
    split = c.rows.find((r) => r.role === 'split')!;
  assert.equal(detail.gated, false);
  assert.equal(split.gated, false);
  assert.equal(detail.verdict, 'regressed'); // reported as such…
  assert.equal(exitOf(c), 0); // …but it does not fail the comparison
  const all = compareDocuments(doc(1, 1), doc(2, 10), { ...defaultCompareOptions, gate: 'all' });
  assert.ok(all.rows.every((r) => r.gated));
  assert.equal(exitOf(all), 1);
});

test('trials marked disturbed are left out by default, counted, and kept with includeDisturbed', () => {
  const busy = { code: DiagnosticCode.otherTasksRan, params: { cpus: [0], cpuNs: 50e6, wallNs: 100e6 } };
  const disturbed: Partial<Trial> = { disturbance: { disturbed: true, reasons: [busy] } };
  const values = around(100, 5, 7);
  const base = docOf([probeOf(Probe.syscall, [metricOf(Metric.getppid, values)])]);
  const nextMetric = metricOf(Metric.getppid, values);
  // Two trials far above the rest, both marked disturbed.
  nextMetric.trials = [...values.slice(0, 5).map((v) => trial(v)), trial(500, disturbed), trial(520, disturbed)];
  const next = docOf([probeOf(Probe.syscall, [nextMetric])]);
  const c = compareDocuments(base, next);
  assert.equal(c.rows[0]!.next.trials, 5);
  assert.equal(c.rows[0]!.next.disturbed, 2);
  assert.deepEqual(c.disturbedLeftOut, { base: 0, next: 2 });
  const kept = compareDocuments(base, next, { ...defaultCompareOptions, includeDisturbed: true });
  assert.equal(kept.rows[0]!.next.trials, 7);
  assert.equal(kept.rows[0]!.next.disturbed, 0);
});

test('a bimodal metric is judged against the gap between its regimes; a new mix of regimes passes', () => {
  const base = docOf([probeOf(Probe.futexWake, [metricOf(Metric.wakeLatency, [16000, 16100, 15900, 21000, 21100])])]);
  const next = docOf([probeOf(Probe.futexWake, [metricOf(Metric.wakeLatency, [16050, 21050, 20900, 21200, 20950])])]);
  const row = compareDocuments(base, next).rows[0]!;
  assert.equal(row.bimodal, true);
  assert.ok(row.threshold!.modeGapPct > 30 && row.thresholdPct >= row.threshold!.modeGapPct, String(row.thresholdPct));
  assert.equal(row.verdict, '~');
  // Both regimes twice as slow: even the closest pairs (upper base regime, lower new one) differ by more than the gap.
  const slower = docOf([
    probeOf(Probe.futexWake, [metricOf(Metric.wakeLatency, [32000, 32100, 42000, 42100, 42200, 31900])]),
  ]);
  assert.equal(compareDocuments(base, slower).rows[0]!.verdict, 'regressed');
});

test("a metric's threshold is never below its run-to-run noise", () => {
  const noisy = (seed: number, level: number) =>
    docOf([probeOf(Probe.futexWake, [metricOf(Metric.wakeLatency, around(level, seed, 6, 0.15))])]);
  const row = compareDocuments(noisy(1, 10000), noisy(2, 11500)).rows[0]!;
  assert.ok(row.threshold!.noisePct > 8, String(row.threshold!.noisePct));
  assert.ok(row.thresholdPct >= row.threshold!.noisePct && row.thresholdPct >= 5);
  assert.equal(row.unstable, true);
  // The requested threshold applies when it is the larger.
  const strict = compareDocuments(noisy(1, 10000), noisy(2, 11500), { ...defaultCompareOptions, thresholdPct: 40 });
  assert.equal(strict.rows[0]!.thresholdPct, 40);
});

test('several baselines: pooled trials, noise from the spread between runs, A/A passes, +25% fails', () => {
  const runs = sixRuns(41);
  const pooled = compareRuns(runs.slice(0, 5), runs[5]!);
  assert.equal(pooled.baseRuns, 5);
  assert.equal(pooled.rows[0]!.base.trials, 25);
  assert.equal(exitOf(pooled), 0);
  assert.equal(exitOf(compareRuns(runs.slice(0, 5), scaleLatencies(runs[5]!, 1.25))), 1);
  // A metric whose runs differ more than its trials: the spread between runs sets the threshold.
  const run = (level: number, seed: number) =>
    docOf([probeOf(Probe.syscall, [metricOf(Metric.getppid, around(level, seed, 5, 0.005))])]);
  const drifting = compareRuns([run(100, 1), run(130, 2), run(85, 3)], run(125, 4));
  const row = drifting.rows[0]!;
  assert.ok(row.threshold!.noisePct > 15, String(row.threshold!.noisePct));
  assert.equal(row.verdict, '~');
  assert.equal(compareDocuments(run(100, 1), run(125, 4)).rows[0]!.verdict, 'regressed');
});

test('the migration penalty is judged as a difference, also where the baseline shows none; a history gates it', () => {
  const migration = (after: number, same: number, seed: number) =>
    docOf([
      probeOf(Probe.migration, [
        metricOf(Metric.retouchAfterMove, around(after, seed), { [Param.workingSetBytes]: 262144 }),
        metricOf(Metric.retouchSameCpu, around(same, seed + 1), { [Param.workingSetBytes]: 262144 }),
        metricOf(Metric.retouchAfterMove, around(1000, seed + 2), { [Param.workingSetBytes]: 16384 }),
        metricOf(Metric.retouchSameCpu, around(1000, seed + 3), { [Param.workingSetBytes]: 16384 }),
      ]),
    ]);
  const c = compareDocuments(migration(30000, 20000, 1), migration(30000, 20000, 10));
  const penalties = c.rows.filter((r) => r.kind === 'derived');
  assert.equal(penalties.length, 2);
  // It moves with how the host places the CPUs: reported against one baseline, gated against a history.
  assert.ok(penalties.every((r) => !r.gated && r.ungatedBy === 'hostState' && r.effect!.scale === 'difference'));
  // Nothing else is measured here, so nothing gated is judged: not comparable.
  assert.equal(exitOf(c), 3);
  const history = [1, 2, 3].map((seed) => migration(30000, 20000, seed));
  const againstHistory = compareRuns(history, migration(30000, 20000, 10));
  assert.ok(againstHistory.rows.filter((r) => r.kind === 'derived').every((r) => r.gated));
  assert.equal(exitOf(againstHistory), 0);
  assert.equal(exitOf(compareRuns(history, migration(40000, 20000, 10))), 1);
  const large = penalties.find((r) => r.id.includes('262144'))!;
  const worse = compareDocuments(migration(30000, 20000, 1), migration(40000, 20000, 10));
  assert.equal(worse.rows.find((r) => r.id === large.id)!.verdict, 'regressed');
  // No penalty at 16 KiB in the baseline; 2 µs in the new run.
  const appearing = docOf([
    probeOf(Probe.migration, [
      metricOf(Metric.retouchAfterMove, around(3000, 12), { [Param.workingSetBytes]: 16384 }),
      metricOf(Metric.retouchSameCpu, around(1000, 13), { [Param.workingSetBytes]: 16384 }),
    ]),
  ]);
  const small = penalties.find((r) => r.id.includes('16384'))!;
  assert.equal(
    compareDocuments(migration(30000, 20000, 1), appearing).rows.find((r) => r.id === small.id)!.verdict,
    'regressed',
  );
});

test('scaleLatencies scales every latency of a copy and leaves the original alone', () => {
  const [run] = sixRuns(51);
  const before = JSON.stringify(run);
  const scaled = scaleLatencies(run!, 1.25);
  assert.equal(JSON.stringify(run), before);
  const m0 = run!.probes[0]!.metrics[0]!,
    m1 = scaled.probes[0]!.metrics[0]!;
  assert.ok(Math.abs(m1.trials[0]!.statsNs!.p50 / m0.trials[0]!.statsNs!.p50 - 1.25) < 1e-12);
  assert.ok(Math.abs(m1.trials[0]!.histogram.buckets[0]![0] / m0.trials[0]!.histogram.buckets[0]![0] - 1.25) < 1e-12);
  assert.ok(Math.abs(m1.summary!.valueNs / m0.summary!.valueNs - 1.25) < 1e-12);
  assert.equal(m1.summary!.cv, m0.summary!.cv);
  assert.equal(m1.trials[0]!.samples, m0.trials[0]!.samples);
  assert.throws(() => scaleLatencies(run!, 0), RangeError);
});
