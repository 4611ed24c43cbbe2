// The Go program's document, turned into GoResults: one measurement per
// configuration with its headline (median over rounds), its spread over
// rounds, the pooled samples, and the emulated strategy it stands beside.
import { DiagnosticCode, Param } from '../catalogue/index.js';
import { formatNs } from '../format/units.js';
import { median } from '../stats/sampleSummary.js';
import { placementCounterpart, retakeCounterpart, throughputCounterpart, wakeCounterpart } from './counterparts.js';
import type { ProgramOutput, ProgramSummary } from './programOutput.js';
import type { GoFailure, GoMeasurement, GoResults, GoSkipReason } from './goResultsSchema.js';

export interface Toolchain {
  go: string;
  version: string;
}

function idOf(what: string, config: Record<string, string | number>): string {
  const keys = Object.keys(config).sort();
  return `go/${what}{${keys.map((k) => `${k}=${config[k]}`).join(',')}}`;
}

function headline(perRound: number[]) {
  return {
    value: median(perRound),
    perRound,
    spread: [Math.min(...perRound), Math.max(...perRound)] as [number, number],
  };
}

const samplesOf = (s: ProgramSummary) => ({ n: s.count, p50: s.p50, p90: s.p90, p99: s.p99 });

const RECEIVER_TEXT = {
  unlocked: 'receiver unlocked',
  locked: 'receiver locked (LockOSThread)',
  bothLocked: 'receiver and sender locked',
} as const;

function wakeMeasurements(out: ProgramOutput): GoMeasurement[] {
  return out.wake.map((w) => {
    const config = { gomaxprocs: w.gomaxprocs, receiver: w.receiver, waker: w.waker, [Param.sliceNs]: w.sliceNs };
    const kept = w.rounds.reduce((n, r) => n + r.latency.count, 0);
    const onWaker = w.rounds.reduce((n, r) => n + r.ranOnWakerCpu, 0);
    const switches = w.rounds.every((r) => r.voluntarySwitches >= 0)
      ? w.rounds.reduce((n, r) => n + r.voluntarySwitches, 0)
      : undefined;
    const waker =
      w.waker === 'parks' ? 'waker parks after the send' : `waker busy ${formatNs(w.sliceNs)} after the send`;
    return {
      id: idOf('chanWake', config),
      kind: 'wake',
      description: `channel wake, ${RECEIVER_TEXT[w.receiver]}, ${waker}, GOMAXPROCS ${w.gomaxprocs}: sender's clock before the send → receiver's clock after the receive`,
      gomaxprocs: w.gomaxprocs,
      config,
      unit: 'ns',
      ...headline(w.rounds.map((r) => r.latency.p50)),
      samples: samplesOf(w.pooled),
      extra: {
        ranOnWakerCpuFraction: kept ? onWaker / kept : 0,
        idleGapP50Ns: median(w.rounds.map((r) => r.idleGap.p50)),
        // Every thread of the Go process, per kept wake (the sender's idle-gap sleep is one in every configuration).
        ...(kept && switches !== undefined ? { voluntarySwitchesPerWake: switches / kept } : {}),
      },
      counterpart: wakeCounterpart(w.receiver, w.waker, w.gomaxprocs, w.sliceNs),
    };
  });
}

const API_TEXT = {
  Syscall: "syscall.Syscall's path (entersyscall, the call, exitsyscall)",
  RawSyscall: 'syscall.RawSyscall (the P kept)',
  Handoff: 'entersyscallblock (the P handed off at entry), the call, exitsyscall',
} as const;

function throughputMeasurements(out: ProgramOutput): GoMeasurement[] {
  const { computeNs } = out.params;
  return out.throughput.map((t) => {
    const syscallNs = t.syscallNs;
    const config = { api: t.api, gomaxprocs: t.gomaxprocs, [Param.syscallNs]: syscallNs, [Param.tasks]: t.tasks };
    return {
      id: idOf('syscallThroughput', config),
      kind: 'syscallThroughput',
      description: `${t.tasks} goroutine${t.tasks > 1 ? 's' : ''} at GOMAXPROCS ${t.gomaxprocs} looping compute ${formatNs(computeNs)}, nanosleep ${formatNs(syscallNs)} through ${API_TEXT[t.api]}: iterations per second`,
      gomaxprocs: t.gomaxprocs,
      config,
      unit: 'per-second',
      ...headline(t.rounds.map((r) => r.perSecond)),
      samples: samplesOf(t.pooledIteration),
      extra: {
        inCallP50Ns: t.pooledInCall.p50,
        iterationP50Ns: t.pooledIteration.p50,
        entryMeanNs: median(t.rounds.map((r) => r.entry.mean)),
        exitMeanNs: median(t.rounds.map((r) => r.exit.mean)),
      },
      perRoundExtra: {
        entryMeanNs: t.rounds.map((r) => r.entry.mean),
        exitMeanNs: t.rounds.map((r) => r.exit.mean),
      },
      counterpart: throughputCounterpart(t.api, t.tasks, t.gomaxprocs, computeNs, syscallNs),
    };
  });
}

const fractionOf = (count: number, of: number) => (of > 0 ? count / of : 0);

