// What disturbed a trial (issue 12): the doctor samples the host once before
// a run; these counters are read around every trial, so a trial that shared
// its CPUs with another process, lost time to the hypervisor or was held back
// by a cgroup CPU quota says so. snapshot(cpus) before, snapshot(cpus) after,
// between(before, after, wallMs) → the trial's counters; disturbance(...) →
// whether they cross the bounds below.
//
// Sources (each read where the kernel exposes it, under injectable roots):
//
// - Busy time per measured CPU. Best: the cpuacct controller's root
//   cpuacct.usage_percpu (cgroup v1): nanoseconds of task run time per CPU,
//   every task counted, exact up to one scheduler tick of time not yet charged
//   to a running task. Else /proc/stat user+nice+system per CPU (guest time is
//   inside user): printed in USER_HZ ticks (10 ms), and with tick-based
//   accounting (CONFIG_TICK_CPU_ACCOUNTING, the common default) each tick is
//   credited whole to whatever ran at that instant, so it is a sample.
// - This process's CPU time: getrusage(RUSAGE_SELF) (process.cpuUsage), every
//   thread, joined ones included, to the microsecond.
// - Others' CPU time on the measured CPUs = Σ busy − own. The approximation:
//   our own time is not known per CPU (the measuring threads are gone when the
//   trial ends), so all of it is taken off the measured CPUs' busy time. During
//   a trial the measuring threads are pinned to those CPUs and the JS thread
//   and the libuv worker that started the probe only wait, so nearly all own
//   time is spent there; whatever own time ran elsewhere makes othersCpuNs too
//   small, never too large: the error can hide a disturbance, not invent one.
//   "Others" is everything that is not this process: other processes, kernel
//   threads, and (with worker rounds) the parent schedcost process.
// - Steal per measured CPU: /proc/stat steal (ticks of 10 ms; the hypervisor's
//   steal clock, where the guest has one).
// - Interrupt time on the measured CPUs: /proc/stat irq + softirq (0 unless
//   the kernel charges interrupt time or a tick lands in an interrupt).
// - Run-queue waits per CPU: /proc/schedstat run_delay and timeslices (only
//   with CONFIG_SCHEDSTATS). Recorded, not judged: on a same-CPU placement
//   the measuring threads queue behind each other by design.
// - CPU pressure: /proc/pressure/cpu "some" total (PSI), system-wide time some
//   runnable task waited for a CPU. Recorded, not judged: not per CPU.
// - cgroup CPU throttling: cpu.stat of this process's cgroup and each ancestor
//   (a quota on an ancestor stops us as well): cgroup v2 nr_periods,
//   nr_throttled, throttled_usec; v1 (cpu controller) nr_periods,
//   nr_throttled, throttled_time (ns).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticCode } from '../catalogue/index.js';
import type { DisturbanceReason } from '../results/diagnostics.js';

/** Where the readers look; tests point them at fakes. */
interface InterferenceRoots {
  /** Default /proc. */
  proc?: string;
  /** Default /sys/fs/cgroup (a v2 mount, or v1 controller directories and perhaps unified/). */
  cgroup?: string;
}

export interface SnapshotOptions extends InterferenceRoots {
  /** Whose cgroup to read throttling for; default 'self'. */
  pid?: number | 'self';
  /** This process's CPU time so far; default getrusage (process.cpuUsage), or the pid's /proc stat. */
  ownCpuNs?: () => number;
}

/** /proc/stat prints CPU times in USER_HZ ticks, 100 a second on every Linux architecture but alpha. */
export const USER_HZ_TICK_NS = 10_000_000;
/**
 * How late a running task's time can be charged to the cpuacct counters: one
 * scheduler tick, at most 10 ms (CONFIG_HZ is 100 or more).
 */
const SCHED_TICK_MAX_NS = 10_000_000;

interface ProcStatCpu {
  busyNs: number;
  irqNs: number;
  stealNs: number;
  /** idle + iowait. */
  idleNs: number;
}

interface CgroupCpuStat {
  hierarchy: 'v1' | 'v2';
  /** The cgroup read, as /proc/<pid>/cgroup names it. */
  path: string;
  periods: number;
  throttledPeriods: number;
  throttledNs: number;
}

/** The raw counters at one instant; only between() of two of them means anything. */
export interface InterferenceSnapshot {
  atMs: number;
  cpus: number[];
  ownCpuNs: number;
  procStat: Record<string, ProcStatCpu>;
  cpuacctNs?: Record<string, number>;
  schedstat?: Record<string, { runDelayNs: number; timeslices: number }>;
  cpuPressureSomeNs?: number;
  throttle?: CgroupCpuStat;
}

