// Compares results documents metric by metric, across trials, and decides
// which changes are regressions. The decision rules (ARCHITECTURE.md and the
// README's "Regression gating in CI" say the same in fewer words):
//
// 1. A declared gated set. The catalogue's headline metrics and the derived
//    migration penalties are gated; detail and split metrics are reported,
//    not gated (`gate: 'all'` gates them too). A row that cannot be judged
//    (no data, too few trials or samples) is shown as such and never fails.
//
// 2. Effects against noise. Each trial is a run (its own process), so the
//    unit of evidence is the trial's statistic (p50 by default). The effect
//    is the Hodges–Lehmann shift of log values, i.e. a ratio new/base, with
//    its interval from inverting the Mann–Whitney U test. A metric's
//    threshold is the largest of the requested one (5%), the baseline's
//    run-to-run noise (the standard deviation of log trial values within a
//    run, and of the runs' medians when several baselines are given), and,
//    for a bimodal metric, the gap between its two regimes. So a metric is
//    never judged against a threshold below its own noise; an unstable
//    metric (cv > 10%) gets a threshold at least that large; and a bimodal
//    one cannot fail by switching regime: a different mix of regimes moves
//    its trials by at most the gap, so only a change larger than the gap
//    counts. A change is beyond the threshold when the test of "the shift is
//    at most the threshold" rejects (for a rise; "at least −threshold" for a
//    fall), which, by the duality of test and interval, is when the effect's
//    interval lies wholly beyond the threshold; both are checked.
//
// 3. Error rate across the gated set. Those p-values are adjusted with
//    Benjamini–Hochberg at `alpha` across the gated rows that could be
//    judged (reported rows form their own family). When nothing changed,
//    every flag is false and BH bounds P(any flag) by alpha: the A/A
//    property the gate needs. When something changed, it usually moves many
//    metrics, and BH's power grows with the number of real effects, whereas
//    Holm would need one p below alpha/m: with 5 trials a side the smallest
//    exact two-sided p is 2/252 ≈ 0.008, above 0.05/60, so Holm could never
//    flag anything in a ~60-metric gate. Latencies measured on one host are
//    positively dependent, the case (PRDS) in which BH keeps its guarantee.
import { globMatcher } from '../format/glob.js';
import type { MetricResult, ResultsDocument } from '../results/schema.js';
import { median } from '../stats/distribution.js';
import { mannWhitneyU, smallestPValue } from '../stats/mannWhitney.js';
import { medianInterval } from '../stats/medianInterval.js';
import { adjustPValues, type Correction } from '../stats/multipleTesting.js';
import { shiftInterval } from '../stats/shift.js';
import { pooledStandardDeviation, standardDeviation } from '../stats/spread.js';
import { twoModes } from '../stats/modes.js';
import { metricAlone, sideInputs, type GateStatistic, type RowRole, type SideInput } from './gateInputs.js';
import { hostDifferences } from './hostDifferences.js';

export type { GateStatistic, RowRole } from './gateInputs.js';
export type Verdict = 'regressed' | 'improved' | '~' | 'insufficient';
/** 'headline': headline metrics and derived figures; 'all': every metric. */
export type GateSet = 'headline' | 'all';

export interface CompareOptions {
  /** False discovery rate (BH) or family-wise rate (Holm) over the gated metrics; 1 − the intervals' confidence. */
  alpha: number;
  /** Percent: the smallest threshold; a metric's own noise can raise it, never lower it. */
  thresholdPct: number;
  /** Percent per metric id pattern ('*' matches anything), first match wins; also never below the noise. */
  metricThresholds: { pattern: string; thresholdPct: number }[];
  statistic: GateStatistic;
  gate: GateSet;
  correction: Correction;
  /** Count trials marked disturbed (left out by default). */
  includeDisturbed: boolean;
  /** The threshold is at least this many times the baseline's run-to-run noise (a standard deviation). */
  noiseMultiple: number;
}

export const defaultCompareOptions: CompareOptions = {
  alpha: 0.05,
  thresholdPct: 5,
  metricThresholds: [],
  statistic: 'p50',
  gate: 'headline',
  correction: 'bh',
  includeDisturbed: false,
  noiseMultiple: 1,
};

/**
 * Below this many kept samples a trial's statistic is too coarse to gate on:
 * a p50 needs at least 5 samples (the p50 of 3 is one raw sample), a tail
 * quantile at least 5 samples above it (50 for a p90, 500 for a p99).
 */
