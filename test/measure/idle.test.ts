// Idle states: reading cpuidle from sysfs, holding idle polling, the
// idle-exit cost derived from a run and its idle-polling twin, the doctor's
// finding, and --idle poll's refusal where /dev/cpu_dma_latency is not ours.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DerivedName, Metric, Param, Probe } from '../../src/catalogue/index.js';
import { runDoctor } from '../../src/doctor/doctor.js';
import { idleUsageDelta, readIdleConfig, readIdleUsage } from '../../src/host/cpuidle.js';
import { holdIdlePolling } from '../../src/host/idlePolling.js';
import { deriveFigures } from '../../src/results/derived.js';
import { metric, probe } from '../support/fixtures.js';
import { cliPath } from '../support/helpers.js';

function fakeSysfs(states: { name: string; latencyUs: number; usage: number }[], driver = 'haltpoll'): string {
  const root = mkdtempSync(join(tmpdir(), 'schedcost-sysfs-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), `${text}\n`);
  };
  write('devices/system/cpu/cpuidle/current_driver', driver);
  write('devices/system/cpu/cpuidle/current_governor_ro', 'haltpoll');
  write('module/haltpoll/parameters/guest_halt_poll_ns', '0');
  for (const cpu of [0, 1])
    states.forEach((st, i) => {
      const dir = `devices/system/cpu/cpu${cpu}/cpuidle/state${i}`;
      write(`${dir}/name`, st.name);
      write(`${dir}/latency`, String(st.latencyUs));
      write(`${dir}/usage`, String(st.usage));
      write(`${dir}/disable`, '0');
    });
  return root;
}

test('cpuidle: driver, governor, states with exit latencies, usage deltas', () => {
  const root = fakeSysfs([
    { name: 'POLL', latencyUs: 0, usage: 10 },
    { name: 'haltpoll', latencyUs: 1, usage: 100 },
  ]);
  const config = readIdleConfig([0, 1], root);
  assert.equal(config.driver, 'haltpoll');
  assert.equal(config.guestHaltPollNs, 0);
  assert.deepEqual(config.states['1'], [
    { name: 'POLL', exitLatencyNs: 0, disabled: false },
    { name: 'haltpoll', exitLatencyNs: 1000, disabled: false },
  ]);
  const before = readIdleUsage([0, 1], root);
  writeFileSync(join(root, 'devices/system/cpu/cpu1/cpuidle/state1/usage'), '142\n');
  assert.deepEqual(idleUsageDelta(before, readIdleUsage([0, 1], root)), { '1': { haltpoll: 42 } });
  assert.deepEqual(readIdleConfig([0], '/nonexistent').states, { '0': [] });
});

test('idle polling: 0 is written and held until release; a path we cannot open is refused with the reason', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'schedcost-qos-')), 'cpu_dma_latency');
  writeFileSync(file, '');
  const hold = holdIdlePolling(file);
  assert.deepEqual([...readFileSync(file)], [0, 0, 0, 0]);
  hold.release();
  hold.release(); // twice is harmless
  assert.throws(() => holdIdlePolling(join(file, 'nope')), /cannot hold .* at 0 \(ENOTDIR\)/);
});

test('idle-exit cost: default minus idle-polling twin, paired by trial, per metric', () => {
  const gap = { [Param.gapMinNs]: 20000, [Param.gapMaxNs]: 80000 };
  const idleDefault = probe(Probe.futexWake, [metric('d', Metric.wakeLatency, [21000, 16000, 21500], gap)], gap);
  const polled = probe(
    Probe.futexWake,
    [metric('p', Metric.wakeLatency, [3400, 3300, 3500], { ...gap, [Param.idlePoll]: 1 })],
    { ...gap, [Param.idlePoll]: 1 },
  );
  const [cost, ...rest] = deriveFigures(idleDefault, [idleDefault, polled]);
  assert.equal(rest.length, 0);
  assert.equal(cost!.name, DerivedName.idleExitCost);
  assert.equal(cost!.valueNs, 17600); // median of 17600, 12700, 18000
  assert.equal(cost!.of, 'd');
  assert.deepEqual(deriveFigures(polled, [idleDefault, polled]), [], 'the twin itself derives nothing');
  assert.deepEqual(deriveFigures(idleDefault, [idleDefault]), [], 'no twin, no figure');
});

test('doctor: idle states explained, with what --idle poll can and cannot do here', async () => {
  const base = { allowedCpus: [0, 1], smtSiblings: [], virtualization: 'KVM', timerSlackNs: 50000, loadSampleMs: 1 };
  const deep = readIdleConfig([0, 1], fakeSysfs([{ name: 'C6', latencyUs: 133, usage: 0 }], 'intel_idle'));
  const findDeep = (await runDoctor({ ...base, idle: deep })).find((f) => f.id === 'idle')!;
  assert.equal(findDeep.severity, 'warning');
  assert.match(findDeep.advice, /up to 133 µs to leave C6; run --idle poll/);
  const none = readIdleConfig([0, 1], fakeSysfs([], 'none'));
  const findNone = (await runDoctor({ ...base, idle: none })).find((f) => f.id === 'idle')!;
  assert.match(findNone.detail, /no cpuidle driver/);
  assert.match(findNone.advice, /changes nothing here/);
});

test(
  '--idle poll is refused with exit 2 where /dev/cpu_dma_latency cannot be opened',
  {
    skip:
      process.getuid?.() !== 0 || !existsSync('/usr/bin/setpriv') || !existsSync('/dev/cpu_dma_latency')
        ? 'needs root, setpriv and /dev/cpu_dma_latency'
        : false,
  },
  (t) => {
    const asNobody = (args: string[]) =>
      spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...args], {
        encoding: 'utf8',
        timeout: 60_000,
      });
    // A checkout under a private home (e.g. /root) is not readable by nobody: nothing to learn there.
    if (asNobody(['-e', `require('node:fs').accessSync(${JSON.stringify(cliPath)})`]).status !== 0)
      return t.skip('user nobody cannot read this checkout');
    const r = asNobody([cliPath, 'run', '--idle', 'poll']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--idle poll: cannot hold \/dev\/cpu_dma_latency at 0 \(EACCES\)/);
  },
);
