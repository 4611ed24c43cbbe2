// Claim 3: where a Go program operates — the waker keeps running — does the
// waker's P run T (T migrates and refills its cache), or does an idle P steal
// it first? Judged at the longest slice measured; the crossover slice is
// reported against the model's (the median cross-CPU wake).
import { Metric, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim } from '../../results/schema.js';
import { claimOf, effectOf, fractionText, headline, notMeasured, type Find } from './evidence.js';
import { crossoverPerTrial, type UnlockedSlice } from './unlockedSlices.js';

const ID = 3;
/** "Migrate T": in most wakeups. */
const MOST = 0.5;

export function crossoverText(slices: UnlockedSlice[], find: Find): { text: string; evidence: Record<string, number> } {
  const crossover = effectOf('crossover slice', 'ns', crossoverPerTrial(slices).filter(Number.isFinite));
  const predicted = headline(find(Probe.futexWake, Metric.wakeLatency, {}, 'cross-cpu'));
  const last = slices[slices.length - 1]!.sliceNs;
  const all = crossoverPerTrial(slices);
  const text =
    (crossover
      ? `T migrates in most wakeups while the waker runs less than ${formatNs(crossover.value)} (${formatNs(crossover.low)}–${formatNs(crossover.high)})`
      : all.length && all.every((c) => c === Number.POSITIVE_INFINITY)
        ? `T migrates in most wakeups at every slice up to ${formatNs(last)}`
        : 'the crossover slice could not be placed in enough trials') +
    (Number.isFinite(predicted) ? `; the model puts it at the median cross-CPU wake, ${formatNs(predicted)}` : '');
  return {
    text,
    evidence: {
      ...(crossover ? { crossoverSliceNs: crossover.value } : {}),
      ...(Number.isFinite(predicted) ? { modelCrossoverSliceNs: predicted } : {}),
    },
  };
}

export function judgeUnlockedMigrates(slices: UnlockedSlice[], find: Find): Claim {
  if (slices.length === 0) return notMeasured(ID, Probe.wakeUnlocked);
  const operating = slices[slices.length - 1]!;
  const effect = effectOf(
    `migrated fraction, waker running ${formatNs(operating.sliceNs)}`,
    'fraction',
    operating.migratedPerTrial,
  );
  const refill = slices.map((s) => s.refillNs).find(Number.isFinite) ?? Number.NaN;
  const verdict: Claim['verdict'] = !effect
    ? 'inconclusive'
    : effect.low > MOST && refill > 0
      ? 'confirmed'
      : effect.high < MOST
        ? 'refuted'
        : 'inconclusive';
  const crossover = crossoverText(slices, find);
  const evidence: Record<string, number> = { refillNs: refill, ...crossover.evidence };
  for (const s of slices)
    evidence[`migratedFractionSlice${s.sliceNs}Ns`] =
      s.migratedPerTrial.reduce((a, b) => a + b, 0) / Math.max(1, s.migratedPerTrial.length);
  return claimOf(
    ID,
    verdict,
    `with the waker running ${formatNs(operating.sliceNs)} after readying T, ${effect ? fractionText(effect) : 'too few trials'} of wakeups migrated T; ${crossover.text}` +
      (Number.isFinite(refill) ? `; a migrated T re-touches its working set ${formatNs(refill)} slower` : ''),
    evidence,
    effect,
  );
}
