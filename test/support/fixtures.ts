// Synthetic results for tests of the model, the claims and derived figures:
// metrics whose trials have given p50s, probe results, documents.
import type { MetricResult, ProbeResult, ResultsDocument } from '../../src/results/schema.js';
import { finishMetrics } from '../../src/results/assemble.js';

export function metric(
  id: string,
  name: string,
  p50s: number[],
  params: Record<string, number> = {},
  extra: Partial<MetricResult['trials'][0]> = {},
): MetricResult {
  const m: MetricResult = {
    id,
    metric: name,
    params,
    trials: p50s.map((p50) => ({
      samplesRequested: 100,
      samples: 100,
      excluded: {},
      observedCpus: { '1': 100 },
      statsNs: { min: p50, p50, p90: p50, p99: p50, p999: p50, max: p50, mean: p50, stddev: 0 },
      histogram: {
        encoding: 'log-linear' as const,
        subBucketBits: 6,
        buckets: [[Math.floor(p50), Math.floor(p50) + 1, 100]],
      },
      durationMs: 1,
      ...extra,
    })),
  };
  finishMetrics([m]);
  return m;
}

export function probe(
  name: string,
  metrics: MetricResult[],
  params: ProbeResult['params'] = {},
  placement: ProbeResult['placement'] = { kind: 'cross-cpu', cpus: [0, 1] },
): ProbeResult {
  return {
    probe: name,
    placement,
    params,
    samplesPerTrial: 100,
    status: 'ok',
    metrics,
    derived: [],
    warnings: [],
  };
}

export function documentOf(probes: ProbeResult[]): ResultsDocument {
  return { probes } as unknown as ResultsDocument;
}

/** The metric with each trial's counters set (e.g. how many wakeups migrated). */
export function withCounters(m: MetricResult, perTrial: Record<string, number>[]): MetricResult {
  m.trials.forEach((t, i) => (t.counters = { ...t.counters, ...perTrial[i % perTrial.length] }));
  return m;
}

/** Five trials around a value: a realistic small spread. */
export const five = (v: number) => [v * 0.98, v * 0.99, v, v * 1.01, v * 1.02];
