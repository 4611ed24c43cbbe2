// The plan: which probes each suite runs, on which placements, how many
// samples, with which parameters. Adding a probe means one C++ file under
// native/core/probes/ and one entry here.

export type Suite = 'quick' | 'full';
/** 'pairs': every ordered pair of the run's CPUs (sampled when there are many). */
export type PlacementKind = 'single' | 'same' | 'cross' | 'pairs' | 'unpinned';
export type ProbeParams = Record<string, number | number[]>;

export interface PlanContext {
  /** Bytes of the largest data cache of the first planned CPU (0 when unknown). */
  lastLevelCacheBytes: number;
}

export interface PlanEntry {
  probe: string;
  /** The native probe that measures it, when the entry is a different use of one (default: probe). */
  nativeProbe?: string;
  placements: PlacementKind[];
  samples: Record<Suite, number>;
  /** Samples for one parameter set when they must differ by set (e.g. long gaps get fewer). */
  samplesFor?(suite: Suite, params: ProbeParams, samples: number): number;
  /** One probe run per parameter set (a sweep is several sets). */
  paramSets(suite: Suite, context: PlanContext): ProbeParams[];
  /** Warm-up iterations per run (default: a tenth of the samples, at most 200). */
  warmup?: number;
  /** A generous estimate of one run's duration, for the watchdog and progress. */
  estimateMs(samples: number, params: ProbeParams): number;
  /** Metrics the terminal summary shows (default: all); the document keeps every one. */
  tableMetrics?: string[];
}

const KiB = 1024;
const MiB = 1024 * KiB;

function meanGapUs(params: ProbeParams, fallbackUs: number): number {
  const lo = params.gapMinNs,
    hi = params.gapMaxNs;
  return typeof lo === 'number' && typeof hi === 'number' ? (lo + hi) / 2000 : fallbackUs;
}

/** Working-set sizes from 16 KiB up to `factor` times the last-level cache, by `step`. */
export function workingSetSweep(lastLevelCacheBytes: number, factor: number, step: number): number[] {
  const top = Math.max(4 * MiB, factor * (lastLevelCacheBytes || 8 * MiB));
  const sizes: number[] = [];
  for (let size = 16 * KiB; size < top; size *= step) sizes.push(size);
  sizes.push(top);
  return sizes;
}

export const planEntries: PlanEntry[] = [
  {
    probe: 'syscall',
    placements: ['single'],
    samples: { quick: 2000, full: 5000 },
    paramSets: () => [{ batch: 100 }],
    estimateMs: (samples) => (samples * 100 * 2 * 2) / 1000,
  },
  {
    probe: 'futex-pingpong',
    placements: ['same', 'cross'],
    samples: { quick: 2000, full: 5000 },
    paramSets: () => [{}],
    estimateMs: (samples) => (samples * 40) / 1000,
  },
  {
    probe: 'futex-wake',
    placements: ['same', 'cross'],
    samples: { quick: 1000, full: 3000 },
    paramSets: (suite) =>
      suite === 'quick'
        ? [{ gapMinNs: 20000, gapMaxNs: 80000 }]
        : [10e3, 50e3, 200e3, 1e6, 3e6].map((gap) => ({ gapMinNs: gap * 0.8, gapMaxNs: gap * 1.2 })),
    // The gap sweep spends about the same time (~0.15 s) on each gap.
    samplesFor: (_suite, params, samples) =>
      Math.max(50, Math.min(samples, Math.round(150e6 / (meanGapUs(params, 50) * 1000 + 40e3)))),
    estimateMs: (samples, params) => (samples * (meanGapUs(params, 50) + 100)) / 1000,
  },
  {
    probe: 'tgkill',
    placements: ['cross'],
    samples: { quick: 1000, full: 2000 },
    paramSets: () => [{ gapMinNs: 20000, gapMaxNs: 60000 }],
    estimateMs: (samples, params) => (2 * samples * (meanGapUs(params, 40) + 100)) / 1000,
  },
  {
    probe: 'eventfd-epoll',
    placements: ['same', 'cross'],
    samples: { quick: 1000, full: 2000 },
    paramSets: () => [{ gapMinNs: 20000, gapMaxNs: 80000 }],
    estimateMs: (samples, params) => (samples * (meanGapUs(params, 50) + 100)) / 1000,
  },
  {
    probe: 'pipe',
    placements: ['same', 'cross'],
    samples: { quick: 1000, full: 3000 },
    paramSets: () => [{ gapMinNs: 20000, gapMaxNs: 80000 }],
    estimateMs: (samples, params) => (samples * (meanGapUs(params, 50) + 150)) / 1000,
  },
  {
    // futex-wake for every ordered pair of CPUs: the core-to-core map.
    probe: 'futex-matrix',
    nativeProbe: 'futex-wake',
    placements: ['pairs'],
    samples: { quick: 200, full: 500 },
    paramSets: () => [{ gapMinNs: 20000, gapMaxNs: 80000 }],
    estimateMs: (samples, params) => (samples * (meanGapUs(params, 50) + 100)) / 1000,
    tableMetrics: [],
  },
  {
    // Runs in the addon, not the core: it measures Node's own thread pool.
    probe: 'uv-threadpool',
    placements: ['unpinned'],
    samples: { quick: 500, full: 2000 },
    paramSets: () => [{}],
    estimateMs: (samples) => (samples * 200) / 1000,
  },
  {
    probe: 'sleep',
    placements: ['single'],
    samples: { quick: 100, full: 200 },
    paramSets: (suite) => [
      suite === 'quick'
        ? { requestedNs: [20000, 50000, 100000, 1000000], timerSlackNs: [50000, 1] }
        : { requestedNs: [1000, 5000, 20000, 50000, 100000, 500000, 1000000], timerSlackNs: [50000, 1] },
    ],
    estimateMs: (samples, params) => {
      const lengths = Array.isArray(params.requestedNs) ? params.requestedNs : [1e6];
      const slacks = Array.isArray(params.timerSlackNs) ? params.timerSlackNs.length : 2;
      return (samples * slacks * lengths.reduce((sum, ns) => sum + ns + 100e3, 0)) / 1e6;
    },
  },
  {
    probe: 'migration',
    placements: ['cross'],
    warmup: 1, // per working-set size; a pass over a large set takes a third of a second
    samples: { quick: 20, full: 50 },
    paramSets: (suite, context) =>
      suite === 'quick'
        ? [{ workingSetBytes: [16 * KiB, 256 * KiB, 2 * MiB, 8 * MiB], passBudgetBytes: 64 * MiB }]
        : [{ workingSetBytes: workingSetSweep(context.lastLevelCacheBytes, 4, 4), passBudgetBytes: 256 * MiB }],
    estimateMs: (samples, params) => {
      const sizes = Array.isArray(params.workingSetBytes) ? params.workingSetBytes : [MiB];
      const budget = typeof params.passBudgetBytes === 'number' ? params.passBudgetBytes : 256 * MiB;
      // Up to 200 ns a line when it comes from memory; 4 passes plus set-up per sample.
      return sizes.reduce((sum, bytes) => {
        const perSize = Math.min(samples, Math.max(3, budget / (4 * bytes)));
        return sum + (perSize * 5 * (bytes / 64) * 200) / 1e6;
      }, 0);
    },
  },
];

