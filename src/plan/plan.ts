// Turns a suite, a probe selection and the host's CPUs into the list of
// probe runs a trial performs, in order.
import type { Placement } from '../results/schema.js';
import { planEntry, type PlanContext, type ProbeParams, type Suite } from './entries.js';
import type { PlacementOptions } from './placement.js';

export interface PlannedRun {
  probe: string;
  /** What the addon runs (the same as probe unless the plan entry reuses another). */
  nativeProbe: string;
  /** Added to every metric's params (and id), never sent to the addon: e.g. fromCpu/toCpu. */
  labels: Record<string, number>;
  placement: Placement;
  params: ProbeParams;
  samples: number;
  warmup: number;
  /** The watchdog: the probe fails if one trial of it takes longer. */
  timeoutMs: number;
  estimateMs: number;
  /** Set when this placement cannot run here (e.g. cross-CPU on one CPU). */
  skipReason?: string;
}

export interface PlanOptions {
  suite: Suite;
  probes: string[];
  placements: PlacementOptions;
  samplesScale: number;
  /** Overrides the estimate-based watchdog when set. */
  timeoutMs?: number;
  context: PlanContext;
  /** CPUs of the run and its seed, for 'pairs' placements. */
  cpus: number[];
  seed: number;
}

/** At most this many ordered CPU pairs in a 'pairs' placement: bounded run time on large hosts. */
export const MAX_CPU_PAIRS = 56;

/**
 * Ordered pairs (a ≠ b) of the CPUs; with more than MAX_CPU_PAIRS, a uniform
 * sample without replacement drawn with the run's seed (the note says so).
 */
export function cpuPairs(cpus: number[], seed: number): { pairs: [number, number][]; note?: string } {
  const all: [number, number][] = [];
  for (const a of cpus) for (const b of cpus) if (a !== b) all.push([a, b]);
  if (all.length <= MAX_CPU_PAIRS) return { pairs: all };
  let state = seed >>> 0 || 1;
  const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  const pairs = all.slice(0, MAX_CPU_PAIRS).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return {
    pairs,
    note: `futex-matrix: ${cpus.length} CPUs make ${all.length} ordered pairs; ${MAX_CPU_PAIRS} of them were measured, drawn uniformly without replacement with seed ${seed}`,
  };
}

/** Watchdog: well beyond the expected duration, never below a few seconds. */
export function watchdogMs(estimateMs: number): number {
  return Math.ceil(Math.max(5000, 3 * estimateMs + 5000));
}

export function makePlan(options: PlanOptions): { runs: PlannedRun[]; notes: string[] } {
  const runs: PlannedRun[] = [];
  const notes: string[] = [];
  for (const probe of options.probes) {
    const entry = planEntry(probe);
    if (!entry) throw new RangeError(`unknown probe '${probe}'`);
    for (const params of entry.paramSets(options.suite, options.context)) {
      const suiteSamples = entry.samples[options.suite];
      const perSet = entry.samplesFor ? entry.samplesFor(options.suite, params, suiteSamples) : suiteSamples;
      const samples = Math.max(1, Math.round(perSet * options.samplesScale));
      const warmup = entry.warmup ?? Math.min(200, Math.ceil(samples / 10));
      for (const kind of entry.placements) {
        const estimateMs = entry.estimateMs(samples + warmup, params);
        const timeoutMs = options.timeoutMs ?? watchdogMs(estimateMs);
        const base = {
          probe: entry.probe,
          nativeProbe: entry.nativeProbe ?? entry.probe,
          labels: {},
          params,
          samples,
          warmup,
          timeoutMs,
          estimateMs,
        };
        if (kind === 'pairs') {
          const { pairs, note } = cpuPairs(options.cpus, options.seed);
          if (note) notes.push(note);
          if (pairs.length === 0)
            runs.push({
              ...base,
              placement: { kind: 'cross-cpu', cpus: [] },
              skipReason: options.placements.crossSkipReason ?? 'no second CPU',
            });
          for (const [from, to] of pairs)
            runs.push({
              ...base,
              labels: { fromCpu: from, toCpu: to },
              placement: { kind: 'cross-cpu', cpus: [from, to] },
            });
        } else if (kind === 'unpinned') {
          runs.push({ ...base, placement: { kind: 'unpinned', cpus: options.cpus } });
        } else if (kind === 'single') runs.push({ ...base, placement: options.placements.single });
        else if (kind === 'same') runs.push({ ...base, placement: options.placements.same });
        else if (options.placements.cross) runs.push({ ...base, placement: options.placements.cross });
        else
          runs.push({
            ...base,
            placement: { kind: 'cross-cpu', cpus: [] },
            skipReason: options.placements.crossSkipReason ?? 'no second CPU',
          });
      }
    }
  }
  return { runs, notes };
}