/** Counters of one trial, over the CPUs of its placement. Units in the names: ns, or counts. */
export interface TrialInterference {
  /** The measured CPUs (the placement's, each once, ascending). */
  cpus: number[];
  /** Time between the two snapshots. */
  wallNs: number;
  /** Busy time of each measured CPU: every task's, this process's included. */
  busyNs: Record<string, number>;
  /** This process's CPU time over all its threads, wherever they ran. */
  ownCpuNs: number;
  /** Σ busyNs − ownCpuNs (at least 0): time everything else ran on the measured CPUs. */
  othersCpuNs: number;
  /** Where busyNs comes from. */
  cpuTimeSource: 'cpuacct' | 'proc-stat';
  /** How far othersCpuNs may be off through counter resolution, over all measured CPUs. */
  cpuTimeResolutionNs: number;
  /** Time the hypervisor ran something else while each measured CPU wanted to run (10 ms resolution). */
  stealNs: Record<string, number>;
  /** Interrupt and softirq time on the measured CPUs, as /proc/stat charges it. */
  irqNs: number;
  /** Time tasks waited on each measured CPU's run queue (/proc/schedstat; absent without CONFIG_SCHEDSTATS). */
  runQueueWaitNs?: Record<string, number>;
  /** Timeslices run on each measured CPU (/proc/schedstat). */
  timeslices?: Record<string, number>;
  /** System-wide time some runnable task waited for a CPU (PSI cpu "some"; absent without PSI). */
  cpuPressureStallNs?: number;
  /** CPU quota enforcement on this process's cgroup and its ancestors (absent without a cpu controller). */
  throttling?: CgroupCpuStat;
  /** Involuntary context switches of each measuring role that had its CPU to itself (from the native side). */
  involuntarySwitches?: Record<string, number>;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Per-CPU lines of /proc/stat, in ns. */
export function parseProcStat(text: string): Record<string, ProcStatCpu> {
  const cpus: Record<string, ProcStatCpu> = {};
  for (const line of text.split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = match[2]!
      .trim()
      .split(/\s+/)
      .map(Number);
    cpus[match[1]!] = {
      busyNs: (user + nice + system) * USER_HZ_TICK_NS,
      irqNs: (irq + softirq) * USER_HZ_TICK_NS,
      stealNs: steal * USER_HZ_TICK_NS,
      idleNs: (idle + iowait) * USER_HZ_TICK_NS,
    };
  }
  return cpus;
}

/** Per-CPU run_delay (ns) and timeslices from /proc/schedstat (versions 15–17: fields 8 and 9 after cpuN). */
export function parseSchedstat(text: string): Record<string, { runDelayNs: number; timeslices: number }> {
  const cpus: Record<string, { runDelayNs: number; timeslices: number }> = {};
  for (const line of text.split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const fields = match[2]!.trim().split(/\s+/).map(Number);
    if (fields.length < 9) continue;
    cpus[match[1]!] = { runDelayNs: fields[7]!, timeslices: fields[8]! };
  }
  return cpus;
}

/** PSI: "some ... total=<µs>" → ns. */
export function parsePressureSomeNs(text: string): number | undefined {
  const match = /^some\b.*\btotal=(\d+)/m.exec(text);
  return match ? Number(match[1]) * 1000 : undefined;
}

/** `key value` lines (cpu.stat). */
function parseKeyValues(text: string): Record<string, number> {
  const values: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && Number.isFinite(Number(value))) values[key] = Number(value);
  }
  return values;
}

/** utime + stime of /proc/<pid>/stat, in ns (tick resolution). */
export function parsePidStatCpuNs(text: string): number {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After the command: state is field 3, utime 14, stime 15.
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * USER_HZ_TICK_NS;
}

/** The v2 mount and the v1 controller directories under a cgroup root. */
export function cgroupMounts(cgroupRoot: string): { v2?: string; v1: Record<string, string> } {
  const v1: Record<string, string> = {};
  if (read(join(cgroupRoot, 'cgroup.controllers')) !== undefined) return { v2: cgroupRoot, v1 };
  let entries: string[];
  try {
    entries = readdirSync(cgroupRoot);
  } catch {
    return { v1 };
  }
  let v2: string | undefined;
  for (const entry of entries) {
    const dir = join(cgroupRoot, entry);
    if (read(join(dir, 'cgroup.controllers')) !== undefined) v2 = dir;
    // v1 directories are named by their controllers, "cpu,cpuacct" or one each (symlinks included).
    else for (const controller of entry.split(',')) v1[controller] ??= dir;
  }
  return v2 ? { v2, v1 } : { v1 };
}

