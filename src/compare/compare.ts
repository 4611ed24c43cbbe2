// Compares results documents metric by metric, across trials, and decides
// which changes are regressions. The decision rules (ARCHITECTURE.md and the
// README's "Regression gating in CI" say the same in fewer words):
//
// 1. A declared gated set. The catalogue's headline metrics and the derived
//    migration penalties are gated; detail and split metrics are reported,
//    not gated (`gate: 'all'` gates them too). A row that cannot be judged
//    (no data, too few trials or samples) is shown as such and never fails.
//
// 2. Effects against noise. Each trial runs in its own process, so the unit
//    of evidence is the trial's statistic (p50 by default), taken as a log
//    (a ratio new/base). The effect is the difference of the mean logs, a
//    ratio of geometric means, with Welch's interval. A row's threshold τ
//    comes from the baseline alone, never from the run being judged: the
//    largest of the requested one (10%), the baseline's run-to-run noise
//    (within a run, a MAD-based σ that one outlying trial cannot inflate;
//    across several baselines, the spread of their means), and, for a
//    metric whose baseline trials fall into two regimes, the gap between
//    them. A new slow regime in the new run is therefore a change, not a
//    reason to widen the threshold.
//
// 3. The test. Welch's one-sided test of "the shift exceeds τ" (for a
//    rise; "below −τ" for a fall), each side's variance floored at the
//    baseline's noise, and the same test of the new trials' median against
//    the baseline's spread, which a new slow regime in most trials cannot
//    escape by inflating its own variance: per direction, the smaller p of
//    the two, Bonferroni-adjusted. These p-values fall with the size of the
//    shift, so one row alone can fail the gate: a rank test with five trials
//    a side cannot go below 1/126, which no correction lets through.
//    In a document without levels measured before its trials (older ones),
//    a cross-CPU row whose rounds fell into two host regimes (regimes.ts) is
//    instead fitted with the regime as a covariate and judged on the shift
//    within the regime both runs share.
//
// 3a. What the host moves between runs (the catalogue's `movesWith`). The
//    unit of replication is the run, and one baseline run cannot show how far
//    the host moves a metric from run to run. A wake of a blocked thread on
//    another CPU follows the host's cross-CPU wake level, measured on its
//    CPUs just before each trial: such a row is judged relative to it, the
//    probe's other cross-CPU rows take it as a covariate whose slope the
//    trials tell (adjustedShift), bounded by what one wake can add, and a
//    threshold that grows with the level's move between the two runs (the
//    one place the judged run moves a threshold: such a row is not where a
//    slower wake path shows), and the level is a row of its own whose
//    threshold allows for the host's moves (catalogue/calibration.ts). A
//    row that moves with host state the run cannot see (cache sharing
//    between the CPUs, where unpinned threads land) is gated only against a
//    history of at least HISTORY_MIN_RUNS baseline runs, whose spread
//    measures those moves: its threshold is then at least the runs' 95%
//    prediction band; against fewer it is reported, not gated.
//
// 4. Error rates. The families are the probes: a regression of a primitive
//    moves that probe's rows, and a lone row must be able to pass its
//    family's correction (BH across the ~30 rows judged against one
//    baseline asks p ≤ 0.0017 of one row, across the ~60 judged against a
//    history p ≤ 0.0008: five trials a side reach that only for shifts of
//    ×2 and more).
//    Rises and falls are separate one-sided families: a rise fails the gate,
//    a fall is news (it fails only with --fail-on change, where each
//    direction keeps its own rate), and neither spends the other's. Within a family
//    the p-values are adjusted with Benjamini–Hochberg at `alpha` (gated and
//    reported rows apart). Across families nothing is bounded by the
//    arithmetic alone; the nulls are "moved by at most τ", so a row the
//    host leaves alone sits far inside them and its test rarely fires: the
//    A/A study (npm run bench) measures the rate per pair of runs. A row
//    whose interval lies beyond its threshold but does not survive the
//    correction says so.
import { globMatcher } from '../format/glob.js';
import type { MetricResult, ResultsDocument } from '../results/schema.js';
import { median } from '../stats/sampleSummary.js';
import { medianInterval } from '../stats/medianInterval.js';
import { adjustPValues, type Correction } from '../stats/multipleTesting.js';
import { madScale } from '../stats/robustScale.js';
import { medianShift } from '../stats/medianShift.js';
import { standardDeviation } from '../stats/spread.js';
import { twoModes } from '../stats/modes.js';
import { welchShift } from '../stats/welch.js';
import { studentTQuantileUpper } from '../stats/studentT.js';
import { adjustedShift } from '../stats/adjustedShift.js';
import type { ShiftTests } from '../stats/tShift.js';
import { regimeSplit } from './regimes.js';
import {
  crossWakeLevelId,
  metricAlone,
  sideInputs,
  type GateStatistic,
  type RowRole,
  type SideInput,
} from './gateInputs.js';
import { hostDifferences } from './hostDifferences.js';
import { DiagnosticCode } from '../catalogue/index.js';
import type { RowNote } from './rowNote.js';

