// Host regimes in a comparison. On VMs a cross-CPU wake settles at one of a
// few levels for a while (here 8.0 µs or 10.7 µs, and a 256 KiB retouch after
// a move at 80 µs or 500 µs with it); every trial round opens with a short
// cross-CPU wake whose p50 says which. When the rounds of the two sides fall
// into two clearly separate levels, a cross-CPU row is compared within the
// levels both sides share, so a regime the host switched to between the runs
// is not taken for a change, and a change within a shared regime still is.
import { median } from '../stats/sampleSummary.js';

/** Calibrations whose largest gap exceeds this fraction fall into two regimes. */
const REGIME_GAP = 0.15;

export interface RegimeSplit {
  /** Calibrations above this are the slower regime. */
  cutNs: number;
  /** Per value of each side: measured in the slower regime. */
  inBase: boolean[];
  inNext: boolean[];
  baseMedianNs: number;
  nextMedianNs: number;
}

/** A regime is seen in at least this many rounds: one odd round is not a regime. */
const REGIME_MIN_ROUNDS = 2;

/** Two regimes among the rounds' calibrations of both sides, split at their largest relative gap. */
export function regimeSplit(baseNs: number[], nextNs: number[]): RegimeSplit | undefined {
  const sorted = [...baseNs, ...nextNs].sort((a, b) => a - b);
  let widest = 0,
    cutNs = 0;
  for (let i = REGIME_MIN_ROUNDS; i <= sorted.length - REGIME_MIN_ROUNDS; i++) {
    const gap = sorted[i]! / sorted[i - 1]! - 1;
    if (gap > widest) [widest, cutNs] = [gap, (sorted[i]! + sorted[i - 1]!) / 2];
  }
  if (widest <= REGIME_GAP) return undefined;
  return {
    cutNs,
    inBase: baseNs.map((c) => c > cutNs),
    inNext: nextNs.map((c) => c > cutNs),
    baseMedianNs: median(baseNs),
    nextMedianNs: median(nextNs),
  };
}
