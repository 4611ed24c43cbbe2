// schedcost doctor: what on this host makes latency figures less reliable,
// each finding with a severity and advice. Reads /sys and /proc under
// configurable roots, so tests can point it at a fake host.
import { readFileSync } from 'node:fs';
import { parseCpuList } from '../host/fingerprint.js';
import { parseProcStat } from '../host/interference.js';
import type { Finding, Host } from '../results/schema.js';
import { measuredCpus, type PlacementOptions } from '../plan/placement.js';
import { readIdleConfig, type IdleConfig, type IdleStateInfo } from '../host/cpuidle.js';
import { formatNs } from '../format/units.js';
import { hypervisorName } from '../format/hypervisor.js';

export interface DoctorInput {
  allowedCpus: number[];
  /** CPUs a run would place threads on (default: the first two allowed). */
  plannedCpus?: number[];
  smtSiblings: number[][];
  virtualization: string;
  timerSlackNs: number;
  sysRoot?: string;
  procRoot?: string;
  /** How long to watch /proc/stat for other load. */
  loadSampleMs?: number;
  /** Waits between the two /proc/stat reads (default: loadSampleMs); tests change the load here. */
  loadWindow?: () => Promise<void>;
  /** How the planned CPUs idle (host.idle). */
  idle?: IdleConfig;
}

const CAP_SYS_NICE = 23n;

/** The doctor's view of a host and the CPUs a run would use there. */
export function doctorInputFor(host: Host, placements: PlacementOptions): DoctorInput {
  return {
    allowedCpus: host.allowedCpus,
    plannedCpus: measuredCpus(placements),
    smtSiblings: host.smtSiblings,
    virtualization: host.virtualization,
    timerSlackNs: host.timerSlackNs,
    idle: host.idle ?? readIdleConfig(measuredCpus(placements)),
  };
}

function reader(root: string) {
  return (path: string): string | undefined => {
    try {
      return readFileSync(`${root}/${path}`, 'utf8').trim();
    } catch {
      return undefined;
    }
  };
}

function finding(id: string, severity: Finding['severity'], title: string, detail: string, advice = ''): Finding {
  return { id, severity, title, detail, advice };
}

/** Time not idle and all time per CPU from /proc/stat (ns). */
function cpuTimes(stat: string | undefined): Map<number, [number, number]> {
  return new Map(
    Object.entries(parseProcStat(stat ?? '')).map(([cpu, t]) => {
      const total = t.busyNs + t.irqNs + t.stealNs + t.idleNs;
      return [Number(cpu), [total - t.idleNs, total]];
    }),
  );
}

interface CheckContext {
  input: DoctorInput;
  sys: (path: string) => string | undefined;
  proc: (path: string) => string | undefined;
  planned: number[];
}

