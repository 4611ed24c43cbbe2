// Claim 3: unlocked wakes migrate T to the waker's CPU, and T refills there.
import { Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim } from '../../results/schema.js';
import { median } from '../../stats/distribution.js';
import { claimOf, notMeasured } from './evidence.js';
import type { UnlockedSlice } from './unlockedSlices.js';

const ID = 3;

export function judgeUnlockedMigrates(slices: UnlockedSlice[]): Claim {
  if (slices.length === 0) return notMeasured(ID, Probe.wakeUnlocked);
  const refill = slices.map((s) => s.refillNs).filter(Number.isFinite);
  const refillNs = refill.length ? median(refill) : Number.NaN;
  const anyMigrated = slices.some((s) => s.migrated >= 0.5);
  const evidence: Record<string, number> = { refillNs };
  for (const s of slices) evidence[`migratedFractionSlice${s.sliceNs}Ns`] = s.migrated;
  return claimOf(
    ID,
    !Number.isFinite(refillNs) ? 'inconclusive' : anyMigrated && refillNs > 0 ? 'confirmed' : 'refuted',
    slices.map((s) => `slice ${formatNs(s.sliceNs)}: ${(100 * s.migrated).toFixed(0)}% migrated`).join(', ') +
      (Number.isFinite(refillNs)
        ? `; a migrated T re-touches its working set ${formatNs(refillNs)} slower`
        : '; no sample both migrated and stayed'),
    evidence,
  );
}
