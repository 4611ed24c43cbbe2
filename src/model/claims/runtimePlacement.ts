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
 * scarcer side. A round in which no slice saw both (every wake moved it, or
 * none did) compares its moves with its re-touch right before blocking
 * (warm, at home), which leaves the cooling in; NaN when it saw no moves.
 */
export function refillPerRound(placements: RuntimePlacement[]): number[] {
  const rounds = Math.max(0, ...placements.map((p) => p.measurement.perRound.length));
  return Array.from({ length: rounds }, (_, i) => {
    let best = { count: 0, refillNs: Number.NaN };
    let movedMost = { count: 0, refillNs: Number.NaN };
    for (const { measurement } of placements) {
      const x = measurement.perRoundExtra ?? {};
      const home = x.retouchHomeCount?.[i] ?? 0,
        moved = x.retouchMovedCount?.[i] ?? 0,
        movedNs = x.retouchMovedP50Ns?.[i] ?? Number.NaN;
      const count = Math.min(home, moved);
      if (count >= MIN_RETOUCHES && count > best.count)
        best = { count, refillNs: movedNs - (x.retouchHomeP50Ns?.[i] ?? Number.NaN) };
      if (moved >= MIN_RETOUCHES && moved > movedMost.count)
        movedMost = { count: moved, refillNs: movedNs - (x.retouchWarmP50Ns?.[i] ?? Number.NaN) };
    }
    return best.count > 0 ? best.refillNs : movedMost.refillNs;
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
