// Which emulated strategy each Go measurement stands beside, why, and how
// far the two are alike; and, given a results document, the emulation's
// figure and the ratio emulation / Go. Pure functions.
import { Counter, DiagnosticCode, Metric, Param, Probe } from '../catalogue/index.js';
import { formatNs } from '../format/units.js';
import type { MetricResult, ResultsDocument } from '../results/schema.js';
import { trialMedian } from '../results/trialFigures.js';
import { findMetric, measuredMetrics } from '../results/measuredMetrics.js';
import { median } from '../stats/sampleSummary.js';
import type { EmulationMissing, GoCounterpart, GoMeasurement, GoResults } from './goResultsSchema.js';

export type Receiver = 'unlocked' | 'locked' | 'bothLocked';
export type Waker = 'parks' | 'busy';
export type SyscallApi = 'Syscall' | 'RawSyscall' | 'Handoff';

type CounterpartSpec = Omit<GoCounterpart, 'emulated' | 'emulatedMissing'>;

/**
 * The wake paths. A locked receiver is the LockOSThread path (wake/locked):
 * some thread's scheduler must hand the P to the receiver's own thread. An
 * unlocked receiver is the runtime-managed path (wake/unlocked): it runs on
 * whichever thread gets to it, the waker's after its slice or a stealer's.
 */
export function wakeCounterpart(
  receiver: Receiver,
  waker: Waker,
  gomaxprocs: number,
  sliceNs: number,
): CounterpartSpec {
  const base = { metric: Metric.wakeToRun, quantity: 'p50' as const };
  if (receiver === 'unlocked') {
    const notes = {
      parks1:
        'GOMAXPROCS 1: no idle P to wake and no stealer, so the receiver runs on the sender’s thread once the sender parks (no futex wake), where the emulation’s waker wakes its idle worker first and then runs T itself.',
      busy1:
        'GOMAXPROCS 1: nothing can steal the receiver, so it waits out the sender’s slice, where the emulation’s idle worker may steal T first.',
      parks2:
        'wakep wakes the idle P’s thread, but the parking sender’s own thread runs the receiver first (T migrated), as after a zero slice.',
      busy2:
        'The idle P’s thread, woken by wakep, may steal the receiver from runnext (after usleep(3)) before the slice ends, as the emulation’s idle worker steals T; else the sender runs it (T migrated).',
    };
    return {
      ...base,
      probe: Probe.wakeUnlocked,
      params: { [Param.sliceNs]: waker === 'busy' ? sliceNs : 0 },
      likeness: gomaxprocs > 1 ? 'close' : 'partial',
      notes: [notes[`${waker}${gomaxprocs > 1 ? 2 : 1}`]],
    };
  }
  const also = [
    waker === 'busy' ? 'After the sender’s slice: wake/locked has none.' : '',
    gomaxprocs > 1 && receiver === 'locked'
      ? 'At GOMAXPROCS 2 the unlocked sender floats over both CPUs and often sends from T’s own CPU (see on waker CPU), and the idle P’s thread (woken by wakep) may hand off instead.'
      : '',
    gomaxprocs > 1 && receiver === 'bothLocked'
      ? 'At GOMAXPROCS 2 the idle P’s thread (woken by wakep) may hand off instead.'
      : '',
  ].filter(Boolean);
  const note =
    receiver === 'locked'
      ? 'One futex wake: the parking sender’s thread hands the P to the receiver’s thread (startlockedm), where wake/locked first wakes a separate scheduler thread (hop 1); in wake count this is wake/dedicated’s path plus a park and a schedule().'
      : 'Two futex wakes: the parking locked sender hands its P to an idle thread (hop 1, on the waker’s CPU), which hands it on to the receiver’s thread (hop 2): wake/locked with the scheduler on the waker’s CPU.';
  return {
    ...base,
    probe: Probe.wakeLocked,
    params: { [Param.schedulerOnWakerCpu]: 1 },
    likeness: receiver === 'bothLocked' && also.length === 0 ? 'close' : 'partial',
    notes: [note, ...also],
  };
}

