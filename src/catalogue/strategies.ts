// The proposal's strategies, emulated on real threads: three wake paths and
// four syscall paths.
import { Metric, Param, Probe } from './names.js';
import { blockedWake, hostState, latency } from './metrics.js';
import { defaultSet } from './primitives.js';
import { fromRegistry, type NativeProbeName } from './fromRegistry.js';
import type { MetricSpec, ProbeParams, ProbeSpec, Suite } from './types.js';

const core = { kind: 'core' } as const;

const wakeToRunText = "waker's clock before its wake → T runs";
const retouch = latency(Metric.retouch, 'headline', 'T re-touches its working set once it runs', hostState);
/** Dedicated and locked: T's thread sleeps until a FUTEX_WAKE reaches it on its CPU. */
const wakeMetrics: MetricSpec[] = [latency(Metric.wakeToRun, 'headline', wakeToRunText, blockedWake), retouch];

const splitMetrics: MetricSpec[] = [
  latency(Metric.wakeToRunMigrated, 'split', 'wakeToRun of the wakeups in which T ran on the waker’s CPU'),
  latency(Metric.wakeToRunStolen, 'split', 'wakeToRun of the wakeups in which the idle worker stole T'),
  latency(Metric.retouchMigrated, 'split', 'retouch after T migrated'),
  latency(Metric.retouchAtHome, 'split', 'retouch when T ran on its home CPU'),
];

const wakePlan = (paramSets: () => ProbeParams[], perSampleUs = 400) => ({
  placements: ['cross' as const],
  samples: { quick: 300, full: 1000 },
  paramSets,
  estimateMs: (samples: number) => (samples * perSampleUs) / 1000,
});

const wakeDedicated: ProbeSpec = {
  ...fromRegistry(Probe.wakeDedicated),
  family: 'strategy',
  engine: core,
  metrics: wakeMetrics,
  plan: wakePlan(() => [defaultSet(wakeDedicated)]),
};

const wakeLocked: ProbeSpec = {
  ...fromRegistry(Probe.wakeLocked),
  family: 'strategy',
  engine: core,
  metrics: wakeMetrics,
  plan: wakePlan(() => [0, 1].map((onWaker) => ({ ...defaultSet(wakeLocked), [Param.schedulerOnWakerCpu]: onWaker }))),
};

const wakeUnlocked: ProbeSpec = {
  ...fromRegistry(Probe.wakeUnlocked),
  family: 'strategy',
  engine: core,
  // T may run on the waker's CPU or be stolen by a spinning worker: not one cross-CPU wake.
  metrics: [
    latency(Metric.wakeToRun, 'headline', wakeToRunText, hostState),
    retouch,
    ...splitMetrics,
    latency(Metric.idleSleep, 'detail', "how long an idle worker's short sleep really lasted"),
  ],
  plan: wakePlan(
    () => [0, 5000, 20000, 100000].map((sliceNs) => ({ ...defaultSet(wakeUnlocked), [Param.sliceNs]: sliceNs })),
    700,
  ),
};

/** Quick: N ∈ {1, 4}, P = 1, b = 50 µs; full: N ∈ {1, 2, 4, 8} × P ∈ {1, 2} × b ∈ {5, 50, 500} µs, and one futex-timeout set. */
function syscallSweep(suite: Suite): ProbeParams[] {
  const { [Param.computeNs]: computeNs, [Param.syscallKind]: syscallKind } = defaultSet(
    fromRegistry(Probe.syscallHold),
  );
  const base = {
    [Param.computeNs]: computeNs!,
    [Param.durationNs]: suite === 'quick' ? 50e6 : 20e6,
    [Param.syscallKind]: syscallKind!,
  };
  const set = (tasks: number, tokens: number, syscallNs: number) => ({
    ...base,
    [Param.tasks]: tasks,
    [Param.tokens]: tokens,
    [Param.syscallNs]: syscallNs,
  });
  if (suite === 'quick') return [1, 4].map((tasks) => set(tasks, 1, 50000));
  const sets: ProbeParams[] = [];
  for (const syscallNs of [5000, 50000, 500000])
    for (const tokens of [1, 2]) for (const tasks of [1, 2, 4, 8]) sets.push(set(tasks, tokens, syscallNs));
  sets.push({ ...set(4, 1, 50000), [Param.syscallKind]: 1 });
  return sets;
}

const iteration = latency(
  Metric.iteration,
  'headline',
  'one loop of compute c and a blocking syscall b, P waits included',
);
const syscallDuration = latency(Metric.syscallDuration, 'detail', 'the blocking syscall itself');
const syscallEntry = latency(
  Metric.syscallEntry,
  'detail',
  'what entering the syscall costs under the strategy (releasing the P)',
);
const pWait = latency(Metric.pWait, 'detail', 'waiting for a P after the syscall');
const retakeDelay = latency(Metric.retakeDelay, 'headline', 'syscall/lazy: syscall start → sysmon retook the P');

/** Each strategy emits what its P does: no P, no wait for one; only sysmon retakes. */
const SYSCALL_STRATEGIES: [NativeProbeName, MetricSpec[]][] = [
  [Probe.syscallHold, [iteration, syscallDuration, syscallEntry, pWait]],
  [Probe.syscallHandoff, [iteration, syscallDuration, syscallEntry, pWait]],
  [Probe.syscallLazy, [iteration, syscallDuration, syscallEntry, pWait, retakeDelay]],
  [Probe.syscallDedicated, [iteration, syscallDuration, syscallEntry]],
];

const syscallPaths: ProbeSpec[] = SYSCALL_STRATEGIES.map(([name, metrics]) => ({
  ...fromRegistry(name),
  family: 'strategy',
  engine: core,
  metrics,
  plan: {
    placements: ['cross'],
    samples: { quick: 2000, full: 5000 },
    // Per task: with N tasks sharing one P for 20 ms, a task may run only a few iterations.
    warmup: 2,
    paramSets: syscallSweep,
    estimateMs: (_samples, params) => {
      const duration = params[Param.durationNs];
      return (typeof duration === 'number' ? duration : 1e8) / 1e6 + 60;
    },
  },
}));

export const strategyProbes: ProbeSpec[] = [wakeDedicated, wakeLocked, wakeUnlocked, ...syscallPaths];
