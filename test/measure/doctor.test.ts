import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { runDoctor } from '../../src/doctor/doctor.js';
import { addon } from '../../src/native.js';
import { hostFingerprint } from '../../src/host/fingerprint.js';

function fakeHost(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'schedcost-fake-host-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** CPU 0's user, idle, iowait, irq, softirq and steal ticks (nice and system 0). */
const stat = (user: number, idle: number, iowait = 0, irq = 0, softirq = 0, steal = 0) =>
  `cpu  1 2 3 4 5 6 7 8\ncpu0 ${user} 0 0 ${idle} ${iowait} ${irq} ${softirq} ${steal} 0 0\ncpu1 10 0 0 1000 0 0 0 0\n`;

test('doctor raises the warnings a noisy host deserves', async () => {
  const root = fakeHost({
    'sys/devices/system/cpu/cpu0/cpufreq/scaling_governor': 'powersave\n',
    'sys/devices/system/cpu/cpu1/cpufreq/scaling_governor': 'powersave\n',
    'sys/devices/system/cpu/intel_pstate/no_turbo': '0\n',
    'sys/devices/system/cpu/isolated': '\n',
    'sys/devices/system/clocksource/clocksource0/current_clocksource': 'hpet\n',
    'proc/cpuinfo': 'processor : 0\nflags : fpu tsc\n',
    'proc/self/status': 'Name: node\nCapEff:\t0000000000000000\n',
    'proc/self/limits': 'Max realtime priority     0                    0\n',
    'proc/stat': stat(100, 1000, 10, 2, 3, 5),
    'proc/sys/kernel/perf_event_paranoid': '4\n',
  });
  const findings = await runDoctor({
    allowedCpus: [0, 1],
    smtSiblings: [[0, 1]],
    virtualization: 'KVMKVMKVM',
    timerSlackNs: 50000,
    sysRoot: join(root, 'sys'),
    procRoot: join(root, 'proc'),
    // Another process keeps CPU 0 busy while the doctor watches: 80 user, 2 irq, 1 softirq and 1 steal
    // ticks are busy, 20 idle and 10 iowait are not (84 of 114: 74%).
    loadWindow: () => Promise.resolve(writeFileSync(join(root, 'proc/stat'), stat(180, 1020, 20, 4, 4, 6))),
  });
  const severity = Object.fromEntries(findings.map((f) => [f.id, f.severity]));
  assert.deepEqual(severity, {
    cpus: 'ok',
    smt: 'warning',
    governor: 'warning',
    turbo: 'warning',
    isolation: 'info',
    virtualization: 'warning',
    idle: 'info',
    clocksource: 'warning',
    'timer-slack': 'info',
    'sched-fifo': 'info',
    load: 'warning',
    perf: 'info',
  });
  assert.match(findings.find((f) => f.id === 'load')!.detail, /CPU 0 74% busy/);
  assert.ok(findings.every((f) => f.severity === 'ok' || f.advice.length > 0));
});

test('doctor on a one-CPU, quiet, bare-metal host', async () => {
  const root = fakeHost({
    'sys/devices/system/cpu/cpu3/cpufreq/scaling_governor': 'performance\n',
    'sys/devices/system/cpu/isolated': '3\n',
    'sys/devices/system/clocksource/clocksource0/current_clocksource': 'tsc\n',
    'proc/cpuinfo': 'flags : tsc constant_tsc nonstop_tsc\n',
    'proc/self/status': 'CapEff:\t0000000000800000\n',
    'proc/stat': 'cpu3 10 0 0 1000 0 0 0 0\n',
  });
  const findings = await runDoctor({
    allowedCpus: [3],
    smtSiblings: [[3]],
    virtualization: 'none',
    timerSlackNs: 1,
    sysRoot: join(root, 'sys'),
    procRoot: join(root, 'proc'),
    loadSampleMs: 10,
  });
  const severity = Object.fromEntries(findings.map((f) => [f.id, f.severity]));
  assert.equal(severity.cpus, 'warning');
  for (const id of [
    'smt',
    'governor',
    'isolation',
    'virtualization',
    'clocksource',
    'timer-slack',
    'sched-fifo',
    'load',
  ])
    assert.equal(severity[id], 'ok', id);
});

test('doctor on this machine: every check present, plausible values', async () => {
  const host = hostFingerprint(await addon().hostFacts());
  const findings = await runDoctor({
    allowedCpus: host.allowedCpus,
    smtSiblings: host.smtSiblings,
    virtualization: host.virtualization,
    timerSlackNs: host.timerSlackNs,
    loadSampleMs: 50,
  });
  assert.deepEqual(findings.map((f) => f.id).sort(), [
    'clocksource',
    'cpus',
    'governor',
    'idle',
    'isolation',
    'load',
    'perf',
    'sched-fifo',
    'smt',
    'timer-slack',
    'turbo',
    'virtualization',
  ]);
  assert.ok(findings.every((f) => ['ok', 'info', 'warning'].includes(f.severity) && f.title && f.detail));
});
