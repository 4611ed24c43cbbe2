// Adjusted p-values for a family of tests, so that one level holds for the
// whole family rather than for each test:
// - Benjamini–Hochberg (step-up): controls the false discovery rate, the
//   expected share of false flags among the flags, under independence and
//   positive dependence (PRDS). When no effect is real, every flag is false
//   and the FDR equals the probability of any flag: the family-wise rate.
// - Holm (step-down): controls the family-wise error rate under any
//   dependence; uniformly more powerful than Bonferroni.
// - none: the raw p-values (each test at its own level).
// A NaN p-value (a test not run) is no member of the family and stays NaN.

export type Correction = 'bh' | 'holm' | 'none';

function finiteIndices(p: number[]): number[] {
  return p.flatMap((v, i) => (Number.isNaN(v) ? [] : [i]));
}

/** Benjamini–Hochberg adjusted p-values (q-values): reject where q ≤ the FDR level. */
export function benjaminiHochberg(p: number[]): number[] {
  const members = finiteIndices(p).sort((a, b) => p[a]! - p[b]!);
  const m = members.length;
  const adjusted = p.map(() => Number.NaN);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const index = members[rank - 1]!;
    running = Math.min(running, (p[index]! * m) / rank);
    adjusted[index] = running;
  }
  return adjusted;
}

/** Holm adjusted p-values: reject where the adjusted value ≤ the family-wise level. */
export function holm(p: number[]): number[] {
  const members = finiteIndices(p).sort((a, b) => p[a]! - p[b]!);
  const m = members.length;
  const adjusted = p.map(() => Number.NaN);
  let running = 0;
  members.forEach((index, i) => {
    running = Math.max(running, Math.min(1, (m - i) * p[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}

export function adjustPValues(p: number[], correction: Correction): number[] {
  return correction === 'bh' ? benjaminiHochberg(p) : correction === 'holm' ? holm(p) : [...p];
}
