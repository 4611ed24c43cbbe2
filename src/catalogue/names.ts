// Every probe, metric and parameter name, spelled once: the native ones come
// from the C++ registry (registry.ts, generated), the rest are spelled here.
// Code elsewhere refers to them through these objects, never as string
// literals (a test scans src/ for stray spellings).
import { NativeMetric, NativeParam, NativeProbe } from './registry.js';

/** Every probe: the native registry's, and futex-matrix (futex-wake run on every ordered pair of CPUs). */
export const Probe = { ...NativeProbe, futexMatrix: 'futex-matrix' } as const;
export type ProbeName = (typeof Probe)[keyof typeof Probe];

export const Metric = NativeMetric;

/** The native registry's parameters, and the labels the run adds to a measurement. */
export const Param = {
  ...NativeParam,
  /** Label of a run measured with idle polling held (full suite: the idle-exit cost). */
  idlePoll: 'idlePoll',
  /** Labels of futex-matrix metrics: which CPU woke which. */
  fromCpu: 'fromCpu',
  toCpu: 'toCpu',
} as const;

/** Side measurements a metric's trials carry (auxNs) and events the emulations count (counters). */
export const Aux = {
  idleGapNs: 'idleGapNs',
  hop1Ns: 'hop1Ns',
  hop2Ns: 'hop2Ns',
  pickNs: 'pickNs',
} as const;

export const Counter = {
  futexWakes: 'futexWakes',
  migrated: 'migrated',
  stolen: 'stolen',
  iterations: 'iterations',
  wallNs: 'wallNs',
  retakes: 'retakes',
  /** wake/floating: where T ran after a wake. */
  ranOnPrevious: 'ranOnPrevious',
  ranOnWakerCpu: 'ranOnWakerCpu',
  /** preemption: 1 when the woken thread ran SCHED_FIFO (it asked, and was permitted). */
  wakeeRanFifo: 'wakeeRanFifo',
} as const;

/** Figures derived from measured metrics (results/derived.ts). */
export const DerivedName = {
  migrationPenalty: 'migrationPenalty',
  idleExitCost: 'idleExitCost',
  crossWakeLevel: 'crossWakeLevel',
} as const;

/** Why a sample was excluded (counted, never dropped silently). */
export const Exclusion = {
  offCpu: 'offCpu',
  notAsleep: 'notAsleep',
} as const;
