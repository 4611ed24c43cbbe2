// Claim 3: do unlocked wakes move T to the waker's core, where it loses its
// cache? Judged on the real Go runtime: where an unlocked receiver runs as
// its sender keeps running for slices up to Go's 10 ms, and what a move
// costs its working set's re-touch. In the emulation every kept wakeup is
// either migrated or stolen, so its direction is claim 4's read backwards:
// without the runtime it is shown, not judged.
import { Metric, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim, Effect } from '../../results/schema.js';
import { builtIn, claimOf, effectOf, headline, notMeasured, type ClaimEvidence, onRuntime } from './evidence.js';
import { refillPerRound, runtimeCrossoverPerRound, runtimePlacements } from './runtimePlacement.js';
import { crossoverPerTrial, type UnlockedSlice } from './unlockedSlices.js';
import { median } from '../../stats/sampleSummary.js';

const ID = 3;
/** "In most cases": in most wakeups. */
const MOST = 0.5;

/** A crossover the sweep placed between two slices (not beyond it, not below it). */
const withinSweep = (v: number) => Number.isFinite(v) && v > 0;
const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
const rangeText = (e: Effect, format: (v: number) => string) =>
  `${format(e.value)} (${format(e.low)}–${format(e.high)} over ${e.trials})`;

/**
 * A crossover per round in words: its median (beyond the sweep, or below
 * it, when most rounds placed it there), with an interval when every round
 * placed it within the sweep.
 */
function crossoverText(e: Effect | undefined, values: number[], longestNs: number, shortestNs: number): string {
  const placed = values.filter((v) => !Number.isNaN(v));
  if (placed.length === 0) return 'not placed in any round';
  const middle = median(placed);
  if (middle === Number.POSITIVE_INFINITY) return `beyond ${formatNs(longestNs)}`;
  if (middle === 0) return `below ${formatNs(shortestNs)}`;
  return e && e.trials === placed.length
    ? `${formatNs(e.value)} (${formatNs(e.low)}–${formatNs(e.high)})`
    : `${formatNs(middle)} (median of ${placed.length} rounds, some beyond or below the sweep)`;
}

function judgeOnRuntime(e: ClaimEvidence, slices: UnlockedSlice[]): Claim | undefined {
  const placements = runtimePlacements(e.goMeasured);
  if (placements.length === 0) return undefined;
  const moved = placements.map((p) => ({
    sliceNs: p.sliceNs,
    effect: effectOf(`moved fraction, sender running ${formatNs(p.sliceNs)}`, 'fraction', p.movedPerRound),
  }));
  const shortest = moved[0]!,
    longest = moved[moved.length - 1]!;
  const refill = effectOf('re-touch after a move − at home', 'ns', refillPerRound(placements));
  const crossovers = runtimeCrossoverPerRound(placements);
  const crossover = effectOf('crossover slice', 'ns', crossovers.filter(withinSweep));
  const above = moved.every((m) => m.effect && m.effect.low > MOST);
  const below = moved.every((m) => m.effect && m.effect.high < MOST);
  const verdict: Claim['verdict'] =
    below || (refill && refill.high <= 0)
      ? 'refuted'
      : !refill || refill.low <= 0
        ? 'inconclusive'
        : above
          ? 'confirmed'
          : shortest.effect && shortest.effect.low > MOST && longest.effect && longest.effect.high < MOST
            ? 'qualified'
            : 'inconclusive';
  const ws = placements[0]!.measurement.config.workingSetBytes;
  const warm = placements[0]!.measurement.perRoundExtra?.retouchWarmP50Ns;
  const warmNs = warm?.length ? median(warm) : Number.NaN;
  const emulated = crossoverPerTrial(slices).filter(withinSweep);
  const emulatedCrossover = effectOf('the emulation’s crossover slice', 'ns', emulated);
  return claimOf(
    ID,
    verdict,
    `the Go runtime, an unlocked receiver woken by a sender that keeps running and then yields: it ran on another CPU than the one it blocked on in ` +
      moved.map((m) => `${m.effect ? pct(m.effect.value) : '—'} of wakeups at ${formatNs(m.sliceNs)}`).join(', ') +
      `; it moves in most wakeups while the sender yields within ${crossoverText(crossover, crossovers, longest.sliceNs, shortest.sliceNs)}` +
      (emulatedCrossover ? ` (the emulation: ${formatNs(emulatedCrossover.value)})` : '') +
      `; a move made its ${typeof ws === 'number' ? `${ws / 1024} KiB ` : ''}working set's re-touch ${refill ? rangeText(refill, formatNs) : '— (too few rounds with moves and stays at one slice)'} slower` +
      (Number.isFinite(warmNs) ? ` (warm, right before it blocks, it re-touches in ${formatNs(warmNs)})` : ''),
    {
      ...Object.fromEntries(
        moved.flatMap((m) => (m.effect ? [[`movedFractionSlice${m.sliceNs}Ns`, m.effect.value]] : [])),
      ),
      ...(refill ? { refillNs: refill.value } : {}),
      ...(Number.isFinite(warmNs) ? { retouchWarmNs: warmNs } : {}),
      ...(crossover ? { crossoverSliceNs: crossover.value } : {}),
    },
    longest.effect,
    onRuntime(
      'crossover slice (below it the receiver moves in most wakeups)',
      'ns',
      crossover?.value,
      emulatedCrossover?.value,
    ),
  );
}

/** The emulation's crossover slice in words, beside the model's (the median cross-CPU wake). */
function emulatedCrossoverText(slices: UnlockedSlice[], e: ClaimEvidence): string {
  const all = crossoverPerTrial(slices);
  const crossover = effectOf('crossover slice', 'ns', all.filter(withinSweep));
  const predicted = headline(e.futexWake(Metric.wakeLatency, 'cross-cpu'));
  const last = slices[slices.length - 1]!.sliceNs;
  return (
    `T migrates in most wakeups while the waker runs less than ${crossoverText(crossover, all, last, slices[0]!.sliceNs)}` +
    (Number.isFinite(predicted) ? `; the model puts it at the median cross-CPU wake, ${formatNs(predicted)}` : '')
  );
}

export function judgeUnlockedMigrates(e: ClaimEvidence, slices: UnlockedSlice[]): Claim {
  const onRuntime = judgeOnRuntime(e, slices);
  if (onRuntime) return onRuntime;
  if (slices.length === 0) return notMeasured(ID, `the Go runtime's unlocked receiver, and ${Probe.wakeUnlocked}`);
  const operating = slices[slices.length - 1]!;
  const effect = effectOf(
    `migrated fraction, waker running ${formatNs(operating.sliceNs)}`,
    'fraction',
    operating.migratedPerTrial,
  );
  const refill = slices.map((s) => s.refillNs).find(Number.isFinite) ?? Number.NaN;
  return builtIn(
    ID,
    `the emulation: with the waker running ${formatNs(operating.sliceNs)} after readying T, ${effect ? `${pct(effect.value)} (${pct(effect.low)}–${pct(effect.high)})` : '—'} of wakeups migrated T (the rest were stolen); ${emulatedCrossoverText(slices, e)}` +
      (Number.isFinite(refill) ? `; a migrated T re-touches its working set ${formatNs(refill)} slower` : ''),
    { refillNs: refill, ...(effect ? { migratedFraction: effect.value } : {}) },
    e.runtimeAbsent,
    effect,
  );
}
