// Do our figures agree with independent tools on this machine? Each pair runs
// a reference (perf bench, rt-tests, or the standalone C program in
// bench/reference/) and the matching schedcost probe interleaved — tool,
// schedcost, tool, schedcost … for every pair in every round — so drift hits
// both alike, and compares the medians over rounds of one statistic per run.
// Every row says whether the two measure the same thing (like-for-like: same
// interval, same CPUs, same idle gap, same statistic) or only approximately,
// and why. Loop counts are chosen so the whole part stays under ~3 minutes
// with the default 5 rounds on a 2-CPU host.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultOf, Metric, Param, Probe, probeSpec, type ProbeName } from '../src/catalogue/index.js';
import { renderTable } from '../src/format/textTable.js';
import { formatNs } from '../src/format/units.js';
import { addon, type NativeProbeOutput } from '../src/native.js';
import { median } from '../src/stats/sampleSummary.js';
import {
  compileReference,
  cpuidleDriver,
  outputHead,
  parseCyclictestSamples,
  parseFutexRef,
  parsePerfFutexWake,
  parsePerfUsecsPerOp,
  parseRtJson,
  parseRtSummary,
  runTool,
  unavailable,
  withTimerSlack,
} from './fidelityTools.js';

/** Rounds when SCHEDCOST_BENCH_ROUNDS is not set. */
export const ROUNDS = 5;

/** Work per run, the same for a reference and its schedcost counterpart. */
const LOOPS = {
  /** perf bench sched pipe -l; pipe probe samples. */
  pipeRoundTrips: 20_000,
  /** perf bench syscall basic -l; syscall probe samples × batch. */
  getppidCalls: 300_000,
  /** perf bench futex wake -t (waiters woken per repeat) and perf bench -r (repeats). */
  futexWaiters: 64,
  futexRepeats: 3,
  /** One-way wakes per run (futex_ref wake, futex-wake probe). */
  wakes: 2_000,
  /** Round trips per run (futex_ref pingpong, futex-pingpong probe). */
  pingpongs: 5_000,
  /** ptsematest / sigwaittest -l, and tgkill probe samples. */
  rtLoops: 1_000,
  /** cyclictest -l and sleep probe samples, each one TIMER_SLEEP_NS long. */
  timerSleeps: 500,
} as const;

const WARMUP = { pipe: 1_000, syscallBatches: 100, wakes: 100, pingpongs: 500, signals: 50, sleeps: 20 } as const;
/** syscall probe: calls timed together per sample. */
const SYSCALL_BATCH = 100;
/** ptsematest / sigwaittest -i: how long the receiver sleeps between samples, µs. */
const RT_INTERVAL_US = 100;
/** The requested sleep of cyclictest (-i) and of the sleep probe. */
const TIMER_SLEEP_NS = 1_000_000;
/** Timer slack for the cyclictest / sleep pair (1 ns: the floor, as the sleep probe's second default). */
const TIMER_SLACK_NS = 1;
const PROBE_TIMEOUT_MS = 120_000;
/**
 * schedcost's threads wait in FUTEX_WAIT slices of this length (ThreadGroup::kWaitSliceNs in
 * native/core/thread_group.hpp); the C reference repeats each run with it to show what timed waits cost.
 */
const SCHEDCOST_WAIT_SLICE_NS = 50_000_000;
/** A like-for-like pair whose ratio falls outside this band is flagged. */
const BAND = { low: 0.9, high: 1.1 } as const;

/** What one run of either side reports: p50 of its samples, or their mean (what the tool prints). */
type Statistic = 'p50' | 'mean';

interface FidelityRow {
  primitive: string;
  placement: string;
  /** The reference's command line as run (temporary paths shortened). */
  command: string;
  statistic: Statistic;
  /** The schedcost probe and metric compared. */
  schedcost: string;
  /** Median over rounds of the per-run statistic. */
  referenceNs: number;
  schedcostNs: number;
  /** schedcostNs / referenceNs. */
  ratio: number;
  likeForLike: boolean;
  /** What makes the pair like-for-like, or how it differs. */
  why: string;
  /** Like-for-like and the ratio is outside BAND. */
  flagged: boolean;
  rounds: number;
  /** Each complete round: both statistics and the side figures behind the notes. */
  perRound: {
    referenceNs: number;
    schedcostNs: number;
    reference?: Record<string, number>;
    schedcost?: Record<string, number>;
  }[];
  notes: string[];
  failures: string[];
}

