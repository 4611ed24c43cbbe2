// The primitive probes: one kernel mechanism each, timed on pinned threads.
import { Metric, Param, Probe } from './names.js';
import { blockedWake, hostState, latency } from './metrics.js';
import { batchParam, defaultOf, gapParams, KiB, MiB, migrationParams, sleepParams } from './params.js';
import type { ProbeParams, ProbeSpec } from './types.js';

const core = { kind: 'core' } as const;

/** Midpoint of a parameter set's gap range in µs, for time estimates. */
function meanGapUs(params: ProbeParams, fallbackUs: number): number {
  const lo = params[Param.gapMinNs],
    hi = params[Param.gapMaxNs];
  return typeof lo === 'number' && typeof hi === 'number' ? (lo + hi) / 2000 : fallbackUs;
}

/** The parameter set of a probe's scalar defaults. */
export function defaultSet(spec: { params: ProbeSpec['params'] }): ProbeParams {
  return Object.fromEntries(spec.params.map((p) => [p.name, p.maxValues > 1 ? p.defaults : p.defaults[0]!]));
}

/** Working-set sizes from 16 KiB up to `factor` times the last-level cache, by `step`. */
function workingSetSweep(lastLevelCacheBytes: number, factor: number, step: number): number[] {
  const top = Math.max(4 * MiB, factor * (lastLevelCacheBytes || 8 * MiB));
  const sizes: number[] = [];
  for (let size = 16 * KiB; size < top; size *= step) sizes.push(size);
  sizes.push(top);
  return sizes;
}

const wakeGaps = gapParams('a wake');
const gapEstimate = (extraUs: number) => (samples: number, params: ProbeParams) =>
  (samples * (meanGapUs(params, 50) + extraUs)) / 1000;

const syscall: ProbeSpec = {
  name: Probe.syscall,
  description:
    'Cost of a trivial system call (getppid) and of FUTEX_WAKE with no waiter, per call; each sample is the mean of a batch of calls.',
  family: 'primitive',
  engine: core,
  params: [batchParam],
  metrics: [
    latency(Metric.getppid, 'headline', 'mean cost of one getppid'),
    latency(Metric.futexWakeNoWaiter, 'headline', 'mean cost of one FUTEX_WAKE that wakes nobody'),
  ],
  plan: {
    placements: ['single'],
    samples: { quick: 2000, full: 5000 },
    paramSets: () => [defaultSet(syscall)],
    estimateMs: (samples) => (samples * defaultOf([batchParam], Param.batch) * 2 * 2) / 1000,
  },
};

const futexPingpong: ProbeSpec = {
  name: Probe.futexPingpong,
  description:
    'Two pinned threads hand a token back and forth with FUTEX_WAIT/FUTEX_WAKE; a sample is one round trip / 2 (one blocking handoff).',
  family: 'primitive',
  engine: core,
  params: [],
  // Across CPUs a trial settles in one of two states for its whole length (0.7 or 10 µs here): host state.
  metrics: [latency(Metric.handoff, 'headline', 'one blocking handoff: round trip / 2', hostState)],
  plan: {
    idleVariant: true,
    placements: ['same', 'cross'],
    samples: { quick: 2000, full: 5000 },
    paramSets: () => [{}],
    estimateMs: (samples) => (samples * 40) / 1000,
  },
};

const futexWake: ProbeSpec = {
  name: Probe.futexWake,
  description:
    "One-way wake-to-run latency: waker's clock just before FUTEX_WAKE to the sleeper's clock on return from FUTEX_WAIT, after a random idle gap; and the waker's cost of that FUTEX_WAKE.",
  family: 'primitive',
  engine: core,
  params: wakeGaps,
  metrics: [
    latency(Metric.wakeLatency, 'headline', "waker's clock before FUTEX_WAKE → sleeper's clock on return", blockedWake),
    latency(Metric.wakerCost, 'headline', 'how long FUTEX_WAKE takes to return when it wakes a sleeper', hostState),
  ],
  plan: {
    idleVariant: true,
    placements: ['same', 'cross'],
    samples: { quick: 1000, full: 3000 },
    paramSets: (suite) =>
      suite === 'quick'
        ? [defaultSet(futexWake)]
        : [10e3, 50e3, 200e3, 1e6, 3e6].map((gap) => ({ [Param.gapMinNs]: gap * 0.8, [Param.gapMaxNs]: gap * 1.2 })),
    // The gap sweep spends about the same time (~0.15 s) on each gap.
    samplesFor: (_suite, params, samples) =>
      Math.max(50, Math.min(samples, Math.round(150e6 / (meanGapUs(params, 50) * 1000 + 40e3)))),
    estimateMs: gapEstimate(100),
  },
};

