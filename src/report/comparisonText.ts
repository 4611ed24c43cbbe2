// Renders computed comparisons for a terminal, a pull-request comment or a
// step summary (Markdown), a program (JSON), and GitHub Actions annotations.
// Two files (or pooled baselines against one file): gated rows, then rows
// reported but not gated. More files: a matrix, one column per file, each
// compared with the first. What the gate decided and why is stated under the
// tables, from the comparison itself.
import type { ComparedMetric, Comparison, NamedComparison, Side } from '../compare/compare.js';
import type { FailOn } from '../compare/verdictExit.js';
import { renderTable } from '../format/textTable.js';
import { formatNs } from '../format/units.js';
import { rowNotesText } from './rowNoteText.js';

export type CompareFormat = 'text' | 'markdown' | 'json';

function sideText(s: Side): string {
  if (s.trials === 0) return '—';
  if (!Number.isFinite(s.ciNs[0])) return formatNs(s.valueNs);
  return `${formatNs(s.valueNs)} [${formatNs(s.ciNs[0])}, ${formatNs(s.ciNs[1])}]`;
}

function signed(v: number, digits = 1): string {
  const text = Math.abs(v).toFixed(digits);
  return Number(text) === 0 ? text : `${v > 0 ? '+' : '−'}${text}`;
}
const signedNs = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${formatNs(Math.abs(v))}`;

function changeText(r: ComparedMetric): string {
  const e = r.effect;
  if (!e) return Number.isFinite(r.changePct) ? `${signed(r.changePct)}%` : '—';
  if (e.scale === 'difference') return `${signedNs(e.estimate)} [${signedNs(e.low)}, ${signedNs(e.high)}]`;
  const pct = (ratio: number) => `${signed((ratio - 1) * 100)}%`;
  return `${pct(e.estimate)} [${pct(e.low)}, ${pct(e.high)}]`;
}

function thresholdText(r: ComparedMetric): string {
  const t = r.threshold;
  if (!t) return '';
  const value = Number.isFinite(t.pct) ? `±${t.pct.toFixed(1)}%` : '—';
  const causes = [
    t.setBy === 'requested' ? '' : t.setBy,
    t.levelMovePct > 0 ? `×${(1 + t.levelMovePct / 100).toFixed(2)} for the level's move` : '',
  ].filter(Boolean);
  return causes.length ? `${value} (${causes.join('; ')})` : value;
}

function flagsText(r: ComparedMetric): string {
  const flags = [r.relativeTo ? 'vs wake level' : '', r.bimodal ? 'bimodal' : '', r.unstable ? 'unstable' : ''].filter(
    Boolean,
  );
  return flags.length ? ` · ${flags.join(', ')}` : '';
}

function verdictText(r: ComparedMetric): string {
  if (r.verdict === 'insufficient') return `cannot judge: ${rowNotesText(r.notes)}`;
  const q = Number.isFinite(r.qValue) && r.verdict !== '~' ? ` (q=${r.qValue.toPrecision(2)})` : '';
  const notGated = !r.gated && r.verdict !== '~' ? ' (not gated)' : '';
  return `${r.verdict}${q}${notGated}${flagsText(r)}`;
}