interface FidelitySkip {
  primitive: string;
  placement: string;
  command: string;
  reason: string;
}

export interface FidelityReport {
  rounds: number;
  cpus: number[];
  wallMs: number;
  rows: FidelityRow[];
  skipped: FidelitySkip[];
}

// ---- one pair ---------------------------------------------------------------

/** A run's statistic, with side figures for the notes (idle gap, CPUs seen, timer slack). */
interface Sample {
  valueNs: number;
  extra?: Record<string, number>;
}
type Outcome = Sample | { failed: string };

interface Pair {
  primitive: string;
  placement: string;
  command: readonly string[];
  statistic: Statistic;
  schedcost: string;
  likeForLike: boolean;
  why: string;
  reference(round: number): Outcome;
  ours(round: number): Promise<Outcome>;
  notes?(reference: Sample[], ours: Sample[]): string[];
}

// ---- schedcost side ---------------------------------------------------------

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

async function probe(
  name: ProbeName,
  cpus: number[],
  samples: number,
  warmup: number,
  params?: Record<string, number | number[]>,
  seed?: number,
): Promise<NativeProbeOutput> {
  return addon().runProbe({ probe: name, cpus, samples, warmup, params, seed, timeoutMs: PROBE_TIMEOUT_MS });
}

function metricOf(out: NativeProbeOutput, metric: string) {
  const found = out.measurements.find((m) => m.metric === metric);
  if (!found || found.valuesNs.length === 0) throw new Error(`the probe kept no ${metric} samples`);
  return found;
}

async function ours(run: () => Promise<Sample>): Promise<Outcome> {
  try {
    return await run();
  } catch (error) {
    return { failed: `schedcost: ${(error as Error).message}` };
  }
}

// ---- reference side ---------------------------------------------------------

function reference(argv: readonly string[], read: (stdout: string) => Sample | undefined, what: string): Outcome {
  const run = runTool(argv);
  if (!run.ok) return { failed: run.reason };
  return read(run.stdout) ?? { failed: `no ${what} in the output of '${argv.join(' ')}': ${outputHead(run.stdout)}` };
}

/** ptsematest / sigwaittest with --json=file (falls back to the -q summary). */
function rtReference(argv: readonly string[], jsonFile: string): Outcome {
  rmSync(jsonFile, { force: true });
  const run = runTool(argv);
  if (!run.ok) return { failed: run.reason };
  let json = '';
  try {
    json = readFileSync(jsonFile, 'utf8');
  } catch {
    // older rt-tests: no --json; the summary has whole µs only
  }
  const result = parseRtJson(json) ?? parseRtSummary(run.stdout);
  if (!result) return { failed: `no summary in the output of '${argv.join(' ')}': ${outputHead(run.stdout)}` };
  return { valueNs: result.avgNs, extra: { receiverCpu: result.receiverCpu, senderCpu: result.senderCpu } };
}

// ---- the pairs --------------------------------------------------------------

interface Setup {
  a: number;
  /** The second CPU, when the host lets us use two. */
  b: number | undefined;
  dir: string;
  futexRef: string | undefined;
  gapMinNs: number;
  gapMaxNs: number;
  timerSlackNs: number | undefined;
  loops: typeof LOOPS;
}

const gapRange = (s: Setup) => `${formatNs(s.gapMinNs)}–${formatNs(s.gapMaxNs)}`;
const same = (cpu: number) => `same CPU (${cpu})`;
const cross = (from: number, to: number) => `cross CPU (${from}→${to})`;
const label = (probeName: string, metric: string, extra = '') => `${probeName} · ${metric}${extra}`;

function display(argv: readonly string[], setup: Setup): string {
  return argv
    .map((arg) => arg.split(setup.dir).join('$TMP'))
    .join(' ')
    .replace(/\$TMP\/futex_ref/g, 'futex_ref');
}

function idleNotes(reference: Sample[], ours: Sample[]): string[] {
  const idle = (samples: Sample[]) => median(samples.map((s) => s.extra?.idleNs ?? Number.NaN));
  return [
    `sleeper blocked before its wake (p50, median over rounds): reference ${formatNs(idle(reference))}, schedcost ${formatNs(idle(ours))}`,
  ];
}

