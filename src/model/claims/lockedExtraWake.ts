// Claim 1: does a locked wakeup cost an extra FUTEX_WAKE and scheduling
// round over a dedicated thread's? Judged on the real Go runtime: its locked
// receiver's wake against one cross-CPU futex wake of the same run, the extra
// sized by one same-CPU wake. The emulation (locked − dedicated per trial,
// alternated on the same threads where the run has wake/interleaved) is a
// dedicated path plus a second hop by construction: without the runtime it is
// shown, not judged.
import { Aux, Counter, Metric, Param, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim, Effect, MetricResult } from '../../results/schema.js';
import { median } from '../../stats/sampleSummary.js';
import { welchShift } from '../../stats/welch.js';
import {
  builtIn,
  claimOf,
  differenceEffect,
  headline,
  intervalText,
  notMeasured,
  pairedDifference,
  perTrial,
  type ClaimEvidence,
  type Find,
  onRuntime,
} from './evidence.js';

const ID = 1;
/** An extra wake costs at least this share of one measured same-CPU wake, unless it overlaps the first. */
const EXTRA_WAKE_SHARE = 0.5;
/** Coverage of the runtime's interval (Welch: rounds against trials). */
const CONFIDENCE = 0.95;
/** Rounds and trials each side needs (Go's default is five rounds, the quick suite's five trials). */
const MIN_SIDE = 5;

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

/** Extra over one dedicated wake → verdict: above 0 and at least `neededNs`; a missing size never confirms. */
function verdictOf(effect: Effect | undefined, neededNs: number): Claim['verdict'] {
  if (!effect) return 'inconclusive';
  if (effect.high <= 0) return 'refuted';
  if (effect.low <= 0 || !Number.isFinite(neededNs)) return 'inconclusive';
  return effect.high >= neededNs ? 'confirmed' : 'qualified';
}

/** The emulation's locked − dedicated difference: its magnitude, and the paired effect. */
function emulated(find: Find) {
  const { locked, dedicated, how } = pair(find);
  if (!locked || !dedicated) return undefined;
  const difference = pairedDifference(locked, dedicated);
  return {
    locked,
    dedicated,
    how,
    difference,
    effect: differenceEffect('locked − dedicated wake-to-run p50', difference),
  };
}

/**
 * The runtime: a locked receiver's channel wake (the sender parks, GOMAXPROCS
 * as many as the CPUs) against a dedicated thread's FUTEX_WAKE across the
 * same CPUs, both measured in this run. Unpaired (rounds against trials):
 * Welch's interval of the difference of means.
 */
