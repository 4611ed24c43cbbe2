// What a comparison reads from one results document: for each metric (and
// each derived figure the gate judges), the gate statistic of every trial it
// counts, how many trials it left out as disturbed, how many samples a trial
// kept, the metric's role in the catalogue, the regimes its trials show and
// what else on the host it moves with; and the host's cross-CPU wake level of
// the rounds, as a row of its own.
import {
  crossWakeCalibration,
  defaultSet,
  DerivedName,
  followsCrossWakeLevel,
  Metric,
  metricSpec,
  Param,
  Probe,
  probeSpec,
  type HostDependence,
  type MetricRole,
} from '../catalogue/index.js';
import { metricId } from '../results/assemble.js';
import type { MetricResult, ProbeResult, ResultsDocument, Trial } from '../results/schema.js';
import { median } from '../stats/sampleSummary.js';
import { twoModes, type Mode } from '../stats/modes.js';

export type GateStatistic = 'p50' | 'p90' | 'p99' | 'p999' | 'mean' | 'max';

/** 'derived': a figure computed from two metrics (the migration penalty), judged as a difference. */
export type RowRole = MetricRole | 'derived';

export interface SideInput {
  id: string;
  /**
   * The family its p-value is corrected in: the probe that measured it (a
   * regression of a primitive moves that probe's rows, and a lone row's
   * p-value must be able to pass the correction of its family).
   */
  family: string;
  kind: 'metric' | 'derived';
  role: RowRole;
  /** The gate statistic of each counted trial, in trial order. */
  values: number[];
  /** Trials with data left out because they were marked disturbed. */
  disturbed: number;
  /** Median number of kept samples of the counted trials (0 when none). */
  samples: number;
  /** Two regimes among the counted trials (or in the document's summary), when there are. */
  modes?: [Mode, Mode];
  /** The document's summary found the trials' p50s unstable (cv above 10%). */
  unstable: boolean;
  /**
   * For a cross-CPU row: the regime calibration of each counted trial's round
   * (the p50 of the short cross-CPU wake that opened it), aligned with
   * `values`; absent when the document has none for some trial.
   */
  calibrationsNs?: number[];
  /** What else on the host its value moves with where its threads were (the catalogue's word). */
  movesWith?: HostDependence;
  /**
   * For a row that moves with host state but stays gated against fewer
   * baseline runs than a history: its threshold then, percent (the wake
   * level's allowance for the host's moves).
   */
  withoutHistoryThresholdPct?: number;
  /**
   * For a cross-CPU row of a probe whose wakes follow the host's wake level:
   * the level measured on its CPUs just before each counted trial, aligned
   * with `values`; absent when some trial has none (documents written before
   * it was measured).
   */
  levelsNs?: number[];
}

/** The regime calibration of a trial (0-based), or undefined. */
type CalibrationOf = (trialIndex: number) => number | undefined;

/** The wake level a trial (0-based) is judged against, given the level measured just before it. */
type LevelOf = (trialIndex: number, measuredNs: number | undefined) => number | undefined;

/**
 * A level measured before a trial further than this factor from its round's
 * median on its pair was caught in a hiccup (twice the level, here); the
 * host's own levels differ by less (7.5, 10.7, 13 µs) and are kept.
 */
const LEVEL_OUTLIER = 1.5;

/** A complete list of calibrations for the counted trials, or nothing. */
function calibrationsFor(trialIndices: number[], calibrationOf: CalibrationOf | undefined): number[] | undefined {
  if (!calibrationOf) return undefined;
  const found = trialIndices.map(calibrationOf);
  return found.every((c): c is number => c !== undefined && c > 0) ? found : undefined;
}

export interface InputOptions {
  statistic: GateStatistic;
  includeDisturbed: boolean;
}

/**
 * A trial marked disturbed (issue 12: `disturbance: { disturbed, reasons }`).
 * Read defensively: documents written before the field existed lack it.
 */
function isDisturbed(trial: Trial): boolean {
  const disturbance = (trial as { disturbance?: unknown }).disturbance;
  return (
    typeof disturbance === 'object' &&
    disturbance !== null &&
    (disturbance as { disturbed?: unknown }).disturbed === true
  );
}

function counted(trial: Trial | undefined, options: InputOptions): 'yes' | 'disturbed' | 'no' {
  if (!trial?.statsNs) return 'no';
  return !options.includeDisturbed && isDisturbed(trial) ? 'disturbed' : 'yes';
}