/** The verdict in a matrix cell: short. */
function cellVerdict(r: ComparedMetric): string {
  if (r.verdict === 'insufficient') return 'cannot judge';
  return r.gated || r.verdict === '~' ? r.verdict : `${r.verdict} (not gated)`;
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
  for (const { base, next, comparison, baseFiles } of list) {
    if (baseFiles && baseFiles.length > 1) lines.push(`${base}: ${baseFiles.join(', ')}`);
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

const correctionWords = {
  bh: (alpha: number) => `Benjamini–Hochberg at a false discovery rate of ${alpha}`,
  holm: (alpha: number) => `Holm at a family-wise error rate of ${alpha}`,
  none: (alpha: number) => `alpha ${alpha} for each row alone (no correction)`,
} as const;

function percent(fraction: number): string {
  const text = (100 * fraction).toFixed(1);
  return `${text.endsWith('.0') ? text.slice(0, -2) : text}%`;
}

/** How far the medians' intervals cover, over the sides with at least two trials. */
function coverageText(rows: ComparedMetric[]): string {
  const coverages = rows.flatMap((r) => [r.base, r.next]).flatMap((s) => (s.trials >= 2 ? [s.ciConfidence] : []));
  if (coverages.length === 0) return '';
  const low = Math.min(...coverages),
    high = Math.max(...coverages);
  return low === high
    ? `; it covers ${percent(low)}`
    : `; it covers ${percent(low)} to ${percent(high)} by trial count`;
}

function gateLines(comparison: Comparison): string[] {
  const o = comparison.options;
  const g = comparison.gate;
  const scope =
    o.gate === 'all'
      ? 'every metric and the derived migration penalties (--gate all)'
      : 'headline metrics and derived migration penalties; detail and split metrics are reported, not gated (--gate all gates them)';
  const thresholds = o.metricThresholds.map((t) => `, ${t.pattern} ${t.thresholdPct}%`).join('');
  const hostState = g.ungatedByHostState;
  const relative = comparison.rows.some((r) => r.relativeTo);
  return [
    `Gate: ${g.judged} of ${g.gated} gated rows judged: ${scope}. Rows that cannot be judged never fail the comparison.`,
    ...(hostState
      ? [
          `Not gated against ${comparison.baseRuns === 1 ? 'one baseline run' : `${comparison.baseRuns} baseline runs`}: ${hostState} rows that move with host state between runs (cache sharing between the CPUs, where unpinned threads land) by more than within one; at least ${g.historyMinRuns} baseline runs (--against DIR) measure those moves and gate them.`,
        ]
      : []),
    ...(relative
      ? [
          `"vs wake level": a wake of a blocked thread on another CPU, judged relative to the host's cross-CPU wake level measured on its CPUs just before each trial (the host moves that level between runs); the level itself is the ${g.wakeLevelRow ?? 'cross-CPU wake level'} row.`,
        ]
      : []),
    `Rule: regressed when the trials' ${o.statistic}s (as logs) moved beyond the row's threshold: Welch's test of the mean ` +
      `(least squares with the wake level as a covariate for the other rows of a probe measured with it), ` +
      `or the new trials' median against the baseline's spread (a new regime in most trials), ` +
      `one-sided for a rise (a fall is tested apart, and fails only with --fail-on change), surviving ${correctionWords[o.correction](o.alpha)} within its probe's gated rows; the interval shown is that of the mean's test, at ${percent(1 - o.alpha)}.`,
    `Threshold, from the baseline alone: the largest of ${o.thresholdPct}%${thresholds} (the wake level's row: ×2 against fewer than ${g.historyMinRuns} baseline runs), ${o.noiseMultiple === 1 ? '' : `${o.noiseMultiple} × `}its run-to-run noise ` +
      `(a MAD-based σ of log trial values within a run; the spread of the runs' means across several baselines, a 95% prediction band of them for a row that moves with host state), and for a baseline whose trials fall into two regimes the gap between them; a row with the wake level as a covariate grows by half the level's move between the two runs.`,
  ];
}

function footer(list: NamedComparison[]): string[] {
  const first = list[0]!.comparison;
  const rows = list.flatMap((c) => c.comparison.rows);
  const lines = [
    ...gateLines(first),
    `Values: median of the trials' ${first.options.statistic} [distribution-free interval of the median${coverageText(rows)}].`,
  ];
  for (const { base, next, comparison } of list) {
    if (comparison.baseRuns > 1)
      lines.push(`${base}: ${comparison.baseRuns} runs pooled; noise includes the spread between their medians.`);
    const { base: b, next: n } = comparison.disturbedLeftOut;
    if (b + n > 0)
      lines.push(
        `Left out as disturbed: ${b} trial results of ${base}, ${n} of ${next} (--include-disturbed counts them).`,
      );
  }
  return lines;
}

/** One line saying what the gate decided, for the end of the output. */
function outcomeLine(list: NamedComparison[]): string {
  return list
    .map(({ base, next, comparison: c }) => {
      const gated = c.rows.filter((r) => r.gated);
      const regressed = gated.filter((r) => r.verdict === 'regressed').length;
      const improved = gated.filter((r) => r.verdict === 'improved').length;
      const notJudged = c.gate.notJudged ? `, ${c.gate.notJudged} could not be judged` : '';
      const pair = list.length > 1 ? `${next} vs ${base}: ` : '';
      if (c.gate.judged === 0)
        return `${pair}Nothing gated could be judged (${c.gate.gated} gated rows; see their reasons).`;
      const what = regressed
        ? `REGRESSED: ${regressed} of ${c.gate.judged} judged gated rows`
        : `No regression in ${c.gate.judged} judged gated rows`;
      return `${pair}${what}${improved ? `, ${improved} improved` : ''}${notJudged}.`;
    })
    .join('\n');
}

function pairTables(named: NamedComparison, table: (header: string[], rows: string[][]) => string, markdown: boolean) {
  const { base, next, comparison } = named;
  const header = [
    'metric',
    base,
    next,
    `change [${percent(1 - comparison.options.alpha)} interval]`,
    'threshold',
    'verdict',
  ];
  const line = (r: ComparedMetric) => [
    r.id,
    sideText(r.base),
    sideText(r.next),
    changeText(r),
    thresholdText(r),
    verdictText(r),
  ];
  const gated = comparison.rows.filter((r) => r.gated);
  const reported = comparison.rows.filter((r) => !r.gated);
  const heading = (text: string) => (markdown ? `**${text}**` : text);
  const parts = [heading(`Gated (${gated.length})`), table(header, gated.map(line))];
  if (reported.length)
    parts.push(heading(`Reported, not gated (${reported.length})`), table(header, reported.map(line)));
  // Why a verdict is not what its interval suggests (an insufficient row says why in its verdict).
  const notes = comparison.rows.filter((r) => r.notes.length && r.verdict !== 'insufficient' && !r.ungatedBy);
  if (notes.length)
    parts.push(notes.map((r) => `${markdown ? '- ' : 'note: '}${r.id}: ${rowNotesText(r.notes)}`).join('\n'));
  return parts;
}

function matrixTable(list: NamedComparison[], table: (header: string[], rows: string[][]) => string): string {
  const first = list[0]!.comparison.rows;
  const rows = first.map((head) => {
    const cells = list.map(({ comparison }) => {
      const r = comparison.rows.find((row) => row.id === head.id);
      return r ? `${sideText(r.next)} ${changeText(r)} ${cellVerdict(r)}` : '—';
    });
    return [`${head.id}${head.gated ? '' : ' (not gated)'}`, sideText(head.base), ...cells];
  });
  return table(['metric', list[0]!.base, ...list.map((c) => c.next)], rows);
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
  const body = list.length === 1 ? pairTables(list[0]!, table, markdown) : [matrixTable(list, table)];
  const parts = [...preamble(list, markdown), ...body, ...footer(list), outcomeLine(list)];
  return `${parts.join(markdown ? '\n\n' : '\n')}\n`;
}

/** GitHub Actions shows this many annotations of each kind per step. */
const ANNOTATIONS_PER_KIND = 10;

const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

function annotation(kind: 'error' | 'warning', title: string, message: string): string {
  return `::${kind} title=${escapeProperty(title)}::${escapeData(message)}`;
}

function capped(kind: 'error' | 'warning', title: string, messages: string[]): string[] {
  if (messages.length <= ANNOTATIONS_PER_KIND) return messages.map((m) => annotation(kind, title, m));
  const shown = messages.slice(0, ANNOTATIONS_PER_KIND - 1).map((m) => annotation(kind, title, m));
  const more = messages.length - shown.length;
  return [...shown, annotation(kind, title, `…and ${more} more (see the step summary)`)];
}

/**
 * GitHub Actions workflow commands: an error annotation per gated row that
 * fails the comparison (a regression; also an improvement under --fail-on
 * change; warnings instead under --fail-on never), a warning per gated row
 * that could not be judged.
 */
export function githubAnnotations(list: NamedComparison[], failOn: FailOn = 'regression'): string[] {
  const failures: string[] = [],
    notes: string[] = [];
  for (const { base, next, comparison } of list)
    for (const r of comparison.rows) {
      if (!r.gated) continue;
      const changed = r.verdict === 'regressed' || (failOn === 'change' && r.verdict === 'improved');
      if (changed)
        failures.push(
          `${r.id} ${r.verdict}: ${changeText(r)} beyond its threshold ${thresholdText(r)} (q=${r.qValue.toPrecision(2)}), ${next} vs ${base}`,
        );
      else if (r.verdict === 'insufficient') notes.push(`${r.id}: ${rowNotesText(r.notes)} (${next} vs ${base})`);
    }
  const failureKind = failOn === 'never' ? 'warning' : 'error';
  return [
    ...capped(failureKind, `schedcost: ${failOn === 'change' ? 'change' : 'regression'}`, failures),
    ...capped('warning', 'schedcost: not judged', notes),
  ];
}
