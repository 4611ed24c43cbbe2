// What every judge reads a results document with: metrics found by probe,
// metric and parameters; per-trial figures; trial-paired differences.
import type { Claim, MetricResult, ResultsDocument } from '../../results/schema.js';
import { CLAIM_STATEMENTS, Param } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import { median } from '../../stats/distribution.js';
import { medianInterval } from '../../stats/medianInterval.js';

type PlacementKind = ResultsDocument['probes'][number]['placement']['kind'];

export type Find = (
  probe: string,
  metric: string,
  params?: Record<string, number>,
  placement?: PlacementKind,
) => MetricResult | undefined;

export function finder(doc: ResultsDocument): Find {
  return (probe, metric, params = {}, placement) =>
    doc.probes
      .filter(
        (p) =>
          p.probe === probe &&
          p.status === 'ok' &&
          p.params[Param.idlePoll] === undefined &&
          (placement === undefined || p.placement.kind === placement),
      )
      .flatMap((p) => p.metrics)
      .find((m) => m.metric === metric && Object.entries(params).every(([k, v]) => m.params[k] === v));
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
    !interval || n < 5 ? 'unclear' : interval.lowNs > 0 ? 'larger' : interval.highNs <= 0 ? 'notLarger' : 'unclear';
  return { medianNs: n ? median(differences) : Number.NaN, interval, trials: n, sign };
}

export function verdictOf(sign: Sign): Claim['verdict'] {
  return sign === 'larger' ? 'confirmed' : sign === 'notLarger' ? 'refuted' : 'inconclusive';
}

export function intervalText(d: ReturnType<typeof pairedDifference>): string {
  if (!d.interval || d.trials < 5) return `too few paired trials (${d.trials}; 5 needed) to tell`;
  return `paired over ${d.trials} trials: ${formatNs(d.interval.lowNs)} to ${formatNs(d.interval.highNs)} (${(100 * d.interval.confidence).toFixed(1)}% interval)`;
}

/** A claim with its statement from the catalogue. */
export function claimOf(id: number, verdict: Claim['verdict'], summary: string, evidence: Claim['evidence']): Claim {
  return { id, claim: CLAIM_STATEMENTS[id]!, verdict, summary, evidence };
}

export function notMeasured(id: number, what: string): Claim {
  return claimOf(id, 'inconclusive', `not measured in this run: ${what}`, {});
}
