// The exit code a comparison ends with (documented in the README):
// 0 nothing to fail on, 1 a gated metric regressed (or changed, with
// --fail-on change), 3 not comparable: hosts differ under --strict-host,
// nothing in common, or not one gated metric could be judged. Rows that
// cannot be judged, and rows that are reported but not gated, never fail a
// comparison by themselves.
import type { Comparison } from './compare.js';

export type FailOn = 'regression' | 'change' | 'never';

const CompareExit = { ok: 0, failed: 1, usage: 2, notComparable: 3 } as const;

export function compareExitCode(comparisons: Comparison[], failOn: FailOn, strictHost: boolean): number {
  if (strictHost && comparisons.some((c) => c.hostDifferences.length > 0)) return CompareExit.notComparable;
  if (comparisons.some((c) => c.rows.length === 0)) return CompareExit.notComparable;
  const gated = comparisons.flatMap((c) => c.rows.filter((r) => r.gated));
  const failing = gated.some((r) => r.verdict === 'regressed' || (failOn === 'change' && r.verdict === 'improved'));
  if (failing && failOn !== 'never') return CompareExit.failed;
  if (comparisons.some((c) => c.gate.judged === 0)) return CompareExit.notComparable;
  return CompareExit.ok;
}