/** /proc/<pid>/cgroup: hierarchy line per controller set; v2 is "0::/path". */
export function parseProcCgroup(text: string): { v2?: string; v1: Record<string, string> } {
  const v1: Record<string, string> = {};
  let v2: string | undefined;
  for (const line of text.split('\n')) {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!match) continue;
    if (match[1] === '0' && match[2] === '') v2 = match[3]!;
    else for (const controller of match[2]!.split(',')) if (controller) v1[controller] = match[3]!;
  }
  return v2 !== undefined ? { v2, v1 } : { v1 };
}

/** A cgroup path and its ancestors, deepest first: /a/b → /a/b, /a, /. */
function withAncestors(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return Array.from({ length: parts.length + 1 }, (_, i) => `/${parts.slice(0, parts.length - i).join('/')}`);
}

/**
 * Throttling of a process's cgroup and its ancestors, summed over the levels:
 * from the hierarchy that has the cpu controller with bandwidth counters
 * (v2 when its cpu.stat carries nr_throttled, else v1 `cpu`).
 */
function readThrottle(options: SnapshotOptions = {}): CgroupCpuStat | undefined {
  const proc = options.proc ?? '/proc';
  const mounts = cgroupMounts(options.cgroup ?? '/sys/fs/cgroup');
  const membership = parseProcCgroup(read(join(proc, String(options.pid ?? 'self'), 'cgroup')) ?? '');
  const sum = (hierarchy: 'v1' | 'v2', mount: string, path: string, nsKey: string, nsScale: number) => {
    let found = false;
    const total: CgroupCpuStat = { hierarchy, path, periods: 0, throttledPeriods: 0, throttledNs: 0 };
    for (const level of withAncestors(path)) {
      const stat = parseKeyValues(read(join(mount, level, 'cpu.stat')) ?? '');
      if (stat.nr_throttled === undefined) continue;
      found = true;
      total.periods += stat.nr_periods ?? 0;
      total.throttledPeriods += stat.nr_throttled;
      total.throttledNs += (stat[nsKey] ?? 0) * nsScale;
    }
    return found ? total : undefined;
  };
  const v2 =
    mounts.v2 !== undefined && membership.v2 !== undefined
      ? sum('v2', mounts.v2, membership.v2, 'throttled_usec', 1000)
      : undefined;
  if (v2) return v2;
  const v1Mount = mounts.v1.cpu;
  const v1Path = membership.v1.cpu;
  return v1Mount !== undefined && v1Path !== undefined ? sum('v1', v1Mount, v1Path, 'throttled_time', 1) : undefined;
}

/** cpuacct.usage_percpu of the cpuacct root (every task), by CPU number, in ns. */
function readCpuacct(cgroupRoot: string): Record<string, number> | undefined {
  const dir = cgroupMounts(cgroupRoot).v1.cpuacct;
  const text = dir !== undefined ? read(join(dir, 'cpuacct.usage_percpu')) : undefined;
  if (text === undefined) return undefined;
  const values = text.trim().split(/\s+/).map(Number);
  return values.every(Number.isFinite) ? Object.fromEntries(values.map((v, cpu) => [String(cpu), v])) : undefined;
}

function defaultOwnCpuNs(options: SnapshotOptions): () => number {
  const proc = options.proc ?? '/proc';
  const pid = options.pid ?? 'self';
  if (proc === '/proc' && (pid === 'self' || pid === process.pid))
    return () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) * 1000;
    };
  return () => parsePidStatCpuNs(read(join(proc, String(pid), 'stat')) ?? '');
}

function pick<T>(record: Record<string, T> | undefined, cpus: number[]): Record<string, T> | undefined {
  if (!record) return undefined;
  const picked: Record<string, T> = {};
  for (const cpu of cpus) if (record[String(cpu)] !== undefined) picked[String(cpu)] = record[String(cpu)]!;
  return Object.keys(picked).length === cpus.length ? picked : undefined;
}

