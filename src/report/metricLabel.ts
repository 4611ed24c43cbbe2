// A metric named for a reader: probe, metric and the few parameters worth
// showing, read from the document's metric — never parsed back out of its id.
import { metricById } from '../results/measuredMetrics.js';
import type { ResultsDocument } from '../results/schema.js';

/** The parameters among `shown` that the metric `id` has, in the order given; {} when the document does not hold it. */
export function shownParams(doc: ResultsDocument, id: string, shown: readonly string[]): Record<string, number> {
  const found = metricById(doc, id);
  if (!found) return {};
  // A metric's params hold its probe's scalar parameters too: what its id lists.
  const params = found.metric.params;
  return Object.fromEntries(shown.filter((k) => params[k] !== undefined).map((k) => [k, params[k]!]));
}

/** "wake/locked/wakeToRun@cross-cpu {schedulerOnWakerCpu=1}"; the id itself for a metric the document does not hold. */
export function metricLabel(
  doc: ResultsDocument,
  id: string,
  shown: readonly string[],
  { placement = true }: { placement?: boolean } = {},
): string {
  const found = metricById(doc, id);
  if (!found) return id;
  const { probe, metric } = found;
  const params = Object.entries(shownParams(doc, id, shown)).map(([k, v]) => `${k}=${v}`);
  return `${probe.probe}/${metric.metric}${placement ? `@${probe.placement.kind}` : ''}${params.length ? ` {${params.join(',')}}` : ''}`;
}
