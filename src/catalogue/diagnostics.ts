// What a run says about its own figures, why a probe failed or was skipped,
// why a trial counts as disturbed, why Go was not measured or a counterpart
// is missing, why a compared row was not judged — by code: documents and
// comparisons store a code and its parameters (results/diagnostics.ts,
// go/goResultsSchema.ts, compare/rowNote.ts), the report writes the words
// (report/diagnosticText.ts, report/rowNoteText.ts). The native core emits
// two of them (realtime-refused, preemption-wakee-not-fifo) under the same
// spelling.
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
  /** Why a probe failed: the native core refused or a role failed (its message). */
  probeFailed: 'probe-failed',
  /** Why a probe failed: the watchdog's deadline passed with roles still running. */
  probeTimedOut: 'probe-timed-out',
  /** Why a probe failed: the addon refused the request (e.g. a CPU no longer allowed) or broke. */
  probeError: 'probe-error',
  /** Why a probe failed: the worker process measuring it died. */
  workerDied: 'worker-died',
  /** Why a probe failed: the worker process died before measuring anything. */
  workerNotRun: 'worker-not-run',
  /** Why a cross-CPU probe was skipped: the run has one CPU. */
  onlyOneCpu: 'only-one-cpu',
  /** Why an idle-polling run was skipped: polling could not be held. */
  idlePollingRefused: 'idle-polling-refused',
  /** A disturbed trial: the hypervisor stole time from a measured CPU. */
  hypervisorSteal: 'hypervisor-steal',
  /** A disturbed trial: other tasks ran on the measured CPUs. */
  otherTasksRan: 'other-tasks-ran',
  /** A disturbed trial: the cgroup's CPU quota throttled the run. */
  cgroupThrottled: 'cgroup-throttled',
  /** A disturbed trial: a measuring thread that had its CPU to itself was preempted. */
  rolePreempted: 'role-preempted',
  /** A compared row: no trials with data on a side ('base', 'next' or 'both'). */
  noData: 'no-data',
  /** A compared row: its trials keep too few samples for the statistic. */
  tooFewSamples: 'too-few-samples',
  /** A compared row: too few trials with data on a side. */
  tooFewTrials: 'too-few-trials',
  /** A compared row: the wake levels measured with the trials cannot be told from a change. */
  levelsConfounded: 'levels-confounded',
  /** A compared row: the runs share no cross-CPU wake regime. */
  noSharedRegime: 'no-shared-regime',
  /** A compared row: it moves with host state and the baseline has too few runs to gate it. */
  ungatedHostState: 'ungated-host-state',
  /** A compared row: most new trials moved, the mean's interval is wider (a new regime in part of them). */
  newRegimeInPart: 'new-regime-in-part',
  /** A compared row: beyond the threshold, but its p-value does not survive the correction. */
  correctionNotSurvived: 'correction-not-survived',
  /** Go not measured: no go command (on PATH, or the one SCHEDCOST_GO names). */
  goNotFound: 'go-not-found',
  /** Go not measured: `go env GOVERSION` failed. */
  goVersionFailed: 'go-version-failed',
  /** Go not measured: the Go program did not build. */
  goBuildFailed: 'go-build-failed',
  /** Go gave no results: the run was interrupted. */
  goInterrupted: 'go-interrupted',
  /** Go gave no results: the program did not finish in time and was killed. */
  goTimedOut: 'go-timed-out',
  /** Go gave no results: the program failed. */
  goProgramFailed: 'go-program-failed',
  /** Go gave no results: its output could not be read. */
  goOutputInvalid: 'go-output-invalid',
  /** A Go configuration left out: it needs a second CPU (for a locked receiver's thread, or a second P). */
  goNeedsTwoCpus: 'go-needs-two-cpus',
  /** No emulated counterpart: no results of the emulation were given. */
  emulationNotGiven: 'emulation-not-given',
  /** No emulated counterpart: the run did not include the probe. */
  emulationNotRun: 'emulation-not-run',
  /** No emulated counterpart: the probe failed or was skipped (with its reason). */
  emulationProbeMissing: 'emulation-probe-missing',
  /** No emulated counterpart: the probe ran, but no metric with the counterpart's parameters. */
  emulationMetricMissing: 'emulation-metric-missing',
  /** No emulated counterpart: the metric kept no samples. */
  emulationNoSamples: 'emulation-no-samples',
  /** Prose kept from a document written before warnings and reasons were data. */
  text: 'text',
} as const;
