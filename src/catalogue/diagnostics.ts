// What a run says about its own figures, by code: the document stores a code
// and its parameters (results/diagnostics.ts), the report writes the words
// (report/diagnosticText.ts). The native core emits two of them
// (realtime-refused, preemption-wakee-not-fifo) under the same spelling.
export const DiagnosticCode = {
  /** A metric's trial p50s cluster at two values. */
  metricBimodal: 'metric-bimodal',
  /** A metric's trial p50s vary by more than the stability bound. */
  metricUnstable: 'metric-unstable',
  /** Some trials of a run were disturbed by other work on their CPUs. */
  trialsDisturbed: 'trials-disturbed',
  /** The rounds' cross-CPU wake calibration fell into two regimes. */
  wakeRegimeSwitched: 'wake-regime-switched',
  /** The model could not be built from the document. */
  modelFailed: 'model-failed',
  /** The cross-CPU pair shares one core (SMT siblings). */
  smtSiblings: 'smt-siblings',
  /** Too many CPUs for every ordered pair: a seeded sample of them was measured. */
  cpuPairsSampled: 'cpu-pairs-sampled',
  /** SCHED_FIFO (--rt) was refused for a role, which ran with the default policy. */
  realtimeRefused: 'realtime-refused',
  /** The preemption probe's wakee could not run SCHED_FIFO. */
  preemptionWakeeNotFifo: 'preemption-wakee-not-fifo',
  /** Prose kept from a document written before warnings were data. */
  text: 'text',
} as const;
