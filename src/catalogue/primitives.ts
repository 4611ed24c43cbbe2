// The primitive probes: one kernel mechanism each, timed on pinned threads.
import { Metric, Param, Probe } from './names.js';
import { blockedWake, hostState, latency } from './metrics.js';
import { fromRegistry } from './fromRegistry.js';
import { defaultOf, KiB, MiB } from './params.js';
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

const gapEstimate = (extraUs: number) => (samples: number, params: ProbeParams) =>
  (samples * (meanGapUs(params, 50) + extraUs)) / 1000;

const syscall: ProbeSpec = {
  ...fromRegistry(Probe.syscall),
  family: 'primitive',
  engine: core,
  metrics: [
    latency(Metric.getppid, 'headline', 'mean cost of one getppid'),
    latency(Metric.futexWakeNoWaiter, 'headline', 'mean cost of one FUTEX_WAKE that wakes nobody'),
  ],
  plan: {
    placements: ['single'],
    samples: { quick: 2000, full: 5000 },
    paramSets: () => [defaultSet(syscall)],
    estimateMs: (samples) => (samples * defaultOf(syscall.params, Param.batch) * 2 * 2) / 1000,
  },
};

const futexPingpong: ProbeSpec = {
  ...fromRegistry(Probe.futexPingpong),
  family: 'primitive',
  engine: core,
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
  ...fromRegistry(Probe.futexWake),
  family: 'primitive',
  engine: core,
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
  ...fromRegistry(Probe.tgkill),
  family: 'primitive',
  engine: core,
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
  ...fromRegistry(Probe.eventfdEpoll),
  family: 'primitive',
  engine: core,
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
  ...fromRegistry(Probe.pipe),
  family: 'primitive',
  engine: core,
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
  params: fromRegistry(Probe.futexWake).params,
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
  ...fromRegistry(Probe.uvThreadpool),
  family: 'primitive',
  // Runs in the addon, not the core: it measures Node's own thread pool.
  engine: { kind: 'addon' },
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
  ...fromRegistry(Probe.sleep),
  family: 'primitive',
  engine: core,
  metrics: [latency(Metric.actualSleep, 'headline', 'how long nanosleep really slept')],
  plan: {
    placements: ['single'],
    samples: { quick: 100, full: 200 },
    paramSets: (suite) => [
      {
        [Param.requestedNs]:
          suite === 'quick' ? [20000, 50000, 100000, 1000000] : [1000, 5000, 20000, 50000, 100000, 500000, 1000000],
        [Param.timerSlackNs]: defaultSet(sleep)[Param.timerSlackNs]!,
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
  ...fromRegistry(Probe.migration),
  family: 'primitive',
  engine: core,
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
              [Param.passBudgetBytes]: defaultOf(migration.params, Param.passBudgetBytes),
            },
          ],
    estimateMs: (samples, params) => {
      const sizes = params[Param.workingSetBytes],
        budget = params[Param.passBudgetBytes];
      const perSize = Array.isArray(sizes) ? sizes : [MiB];
      const budgetBytes = typeof budget === 'number' ? budget : defaultOf(migration.params, Param.passBudgetBytes);
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
