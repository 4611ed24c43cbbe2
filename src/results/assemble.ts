// Turns the addon's raw measurements into the results document's records:
// per-trial statistics and histograms, merged across trials by metric id.
import type { NativeMeasurement } from '../native.js';
import { describe, median } from '../stats/sampleSummary.js';
import { coefficientOfVariation, medianInterval } from '../stats/medianInterval.js';
import { twoModes } from '../stats/modes.js';
import type { MetricResult, MetricSummary, Placement, Trial } from './schema.js';
import { DiagnosticCode } from '../catalogue/index.js';
import type { Diagnostic } from './diagnostics.js';

/**
 * A metric's stable key across runs and hosts: probe, metric, placement kind
 * and the scalar parameters that set it apart (CPU numbers are left out on
 * purpose, and so are swept lists, whose members show up as metric params).
 */
export function metricId(probe: string, metric: string, placement: Placement, params: Record<string, number>): string {
  const keys = Object.keys(params).sort();
  const suffix = keys.length ? `{${keys.map((k) => `${k}=${params[k]}`).join(',')}}` : '';
  return `${probe}/${metric}@${placement.kind}${suffix}`;
}

/** What a trial's run shares with every metric it emits: its interference counters and their verdict, the wake level before it. */
export type TrialContext = Pick<Trial, 'interference' | 'disturbance' | 'crossWakeLevelNs'>;

function trialOf(
  m: NativeMeasurement,
  durationMs: number,
  rawCap = 0,
  idleEntries?: Trial['idleEntries'],
  context: TrialContext = {},
): Trial {
  const stats = describe(m.valuesNs);
  const auxEntries = Object.entries(m.auxNs)
    .map(([name, values]) => [name, describe(values)] as const)
    .filter((entry): entry is readonly [string, NonNullable<ReturnType<typeof describe>>] => entry[1] !== undefined);
  const excludedTotal = Object.values(m.excluded).reduce((a, b) => a + b, 0);
  return {
    samplesRequested: m.requested,
    samples: m.requested - excludedTotal,
    excluded: { ...m.excluded },
    observedCpus: { ...m.observedCpus },
    ...(stats ? { statsNs: stats } : {}),
    ...(auxEntries.length ? { auxNs: Object.fromEntries(auxEntries) } : {}),
    ...(Object.keys(m.counters).length ? { counters: { ...m.counters } } : {}),
    histogram: { encoding: 'log-linear', subBucketBits: m.histogram.subBucketBits, buckets: m.histogram.buckets },
    ...(rawCap > 0 ? { rawNs: thin(m.valuesNs, rawCap) } : {}),
    durationMs,
    ...(idleEntries && Object.keys(idleEntries).length ? { idleEntries } : {}),
    ...context,
  };
}

/** pyperf warns when the standard deviation exceeds 10% of the mean. */
const UNSTABLE_CV = 0.1;

function summarize(trials: Trial[]): MetricSummary | undefined {
  const p50s = trials.flatMap((t) => (t.statsNs ? [t.statsNs.p50] : []));
  const ci = medianInterval(p50s);
  if (!ci) return undefined;
  const cv = coefficientOfVariation(p50s);
  const modes = twoModes(p50s);
  return {
    statistic: 'median of trial p50s',
    valueNs: median(p50s),
    trialP50sNs: p50s,
    spreadNs: [Math.min(...p50s), Math.max(...p50s)],
    ci: { lowNs: ci.lowNs, highNs: ci.highNs, confidence: ci.confidence, method: ci.method },
    cv,
    unstable: cv > UNSTABLE_CV,
    ...(modes ? { modes } : {}),
  };
}

/** At most `cap` values, evenly spaced over the series so its shape survives. */
function thin(values: ArrayLike<number>, cap: number): number[] {
  if (values.length <= cap) return Array.from(values);
  const step = values.length / cap;
  return Array.from({ length: cap }, (_, i) => values[Math.floor(i * step)]!);
}

/** Adds one trial's measurements to the metrics of a probe result. */
export function addTrial(
  metrics: MetricResult[],
  probe: string,
  placement: Placement,
  probeParams: Record<string, number | number[]>,
  measurements: NativeMeasurement[],
  durationMs: number,
  rawCap = 0,
  idleEntries?: Trial['idleEntries'],
  context: TrialContext = {},
): void {
  const scalarParams = Object.fromEntries(
    Object.entries(probeParams).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
  );
  for (const m of measurements) {
    const params = { ...scalarParams, ...m.params };
    const id = metricId(probe, m.metric, placement, params);
    let metric = metrics.find((r) => r.id === id);
    if (!metric) {
      metric = { id, metric: m.metric, params, trials: [] };
      metrics.push(metric);
    }
    metric.trials.push(trialOf(m, durationMs, rawCap, idleEntries, context));
  }
}

/** Sets every metric's summary once its trials are in; returns warnings for unstable ones. */
export function finishMetrics(metrics: MetricResult[]): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  for (const metric of metrics) {
    const summary = summarize(metric.trials);
    if (!summary) continue;
    metric.summary = summary;
    const [low, high] = summary.modes ?? [];
    if (low && high)
      warnings.push({
        code: DiagnosticCode.metricBimodal,
        params: {
          metric: metric.id,
          lowNs: low.valueNs,
          lowTrials: low.trials,
          highNs: high.valueNs,
          highTrials: high.trials,
        },
      });
    else if (summary.unstable)
      warnings.push({ code: DiagnosticCode.metricUnstable, params: { metric: metric.id, cvPct: 100 * summary.cv } });
  }
  return warnings;
}
