// Claim 1: locked − dedicated wake-to-run per trial, against one same-CPU
// wake measured in the same run. Where the run has wake/interleaved, both
// strategies were measured alternately on the same threads, so a regime
// shift moves both and cancels in the difference.
import { Aux, Counter, Metric, Param, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim, MetricResult } from '../../results/schema.js';
import { median } from '../../stats/sampleSummary.js';
import {
  claimOf,
  differenceEffect,
  headline,
  intervalText,
  notMeasured,
  pairedDifference,
  type Find,
} from './evidence.js';

const ID = 1;
/** An extra wake costs at least this share of one measured same-CPU wake, unless it overlaps the first. */
const EXTRA_WAKE_SHARE = 0.5;

/** FUTEX_WAKEs per measured wakeup, over every trial. */
function wakesPerWakeup(m: MetricResult): number {
  const wakes = m.trials.reduce((n, t) => n + (t.counters?.[Counter.futexWakes] ?? 0), 0);
  const wakeups = m.trials.reduce((n, t) => n + t.samplesRequested, 0);
  return wakeups ? wakes / wakeups : Number.NaN;
}

function pair(find: Find): { locked?: MetricResult; dedicated?: MetricResult; how: string } {
  const locked = find(Probe.wakeInterleaved, Metric.lockedWakeToRun);
  const dedicated = find(Probe.wakeInterleaved, Metric.dedicatedWakeToRun);
  if (locked && dedicated) return { locked, dedicated, how: 'alternated on the same threads' };
  return {
    locked: find(Probe.wakeLocked, Metric.wakeToRun, { [Param.schedulerOnWakerCpu]: 0 }),
    dedicated: find(Probe.wakeDedicated, Metric.wakeToRun),
    how: 'separate runs, paired by round',
  };
}

export function judgeLockedExtraWake(find: Find): Claim {
  const { locked, dedicated, how } = pair(find);
  if (!dedicated || !locked) return notMeasured(ID, `${Probe.wakeDedicated} and ${Probe.wakeLocked}`);
  const difference = pairedDifference(locked, dedicated);
  const effect = differenceEffect('locked − dedicated wake-to-run p50', difference);
  const sameWake = headline(find(Probe.futexWake, Metric.wakeLatency, {}, 'same-cpu'));
  const needed = EXTRA_WAKE_SHARE * sameWake;
  const verdict: Claim['verdict'] = !effect
    ? 'inconclusive'
    : effect.low > 0
      ? !Number.isFinite(needed) || effect.high >= needed
        ? 'confirmed'
        : 'qualified'
      : effect.high <= 0
        ? 'refuted'
        : 'inconclusive';
  const hop2 = locked.trials.flatMap((t) => (t.auxNs?.[Aux.hop2Ns] ? [t.auxNs[Aux.hop2Ns]!.p50] : []));
  const extra = difference.medianNs;
  return claimOf(
    ID,
    verdict,
    `locked ${formatNs(headline(locked))} vs dedicated ${formatNs(headline(dedicated))} (${how}): ${extra >= 0 ? '+' : ''}${formatNs(extra)} per wakeup, ${intervalText(difference)}` +
      (Number.isFinite(sameWake)
        ? `; one same-CPU futex wake takes ${formatNs(sameWake)}, so an extra wake should add at least ${formatNs(needed)}`
        : '; no same-CPU futex wake was measured, so only the direction is judged') +
      (hop2.length ? `; the emulation timed its second hop at ${formatNs(median(hop2))}` : ''),
    {
      lockedP50Ns: headline(locked),
      dedicatedP50Ns: headline(dedicated),
      extraNs: extra,
      sameCpuWakeP50Ns: sameWake,
      ...(hop2.length ? { secondHopNs: median(hop2) } : {}),
      futexWakesPerWakeupLocked: wakesPerWakeup(locked),
      futexWakesPerWakeupDedicated: wakesPerWakeup(dedicated),
    },
    effect,
  );
}