/** The counters now, for the given CPUs (a same-CPU placement's [n, n] is CPU n once). */
export function snapshot(placementCpus: number[], options: SnapshotOptions = {}): InterferenceSnapshot {
  const cpus = [...new Set(placementCpus)].sort((a, b) => a - b);
  const proc = options.proc ?? '/proc';
  const cgroup = options.cgroup ?? '/sys/fs/cgroup';
  const procStat = pick(parseProcStat(read(join(proc, 'stat')) ?? ''), cpus) ?? {};
  const cpuacctNs = pick(readCpuacct(cgroup), cpus);
  const schedText = read(join(proc, 'schedstat'));
  const schedstat = schedText !== undefined ? pick(parseSchedstat(schedText), cpus) : undefined;
  const pressureText = read(join(proc, 'pressure', 'cpu'));
  const cpuPressureSomeNs = pressureText !== undefined ? parsePressureSomeNs(pressureText) : undefined;
  const throttle = readThrottle(options);
  return {
    atMs: performance.now(),
    cpus,
    ownCpuNs: (options.ownCpuNs ?? defaultOwnCpuNs(options))(),
    procStat,
    ...(cpuacctNs ? { cpuacctNs } : {}),
    ...(schedstat ? { schedstat } : {}),
    ...(cpuPressureSomeNs !== undefined ? { cpuPressureSomeNs } : {}),
    ...(throttle ? { throttle } : {}),
  };
}

/** Per-CPU differences, never negative (a counter reset or an offlined CPU reads as 0). */
function deltas(cpus: number[], value: (cpu: string) => [number, number]): Record<string, number> {
  return Object.fromEntries(
    cpus.map((cpu) => {
      const [before, after] = value(String(cpu));
      return [String(cpu), Math.max(0, after - before)];
    }),
  );
}

const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);

/** The trial's counters: what changed between two snapshots of the same CPUs. */
export function between(before: InterferenceSnapshot, after: InterferenceSnapshot, wallMs?: number): TrialInterference {
  const cpus = before.cpus;
  const wallNs = Math.max(0, Math.round(1e6 * (wallMs ?? after.atMs - before.atMs)));
  const proc = (cpu: string, key: keyof ProcStatCpu): [number, number] => [
    before.procStat[cpu]?.[key] ?? 0,
    after.procStat[cpu]?.[key] ?? 0,
  ];
  const cpuacct = before.cpuacctNs && after.cpuacctNs ? [before.cpuacctNs, after.cpuacctNs] : undefined;
  const busyNs = cpuacct
    ? deltas(cpus, (cpu) => [cpuacct[0]![cpu] ?? 0, cpuacct[1]![cpu] ?? 0])
    : deltas(cpus, (cpu) => proc(cpu, 'busyNs'));
  const ownCpuNs = Math.max(0, after.ownCpuNs - before.ownCpuNs);
  const result: TrialInterference = {
    cpus: [...cpus],
    wallNs,
    busyNs,
    ownCpuNs,
    othersCpuNs: Math.max(0, sum(busyNs) - ownCpuNs),
    cpuTimeSource: cpuacct ? 'cpuacct' : 'proc-stat',
    // cpuacct: one tick of uncharged time per CPU. /proc/stat: three fields
    // (user, nice, system) each rounded down to a tick, per CPU.
    cpuTimeResolutionNs: cpus.length * (cpuacct ? SCHED_TICK_MAX_NS : 3 * USER_HZ_TICK_NS),
    stealNs: deltas(cpus, (cpu) => proc(cpu, 'stealNs')),
    irqNs: sum(deltas(cpus, (cpu) => proc(cpu, 'irqNs'))),
  };
  if (before.schedstat && after.schedstat) {
    const [b, a] = [before.schedstat, after.schedstat];
    result.runQueueWaitNs = deltas(cpus, (cpu) => [b[cpu]?.runDelayNs ?? 0, a[cpu]?.runDelayNs ?? 0]);
    result.timeslices = deltas(cpus, (cpu) => [b[cpu]?.timeslices ?? 0, a[cpu]?.timeslices ?? 0]);
  }
  if (before.cpuPressureSomeNs !== undefined && after.cpuPressureSomeNs !== undefined)
    result.cpuPressureStallNs = Math.max(0, after.cpuPressureSomeNs - before.cpuPressureSomeNs);
  if (before.throttle && after.throttle && before.throttle.path === after.throttle.path)
    result.throttling = {
      hierarchy: after.throttle.hierarchy,
      path: after.throttle.path,
      periods: Math.max(0, after.throttle.periods - before.throttle.periods),
      throttledPeriods: Math.max(0, after.throttle.throttledPeriods - before.throttle.throttledPeriods),
      throttledNs: Math.max(0, after.throttle.throttledNs - before.throttle.throttledNs),
    };
  return result;
}