function judgeOnRuntime(e: ClaimEvidence, sameWake: number, needed: number): Claim | undefined {
  const goLocked = e.goFind('wake', { receiver: 'locked', waker: 'parks', gomaxprocs: e.fullGomaxprocs });
  const futex = e.futexWake(Metric.wakeLatency, 'cross-cpu');
  if (!goLocked || !futex) return undefined;
  const rounds = goLocked.perRound,
    trials = perTrial(futex);
  // As every judge: fewer than five of either give no interval worth a verdict.
  if (rounds.length < MIN_SIDE || trials.length < MIN_SIDE) return undefined;
  const shift = welchShift(trials, rounds, CONFIDENCE);
  const effect: Effect = {
    quantity: "Go locked receiver's wake − one cross-CPU futex wake, p50",
    unit: 'ns',
    value: shift.estimate,
    low: shift.low,
    high: shift.high,
    confidence: shift.confidence,
    trials: Math.min(rounds.length, trials.length),
  };
  const emulation = emulated(e.find);
  const emulatedLocked = emulation ? headline(emulation.locked) : Number.NaN;
  const verdict = verdictOf(effect, needed);
  // The runtime's own count of scheduling rounds per wakeup, locked against unlocked at the same GOMAXPROCS.
  const goUnlocked = e.goFind('wake', { receiver: 'unlocked', waker: 'parks', gomaxprocs: goLocked.gomaxprocs });
  const lockedSwitches = goLocked.extra.voluntarySwitchesPerWake,
    unlockedSwitches = goUnlocked?.extra.voluntarySwitchesPerWake;
  const switchesText =
    lockedSwitches !== undefined && unlockedSwitches !== undefined
      ? `; the Go process's threads blocked ${lockedSwitches.toFixed(1)} times per locked wakeup against ${unlockedSwitches.toFixed(1)} unlocked (voluntary context switches)`
      : '';
  return claimOf(
    ID,
    verdict,
    `the Go runtime wakes a locked receiver in ${formatNs(goLocked.value)} (GOMAXPROCS ${goLocked.gomaxprocs}, the sender parks; p50, median of ${rounds.length} rounds) against ${formatNs(headline(futex))} for one cross-CPU futex wake (a dedicated thread): ${effect.value >= 0 ? '+' : ''}${formatNs(effect.value)}, ${formatNs(effect.low)} to ${formatNs(effect.high)} (${(100 * effect.confidence).toFixed(0)}% interval)` +
      (Number.isFinite(sameWake)
        ? `; one same-CPU futex wake takes ${formatNs(sameWake)}, so an extra wake should add at least ${formatNs(needed)}`
        : '; no same-CPU futex wake was measured to size an extra wake: the magnitude cannot be judged') +
      switchesText +
      (Number.isFinite(emulatedLocked) ? `; the emulation's locked wake took ${formatNs(emulatedLocked)}` : ''),
    {
      goLockedWakeP50Ns: goLocked.value,
      ...(lockedSwitches !== undefined ? { goSwitchesPerLockedWake: lockedSwitches } : {}),
      ...(unlockedSwitches !== undefined ? { goSwitchesPerUnlockedWake: unlockedSwitches } : {}),
      futexWakeCrossP50Ns: headline(futex),
      extraNs: effect.value,
      sameCpuWakeP50Ns: sameWake,
      ...(Number.isFinite(emulatedLocked) ? { emulatedLockedP50Ns: emulatedLocked } : {}),
    },
    effect,
    onRuntime('locked wake-to-run p50', 'ns', goLocked.value, emulatedLocked),
  );
}

export function judgeLockedExtraWake(e: ClaimEvidence): Claim {
  const sameWake = headline(e.futexWake(Metric.wakeLatency, 'same-cpu'));
  const needed = EXTRA_WAKE_SHARE * sameWake;
  const onRuntime = judgeOnRuntime(e, sameWake, needed);
  if (onRuntime) return onRuntime;
  const emulation = emulated(e.find);
  if (!emulation)
    return notMeasured(ID, `${Probe.wakeDedicated} and ${Probe.wakeLocked}, and the Go runtime's locked wake`);
  const { locked, dedicated, how, difference, effect } = emulation;
  const hop2 = locked.trials.flatMap((t) => (t.auxNs?.[Aux.hop2Ns] ? [t.auxNs[Aux.hop2Ns]!.p50] : []));
  const extra = difference.medianNs;
  // The emulated locked path is the dedicated one plus a second wake hop: its sign is built in.
  return builtIn(
    ID,
    `the emulation: locked ${formatNs(headline(locked))} vs dedicated ${formatNs(headline(dedicated))} (${how}): ${extra >= 0 ? '+' : ''}${formatNs(extra)} per wakeup, ${intervalText(difference)}` +
      (hop2.length ? `; its second hop took ${formatNs(median(hop2))}` : ''),
    {
      lockedP50Ns: headline(locked),
      dedicatedP50Ns: headline(dedicated),
      extraNs: extra,
      sameCpuWakeP50Ns: sameWake,
      ...(hop2.length ? { secondHopNs: median(hop2) } : {}),
      futexWakesPerWakeupLocked: wakesPerWakeup(locked),
      futexWakesPerWakeupDedicated: wakesPerWakeup(dedicated),
    },
    e.runtimeAbsent,
    effect,
  );
}
