// Verdicts on the proposal's claims, each from the numbers of this run.
// A claim that one path costs more than another is confirmed when the
// trial-paired difference is above zero with its whole confidence interval,
// refuted when the interval lies at or below zero, and inconclusive
// otherwise (or when something was not measured, which the summary says).
import type { Claim, MetricResult, ResultsDocument } from '../results/schema.js';
import { median } from '../stats/distribution.js';
import { medianInterval } from '../stats/medianInterval.js';
import { formatNs } from '../report/units.js';
import { counterRate } from './measured.js';

type Find = (probe: string, metric: string, params?: Record<string, number>) => MetricResult | undefined;

function finder(doc: ResultsDocument): Find {
  return (probe, metric, params = {}) =>
    doc.probes
      .filter((p) => p.probe === probe && p.status === 'ok')
      .flatMap((p) => p.metrics)
      .find((m) => m.metric === metric && Object.entries(params).every(([k, v]) => m.params[k] === v));
}

type Statistic = 'p50' | 'mean';
const perTrial = (m: MetricResult, statistic: Statistic = 'p50') =>
  m.trials.flatMap((t) => (t.statsNs ? [t.statsNs[statistic]] : []));
const headline = (m: MetricResult | undefined) => m?.summary?.valueNs ?? Number.NaN;

/**
 * a − b, paired by trial: trials of all probes run interleaved, so trial i
 * of both saw the same stretch of time. The median difference and its
 * distribution-free interval decide the sign: 'larger' when the whole
 * interval is above zero, 'notLarger' when it is at or below zero,
 * 'unclear' when it straddles zero or there are too few trials.
 */
export function pairedDifference(a: MetricResult, b: MetricResult, statistic: Statistic = 'p50') {
  const x = perTrial(a, statistic),
    y = perTrial(b, statistic);
  const n = Math.min(x.length, y.length);
  const differences = Array.from({ length: n }, (_, i) => x[i]! - y[i]!);
  const interval = medianInterval(differences);
  const sign: 'larger' | 'notLarger' | 'unclear' =
    !interval || n < 5 ? 'unclear' : interval.lowNs > 0 ? 'larger' : interval.highNs <= 0 ? 'notLarger' : 'unclear';
  return { medianNs: n ? median(differences) : Number.NaN, interval, trials: n, sign };
}

function verdictOf(sign: 'larger' | 'notLarger' | 'unclear'): Claim['verdict'] {
  return sign === 'larger' ? 'confirmed' : sign === 'notLarger' ? 'refuted' : 'inconclusive';
}

function intervalText(d: ReturnType<typeof pairedDifference>): string {
  if (!d.interval || d.trials < 5) return `too few paired trials (${d.trials}; 5 needed) to tell`;
  return `paired over ${d.trials} trials: ${formatNs(d.interval.lowNs)} to ${formatNs(d.interval.highNs)} (${(100 * d.interval.confidence).toFixed(1)}% interval)`;
}

function inconclusive(id: number, claim: string, why: string): Claim {
  return { id, claim, verdict: 'inconclusive', summary: why, evidence: {} };
}

const CLAIMS = [
  'LockOSThread wakeups cost an extra FUTEX_WAKE and round of kernel scheduling compared with a dedicated thread.',
  'DedicateOSThread wakes T on its own CPU, without migration or cache refill.',
  'Unlocked wakes migrate T to the waker’s core, where it loses its cache.',
  'The unblocking P often cannot run the woken G at once, so another P steals it.',
  'entersyscallblock adds latency on syscall entry (handing off the P, often with a FUTEX_WAKE) and exit (P acquisition).',
  'sysmon retakes a P from a syscall only after a 20 µs delay.',
  'Holding the P through syscalls limits concurrency to GOMAXPROCS.',
  'Preemption driven by a signal is slower than the kernel’s own scheduling.',
];