// The proposal's strategies, emulated on real threads (native/core/strategies/).
const wakeGap = { gapMinNs: 20000, gapMaxNs: 80000 };
const wakeWorkingSetBytes = 256 * KiB;
const wakeEstimateMs = (samples: number) => (samples * 400) / 1000;

function syscallSweep(suite: Suite): ProbeParams[] {
  const base = { computeNs: 5000, durationNs: suite === 'quick' ? 50e6 : 20e6, syscallKind: 0 };
  if (suite === 'quick') return [1, 4].map((tasks) => ({ ...base, tasks, tokens: 1, syscallNs: 50000 }));
  const sets: ProbeParams[] = [];
  for (const syscallNs of [5000, 50000, 500000])
    for (const tokens of [1, 2]) for (const tasks of [1, 2, 4, 8]) sets.push({ ...base, tasks, tokens, syscallNs });
  sets.push({ ...base, tasks: 4, tokens: 1, syscallNs: 50000, syscallKind: 1 });
  return sets;
}

const syscallEstimateMs = (_samples: number, params: ProbeParams) =>
  (typeof params.durationNs === 'number' ? params.durationNs : 1e8) / 1e6 + 60;

export const strategyEntries: PlanEntry[] = [
  {
    probe: 'wake/dedicated',
    placements: ['cross'],
    samples: { quick: 300, full: 1000 },
    paramSets: () => [{ ...wakeGap, workingSetBytes: wakeWorkingSetBytes }],
    estimateMs: wakeEstimateMs,
    tableMetrics: ['wakeToRun', 'retouch'],
  },
  {
    probe: 'wake/locked',
    placements: ['cross'],
    samples: { quick: 300, full: 1000 },
    paramSets: () =>
      [0, 1].map((onWaker) => ({ ...wakeGap, workingSetBytes: wakeWorkingSetBytes, schedulerOnWakerCpu: onWaker })),
    estimateMs: wakeEstimateMs,
    tableMetrics: ['wakeToRun', 'retouch'],
  },
  {
    probe: 'wake/unlocked',
    placements: ['cross'],
    samples: { quick: 300, full: 1000 },
    paramSets: () =>
      [0, 5000, 20000, 100000].map((sliceNs) => ({ ...wakeGap, workingSetBytes: wakeWorkingSetBytes, sliceNs })),
    estimateMs: (samples) => (samples * 700) / 1000,
    tableMetrics: ['wakeToRun', 'retouch'],
  },
  ...(['hold', 'handoff', 'lazy', 'dedicated'] as const).map((strategy): PlanEntry => ({
    probe: `syscall/${strategy}`,
    placements: ['cross'],
    samples: { quick: 2000, full: 5000 },
    // Per task: with N tasks sharing one P for 20 ms, a task may run only a few iterations.
    warmup: 2,
    paramSets: syscallSweep,
    estimateMs: syscallEstimateMs,
    tableMetrics: ['iteration', 'retakeDelay'],
  })),
];

/** Probes and strategies each suite runs by default. */
export function defaultProbes(): string[] {
  return [...planEntries, ...strategyEntries].map((e) => e.probe);
}

export function planEntry(probe: string): PlanEntry | undefined {
  return [...planEntries, ...strategyEntries].find((e) => e.probe === probe);
}
