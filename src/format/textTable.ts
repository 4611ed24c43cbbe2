// Left/right-aligned plain-text columns (string width as code points). Given
// a width to fit, the columns marked shrinkable give up characters (cut with
// an ellipsis), widest first, until the table fits.
import { stripVTControlCharacters } from 'node:util';

export type Align = 'left' | 'right';

export interface FitOptions {
  /** The table's widest line, e.g. the terminal's columns; unlimited when absent. */
  maxWidth?: number;
  /** Indices of the columns that may be cut to fit (e.g. notes, long names). */
  shrinkable?: number[];
}

/** Printed width: code points, without ANSI colour sequences. */
const widthOf = (s: string) => [...stripVTControlCharacters(s)].length;
const GAP = 2;
const MIN_COLUMN = 8;

function cut(text: string, width: number): string {
  const chars = [...stripVTControlCharacters(text)];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

export function renderTable(header: string[], rows: string[][], align: Align[], fit: FitOptions = {}): string {
  const widths = header.map((h, i) => Math.max(widthOf(h), ...rows.map((r) => widthOf(r[i] ?? ''))));
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1);
  const shrinkable = fit.shrinkable ?? [];
  if (fit.maxWidth !== undefined)
    while (total() > fit.maxWidth) {
      const widest = shrinkable.filter((i) => widths[i]! > MIN_COLUMN).sort((a, b) => widths[b]! - widths[a]!)[0];
      if (widest === undefined) break;
      widths[widest] = Math.max(MIN_COLUMN, widths[widest]! - (total() - fit.maxWidth));
    }
  const line = (cells: string[]) =>
    cells
      .map((raw, i) => {
        const cell = cut(raw, widths[i]!);
        const pad = ' '.repeat(Math.max(0, widths[i]! - widthOf(cell)));
        return align[i] === 'right' ? pad + cell : cell + pad;
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}
