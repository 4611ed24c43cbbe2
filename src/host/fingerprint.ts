// What host a run measured: enough to tell whether two results files can be
// compared (kernel, CPU, topology, caches, clocks, virtualization).
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import type { NativeHostFacts } from '../native.js';
import type { Host } from '../results/schema.js';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Parses a kernel CPU list such as "0-3,8,10-11". */
export function parseCpuList(text: string): number[] {
  const cpus: number[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [lo, hi] = part.split('-').map((n) => Number.parseInt(n, 10));
    if (lo === undefined || Number.isNaN(lo)) continue;
    const end = hi === undefined || Number.isNaN(hi) ? lo : hi;
    for (let cpu = lo; cpu <= end; cpu++) cpus.push(cpu);
  }
  return cpus;
}

/** Parses cache sizes as sysfs writes them: "48K", "32768K", "1M". */
export function parseCacheSize(text: string): number {
  const match = /^(\d+)\s*([KMG]?)/i.exec(text.trim());
  if (!match) return 0;
  const scale = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[match[2]!.toUpperCase()] ?? 1;
  return Number(match[1]) * scale;
}

/** The CPUs this process may run on, from /proc/self/status (for code that does not load the addon). */
export function readAllowedCpus(procRoot = '/proc'): number[] | undefined {
  const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(readText(`${procRoot}/self/status`) ?? '')?.[1];
  return list ? parseCpuList(list) : undefined;
}

export function smtSiblingGroups(allowedCpus: number[], sysfsRoot = '/sys'): number[][] {
  const seen = new Set<number>();
  const groups: number[][] = [];
  for (const cpu of allowedCpus) {
    if (seen.has(cpu)) continue;
    const text = readText(`${sysfsRoot}/devices/system/cpu/cpu${cpu}/topology/thread_siblings_list`);
    const siblings = (text ? parseCpuList(text) : [cpu]).filter((c) => allowedCpus.includes(c));
    if (!siblings.includes(cpu)) siblings.unshift(cpu);
    siblings.forEach((c) => seen.add(c));
    groups.push(siblings);
  }
  return groups;
}

function cachesOf(cpu: number, sysfsRoot = '/sys'): Host['caches'] {
  const dir = `${sysfsRoot}/devices/system/cpu/cpu${cpu}/cache`;
  let entries: string[];
  try {
    entries = readdirSync(dir)
      .filter((e) => /^index\d+$/.test(e))
      .sort();
  } catch {
    return [];
  }
  return entries.map((entry) => ({
    level: Number(readText(`${dir}/${entry}/level`) ?? 0) || 1,
    type: readText(`${dir}/${entry}/type`) ?? 'Unknown',
    sizeBytes: parseCacheSize(readText(`${dir}/${entry}/size`) ?? '0'),
    sharedWithCpus: parseCpuList(readText(`${dir}/${entry}/shared_cpu_list`) ?? String(cpu)),
  }));
}

/** The largest data or unified cache: the last level a working set can live in. */
export function lastLevelCacheBytes(caches: Host['caches']): number {
  return Math.max(0, ...caches.filter((c) => c.type !== 'Instruction').map((c) => c.sizeBytes));
}

function cpuModel(): string {
  const cpuinfo = readText('/proc/cpuinfo') ?? '';
  const match = /^(?:model name|Processor|cpu model)\s*:\s*(.+)$/m.exec(cpuinfo);
  return match?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
}

export function hostFingerprint(facts: NativeHostFacts): Host {
  const firstCpu = facts.allowedCpus[0] ?? 0;
  return {
    hostname: os.hostname(),
    kernel: os.release(),
    kernelVersion: os.version(),
    arch: os.arch(),
    cpuModel: cpuModel(),
    onlineCpus: os.cpus().length,
    allowedCpus: facts.allowedCpus,
    smtSiblings: smtSiblingGroups(facts.allowedCpus),
    caches: cachesOf(firstCpu),
    clocksource: readText('/sys/devices/system/clocksource/clocksource0/current_clocksource') ?? 'unknown',
    virtualization: facts.hypervisorVendor || 'none',
    timerSlackNs: facts.timerSlackNs,
    clock: { source: 'CLOCK_MONOTONIC', ...facts.clock },
    node: process.versions.node,
    addon: { compiler: facts.compiler, flags: facts.buildFlags },
  };
}