function metricInput(
  metric: MetricResult,
  family: string,
  role: RowRole,
  options: InputOptions,
  calibrationOf?: CalibrationOf,
  movesWith?: HostDependence,
  levelOf?: LevelOf,
): SideInput {
  const values: number[] = [],
    samples: number[] = [],
    indices: number[] = [];
  let disturbed = 0;
  metric.trials.forEach((trial, i) => {
    const state = counted(trial, options);
    if (state === 'disturbed') disturbed++;
    if (state !== 'yes') return;
    values.push(trial.statsNs![options.statistic]);
    samples.push(trial.samples);
    indices.push(i);
  });
  const calibrationsNs = calibrationsFor(indices, calibrationOf);
  const levels = indices.map((i) => levelOf?.(i, metric.trials[i]!.crossWakeLevelNs));
  const levelsNs = levels.length && levels.every((l): l is number => l !== undefined && l > 0) ? levels : undefined;
  const summaryModes = options.statistic === 'p50' && disturbed === 0 ? metric.summary?.modes : undefined;
  const modes = summaryModes ?? twoModes(values);
  return {
    id: metric.id,
    family,
    kind: 'metric',
    role,
    values,
    disturbed,
    samples: samples.length ? median(samples) : 0,
    ...(modes ? { modes } : {}),
    unstable: metric.summary?.unstable ?? false,
    ...(calibrationsNs ? { calibrationsNs } : {}),
    ...(movesWith ? { movesWith } : {}),
    ...(levelsNs ? { levelsNs } : {}),
  };
}

/**
 * The migration penalty per trial: the gate statistic of retouchAfterMove
 * minus that of retouchSameCpu in the same trial (both ran in one round), as
 * results/derived.ts computes the figure from p50s.
 */
function migrationPenaltyInputs(probe: ProbeResult, options: InputOptions, calibrationOf?: CalibrationOf): SideInput[] {
  if (probe.probe !== Probe.migration) return [];
  return probe.metrics
    .filter((m) => m.metric === Metric.retouchAfterMove)
    .flatMap((after) => {
      const bytes = after.params[Param.workingSetBytes];
      const before = probe.metrics.find(
        (m) => m.metric === Metric.retouchSameCpu && m.params[Param.workingSetBytes] === bytes,
      );
      if (!before) return [];
      const values: number[] = [],
        samples: number[] = [],
        indices: number[] = [];
      let disturbed = 0;
      for (let i = 0; i < Math.min(after.trials.length, before.trials.length); i++) {
        const a = counted(after.trials[i], options),
          b = counted(before.trials[i], options);
        if (a === 'no' || b === 'no') continue;
        if (a === 'disturbed' || b === 'disturbed') {
          disturbed++;
          continue;
        }
        values.push(after.trials[i]!.statsNs![options.statistic] - before.trials[i]!.statsNs![options.statistic]);
        samples.push(Math.min(after.trials[i]!.samples, before.trials[i]!.samples));
        indices.push(i);
      }
      const calibrationsNs = calibrationsFor(indices, calibrationOf);
      return [
        {
          id: metricId(probe.probe, DerivedName.migrationPenalty, probe.placement, after.params),
          family: probe.probe,
          kind: 'derived' as const,
          role: 'derived' as const,
          values,
          disturbed,
          samples: samples.length ? median(samples) : 0,
          unstable: false,
          ...(calibrationsNs ? { calibrationsNs } : {}),
          movesWith: 'hostState' as const,
        },
      ];
    });
}

/** The id of the row of the rounds' cross-CPU wake levels. */
export function crossWakeLevelId(): string {
  const { probe, row } = crossWakeCalibration;
  const params = defaultSet(probeSpec(probe)!) as Record<string, number>;
  return metricId(probe, row, { kind: 'cross-cpu', cpus: [] }, params);
}

const pairKey = (cpus: number[]) => [...cpus].sort((a, b) => a - b).join(',');

