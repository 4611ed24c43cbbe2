// What every judge reads a results document with: metrics found by probe,
// metric and parameters; per-trial figures; trial-paired differences.
import type { Claim, Effect, MetricResult, ResultsDocument, StrategyPrediction } from '../../results/schema.js';
import type { GoMeasurement } from '../../go/goResultsSchema.js';
import type { GoFind } from './runtime.js';
import { claimSpec, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import { median } from '../../stats/sampleSummary.js';
import { medianInterval } from '../../stats/medianInterval.js';
import { findMetric, measuredMetrics, nearestGap } from '../../results/measuredMetrics.js';

type PlacementKind = ResultsDocument['probes'][number]['placement']['kind'];

export type Find = (
  probe: string,
  metric: string,
  params?: Record<string, number>,
  placement?: PlacementKind,
) => MetricResult | undefined;

/** What the judges read: the emulation's metrics and the real runtime's, with the model's predictions. */
export interface ClaimEvidence {
  find: Find;
  /**
   * One futex wake's metric (wakeLatency, wakerCost) on a placement, at the
   * idle gap nearest the wakes it stands beside (the Go program's, else the
   * wake strategies'): a wake after a 10 µs idle is not one after 50 µs.
   */
  futexWake: (metric: string, placement: PlacementKind) => MetricResult | undefined;
  /** The real Go runtime's measurements (none when it was not measured), and a lookup among them. */
  goMeasured: GoMeasurement[];
  goFind: GoFind;
  /** Why the runtime is not the evidence, when a judge finds nothing there. */
  runtimeAbsent: string;
  /** GOMAXPROCS the runtime ran with when it had every measured CPU. */
  fullGomaxprocs: number;
  predictions: StrategyPrediction[];
}

export function finder(doc: ResultsDocument): Find {
  return (probe, metric, params = {}, placement) => findMetric(doc, probe, metric, params, placement);
}

/** ClaimEvidence.futexWake for a document, nearest `gapNs`. */
export function futexWakeFinder(doc: ResultsDocument, gapNs: number): ClaimEvidence['futexWake'] {
  return (metric, placement) =>
    nearestGap(
      measuredMetrics(doc)
        .filter(
          (e) =>
            e.probe.probe === Probe.futexWake && e.probe.placement.kind === placement && e.metric.metric === metric,
        )
        .map((e) => e.metric),
      gapNs,
    );
}

export type Statistic = 'p50' | 'mean';
export const perTrial = (m: MetricResult, statistic: Statistic = 'p50') =>
  m.trials.flatMap((t) => (t.statsNs ? [t.statsNs[statistic]] : []));
export const headline = (m: MetricResult | undefined) => m?.summary?.valueNs ?? Number.NaN;

export type Sign = 'larger' | 'notLarger' | 'unclear';

/**
 * a − b, paired by trial: trials of all probes run interleaved, so trial i
 * of both saw the same stretch of time. The median difference and its
 * distribution-free interval decide the sign: 'larger' when the whole
 * interval is above zero, 'notLarger' when it is at or below zero,
 * 'unclear' when it straddles zero or there are too few trials.
 */
export function pairedDifference(a: MetricResult, b: MetricResult, statistic: Statistic = 'p50') {
  const x = perTrial(a, statistic),
    y = perTrial(b, statistic);
  const n = Math.min(x.length, y.length);
  const differences = Array.from({ length: n }, (_, i) => x[i]! - y[i]!);
  const interval = medianInterval(differences);
  const sign: Sign =
    !interval || n < MIN_TRIALS
      ? 'unclear'
      : interval.lowNs > 0
        ? 'larger'
        : interval.highNs <= 0
          ? 'notLarger'
          : 'unclear';
  return { medianNs: n ? median(differences) : Number.NaN, interval, trials: n, sign };
}

export function intervalText(d: {
  interval?: { lowNs: number; highNs: number; confidence: number } | undefined;
  trials: number;
}): string {
  if (!d.interval || d.trials < MIN_TRIALS) return `too few trials (${d.trials}; ${MIN_TRIALS} needed) to tell`;
  return `${formatNs(d.interval.lowNs)} to ${formatNs(d.interval.highNs)} over ${d.trials} trials (${(100 * d.interval.confidence).toFixed(1)}% interval)`;
}

export function verdictOf(sign: Sign): Claim['verdict'] {
  return sign === 'larger' ? 'confirmed' : sign === 'notLarger' ? 'refuted' : 'inconclusive';
}

/** Fewer trials than this give no interval worth a verdict. */
const MIN_TRIALS = 5;

/** A per-trial quantity's median and distribution-free interval, as a claim's effect. */
export function effectOf(quantity: string, unit: Effect['unit'], perTrial: number[]): Effect | undefined {
  const finite = perTrial.filter(Number.isFinite);
  const interval = medianInterval(finite);
  if (!interval || finite.length < MIN_TRIALS) return undefined;
  return {
    quantity,
    unit,
    value: median(finite),
    low: interval.lowNs,
    high: interval.highNs,
    confidence: interval.confidence,
    trials: finite.length,
  };
}

/** The effect of a paired difference. */
export function differenceEffect(quantity: string, d: ReturnType<typeof pairedDifference>): Effect | undefined {
  if (!d.interval || d.trials < MIN_TRIALS) return undefined;
  return {
    quantity,
    unit: 'ns',
    value: d.medianNs,
    low: d.interval.lowNs,
    high: d.interval.highNs,
    confidence: d.interval.confidence,
    trials: d.trials,
  };
}

/** Per trial: a counter over the trial's kept samples (e.g. the fraction of wakeups in which T migrated). */
export function fractionPerTrial(m: MetricResult, counter: string): number[] {
  return m.trials.flatMap((t) => (t.samples > 0 ? [(t.counters?.[counter] ?? 0) / t.samples] : []));
}

export function fractionText(e: Effect): string {
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  return `${pct(e.value)} (${pct(e.low)}–${pct(e.high)} over ${e.trials} trials)`;
}

/** Where a verdict's evidence came from: the real runtime (with the emulation's figure beside it), or the emulation. */
export type Origin = { source: 'runtime'; beside?: NonNullable<Claim['beside']> } | { source: 'emulation' };

const EMULATION: Origin = { source: 'emulation' };

/**
 * The real runtime as a verdict's source, with the emulation's figure for the
 * same quantity beside it (and their ratio) when both are known and the
 * runtime's is positive.
 */
export function onRuntime(
  quantity: string,
  unit: NonNullable<Claim['beside']>['unit'],
  runtime: number | undefined,
  emulation: number | undefined,
): Origin {
  return runtime !== undefined && runtime > 0 && emulation !== undefined && Number.isFinite(emulation)
    ? { source: 'runtime', beside: { quantity, unit, runtime, emulation, ratio: emulation / runtime } }
    : { source: 'runtime' };
}

/** A claim with its statement and rule from the catalogue. */
export function claimOf(
  id: number,
  verdict: Claim['verdict'],
  summary: string,
  evidence: Claim['evidence'],
  effect?: Effect,
  origin: Origin = EMULATION,
): Claim {
  const spec = claimSpec(id);
  return {
    id,
    claim: spec.statement,
    verdict,
    source: origin.source,
    rule: spec.rule,
    ...(effect ? { effect } : {}),
    ...(origin.source === 'runtime' && origin.beside ? { beside: origin.beside } : {}),
    summary,
    evidence,
  };
}

/** Nothing to judge: a missing measurement never confirms. */
export function notMeasured(id: number, what: string): Claim {
  return claimOf(id, 'inconclusive', `not measured in this run: ${what}`, {});
}

/**
 * Only the emulation was measured, and it is built the way the claim says:
 * its figure is shown, never taken as a verdict.
 */
export function builtIn(
  id: number,
  summary: string,
  evidence: Claim['evidence'],
  runtimeAbsent: string,
  effect?: Effect,
): Claim {
  return claimOf(
    id,
    'not-judged',
    `${summary}. Not judged: the emulation builds this in, and ${runtimeAbsent}`,
    evidence,
    effect,
  );
}