// The bounds. Each compares what a counter can at least have been (its value
// less its resolution), so counter rounding alone never marks a trial.

/**
 * Steal above 2% of the trial's wall time on any measured CPU. Steal comes in
 * slices of milliseconds while samples take microseconds, so every sample a
 * stolen slice lands in is off by orders of magnitude; a quiet host steals
 * nothing, and 2% already displaces on the order of 2% of a steady probe's
 * samples, enough to move its p99 and, on top of the other effects of a
 * busy hypervisor (cache and frequency), its p50.
 */
const STEAL_MAX_FRACTION = 0.02;
/**
 * Other CPU time on the measured CPUs above 5% of the trial's wall time (of
 * one CPU: summed over the measured CPUs, so 5% of any one CPU crosses it).
 * An idle host's kernel threads and timers stay well below; above it, another
 * task competed for the measuring threads' CPUs: their wakes wait behind it
 * and its working set evicts theirs.
 */
const OTHERS_MAX_FRACTION = 0.05;
/**
 * Any throttled period. A throttled cgroup's threads all stop until the next
 * period (100 ms by default): one throttle stalls the measurement for
 * milliseconds, and a quota that bites once bites again.
 */
const THROTTLED_PERIODS_MAX = 0;
/**
 * The measuring threads' involuntary context switches (from the native side,
 * per role that had its CPU to itself): above 1% of the trial's samples, and
 * above 5. A switch out delays at most the one sample it lands in, so a few
 * move neither p50 nor p99: a kworker, or this tool's own processes on a
 * 2-CPU host, take a busy-spinning role's CPU up to ~10 times a second on a
 * quiet VM (3 in a 0.3 s trial of 300 wake/unlocked samples). Past 1% of the
 * samples the p99 can move, and it takes a task competing for the CPU to get
 * there (a busy loop sharing it: 70+ a second).
 */
const INVOLUNTARY_SWITCHES_MAX_FRACTION = 0.01;
export const INVOLUNTARY_SWITCHES_MIN = 5;

export interface Disturbance {
  disturbed: boolean;
  /** Which bounds were crossed, with the numbers; empty when not disturbed. */
  reasons: DisturbanceReason[];
  /** Disturbed attempts measured again before this one was kept. */
  retries?: number;
}

/**
 * Whether a trial's counters cross the bounds above, and which. `samples`:
 * the samples each measuring role took part in (without it, the roles'
 * involuntary switches are not judged).
 */
export function disturbance(counters: TrialInterference, wallMs: number, samples?: number): Disturbance {
  const wallNs = wallMs * 1e6;
  const reasons: DisturbanceReason[] = [];
  if (!(wallNs > 0)) return { disturbed: false, reasons };
  for (const [cpu, stealNs] of Object.entries(counters.stealNs))
    if (stealNs - USER_HZ_TICK_NS > STEAL_MAX_FRACTION * wallNs)
      reasons.push({ code: DiagnosticCode.hypervisorSteal, params: { cpu: Number(cpu), stealNs, wallNs } });
  const others = counters.othersCpuNs;
  if (others - counters.cpuTimeResolutionNs > OTHERS_MAX_FRACTION * wallNs)
    reasons.push({ code: DiagnosticCode.otherTasksRan, params: { cpus: counters.cpus, cpuNs: others, wallNs } });
  const throttling = counters.throttling;
  if (throttling && throttling.throttledPeriods > THROTTLED_PERIODS_MAX)
    reasons.push({
      code: DiagnosticCode.cgroupThrottled,
      params: {
        path: throttling.path,
        hierarchy: throttling.hierarchy,
        periods: throttling.throttledPeriods,
        throttledNs: throttling.throttledNs,
      },
    });
  const limit = Math.max(INVOLUNTARY_SWITCHES_MIN, INVOLUNTARY_SWITCHES_MAX_FRACTION * (samples ?? Infinity));
  for (const [role, switches] of Object.entries(counters.involuntarySwitches ?? {}))
    if (switches > limit)
      reasons.push({
        code: DiagnosticCode.rolePreempted,
        params: { role, switches, limit: Math.floor(limit), samples: samples ?? 0 },
      });
  return { disturbed: reasons.length > 0, reasons };
}
