// Claim 8, like for like: from the same CPU to the same spinning target, a
// signal (tgkill → handler entry) against the kernel preempting the spinner
// for a woken thread (FUTEX_WAKE → the woken thread runs on the target CPU),
// measured alternately in one probe run.
import { Metric, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim } from '../../results/schema.js';
import {
  claimOf,
  differenceEffect,
  headline,
  intervalText,
  notMeasured,
  pairedDifference,
  verdictOf,
  type Find,
} from './evidence.js';

const ID = 8;

export function judgeSignalPreemption(find: Find): Claim {
  const signal = find(Probe.preemption, Metric.deliveryToSpinning);
  const preemption = find(Probe.preemption, Metric.wakeupPreemption);
  if (!signal || !preemption) return notMeasured(ID, Probe.preemption);
  const difference = pairedDifference(signal, preemption);
  const effect = differenceEffect('signal delivery − wakeup preemption p50', difference);
  return claimOf(
    ID,
    verdictOf(difference.sign),
    `to a thread spinning on another CPU, a signal reaches its handler in ${formatNs(headline(signal))}; the kernel preempts the spinner for a woken thread in ${formatNs(headline(preemption))}: ${difference.medianNs >= 0 ? '+' : ''}${formatNs(difference.medianNs)}, ${intervalText(difference)}`,
    {
      deliveryToSpinningP50Ns: headline(signal),
      wakeupPreemptionP50Ns: headline(preemption),
      differenceNs: difference.medianNs,
    },
    effect,
  );
}
