// Mann–Whitney U test (Wilcoxon rank-sum), as benchstat uses to compare two
// sets of trial results without assuming a distribution. The null
// distribution is exact for small samples, also with ties (then it is the
// distribution of U given the tie pattern, counted over every equally likely
// assignment of the pooled values to the two samples): without ties up to 50
// values a side, with ties up to 25 (benchstat's limits). Above, the normal
// approximation with tie and continuity corrections.
//
// With ties the exact distribution need not be symmetric about mn/2, so the
// two-sided p-value is P(|U − mn/2| ≥ |u − mn/2|), not twice one tail
// (doubling a tail can give p = 0 for data the null often produces).

export type Alternative = 'two-sided' | 'greater' | 'less';

export interface MannWhitneyResult {
  /** U of the first sample: pairs (x, y) with x > y, ties counting 1/2. */
  u: number;
  pValue: number;
  method: 'exact' | 'exact-ties' | 'normal';
}

/** Largest sample, each side, for which the exact distribution is used without ties. */
export const EXACT_LIMIT = 50;
/** …and with ties. */
export const EXACT_TIES_LIMIT = 25;

/** U of x, with ties counting 1/2, and the sizes of the groups of equal values in ascending order. */
export function rankStatistic(x: number[], y: number[]): { u: number; groups: number[] } {
  const all = [...x.map((v) => [v, 1] as const), ...y.map((v) => [v, 0] as const)].sort((a, b) => a[0] - b[0]);
  const groups: number[] = [];
  let rankSumX = 0;
  for (let i = 0; i < all.length;) {
    let j = i,
      fromX = 0;
    while (j < all.length && all[j]![0] === all[i]![0]) fromX += all[j++]![1];
    rankSumX += (fromX * (i + 1 + j)) / 2; // mean rank of positions i+1 … j
    groups.push(j - i);
    i = j;
  }
  return { u: rankSumX - (x.length * (x.length + 1)) / 2, groups };
}

const countsCache = new Map<string, number[]>();

/**
 * Number of arrangements giving each U, for sizes m and n without ties:
 * counts[u] over all C(m+n, m) equally likely rank assignments under the
 * null hypothesis.
 */
export function exactUCounts(m: number, n: number): number[] {
  const key = `${m},${n}`;
  const cached = countsCache.get(key);
  if (cached) return cached;
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
  const counts = previous[n]!;
  if (countsCache.size < 256) countsCache.set(key, counts);
  return counts;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/**
 * The exact null distribution of 2U for m x's among pooled values whose
 * groups of equal values (ascending) have the given sizes: counts[2u] over
 * all C(N, m) assignments (ties make U a multiple of 1/2).
 */
export function exactTiedUCounts(groups: number[], m: number): number[] {
  const total = groups.reduce((a, b) => a + b, 0);
  // Doubled mid-ranks are integers: a group over positions a..b has rank (a+b)/2.
  const maxSum = 2 * m * total;
  // ways[k][s]: choices of k x's among the groups so far whose doubled ranks sum to s.
  let ways: Float64Array[] = Array.from({ length: m + 1 }, () => new Float64Array(maxSum + 1));
  ways[0]![0] = 1;
  let start = 1;
  for (const size of groups) {
    const doubledRank = start + (start + size - 1);
    const next = Array.from({ length: m + 1 }, () => new Float64Array(maxSum + 1));
    for (let k = 0; k <= m; k++) {
      const row = ways[k]!;
      for (let s = 0; s <= maxSum; s++) {
        const w = row[s]!;
        if (w === 0) continue;
        for (let take = 0; take <= size && k + take <= m; take++) {
          const target = s + take * doubledRank;
          next[k + take]![target] = next[k + take]![target]! + w * binomial(size, take);
        }
      }
    }
    ways = next;
    start += size;
  }
  const offset = m * (m + 1); // 2U = 2R − m(m+1)
  const n = total - m;
  const counts = new Array<number>(2 * m * n + 1).fill(0);
  const sums = ways[m]!;
  for (let s = 0; s <= maxSum; s++) if (sums[s]! > 0) counts[s - offset] = (counts[s - offset] ?? 0) + sums[s]!;
  return counts;
}

/** P-value from a distribution of 2U (counts indexed by 2U) for observed doubled U. */
function tailOf(counts: number[], doubledU: number, mn: number, alternative: Alternative): number {
  let total = 0,
    tail = 0;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k]!;
    if (c === 0) continue;
    total += c;
    const hit =
      alternative === 'greater'
        ? k >= doubledU
        : alternative === 'less'
          ? k <= doubledU
          : Math.abs(k - mn) >= Math.abs(doubledU - mn);
    if (hit) tail += c;
  }
  return Math.min(1, tail / total);
}

/**
 * Mann–Whitney U test of x against y. 'greater': x tends to be larger than
 * y (large U); 'less': smaller; 'two-sided': either.
 */
export function mannWhitneyU(x: number[], y: number[], alternative: Alternative = 'two-sided'): MannWhitneyResult {
  const m = x.length,
    n = y.length;
  if (m === 0 || n === 0) throw new RangeError('Mann–Whitney U needs two non-empty samples');
  const { u, groups } = rankStatistic(x, y);
  const doubledU = Math.round(2 * u);
  const ties = groups.some((g) => g > 1);

  if (!ties && m <= EXACT_LIMIT && n <= EXACT_LIMIT) {
    // Without ties U is an integer: spread the counts over 2U.
    const counts = exactUCounts(m, n);
    const doubled = new Array<number>(2 * m * n + 1).fill(0);
    counts.forEach((c, k) => (doubled[2 * k] = c));
    return { u, pValue: tailOf(doubled, doubledU, m * n, alternative), method: 'exact' };
  }
  if (ties && m <= EXACT_TIES_LIMIT && n <= EXACT_TIES_LIMIT)
    return { u, pValue: tailOf(exactTiedUCounts(groups, m), doubledU, m * n, alternative), method: 'exact-ties' };

  const total = m + n;
  const tieTerm = groups.reduce((s, t) => s + t ** 3 - t, 0) / (total * (total - 1));
  const variance = ((m * n) / 12) * (total + 1 - tieTerm);
  if (variance <= 0) return { u, pValue: 1, method: 'normal' };
  const sd = Math.sqrt(variance),
    centred = u - (m * n) / 2;
  const pValue =
    alternative === 'greater'
      ? normalUpperTail((centred - 0.5) / sd)
      : alternative === 'less'
        ? normalUpperTail((-centred - 0.5) / sd)
        : Math.min(1, 2 * normalUpperTail(Math.max(0, Math.abs(centred) - 0.5) / sd));
  return { u, pValue, method: 'normal' };
}

/** P(Z > z) for a standard normal Z (Abramowitz–Stegun 7.1.26 via erfc, |error| < 1.5e-7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** z with P(Z > z) = p, for 0 < p < 1 (bisection on normalUpperTail; |error| < 1e-9). */
export function normalQuantileUpper(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tail probability ${p} outside (0, 1)`);
  let lo = -40,
    hi = 40;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normalUpperTail(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The smallest two-sided p-value the exact test can give for these sizes. */
export function smallestPValue(m: number, n: number): number {
  let arrangements = 1;
  for (let k = 1; k <= m; k++) arrangements = (arrangements * (n + k)) / k;
  return Math.min(1, 2 / arrangements);
}