/** RawSyscall keeps the P (syscall/hold); Syscall is entersyscall with sysmon's retake (syscall/lazy). */
export function throughputCounterpart(
  api: SyscallApi,
  tasks: number,
  gomaxprocs: number,
  computeNs: number,
  syscallNs: number,
): CounterpartSpec {
  const params = {
    [Param.tasks]: tasks,
    [Param.tokens]: gomaxprocs,
    [Param.computeNs]: computeNs,
    [Param.syscallNs]: syscallNs,
    [Param.syscallKind]: 0,
  };
  const base = { metric: Metric.iteration, quantity: 'throughput' as const, params };
  if (api === 'Handoff')
    return {
      ...base,
      probe: Probe.syscallHandoff,
      likeness: 'close',
      notes: [
        'entersyscallblock hands the P off before the call (handoffp: a futex wake of another thread when goroutines wait for it) and exitsyscall acquires one after, as syscall/handoff’s tasks release their P token with a FUTEX_WAKE and wait for one on return.',
      ],
    };
  if (api === 'RawSyscall')
    return {
      ...base,
      probe: Probe.syscallHold,
      likeness: 'close',
      notes: [
        'RawSyscall keeps the P through the sleep; the other goroutines wait until the sleeper is preempted after 10 ms, as syscall/hold’s tasks yield after a 10 ms slice.',
      ],
    };
  return {
    ...base,
    probe: Probe.syscallLazy,
    likeness: tasks > gomaxprocs ? 'close' : 'partial',
    notes: [
      tasks > gomaxprocs
        ? 'entersyscall leaves the P marked in a syscall; sysmon retakes it after one to two ticks (20 µs requested, longer with the default timer slack) and hands it to a waiting goroutine, as syscall/lazy’s sysmon does.'
        : 'With nobody waiting, Go’s sysmon still retakes the P at GOMAXPROCS 1 (no idle P, no spinning thread) and starts a spinning thread that finds nothing; syscall/lazy retakes only when a task waits.',
    ],
  };
}

/**
 * An unlocked receiver woken while the sender keeps running: wake/unlocked
 * at the same slice, where the waker's thread runs T after its slice unless
 * the idle worker steals it first.
 */
export function placementCounterpart(sliceNs: number, workingSetBytes: number): CounterpartSpec {
  return {
    probe: Probe.wakeUnlocked,
    metric: Metric.wakeToRun,
    params: { [Param.sliceNs]: sliceNs, [Param.workingSetBytes]: workingSetBytes },
    quantity: 'p50',
    likeness: 'partial',
    notes: [
      'Go’s idle P steals the receiver from runnext only after usleep(3), slept with the default timer slack; the emulation’s idle worker takes T as soon as its own wake completes.',
      'The sender yields at the end of its slice (runtime.Gosched, as when a 10 ms slice ends), where the emulation’s waker parks.',
    ],
  };
}

export function retakeCounterpart(syscallNs: number): CounterpartSpec {
  return {
    probe: Probe.syscallLazy,
    metric: Metric.retakeDelay,
    params: { [Param.tasks]: 4, [Param.tokens]: 1, [Param.syscallKind]: 0, [Param.syscallNs]: syscallNs },
    quantity: 'p50',
    likeness: 'partial',
    notes: [
      'Go’s figure runs to the other goroutine’s first clock read, so it includes handing the P over (handoffp → startm: a futex wake or a new thread, then schedule()); the emulation’s stops when its sysmon retakes.',
      `The emulation keeps only retakes that came before its syscall ended (b = 50 µs in the quick suite, 500 µs in the full one); here the syscall lasts ${formatNs(syscallNs)}.`,
    ],
  };
}

function matches(metric: MetricResult, params: Record<string, number>): boolean {
  return Object.entries(params).every(([key, value]) => metric.params[key] === value);
}

