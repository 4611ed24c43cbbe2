import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { Aux, DiagnosticCode, Metric, Param, Probe } from '../../src/catalogue/index.js';
import { addon } from '../../src/native.js';
import { run } from '../../src/run.js';
import { schemaProblems } from '../../src/results/validate.js';
import { UsageError } from '../../src/errors.js';
import type { ResultsDocument } from '../../src/results/schema.js';
import { fdCount, threadCount, threadCountSettledTo } from '../support/helpers.js';

const facts = await addon().hostFacts();
const threadsBefore = threadCount();
const fdsBefore = fdCount();
const doc: ResultsDocument = await run({ trials: 2, samplesScale: 0.05, seed: 3 });

test('a real quick run validates against the shipped schema', () => {
  assert.deepEqual(schemaProblems(doc), []);
  assert.equal(doc.complete, true);
  assert.equal(doc.config.trials, 2);
});

test('a fresh document holds no prose: every warning and reason is a code (text is only for migrated documents)', () => {
  assert.doesNotMatch(JSON.stringify(doc), /"code":"text"/);
});

test('every probe ran, or was skipped with a reason on a one-CPU host', () => {
  for (const p of doc.probes) {
    if (p.placement.kind === 'cross-cpu' && facts.allowedCpus.length < 2) {
      assert.equal(p.status, 'skipped');
      assert.ok(p.reason);
    } else {
      assert.equal(p.status, 'ok', `${p.probe} ${p.placement.kind}: ${JSON.stringify(p.reason)}`);
      assert.ok(p.metrics.length > 0);
    }
  }
});

test('percentiles are ordered and samples add up in every trial', () => {
  for (const p of doc.probes)
    for (const m of p.metrics)
      for (const t of m.trials) {
        const excluded = Object.values(t.excluded).reduce((a, b) => a + b, 0);
        assert.equal(t.samples, t.samplesRequested - excluded, m.id);
        const s = t.statsNs;
        if (t.samples === 0) continue;
        assert.ok(s, m.id);
        assert.ok(s.min <= s.p50 && s.p50 <= s.p90 && s.p90 <= s.p99 && s.p99 <= s.p999 && s.p999 <= s.max, m.id);
        assert.ok(s.min > 0, `${m.id} min ${s.min}`);
        const histogramCount = t.histogram.buckets.reduce((n, b) => n + b[2], 0);
        assert.equal(histogramCount, t.samples, m.id);
      }
});

test('the planned CPU placement is honoured', () => {
  for (const p of doc.probes)
    for (const m of p.metrics)
      for (const t of m.trials) {
        const onPlanned = p.placement.cpus.reduce((n, cpu) => n + (t.observedCpus[String(cpu)] ?? 0), 0);
        assert.ok(
          onPlanned >= t.samples,
          `${m.id}: ${JSON.stringify(t.observedCpus)} vs ${p.placement.cpus.join(',')}`,
        );
      }
});

test('sleeps never end before the time they asked for', () => {
  for (const m of doc.probes.find((p) => p.probe === 'sleep')!.metrics)
    for (const t of m.trials) assert.ok(t.statsNs!.min >= m.params.requestedNs!, m.id);
});

test('threads and file descriptors are back to their baseline after the run', async () => {
  assert.equal(await threadCountSettledTo(threadsBefore), threadsBefore);
  assert.equal(fdCount(), fdsBefore);
});

test('bad options are usage errors before anything runs', async () => {
  await assert.rejects(run({ probes: ['nope'] }), UsageError);
  await assert.rejects(run({ cpus: [99999] }), /not in the allowed set/);
  await assert.rejects(run({ trials: 0 }), UsageError);
  await assert.rejects(run({ samplesScale: 0 }), UsageError);
  await assert.rejects(run({ cpus: [facts.allowedCpus[0]!, facts.allowedCpus[0]!] }), /twice/);
});

