// Synthetic results documents for the gate's tests: many metrics whose trial
// p50s vary as the quick suite's do on a shared VM (issue 13): a median
// trial cv of 8% with 63% of metrics above 5%, run-to-run effects on some
// metrics that the trials of one run do not show, a small shift common to
// every metric of a run, and cross-CPU metrics that settle per trial at one
// of two regimes (16 vs 21 µs). A "world" fixes each metric's level and
// noise; each run draws its own effects and trials from it.
import { Metric, Param, Probe } from '../../src/catalogue/index.js';
import type { MetricResult, ProbeResult, ResultsDocument, Trial } from '../../src/results/schema.js';
import { finishMetrics } from '../../src/results/assemble.js';
import { seededRandom } from '../../src/stats/random.js';

/** The project's seeded uniform generator and normals from it (Box–Muller). */
export function generator(seed: number) {
  const uniform = seededRandom(seed >>> 0 || 1);
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

interface WorldMetric {
  probe: string;
  metric: string;
  params: Record<string, number>;
  levelNs: number;
  /** Within-run sd of log trial p50s. */
  sigma: number;
  /** Sd of a run's shift of this metric that its trials do not show. */
  runSigma: number;
  /** Takes the upper regime (×1.31) in trials whose regime is high. */
  bimodal: boolean;
}

export interface World {
  metrics: WorldMetric[];
  /** Probability that a trial's regime is the upper one. */
  highRegime: number;
  /** Sd of the shift shared by every metric of a run. */
  commonSigma: number;
}

export interface WorldShape {
  headline: number;
  detail: number;
  bimodal: number;
  highRegime?: number;
  commonSigma?: number;
  /** Share of metrics with a run effect as large as their within-run noise (issue 13: 12 of 94 by ANOVA). */
  runEffectShare?: number;
  /** Share of stable metrics (cv 0.5–4%); 0.35 by default. */
  stableShare?: number;
}

/** Metrics of a quick-suite-like run: ~35% stable (cv 0.5–4%), the rest noisier (cv around 8–15%). */
export function makeWorld(seed: number, shape: WorldShape): World {
  const { uniform, normal } = generator(seed);
  const sigma = () =>
    uniform() < (shape.stableShare ?? 0.35) ? 0.005 + 0.035 * uniform() : 0.1 * Math.exp(0.45 * normal());
  const metrics: WorldMetric[] = [];
  const add = (probe: string, metric: string, i: number, bimodal: boolean) => {
    const s = bimodal ? 0.02 : sigma();
    metrics.push({
      probe,
      metric,
      params: { [Param.requestedNs]: i },
      levelNs: bimodal ? 16000 : 200 * Math.exp(5 * uniform()),
      sigma: s,
      runSigma: uniform() < (shape.runEffectShare ?? 0.13) ? s : 0.25 * s,
      bimodal,
    });
  };
  // Probe.sleep's actualSleep is a headline metric, futex-matrix's wakeLatency a detail one (catalogue roles).
  for (let i = 0; i < shape.headline; i++) add(Probe.sleep, Metric.actualSleep, i, i < shape.bimodal);
  for (let i = 0; i < shape.detail; i++) add(Probe.futexMatrix, Metric.wakeLatency, i, false);
  return { metrics, highRegime: shape.highRegime ?? 0.3, commonSigma: shape.commonSigma ?? 0.01 };
}

function trialOf(p50: number): Trial {
  return {
    samplesRequested: 100,
    samples: 100,
    excluded: {},
    observedCpus: { '0': 100 },
    statsNs: {
      min: p50 * 0.8,
      p50,
      p90: p50 * 1.2,
      p99: p50 * 1.5,
      p999: p50 * 2,
      max: p50 * 3,
      mean: p50,
      stddev: p50 / 10,
    },
    histogram: { encoding: 'log-linear', subBucketBits: 6, buckets: [[p50, p50 + 1, 100]] },
    durationMs: 1,
  };
}

/** One run of `trials` trials drawn from the world. */
export function drawRun(world: World, trials: number, seed: number): ResultsDocument {
  const { uniform, normal } = generator(seed);
  const common = world.commonSigma * normal();
  const regimes = Array.from({ length: trials }, () => uniform() < world.highRegime);
  const byProbe = new Map<string, MetricResult[]>();
  for (const m of world.metrics) {
    const runShift = m.runSigma * normal();
    const metric: MetricResult = {
      id: `${m.probe}/${m.metric}@single-cpu{${Param.requestedNs}=${m.params[Param.requestedNs]}}`,
      metric: m.metric,
      params: m.params,
      trials: regimes.map((high) =>
        trialOf(m.levelNs * Math.exp(common + runShift + m.sigma * normal()) * (m.bimodal && high ? 1.31 : 1)),
      ),
    };
    byProbe.set(m.probe, [...(byProbe.get(m.probe) ?? []), metric]);
  }
  const probes: ProbeResult[] = [...byProbe].map(([probe, metrics]) => {
    finishMetrics(metrics);
    return {
      probe,
      placement: { kind: 'single-cpu', cpus: [0] },
      params: {},
      samplesPerTrial: 100,
      status: 'ok',
      metrics,
      derived: [],
      warnings: [],
    };
  });
  return { probes, host: {} } as unknown as ResultsDocument;
}