/** The doctor's checks, in the order they print: each reads the host and returns one finding. */
const CHECKS: Record<string, (ctx: CheckContext) => Finding | Promise<Finding>> = {
  oneCpu: ({ input }) => {
    return input.allowedCpus.length < 2
      ? finding(
          'cpus',
          'warning',
          'One CPU',
          `only CPU ${input.allowedCpus.join(',')} is allowed`,
          'cross-CPU probes and strategies are skipped; run without taskset/cpuset limits to measure them',
        )
      : finding('cpus', 'ok', 'CPUs', `${input.allowedCpus.length} allowed: ${input.allowedCpus.join(',')}`);
  },
  smtPair: ({ input, planned }) => {
    const pair =
      planned.length > 1
        ? input.smtSiblings.find((g) => g.includes(planned[0]!) && g.includes(planned[1]!))
        : undefined;
    return pair
      ? finding(
          'smt',
          'warning',
          'SMT siblings',
          `CPUs ${planned[0]} and ${planned[1]} share a core`,
          'cross-CPU figures then share caches; pick CPUs on different cores with --cpus',
        )
      : finding('smt', 'ok', 'SMT', 'the planned CPUs are on different cores');
  },
  governor: ({ sys, planned }) => {
    const governors = planned.map((cpu) => sys(`devices/system/cpu/cpu${cpu}/cpufreq/scaling_governor`));
    if (governors.every((g) => g === undefined))
      return finding(
        'governor',
        'info',
        'No cpufreq',
        'no frequency scaling interface (a VM, or a fixed clock)',
        'on bare metal, check the BIOS power settings',
      );
    else if (governors.some((g) => g !== 'performance'))
      return finding(
        'governor',
        'warning',
        'Frequency governor',
        `governors: ${governors.map((g) => g ?? 'none').join(', ')}`,
        'set the performance governor (cpupower frequency-set -g performance) so the clock does not ramp during a probe',
      );
    else return finding('governor', 'ok', 'Frequency governor', 'performance');
  },
  turbo: ({ sys }) => {
    const noTurbo = sys('devices/system/cpu/intel_pstate/no_turbo');
    const boost = sys('devices/system/cpu/cpufreq/boost');
    if (noTurbo === '0' || boost === '1')
      return finding(
        'turbo',
        'warning',
        'Turbo boost on',
        'the clock varies with load and temperature',
        'disable turbo (intel_pstate/no_turbo = 1 or cpufreq/boost = 0) for steadier figures',
      );
    else if (noTurbo === undefined && boost === undefined)
      return finding('turbo', 'info', 'Turbo', 'no turbo control found');
    else return finding('turbo', 'ok', 'Turbo', 'off');
  },
  isolation: ({ sys, planned }) => {
    const isolated = parseCpuList(sys('devices/system/cpu/isolated') ?? '');
    const nohz = parseCpuList(sys('devices/system/cpu/nohz_full') ?? '');
    const notIsolated = planned.filter((c) => !isolated.includes(c));
    return notIsolated.length
      ? finding(
          'isolation',
          'info',
          'CPUs not isolated',
          `CPU ${notIsolated.join(',')} ${notIsolated.length > 1 ? 'are' : 'is'} not in isolcpus${nohz.length ? '' : ', and no CPU is nohz_full'}`,
          'other tasks and timer ticks can run there; isolcpus= and nohz_full= on the kernel command line give quieter CPUs',
        )
      : finding(
          'isolation',
          'ok',
          'Isolated CPUs',
          `planned CPUs are isolated${nohz.length ? ', some nohz_full' : ''}`,
        );
  },
  virtualization: ({ input }) => {
    return input.virtualization !== 'none'
      ? finding(
          'virtualization',
          'warning',
          'Virtual machine',
          `hypervisor: ${hypervisorName(input.virtualization)}`,
          "wakes include the hypervisor's work (IPI exits, halt polling): figures describe this VM, not the hardware",
        )
      : finding('virtualization', 'ok', 'Bare metal', 'no hypervisor detected');
  },
  idle: ({ input }) => idleFinding(input.idle, input.virtualization),
  clocksource: ({ sys, proc }) => {
    const clocksource = sys('devices/system/clocksource/clocksource0/current_clocksource') ?? 'unknown';
    const flags = /^flags\s*:\s*(.*)$/m.exec(proc('cpuinfo') ?? '')?.[1]?.split(/\s+/) ?? [];
    const invariant = flags.includes('constant_tsc') && flags.includes('nonstop_tsc');
    if (clocksource !== 'tsc')
      return finding(
        'clocksource',
        'warning',
        'Clocksource',
        `${clocksource}, not tsc`,
        'clock reads may cost more and vary; the document records their measured cost',
      );
    else if (flags.length && !invariant)
      return finding(
        'clocksource',
        'warning',
        'TSC not invariant',
        'constant_tsc/nonstop_tsc missing',
        'timestamps may drift across idle states',
      );
    else return finding('clocksource', 'ok', 'Clocksource', `tsc${invariant ? ', invariant' : ''}`);
  },
  timerSlack: ({ input }) => {
    return input.timerSlackNs >= 50000
      ? finding(
          'timer-slack',
          'info',
          'Timer slack',
          `${formatNs(input.timerSlackNs)}: short sleeps are stretched by up to that much`,
          'the sleep probe measures it with and without slack; runtimes that sleep (Go sysmon) inherit it',
        )
      : finding('timer-slack', 'ok', 'Timer slack', formatNs(input.timerSlackNs));
  },
  schedFifo: ({ proc }) => {
    const capEff = /^CapEff:\s*([0-9a-f]+)/m.exec(proc('self/status') ?? '')?.[1];
    const sysNice = capEff !== undefined && (BigInt(`0x${capEff}`) >> CAP_SYS_NICE) & 1n;
    const rtprio = /^Max realtime priority\s+(\S+)/m.exec(proc('self/limits') ?? '')?.[1];
    const rtAllowed = Boolean(sysNice) || (rtprio !== undefined && rtprio !== '0');
    return rtAllowed
      ? finding('sched-fifo', 'ok', 'SCHED_FIFO permitted', 'run --rt can use real-time priority')
      : finding(
          'sched-fifo',
          'info',
          'SCHED_FIFO not permitted',
          'no CAP_SYS_NICE and RLIMIT_RTPRIO is 0',
          'run --rt would fall back to the default policy (with a warning); grant CAP_SYS_NICE or raise RLIMIT_RTPRIO',
        );
  },
  load: async ({ input, proc, planned }) => {
    const before = cpuTimes(proc('stat'));
    await (input.loadWindow?.() ?? new Promise((resolve) => setTimeout(resolve, input.loadSampleMs ?? 200)));
    const after = cpuTimes(proc('stat'));
    const busy = planned
      .map((cpu) => {
        const a = before.get(cpu),
          b = after.get(cpu);
        return a && b && b[1] > a[1] ? { cpu, fraction: (b[0] - a[0]) / (b[1] - a[1]) } : undefined;
      })
      .filter((x): x is { cpu: number; fraction: number } => x !== undefined);
    const loaded = busy.filter((b) => b.fraction > 0.1);
    return loaded.length
      ? finding(
          'load',
          'warning',
          'CPUs busy',
          loaded.map((b) => `CPU ${b.cpu} ${(100 * b.fraction).toFixed(0)}% busy`).join(', '),
          'another process competes for the planned CPUs: figures will include its interference',
        )
      : finding(
          'load',
          'ok',
          'Load',
          busy.length
            ? busy.map((b) => `CPU ${b.cpu} ${(100 * b.fraction).toFixed(0)}% busy`).join(', ')
            : 'not measurable',
        );
  },
  perfParanoid: ({ proc }) => {
    const paranoid = proc('sys/kernel/perf_event_paranoid');
    return paranoid !== undefined && Number(paranoid) > 2
      ? finding(
          'perf',
          'info',
          'perf_event_paranoid',
          `${paranoid}: unprivileged perf counters are off`,
          'not needed by schedcost; perf stat needs a lower value',
        )
      : finding('perf', 'ok', 'perf_event_paranoid', paranoid ?? 'unknown');
  },
};

