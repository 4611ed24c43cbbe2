// Renders comparisons for a terminal, a pull-request comment (Markdown) or a
// program (JSON). Two files: one row per metric. More: a matrix, one column
// per file, each compared with the first.
import type { ComparedMetric, NamedComparison, Side } from '../compare/compare.js';
import { renderTable } from '../format/textTable.js';
import { formatNs } from '../format/units.js';

export type CompareFormat = 'text' | 'markdown' | 'json';

function sideText(s: Side): string {
  return `${formatNs(s.valueNs)} [${formatNs(s.ciNs[0])}, ${formatNs(s.ciNs[1])}]`;
}

function changeText(r: ComparedMetric): string {
  if (!Number.isFinite(r.changePct)) return '—';
  const sign = r.changePct > 0 ? '+' : '';
  return `${sign}${r.changePct.toFixed(1)}%`;
}

function verdictText(r: ComparedMetric): string {
  if (r.verdict === 'insufficient') return 'too few trials';
  const p = Number.isFinite(r.pValue) ? ` (p=${r.pValue.toFixed(3)})` : '';
  return `${r.verdict}${p}`;
}

function markdownTable(header: string[], rows: string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(escape).join(' | ')} |`),
  ].join('\n');
}

function preamble(list: NamedComparison[], markdown: boolean): string[] {
  const lines: string[] = [];
  for (const { base, next, comparison } of list) {
    if (comparison.hostDifferences.length) {
      const head = `WARNING: ${base} and ${next} come from different hosts; differences may be the host's, not the change's:`;
      lines.push(markdown ? `> **${head}**` : head);
      for (const d of comparison.hostDifferences) lines.push(markdown ? `> - ${d}` : `  - ${d}`);
    }
    if (comparison.onlyInBase.length) lines.push(`only in ${base}: ${comparison.onlyInBase.join(', ')}`);
    if (comparison.onlyInNext.length) lines.push(`only in ${next}: ${comparison.onlyInNext.join(', ')}`);
  }
  return lines;
}

function footer(list: NamedComparison[]): string[] {
  const options = list[0]!.comparison.options;
  const rows = list.flatMap((c) => c.comparison.rows);
  const reasons = new Set(rows.flatMap((r) => (r.reason ? [r.reason] : [])));
  const coverage = Math.min(...rows.flatMap((r) => [r.base.ciConfidence, r.next.ciConfidence]));
  const coverageText = Number.isFinite(coverage) ? `, coverage ≥ ${(100 * coverage).toFixed(1)}%` : '';
  return [
    `Gate: trial ${options.statistic}s, Mann–Whitney U two-sided, alpha ${options.alpha}, threshold ${options.thresholdPct}%` +
      `${options.metricThresholds.map((t) => `, ${t.pattern} ${t.thresholdPct}%`).join('')}. ` +
      `Values: median over trials [distribution-free CI of the median${coverageText}].`,
    ...reasons,
  ];
}

export function renderComparisons(list: NamedComparison[], format: CompareFormat): string {
  if (format === 'json') return `${JSON.stringify({ comparisons: list }, null, 2)}\n`;
  const markdown = format === 'markdown';
  const table = (header: string[], rows: string[][]) =>
    markdown
      ? markdownTable(header, rows)
      : renderTable(
          header,
          rows,
          header.map((_, i) => (i === 0 ? 'left' : 'right')),
        );
  let body: string;
  if (list.length === 1) {
    const { base, next, comparison } = list[0]!;
    body = table(
      ['metric', base, next, 'change', 'verdict'],
      comparison.rows.map((r) => [r.id, sideText(r.base), sideText(r.next), changeText(r), verdictText(r)]),
    );
  } else {
    const ids = list[0]!.comparison.rows.map((r) => r.id);
    const rows = ids.map((id) => {
      const first = list[0]!.comparison.rows.find((r) => r.id === id)!;
      const cells = list.map(({ comparison }) => {
        const r = comparison.rows.find((row) => row.id === id);
        return r ? `${sideText(r.next)} ${changeText(r)} ${r.verdict === '~' ? '~' : r.verdict}` : '—';
      });
      return [id, sideText(first.base), ...cells];
    });
    body = table(['metric', list[0]!.base, ...list.map((c) => c.next)], rows);
  }
  const parts = [...preamble(list, markdown), body, ...footer(list)];
  return `${parts.join(markdown ? '\n\n' : '\n')}\n`;
}