export type { GateStatistic, RowRole } from './gateInputs.js';
export type Verdict = 'regressed' | 'improved' | '~' | 'insufficient';
/** 'headline': headline metrics and derived figures; 'all': every metric. */
export type GateSet = 'headline' | 'all';

export interface CompareOptions {
  /** False discovery rate (BH) or family-wise rate (Holm) within each probe's rows, per direction; 1 − the intervals' confidence. */
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
  /** The threshold is at least this many times the baseline's run-to-run noise (a robust standard deviation). */
  noiseMultiple: number;
  /**
   * Both sides were measured interleaved, round by round (`schedcost ab`):
   * they share the host's states, so rows that move with them are gated
   * without a history.
   */
  interleaved: boolean;
}

export const defaultCompareOptions: CompareOptions = {
  alpha: 0.05,
  thresholdPct: 10,
  metricThresholds: [],
  statistic: 'p50',
  gate: 'headline',
  correction: 'bh',
  includeDisturbed: false,
  noiseMultiple: 1,
  interleaved: false,
};

/**
 * Below this many kept samples a trial's statistic is too coarse to gate on:
 * a p50 needs at least 5 samples (the p50 of 3 is one raw sample), a tail
 * quantile at least 5 samples above it (50 for a p90, 500 for a p99).
 */
const MIN_SAMPLES: Record<GateStatistic, number> = { p50: 5, mean: 5, max: 5, p90: 50, p99: 500, p999: 5000 };

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
  /**
   * Added for the wake level's move between the runs, percent (0 unless the
   * row takes the level as a covariate): LEVEL_MOVE_ALLOWANCE of the move.
   */
  levelMovePct: number;
  /** What set it before the level's move was added: the largest of the three. */
  setBy: ThresholdSource;
}

export type ThresholdSource = 'requested' | 'noise' | 'regime gap';

/** The largest of the requested threshold, the noise and the regimes' gap (log or ns units). */
function sourceOf(requested: number, noise: number, gap: number): ThresholdSource {
  return gap > 0 && gap >= Math.max(requested, noise) ? 'regime gap' : noise > requested ? 'noise' : 'requested';
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
  /** The effect estimate, percent (the ratio of geometric means of the trials' statistic). */
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
  /** Judged on each trial's value relative to the cross-CPU wake level measured just before it. */
  relativeTo?: 'wakeLevel';
  /** Gated by its role, but not here: it moves with host state and the baseline runs are fewer than HISTORY_MIN_RUNS. */
  ungatedBy?: 'hostState';
  verdict: Verdict;
  /** Why the row could not be judged or is not gated, or what its verdict needs said. */
  notes: RowNote[];
}

