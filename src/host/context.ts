// The context people check first when two hosts disagree, recorded
// structured in every document (google/benchmark's context, pyperf's
// metadata): kernel command line, preemption model, CPU vulnerability
// mitigations, sched_ext, the cgroup's cpuset and CPU quota, load, cpufreq.
import { execFileSync, type StdioOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

export interface HostContext {
  kernelCommandLine: string;
  /** From uname -v and, where debugfs shows it, the dynamic model in force: e.g. "PREEMPT_DYNAMIC (voluntary)". */
  preemption: string;
  /** /sys/devices/system/cpu/vulnerabilities: name → the kernel's one-line state. */
  mitigations: Record<string, string>;
  /** sched_ext: 'disabled', 'enabled' (with the scheduler's name), or 'unsupported'. */
  schedExt: string;
  cgroup: { path: string; cpusetCpus?: string; cpuQuota?: string };
  loadAverage: [number, number, number];
  cpufreq: { cpu: number; governor?: string; curKHz?: number; maxKHz?: number }[];
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function preemptionModel(sysRoot: string): string {
  const version = os.version();
  const built = /PREEMPT_RT/.test(version)
    ? 'PREEMPT_RT'
    : /PREEMPT_DYNAMIC/.test(version)
      ? 'PREEMPT_DYNAMIC'
      : /PREEMPT/.test(version)
        ? 'PREEMPT'
        : 'voluntary or none';
  // debugfs marks the dynamic model in force with parentheses: "none (voluntary) full".
  const dynamic = /\((\w+)\)/.exec(read(`${sysRoot}/kernel/debug/sched/preempt`) ?? '')?.[1];
  return dynamic ? `${built} (${dynamic})` : built;
}

function mitigations(sysRoot: string): Record<string, string> {
  const dir = `${sysRoot}/devices/system/cpu/vulnerabilities`;
  try {
    return Object.fromEntries(readdirSync(dir).map((name) => [name, read(`${dir}/${name}`) ?? '']));
  } catch {
    return {};
  }
}

function schedExt(sysRoot: string): string {
  const state = read(`${sysRoot}/kernel/sched_ext/state`);
  if (state === undefined) return 'unsupported';
  const ops = read(`${sysRoot}/kernel/sched_ext/root/ops`);
  return state === 'enabled' && ops ? `enabled (${ops})` : state;
}

/** The process's cgroup (v2, else v1's cpu and cpuset controllers) and what it allows. */
function cgroup(procRoot: string, sysRoot: string): HostContext['cgroup'] {
  const lines = (read(`${procRoot}/self/cgroup`) ?? '').split('\n');
  const v2 = lines.find((l) => l.startsWith('0::'))?.slice(3);
  const v1 = (controller: string) => lines.find((l) => l.split(':')[1]?.split(',').includes(controller))?.split(':')[2];
  const base = `${sysRoot}/fs/cgroup`;
  const v2Max = v2 !== undefined ? read(`${base}${v2}/cpu.max`) : undefined;
  if (v2Max !== undefined) {
    const cpus = read(`${base}${v2}/cpuset.cpus.effective`);
    return { path: v2!, cpuQuota: v2Max, ...(cpus !== undefined ? { cpusetCpus: cpus } : {}) };
  }
  const cpuPath = v1('cpu') ?? '/',
    cpusetPath = v1('cpuset') ?? '/';
  const quota =
    read(`${base}/cpu${cpuPath}/cpu.cfs_quota_us`) ?? read(`${base}/cpu,cpuacct${cpuPath}/cpu.cfs_quota_us`);
  const period =
    read(`${base}/cpu${cpuPath}/cpu.cfs_period_us`) ?? read(`${base}/cpu,cpuacct${cpuPath}/cpu.cfs_period_us`);
  const cpus =
    read(`${base}/cpuset${cpusetPath}/cpuset.effective_cpus`) ?? read(`${base}/cpuset${cpusetPath}/cpuset.cpus`);
  return {
    path: v2 ?? cpuPath,
    ...(quota !== undefined ? { cpuQuota: quota === '-1' ? 'max' : `${quota} ${period ?? ''}`.trim() } : {}),
    ...(cpus !== undefined ? { cpusetCpus: cpus } : {}),
  };
}

function cpufreq(cpus: number[], sysRoot: string): HostContext['cpufreq'] {
  return cpus.flatMap((cpu) => {
    const dir = `${sysRoot}/devices/system/cpu/cpu${cpu}/cpufreq`;
    const governor = read(`${dir}/scaling_governor`);
    if (governor === undefined) return [];
    const khz = (name: string) => {
      const v = Number(read(`${dir}/${name}`));
      return Number.isFinite(v) && v > 0 ? v : undefined;
    };
    const cur = khz('scaling_cur_freq'),
      max = khz('cpuinfo_max_freq');
    return [{ cpu, governor, ...(cur ? { curKHz: cur } : {}), ...(max ? { maxKHz: max } : {}) }];
  });
}

export function hostContext(cpus: number[], roots: { proc?: string; sys?: string } = {}): HostContext {
  const proc = roots.proc ?? '/proc',
    sys = roots.sys ?? '/sys';
  const load = (read(`${proc}/loadavg`) ?? '').split(/\s+/).slice(0, 3).map(Number);
  return {
    kernelCommandLine: read(`${proc}/cmdline`) ?? '',
    preemption: preemptionModel(sys),
    mitigations: mitigations(sys),
    schedExt: schedExt(sys),
    cgroup: cgroup(proc, sys),
    loadAverage: [load[0] ?? 0, load[1] ?? 0, load[2] ?? 0],
    cpufreq: cpufreq(cpus, sys),
  };
}

/** The revision measured: $GITHUB_SHA in GitHub Actions, else the working tree's HEAD (with -dirty), if any. */
export function gitRevision(cwd = process.cwd()): string | undefined {
  if (process.env.GITHUB_SHA) return process.env.GITHUB_SHA;
  try {
    // stdout read (null: the default pipe), stderr dropped: outside a checkout git says "fatal: not a git repository".
    const stdio: StdioOptions = ['ignore', null, 'ignore'];
    const run = (args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', timeout: 5000, stdio }).trim();
    const head = run(['rev-parse', 'HEAD']);
    return run(['status', '--porcelain', '--untracked-files=no']) ? `${head}-dirty` : head;
  } catch {
    return undefined;
  }
}
