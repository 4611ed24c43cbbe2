// What a simulation sweeps and the defaults it takes: the strategies'
// parameters default to the catalogue's (the values the emulations ran with).
import { Param, paramValue, Probe } from '../catalogue/index.js';
import type { Pattern } from './wakeWorkload.js';

type WorkloadName = 'wakes' | 'syscalls';

export interface SimulateOptions {
  /** Simulated CPU counts. */
  cpus: number[];
  /** N/C: tasks per CPU. */
  tasksPerCpu: number[];
  /** P at every size; undefined: GOMAXPROCS = the CPU count. */
  procs?: number;
  computeNs: number;
  syscallNs: number;
  pattern: Pattern;
  messagesPerTask: number;
  workingSetBytes: number;
  workloads: WorkloadName[];
  /** Events per simulated configuration, warm-up included. */
  eventsPerRun: number;
  /** Events per validation configuration and trial round. */
  validationEvents: number;
  seed: number;
  /** The kernel's time slice for threads sharing a CPU: an assumption, not a measurement. */
  kernelSliceNs: number;
}

/** The kernel's default slice on hosts of 8 CPUs and more (EEVDF base slice 0.75 ms × 4). */
const DEFAULT_KERNEL_SLICE_NS = 3_000_000;

export function defaultOptions(seed: number): SimulateOptions {
  return {
    cpus: [2, 16, 64, 256],
    tasksPerCpu: [0.5, 1, 2, 4],
    computeNs: paramValue(Probe.syscallDedicated, {}, Param.computeNs),
    syscallNs: paramValue(Probe.syscallDedicated, {}, Param.syscallNs),
    pattern: 'pairs',
    messagesPerTask: 0.5,
    workingSetBytes: paramValue(Probe.wakeDedicated, {}, Param.workingSetBytes),
    workloads: ['wakes', 'syscalls'],
    eventsPerRun: 200_000,
    validationEvents: 30_000,
    seed,
    kernelSliceNs: DEFAULT_KERNEL_SLICE_NS,
  };
}

/** Parameters the emulations ran with, taken from the catalogue's defaults. */
export const emulationDefaults = () => ({
  idleSpinNs: paramValue(Probe.wakeUnlocked, {}, Param.idleSpinNs),
  idleSleepNs: paramValue(Probe.wakeUnlocked, {}, Param.idleSleepNs),
  wakerSliceNs: paramValue(Probe.wakeUnlocked, {}, Param.sliceNs),
  gapMinNs: paramValue(Probe.wakeDedicated, {}, Param.gapMinNs),
  gapMaxNs: paramValue(Probe.wakeDedicated, {}, Param.gapMaxNs),
  goSliceNs: paramValue(Probe.syscallLazy, {}, Param.sliceNs),
  sysmonTickNs: paramValue(Probe.syscallLazy, {}, Param.sysmonTickNs),
});
