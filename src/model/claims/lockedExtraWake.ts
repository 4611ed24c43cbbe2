// Claim 1: locked − dedicated wake-to-run, paired by trial, against one
// measured same-CPU wake and the second hop the emulation times.
import { Aux, Counter, Metric, Param, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim, MetricResult } from '../../results/schema.js';
import { median } from '../../stats/distribution.js';
import { claimOf, headline, intervalText, notMeasured, pairedDifference, verdictOf, type Find } from './evidence.js';

const ID = 1;

/** FUTEX_WAKEs per measured wakeup, over every trial. */
function wakesPerWakeup(m: MetricResult): number {
  const wakes = m.trials.reduce((n, t) => n + (t.counters?.[Counter.futexWakes] ?? 0), 0);
  const wakeups = m.trials.reduce((n, t) => n + t.samplesRequested, 0);
  return wakeups ? wakes / wakeups : Number.NaN;
}

export function judgeLockedExtraWake(find: Find): Claim {
  const dedicated = find(Probe.wakeDedicated, Metric.wakeToRun);
  const locked = find(Probe.wakeLocked, Metric.wakeToRun, { [Param.schedulerOnWakerCpu]: 0 });
  const sameWake = find(Probe.futexWake, Metric.wakeLatency, {}, 'same-cpu');
  const secondHop = locked?.trials.flatMap((t) => {
    const hop2 = t.auxNs?.[Aux.hop2Ns];
    return hop2 ? [hop2.p50] : [];
  });
  if (!dedicated || !locked || !secondHop?.length)
    return notMeasured(ID, `${Probe.wakeDedicated} and ${Probe.wakeLocked}`);
  const difference = pairedDifference(locked, dedicated);
  const extra = difference.medianNs;
  const hop2 = median(secondHop);
  return claimOf(
    ID,
    verdictOf(difference.sign),
    `locked ${formatNs(headline(locked))} vs dedicated ${formatNs(headline(dedicated))}: ${extra >= 0 ? '+' : ''}${formatNs(extra)} per wakeup ` +
      `(${intervalText(difference)}); the second hop alone (a same-CPU FUTEX_WAKE and switch) took ${formatNs(hop2)}` +
      (sameWake ? `, one same-CPU futex wake ${formatNs(headline(sameWake))}` : ''),
    {
      lockedP50Ns: headline(locked),
      dedicatedP50Ns: headline(dedicated),
      extraNs: extra,
      secondHopNs: hop2,
      futexWakesPerWakeupLocked: wakesPerWakeup(locked),
      futexWakesPerWakeupDedicated: wakesPerWakeup(dedicated),
    },
  );
}
