// The model and the verdicts for a terminal.
import type { Model, ResultsDocument, StrategyPrediction } from '../results/schema.js';
import { renderTable } from '../format/textTable.js';
import { formatNs } from '../format/units.js';
import { Param } from '../catalogue/index.js';
import { metricLabel } from './metricLabel.js';
import { claimSourceText } from './claimSource.js';

function value(p: StrategyPrediction, v: number | undefined): string {
  if (v === undefined) return '';
  if (p.unit === 'ns') return formatNs(v);
  if (p.unit === 'fraction') return `${(100 * v).toFixed(0)}%`;
  return `${v.toFixed(0)}/s`;
}

/** What tells a strategy's configurations apart in the table. */
const SHOWN = [Param.tasks, Param.tokens, Param.syscallNs, Param.sliceNs, Param.schedulerOnWakerCpu, Param.syscallKind];

function shortId(doc: ResultsDocument, p: StrategyPrediction): string {
  return metricLabel(doc, p.metricId, SHOWN) + (p.quantity === 'migratedFraction' ? ' migrated' : '');
}

/** Fractions err in percentage points; everything else relatively. */
function errorText(quantity: string, error: number): string {
  return quantity === 'migratedFraction' ? `${(100 * error).toFixed(1)} pp` : `${(100 * error).toFixed(1)}%`;
}

export function modelText(doc: ResultsDocument, model: Model): string {
  const rows = model.predictions.map((p) => [
    shortId(doc, p),
    value(p, p.measured.p50),
    value(p, p.predicted.p50),
    `${p.relativeErrorP50 >= 0 ? '+' : ''}${(100 * p.relativeErrorP50).toFixed(0)}%` +
      (p.errorOverTrials
        ? ` (${(100 * p.errorOverTrials[0]).toFixed(0)} to ${(100 * p.errorOverTrials[1]).toFixed(0)})`
        : ''),
    value(p, p.measured.p99),
    value(p, p.predicted.p99),
    p.composition,
  ]);
  const table = renderTable(
    ['strategy metric', 'measured p50', 'model p50', 'error (over trials)', 'measured p99', 'model p99', 'model'],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
  const accuracy = renderTable(
    ['model error', 'statistic', 'median |error|', 'worst |error|', 'configurations'],
    model.accuracy.map((a) => [
      a.quantity,
      a.statistic,
      errorText(a.quantity, a.medianAbsoluteError),
      errorText(a.quantity, a.worstAbsoluteError),
      String(a.predictions),
    ]),
    ['left', 'left', 'right', 'right', 'right'],
  );
  const claims = model.claims.map((c) => {
    const source = claimSourceText(c);
    return `${c.id}. [${c.verdict}] ${c.claim}\n${source ? `   ${source}\n` : ''}   ${c.summary}\n   rule: ${c.rule}`;
  });
  return [table, '', accuracy, ...model.notes.map((n) => `note: ${n}`), '', "The proposal's claims:", ...claims].join(
    '\n',
  );
}

/** The primitives the model drew from, with their measured medians. */
export function primitivesText(doc: ResultsDocument): string {
  const sources = new Map<string, Set<string>>();
  for (const p of doc.model?.predictions ?? [])
    for (const [name, source] of Object.entries(p.primitives))
      sources.set(source, (sources.get(source) ?? new Set()).add(name));
  const metrics = new Map(doc.probes.flatMap((p) => p.metrics.map((m) => [m.id, m] as const)));
  const rows = [...sources].map(([source, names]) => {
    const m = metrics.get(source);
    return [[...names].join(', '), formatNs(m?.summary?.valueNs ?? Number.NaN), source];
  });
  return renderTable(['primitive', 'p50', 'measured as'], rows, ['left', 'right', 'left']);
}
