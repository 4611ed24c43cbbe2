import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gitRevision, hostContext } from '../../src/host/context.js';
import { parseLabel } from '../../src/cli/runOptions.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'schedcost-ctx-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), `${text}\n`);
  }
  return root;
}

test('host context: command line, mitigations, sched_ext, cgroup v2 quota and cpuset, load, cpufreq', () => {
  const proc = tree({
    cmdline: 'quiet isolcpus=1',
    loadavg: '0.50 0.25 0.10 1/100 42',
    'self/cgroup': '0::/ci.slice/job',
  });
  const sys = tree({
    'devices/system/cpu/vulnerabilities/spectre_v2': 'Mitigation: Retpolines',
    'kernel/sched_ext/state': 'enabled',
    'kernel/sched_ext/root/ops': 'scx_rusty',
    'fs/cgroup/ci.slice/job/cpu.max': '50000 100000',
    'fs/cgroup/ci.slice/job/cpuset.cpus.effective': '0-1',
    'devices/system/cpu/cpu1/cpufreq/scaling_governor': 'performance',
    'devices/system/cpu/cpu1/cpufreq/scaling_cur_freq': '3000000',
    'devices/system/cpu/cpu1/cpufreq/cpuinfo_max_freq': '3500000',
    'kernel/debug/sched/preempt': 'none (voluntary) full',
  });
  const context = hostContext([0, 1], { proc, sys });
  assert.equal(context.kernelCommandLine, 'quiet isolcpus=1');
  assert.deepEqual(context.mitigations, { spectre_v2: 'Mitigation: Retpolines' });
  assert.equal(context.schedExt, 'enabled (scx_rusty)');
  assert.deepEqual(context.cgroup, { path: '/ci.slice/job', cpuQuota: '50000 100000', cpusetCpus: '0-1' });
  assert.deepEqual(context.loadAverage, [0.5, 0.25, 0.1]);
  assert.deepEqual(context.cpufreq, [{ cpu: 1, governor: 'performance', curKHz: 3000000, maxKHz: 3500000 }]);
  assert.match(context.preemption, /\(voluntary\)$/);
});

test('host context: cgroup v1 quota, no sched_ext, nothing else readable', () => {
  const proc = tree({ 'self/cgroup': '4:cpu,cpuacct:/docker/abc\n3:cpuset:/docker/abc\n0::/' });
  const sys = tree({
    'fs/cgroup/cpu/docker/abc/cpu.cfs_quota_us': '200000',
    'fs/cgroup/cpu/docker/abc/cpu.cfs_period_us': '100000',
    'fs/cgroup/cpuset/docker/abc/cpuset.effective_cpus': '2-3',
  });
  const context = hostContext([0], { proc, sys });
  assert.equal(context.schedExt, 'unsupported');
  assert.deepEqual(context.cgroup, { path: '/', cpuQuota: '200000 100000', cpusetCpus: '2-3' });
  assert.deepEqual(context.mitigations, {});
});

test('git revision: $GITHUB_SHA first, else the working tree, else nothing', () => {
  const saved = process.env.GITHUB_SHA;
  try {
    process.env.GITHUB_SHA = 'abc123';
    assert.equal(gitRevision(tmpdir()), 'abc123');
    delete process.env.GITHUB_SHA;
    assert.equal(gitRevision(mkdtempSync(join(tmpdir(), 'schedcost-nogit-'))), undefined);
  } finally {
    if (saved === undefined) delete process.env.GITHUB_SHA;
    else process.env.GITHUB_SHA = saved;
  }
});

test('--label key=value accumulates; a label without = is a usage error', () => {
  assert.deepEqual(parseLabel('b=2', parseLabel('a=1')), { a: '1', b: '2' });
  assert.deepEqual(parseLabel('runner=ubuntu-24.04=x'), { runner: 'ubuntu-24.04=x' });
  assert.throws(() => parseLabel('nokey'), { name: 'UsageError' });
});
