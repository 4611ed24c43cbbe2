// Small, dependency-free SVG chart helpers for the HTML report. Every text
// that reaches the markup goes through escapeHtml.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const defaultFrame: Frame = { width: 560, height: 260, left: 56, right: 16, top: 16, bottom: 40 };

export const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

export function logScale(domain: [number, number], range: [number, number]) {
  const [d0, d1] = domain.map((v) => Math.log10(Math.max(v, 1e-9))) as [number, number];
  const span = d1 - d0 || 1;
  return (v: number) => range[0] + ((Math.log10(Math.max(v, 1e-9)) - d0) / span) * (range[1] - range[0]);
}

export function linearScale(domain: [number, number], range: [number, number]) {
  const span = domain[1] - domain[0] || 1;
  return (v: number) => range[0] + ((v - domain[0]) / span) * (range[1] - range[0]);
}

/** Powers of ten (and 2×, 5×) inside a domain, for log-axis ticks. */
export function logTicks([lo, hi]: [number, number]): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(Math.max(lo, 1e-9))); e <= Math.ceil(Math.log10(Math.max(hi, 1e-9))); e++)
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo && v <= hi) ticks.push(v);
    }
  return ticks;
}

export function svgOpen(frame: Frame, label: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-label="${escapeHtml(label)}" class="chart">`;
}

export function axes(
  frame: Frame,
  xTicks: { at: number; label: string }[],
  yTicks: { at: number; label: string }[],
  xLabel: string,
  yLabel: string,
): string {
  const x0 = frame.left,
    x1 = frame.width - frame.right,
    y0 = frame.height - frame.bottom,
    y1 = frame.top;
  const parts = [
    `<line x1="${x0}" y1="${y0}" x2="${x1}" y2="${y0}" class="axis"/>`,
    `<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y1}" class="axis"/>`,
  ];
  for (const t of xTicks)
    parts.push(
      `<line x1="${t.at.toFixed(1)}" y1="${y0}" x2="${t.at.toFixed(1)}" y2="${y1}" class="grid"/><text x="${t.at.toFixed(1)}" y="${y0 + 14}" class="tick" text-anchor="middle">${escapeHtml(t.label)}</text>`,
    );
  for (const t of yTicks)
    parts.push(
      `<line x1="${x0}" y1="${t.at.toFixed(1)}" x2="${x1}" y2="${t.at.toFixed(1)}" class="grid"/><text x="${x0 - 4}" y="${(t.at + 3).toFixed(1)}" class="tick" text-anchor="end">${escapeHtml(t.label)}</text>`,
    );
  parts.push(
    `<text x="${(x0 + x1) / 2}" y="${frame.height - 6}" class="label" text-anchor="middle">${escapeHtml(xLabel)}</text>`,
  );
  parts.push(
    `<text x="12" y="${(y0 + y1) / 2}" class="label" text-anchor="middle" transform="rotate(-90 12 ${(y0 + y1) / 2})">${escapeHtml(yLabel)}</text>`,
  );
  return parts.join('');
}

/** Legend in the lower right corner, where rising curves (CDFs) leave room. */
export function legend(frame: Frame, series: { name: string; color: string }[]): string {
  const longest = Math.max(...series.map((s) => s.name.length));
  return series
    .map((s, i) => {
      const y = frame.height - frame.bottom - 8 - (series.length - 1 - i) * 14;
      const x = Math.max(frame.left + 10, frame.width - frame.right - 24 - longest * 6);
      return `<rect x="${x}" y="${y - 8}" width="10" height="10" fill="${s.color}"/><text x="${x + 14}" y="${y + 1}" class="legend">${escapeHtml(s.name)}</text>`;
    })
    .join('');
}

export function polyline(points: [number, number][], color: string, name: string): string {
  const d = points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  return `<polyline points="${d}" fill="none" stroke="${color}" stroke-width="1.8" class="series"><title>${escapeHtml(name)}</title></polyline>`;
}
