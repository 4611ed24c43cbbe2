import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue, nativeProbeOf, Probe } from '../../src/catalogue/index.js';
import { addon } from '../../src/native.js';

const cpu = (await addon().hostFacts()).allowedCpus[0]!;
const valid = { probe: Probe.syscall, cpus: [cpu], samples: 10, timeoutMs: 10000 };

test('the addon lists every probe the catalogue measures, each probe once', () => {
  const names = addon()
    .probes()
    .map((p) => p.name)
    .sort();
  const expected = catalogue
    .filter((spec) => spec.engine.kind !== 'alias')
    .map((spec) => spec.name)
    .sort();
  assert.deepEqual(names, expected);
});

test('wrong argument types throw TypeError, never crash', () => {
  const bad: unknown[] = [
    undefined,
    null,
    42,
    'syscall',
    [],
    { ...valid, probe: 7 },
    { ...valid, cpus: 'x' },
    { ...valid, cpus: ['0'] },
    { ...valid, samples: '10' },
    { ...valid, timeoutMs: undefined },
    { ...valid, params: [] },
    { ...valid, params: { batch: 'x' } },
    { ...valid, params: { batch: [1, 'x'] } },
  ];
  for (const request of bad)
    assert.throws(() => addon().runProbe(request as never), TypeError, JSON.stringify(request) ?? 'undefined');
});

test('out-of-range values throw RangeError naming the problem', () => {
  const cases: [unknown, RegExp][] = [
    [{ ...valid, probe: 'nope' }, /unknown probe/],
    [{ ...valid, cpus: [4096] }, /not in the allowed set/],
    [{ ...valid, cpus: [-1] }, /whole number/],
    [{ ...valid, cpus: [0.5] }, /whole number/],
    [{ ...valid, samples: 0 }, /samples/],
    [{ ...valid, samples: 1e9 }, /samples/],
    [{ ...valid, samples: Number.NaN }, /whole number/],
    [{ ...valid, timeoutMs: 0 }, /timeout/],
    [{ ...valid, params: { batch: 0 } }, /batch/],
    [{ ...valid, params: { nope: 1 } }, /no parameter/],
    [{ ...valid, cpus: [cpu, cpu, cpu] }, /at most 2/],
  ];
  for (const [request, message] of cases)
    assert.throws(() => addon().runProbe(request as never), { name: 'RangeError', message });
});

test('one probe at a time: a second concurrent call is refused', async () => {
  const first = addon().runProbe({ ...valid, samples: 2000 });
  assert.throws(() => addon().runProbe(valid), /another probe is still running/);
  await first;
  await addon().runProbe(valid);
});

test('involuntary switches are reported for the roles that had their CPU to themselves, and only those', async (t) => {
  const allowed = (await addon().hostFacts()).allowedCpus;
  const same = await addon().runProbe({ ...valid, probe: Probe.futexWake, cpus: [cpu, cpu], samples: 50 });
  assert.deepEqual(same.involuntarySwitches, {}, 'waker and sleeper share the CPU: no role is alone on it');
  const single = await addon().runProbe(valid);
  assert.deepEqual(Object.keys(single.involuntarySwitches), ['caller']);
  if (allowed.length < 2) return t.skip('the cross-CPU case needs two CPUs');
  const cross = await addon().runProbe({ ...valid, probe: Probe.futexWake, cpus: [cpu, allowed[1]!], samples: 50 });
  assert.deepEqual(Object.keys(cross.involuntarySwitches).sort(), ['sleeper', 'waker']);
  for (const n of Object.values(cross.involuntarySwitches)) assert.ok(Number.isInteger(n) && n >= 0);
});

test('a stalled thread makes the probe fail with a timeout, not hang', async () => {
  addon().setFaultInjection({ stallRole: 'caller' });
  try {
    const started = Date.now();
    const timeoutMs = 200;
    await assert.rejects(addon().runProbe({ ...valid, timeoutMs }), {
      code: 'PROBE_FAILED',
      message: /timed out: caller stalled \(injected\)/,
    });
    // The stalled thread is released by the first unblock, well inside the
    // 2 s grace (ThreadGroup::kStopGraceNs) that bounds the retries.
    assert.ok(Date.now() - started < timeoutMs + 1000, `${Date.now() - started} ms`);
  } finally {
    addon().setFaultInjection({});
  }
});

test('uv-threadpool: libuv pool vs a dedicated thread, every sample timed; bad arguments refused', async () => {
  const out = await addon().measureUvThreadpool({ samples: 50, warmup: 5, timeoutMs: 10000 });
  assert.deepEqual(
    out.measurements.map((m) => m.metric),
    [
      'threadpoolQueueToStart',
      'threadpoolCompletionToCallback',
      'dedicatedWakeToStart',
      'dedicatedCompletionToCallback',
    ],
  );
  for (const m of out.measurements) {
    assert.equal(m.valuesNs.length, 50);
    assert.ok(
      m.valuesNs.every((v) => v > 0 && v < 1e9),
      m.metric,
    );
  }
  assert.throws(() => addon().measureUvThreadpool(undefined as never), TypeError);
  assert.throws(() => addon().measureUvThreadpool({ samples: 0, warmup: 0, timeoutMs: 10 }), RangeError);
  assert.throws(() => addon().measureUvThreadpool({ samples: 1.5, warmup: 0, timeoutMs: 10 }), RangeError);
});

test('the catalogue and the native registry agree: probes, parameters (defaults, ranges, units), metrics', () => {
  const native = new Map(
    addon()
      .probes()
      .map((p) => [p.name, p]),
  );
  const measured = catalogue.filter((spec) => spec.engine.kind !== 'alias');
  assert.deepEqual(
    [...native.keys()].sort(),
    measured.map((spec) => spec.name).sort(),
    'every native probe has a catalogue entry and vice versa',
  );
  for (const spec of catalogue) {
    const info = native.get(nativeProbeOf(spec));
    assert.ok(info, `${spec.name}: no native probe ${nativeProbeOf(spec)}`);
    const shape = (
      params: { name: string; unit: string; defaults: number[]; min: number; max: number; maxValues: number }[],
    ) => params.map(({ name, unit, defaults, min, max, maxValues }) => ({ name, unit, defaults, min, max, maxValues }));
    assert.deepEqual(
      shape(spec.params).sort((a, b) => a.name.localeCompare(b.name)),
      shape(info.params).sort((a, b) => a.name.localeCompare(b.name)),
      `${spec.name}: parameters`,
    );
    assert.deepEqual(spec.metrics.map((m) => m.name).sort(), [...info.metrics].sort(), `${spec.name}: metrics`);
  }
});
