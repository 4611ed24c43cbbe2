// Claim 8, like for like: from the same CPU to the same spinning target, a
// signal (tgkill → handler entry) against the kernel preempting the spinner
// for a woken thread (FUTEX_WAKE → the woken thread runs on the target CPU),
// measured alternately in one probe run, every thread SCHED_OTHER. The
// SCHED_FIFO wakee (preempts at once where permitted) is a separate,
// labelled measurement: shown, never the verdict, so CAP_SYS_NICE cannot
// flip it.
import { Counter, Metric, Param, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim, MetricResult } from '../../results/schema.js';
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

/** The wakee ran SCHED_FIFO in every trial (it asks with wakeeFifo = 1; refused, it runs SCHED_OTHER). */
function ranFifo(m: MetricResult): boolean {
  return m.trials.length > 0 && m.trials.every((t) => (t.counters?.[Counter.wakeeRanFifo] ?? 0) > 0);
}

export function judgeSignalPreemption(find: Find): Claim {
  const at = (fifo: number) => ({
    signal: find(Probe.preemption, Metric.deliveryToSpinning, { [Param.wakeeFifo]: fifo }),
    preemption: find(Probe.preemption, Metric.wakeupPreemption, { [Param.wakeeFifo]: fifo }),
  });
  const other = at(0),
    fifo = at(1);
  const fifoText =
    fifo.signal && fifo.preemption
      ? `; with the wakee SCHED_FIFO${ranFifo(fifo.preemption) ? '' : ' (asked, refused: it ran SCHED_OTHER)'}, the kernel preempts in ${formatNs(headline(fifo.preemption))} (not like for like: the spinner runs SCHED_OTHER)`
      : '';
  const { signal, preemption } = other;
  if (!signal || !preemption) {
    if (fifo.signal && fifo.preemption)
      return claimOf(
        ID,
        'inconclusive',
        `only the SCHED_FIFO wakee was measured: not like for like with a signal to a SCHED_OTHER spinner${fifoText}`,
        { wakeupPreemptionFifoP50Ns: headline(fifo.preemption) },
      );
    return notMeasured(ID, `${Probe.preemption} with the wakee SCHED_OTHER`);
  }
  const difference = pairedDifference(signal, preemption);
  const effect = differenceEffect('signal delivery − wakeup preemption p50, both SCHED_OTHER', difference);
  return claimOf(
    ID,
    verdictOf(difference.sign),
    `to a SCHED_OTHER thread spinning on another CPU, a signal reaches its handler in ${formatNs(headline(signal))}; the kernel preempts the spinner for a woken SCHED_OTHER thread in ${formatNs(headline(preemption))}: ${difference.medianNs >= 0 ? '+' : ''}${formatNs(difference.medianNs)}, ${intervalText(difference)}${fifoText}`,
    {
      wakeePolicy: 'SCHED_OTHER',
      deliveryToSpinningP50Ns: headline(signal),
      wakeupPreemptionP50Ns: headline(preemption),
      differenceNs: difference.medianNs,
      ...(fifo.preemption
        ? { wakeupPreemptionFifoP50Ns: headline(fifo.preemption), fifoGranted: ranFifo(fifo.preemption) ? 1 : 0 }
        : {}),
    },
    effect,
  );
}