const tgkill: ProbeSpec = {
  name: Probe.tgkill,
  description:
    "Signal delivery latency: sender's clock before tgkill to the handler's entry, for a target blocked in FUTEX_WAIT and for one spinning in user space on another CPU; plus the sender's cost of tgkill itself.",
  family: 'primitive',
  engine: core,
  params: gapParams('a signal', 20000, 60000),
  metrics: [
    latency(Metric.deliveryToBlocked, 'headline', 'tgkill → handler entry, target blocked in FUTEX_WAIT', blockedWake),
    latency(Metric.deliveryToSpinning, 'headline', 'tgkill → handler entry, target spinning on another CPU'),
    latency(Metric.senderCost, 'headline', "the sender's cost of tgkill"),
  ],
  plan: {
    placements: ['cross'],
    samples: { quick: 1000, full: 2000 },
    paramSets: () => [defaultSet(tgkill)],
    estimateMs: (samples, params) => (2 * samples * (meanGapUs(params, 40) + 100)) / 1000,
  },
};

const eventfdEpoll: ProbeSpec = {
  name: Probe.eventfdEpoll,
  description:
    "Event-loop wake latency: writer's clock before write(eventfd) to the reader's clock on return from epoll_wait, after a random idle gap.",
  family: 'primitive',
  engine: core,
  params: gapParams('a write'),
  metrics: [latency(Metric.wakeLatency, 'headline', 'write(eventfd) → return from epoll_wait', blockedWake)],
  plan: {
    idleVariant: true,
    placements: ['same', 'cross'],
    samples: { quick: 1000, full: 2000 },
    paramSets: () => [defaultSet(eventfdEpoll)],
    estimateMs: gapEstimate(100),
  },
};

const pipe: ProbeSpec = {
  name: Probe.pipe,
  description:
    'Pipe handoffs: roundTrip is one round trip of an int over two pipes between two threads (what `perf bench sched pipe -T` reports per op); wakeLatency is one-way write() to the return of a blocked read() after an idle gap.',
  family: 'primitive',
  engine: core,
  params: gapParams('a one-way write'),
  metrics: [
    latency(Metric.roundTrip, 'headline', 'an int over two pipes and back', blockedWake),
    latency(Metric.wakeLatency, 'headline', 'write → return of a blocked read', blockedWake),
  ],
  plan: {
    idleVariant: true,
    placements: ['same', 'cross'],
    samples: { quick: 1000, full: 3000 },
    paramSets: () => [defaultSet(pipe)],
    estimateMs: gapEstimate(150),
  },
};

const futexMatrix: ProbeSpec = {
  name: Probe.futexMatrix,
  description:
    'futex-wake for every ordered pair of CPUs: the core-to-core wake-latency map (on hosts with more than 8 CPUs, 56 pairs drawn with the run seed).',
  family: 'primitive',
  engine: { kind: 'alias', of: Probe.futexWake },
  params: wakeGaps,
  metrics: [
    latency(Metric.wakeLatency, 'detail', 'futex-wake latency from one CPU to another', blockedWake),
    latency(Metric.wakerCost, 'detail', "the waker's FUTEX_WAKE cost for that pair", hostState),
  ],
  plan: {
    placements: ['pairs'],
    samples: { quick: 200, full: 500 },
    paramSets: () => [defaultSet(futexMatrix)],
    estimateMs: gapEstimate(100),
  },
};

