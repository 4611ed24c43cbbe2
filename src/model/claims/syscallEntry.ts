// Claim 5: the cost of entering a syscall (releasing the P, with a FUTEX_WAKE
// when a task waits for it) vs holding the P, with more tasks than Ps; the
// mean per syscall counts the wakes at their frequency.
import { Counter, Metric, Param, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim, MetricResult } from '../../results/schema.js';
import { median } from '../../stats/distribution.js';
import { counterRate } from '../measured.js';
import {
  claimOf,
  headline,
  intervalText,
  notMeasured,
  pairedDifference,
  perTrial,
  verdictOf,
  type Find,
} from './evidence.js';
import { contendedSyscalls } from './syscallConfig.js';

const ID = 5;

export function judgeSyscallEntry(find: Find): Claim {
  const contended = contendedSyscalls();
  const holdEntry = find(Probe.syscallHold, Metric.syscallEntry, contended);
  const handoffEntry = find(Probe.syscallHandoff, Metric.syscallEntry, contended);
  const handoffIteration = find(Probe.syscallHandoff, Metric.iteration, contended);
  const reacquire = find(Probe.syscallHandoff, Metric.pWait, { ...contended, [Param.tasks]: 1 });
  if (!holdEntry || !handoffEntry) return notMeasured(ID, 'syscall/hold and syscall/handoff with more tasks than Ps');
  const difference = pairedDifference(handoffEntry, holdEntry, 'mean');
  const mean = (m: MetricResult) => {
    const means = perTrial(m, 'mean');
    return means.length ? median(means) : Number.NaN;
  };
  const wakesPerIteration = handoffIteration
    ? counterRate(handoffIteration, Counter.futexWakes, Counter.iterations)
    : undefined;
  return claimOf(
    ID,
    verdictOf(difference.sign),
    `${contended[Param.tasks]} tasks on ${contended[Param.tokens]} P: entering a syscall costs ${formatNs(mean(handoffEntry))} on average with hand-off vs ${formatNs(mean(holdEntry))} holding the P ` +
      `(${intervalText(difference)})` +
      (wakesPerIteration !== undefined ? `, with ${wakesPerIteration.toFixed(2)} FUTEX_WAKEs per syscall` : '') +
      (reacquire ? `; reacquiring an idle P on exit takes ${formatNs(headline(reacquire))} (one task)` : ''),
    {
      handoffEntryMeanNs: mean(handoffEntry),
      holdEntryMeanNs: mean(holdEntry),
      extraNs: difference.medianNs,
      ...(wakesPerIteration !== undefined ? { futexWakesPerSyscall: wakesPerIteration } : {}),
      ...(reacquire ? { reacquireP50Ns: headline(reacquire) } : {}),
    },
  );
}
