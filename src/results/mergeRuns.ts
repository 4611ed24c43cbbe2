// Joins runs of the same plan (e.g. the interleaved rounds of `schedcost ab`)
// into one document whose metrics hold every run's trials.
import { UsageError } from '../errors.js';
import { DiagnosticCode } from '../catalogue/index.js';
import { finishMetrics } from './assemble.js';
import { sameDiagnostic } from './diagnostics.js';
import { deriveFigures } from './derived.js';
import type { ResultsDocument } from './schema.js';

export function mergeRuns(docs: ResultsDocument[]): ResultsDocument {
  if (docs.length === 0) throw new UsageError('nothing to merge');
  const merged: ResultsDocument = structuredClone(docs[0]!);
  for (const doc of docs.slice(1)) {
    merged.complete &&= doc.complete;
    merged.endedAt = doc.endedAt;
    for (const probe of doc.probes) {
      const target = merged.probes.find(
        (p) =>
          p.probe === probe.probe &&
          p.placement.kind === probe.placement.kind &&
          JSON.stringify(p.params) === JSON.stringify(probe.params),
      );
      if (!target) {
        merged.probes.push(structuredClone(probe));
        continue;
      }
      if (probe.status === 'failed' && target.status === 'ok') {
        target.status = 'failed';
        if (probe.reason) target.reason = probe.reason;
      }
      for (const warning of probe.warnings)
        if (!target.warnings.some((w) => sameDiagnostic(w, warning))) target.warnings.push(structuredClone(warning));
      for (const metric of probe.metrics) {
        const existing = target.metrics.find((m) => m.id === metric.id);
        if (existing) existing.trials.push(...structuredClone(metric.trials));
        else target.metrics.push(structuredClone(metric));
      }
    }
  }
  merged.config.trials = Math.max(1, ...merged.probes.flatMap((p) => p.metrics.map((m) => m.trials.length)));
  // One round per trial in every run: the rounds line up with the merged trials, renumbered.
  const aligned = docs.every((d) => d.rounds?.length === d.config.trials);
  if (aligned) merged.rounds = docs.flatMap((d) => d.rounds!).map((round, i) => ({ ...round, trial: i + 1 }));
  else delete merged.rounds;
  for (const probe of merged.probes) {
    // The runs' own warnings (a refused SCHED_FIFO, disturbed trials) stay; the trials' summaries are redone.
    const summaries: string[] = [DiagnosticCode.metricBimodal, DiagnosticCode.metricUnstable];
    probe.warnings = [...probe.warnings.filter((w) => !summaries.includes(w.code)), ...finishMetrics(probe.metrics)];
    probe.derived = deriveFigures(probe);
  }
  return merged;
}
