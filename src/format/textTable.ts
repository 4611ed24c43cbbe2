// Left/right-aligned plain-text columns (string width as code points).
import { stripVTControlCharacters } from 'node:util';

export type Align = 'left' | 'right';

export function renderTable(header: string[], rows: string[][], align: Align[]): string {
  // Printed width: code points, without ANSI colour sequences.
  const width = (s: string) => [...stripVTControlCharacters(s)].length;
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i]! - width(cell));
        return align[i] === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}