/** Runs the C reference again with schedcost's timed wait slices; its p50 goes in extra.timedNs. */
function withTimedVariant(untimed: Outcome, timedArgv: string[]): Outcome {
  if ('failed' in untimed) return untimed;
  const run = runTool(timedArgv);
  const timed = run.ok ? parseFutexRef(run.stdout) : undefined;
  return { ...untimed, extra: { ...untimed.extra, timedNs: timed?.p50Ns ?? Number.NaN } };
}

function timedNotes(reference: Sample[], ours: Sample[]): string[] {
  const timed = median(reference.map((s) => s.extra?.timedNs ?? Number.NaN));
  const mine = median(ours.map((s) => s.valueNs));
  if (!Number.isFinite(timed)) return [];
  return [
    `the same reference waiting in ${formatNs(SCHEDCOST_WAIT_SLICE_NS)} timed slices, as schedcost does (run right after it ` +
      `in each round): ${formatNs(timed)}, schedcost / that = ${(mine / timed).toFixed(3)}`,
  ];
}

function placementNotes(reference: Sample[]): string[] {
  const seen = new Map<string, number>();
  for (const s of reference) {
    const r = s.extra?.receiverCpu,
      w = s.extra?.senderCpu;
    const key = r === w ? `both on CPU ${r}` : `waker on ${w}, woken on ${r}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const notes = [
    `where the kernel left the threads (last sample of each run): ${[...seen].map(([k, n]) => `${k} in ${n} run${n === 1 ? '' : 's'}`).join('; ')}`,
  ];
  if (reference.every((s) => s.extra?.receiverCpu === s.extra?.senderCpu))
    notes.push(
      'the kernel kept both threads on one CPU in every run: this row sets a same-CPU handoff against a cross-CPU one and is no reference for it',
    );
  return notes;
}

function perfPairs(s: Setup): Pair[] {
  const { a, b, loops } = s;
  const taskset = ['taskset', '-c', String(a)];
  const pipeArgv = [...taskset, 'perf', 'bench', 'sched', 'pipe', '-T', '-l', String(loops.pipeRoundTrips)];
  const syscallArgv = [...taskset, 'perf', 'bench', 'syscall', 'basic', '-l', String(loops.getppidCalls)];
  const futexArgv = [
    ...taskset,
    ...['perf', 'bench', '-r', String(loops.futexRepeats), 'futex', 'wake', '-t', String(loops.futexWaiters), '-s'],
  ];
  const wakerPlacements =
    b === undefined
      ? [[a, a]]
      : [
          [a, a],
          [a, b],
        ];
  return [
    {
      primitive: 'pipe round trip',
      placement: same(a),
      command: pipeArgv,
      statistic: 'mean',
      schedcost: label(Probe.pipe, Metric.roundTrip),
      likeForLike: true,
      why:
        `same interval (one round trip of an int over two pipes between two threads), both threads on CPU ${a}, ` +
        'back to back with no idle gap; a mean per round trip on both sides (perf: total time / loops)',
      reference: () => reference(pipeArgv, (out) => wrap(parsePerfUsecsPerOp(out)), 'usecs/op'),
      ours: () =>
        ours(async () => {
          // The probe also times one-way writes; a zero gap keeps that part short.
          const out = await probe(Probe.pipe, [a, a], loops.pipeRoundTrips, WARMUP.pipe, {
            [Param.gapMinNs]: 0,
            [Param.gapMaxNs]: 0,
          });
          return { valueNs: mean(metricOf(out, Metric.roundTrip).valuesNs) };
        }),
    },
    {
      primitive: 'trivial syscall (getppid)',
      placement: same(a),
      command: syscallArgv,
      statistic: 'mean',
      schedcost: label(Probe.syscall, Metric.getppid),
      likeForLike: true,
      why:
        `same call (getppid) back to back on CPU ${a}; a mean per call on both sides ` +
        `(perf: one timed loop; schedcost: batches of ${SYSCALL_BATCH} calls between clock reads)`,
      reference: () => reference(syscallArgv, (out) => wrap(parsePerfUsecsPerOp(out)), 'usecs/op'),
      ours: () =>
        ours(async () => {
          const batches = Math.max(1, Math.round(loops.getppidCalls / SYSCALL_BATCH));
          const out = await probe(Probe.syscall, [a], batches, WARMUP.syscallBatches, { [Param.batch]: SYSCALL_BATCH });
          return { valueNs: mean(metricOf(out, Metric.getppid).valuesNs) };
        }),
    },
    {
      primitive: 'FUTEX_WAKE that wakes a waiter (waker’s cost)',
      placement: b === undefined ? `waker and waiters on ${a}` : `waker on ${a}, waiters on all CPUs`,
      command: futexArgv,
      statistic: 'mean',
      schedcost: label(Probe.futexWake, Metric.wakerCost, b === undefined ? '' : ` (${a}→${a}, ${a}→${b} pooled)`),
      likeForLike: false,
      why:
        'perf times, with gettimeofday (1 µs steps), one loop of back-to-back FUTEX_WAKE(1) calls that each find a waiter ' +
        `(${loops.futexWaiters} waiters blocked for ~100 ms), and divides by the waiters woken; it pins waiters round-robin to ` +
        "every online CPU, so some share the waker's CPU, where a woken waiter can preempt the waker and run inside the " +
        `timed loop. wakerCost is one FUTEX_WAKE waking one sleeper after a ${gapRange(s)} idle gap, pooled from a same-CPU and a ` +
        'cross-CPU run to match the mix. (syscall·futexWakeNoWaiter is not the counterpart: every perf call finds a waiter.)',
      reference: () => reference(futexArgv, (out) => wrap(parsePerfFutexWake(out)?.nsPerWake), 'Wokeup summary'),
      ours: (round) =>
        ours(async () => {
          const values: number[] = [];
          for (const cpus of wakerPlacements) {
            const out = await probe(Probe.futexWake, cpus, loops.wakes, WARMUP.wakes, undefined, round + 1);
            values.push(...metricOf(out, Metric.wakerCost).valuesNs);
          }
          return { valueNs: mean(values) };
        }),
    },
  ];
}

function wrap(valueNs: number | undefined): Sample | undefined {
  return valueNs === undefined ? undefined : { valueNs };
}

function referencePairs(s: Setup): Pair[] {
  const { a, b, loops, futexRef } = s;
  if (!futexRef) return [];
  const placements: [number, number][] =
    b === undefined
      ? [[a, a]]
      : [
          [a, a],
          [a, b],
        ];
  const pairs: Pair[] = [];
  for (const [from, to] of placements) {
    const where = from === to ? same(from) : cross(from, to);
    const wakeArgv = (round: number) => [
      futexRef,
      'wake',
      String(from),
      String(to),
      String(loops.wakes),
      String(WARMUP.wakes),
      String(s.gapMinNs),
      String(s.gapMaxNs),
      String(round + 1),
    ];
    pairs.push({
      primitive: 'futex wake-to-run (one-way)',
      placement: where,
      command: [...wakeArgv(0).slice(0, -1), '<round>'],
      statistic: 'p50',
      schedcost: label(Probe.futexWake, Metric.wakeLatency),
      likeForLike: true,
      why:
        "same definition, written independently (bench/reference/futex_ref.c): waker's CLOCK_MONOTONIC just before " +
        "FUTEX_WAKE → sleeper's on return from FUTEX_WAIT; waker on the first CPU, sleeper on the second; before each wake " +
        `the waker sleeps a gap uniform in ${formatNs(s.gapMinNs)}–${formatNs(s.gapMaxNs)} (the probe's default, timer slack 1 ns) ` +
        'after the sleeper has announced that it is about to block; wakes that found nobody queued are excluded; p50 ' +
        'per run. Only the implementation differs: the reference waits untimed, schedcost in 50 ms timed slices',
      reference: (round) =>
        withTimedVariant(
          reference(
            wakeArgv(round),
            (out) => {
              const r = parseFutexRef(out);
              return r && { valueNs: r.p50Ns, extra: { idleNs: r.idleP50Ns } };
            },
            'result',
          ),
          [...wakeArgv(round), String(SCHEDCOST_WAIT_SLICE_NS)],
        ),
      ours: (round) =>
        ours(async () => {
          const out = await probe(Probe.futexWake, [from, to], loops.wakes, WARMUP.wakes, undefined, round + 1);
          const wake = metricOf(out, Metric.wakeLatency);
          const idle = wake.auxNs.idleGapNs;
          return {
            valueNs: median(wake.valuesNs),
            extra: { idleNs: idle && idle.length > 0 ? median(idle) : Number.NaN },
          };
        }),
      notes: (reference, ours) => [...idleNotes(reference, ours), ...timedNotes(reference, ours)],
    });
    const pingArgv = [
      futexRef,
      'pingpong',
      String(from),
      String(to),
      String(loops.pingpongs),
      String(WARMUP.pingpongs),
    ];
    pairs.push({
      primitive: 'futex ping-pong handoff (round trip / 2)',
      placement: where,
      command: pingArgv,
      statistic: 'p50',
      schedcost: label(Probe.futexPingpong, Metric.handoff),
      likeForLike: true,
      why:
        'same definition, written independently: a token passed back and forth with FUTEX_WAKE / FUTEX_WAIT, initiator ' +
        'on the first CPU, responder on the second, no idle gap; one round trip timed by the initiator, halved; p50 per ' +
        'run. Only the implementation differs: the reference waits untimed, schedcost in 50 ms timed slices',
      reference: () =>
        withTimedVariant(
          reference(
            pingArgv,
            (out) => {
              const r = parseFutexRef(out);
              return r && { valueNs: r.p50Ns };
            },
            'result',
          ),
          [...pingArgv, String(SCHEDCOST_WAIT_SLICE_NS)],
        ),
      ours: () =>
        ours(async () => {
          const out = await probe(Probe.futexPingpong, [from, to], loops.pingpongs, WARMUP.pingpongs);
          return { valueNs: median(metricOf(out, Metric.handoff).valuesNs) };
        }),
      notes: timedNotes,
    });
  }
  return pairs;
}

