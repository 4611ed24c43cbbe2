// Claim 4: with a long slice the waker cannot run T at once, so the idle
// worker on T's CPU steals it — after a cross-CPU wake of its own.
import { Metric, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim } from '../../results/schema.js';
import { claimOf, headline, notMeasured, type Find } from './evidence.js';
import type { UnlockedSlice } from './unlockedSlices.js';

const ID = 4;
/** Slices this long keep the waker busy well past a cross-CPU wake. */
const LONG_SLICE_NS = 50000;

export function judgeUnlockedStolen(slices: UnlockedSlice[], find: Find): Claim {
  if (slices.length === 0) return notMeasured(ID, Probe.wakeUnlocked);
  // The idle worker sits on another CPU than the waker: its wake is a cross-CPU one.
  const wakeCross = find(Probe.futexWake, Metric.wakeLatency, {}, 'cross-cpu');
  const long = slices.filter((s) => s.sliceNs >= LONG_SLICE_NS);
  const evidence: Record<string, number> = {};
  for (const s of slices) {
    evidence[`stolenFractionSlice${s.sliceNs}Ns`] = s.stolen;
    if (Number.isFinite(s.stolenLatencyNs)) evidence[`stolenWakeToRunSlice${s.sliceNs}Ns`] = s.stolenLatencyNs;
  }
  return claimOf(
    ID,
    long.length === 0 ? 'inconclusive' : long.every((s) => s.stolen >= 0.5) ? 'confirmed' : 'refuted',
    slices.map((s) => `slice ${formatNs(s.sliceNs)}: ${(100 * s.stolen).toFixed(0)}% stolen`).join(', ') +
      (long.length ? '' : `; no slice of ${formatNs(LONG_SLICE_NS)} or more was measured`) +
      (wakeCross ? `; the idle worker needs a cross-CPU wake first (futex wake ${formatNs(headline(wakeCross))})` : ''),
    evidence,
  );
}
