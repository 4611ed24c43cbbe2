// The exit code a comparison ends with (documented in the README):
// 0 nothing to fail on, 1 regressed (or changed, with --fail-on change),
// 3 not comparable: hosts differ under --strict-host, nothing in common, or
// too few trials to judge.
import type { Comparison } from './compare.js';

export type FailOn = 'regression' | 'change' | 'never';

export const CompareExit = { ok: 0, failed: 1, usage: 2, notComparable: 3 } as const;

export function compareExitCode(comparisons: Comparison[], failOn: FailOn, strictHost: boolean): number {
  if (strictHost && comparisons.some((c) => c.hostDifferences.length > 0)) return CompareExit.notComparable;
  if (comparisons.some((c) => c.rows.length === 0)) return CompareExit.notComparable;
  const rows = comparisons.flatMap((c) => c.rows);
  const failing = rows.some((r) => r.verdict === 'regressed' || (failOn === 'change' && r.verdict === 'improved'));
  if (failing && failOn !== 'never') return CompareExit.failed;
  if (rows.some((r) => r.verdict === 'insufficient')) return CompareExit.notComparable;
  return CompareExit.ok;
}