const rtCommonWhy = (s: Setup) =>
  'timed with gettimeofday (1 µs steps) and reported only as a mean, so every outlier counts in full; the woken ' +
  'thread sleeps -i in nanosleep, then wakes its partner and only then blocks, so it is blocked only for as long as ' +
  `its partner takes to wake and act (on one CPU its CPU never idles), not for schedcost's ${gapRange(s)} idle gap`;
const RT_SPLIT_WHY =
  'the tool cannot put a pair on two CPUs (-a pins both threads of a pair to one CPU, and the sender copies the ' +
  "receiver's CPU), so here it runs unpinned on the two CPUs and the kernel places the threads; ";

function rtPairs(s: Setup): { pairs: Pair[]; skipped: FidelitySkip[] } {
  const { a, b, loops, dir } = s;
  const pairs: Pair[] = [];
  const skipped: FidelitySkip[] = [];
  const rtArgs = ['-q', '-i', String(RT_INTERVAL_US), '-l', String(loops.rtLoops)];
  const ptJson = join(dir, 'ptsematest.json');
  const swJson = join(dir, 'sigwaittest.json');
  const ptSame = ['ptsematest', `--affinity=${a}`, ...rtArgs, `--json=${ptJson}`];
  const wakeMean = (cpus: number[]) => (round: number) =>
    ours(async () => {
      const out = await probe(Probe.futexWake, cpus, loops.wakes, WARMUP.wakes, undefined, round + 1);
      return { valueNs: mean(metricOf(out, Metric.wakeLatency).valuesNs) };
    });
  const mutexWhy =
    'the same kind of interval — clock before pthread_mutex_unlock (FUTEX_WAKE inside glibc) → clock when the ' +
    `blocked pthread_mutex_lock returns — but ${rtCommonWhy(s)}`;
  pairs.push({
    primitive: 'futex wake-to-run via a pthread mutex',
    placement: same(a),
    command: ptSame,
    statistic: 'mean',
    schedcost: label(Probe.futexWake, Metric.wakeLatency),
    likeForLike: false,
    why: mutexWhy,
    reference: () => rtReference(ptSame, ptJson),
    ours: wakeMean([a, a]),
  });
  const signal = 'signal to a blocked thread';
  if (b === undefined) {
    const reason = 'needs two CPUs; this host lets us use one';
    skipped.push({ primitive: pairs[0]!.primitive, placement: 'unpinned on two CPUs', command: 'ptsematest', reason });
    skipped.push({ primitive: signal, placement: 'unpinned on two CPUs', command: 'sigwaittest', reason });
    return { pairs, skipped };
  }
  const ptSplit = ['taskset', '-c', `${a},${b}`, 'ptsematest', ...rtArgs, `--json=${ptJson}`];
  pairs.push({
    primitive: 'futex wake-to-run via a pthread mutex',
    placement: `unpinned on ${a},${b}`,
    command: ptSplit,
    statistic: 'mean',
    schedcost: label(Probe.futexWake, Metric.wakeLatency, ` (${a}→${b})`),
    likeForLike: false,
    why: RT_SPLIT_WHY + mutexWhy,
    reference: () => rtReference(ptSplit, ptJson),
    ours: wakeMean([a, b]),
    notes: placementNotes,
  });
  skipped.push({
    primitive: signal,
    placement: same(a),
    command: `sigwaittest --affinity=${a}`,
    reason: `no counterpart: schedcost's ${Probe.tgkill} probe runs only on two different CPUs`,
  });
  const swSplit = ['taskset', '-c', `${a},${b}`, 'sigwaittest', ...rtArgs, `--json=${swJson}`];
  pairs.push({
    primitive: signal,
    placement: `unpinned on ${a},${b}`,
    command: swSplit,
    statistic: 'mean',
    schedcost: label(Probe.tgkill, Metric.deliveryToBlocked, ` (${a}→${b})`),
    likeForLike: false,
    why:
      RT_SPLIT_WHY +
      "sender's clock before pthread_kill (tgkill) → receiver's clock when sigwait returns: the receiver takes the signal " +
      "synchronously in sigwait, while schedcost's target is blocked in FUTEX_WAIT and enters a handler (signal frame " +
      `included); ${rtCommonWhy(s)}`,
    reference: () => rtReference(swSplit, swJson),
    ours: (round) =>
      ours(async () => {
        const out = await probe(Probe.tgkill, [a, b], loops.rtLoops, WARMUP.signals, undefined, round + 1);
        return { valueNs: mean(metricOf(out, Metric.deliveryToBlocked).valuesNs) };
      }),
    notes: placementNotes,
  });
  return { pairs, skipped };
}

