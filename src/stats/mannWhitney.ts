// Mann–Whitney U test (Wilcoxon rank-sum), two-sided, as benchstat uses to
// compare two sets of trial results without assuming a distribution. Exact
// null distribution (counted by dynamic programming) when there are no ties
// and both samples are small; otherwise the normal approximation with tie
// and continuity corrections.

export interface MannWhitneyResult {
  /** U of the first sample: pairs (x, y) with x > y, ties counting 1/2. */
  u: number;
  pValue: number;
  method: 'exact' | 'normal';
}

const EXACT_LIMIT = 50;

/** Ranks (1-based, ties get their mean rank) of the concatenation of x and y. */
function ranks(all: number[]): { rank: number[]; tieGroups: number[] } {
  const order = all.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const rank = new Array<number>(all.length);
  const tieGroups: number[] = [];
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const mean = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) rank[order[k]![1]] = mean;
    if (j > i) tieGroups.push(j - i + 1);
    i = j + 1;
  }
  return { rank, tieGroups };
}

/**
 * Number of arrangements giving each U, for sizes m and n: counts[u] over
 * all C(m+n, m) equally likely rank assignments under the null hypothesis.
 */
export function exactUCounts(m: number, n: number): number[] {
  // f[i][j][u]: arrangements of i x's and j y's with U = u. Built up one
  // element at a time: the largest element is an x (adds j to U) or a y.
  let previous: number[][] = Array.from({ length: n + 1 }, () => [1]);
  for (let i = 1; i <= m; i++) {
    const current: number[][] = [];
    for (let j = 0; j <= n; j++) {
      const size = i * j + 1;
      const row = new Array<number>(size).fill(0);
      const withX = previous[j]!;
      for (let u = 0; u < withX.length; u++) row[u + j] = row[u + j]! + withX[u]!;
      if (j > 0) {
        const withY = current[j - 1]!;
        for (let u = 0; u < withY.length; u++) row[u] = row[u]! + withY[u]!;
      }
      current.push(row);
    }
    previous = current;
  }
  return previous[n]!;
}

export function mannWhitneyU(x: number[], y: number[]): MannWhitneyResult {
  const m = x.length,
    n = y.length;
  if (m === 0 || n === 0) throw new RangeError('Mann–Whitney U needs two non-empty samples');
  const { rank, tieGroups } = ranks([...x, ...y]);
  const rankSumX = rank.slice(0, m).reduce((a, b) => a + b, 0);
  const u = rankSumX - (m * (m + 1)) / 2;
  const meanU = (m * n) / 2;

  if (tieGroups.length === 0 && m <= EXACT_LIMIT && n <= EXACT_LIMIT) {
    const counts = exactUCounts(m, n);
    const total = counts.reduce((a, b) => a + b, 0);
    // Two-sided: twice the smaller tail, capped at 1.
    const lower = Math.min(u, m * n - u);
    let tail = 0;
    for (let k = 0; k <= lower; k++) tail += counts[k]!;
    return { u, pValue: Math.min(1, (2 * tail) / total), method: 'exact' };
  }

  const tieTerm = tieGroups.reduce((s, t) => s + t ** 3 - t, 0) / ((m + n) * (m + n - 1));
  const variance = ((m * n) / 12) * (m + n + 1 - tieTerm);
  if (variance <= 0) return { u, pValue: 1, method: 'normal' };
  const z = Math.max(0, Math.abs(u - meanU) - 0.5) / Math.sqrt(variance);
  return { u, pValue: Math.min(1, 2 * normalUpperTail(z)), method: 'normal' };
}

/** P(Z > z) for a standard normal Z (Abramowitz–Stegun 7.1.26 via erfc, |error| < 1.5e-7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** The smallest two-sided p-value the exact test can give for these sizes. */
export function smallestPValue(m: number, n: number): number {
  let arrangements = 1;
  for (let k = 1; k <= m; k++) arrangements = (arrangements * (n + k)) / k;
  return 2 / arrangements;
}
