// CPU idle states: how the kernel idles the measured CPUs (driver, governor,
// each state's exit latency) and how often each state was entered. A
// cross-CPU wake of an idle CPU pays that CPU's exit from idle; on VMs and
// deep C-states that is most of the wake.
import { readdirSync, readFileSync } from 'node:fs';

export interface IdleStateInfo {
  name: string;
  /** The kernel's stated worst-case exit latency. */
  exitLatencyNs: number;
  disabled: boolean;
}

export interface IdleConfig {
  /** cpuidle driver, e.g. intel_idle, acpi_idle, haltpoll; 'none' when the kernel idles with HLT/default. */
  driver: string;
  governor: string;
  /** The haltpoll driver's guest polling window, when that module is loaded. */
  guestHaltPollNs?: number;
  /** States per measured CPU, by CPU number. */
  states: Record<string, IdleStateInfo[]>;
}

/** Entries into each idle state on each CPU: cpu → state name → count. */
export type IdleUsage = Record<string, Record<string, number>>;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function stateDirs(sysRoot: string, cpu: number): string[] {
  const dir = `${sysRoot}/devices/system/cpu/cpu${cpu}/cpuidle`;
  try {
    return readdirSync(dir)
      .filter((d) => /^state\d+$/.test(d))
      .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
      .map((d) => `${dir}/${d}`);
  } catch {
    return [];
  }
}

export function readIdleConfig(cpus: number[], sysRoot = '/sys'): IdleConfig {
  const base = `${sysRoot}/devices/system/cpu/cpuidle`;
  const pollNs = read(`${sysRoot}/module/haltpoll/parameters/guest_halt_poll_ns`);
  const states: Record<string, IdleStateInfo[]> = {};
  for (const cpu of cpus)
    states[String(cpu)] = stateDirs(sysRoot, cpu).map((dir) => ({
      name: read(`${dir}/name`) ?? dir,
      exitLatencyNs: 1000 * Number(read(`${dir}/latency`) ?? 0),
      disabled: read(`${dir}/disable`) === '1',
    }));
  return {
    driver: read(`${base}/current_driver`) ?? 'unknown',
    governor: read(`${base}/current_governor`) ?? read(`${base}/current_governor_ro`) ?? 'unknown',
    ...(pollNs !== undefined && Number.isFinite(Number(pollNs)) ? { guestHaltPollNs: Number(pollNs) } : {}),
    states,
  };
}

export function readIdleUsage(cpus: number[], sysRoot = '/sys'): IdleUsage {
  const usage: IdleUsage = {};
  for (const cpu of cpus) {
    const perState: Record<string, number> = {};
    for (const dir of stateDirs(sysRoot, cpu)) perState[read(`${dir}/name`) ?? dir] = Number(read(`${dir}/usage`) ?? 0);
    usage[String(cpu)] = perState;
  }
  return usage;
}

/** after − before, per CPU and state; states with no entries are left out. */
export function idleUsageDelta(before: IdleUsage, after: IdleUsage): IdleUsage {
  const delta: IdleUsage = {};
  for (const [cpu, states] of Object.entries(after)) {
    const entries = Object.entries(states)
      .map(([state, count]) => [state, count - (before[cpu]?.[state] ?? 0)] as const)
      .filter(([, n]) => n > 0);
    if (entries.length) delta[cpu] = Object.fromEntries(entries);
  }
  return delta;
}
