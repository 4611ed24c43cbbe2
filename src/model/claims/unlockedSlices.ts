// What claims 3 and 4 read from wake/unlocked: per slice (how long the waker
// keeps running after readying T), the fractions of wakeups in which T
// migrated or was stolen, per trial; the crossover slice per trial; the
// refill a migrated T paid.
import { Counter, Metric, Param, Probe } from '../../catalogue/index.js';
import type { MetricResult, ResultsDocument } from '../../results/schema.js';
import { fractionPerTrial, headline } from './evidence.js';

export interface UnlockedSlice {
  sliceNs: number;
  wake: MetricResult;
  migratedPerTrial: number[];
  stolenPerTrial: number[];
  refillNs: number;
}

export function unlockedSlices(doc: ResultsDocument): UnlockedSlice[] {
  return doc.probes
    .filter((p) => p.probe === Probe.wakeUnlocked && p.status === 'ok')
    .flatMap((p) => {
      const wake = p.metrics.find((m) => m.metric === Metric.wakeToRun);
      if (!wake) return [];
      const split = (name: string) => p.metrics.find((m) => m.metric === name);
      return [
        {
          sliceNs: Number(p.params[Param.sliceNs] ?? 0),
          wake,
          migratedPerTrial: fractionPerTrial(wake, Counter.migrated),
          stolenPerTrial: fractionPerTrial(wake, Counter.stolen),
          refillNs: headline(split(Metric.retouchMigrated)) - headline(split(Metric.retouchAtHome)),
        },
      ];
    })
    .sort((a, b) => a.sliceNs - b.sliceNs);
}

/**
 * The slice at which a fraction falls below one half, linearly
 * interpolated between measured slices (ascending): 0 when even the
 * shortest is below half, +Infinity when even the longest is above (the
 * crossover lies beyond the sweep).
 */
export function crossoverOf(points: readonly (readonly [number, number])[]): number {
  if (points.length === 0) return Number.NaN;
  if (points[0]![1] < 0.5) return 0;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]!,
      [x1, y1] = points[i]!;
    if (y1 < 0.5) return x0 + ((y0 - 0.5) / (y0 - y1)) * (x1 - x0);
  }
  return Number.POSITIVE_INFINITY;
}

/** Per trial, the slice below which T migrates in most wakeups (see crossoverOf). */
export function crossoverPerTrial(slices: UnlockedSlice[]): number[] {
  const trials = Math.min(...slices.map((s) => s.migratedPerTrial.length));
  if (!Number.isFinite(trials)) return [];
  return Array.from({ length: trials }, (_, t) =>
    crossoverOf(slices.map((s) => [s.sliceNs, s.migratedPerTrial[t]!] as const)),
  );
}
