// Every probe, metric and parameter name, spelled once. Code elsewhere
// refers to them through these objects, never as string literals (a test
// scans src/ for stray spellings).

export const Probe = {
  syscall: 'syscall',
  futexPingpong: 'futex-pingpong',
  futexWake: 'futex-wake',
  tgkill: 'tgkill',
  eventfdEpoll: 'eventfd-epoll',
  pipe: 'pipe',
  futexMatrix: 'futex-matrix',
  uvThreadpool: 'uv-threadpool',
  sleep: 'sleep',
  migration: 'migration',
  wakeDedicated: 'wake/dedicated',
  wakeLocked: 'wake/locked',
  wakeUnlocked: 'wake/unlocked',
  syscallHold: 'syscall/hold',
  syscallHandoff: 'syscall/handoff',
  syscallLazy: 'syscall/lazy',
  syscallDedicated: 'syscall/dedicated',
  /** wake/dedicated and wake/locked alternated sample by sample on the same threads (claim 1). */
  wakeInterleaved: 'wake/interleaved',
  /** A dedicated T that is not pinned: where does the kernel run it when woken (claim 2)? */
  wakeFloating: 'wake/floating',
  /** A signal vs wakeup preemption, same sender, same spinning target, alternated (claim 8). */
  preemption: 'preemption',
} as const;
export type ProbeName = (typeof Probe)[keyof typeof Probe];

export const Metric = {
  getppid: 'getppid',
  futexWakeNoWaiter: 'futexWakeNoWaiter',
  handoff: 'handoff',
  wakeLatency: 'wakeLatency',
  wakerCost: 'wakerCost',
  deliveryToBlocked: 'deliveryToBlocked',
  deliveryToSpinning: 'deliveryToSpinning',
  senderCost: 'senderCost',
  roundTrip: 'roundTrip',
  threadpoolQueueToStart: 'threadpoolQueueToStart',
  threadpoolCompletionToCallback: 'threadpoolCompletionToCallback',
  dedicatedWakeToStart: 'dedicatedWakeToStart',
  dedicatedCompletionToCallback: 'dedicatedCompletionToCallback',
  actualSleep: 'actualSleep',
  moveCost: 'moveCost',
  retouchSameCpu: 'retouchSameCpu',
  retouchAfterMove: 'retouchAfterMove',
  wakeToRun: 'wakeToRun',
  retouch: 'retouch',
  wakeToRunMigrated: 'wakeToRunMigrated',
  wakeToRunStolen: 'wakeToRunStolen',
  retouchMigrated: 'retouchMigrated',
  retouchAtHome: 'retouchAtHome',
  idleSleep: 'idleSleep',
  iteration: 'iteration',
  syscallDuration: 'syscallDuration',
  syscallEntry: 'syscallEntry',
  pWait: 'pWait',
  retakeDelay: 'retakeDelay',
  dedicatedWakeToRun: 'dedicatedWakeToRun',
  lockedWakeToRun: 'lockedWakeToRun',
  wakeupPreemption: 'wakeupPreemption',
} as const;

export const Param = {
  batch: 'batch',
  gapMinNs: 'gapMinNs',
  gapMaxNs: 'gapMaxNs',
  requestedNs: 'requestedNs',
  timerSlackNs: 'timerSlackNs',
  workingSetBytes: 'workingSetBytes',
  passBudgetBytes: 'passBudgetBytes',
  schedulerOnWakerCpu: 'schedulerOnWakerCpu',
  sliceNs: 'sliceNs',
  idleSpinNs: 'idleSpinNs',
  idleSleepNs: 'idleSleepNs',
  tasks: 'tasks',
  tokens: 'tokens',
  computeNs: 'computeNs',
  syscallNs: 'syscallNs',
  syscallKind: 'syscallKind',
  durationNs: 'durationNs',
  sysmonTickNs: 'sysmonTickNs',
  /** wake/floating: 1 keeps the waker's CPU busy after the wake, 0 lets it idle. */
  wakerKeepsRunning: 'wakerKeepsRunning',
  /** preemption: 1 asks SCHED_FIFO for the woken thread, so the kernel preempts the spinner at once. */
  wakeeFifo: 'wakeeFifo',
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
