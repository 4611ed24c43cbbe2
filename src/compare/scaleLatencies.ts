// A copy of a results document in which every measured latency is scaled by
// a factor: what the same run would look like on a build that is uniformly
// slower (factor > 1) or faster. The A/A and power benches compare such a
// copy against other runs to measure how often the gate catches a change of
// known size. scaleMetrics does the same to chosen metrics only, or to some
// of their trials (a new slow regime): what a regression confined to one
// metric looks like; their summaries are recomputed from the trials. Scaled: every trial's statistics, histogram bucket bounds, raw
// samples and side measurements of the interval (hops); every metric's
// summary; derived figures; the per-round regime calibration and the wake
// level measured before a trial (scaleWakePath scales only those and the
// metrics that follow them: a slower cross-CPU wake path). Kept as
// measured: the idle gap before a wake (set by the waker, not a cost),
// counters, the model's predictions (computed from the unscaled run) and
// every parameter.
import { Aux, metricSpec } from '../catalogue/index.js';
import { finishMetrics } from '../results/assemble.js';
import type { DistributionNsDoc, ResultsDocument, Trial } from '../results/schema.js';

function scaleStats(stats: DistributionNsDoc, factor: number): DistributionNsDoc {
  return {
    min: stats.min * factor,
    p50: stats.p50 * factor,
    p90: stats.p90 * factor,
    p99: stats.p99 * factor,
    p999: stats.p999 * factor,
    max: stats.max * factor,
    mean: stats.mean * factor,
    stddev: stats.stddev * factor,
  };
}

function scaleTrial(trial: Trial, factor: number): void {
  if (trial.statsNs) trial.statsNs = scaleStats(trial.statsNs, factor);
  trial.histogram.buckets = trial.histogram.buckets.map(([low, high, count]) => [low * factor, high * factor, count]);
  if (trial.rawNs) trial.rawNs = trial.rawNs.map((v) => v * factor);
  if (trial.auxNs)
    for (const [name, stats] of Object.entries(trial.auxNs))
      if (name !== Aux.idleGapNs) trial.auxNs[name] = scaleStats(stats, factor);
}

function checkFactor(factor: number): void {
  if (!(factor > 0 && Number.isFinite(factor))) throw new RangeError(`scale factor ${factor} is not a positive number`);
}

/** Which metrics, and which of their trials (0-based), scaleMetrics changes. */
export interface MetricSelection {
  metricIds: ReadonlySet<string>;
  /** Every trial when absent. */
  trial?: (index: number) => boolean;
}

/**
 * A deep copy of `doc` in which the selected metrics' trials are multiplied by
 * `factor`, their summaries recomputed; everything else (other metrics, the
 * rounds' regime calibration, stored derived figures) is left as measured.
 */
export function scaleMetrics(doc: ResultsDocument, factor: number, selection: MetricSelection): ResultsDocument {
  checkFactor(factor);
  const copy = structuredClone(doc);
  for (const probe of copy.probes) {
    const chosen = probe.metrics.filter((m) => selection.metricIds.has(m.id));
    for (const metric of chosen)
      metric.trials.forEach((trial, i) => {
        if (selection.trial?.(i) ?? true) scaleTrial(trial, factor);
      });
    finishMetrics(chosen);
  }
  return copy;
}

/** A deep copy of `doc` with every latency multiplied by `factor` (> 0); `doc` is left as it is. */
export function scaleLatencies(doc: ResultsDocument, factor: number): ResultsDocument {
  checkFactor(factor);
  const copy = structuredClone(doc);
  for (const probe of copy.probes) {
    for (const metric of probe.metrics) {
      for (const trial of metric.trials) scaleTrial(trial, factor);
      const s = metric.summary;
      if (!s) continue;
      s.valueNs *= factor;
      s.trialP50sNs = s.trialP50sNs.map((v) => v * factor);
      s.spreadNs = [s.spreadNs[0] * factor, s.spreadNs[1] * factor];
      s.ci.lowNs *= factor;
      s.ci.highNs *= factor;
      if (s.modes)
        s.modes = [
          { ...s.modes[0], valueNs: s.modes[0].valueNs * factor },
          { ...s.modes[1], valueNs: s.modes[1].valueNs * factor },
        ];
    }
    for (const derived of probe.derived) {
      derived.valueNs *= factor;
      if (derived.perCacheLineNs !== undefined) derived.perCacheLineNs *= factor;
    }
  }
  scaleWakeLevels(copy, factor);
  return copy;
}

/** Multiplies, in place, the cross-CPU wake levels a document measured: before trials, and opening rounds. */
export function scaleWakeLevels(doc: ResultsDocument, factor: number): void {
  for (const probe of doc.probes)
    for (const metric of probe.metrics)
      for (const trial of metric.trials) if (trial.crossWakeLevelNs !== undefined) trial.crossWakeLevelNs *= factor;
  for (const round of doc.rounds ?? []) if (round.crossWakeP50Ns !== undefined) round.crossWakeP50Ns *= factor;
}

/**
 * A deep copy of `doc` as a build whose cross-CPU wake path is `factor` times
 * slower would measure it: the metrics that follow the cross-CPU wake level,
 * the levels measured before their trials and the rounds' calibrations, which
 * are such wakes too. Everything else is left as measured.
 */
export function scaleWakePath(doc: ResultsDocument, factor: number): ResultsDocument {
  const metricIds = new Set(
    doc.probes
      .filter((p) => p.placement.kind === 'cross-cpu')
      .flatMap((p) => p.metrics.filter((m) => metricSpec(p.probe, m.metric)?.movesWith?.acrossCpus === 'wakeLevel'))
      .map((m) => m.id),
  );
  const copy = scaleMetrics(doc, factor, { metricIds });
  scaleWakeLevels(copy, factor);
  return copy;
}