export function judgeClaims(doc: ResultsDocument): Claim[] {
  const find = finder(doc);
  const claims: Claim[] = [];
  const missing = (id: number, what: string) => inconclusive(id, CLAIMS[id - 1]!, `not measured in this run: ${what}`);

  // 1. locked − dedicated vs one measured wake.
  {
    const dedicated = find('wake/dedicated', 'wakeToRun');
    const locked = find('wake/locked', 'wakeToRun', { schedulerOnWakerCpu: 0 });
    const sameWake = find('futex-wake', 'wakeLatency');
    const secondHop = locked?.trials.flatMap((t) => (t.auxNs?.hop2Ns ? [t.auxNs.hop2Ns.p50] : []));
    if (!dedicated || !locked || !secondHop?.length) claims.push(missing(1, 'wake/dedicated and wake/locked'));
    else {
      const difference = pairedDifference(locked, dedicated);
      const extra = difference.medianNs;
      const hop2 = median(secondHop);
      const wakes = (m: MetricResult) =>
        (m.trials[0]?.counters?.futexWakes ?? 0) / Math.max(1, m.trials[0]?.samplesRequested ?? 1);
      claims.push({
        id: 1,
        claim: CLAIMS[0]!,
        verdict: verdictOf(difference.sign),
        summary:
          `locked ${formatNs(headline(locked))} vs dedicated ${formatNs(headline(dedicated))}: ${extra >= 0 ? '+' : ''}${formatNs(extra)} per wakeup ` +
          `(${intervalText(difference)}); the second hop alone (a same-CPU FUTEX_WAKE and switch) took ${formatNs(hop2)}` +
          (sameWake ? `, one same-CPU futex wake ${formatNs(headline(sameWake))}` : ''),
        evidence: {
          lockedP50Ns: headline(locked),
          dedicatedP50Ns: headline(dedicated),
          extraNs: extra,
          secondHopNs: hop2,
          futexWakesPerWakeupLocked: wakes(locked),
          futexWakesPerWakeupDedicated: wakes(dedicated),
        },
      });
    }
  }

  // 2. dedicated stays home, no refill.
  {
    const wake = find('wake/dedicated', 'wakeToRun');
    const retouch = find('wake/dedicated', 'retouch');
    const bytes = retouch?.params.workingSetBytes;
    const home = doc.probes.find((p) => p.probe === 'wake/dedicated')?.placement.cpus[1];
    const sameCpu = bytes !== undefined ? find('migration', 'retouchSameCpu', { workingSetBytes: bytes }) : undefined;
    const moved = bytes !== undefined ? find('migration', 'retouchAfterMove', { workingSetBytes: bytes }) : undefined;
    if (!wake || !retouch || home === undefined || !sameCpu || !moved)
      claims.push(missing(2, 'wake/dedicated and migration at the same working-set size'));
    else {
      const observed = wake.trials.reduce((n, t) => n + Object.values(t.observedCpus).reduce((a, b) => a + b, 0), 0);
      const atHome = wake.trials.reduce((n, t) => n + (t.observedCpus[String(home)] ?? 0), 0);
      const fraction = observed ? atHome / observed : 0;
      const r = headline(retouch),
        s = headline(sameCpu),
        m = headline(moved);
      const noRefill = Math.abs(r - s) < Math.abs(r - m);
      claims.push({
        id: 2,
        claim: CLAIMS[1]!,
        verdict: fraction >= 0.99 && noRefill ? 'confirmed' : 'refuted',
        summary: `${(100 * fraction).toFixed(1)}% of wakeups ran on T's CPU; re-touch ${formatNs(r)} vs ${formatNs(s)} in place and ${formatNs(m)} after a move`,
        evidence: { onHomeCpuFraction: fraction, retouchP50Ns: r, retouchSameCpuP50Ns: s, retouchAfterMoveP50Ns: m },
      });
    }
  }

  // 3 and 4. unlocked: migrated and stolen fractions per slice, refill cost.
  {
    const slices = doc.probes
      .filter((p) => p.probe === 'wake/unlocked' && p.status === 'ok')
      .map((p) => {
        const wake = p.metrics.find((m) => m.metric === 'wakeToRun');
        const kept = wake?.trials.reduce((n, t) => n + t.samples, 0) ?? 0;
        const count = (name: string) => wake?.trials.reduce((n, t) => n + (t.counters?.[name] ?? 0), 0) ?? 0;
        const split = (name: string) => p.metrics.find((m) => m.metric === name);
        return {
          sliceNs: Number(p.params.sliceNs ?? 0),
          migrated: kept ? count('migrated') / kept : 0,
          stolen: kept ? count('stolen') / kept : 0,
          refillNs: headline(split('retouchMigrated')) - headline(split('retouchAtHome')),
          stolenLatencyNs: headline(split('wakeToRunStolen')),
        };
      })
      .sort((a, b) => a.sliceNs - b.sliceNs);
    if (slices.length === 0) {
      claims.push(missing(3, 'wake/unlocked'), missing(4, 'wake/unlocked'));
    } else {
      const refill = slices.map((s) => s.refillNs).filter(Number.isFinite);
      const refillNs = refill.length ? median(refill) : Number.NaN;
      const anyMigrated = slices.some((s) => s.migrated >= 0.5);
      const evidence3: Record<string, number> = { refillNs };
      for (const s of slices) evidence3[`migratedFractionSlice${s.sliceNs}Ns`] = s.migrated;
      claims.push({
        id: 3,
        claim: CLAIMS[2]!,
        verdict: !Number.isFinite(refillNs) ? 'inconclusive' : anyMigrated && refillNs > 0 ? 'confirmed' : 'refuted',
        summary:
          slices.map((s) => `slice ${formatNs(s.sliceNs)}: ${(100 * s.migrated).toFixed(0)}% migrated`).join(', ') +
          (Number.isFinite(refillNs)
            ? `; a migrated T re-touches its working set ${formatNs(refillNs)} slower`
            : '; no sample both migrated and stayed'),
        evidence: evidence3,
      });
      const wakeCross = find('futex-wake', 'wakeLatency');
      const long = slices.filter((s) => s.sliceNs >= 50000);
      const evidence4: Record<string, number> = {};
      for (const s of slices) {
        evidence4[`stolenFractionSlice${s.sliceNs}Ns`] = s.stolen;
        if (Number.isFinite(s.stolenLatencyNs)) evidence4[`stolenWakeToRunSlice${s.sliceNs}Ns`] = s.stolenLatencyNs;
      }
      claims.push({
        id: 4,
        claim: CLAIMS[3]!,
        verdict: long.length === 0 ? 'inconclusive' : long.every((s) => s.stolen >= 0.5) ? 'confirmed' : 'refuted',
        summary:
          slices.map((s) => `slice ${formatNs(s.sliceNs)}: ${(100 * s.stolen).toFixed(0)}% stolen`).join(', ') +
          (long.length ? '' : '; no slice of 50 µs or more was measured') +
          (wakeCross ? `; an idle worker needs a wake first (futex wake ${formatNs(headline(wakeCross))})` : ''),
        evidence: evidence4,
      });
    }
  }

  // 5. entersyscallblock: the cost of entering the syscall (releasing the P,
  // with a FUTEX_WAKE when a task waits for it) vs holding the P, with more
  // tasks than Ps; the mean per syscall counts the wakes at their frequency.
  {
    const contended = { tasks: 4, tokens: 1, syscallNs: 50000, syscallKind: 0 };
    const holdEntry = find('syscall/hold', 'syscallEntry', contended);
    const handoffEntry = find('syscall/handoff', 'syscallEntry', contended);
    const handoffIteration = find('syscall/handoff', 'iteration', contended);
    const reacquire = find('syscall/handoff', 'pWait', { ...contended, tasks: 1 });
    if (!holdEntry || !handoffEntry) claims.push(missing(5, 'syscall/hold and syscall/handoff with 4 tasks on 1 P'));
    else {
      const difference = pairedDifference(handoffEntry, holdEntry, 'mean');
      const mean = (m: MetricResult) => {
        const means = perTrial(m, 'mean');
        return means.length ? median(means) : Number.NaN;
      };
      const wakesPerIteration = handoffIteration
        ? counterRate(handoffIteration, 'futexWakes', 'iterations')
        : undefined;
      claims.push({
        id: 5,
        claim: CLAIMS[4]!,
        verdict: verdictOf(difference.sign),
        summary:
          `4 tasks on 1 P: entering a syscall costs ${formatNs(mean(handoffEntry))} on average with hand-off vs ${formatNs(mean(holdEntry))} holding the P ` +
          `(${intervalText(difference)})` +
          (wakesPerIteration !== undefined ? `, with ${wakesPerIteration.toFixed(2)} FUTEX_WAKEs per syscall` : '') +
          (reacquire ? `; reacquiring an idle P on exit takes ${formatNs(headline(reacquire))} (one task)` : ''),
        evidence: {
          handoffEntryMeanNs: mean(handoffEntry),
          holdEntryMeanNs: mean(holdEntry),
          extraNs: difference.medianNs,
          ...(wakesPerIteration !== undefined ? { futexWakesPerSyscall: wakesPerIteration } : {}),
          ...(reacquire ? { reacquireP50Ns: headline(reacquire) } : {}),
        },
      });
    }
  }

  // 6. sysmon's retake delay.
  {
    const retakes = doc.probes
      .filter((p) => p.probe === 'syscall/lazy' && p.status === 'ok')
      .flatMap((p) => p.metrics.filter((m) => m.metric === 'retakeDelay' && m.summary));
    const tick = find('sleep', 'actualSleep', { requestedNs: 20000, timerSlackNs: 50000 });
    if (retakes.length === 0) claims.push(missing(6, 'syscall/lazy with retakes (N > P)'));
    else {
      const delays = retakes.map(headline);
      const delay = median(delays);
      claims.push({
        id: 6,
        claim: CLAIMS[5]!,
        verdict: delay >= 20000 ? 'confirmed' : 'refuted',
        summary:
          `P retaken ${formatNs(delay)} after the syscall began (median over configurations)` +
          (tick
            ? `; sysmon's 20 µs sleep really lasts ${formatNs(headline(tick))} with the default timer slack, and a P is retaken at the second tick it is seen in a syscall`
            : ''),
        evidence: { retakeDelayP50Ns: delay, ...(tick ? { sysmonTickActualP50Ns: headline(tick) } : {}) },
      });
    }
  }

  // 7. hold limits concurrency: throughput of hold vs dedicated with N > P.
  {
    const params = { tasks: 4, tokens: 1, syscallNs: 50000, syscallKind: 0 };
    const hold = find('syscall/hold', 'iteration', params);
    const dedicated = find('syscall/dedicated', 'iteration', params);
    const holdRate = hold && counterRate(hold, 'iterations', 'wallNs', 1e9);
    const dedicatedRate = dedicated && counterRate(dedicated, 'iterations', 'wallNs', 1e9);
    if (holdRate === undefined || dedicatedRate === undefined)
      claims.push(missing(7, 'syscall/hold and syscall/dedicated with 4 tasks on 1 P'));
    else {
      const ratio = holdRate / dedicatedRate;
      claims.push({
        id: 7,
        claim: CLAIMS[6]!,
        verdict: ratio < 0.6 ? 'confirmed' : ratio > 0.9 ? 'refuted' : 'inconclusive',
        summary: `4 tasks, 1 P: ${holdRate.toFixed(0)} iterations/s holding the P vs ${dedicatedRate.toFixed(0)}/s on dedicated threads (${(100 * ratio).toFixed(0)}%)`,
        evidence: { holdPerSecond: holdRate, dedicatedPerSecond: dedicatedRate, ratio },
      });
    }
  }

  // 8. signal preemption vs the kernel's own switch.
  {
    const delivery = find('tgkill', 'deliveryToSpinning');
    const sender = find('tgkill', 'senderCost');
    const kernelSwitch = find('futex-pingpong', 'handoff');
    const sameCpuSwitch = doc.probes
      .find((p) => p.probe === 'futex-pingpong' && p.placement.kind === 'same-cpu')
      ?.metrics.find((m) => m.metric === 'handoff');
    const reference = sameCpuSwitch ?? kernelSwitch;
    if (!delivery || !sender || !reference) claims.push(missing(8, 'tgkill and futex-pingpong'));
    else {
      const signalCost = headline(delivery);
      const difference = pairedDifference(delivery, reference);
      claims.push({
        id: 8,
        claim: CLAIMS[7]!,
        verdict: verdictOf(difference.sign),
        summary:
          `a signal reaches a spinning thread on another CPU in ${formatNs(signalCost)} (the sender pays ${formatNs(headline(sender))}); ` +
          `the kernel switches threads on one CPU in ${formatNs(headline(reference))} (${intervalText(difference)})`,
        evidence: {
          deliveryToSpinningP50Ns: signalCost,
          senderCostP50Ns: headline(sender),
          kernelSwitchP50Ns: headline(reference),
        },
      });
    }
  }
  // JSON has no NaN: a figure that could not be computed is left out.
  for (const claim of claims)
    claim.evidence = Object.fromEntries(
      Object.entries(claim.evidence).filter(([, v]) => typeof v === 'string' || Number.isFinite(v)),
    );
  return claims.sort((a, b) => a.id - b.id);
}
