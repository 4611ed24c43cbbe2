import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Probe } from '../../src/catalogue/index.js';
import { addon } from '../../src/native.js';
import { registryJsonPath, registryJsonText } from '../../scripts/registryText.js';

const cpu = (await addon().hostFacts()).allowedCpus[0]!;
const valid = { probe: Probe.syscall, cpus: [cpu], samples: 10, timeoutMs: 10000 };

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
      code: 'PROBE_TIMEOUT',
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

test('the committed registry JSON is what the C++ registry says of its probes', () => {
  assert.equal(
    readFileSync(registryJsonPath, 'utf8'),
    registryJsonText(addon().probes()),
    'native/registry.json is stale: run npm run registry and commit it',
  );
});