test('an injected stall fails that probe with a reason and the run goes on', async () => {
  addon().setFaultInjection({ stallRole: 'sleeper' });
  let result: ResultsDocument;
  try {
    result = await run({
      probes: ['futex-wake', 'syscall'],
      trials: 1,
      samplesScale: 0.01,
      timeoutMs: 300,
      isolation: 'none',
    });
  } finally {
    addon().setFaultInjection({});
  }
  const wake = result.probes.filter((p) => p.probe === 'futex-wake' && p.status !== 'skipped');
  assert.ok(
    wake.length > 0 && wake.every((p) => p.status === 'failed' && p.reason?.code === DiagnosticCode.probeTimedOut),
  );
  assert.equal(result.probes.find((p) => p.probe === 'syscall')?.status, 'ok');
  assert.deepEqual(schemaProblems(result), []);
  assert.equal(await threadCountSettledTo(threadsBefore), threadsBefore);
});

test('aborting stops the run between probes and marks it incomplete', async () => {
  const controller = new AbortController();
  const result = await run({
    trials: 3,
    samplesScale: 0.02,
    signal: controller.signal,
    onProgress: (e) => {
      if (e.phase === 'done' && e.index === 0) controller.abort();
    },
  });
  assert.equal(result.complete, false);
  assert.deepEqual(schemaProblems(result), []);
});

test('raw samples only on request, capped and evenly thinned from the kept samples', async () => {
  const raw = await run({ probes: ['syscall'], trials: 1, samplesScale: 0.1, rawSamplesPerTrial: 50 });
  for (const m of raw.probes[0]!.metrics) {
    const trial = m.trials[0]!;
    assert.equal(trial.rawNs?.length, 50);
    assert.ok(trial.rawNs.every((v) => v >= trial.statsNs!.min && v <= trial.statsNs!.max));
  }
  assert.equal(doc.probes[0]!.metrics[0]!.trials[0]!.rawNs, undefined, 'none by default');
  await assert.rejects(run({ rawSamplesPerTrial: 100_001 }), UsageError);
});

test('--param values reach the probe, the metric ids and the recorded configuration', async () => {
  const params = { [Probe.futexWake]: { [Param.gapMinNs]: 300000, [Param.gapMaxNs]: 310000 } };
  const tuned = await run({ probes: [Probe.futexWake], trials: 1, samplesScale: 0.02, params });
  assert.deepEqual(tuned.config.params, params);
  const ids = tuned.probes.flatMap((p) => p.metrics.map((m) => m.id));
  assert.ok(ids.length > 0);
  for (const id of ids) assert.match(id, /\{gapMaxNs=310000,gapMinNs=300000\}$/);
  // The sleeper stays idle as the parameters say (~300 µs less its own wake), not the default 20–80 µs.
  const wake = tuned.probes.flatMap((p) => p.metrics).find((m) => m.metric === Metric.wakeLatency)!;
  for (const t of wake.trials) assert.ok(t.auxNs![Aux.idleGapNs]!.p50 > 200000, JSON.stringify(t.auxNs));
  await assert.rejects(run({ probes: [Probe.syscall], params: { [Probe.syscall]: { nope: 1 } } }), UsageError);
});

test('--idle poll holds idle polling for the run and records it; host.idle describes the measured CPUs', async (t) => {
  if (process.getuid?.() !== 0 || !existsSync('/dev/cpu_dma_latency'))
    return t.skip('needs root and /dev/cpu_dma_latency');
  const polled = await run({ probes: [Probe.syscall], trials: 1, samplesScale: 0.02, idle: 'poll' });
  assert.equal(polled.config.idle, 'poll');
  assert.ok(polled.host.idle, 'host.idle recorded');
  assert.deepEqual(Object.keys(polled.host.idle.states).map(Number), [
    ...new Set(
      doc.probes.find((p) => p.placement.kind === 'cross-cpu' && p.status === 'ok')?.placement.cpus ??
        doc.host.allowedCpus.slice(0, 1),
    ),
  ]);
  assert.deepEqual(schemaProblems(polled), []);
});
