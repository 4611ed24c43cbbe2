// Figures computed from a probe's own metrics, stated with their formula:
// the migration penalty is the re-touch time after a move minus the re-touch
// time in place, per working-set size, per trial, then the median.
import { median } from '../stats/distribution.js';
import type { Derived, MetricResult, ProbeResult } from './schema.js';
import { Metric, Param, Probe } from '../catalogue/index.js';

function pairedTrialDifference(after: MetricResult, before: MetricResult): number[] {
  const n = Math.min(after.trials.length, before.trials.length);
  const differences: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = after.trials[i]!.statsNs,
      b = before.trials[i]!.statsNs;
    if (a && b) differences.push(a.p50 - b.p50);
  }
  return differences;
}

function migrationPenalties(probe: ProbeResult): Derived[] {
  const derived: Derived[] = [];
  for (const after of probe.metrics.filter((m) => m.metric === Metric.retouchAfterMove)) {
    const bytes = after.params[Param.workingSetBytes]!;
    const before = probe.metrics.find(
      (m) => m.metric === Metric.retouchSameCpu && m.params[Param.workingSetBytes] === bytes,
    );
    if (!before) continue;
    const differences = pairedTrialDifference(after, before);
    if (differences.length === 0) continue;
    const penaltyNs = median(differences);
    derived.push({
      name: 'migrationPenalty',
      params: { workingSetBytes: bytes },
      valueNs: penaltyNs,
      perCacheLineNs: penaltyNs / (bytes / 64),
      formula: 'p50 retouchAfterMove − p50 retouchSameCpu, median over trials',
    });
  }
  return derived;
}

const derivations: Record<string, (probe: ProbeResult) => Derived[]> = {
  [Probe.migration]: migrationPenalties,
};

export function deriveFigures(probe: ProbeResult): Derived[] {
  return derivations[probe.probe]?.(probe) ?? [];
}