const uvThreadpool: ProbeSpec = {
  name: Probe.uvThreadpool,
  description:
    "Node's own spawn_blocking: an AsyncWorker's queue → start on a libuv pool thread and completion → JavaScript callback, against a dedicated native thread woken by FUTEX_WAKE that reports through a thread-safe function (threads unpinned, as Node's are).",
  family: 'primitive',
  // Runs in the addon, not the core: it measures Node's own thread pool.
  engine: { kind: 'addon' },
  params: [],
  metrics: [
    latency(
      Metric.threadpoolQueueToStart,
      'headline',
      'AsyncWorker queued → Execute starts on a pool thread',
      hostState,
    ),
    latency(Metric.threadpoolCompletionToCallback, 'detail', 'Execute returns → OnOK runs in JavaScript'),
    latency(Metric.dedicatedWakeToStart, 'headline', 'FUTEX_WAKE → a dedicated thread runs', hostState),
    latency(Metric.dedicatedCompletionToCallback, 'detail', 'the dedicated thread reports → the JavaScript callback'),
  ],
  plan: {
    placements: ['unpinned'],
    samples: { quick: 500, full: 2000 },
    paramSets: () => [{}],
    estimateMs: (samples) => (samples * 200) / 1000,
  },
};

const sleep: ProbeSpec = {
  name: Probe.sleep,
  description:
    "Actual duration of nanosleep for each requested length, with each timer slack (50 µs is the kernel default, 1 ns the minimum). 20 µs is the Go runtime's sysmon tick.",
  family: 'primitive',
  engine: core,
  params: sleepParams,
  metrics: [latency(Metric.actualSleep, 'headline', 'how long nanosleep really slept')],
  plan: {
    placements: ['single'],
    samples: { quick: 100, full: 200 },
    paramSets: (suite) => [
      {
        [Param.requestedNs]:
          suite === 'quick' ? [20000, 50000, 100000, 1000000] : [1000, 5000, 20000, 50000, 100000, 500000, 1000000],
        [Param.timerSlackNs]: sleepParams[1]!.defaults,
      },
    ],
    estimateMs: (samples, params) => {
      const lengths = params[Param.requestedNs],
        slacks = params[Param.timerSlackNs];
      const perLength = Array.isArray(lengths) ? lengths : [1e6];
      const slackCount = Array.isArray(slacks) ? slacks.length : 2;
      return (samples * slackCount * perLength.reduce((sum, ns) => sum + ns + 100e3, 0)) / 1e6;
    },
  },
};

const migration: ProbeSpec = {
  name: Probe.migration,
  description:
    'Re-touch time of a dirtied W-byte working set (random pointer chase, one load per cache line) on the same CPU vs right after sched_setaffinity moved the thread to another CPU; and the cost of that move.',
  family: 'primitive',
  engine: core,
  params: migrationParams,
  metrics: [
    latency(Metric.moveCost, 'headline', 'sched_setaffinity to another CPU until the thread runs there', hostState),
    latency(Metric.retouchSameCpu, 'headline', 'chase through a dirtied working set in place', hostState),
    latency(Metric.retouchAfterMove, 'headline', 'the same chase right after a move to another CPU', hostState),
  ],
  plan: {
    placements: ['cross'],
    warmup: 1, // per working-set size; a pass over a large set takes a third of a second
    samples: { quick: 20, full: 50 },
    paramSets: (suite, context) =>
      suite === 'quick'
        ? [{ [Param.workingSetBytes]: [16 * KiB, 256 * KiB, 2 * MiB, 8 * MiB], [Param.passBudgetBytes]: 64 * MiB }]
        : [
            {
              [Param.workingSetBytes]: workingSetSweep(context.lastLevelCacheBytes, 4, 4),
              [Param.passBudgetBytes]: defaultOf(migrationParams, Param.passBudgetBytes),
            },
          ],
    estimateMs: (samples, params) => {
      const sizes = params[Param.workingSetBytes],
        budget = params[Param.passBudgetBytes];
      const perSize = Array.isArray(sizes) ? sizes : [MiB];
      const budgetBytes = typeof budget === 'number' ? budget : defaultOf(migrationParams, Param.passBudgetBytes);
      // Up to 200 ns a line when it comes from memory; 4 passes plus set-up per sample.
      return perSize.reduce((sum, bytes) => {
        const samplesOfSize = Math.min(samples, Math.max(3, budgetBytes / (4 * bytes)));
        return sum + (samplesOfSize * 5 * (bytes / 64) * 200) / 1e6;
      }, 0);
    },
  },
};

export const primitiveProbes: ProbeSpec[] = [
  syscall,
  futexPingpong,
  futexWake,
  tgkill,
  eventfdEpoll,
  pipe,
  futexMatrix,
  uvThreadpool,
  sleep,
  migration,
];
