// Claim 4: with the waker still running, does another P steal the woken G
// in most wakeups? Judged on the real Go runtime at the longest slice (Go
// preempts a goroutine after 10 ms): the fraction of wakeups a P other than
// the sender's ran the receiver, and how long the steal took. The
// emulation's idle worker steals T as soon as its own wake completes, and
// every kept wakeup there is either stolen or migrated: without the runtime
// it is shown, not judged.
import { Metric, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim, Effect } from '../../results/schema.js';
import { builtIn, claimOf, effectOf, headline, notMeasured, type ClaimEvidence, onRuntime } from './evidence.js';
import { runtimePlacements } from './runtimePlacement.js';
import type { UnlockedSlice } from './unlockedSlices.js';
import { median } from '../../stats/sampleSummary.js';

const ID = 4;
/** "Often": in most wakeups. */
const MOST = 0.5;

const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(0)}%` : '—');
/** The median, NaN when there is nothing to take it of. */
const middle = (values: number[]) => (values.length ? median(values) : Number.NaN);
const fractionText = (e: Effect) => `${pct(e.value)} (${pct(e.low)}–${pct(e.high)} over ${e.trials})`;

function judgeOnRuntime(e: ClaimEvidence, slices: UnlockedSlice[]): Claim | undefined {
  const placements = runtimePlacements(e.goMeasured);
  if (placements.length === 0) return undefined;
  const operating = placements[placements.length - 1]!;
  const effect = effectOf(
    `stolen fraction, sender running ${formatNs(operating.sliceNs)}`,
    'fraction',
    operating.stolenPerRound,
  );
  const verdict: Claim['verdict'] = !effect
    ? 'inconclusive'
    : effect.low > MOST
      ? 'confirmed'
      : effect.high < MOST
        ? 'refuted'
        : 'inconclusive';
  const stolenAt = (p: (typeof placements)[number]) => middle(p.stolenPerRound);
  const wakeCross = headline(e.futexWake(Metric.wakeLatency, 'cross-cpu'));
  // The emulation's stolen fraction at a slice both measured: the longest such.
  const shared = [...placements]
    .reverse()
    .map((p) => ({ p, emulated: slices.find((s) => s.sliceNs === p.sliceNs) }))
    .find((x) => x.emulated && x.emulated.stolenPerTrial.length > 0);
  const emulatedStolen = shared ? middle(shared.emulated!.stolenPerTrial) : Number.NaN;
  const runtimeStolen = shared ? stolenAt(shared.p) : Number.NaN;
  return claimOf(
    ID,
    verdict,
    `the Go runtime, an unlocked receiver woken by a sender that keeps running ${formatNs(operating.sliceNs)}: another P stole it in ${effect ? fractionText(effect) : '— (too few rounds)'} of wakeups, ${formatNs(operating.measurement.value)} after the send (p50; the idle P's thread wakes, then sleeps usleep(3) before taking a running P's next goroutine)` +
      (Number.isFinite(wakeCross) ? `, where one cross-CPU futex wake takes ${formatNs(wakeCross)}` : '') +
      `; across the sweep: ${placements.map((p) => `${formatNs(p.sliceNs)} ${pct(stolenAt(p))}`).join(', ')}` +
      (shared
        ? `; the emulation's idle worker stole T in ${pct(emulatedStolen)} at ${formatNs(shared.p.sliceNs)}`
        : ''),
    {
      ...Object.fromEntries(placements.map((p) => [`stolenFractionSlice${p.sliceNs}Ns`, stolenAt(p)])),
      stealLatencyP50Ns: operating.measurement.value,
    },
    effect,
    onRuntime(
      `stolen fraction, waker running ${formatNs(shared?.p.sliceNs ?? Number.NaN)}`,
      'ratio',
      runtimeStolen,
      emulatedStolen,
    ),
  );
}

export function judgeUnlockedStolen(e: ClaimEvidence, slices: UnlockedSlice[]): Claim {
  const onRuntime = judgeOnRuntime(e, slices);
  if (onRuntime) return onRuntime;
  if (slices.length === 0) return notMeasured(ID, `the Go runtime's unlocked receiver, and ${Probe.wakeUnlocked}`);
  const operating = slices[slices.length - 1]!;
  const effect = effectOf(
    `stolen fraction, waker running ${formatNs(operating.sliceNs)}`,
    'fraction',
    operating.stolenPerTrial,
  );
  return builtIn(
    ID,
    `the emulation: with the waker running ${formatNs(operating.sliceNs)}, its idle worker stole T in ${effect ? `${pct(effect.value)} (${pct(effect.low)}–${pct(effect.high)})` : '—'} of wakeups; across the sweep: ${slices.map((s) => `${formatNs(s.sliceNs)} ${pct(middle(s.stolenPerTrial))}`).join(', ')}`,
    effect ? { stolenFraction: effect.value } : {},
    e.runtimeAbsent,
    effect,
  );
}
