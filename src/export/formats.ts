// Export formats users of benchmarking tools expect: github-action-benchmark
// (customSmallerIsBetter for latencies, customBiggerIsBetter for throughput;
// its range as "± x"), Bencher's metric format (measures latency and
// throughput), CSV (hyperfine's --export-csv users) and a Markdown table.
import type { Headline } from './headlines.js';

export const EXPORT_FORMATS = [
  'github-action-benchmark',
  'github-action-benchmark-bigger',
  'bencher',
  'csv',
  'markdown',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const halfWidth = (h: Headline) => (h.high - h.low) / 2;

function githubActionBenchmark(rows: Headline[], better: Headline['better']): string {
  const entries = rows
    .filter((h) => h.better === better)
    .map((h) => ({
      name: h.id,
      unit: h.unit === 'ns' ? 'ns' : 'ops/s',
      value: h.value,
      range: `± ${halfWidth(h)}`,
      extra: `${h.stat}: median of ${h.trials} trials' ${h.stat}; ${(100 * h.confidence).toFixed(1)}% interval ${h.low}–${h.high}${h.modes ? `; bimodal: ${h.modes}` : ''}`,
    }));
  return `${JSON.stringify(entries, null, 2)}\n`;
}

function bencher(rows: Headline[]): string {
  const measures = Object.fromEntries(
    rows.map((h) => [
      h.id,
      {
        [h.unit === 'ns' ? (h.stat === 'p50' ? 'latency' : `latency-${h.stat}`) : 'throughput']: {
          value: h.value,
          lower_value: h.low,
          upper_value: h.high,
        },
      },
    ]),
  );
  return `${JSON.stringify(measures, null, 2)}\n`;
}

/** RFC 4180: quote fields with a comma, quote or newline; double the quotes. */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(rows: Headline[]): string {
  const header = [
    'id',
    'probe',
    'metric',
    'placement',
    'params',
    'stat',
    'unit',
    'better',
    'value',
    'low',
    'high',
    'confidence',
    'trials',
    'role',
    'modes',
  ];
  const lines = rows.map((h) =>
    [
      h.id,
      h.probe,
      h.metric,
      h.placement,
      Object.entries(h.params)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
      h.stat,
      h.unit,
      h.better,
      h.value,
      h.low,
      h.high,
      h.confidence,
      h.trials,
      h.role,
      h.modes ?? '',
    ]
      .map(csvField)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

function markdown(rows: Headline[], formatValue: (h: Headline, v: number) => string): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = rows.map(
    (h) =>
      `| \`${cell(h.id)}\` | ${h.stat} | ${formatValue(h, h.value)} | ${formatValue(h, h.low)} – ${formatValue(h, h.high)} | ${h.trials} | ${h.better} is better${h.modes ? `; bimodal: ${cell(h.modes)}` : ''} |`,
  );
  return `${['| metric | statistic | median over trials | interval | trials | notes |', '|---|---|---:|---|---:|---|', ...lines].join('\n')}\n`;
}

export function renderExport(
  rows: Headline[],
  format: ExportFormat,
  formatValue: (h: Headline, v: number) => string,
): string {
  switch (format) {
    case 'github-action-benchmark':
      return githubActionBenchmark(rows, 'lower');
    case 'github-action-benchmark-bigger':
      return githubActionBenchmark(rows, 'higher');
    case 'bencher':
      return bencher(rows);
    case 'csv':
      return csv(rows);
    case 'markdown':
      return markdown(rows, formatValue);
  }
}
