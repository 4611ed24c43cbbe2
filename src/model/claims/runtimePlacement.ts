// What claims 3 and 4 read from the real Go runtime: an unlocked receiver
// woken by a sender that keeps running for a slice and then yields, per
// slice (up to Go's 10 ms): per round, the fraction of wakeups in which the
// receiver ran on another CPU than the one it blocked on (moved: among the
// wakeups in which it had blocked apart from the sender, for only those
// could move it to the sender's CPU), and in which a P other than the
// sender's ran it (stolen); and what a move cost its working set's re-touch.
import { Param } from '../../catalogue/index.js';
import type { GoMeasurement } from '../../go/goResultsSchema.js';
import { crossoverOf } from './unlockedSlices.js';

export interface RuntimePlacement {
  sliceNs: number;
  measurement: GoMeasurement;
  movedPerRound: number[];
  stolenPerRound: number[];
}

const complement = (fractions: number[] | undefined) => (fractions ?? []).map((f) => 1 - f);

/** Fewer wakeups apart from the sender than this leave a round's moved fraction unknown. */
const MIN_APART = 5;

function movedApart(m: GoMeasurement): number[] {
  const apart = m.perRoundExtra?.apartCount ?? [],
    moved = m.perRoundExtra?.movedApartCount ?? [];
  return apart.map((n, i) => (n >= MIN_APART ? moved[i]! / n : Number.NaN));
}

/** The runtime's placement measurements by slice, shortest first; none when Go was not measured. */
export function runtimePlacements(measured: GoMeasurement[]): RuntimePlacement[] {
  return measured
    .filter((m) => m.kind === 'placement')
    .map((m) => ({
      sliceNs: Number(m.config[Param.sliceNs]),
      measurement: m,
      movedPerRound: movedApart(m),
      stolenPerRound: complement(m.perRoundExtra?.onSenderThreadFraction),
    }))
    .sort((a, b) => a.sliceNs - b.sliceNs);
}

/** Fewer re-touches than this on either side give no median worth comparing. */
const MIN_RETOUCHES = 3;

/**
 * Per round, what a move cost the receiver's re-touch: moved − home median
 * within one slice (the receiver idled as long on both sides: a long idle
 * cools even a cache left alone), the slice with the most re-touches on its
 * scarcer side; NaN for a round in which no slice saw both (a move's cost
 * is then not measured: its warm re-touch before blocking idled less).
 */
export function refillPerRound(placements: RuntimePlacement[]): number[] {
  const rounds = Math.max(0, ...placements.map((p) => p.measurement.perRound.length));
  return Array.from({ length: rounds }, (_, i) => {
    let best = { count: 0, refillNs: Number.NaN };
    for (const { measurement } of placements) {
      const x = measurement.perRoundExtra ?? {};
      const count = Math.min(x.retouchHomeCount?.[i] ?? 0, x.retouchMovedCount?.[i] ?? 0);
      if (count >= MIN_RETOUCHES && count > best.count)
        best = { count, refillNs: x.retouchMovedP50Ns![i]! - x.retouchHomeP50Ns![i]! };
    }
    return best.refillNs;
  });
}

/** Per round, the slice below which the receiver moves in most wakeups (see crossoverOf). */
export function runtimeCrossoverPerRound(placements: RuntimePlacement[]): number[] {
  const rounds = Math.min(...placements.map((p) => p.movedPerRound.length));
  if (!Number.isFinite(rounds)) return [];
  return Array.from({ length: rounds }, (_, i) =>
    crossoverOf(
      placements.flatMap((p) =>
        Number.isFinite(p.movedPerRound[i]) ? [[p.sliceNs, p.movedPerRound[i]!] as const] : [],
      ),
    ),
  );
}