function cyclictestPairs(s: Setup): Pair[] {
  const { a, b, loops } = s;
  const slackKnown = s.timerSlackNs !== undefined;
  const slack = s.timerSlackNs ?? 50_000;
  const base = [
    'cyclictest',
    '-q',
    '-r',
    '-N',
    '-v',
    `--affinity=${a}`,
    ...(b === undefined ? [] : [`--mainaffinity=${b}`]),
    '-i',
    String(TIMER_SLEEP_NS / 1000),
    '-l',
    String(loops.timerSleeps),
  ];
  const idle = cpuidleDriver();
  const sleepWhy =
    `clock before a relative ${formatNs(TIMER_SLEEP_NS)} CLOCK_MONOTONIC sleep → clock after it, minus the request ` +
    `(cyclictest -r), one SCHED_OTHER thread pinned on CPU ${a}, ` +
    (slackKnown
      ? `timer slack ${slack} ns on both (the bench sets its own slack just before spawning; the child inherits it)`
      : 'timer slack unknown for cyclictest (cannot read /proc/self/timerslack_ns), schedcost at the 50 µs default') +
    '; p50 per run (cyclictest -v lists every sample)';
  const run = (argv: string[]): Outcome => {
    const { result, slackNs } = withTimerSlack(TIMER_SLACK_NS, () => runTool(argv));
    if (!result.ok) return { failed: result.reason };
    const values = parseCyclictestSamples(result.stdout);
    if (values.length === 0)
      return { failed: `no samples in the output of '${argv.join(' ')}': ${outputHead(result.stdout)}` };
    const pmQos = /cpu_dma_latency set to 0/.test(result.stdout + result.stderr) ? 1 : 0;
    return { valueNs: median(values), extra: { slackNs: slackNs ?? Number.NaN, pmQos } };
  };
  const sleepLateness = () =>
    ours(async () => {
      const out = await probe(Probe.sleep, [a], loops.timerSleeps, WARMUP.sleeps, {
        [Param.requestedNs]: [TIMER_SLEEP_NS],
        [Param.timerSlackNs]: [slack],
      });
      return { valueNs: median(metricOf(out, Metric.actualSleep).valuesNs) - TIMER_SLEEP_NS };
    });
  const slackNote = (reference: Sample[]) => {
    const seen = [...new Set(reference.map((r) => r.extra?.slackNs))].join(', ');
    return [`cyclictest ran with timer slack ${seen} ns; schedcost ${Probe.sleep} with ${Param.timerSlackNs} ${slack}`];
  };
  const schedcost = label(
    Probe.sleep,
    `${Metric.actualSleep} − ${Param.requestedNs}`,
    ` (${formatNs(TIMER_SLEEP_NS)})`,
  );
  const laptop = [...base, '--laptop'];
  return [
    {
      primitive: 'timer wakeup lateness',
      placement: same(a),
      command: laptop,
      statistic: 'p50',
      schedcost,
      likeForLike: slackKnown,
      why: `same interval: ${sleepWhy}; --laptop leaves /dev/cpu_dma_latency alone, as schedcost does`,
      reference: () => run(laptop),
      ours: sleepLateness,
      notes: slackNote,
    },
    {
      primitive: 'timer wakeup lateness',
      placement: same(a),
      command: base,
      statistic: 'p50',
      schedcost,
      likeForLike: false,
      why:
        `as the --laptop row (${sleepWhy}), but by default cyclictest holds /dev/cpu_dma_latency at 0 for its run, which ` +
        'forbids idle states with any exit latency (idle CPUs poll instead); schedcost never sets it' +
        (idle === 'none' || idle === undefined
          ? `. This host has no cpuidle driver (${idle ?? 'no cpuidle in sysfs'}), so the request should change nothing here`
          : ''),
      reference: () => run(base),
      ours: sleepLateness,
      notes: (reference) => [
        ...slackNote(reference),
        `cyclictest reported setting /dev/cpu_dma_latency to 0 in ${reference.filter((r) => r.extra?.pmQos === 1).length} of ${reference.length} runs`,
      ],
    },
  ];
}