/** iterations per second, median over trials. */
function throughputOf(metric: MetricResult): number | undefined {
  const rates = metric.trials.flatMap((t) => {
    const n = t.counters?.[Counter.iterations],
      wall = t.counters?.[Counter.wallNs];
    return n !== undefined && wall ? [(n / wall) * 1e9] : [];
  });
  return rates.length ? median(rates) : undefined;
}

function p50Of(metric: MetricResult): number | undefined {
  if (metric.summary) return metric.summary.valueNs;
  const value = trialMedian(metric, (s) => s.p50);
  return Number.isNaN(value) ? undefined : value;
}

/**
 * The emulated metric a counterpart names. A retake delay without a run at
 * the same syscall length falls back to the longest syscall measured (its
 * delays are the least truncated), as the metric id then shows.
 */
function findEmulated(
  doc: ResultsDocument,
  counterpart: GoCounterpart,
): { metric: MetricResult } | { missing: EmulationMissing } {
  const { probe } = counterpart;
  const probes = doc.probes.filter((p) => p.probe === probe);
  if (probes.length === 0) return { missing: { code: DiagnosticCode.emulationNotRun, params: { probe } } };
  const ok = probes.filter((p) => p.status === 'ok');
  if (ok.length === 0) {
    const { status, reason } = probes[0]!;
    const notOk = status === 'skipped' ? 'skipped' : 'failed';
    return {
      missing: {
        code: DiagnosticCode.emulationProbeMissing,
        params: { probe, status: notOk, ...(reason ? { reason } : {}) },
      },
    };
  }
  const metrics = measuredMetrics(doc)
    .filter((e) => e.probe.probe === counterpart.probe && e.metric.metric === counterpart.metric)
    .map((e) => e.metric);
  const exact = metrics.find((m) => matches(m, counterpart.params));
  if (exact) return { metric: exact };
  if (counterpart.metric === Metric.retakeDelay) {
    const { [Param.syscallNs]: _dropped, ...rest } = counterpart.params;
    const longest = metrics
      .filter((m) => matches(m, rest) && m.trials.some((t) => t.statsNs))
      .sort((a, b) => (b.params[Param.syscallNs] ?? 0) - (a.params[Param.syscallNs] ?? 0))[0];
    if (longest) return { metric: longest };
  }
  return {
    missing: {
      code: DiagnosticCode.emulationMetricMissing,
      params: { probe, metric: counterpart.metric, params: counterpart.params },
    },
  };
}

function emulatedFor(measurement: GoMeasurement, doc: ResultsDocument | undefined): GoCounterpart {
  const { emulated: _e, emulatedMissing: _m, ...counterpart } = measurement.counterpart;
  if (!doc) return { ...counterpart, emulatedMissing: { code: DiagnosticCode.emulationNotGiven, params: {} } };
  const found = findEmulated(doc, counterpart);
  if ('missing' in found) return { ...counterpart, emulatedMissing: found.missing };
  const value = counterpart.quantity === 'throughput' ? throughputOf(found.metric) : p50Of(found.metric);
  if (value === undefined)
    return {
      ...counterpart,
      emulatedMissing: { code: DiagnosticCode.emulationNoSamples, params: { metricId: found.metric.id } },
    };
  return {
    ...counterpart,
    emulated: {
      metricId: found.metric.id,
      value,
      ratio: measurement.value > 0 ? value / measurement.value : 0,
    },
  };
}

/** The Go results with each counterpart's emulated figure from `doc` (or the reason there is none). */
export function withCounterparts(go: GoResults, doc: ResultsDocument | undefined): GoResults {
  const { dedicatedEmulated: _stale, ...rest } = go;
  // wake/dedicated has no Go counterpart; its emulated figure goes with the note that says so.
  const metric = doc ? findMetric(doc, Probe.wakeDedicated, Metric.wakeToRun) : undefined;
  const p50Ns = metric ? p50Of(metric) : undefined;
  return {
    ...rest,
    measurements: go.measurements.map((m) => ({ ...m, counterpart: emulatedFor(m, doc) })),
    ...(metric && p50Ns !== undefined ? { dedicatedEmulated: { metricId: metric.id, p50Ns } } : {}),
  };
}
