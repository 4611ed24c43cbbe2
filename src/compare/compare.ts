// Compares the metrics of two results documents trial by trial: a change
// counts only when it is both significant (Mann–Whitney U across trials,
// p < alpha) and larger than the threshold. Every metric here is a time, so
// larger is worse.
import type { MetricResult, ResultsDocument, Trial } from '../results/schema.js';
import { median } from '../stats/distribution.js';
import { mannWhitneyU, smallestPValue } from '../stats/mannWhitney.js';
import { medianInterval } from '../stats/medianInterval.js';
import { hostDifferences } from './hostDifferences.js';

export type GateStatistic = 'p50' | 'p90' | 'p99' | 'p999' | 'mean' | 'max';
export type Verdict = 'regressed' | 'improved' | '~' | 'insufficient';

export interface CompareOptions {
  alpha: number;
  /** Percent. */
  thresholdPct: number;
  /** Percent per metric id pattern ('*' matches anything), first match wins. */
  metricThresholds: { pattern: string; thresholdPct: number }[];
  statistic: GateStatistic;
}

export const defaultCompareOptions: CompareOptions = {
  alpha: 0.05,
  thresholdPct: 5,
  metricThresholds: [],
  statistic: 'p50',
};

export interface Side {
  valueNs: number;
  ciNs: [number, number];
  ciConfidence: number;
  trials: number;
}

export interface ComparedMetric {
  id: string;
  statistic: GateStatistic;
  base: Side;
  next: Side;
  changePct: number;
  pValue: number;
  thresholdPct: number;
  verdict: Verdict;
  /** Why the verdict is 'insufficient'. */
  reason?: string;
}

export interface Comparison {
  rows: ComparedMetric[];
  onlyInBase: string[];
  onlyInNext: string[];
  hostDifferences: string[];
  options: CompareOptions;
}

/** A comparison with the names of the files compared. */
export interface NamedComparison {
  base: string;
  next: string;
  comparison: Comparison;
}

function trialValues(trials: Trial[], statistic: GateStatistic): number[] {
  return trials.flatMap((t) => (t.statsNs ? [t.statsNs[statistic]] : []));
}

function side(values: number[]): Side {
  const ci = medianInterval(values);
  return {
    valueNs: values.length ? median(values) : Number.NaN,
    ciNs: ci ? [ci.lowNs, ci.highNs] : [Number.NaN, Number.NaN],
    ciConfidence: ci?.confidence ?? 0,
    trials: values.length,
  };
}

function globMatches(pattern: string, id: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(id);
}

export function thresholdFor(id: string, options: CompareOptions): number {
  return options.metricThresholds.find((t) => globMatches(t.pattern, id))?.thresholdPct ?? options.thresholdPct;
}

/** Trials each side needs before the exact test can reach `alpha`. */
export function trialsNeeded(alpha: number): number {
  let n = 2;
  while (smallestPValue(n, n) > alpha && n < 100) n++;
  return n;
}

export function compareMetric(base: MetricResult, next: MetricResult, options: CompareOptions): ComparedMetric {
  const x = trialValues(base.trials, options.statistic);
  const y = trialValues(next.trials, options.statistic);
  const b = side(x),
    n = side(y);
  const thresholdPct = thresholdFor(base.id, options);
  const changePct = ((n.valueNs - b.valueNs) / b.valueNs) * 100;
  const row = { id: base.id, statistic: options.statistic, base: b, next: n, changePct, thresholdPct };
  if (x.length === 0 || y.length === 0 || smallestPValue(x.length, y.length) > options.alpha) {
    return {
      ...row,
      pValue: Number.NaN,
      verdict: 'insufficient',
      reason: `${x.length} vs ${y.length} trials cannot reach p < ${options.alpha}; need at least ${trialsNeeded(options.alpha)} trials on each side`,
    };
  }
  const { pValue } = mannWhitneyU(x, y);
  const significant = pValue < options.alpha && Math.abs(changePct) >= thresholdPct;
  const verdict: Verdict = !significant ? '~' : changePct > 0 ? 'regressed' : 'improved';
  return { ...row, pValue, verdict };
}

function metricsById(doc: ResultsDocument): Map<string, MetricResult> {
  const map = new Map<string, MetricResult>();
  for (const p of doc.probes) if (p.status === 'ok') for (const m of p.metrics) map.set(m.id, m);
  return map;
}

export function compareDocuments(
  base: ResultsDocument,
  next: ResultsDocument,
  options = defaultCompareOptions,
): Comparison {
  const baseMetrics = metricsById(base),
    nextMetrics = metricsById(next);
  const rows: ComparedMetric[] = [];
  for (const [id, metric] of baseMetrics) {
    const other = nextMetrics.get(id);
    if (other) rows.push(compareMetric(metric, other, options));
  }
  return {
    rows,
    onlyInBase: [...baseMetrics.keys()].filter((id) => !nextMetrics.has(id)),
    onlyInNext: [...nextMetrics.keys()].filter((id) => !baseMetrics.has(id)),
    hostDifferences: hostDifferences(base.host, next.host),
    options,
  };
}
