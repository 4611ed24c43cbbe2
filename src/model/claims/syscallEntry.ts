// Claim 5: both halves of entersyscallblock. Entry: what entering a syscall
// costs with hand-off over holding the P (the mean counts the FUTEX_WAKEs at
// their frequency). Exit: how much longer leaving it takes (acquiring a P)
// with more goroutines than Ps. Judged on the real Go runtime: the runtime's
// own entersyscallblock and exitsyscall against RawSyscall, timed around
// the same nanosleep, paired by round; the entry sized by one FUTEX_WAKE of
// the same run. The emulation's hand-off does a release and a FUTEX_WAKE
// where hold does nothing, and 4 tasks on 1 P must wait: both signs are
// built in, so without the runtime its figures are shown, not judged.
import { Counter, Metric, Param, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { GoMeasurement } from '../../go/goResultsSchema.js';
import type { Claim, Effect } from '../../results/schema.js';
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
  claimOf,
  type ClaimEvidence,
  onRuntime,
} from './evidence.js';
import { contendedSyscalls } from './syscallConfig.js';

const ID = 5;

/**
 * Half of one FUTEX_WAKE: what a hand-off that "often" (in at least half
 * the entries) wakes a thread adds on average at least (its waker cost), and
 * what acquiring a P that is not idle adds at least (being woken when one
 * frees: its wake latency).
 */
const OFTEN = 0.5;

const perRoundDifference = (a: GoMeasurement, b: GoMeasurement, key: string) => {
  const x = a.perRoundExtra?.[key] ?? [],
    y = b.perRoundExtra?.[key] ?? [];
  return Array.from({ length: Math.min(x.length, y.length) }, (_, i) => x[i]! - y[i]!);
};

const range = (e: Effect | undefined) =>
  e ? `${formatNs(e.value)} (${formatNs(e.low)}–${formatNs(e.high)} over ${e.trials} rounds)` : '— (too few rounds)';

function judgeOnRuntime(e: ClaimEvidence, emulatedEntryExtraNs: number): Claim | undefined {
  const handoff = e.goMeasured.find((m) => m.kind === 'syscallThroughput' && m.config.api === 'Handoff');
  if (!handoff) return undefined;
  const same = { tasks: handoff.config[Param.tasks]!, [Param.syscallNs]: handoff.config[Param.syscallNs]! };
  const hold = e.goFind('syscallThroughput', { ...same, gomaxprocs: handoff.gomaxprocs, api: 'RawSyscall' });
  if (!hold) return undefined;
  const lazy = e.goFind('syscallThroughput', { ...same, gomaxprocs: handoff.gomaxprocs, api: 'Syscall' });
  const entry = effectOf(
    'entersyscallblock − RawSyscall mean entry',
    'ns',
    perRoundDifference(handoff, hold, 'entryMeanNs'),
  );
  const exit = effectOf('exitsyscall − RawSyscall mean exit', 'ns', perRoundDifference(handoff, hold, 'exitMeanNs'));
  const wakerCost = headline(e.futexWake(Metric.wakerCost, 'cross-cpu'));
  const wakeLatency = headline(e.futexWake(Metric.wakeLatency, 'cross-cpu'));
  // 1: the whole interval reaches the size the claim names; 0: it lies below it; NaN: unclear or unsized.
  const reaches = (x: Effect | undefined, sizeNs: number) =>
    !x || !Number.isFinite(sizeNs) ? Number.NaN : x.low >= sizeNs ? 1 : x.high < sizeNs ? 0 : Number.NaN;
  const [entryHolds, exitHolds] = [reaches(entry, OFTEN * wakerCost), reaches(exit, OFTEN * wakeLatency)];
  const verdict: Claim['verdict'] =
    entryHolds === 1 && exitHolds === 1
      ? 'confirmed'
      : entryHolds === 0 && exitHolds === 0
        ? 'refuted'
        : entryHolds + exitHolds === 1
          ? 'qualified'
          : 'inconclusive';
  const tasks = String(same.tasks),
    syscallNs = Number(same[Param.syscallNs]);
  return claimOf(
    ID,
    verdict,
    `the Go runtime, ${tasks} goroutines on ${handoff.gomaxprocs} P, ${formatNs(syscallNs)} nanosleeps: handing the P off (entersyscallblock) costs ${range(entry)} more on entry than keeping it (RawSyscall)` +
      (entry && Number.isFinite(wakerCost) && wakerCost > 0
        ? `, ${(entry.value / wakerCost).toFixed(1)} × one FUTEX_WAKE's waker cost (${formatNs(wakerCost)}; half of it sizes "often")`
        : '') +
      `, and leaving (exitsyscall, a P acquired) takes ${range(exit)} longer` +
      (exit && Number.isFinite(wakeLatency) && wakeLatency > 0
        ? `, ${(exit.value / wakeLatency).toFixed(1)} × one cross-CPU wake (${formatNs(wakeLatency)}; half of it sizes a wait for a P)`
        : '') +
      (lazy
        ? `; syscall.Syscall's path (entersyscall: the P left for sysmon) costs ${formatNs(lazy.extra.entryMeanNs ?? Number.NaN)} on entry and ${formatNs(lazy.extra.exitMeanNs ?? Number.NaN)} on exit (means)`
        : '') +
      (Number.isFinite(emulatedEntryExtraNs)
        ? `; the emulation's hand-off adds ${formatNs(emulatedEntryExtraNs)} on entry`
        : ''),
    {
      ...(entry ? { entryExtraNs: entry.value } : {}),
      ...(exit ? { exitExtraNs: exit.value } : {}),
      wakerCostNs: wakerCost,
      wakeLatencyNs: wakeLatency,
    },
    entry,
    onRuntime('hand-off − hold mean syscall entry', 'ns', entry?.value, emulatedEntryExtraNs),
  );
}

export function judgeSyscallEntry(e: ClaimEvidence): Claim {
  const { find, runtimeAbsent } = e;
  const contended = contendedSyscalls();
  const holdEntry = find(Probe.syscallHold, Metric.syscallEntry, contended);
  const handoffEntry = find(Probe.syscallHandoff, Metric.syscallEntry, contended);
  const handoffExit = find(Probe.syscallHandoff, Metric.pWait, contended);
  const handoffIteration = find(Probe.syscallHandoff, Metric.iteration, contended);
  const emulatedEntryExtraNs =
    holdEntry && handoffEntry ? pairedDifference(handoffEntry, holdEntry, 'mean').medianNs : Number.NaN;
  const onRuntime = judgeOnRuntime(e, emulatedEntryExtraNs);
  if (onRuntime) return onRuntime;
  if (!holdEntry || !handoffEntry || !handoffExit)
    return notMeasured(ID, `${Probe.syscallHold} and ${Probe.syscallHandoff} with more tasks than Ps`);
  const wakerCost = headline(e.futexWake(Metric.wakerCost, 'cross-cpu'));
  const wakeLatency = headline(e.futexWake(Metric.wakeLatency, 'cross-cpu'));
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
