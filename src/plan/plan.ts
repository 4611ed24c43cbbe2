// Turns a suite, a probe selection and the host's CPUs into the list of
// probe runs a trial performs, in order.
import type { Placement } from '../results/schema.js';
import { planEntry, type PlanContext, type ProbeParams, type Suite } from './entries.js';
import type { PlacementOptions } from './placement.js';

export interface PlannedRun {
  probe: string;
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
}

/** Watchdog: well beyond the expected duration, never below a few seconds. */
export function watchdogMs(estimateMs: number): number {
  return Math.ceil(Math.max(5000, 3 * estimateMs + 5000));
}

export function makePlan(options: PlanOptions): PlannedRun[] {
  const runs: PlannedRun[] = [];
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
        const base = { probe: entry.probe, params, samples, warmup, timeoutMs, estimateMs };
        if (kind === 'single') runs.push({ ...base, placement: options.placements.single });
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
  return runs;
}