export interface GateSummary {
  /** Gated rows (judged or not). */
  gated: number;
  /** Gated rows that could be judged: the family the correction runs over. */
  judged: number;
  notJudged: number;
  /** Rows reported, not gated. */
  reported: number;
  /** Of those, rows gated by role but not here: they move with host state and the baseline runs are too few. */
  ungatedByHostState: number;
  /** Baseline runs from which such rows are gated. */
  historyMinRuns: number;
  /** The row of the host's cross-CPU wake level, when the documents measured it. */
  wakeLevelRow?: string;
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

/** A row that moves with host state is gated against at least this many baseline runs. */
const HISTORY_MIN_RUNS = 3;

/**
 * The requested threshold of a metric (before its noise is taken into
 * account); `allowancePct`: its own, when it moves with host state and the
 * baseline runs are too few to measure how far.
 */
function thresholdFor(id: string, options: CompareOptions, allowancePct?: number): number {
  const named = options.metricThresholds.find((t) => globMatcher(t.pattern)(id))?.thresholdPct;
  return named ?? allowancePct ?? options.thresholdPct;
}

/** Trials each side needs to be judged: enough to measure its own spread. */
export const MIN_TRIALS = 4;

/** Below this relative spread a log statistic is at its clock's resolution: the variance floor's own floor. */
const RESOLUTION = 1e-3;

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
function notJudgeable(
  bases: SideInput[],
  next: SideInput,
  x: number[],
  y: number[],
  options: CompareOptions,
): RowNote | undefined {
  if (x.length === 0 || y.length === 0) {
    const side = x.length === 0 && y.length === 0 ? 'both' : x.length === 0 ? 'base' : 'next';
    return { code: DiagnosticCode.noData, params: { side } };
  }
  const needed = MIN_SAMPLES[options.statistic];
  const fewest = Math.min(next.samples, ...bases.filter((b) => b.values.length).map((b) => b.samples));
  if (fewest < needed)
    return { code: DiagnosticCode.tooFewSamples, params: { samples: fewest, statistic: options.statistic, needed } };
  if (x.length < MIN_TRIALS || y.length < MIN_TRIALS)
    return {
      code: DiagnosticCode.tooFewTrials,
      params: { baseTrials: x.length, nextTrials: y.length, needed: MIN_TRIALS },
    };
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
  /** One-sided p-values of "rose by more than τ" and "fell by more than τ", each over the row's tests. */
  pUp: number;
  pDown: number;
}

/** Computes a row's effect, threshold and p-value; its verdict waits for the family's adjustment. */
function judgeRow(bases: SideInput[], next: SideInput, options: CompareOptions): Judged | ComparedMetric {
  const x = bases.flatMap((b) => b.values),
    y = next.values;
  const first = bases[0]!;
  const gatedByRole = next.role === 'headline' || next.role === 'derived' || options.gate === 'all';
  // Runs of the baseline that have data for this row: what a history is made of.
  const baseRunsWithData = bases.filter((b) => b.values.length > 0).length;
  const withoutHistory = next.movesWith === 'hostState' && baseRunsWithData < HISTORY_MIN_RUNS && !options.interleaved;
  // A row with an allowance for the host's moves (the wake level) stays gated, at that threshold.
  const allowancePct = withoutHistory ? next.withoutHistoryThresholdPct : undefined;
  const ungated = withoutHistory && allowancePct === undefined;
  const row = {
    id: next.id,
    kind: next.kind,
    role: next.role,
    gated: gatedByRole && !ungated,
    ...(gatedByRole && ungated ? { ungatedBy: 'hostState' as const } : {}),
    notes:
      gatedByRole && ungated ? [{ code: DiagnosticCode.ungatedHostState, params: { minRuns: HISTORY_MIN_RUNS } }] : [],
    statistic: options.statistic,
    base: side(
      x,
      bases.reduce((s, b) => s + b.disturbed, 0),
      bases.length,
    ),
    next: side(y, next.disturbed, 1),
    bimodal: bases.some((s) => s.modes !== undefined) || twoModes(x) !== undefined,
    unstable: bases.some((s) => s.unstable),
  };
  // A row shown with why it could not be judged: its medians' change, no test.
  const insufficient = (note: RowNote, threshold?: Threshold): ComparedMetric => ({
    ...row,
    changePct: row.base.valueNs > 0 ? ((row.next.valueNs - row.base.valueNs) / row.base.valueNs) * 100 : Number.NaN,
    pValue: Number.NaN,
    qValue: Number.NaN,
    thresholdPct: threshold?.pct ?? thresholdFor(next.id, options, allowancePct),
    ...(threshold ? { threshold } : {}),
    verdict: 'insufficient',
    notes: [note],
  });
  const notJudged = notJudgeable(bases, next, x, y, options);
  if (notJudged) return insufficient(notJudged);

  // A difference (the migration penalty) or a metric with a non-positive value is compared in ns, else as a ratio.
  const scale: Effect['scale'] =
    first.kind === 'derived' || [...x, ...y].some((v) => !(v > 0)) ? 'difference' : 'ratio';
  const f = scale === 'ratio' ? Math.log : (v: number) => v;
  // A wake across CPUs: each trial relative to its round's cross-CPU wake level.
  const leveled = scale === 'ratio' && next.levelsNs !== undefined && bases.every((b) => b.levelsNs);
  const relative = leveled && next.movesWith === 'wakeLevel';
  const judgedValues = (s: SideInput) => (relative ? s.values.map((v, i) => v / s.levelsNs![i]!) : s.values);
  const runs = bases.map((b) => judgedValues(b).map(f)).filter((r) => r.length > 0);
  const fx = runs.flat(),
    fy = judgedValues(next).map(f);
  // Any other cross-CPU row whose rounds fell into two host regimes is compared within them.
  const baseCalibrations = bases.every((b) => b.calibrationsNs) ? bases.flatMap((b) => b.calibrationsNs!) : undefined;
  // What the host moves between runs, against a history: its threshold is the history's prediction band.
  const againstHistory = next.movesWith === 'hostState' && baseRunsWithData >= HISTORY_MIN_RUNS;
  // Any other row measured with the level: the level as a covariate whose slope the trials tell.
  const covaried = leveled && !relative && !againstHistory;
  const split =
    !leveled && !againstHistory && baseCalibrations && next.calibrationsNs
      ? regimeSplit(baseCalibrations, next.calibrationsNs)
      : undefined;
  const logLevels = (s: SideInput) => s.levelsNs!.map(Math.log);
  // A row the catalogue says nothing of contains at most one wake across CPUs: in ns it moves by at
  // most what the level moves. (What moves with host state follows the level as a sign of where the
  // host put the CPUs, by any slope.)
  const slopeBounds: [number, number] | undefined =
    covaried && next.movesWith === undefined
      ? [0, Math.min(1, median(bases.flatMap((b) => b.levelsNs!)) / median(x))]
      : undefined;
  const levelFit = covaried
    ? adjustedShift(fx, fy, bases.flatMap(logLevels), logLevels(next), 1 - options.alpha, RESOLUTION ** 2, slopeBounds)
    : undefined;
  if (covaried && !levelFit) return insufficient({ code: DiagnosticCode.levelsConfounded, params: {} });
  // The baseline's values with the level's part taken out, for its noise and regimes: by the slope
  // the baseline's own trials show, so that the run being judged cannot move its threshold.
  const fittedBaseSlope = levelFit ? levelSlope(runs, bases.map(logLevels)) : 0;
  const baseSlope = slopeBounds ? Math.min(Math.max(fittedBaseSlope, slopeBounds[0]), slopeBounds[1]) : fittedBaseSlope;
  const baseRuns = levelFit
    ? bases.map((b, k) => {
        const levels = logLevels(b);
        return runs[k]!.map((v, i) => v - baseSlope * levels[i]!);
      })
    : runs;
  // Within a run (and regime): a robust σ per group of baseline trials, pooled; across runs: the spread of their means.
  let offset = 0;
  const groups = baseRuns.flatMap((r) => {
    const inSlow = split ? split.inBase.slice(offset, (offset += r.length)) : r.map(() => false);
    const slow = r.filter((_, i) => inSlow[i]),
      fast = r.filter((_, i) => !inSlow[i]);
    return [slow, fast].filter((g) => g.length >= 2);
  });
  const within = groups.length ? Math.sqrt(groups.reduce((sum, g) => sum + madScale(g) ** 2, 0) / groups.length) : 0;
  const between =
    baseRuns.length >= 2 ? standardDeviation(baseRuns.map((r) => r.reduce((a, b) => a + b, 0) / r.length)) : 0;
  // A new run lands within ±t·σ·√(1 + 1/k) of k runs' mean 95% of the time (a prediction interval).
  const band = againstHistory
    ? studentTQuantileUpper(options.alpha / 2, runs.length - 1) * between * Math.sqrt(1 + 1 / runs.length)
    : 0;
  const noise = options.noiseMultiple * Math.max(within, split ? 0 : againstHistory ? band : between);
  // The gap between regimes the baseline's trials show; a split or the runs' spread accounts for it instead.
  const asValues = (r: number[]) => r.map(Math.exp);
  const baseModes = relative || levelFit ? baseRuns.map((r) => twoModes(asValues(r))) : bases.map((b) => b.modes);
  const pooledModes = twoModes(relative || levelFit ? asValues(baseRuns.flat()) : x);
  const gap =
    split || againstHistory ? 0 : Math.max(...baseModes.map((m) => modeGap(m, scale)), modeGap(pooledModes, scale));
  const requestedPct = thresholdFor(next.id, options, allowancePct);
  const baseAbs = Math.abs(row.base.valueNs);
  let tau: number, threshold: Threshold, resolution: number;
  if (scale === 'ratio') {
    tau = Math.max(Math.log1p(requestedPct / 100), noise, Math.log1p(gap));
    threshold = {
      pct: Math.expm1(tau) * 100,
      requestedPct,
      noisePct: Math.expm1(noise) * 100,
      modeGapPct: gap * 100,
      levelMovePct: 0,
      setBy: sourceOf(Math.log1p(requestedPct / 100), noise, Math.log1p(gap)),
    };
    resolution = RESOLUTION;
  } else {
    tau = Math.max((requestedPct / 100) * baseAbs, noise, gap);
    const pct = (v: number) => (baseAbs > 0 ? (v / baseAbs) * 100 : Number.POSITIVE_INFINITY);
    const requested = (requestedPct / 100) * baseAbs;
    threshold = {
      pct: pct(tau),
      requestedPct,
      noisePct: pct(noise),
      modeGapPct: pct(gap),
      levelMovePct: 0,
      setBy: sourceOf(requested, noise, gap),
    };
    resolution = RESOLUTION * Math.max(baseAbs, ...x.map(Math.abs));
  }
  const floor = Math.max(within, resolution) ** 2;
  let shift, tests: ShiftTests[];
  if (levelFit) {
    // The fit (its residuals, not the raw spread the level explains, bound the variance), and the
    // new trials' median against the baseline's spread with the level's part (by the fit's slope)
    // taken out: a new regime in most trials, which inflates the fit's residuals. Two tests per direction.
    const nextLevels = logLevels(next);
    const medianTest = medianShift(
      runs.flatMap((r, k) => {
        const levels = logLevels(bases[k]!);
        return r.map((v, i) => v - levelFit.conditionSlope * levels[i]!);
      }),
      fy.map((v, i) => v - levelFit.conditionSlope * nextLevels[i]!),
      floor,
    );
    shift = levelFit;
    tests = [levelFit, medianTest];
    // The fitted slope holds within runs; across runs the row moved by less (see LEVEL_MOVE_ALLOWANCE).
    const meanOf = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const levelMove = Math.abs(meanOf(nextLevels) - meanOf(bases.flatMap(logLevels)));
    tau += LEVEL_MOVE_ALLOWANCE * levelMove;
    threshold = {
      ...threshold,
      pct: Math.expm1(tau) * 100,
      levelMovePct: Math.expm1(LEVEL_MOVE_ALLOWANCE * levelMove) * 100,
    };
  } else if (split) {
    const regimeOf = (slow: boolean) => (slow ? 1 : 0);
    const adjusted = adjustedShift(
      fx,
      fy,
      split.inBase.map(regimeOf),
      split.inNext.map(regimeOf),
      1 - options.alpha,
      floor,
    );
    if (!adjusted)
      return insufficient(
        {
          code: DiagnosticCode.noSharedRegime,
          params: { baseCalibrationNs: split.baseMedianNs, nextCalibrationNs: split.nextMedianNs },
        },
        threshold,
      );
    shift = adjusted;
    tests = [adjusted];
  } else {
    shift = welchShift(fx, fy, 1 - options.alpha, floor);
    const medianTest = medianShift(fx, fy, floor);
    tests = [shift, medianTest];
  }
  // Per direction, the smallest p of the row's tests, times two: Bonferroni over the two tests, and
  // for the regime split's one test the same factor keeps p ≤ alpha exactly where its interval clears τ.
  const [pUp, pDown] = [(t: ShiftTests) => t.pAbove(tau), (t: ShiftTests) => t.pBelow(tau)].map((p) =>
    Math.min(1, 2 * Math.min(...tests.map(p))),
  ) as [number, number];
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
  return {
    row: {
      ...row,
      changePct,
      effect,
      pValue: Math.min(pUp, pDown),
      qValue: Number.NaN,
      thresholdPct: threshold.pct,
      threshold,
      ...(relative ? { relativeTo: 'wakeLevel' as const } : {}),
      verdict: '~',
    },
    tau,
    low: shift.low,
    high: shift.high,
    pUp,
    pDown,
  };
}

/**
 * The slope of log value on log level within the baseline's runs (each run
 * centred on its own means), or 0 when its levels barely vary: the part of a
 * row's spread the level explains, told by the baseline alone, for its
 * threshold.
 */
function levelSlope(runs: number[][], levels: number[][]): number {
  let sxx = 0,
    sxy = 0;
  runs.forEach((values, k) => {
    const l = levels[k]!;
    const mv = values.reduce((a, b) => a + b, 0) / values.length,
      ml = l.reduce((a, b) => a + b, 0) / l.length;
    values.forEach((v, i) => {
      sxx += (l[i]! - ml) ** 2;
      sxy += (l[i]! - ml) * (v - mv);
    });
  });
  return sxx > LEVEL_SPREAD ** 2 * levels.flat().length ? sxy / sxx : 0;
}

/**
 * A row that takes the wake level as a covariate (not a wake of it: tgkill's
 * delivery to a spinning thread, its sender's cost) follows the level within
 * a run by a slope its trials tell, but across runs it moved by 0.3–0.6 of
 * the level's move on the 2-vCPU VM, and a slope fitted within runs,
 * applied to a level the other run never saw, put A/A pairs 15–50% apart.
 * Its threshold therefore grows by this share of the level's move between
 * the runs (log of the mean levels), in both directions.
 */
const LEVEL_MOVE_ALLOWANCE = 0.5;

/** Below this spread of log levels within its runs (3%) the baseline cannot tell a slope. */
const LEVEL_SPREAD = 0.03;

/**
 * Adjusts the p-values of one family and sets the verdicts of its rows.
 * Rises and falls are two families of one-sided tests, each at alpha: a
 * regression fails the gate, an improvement is news, and neither spends the
 * other's error rate.
 */
function decide(family: Judged[], options: CompareOptions): void {
  const qUp = adjustPValues(
    family.map((j) => j.pUp),
    options.correction,
  );
  const qDown = adjustPValues(
    family.map((j) => j.pDown),
    options.correction,
  );
  family.forEach((j, i) => {
    const up = qUp[i]! <= options.alpha || (qDown[i]! > options.alpha && j.pUp <= j.pDown);
    const q = up ? qUp : qDown;
    j.row.pValue = up ? j.pUp : j.pDown;
    j.row.qValue = q[i]!;
    const significant = q[i]! <= options.alpha;
    const beyond = (up && j.low > j.tau) || (!up && j.high < -j.tau);
    if (significant) {
      j.row.verdict = up ? 'regressed' : 'improved';
      if (!beyond) j.row.notes.push({ code: DiagnosticCode.newRegimeInPart, params: {} });
    } else {
      j.row.verdict = '~';
      if (beyond)
        j.row.notes.push({
          code: DiagnosticCode.correctionNotSurvived,
          params: {
            pValue: j.row.pValue,
            direction: up ? 'rise' : 'fall',
            familyRows: family.length,
            qValue: q[i]!,
            alpha: options.alpha,
          },
        });
    }
  });
}

/** The judged rows by family (the probe), gated and reported apart. */
function families(judged: { judged: Judged; family: string }[]): Judged[][] {
  const byKey = new Map<string, Judged[]>();
  for (const { judged: j, family } of judged) {
    const key = `${j.row.gated ? 'gated' : 'reported'} ${family}`;
    const members = byKey.get(key);
    if (members) members.push(j);
    else byKey.set(key, [j]);
  }
  return [...byKey.values()];
}

function judgeAll(pairs: { bases: SideInput[]; next: SideInput }[], options: CompareOptions): ComparedMetric[] {
  const judged = pairs.map(({ bases, next }) => ({ judged: judgeRow(bases, next, options), family: next.family }));
  const full = judged.filter((j): j is { judged: Judged; family: string } => 'tau' in j.judged);
  for (const family of families(full)) decide(family, options);
  return judged.map(({ judged: j }) => ('tau' in j ? j.row : j));
}

/**
 * Compares new results with one or more baseline runs of the same plan: a
 * metric's baseline trials are pooled over the runs, and its noise is the
 * larger of the spread within a run and the spread of the runs' means.
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
      ungatedByHostState: rows.filter((r) => r.ungatedBy === 'hostState').length,
      historyMinRuns: HISTORY_MIN_RUNS,
      ...(rows.some((r) => r.id === crossWakeLevelId()) ? { wakeLevelRow: crossWakeLevelId() } : {}),
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