function placementMeasurements(out: ProgramOutput): GoMeasurement[] {
  // A round that kept no wake says nothing (its fractions would read as 0).
  return out.steal.map((all) => {
    const s = { ...all, rounds: all.rounds.filter((r) => r.latency.count > 0) };
    const config = { gomaxprocs: s.gomaxprocs, [Param.sliceNs]: s.sliceNs, [Param.workingSetBytes]: s.workingSetBytes };
    const kept = s.rounds.reduce((n, r) => n + r.latency.count, 0);
    type Round = (typeof s.rounds)[number];
    // Of all kept wakes, and of each round's.
    const share = (count: (r: Round) => number) =>
      fractionOf(
        s.rounds.reduce((n, r) => n + count(r), 0),
        kept,
      );
    const perRound = (count: (r: Round) => number) => s.rounds.map((r) => fractionOf(count(r), r.latency.count));
    return {
      id: idOf('unlockedPlacement', config),
      kind: 'placement',
      description: `an unlocked receiver woken by a sender that keeps running ${formatNs(s.sliceNs)} after the send and then yields, GOMAXPROCS ${s.gomaxprocs}, each P busy with one of them: the sender's clock before the send → the receiver's clock after the receive, and where the receiver ran (the sender's thread, or a P that stole it; its previous CPU or another)`,
      gomaxprocs: s.gomaxprocs,
      config,
      unit: 'ns',
      ...headline(s.rounds.map((r) => r.latency.p50)),
      samples: samplesOf(s.pooled),
      extra: {
        ranOnWakerCpuFraction: share((r) => r.onSenderCpu),
        onSenderThreadFraction: share((r) => r.onSenderThread),
        onPreviousCpuFraction: share((r) => r.onPreviousCpu),
        blockedOnSenderCpuFraction: share((r) => r.blockedOnSenderCpu),
      },
      perRoundExtra: {
        onSenderThreadFraction: perRound((r) => r.onSenderThread),
        onPreviousCpuFraction: perRound((r) => r.onPreviousCpu),
        apartCount: s.rounds.map((r) => r.latency.count - r.blockedOnSenderCpu),
        movedApartCount: s.rounds.map((r) => r.movedApart),
        retouchHomeP50Ns: s.rounds.map((r) => r.retouchHome.p50),
        retouchHomeCount: s.rounds.map((r) => r.retouchHome.count),
        retouchMovedP50Ns: s.rounds.map((r) => r.retouchMoved.p50),
        retouchMovedCount: s.rounds.map((r) => r.retouchMoved.count),
        retouchWarmP50Ns: s.rounds.map((r) => r.retouchWarm.p50),
      },
      counterpart: placementCounterpart(s.sliceNs, s.workingSetBytes),
    };
  });
}

function retakeMeasurements(out: ProgramOutput): GoMeasurement[] {
  const r = out.retake;
  if (!r) return [];
  const config = { gomaxprocs: r.gomaxprocs, [Param.syscallNs]: r.syscallNs };
  const notRetaken = r.rounds.reduce((n, round) => n + round.notRetaken, 0);
  const rounds = r.rounds.filter((round) => round.delay.count > 0);
  return [
    {
      id: idOf('sysmonRetake', config),
      kind: 'retake',
      description: `sysmon's retake at GOMAXPROCS ${r.gomaxprocs}: a goroutine's clock before a blocking syscall.Nanosleep of ${formatNs(r.syscallNs)} → the first clock read of the goroutine waiting for its P`,
      gomaxprocs: r.gomaxprocs,
      config,
      unit: 'ns',
      ...(rounds.length
        ? headline(rounds.map((round) => round.delay.p50))
        : { value: 0, perRound: [], spread: [0, 0] }),
      samples: samplesOf(r.pooled),
      extra: { notRetaken },
      counterpart: retakeCounterpart(r.syscallNs),
    },
  ];
}

export function toGoResults(out: ProgramOutput, toolchain: Toolchain, durationMs: number): GoResults {
  const measurements = [
    ...wakeMeasurements(out),
    ...placementMeasurements(out),
    ...retakeMeasurements(out),
    ...throughputMeasurements(out),
  ];
  const p = out.params;
  return {
    toolchain,
    goarch: out.goarch,
    cpus: p.cpus,
    gomaxprocs: [...new Set(measurements.map((m) => m.gomaxprocs))].sort((a, b) => a - b),
    rounds: p.rounds,
    clock: out.clock,
    timerSlackNs: out.defaultTimerSlackNs,
    params: {
      [Param.gapMinNs]: p.gapMinNs,
      [Param.gapMaxNs]: p.gapMaxNs,
      [Param.sliceNs]: p.sliceNs,
      [Param.computeNs]: p.computeNs,
      [Param.syscallNs]: p.syscallNs,
      [Param.durationNs]: p.durationNs,
      retakeSyscallNs: p.retakeSyscallNs,
      wakeSamples: p.wakeSamples,
      retakeSamples: p.retakeSamples,
      seed: p.seed,
    },
    measurements,
    skippedMeasurements: out.skipped.map(({ what, needs }) => ({
      what,
      reason: { code: DiagnosticCode.goNeedsTwoCpus, params: { needs } },
    })),
    durationMs,
  };
}

const empty = () => ({ gomaxprocs: [], measurements: [], skippedMeasurements: [] });

/** A result that says why Go was not measured: no toolchain, or the build failed. */
export function goSkipped(reason: GoSkipReason, durationMs: number, toolchain?: Toolchain): GoResults {
  return { skipped: reason, ...(toolchain ? { toolchain } : {}), ...empty(), durationMs };
}

/** A result that says why the Go program gave no results. */
export function goFailed(reason: GoFailure, durationMs: number, toolchain: Toolchain): GoResults {
  return { failed: reason, toolchain, ...empty(), durationMs };
}