export const MIN_SAMPLES: Record<GateStatistic, number> = { p50: 5, mean: 5, max: 5, p90: 50, p99: 500, p999: 5000 };

export interface Side {
  /** Median of the counted trials' statistic. */
  valueNs: number;
  /** Distribution-free interval of that median (NaN ends when fewer than two trials). */
  ciNs: [number, number];
  ciConfidence: number;
  /** Trials counted. */
  trials: number;
  /** Trials with data left out because they were marked disturbed. */
  disturbed: number;
  /** Runs (documents) the trials come from. */
  runs: number;
}

export interface Effect {
  /** 'ratio': estimate and interval are ratios new/base; 'difference': nanoseconds new − base. */
  scale: 'ratio' | 'difference';
  estimate: number;
  low: number;
  high: number;
  confidence: number;
}

export interface Threshold {
  /** The effective threshold, percent of the baseline. */
  pct: number;
  requestedPct: number;
  /** The baseline's run-to-run noise, percent. */
  noisePct: number;
  /** The gap between two regimes, percent (0 when the metric is not bimodal). */
  modeGapPct: number;
}

export interface ComparedMetric {
  id: string;
  kind: 'metric' | 'derived';
  role: RowRole;
  /** Part of the gate: its verdict can fail the comparison. */
  gated: boolean;
  statistic: GateStatistic;
  base: Side;
  next: Side;
  /** The effect estimate, percent (Hodges–Lehmann). */
  changePct: number;
  effect?: Effect;
  /** P-value of "changed by more than the threshold" (two-sided), NaN when not judged. */
  pValue: number;
  /** The p-value adjusted across its family (gated or reported rows). */
  qValue: number;
  thresholdPct: number;
  threshold?: Threshold;
  bimodal: boolean;
  unstable: boolean;
  verdict: Verdict;
  /** Why the row could not be judged, or why it is not gated. */
  reason?: string;
}

export interface GateSummary {
  /** Gated rows (judged or not). */
  gated: number;
  /** Gated rows that could be judged: the family the correction runs over. */
  judged: number;
  notJudged: number;
  /** Rows reported, not gated. */
  reported: number;
}

export interface Comparison {
  rows: ComparedMetric[];
  onlyInBase: string[];
  onlyInNext: string[];
  hostDifferences: string[];
  options: CompareOptions;
  /** Baseline documents pooled. */
  baseRuns: number;
  gate: GateSummary;
  /** Trials with data left out as disturbed, over all rows. */
  disturbedLeftOut: { base: number; next: number };
}

/** A comparison with the names of the files compared. */
export interface NamedComparison {
  base: string;
  next: string;
  comparison: Comparison;
  /** The baseline files when several were pooled. */
  baseFiles?: string[];
}

/** The requested threshold of a metric (before its noise is taken into account). */
export function thresholdFor(id: string, options: CompareOptions): number {
  return options.metricThresholds.find((t) => globMatcher(t.pattern)(id))?.thresholdPct ?? options.thresholdPct;
}

/** Trials each side needs before the exact test can reach `alpha` (and at least 3, to measure noise). */
export function trialsNeeded(alpha: number): number {
  let n = 3;
  while (smallestPValue(n, n) > alpha && n < 100) n++;
  return n;
}

function side(values: number[], disturbed: number, runs: number): Side {
  const ci = values.length >= 2 ? medianInterval(values) : undefined;
  return {
    valueNs: values.length ? median(values) : Number.NaN,
    ciNs: ci ? [ci.lowNs, ci.highNs] : [Number.NaN, Number.NaN],
    ciConfidence: ci?.confidence ?? 0,
    trials: values.length,
    disturbed,
    runs,
  };
}

/** Why a row cannot be judged, or undefined when it can. */
function notJudgeable(bases: SideInput[], next: SideInput, x: number[], y: number[], options: CompareOptions) {
  if (x.length === 0 && y.length === 0) return 'no data on either side: the metric measured nothing';
  if (x.length === 0) return 'no trials with data in the baseline';
  if (y.length === 0) return 'no trials with data in the new results';
  const needed = MIN_SAMPLES[options.statistic];
  const fewest = Math.min(next.samples, ...bases.filter((b) => b.values.length).map((b) => b.samples));
  if (fewest < needed)
    return `trials keep ${fewest} samples; a trial's ${options.statistic} needs at least ${needed} to be gated on`;
  if (x.length < 3 || y.length < 3 || smallestPValue(x.length, y.length) > options.alpha)
    return `${x.length} vs ${y.length} trials with data cannot reach p < ${options.alpha}; need at least ${trialsNeeded(options.alpha)} trials on each side`;
  return undefined;
}

