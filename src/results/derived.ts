// Figures computed from measured metrics, stated with their formula: the
// migration penalty is the re-touch time after a move minus the re-touch time
// in place, per working-set size; the idle-exit cost of a cross-CPU wake is
// its latency with the default idle states minus the same wake measured with
// idle polling held. Both are differences per trial (trials of both ran in
// the same round), then the median.
import { median } from '../stats/sampleSummary.js';
import type { Derived, MetricResult, ProbeResult } from './schema.js';
import { DerivedName, Metric, Param, Probe } from '../catalogue/index.js';

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
      name: DerivedName.migrationPenalty,
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

function withoutIdleLabel(params: Record<string, number | number[]>): string {
  const { [Param.idlePoll]: _poll, ...rest } = params;
  return JSON.stringify(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
}

/** For a run with default idle states whose twin ran with idle polling held: default − polling, per metric. */
function idleExitCosts(probe: ProbeResult, all: ProbeResult[]): Derived[] {
  if (probe.params[Param.idlePoll] !== undefined || probe.status !== 'ok') return [];
  const twin = all.find(
    (p) =>
      p.probe === probe.probe &&
      p.status === 'ok' &&
      p.placement.kind === probe.placement.kind &&
      p.params[Param.idlePoll] === 1 &&
      withoutIdleLabel(p.params) === withoutIdleLabel(probe.params),
  );
  if (!twin) return [];
  return probe.metrics.flatMap((metric): Derived[] => {
    const polled = twin.metrics.find(
      (m) => m.metric === metric.metric && withoutIdleLabel(m.params) === withoutIdleLabel(metric.params),
    );
    const differences = polled ? pairedTrialDifference(metric, polled) : [];
    if (!polled || differences.length === 0) return [];
    return [
      {
        name: DerivedName.idleExitCost,
        params: metric.params,
        valueNs: median(differences),
        of: metric.id,
        formula: `p50 ${metric.metric} − p50 ${metric.metric} with idle polling held, median over trials`,
      },
    ];
  });
}

export function deriveFigures(probe: ProbeResult, all: ProbeResult[] = [probe]): Derived[] {
  return [...(derivations[probe.probe]?.(probe) ?? []), ...idleExitCosts(probe, all)];
}