// ---- rounds -----------------------------------------------------------------

function scaled(scale: number): typeof LOOPS {
  if (scale === 1) return LOOPS;
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(LOOPS))
    out[key] = Math.max(key === 'futexRepeats' ? 1 : 10, Math.round(value * scale));
  return out as unknown as typeof LOOPS;
}

export interface FidelityOptions {
  rounds?: number;
  /** Multiplies every loop count (for checking the parsing quickly); 1 by default. */
  scale?: number;
  /** Called before each round, e.g. to show progress. */
  onRound?: (round: number, rounds: number) => void;
}

export async function fidelity(options: FidelityOptions = {}): Promise<FidelityReport> {
  const started = performance.now();
  const rounds = options.rounds ?? ROUNDS;
  const loops = scaled(options.scale ?? 1);
  const allowed = (await addon().hostFacts()).allowedCpus;
  const a = allowed[0] ?? 0,
    b = allowed[1];
  const dir = mkdtempSync(join(tmpdir(), 'schedcost-fidelity-'));
  const skipped: FidelitySkip[] = [];
  try {
    const wakeSpec = probeSpec(Probe.futexWake);
    if (!wakeSpec) throw new Error(`the catalogue has no ${Probe.futexWake}`);
    const compiled = compileReference(dir);
    const setup: Setup = {
      a,
      b,
      dir,
      futexRef: 'binary' in compiled ? compiled.binary : undefined,
      gapMinNs: defaultOf(wakeSpec.params, Param.gapMinNs),
      gapMaxNs: defaultOf(wakeSpec.params, Param.gapMaxNs),
      timerSlackNs: withTimerSlack(TIMER_SLACK_NS, () => undefined).slackNs,
      loops,
    };
    const pairs: Pair[] = [];
    const need = (tool: string, query: string[], build: () => Pair[]) => {
      const why = unavailable(query) ?? (tool === 'perf' ? unavailable(['taskset', '--version']) : undefined);
      const built = build();
      if (why) for (const p of built) skipped.push(skip(p, setup, why));
      else pairs.push(...built);
    };
    need('perf', ['perf', 'version'], () => perfPairs(setup));
    if ('reason' in compiled)
      skipped.push({
        primitive: 'futex wake-to-run and ping-pong',
        placement: 'all',
        command: 'cc -O2 -pthread bench/reference/futex_ref.c',
        reason: compiled.reason,
      });
    else pairs.push(...referencePairs(setup));
    if (b === undefined)
      skipped.push({
        primitive: 'futex wake-to-run and ping-pong',
        placement: 'cross CPU',
        command: 'futex_ref',
        reason: 'needs two CPUs; this host lets us use one',
      });
    const rt = rtPairs(setup);
    skipped.push(...rt.skipped);
    const ptsematest = rt.pairs.filter((p) => p.command.includes('ptsematest'));
    const sigwaittest = rt.pairs.filter((p) => p.command.includes('sigwaittest'));
    need('ptsematest', ['ptsematest', '--help'], () => ptsematest);
    need('sigwaittest', ['sigwaittest', '--help'], () => sigwaittest);
    need('cyclictest', ['cyclictest', '--help'], () => cyclictestPairs(setup));

    const states = pairs.map((pair) => ({
      pair,
      reference: [] as Sample[],
      ours: [] as Sample[],
      failures: [] as string[],
    }));
    for (let round = 0; round < rounds; round++) {
      options.onRound?.(round, rounds);
      for (const state of states) {
        if (state.failures.length >= 2) continue; // persistently broken: spend the time elsewhere
        const ref = state.pair.reference(round);
        if ('failed' in ref) {
          state.failures.push(ref.failed);
          continue;
        }
        const mine = await state.pair.ours(round);
        if ('failed' in mine) {
          state.failures.push(mine.failed);
          continue;
        }
        state.reference.push(ref);
        state.ours.push(mine);
      }
    }

    const rows: FidelityRow[] = [];
    for (const { pair, reference: refs, ours: mine, failures } of states) {
      if (refs.length === 0) {
        skipped.push(skip(pair, setup, failures[0] ?? 'no complete round'));
        continue;
      }
      const referenceNs = median(refs.map((r) => r.valueNs)),
        schedcostNs = median(mine.map((r) => r.valueNs));
      const ratio = schedcostNs / referenceNs;
      rows.push({
        primitive: pair.primitive,
        placement: pair.placement,
        command: display(pair.command, setup),
        statistic: pair.statistic,
        schedcost: pair.schedcost,
        referenceNs,
        schedcostNs,
        ratio,
        likeForLike: pair.likeForLike,
        why: pair.why,
        flagged: pair.likeForLike && !(ratio >= BAND.low && ratio <= BAND.high),
        rounds: refs.length,
        perRound: refs.map((r, i) => ({
          referenceNs: r.valueNs,
          schedcostNs: mine[i]!.valueNs,
          reference: r.extra,
          schedcost: mine[i]!.extra,
        })),
        notes: [ratioSpread(refs, mine), ...(pair.notes?.(refs, mine) ?? [])],
        failures,
      });
    }
    return { rounds, cpus: b === undefined ? [a] : [a, b], wallMs: performance.now() - started, rows, skipped };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ratioSpread(refs: Sample[], mine: Sample[]): string {
  const ratios = refs.map((r, i) => mine[i]!.valueNs / r.valueNs);
  return `ratio per round: ${ratios.map((x) => x.toFixed(3)).join(', ')}`;
}

function skip(pair: Pair, setup: Setup, reason: string): FidelitySkip {
  return { primitive: pair.primitive, placement: pair.placement, command: display(pair.command, setup), reason };
}

// ---- the table --------------------------------------------------------------

export function renderFidelity(report: FidelityReport): string {
  const header = [
    'primitive',
    'placement',
    'reference: tool and command',
    'stat',
    'reference',
    'schedcost: probe · metric',
    'schedcost',
    'ratio',
    'like-for-like',
    '',
  ];
  const rows = report.rows.map((r, i) => [
    r.primitive,
    r.placement,
    r.command,
    r.statistic,
    formatNs(r.referenceNs),
    r.schedcost,
    formatNs(r.schedcostNs),
    r.ratio.toFixed(3),
    `${r.likeForLike ? 'yes' : 'approximate'} [${i + 1}]`,
    r.flagged ? `⚠ outside ${BAND.low}–${BAND.high}` : '',
  ]);
  const lines = [
    renderTable(header, rows, ['left', 'left', 'left', 'left', 'right', 'left', 'right', 'right', 'left', 'left']),
    '',
  ];
  report.rows.forEach((r, i) => {
    lines.push(`  [${i + 1}] ${r.likeForLike ? 'like-for-like' : 'approximate'}: ${r.why}.`);
    for (const note of r.notes) lines.push(`      ${note}`);
    if (r.rounds < report.rounds)
      lines.push(`      only ${r.rounds} of ${report.rounds} rounds completed: ${r.failures.join(' | ')}`);
  });
  if (report.skipped.length > 0) {
    lines.push('', '  skipped:');
    for (const s of report.skipped) lines.push(`    ${s.primitive}, ${s.placement} (${s.command}): ${s.reason}`);
  }
  lines.push(
    '',
    `  ${report.rounds} rounds on CPUs ${report.cpus.join(',')}, each pair interleaved (tool, schedcost) in every round; ` +
      `'stat' is the per-run statistic, the figures are its medians over rounds; ${(report.wallMs / 1000).toFixed(0)} s.`,
  );
  return lines.join('\n');
}
