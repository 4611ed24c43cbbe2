// Finds the primitive distributions a model needs among the metrics of the
// same run: wake latencies at the nearest idle gap, retouch times at the
// working-set size, sleep lengths, ...
import type { MetricResult, ProbeResult, ResultsDocument } from '../results/schema.js';
import { fromMetric, type Distribution } from './distribution.js';

type Kind = ProbeResult['placement']['kind'];

export class PrimitiveCatalog {
  private readonly metrics: { probe: string; kind: Kind; metric: MetricResult }[];

  constructor(doc: ResultsDocument) {
    this.metrics = doc.probes
      .filter((p) => p.status === 'ok')
      .flatMap((p) => p.metrics.map((metric) => ({ probe: p.probe, kind: p.placement.kind, metric })));
  }

  private find(probe: string, metric: string, kind: Kind, matches: (m: MetricResult) => boolean = () => true) {
    return this.metrics.find(
      (e) => e.probe === probe && e.kind === kind && e.metric.metric === metric && matches(e.metric),
    )?.metric;
  }

  /** The metric of `probe` whose gap range has the midpoint nearest (log scale) to `gapNs`. */
  private nearestGap(probe: string, metric: string, kind: Kind, gapNs: number): MetricResult | undefined {
    const candidates = this.metrics.filter((e) => e.probe === probe && e.kind === kind && e.metric.metric === metric);
    const distance = (m: MetricResult) =>
      Math.abs(Math.log(((m.params.gapMinNs ?? 0) + (m.params.gapMaxNs ?? 0)) / 2 + 1) - Math.log(gapNs + 1));
    return candidates.sort((a, b) => distance(a.metric) - distance(b.metric))[0]?.metric;
  }

  private distribution(metric: MetricResult | undefined): Distribution | undefined {
    return metric ? fromMetric(metric) : undefined;
  }

  wake(kind: 'same-cpu' | 'cross-cpu', gapNs: number): Distribution | undefined {
    return this.distribution(this.nearestGap('futex-wake', 'wakeLatency', kind, gapNs));
  }

  wakerCost(kind: 'same-cpu' | 'cross-cpu', gapNs: number): Distribution | undefined {
    return this.distribution(this.nearestGap('futex-wake', 'wakerCost', kind, gapNs));
  }

  retouch(moved: boolean, workingSetBytes: number): Distribution | undefined {
    return this.distribution(
      this.find(
        'migration',
        moved ? 'retouchAfterMove' : 'retouchSameCpu',
        'cross-cpu',
        (m) => m.params.workingSetBytes === workingSetBytes,
      ),
    );
  }

  sleep(requestedNs: number, timerSlackNs: number): Distribution | undefined {
    return this.distribution(
      this.find(
        'sleep',
        'actualSleep',
        'single-cpu',
        (m) => m.params.requestedNs === requestedNs && m.params.timerSlackNs === timerSlackNs,
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
