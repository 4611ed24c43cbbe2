// The terminal summary of a results document: one row per metric.
import type { Derived, MetricResult, ProbeResult, ResultsDocument } from '../results/schema.js';
import { metricSpec, Param, Probe } from '../catalogue/index.js';
import { renderTable } from '../format/textTable.js';
import { formatNs, formatParam } from '../format/units.js';
import { trialMedian } from '../results/trialFigures.js';
import { diagnosticText } from './diagnosticText.js';

function placementText(p: ProbeResult): string {
  if (p.placement.cpus.length === 0) return p.placement.kind;
  return `${p.placement.kind} ${p.placement.cpus.join(p.placement.kind === 'unpinned' ? ',' : '→')}`;
}

/** Parameter names whose values differ between the metrics of one probe: the ones worth printing. */
function varyingParams(doc: ResultsDocument): Map<string, Set<string>> {
  const varying = new Map<string, Set<string>>();
  for (const probe of new Set(doc.probes.map((p) => p.probe))) {
    const params = doc.probes
      .filter((p) => p.probe === probe)
      .flatMap((p) => [...p.metrics, ...p.derived].map((m) => m.params));
    const keys = new Set(params.flatMap((p) => Object.keys(p)));
    // A parameter some metrics lack (e.g. on derived figures) is not thereby "varying".
    varying.set(
      probe,
      new Set([...keys].filter((k) => new Set(params.map((p) => p[k]).filter((v) => v !== undefined)).size > 1)),
    );
  }
  return varying;
}

function metricText(m: { metric?: string; name?: string; params: Record<string, number> }, shown: Set<string>): string {
  const visible = Object.fromEntries(Object.entries(m.params).filter(([k]) => shown.has(k)));
  if (shown.has(Param.gapMinNs) || shown.has(Param.gapMaxNs)) {
    visible[Param.gapMinNs] = m.params[Param.gapMinNs]!;
    visible[Param.gapMaxNs] = m.params[Param.gapMaxNs]!;
  }
  const { [Param.gapMinNs]: gapMinNs, [Param.gapMaxNs]: gapMaxNs, ...rest } = visible;
  const params = Object.entries(rest).map(([k, v]) => formatParam(k, v));
  if (gapMinNs !== undefined && gapMaxNs !== undefined)
    params.unshift(`gap ${formatNs(gapMinNs)}–${formatNs(gapMaxNs)}`);
  const name = m.metric ?? m.name ?? '';
  return params.length ? `${name} (${params.join(', ')})` : name;
}

function notes(m: MetricResult): string {
  const excluded = new Map<string, number>();
  for (const t of m.trials)
    for (const [k, v] of Object.entries(t.excluded)) excluded.set(k, (excluded.get(k) ?? 0) + v);
  const parts = [...excluded].filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  if (m.summary?.modes) {
    const [low, high] = m.summary.modes;
    parts.push(`bimodal: ${formatNs(low.valueNs)} (${low.trials}) / ${formatNs(high.valueNs)} (${high.trials} trials)`);
  } else if (m.summary && m.summary.trialP50sNs.length > 1) {
    const [lo, hi] = m.summary.spreadNs;
    parts.push(`p50 ${formatNs(lo)}–${formatNs(hi)} over ${m.summary.trialP50sNs.length} trials`);
  }
  return parts.join(', ');
}

function derivedNote(d: Derived): string {
  const perLine = d.perCacheLineNs !== undefined ? `, ${formatNs(d.perCacheLineNs)} per cache line` : '';
  return `${d.formula}${perLine}`;
}

/** One row per headline metric; with maxWidth, the metric and notes columns are cut to fit (a terminal's width). */
export function summaryTable(doc: ResultsDocument, maxWidth?: number): string {
  const rows: string[][] = [];
  const varying = varyingParams(doc);
  for (const p of doc.probes) {
    const shown = varying.get(p.probe) ?? new Set<string>();
    if (p.status !== 'ok' && !(p.probe === Probe.futexMatrix && p.status === 'skipped')) {
      rows.push([
        p.probe,
        '',
        placementText(p),
        '',
        '',
        '',
        '',
        `${p.status.toUpperCase()}: ${p.reason ? diagnosticText(p.reason) : ''}`,
      ]);
      continue;
    }
    for (const m of p.metrics) {
      // The table shows headline metrics; the document keeps every one.
      if (metricSpec(p.probe, m.metric)?.role !== 'headline') continue;
      const kept = m.trials.reduce((n, t) => n + t.samples, 0);
      rows.push([
        p.probe,
        metricText(m, shown),
        placementText(p),
        formatNs(m.summary?.valueNs ?? Number.NaN),
        formatNs(trialMedian(m, (s) => s.p99)),
        formatNs(Math.max(...m.trials.flatMap((t) => (t.statsNs ? [t.statsNs.max] : [])))),
        String(kept),
        notes(m),
      ]);
    }
    for (const d of p.derived)
      rows.push([p.probe, metricText(d, shown), placementText(p), formatNs(d.valueNs), '', '', '', derivedNote(d)]);
  }
  return renderTable(
    ['probe', 'metric', 'placement', 'p50', 'p99', 'max', 'samples', 'notes'],
    rows,
    ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left'],
    { ...(maxWidth !== undefined ? { maxWidth } : {}), shrinkable: [7, 1] },
  );
}
