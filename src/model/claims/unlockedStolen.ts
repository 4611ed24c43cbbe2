// Claim 4: with the waker still running, does an idle P steal T in most
// wakeups? The idle worker sits on another CPU than the waker, so it needs a
// cross-CPU wake first.
import { Metric, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim } from '../../results/schema.js';
import { claimOf, effectOf, fractionText, headline, notMeasured, type Find } from './evidence.js';
import { crossoverText } from './unlockedMigrates.js';
import type { UnlockedSlice } from './unlockedSlices.js';

const ID = 4;
/** "Often": in most wakeups. */
const MOST = 0.5;

export function judgeUnlockedStolen(slices: UnlockedSlice[], find: Find): Claim {
  if (slices.length === 0) return notMeasured(ID, Probe.wakeUnlocked);
  const operating = slices[slices.length - 1]!;
  const effect = effectOf(
    `stolen fraction, waker running ${formatNs(operating.sliceNs)}`,
    'fraction',
    operating.stolenPerTrial,
  );
  const verdict: Claim['verdict'] = !effect
    ? 'inconclusive'
    : effect.low > MOST
      ? 'confirmed'
      : effect.high < MOST
        ? 'refuted'
        : 'inconclusive';
  const wakeCross = headline(find(Probe.futexWake, Metric.wakeLatency, {}, 'cross-cpu'));
  const evidence: Record<string, number> = { ...crossoverText(slices, find).evidence };
  for (const s of slices)
    evidence[`stolenFractionSlice${s.sliceNs}Ns`] =
      s.stolenPerTrial.reduce((a, b) => a + b, 0) / Math.max(1, s.stolenPerTrial.length);
  return claimOf(
    ID,
    verdict,
    `with the waker running ${formatNs(operating.sliceNs)}, an idle P stole T in ${effect ? fractionText(effect) : 'too few trials'} of wakeups` +
      (Number.isFinite(wakeCross) ? `, after a cross-CPU wake of its own (${formatNs(wakeCross)})` : '') +
      `; across the sweep: ${slices.map((s) => `${formatNs(s.sliceNs)} ${(100 * (evidence[`stolenFractionSlice${s.sliceNs}Ns`] ?? 0)).toFixed(0)}%`).join(', ')}`,
    evidence,
    effect,
  );
}
