// Claim 5: both halves of entersyscallblock. Entry: what entering a syscall
// costs with hand-off over holding the P (the mean counts the FUTEX_WAKEs at
// their frequency). Exit: how long a task waits for a P after the syscall
// with more tasks than Ps. Both against one FUTEX_WAKE of the same run. The
// emulation's hand-off does a release and a FUTEX_WAKE where hold does
// nothing, and 4 tasks on 1 P must wait: both signs are built in, so its
// figures are shown, not judged, until the runtime's own entry and exit
// costs are measured.
import { Counter, Metric, Param, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim } from '../../results/schema.js';
import { counterRate } from '../measured.js';
import {
  builtIn,
  differenceEffect,
  effectOf,
  headline,
  intervalText,
  notMeasured,
  pairedDifference,
  perTrial,
  type Find,
} from './evidence.js';
import { contendedSyscalls } from './syscallConfig.js';

const ID = 5;

export function judgeSyscallEntry(find: Find, runtimeAbsent: string): Claim {
  const contended = contendedSyscalls();
  const holdEntry = find(Probe.syscallHold, Metric.syscallEntry, contended);
  const handoffEntry = find(Probe.syscallHandoff, Metric.syscallEntry, contended);
  const handoffExit = find(Probe.syscallHandoff, Metric.pWait, contended);
  const handoffIteration = find(Probe.syscallHandoff, Metric.iteration, contended);
  if (!holdEntry || !handoffEntry || !handoffExit)
    return notMeasured(ID, `${Probe.syscallHold} and ${Probe.syscallHandoff} with more tasks than Ps`);
  const wakerCost = headline(find(Probe.futexWake, Metric.wakerCost, {}, 'cross-cpu'));
  const wakeLatency = headline(find(Probe.futexWake, Metric.wakeLatency, {}, 'cross-cpu'));
  const entryDifference = pairedDifference(handoffEntry, holdEntry, 'mean');
  const entry = differenceEffect('handoff − hold mean syscall entry', entryDifference);
  const exit = effectOf('handoff mean wait for a P after the syscall', 'ns', perTrial(handoffExit, 'mean'));
  const wakes = handoffIteration ? counterRate(handoffIteration, Counter.futexWakes, Counter.iterations) : undefined;
  const inWakes = (ns: number | undefined, unit: number) =>
    ns !== undefined && Number.isFinite(unit) && unit > 0 ? ` (${(ns / unit).toFixed(2)} × one FUTEX_WAKE)` : '';
  return builtIn(
    ID,
    `the emulation: ${contended[Param.tasks]} tasks on ${contended[Param.tokens]} P: entering a syscall costs ${entry ? formatNs(entry.value) : '—'} more with hand-off than holding the P, ${intervalText(entryDifference)}${inWakes(entry?.value, wakerCost)}` +
      (wakes !== undefined ? `, with ${wakes.toFixed(2)} FUTEX_WAKEs per syscall` : '') +
      `; leaving it waits ${exit ? `${formatNs(exit.value)} (${formatNs(exit.low)}–${formatNs(exit.high)})` : '—'} for a P${inWakes(exit?.value, wakeLatency)}`,
    {
      entryExtraNs: entryDifference.medianNs,
      ...(exit ? { exitWaitNs: exit.value } : {}),
      wakerCostNs: wakerCost,
      wakeLatencyNs: wakeLatency,
      ...(wakes !== undefined ? { futexWakesPerSyscall: wakes } : {}),
    },
    runtimeAbsent,
    entry,
  );
}