/** What leaving idle costs a cross-CPU wake here, and what can be done about it. */
function idleFinding(idle: IdleConfig | undefined, virtualization: string): Finding {
  const lowLatency =
    'for low-latency work keep the CPUs out of deep idle: on bare metal processor.max_cstate=1 (or intel_idle.max_cstate=0) or a tuned latency-performance profile, on a VM idle=poll or the haltpoll driver with guest polling on';
  if (!idle)
    return finding(
      'idle',
      'info',
      'Idle states',
      'not recorded',
      'they come from /sys/devices/system/cpu/cpu*/cpuidle of the measured CPUs',
    );
  const states = Object.values(idle.states)[0] ?? [];
  if (idle.driver === 'none' || states.length === 0)
    return finding(
      'idle',
      virtualization !== 'none' ? 'warning' : 'info',
      'Idle states',
      `no cpuidle driver: idle CPUs halt${virtualization !== 'none' ? ', i.e. exit to the hypervisor' : ''}, and a cross-CPU wake of an idle CPU includes waking it`,
      `the kernel's default idle ignores PM QoS, so run --idle poll (/dev/cpu_dma_latency = 0) changes nothing here; ${lowLatency}`,
    );
  const enabled = states.filter((st) => !st.disabled);
  const deepest = enabled.reduce<IdleStateInfo | undefined>(
    (a, b) => (a === undefined || b.exitLatencyNs > a.exitLatencyNs ? b : a),
    undefined,
  );
  const polling =
    idle.driver === 'haltpoll' && idle.guestHaltPollNs !== undefined
      ? `, guest polling ${idle.guestHaltPollNs > 0 ? `up to ${formatNs(idle.guestHaltPollNs)}` : 'off'}`
      : '';
  const deep = deepest !== undefined && deepest.exitLatencyNs > 0;
  return finding(
    'idle',
    deep ? 'warning' : 'ok',
    'Idle states',
    `${idle.driver} (${idle.governor}): ${enabled.map((st) => `${st.name} ${formatNs(st.exitLatencyNs)}`).join(', ')}${polling}`,
    deep
      ? `a cross-CPU wake of an idle CPU pays up to ${formatNs(deepest.exitLatencyNs)} to leave ${deepest.name}; run --idle poll measures without it (the full suite reports the difference as idleExitCost); ${lowLatency}`
      : '',
  );
}

export async function runDoctor(input: DoctorInput): Promise<Finding[]> {
  const ctx: CheckContext = {
    input,
    sys: reader(input.sysRoot ?? '/sys'),
    proc: reader(input.procRoot ?? '/proc'),
    planned: input.plannedCpus ?? input.allowedCpus.slice(0, 2),
  };
  const findings: Finding[] = [];
  for (const check of Object.values(CHECKS)) findings.push(await check(ctx));
  return findings;
}