/** The gap between two regimes as a fraction of the lower one (ratio) or in ns (difference). */
function modeGap(modes: SideInput['modes'], scale: Effect['scale']): number {
  if (!modes) return 0;
  const [low, high] = modes;
  if (scale === 'difference') return high.valueNs - low.valueNs;
  return low.valueNs > 0 ? high.valueNs / low.valueNs - 1 : 0;
}

interface Judged {
  row: ComparedMetric;
  /** Threshold in transformed units (log ratio or ns), for the final verdict. */
  tau: number;
  /** Interval of the shift in transformed units. */
  low: number;
  high: number;
  direction: 'up' | 'down';
}

/** Computes a row's effect, threshold and p-value; its verdict waits for the family's adjustment. */
function judgeRow(bases: SideInput[], next: SideInput, options: CompareOptions): Judged | ComparedMetric {
  const x = bases.flatMap((b) => b.values),
    y = next.values;
  const first = bases[0]!;
  const row = {
    id: next.id,
    kind: next.kind,
    role: next.role,
    gated: next.role === 'headline' || next.role === 'derived' || options.gate === 'all',
    statistic: options.statistic,
    base: side(
      x,
      bases.reduce((s, b) => s + b.disturbed, 0),
      bases.length,
    ),
    next: side(y, next.disturbed, 1),
    bimodal: [...bases, next].some((s) => s.modes !== undefined) || twoModes(x) !== undefined,
    unstable: [...bases, next].some((s) => s.unstable),
  };
  const notJudged = notJudgeable(bases, next, x, y, options);
  if (notJudged)
    return {
      ...row,
      changePct: row.base.valueNs > 0 ? ((row.next.valueNs - row.base.valueNs) / row.base.valueNs) * 100 : Number.NaN,
      pValue: Number.NaN,
      qValue: Number.NaN,
      thresholdPct: thresholdFor(next.id, options),
      verdict: 'insufficient',
      reason: notJudged,
    };

  // A difference (the migration penalty) or a metric with a non-positive value is compared in ns, else as a ratio.
  const scale: Effect['scale'] =
    first.kind === 'derived' || [...x, ...y].some((v) => !(v > 0)) ? 'difference' : 'ratio';
  const f = scale === 'ratio' ? Math.log : (v: number) => v;
  const runs = bases.map((b) => b.values.map(f)).filter((r) => r.length > 0);
  const fx = runs.flat(),
    fy = y.map(f);
  const within = pooledStandardDeviation(runs);
  const between = runs.length >= 2 ? standardDeviation(runs.map((r) => median(r))) : 0;
  const noise = options.noiseMultiple * Math.max(within, between);
  const pooledModes = twoModes(x);
  const gap = Math.max(...[...bases, next].map((s) => modeGap(s.modes, scale)), modeGap(pooledModes, scale));
  const requestedPct = thresholdFor(next.id, options);
  const baseAbs = Math.abs(row.base.valueNs);
  let tau: number, threshold: Threshold;
  if (scale === 'ratio') {
    tau = Math.max(Math.log1p(requestedPct / 100), noise, Math.log1p(gap));
    threshold = { pct: Math.expm1(tau) * 100, requestedPct, noisePct: Math.expm1(noise) * 100, modeGapPct: gap * 100 };
  } else {
    tau = Math.max((requestedPct / 100) * baseAbs, noise, gap);
    const pct = (v: number) => (baseAbs > 0 ? (v / baseAbs) * 100 : Number.POSITIVE_INFINITY);
    threshold = { pct: pct(tau), requestedPct, noisePct: pct(noise), modeGapPct: pct(gap) };
  }
  const shift = shiftInterval(fx, fy, 1 - options.alpha)!;
  const up = mannWhitneyU(
    fy.map((v) => v - tau),
    fx,
    'greater',
  ).pValue;
  const down = mannWhitneyU(
    fy.map((v) => v + tau),
    fx,
    'less',
  ).pValue;
  const effect: Effect =
    scale === 'ratio'
      ? {
          scale,
          estimate: Math.exp(shift.estimate),
          low: Math.exp(shift.low),
          high: Math.exp(shift.high),
          confidence: shift.confidence,
        }
      : { scale, estimate: shift.estimate, low: shift.low, high: shift.high, confidence: shift.confidence };
  const changePct =
    scale === 'ratio' ? Math.expm1(shift.estimate) * 100 : baseAbs > 0 ? (shift.estimate / baseAbs) * 100 : Number.NaN;
  const meaningful = first.kind !== 'derived' || (medianInterval(x)?.lowNs ?? 0) > 0;
  return {
    row: {
      ...row,
      gated: row.gated && meaningful,
      changePct,
      effect,
      pValue: Math.min(1, 2 * Math.min(up, down)),
      qValue: Number.NaN,
      thresholdPct: threshold.pct,
      threshold,
      verdict: '~',
      ...(meaningful ? {} : { reason: "not gated: the baseline's penalty is not clearly above zero" }),
    },
    tau,
    low: shift.low,
    high: shift.high,
    direction: up <= down ? 'up' : 'down',
  };
}

