// What a strategy measurement says, reduced to the figures a model is held
// against: medians over trials of the per-trial p50 and p99.
import type { MetricResult } from '../results/schema.js';
import { median } from '../stats/sampleSummary.js';
import { trialMedian } from '../results/trialFigures.js';

export interface Measured {
  p50: number;
  p99: number;
  trials: number;
}

export function measuredOf(metric: MetricResult): Measured | undefined {
  const trials = metric.trials.filter((t) => t.statsNs).length;
  if (trials === 0) return undefined;
  return { p50: trialMedian(metric, (s) => s.p50), p99: trialMedian(metric, (s) => s.p99), trials };
}

/** Median over trials of a counter ratio, e.g. iterations per second. */
export function counterRate(
  metric: MetricResult,
  numerator: string,
  denominator: string,
  scale = 1,
): number | undefined {
  const rates = metric.trials.flatMap((t) => {
    const n = t.counters?.[numerator],
      d = t.counters?.[denominator];
    return n !== undefined && d ? [(n / d) * scale] : [];
  });
  return rates.length ? median(rates) : undefined;
}

export function relativeError(predicted: number, measured: number): number {
  return (predicted - measured) / measured;
}

/** Smallest and largest error of a prediction against each trial's own value: its spread over trials. */
export function errorOverTrials(
  predicted: number,
  perTrial: number[],
  error: (predicted: number, measured: number) => number = relativeError,
): [number, number] | undefined {
  const errors = perTrial.filter(Number.isFinite).map((m) => error(predicted, m));
  return errors.length ? [Math.min(...errors), Math.max(...errors)] : undefined;
}

/** Each trial's p50 of a metric. */
export function trialP50s(metric: MetricResult): number[] {
  return metric.trials.flatMap((t) => (t.statsNs ? [t.statsNs.p50] : []));
}

/** Each trial's counter ratio, e.g. iterations per second. */
export function counterRatePerTrial(metric: MetricResult, numerator: string, denominator: string, scale = 1): number[] {
  return metric.trials.flatMap((t) => {
    const n = t.counters?.[numerator],
      d = t.counters?.[denominator];
    return n !== undefined && d ? [(n / d) * scale] : [];
  });
}
