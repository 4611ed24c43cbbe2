// Finds the primitive distributions a model needs among the metrics of the
// same run: wake latencies at the nearest idle gap, retouch times at the
// working-set size, sleep lengths, ...
import type { MetricResult, ProbeResult, ResultsDocument } from '../results/schema.js';
import { fromMetric, fromTrial, type Distribution } from './measuredDistribution.js';
import { Probe, Metric, Param } from '../catalogue/index.js';
import { measuredMetrics, nearestGap } from '../results/measuredMetrics.js';

type Kind = ProbeResult['placement']['kind'];

export class PrimitiveCatalog {
  private readonly metrics: { probe: string; kind: Kind; metric: MetricResult }[];

  /**
   * Primitives measured as the run measured its strategies: idle-polling
   * variants are left out. With `trial`, each distribution is that trial's
   * alone (the round in which the strategies' same trial ran).
   */
  constructor(
    doc: ResultsDocument,
    private readonly trial?: number,
  ) {
    this.metrics = measuredMetrics(doc).map((e) => ({
      probe: e.probe.probe,
      kind: e.probe.placement.kind,
      metric: e.metric,
    }));
  }

  private find(probe: string, metric: string, kind: Kind, matches: (m: MetricResult) => boolean = () => true) {
    return this.metrics.find(
      (e) => e.probe === probe && e.kind === kind && e.metric.metric === metric && matches(e.metric),
    )?.metric;
  }

  /** The metric of `probe` whose gap range has the midpoint nearest (log scale) to `gapNs`. */
  private nearestGap(probe: string, metric: string, kind: Kind, gapNs: number): MetricResult | undefined {
    const candidates = this.metrics.filter((e) => e.probe === probe && e.kind === kind && e.metric.metric === metric);
    return nearestGap(
      candidates.map((e) => e.metric),
      gapNs,
    );
  }

  private distribution(metric: MetricResult | undefined): Distribution | undefined {
    if (!metric) return undefined;
    return this.trial === undefined ? fromMetric(metric) : fromTrial(metric, this.trial);
  }

  wake(kind: 'same-cpu' | 'cross-cpu', gapNs: number): Distribution | undefined {
    return this.distribution(this.nearestGap(Probe.futexWake, Metric.wakeLatency, kind, gapNs));
  }

  wakerCost(kind: 'same-cpu' | 'cross-cpu', gapNs: number): Distribution | undefined {
    return this.distribution(this.nearestGap(Probe.futexWake, Metric.wakerCost, kind, gapNs));
  }

  retouch(moved: boolean, workingSetBytes: number): Distribution | undefined {
    return this.distribution(
      this.find(
        Probe.migration,
        moved ? Metric.retouchAfterMove : Metric.retouchSameCpu,
        'cross-cpu',
        (m) => m.params[Param.workingSetBytes] === workingSetBytes,
      ),
    );
  }

  sleep(requestedNs: number, timerSlackNs: number): Distribution | undefined {
    return this.distribution(
      this.find(
        Probe.sleep,
        Metric.actualSleep,
        'single-cpu',
        (m) => m.params[Param.requestedNs] === requestedNs && m.params[Param.timerSlackNs] === timerSlackNs,
      ),
    );
  }

  metric(probe: string, metric: string, kind: Kind, matches?: (m: MetricResult) => boolean): MetricResult | undefined {
    return this.find(probe, metric, kind, matches);
  }

  primitive(probe: string, metric: string, kind: Kind): Distribution | undefined {
    return this.distribution(this.find(probe, metric, kind));
  }
}