/** The CPU pair most cross-CPU probes ran on: where each round's opening calibration runs too. */
function mainPair(cross: ProbeResult[]): string | undefined {
  const counts = new Map<string, number>();
  for (const p of cross) counts.set(pairKey(p.placement.cpus), (counts.get(pairKey(p.placement.cpus)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * The host's cross-CPU wake level in each round on each CPU pair: the median
 * of the levels measured there in the round (before its trials, and on the
 * main pair the one that opened it), so one odd measurement does not move
 * it; by pair, then round (0-based).
 */
function roundLevels(doc: ResultsDocument): { main?: string; byPair: Map<string, Map<number, number>> } {
  const cross = doc.probes.filter((p) => p.status === 'ok' && p.placement.kind === 'cross-cpu');
  const main = mainPair(cross);
  const byPair = new Map<string, Map<number, number>>();
  for (const pair of new Set(cross.map((p) => pairKey(p.placement.cpus)))) {
    const onPair = cross.filter((p) => pairKey(p.placement.cpus) === pair);
    const rounds = (doc.rounds ?? []).flatMap((round) => {
      const levels = [
        pair === main ? round.crossWakeP50Ns : undefined,
        ...onPair.map((p) => p.metrics[0]?.trials[round.trial - 1]?.crossWakeLevelNs),
      ].filter((l): l is number => l !== undefined && l > 0);
      return levels.length ? [[round.trial - 1, median(levels)] as const] : [];
    });
    byPair.set(pair, new Map(rounds));
  }
  return { ...(main ? { main } : {}), byPair };
}

/** The rounds' levels on the main pair as a headline row beside the cross-CPU probes. */
function crossWakeLevelInput(levels: Map<number, number> | undefined): SideInput | undefined {
  if (!levels) return undefined;
  const values = [...levels.entries()].sort(([a], [b]) => a - b).map(([, level]) => level);
  if (!values.length) return undefined;
  const modes = twoModes(values);
  return {
    id: crossWakeLevelId(),
    // Its own family: every cross-CPU probe's rounds make it, and the host moves it.
    family: crossWakeLevelId(),
    kind: 'metric',
    role: 'headline',
    values,
    disturbed: 0,
    // Its values are p50s of their own, whatever statistic the gate reads: never too few samples.
    samples: Number.POSITIVE_INFINITY,
    ...(modes ? { modes } : {}),
    unstable: false,
    movesWith: 'hostState',
    withoutHistoryThresholdPct: crossWakeCalibration.withoutHistoryThresholdPct,
  };
}

/** Every metric of the document's completed probes, and the derived figures the gate judges, by id. */
export function sideInputs(doc: ResultsDocument, options: InputOptions): Map<string, SideInput> {
  const inputs = new Map<string, SideInput>();
  const byTrial = new Map((doc.rounds ?? []).map((r) => [r.trial - 1, r.crossWakeP50Ns]));
  const calibrationOf: CalibrationOf = (i) => byTrial.get(i);
  const levels = roundLevels(doc);
  // The level measured just before the trial, unless a hiccup put it far from its round's on its pair.
  const levelOn =
    (cpus: number[]): LevelOf =>
    (i, measuredNs) => {
      const round = levels.byPair.get(pairKey(cpus))?.get(i);
      if (round === undefined || measuredNs === undefined) return measuredNs ?? round;
      return Math.abs(Math.log(measuredNs / round)) > Math.log(LEVEL_OUTLIER) ? round : measuredNs;
    };
  for (const probe of doc.probes) {
    if (probe.status !== 'ok') continue;
    // The host's cross-CPU wake regime moves what crosses CPUs, not what stays on one.
    const regime = probe.placement.kind === 'cross-cpu' ? calibrationOf : undefined;
    const across = probe.placement.kind === 'cross-cpu' || probe.placement.kind === 'unpinned';
    const onOne = probe.placement.kind === 'same-cpu';
    // Its trials were measured with the level before them (a probe whose wakes follow it, across CPUs,
    // in a document written since); one whose measurement failed takes its round's.
    const leveled =
      probe.placement.kind === 'cross-cpu' &&
      followsCrossWakeLevel(probe.probe) &&
      probe.metrics.some((m) => m.trials.some((t) => t.crossWakeLevelNs !== undefined));
    for (const metric of probe.metrics) {
      const spec = metricSpec(probe.probe, metric.metric);
      const movesWith = across ? spec?.movesWith?.acrossCpus : onOne ? spec?.movesWith?.onOneCpu : undefined;
      inputs.set(
        metric.id,
        metricInput(
          metric,
          probe.probe,
          spec?.role ?? 'detail',
          options,
          regime,
          movesWith,
          leveled ? levelOn(probe.placement.cpus) : undefined,
        ),
      );
    }
    for (const derived of migrationPenaltyInputs(probe, options, regime)) inputs.set(derived.id, derived);
  }
  const level = crossWakeLevelInput(levels.main ? levels.byPair.get(levels.main) : undefined);
  if (level) inputs.set(level.id, level);
  return inputs;
}

/** The input of one metric taken alone (compareMetric): judged as a headline metric. */
export function metricAlone(metric: MetricResult, options: InputOptions): SideInput {
  return metricInput(metric, metric.id, 'headline', options);
}