/** Adjusts the p-values of one family and sets the verdicts of its rows. */
function decide(family: Judged[], options: CompareOptions): void {
  const q = adjustPValues(
    family.map((j) => j.row.pValue),
    options.correction,
  );
  family.forEach((j, i) => {
    j.row.qValue = q[i]!;
    const significant = q[i]! <= options.alpha;
    if (significant && j.direction === 'up' && j.low > j.tau) j.row.verdict = 'regressed';
    else if (significant && j.direction === 'down' && j.high < -j.tau) j.row.verdict = 'improved';
    else j.row.verdict = '~';
  });
}

function judgeAll(pairs: { bases: SideInput[]; next: SideInput }[], options: CompareOptions): ComparedMetric[] {
  const judged = pairs.map(({ bases, next }) => judgeRow(bases, next, options));
  const full = judged.filter((j): j is Judged => 'tau' in j);
  decide(
    full.filter((j) => j.row.gated),
    options,
  );
  decide(
    full.filter((j) => !j.row.gated),
    options,
  );
  return judged.map((j) => ('tau' in j ? j.row : j));
}

/**
 * Compares new results with one or more baseline runs of the same plan: a
 * metric's baseline trials are pooled over the runs, and its noise is the
 * larger of the spread within a run and the spread of the runs' medians.
 */
export function compareRuns(
  bases: ResultsDocument[],
  next: ResultsDocument,
  options: CompareOptions = defaultCompareOptions,
): Comparison {
  if (bases.length === 0) throw new RangeError('a comparison needs at least one baseline');
  const inputOptions = { statistic: options.statistic, includeDisturbed: options.includeDisturbed };
  const baseInputs = bases.map((b) => sideInputs(b, inputOptions));
  const nextInputs = sideInputs(next, inputOptions);
  const baseIds = [...new Set(baseInputs.flatMap((m) => [...m.keys()]))];
  const pairs = baseIds.flatMap((id) => {
    const n = nextInputs.get(id);
    return n ? [{ bases: baseInputs.flatMap((m) => m.get(id) ?? []), next: n }] : [];
  });
  const rows = judgeAll(pairs, options);
  const gated = rows.filter((r) => r.gated);
  const measured = rows.filter((r) => r.kind === 'metric'); // derived rows reuse their metrics' trials
  return {
    rows,
    onlyInBase: baseIds.filter((id) => !nextInputs.has(id)),
    onlyInNext: [...nextInputs.keys()].filter((id) => !baseInputs.some((m) => m.has(id))),
    hostDifferences: [...new Set(bases.flatMap((b) => hostDifferences(b.host, next.host)))],
    options,
    baseRuns: bases.length,
    gate: {
      gated: gated.length,
      judged: gated.filter((r) => r.verdict !== 'insufficient').length,
      notJudged: gated.filter((r) => r.verdict === 'insufficient').length,
      reported: rows.length - gated.length,
    },
    disturbedLeftOut: {
      base: measured.reduce((s, r) => s + r.base.disturbed, 0),
      next: measured.reduce((s, r) => s + r.next.disturbed, 0),
    },
  };
}

export function compareDocuments(
  base: ResultsDocument,
  next: ResultsDocument,
  options: CompareOptions = defaultCompareOptions,
): Comparison {
  return compareRuns([base], next, options);
}

/** One metric judged alone, as a gated family of one. */
export function compareMetric(
  base: MetricResult,
  next: MetricResult,
  options: CompareOptions = defaultCompareOptions,
): ComparedMetric {
  const inputOptions = { statistic: options.statistic, includeDisturbed: options.includeDisturbed };
  return judgeAll([{ bases: [metricAlone(base, inputOptions)], next: metricAlone(next, inputOptions) }], options)[0]!;
}
