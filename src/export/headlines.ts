// What an export carries per metric and statistic: the median over trials of
// each trial's p50, p99 or largest sample (throughput: of each trial's rate)
// with its distribution-free interval, unit and direction.
import { Counter, Metric, metricSpec, syscallStrategies } from '../catalogue/index.js';
import type { MetricResult, ProbeResult, ResultsDocument } from '../results/schema.js';
import { globMatcher } from '../format/glob.js';
import { median } from '../stats/sampleSummary.js';
import { medianInterval } from '../stats/medianInterval.js';

/** The statistics an export can carry, each the median over trials of that statistic of each trial. */
export const EXPORT_STATS = ['p50', 'p99', 'max'] as const;
export type ExportStat = (typeof EXPORT_STATS)[number];

export interface Headline {
  /** The metric's id; with a statistic other than p50, followed by `#p99` or `#max`, so a chart tells them apart. */
  id: string;
  stat: ExportStat;
  probe: string;
  metric: string;
  placement: string;
  params: Record<string, number>;
  unit: 'ns' | 'per-second';
  better: 'lower' | 'higher';
  value: number;
  low: number;
  high: number;
  confidence: number;
  trials: number;
  role: string;
  /** Two clusters of trials, when the metric is bimodal: read both. */
  modes?: string;
}

function latency(p: ProbeResult, m: MetricResult, stat: ExportStat): Headline | undefined {
  if (!m.summary) return undefined;
  const spec = metricSpec(p.probe, m.metric);
  const base = {
    probe: p.probe,
    metric: m.metric,
    placement: p.placement.kind,
    params: m.params,
    unit: 'ns' as const,
    better: spec?.better ?? ('lower' as const),
    role: spec?.role ?? 'detail',
  };
  if (stat === 'p50')
    return {
      ...base,
      id: m.id,
      stat,
      value: m.summary.valueNs,
      low: m.summary.ci.lowNs,
      high: m.summary.ci.highNs,
      confidence: m.summary.ci.confidence,
      trials: m.summary.trialP50sNs.length,
      ...(m.summary.modes
        ? { modes: m.summary.modes.map((mode) => `${mode.valueNs} ns × ${mode.trials}`).join(' / ') }
        : {}),
    };
  const perTrial = m.trials.flatMap((t) => (t.statsNs ? [t.statsNs[stat]] : []));
  const interval = medianInterval(perTrial);
  if (!interval) return undefined;
  return {
    ...base,
    id: `${m.id}#${stat}`,
    stat,
    value: median(perTrial),
    low: interval.lowNs,
    high: interval.highNs,
    confidence: interval.confidence,
    trials: perTrial.length,
  };
}

/** A syscall path's throughput: iterations over wall time, per trial. */
function throughput(p: ProbeResult, m: MetricResult): Headline | undefined {
  if (m.metric !== Metric.iteration || !(syscallStrategies as readonly string[]).includes(p.probe)) return undefined;
  const rates = m.trials.flatMap((t) => {
    const n = t.counters?.[Counter.iterations],
      d = t.counters?.[Counter.wallNs];
    return n !== undefined && d ? [(n / d) * 1e9] : [];
  });
  const interval = medianInterval(rates);
  if (!interval) return undefined;
  return {
    id: m.id.replace(`/${Metric.iteration}@`, '/throughput@'),
    stat: 'p50',
    probe: p.probe,
    metric: 'throughput',
    placement: p.placement.kind,
    params: m.params,
    unit: 'per-second',
    better: 'higher',
    value: median(rates),
    low: interval.lowNs,
    high: interval.highNs,
    confidence: interval.confidence,
    trials: rates.length,
    role: 'headline',
  };
}

/**
 * Every metric's headline for each statistic asked for (p50 by default), and
 * each syscall path's throughput (with p50); optionally only ids matching a
 * glob.
 */
export function headlines(doc: ResultsDocument, pattern?: string, stats: readonly ExportStat[] = ['p50']): Headline[] {
  const matches = pattern ? globMatcher(pattern) : () => true;
  return doc.probes
    .filter((p) => p.status === 'ok')
    .flatMap((p) =>
      p.metrics.flatMap((m) => [
        ...stats.map((stat) => latency(p, m, stat)),
        stats.includes('p50') ? throughput(p, m) : undefined,
      ]),
    )
    .filter((h): h is Headline => h !== undefined && matches(h.id));
}
