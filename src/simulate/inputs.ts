// The measured primitives the simulation draws from, found in a results
// document through the model's lookup (model/primitives.ts's
// PrimitiveCatalog), with what only the simulator needs: wake latency and the
// waker's cost per placement (at each idle gap measured, and with idle polling
// when the document has it), the migration penalty by working-set size, real
// sleep lengths (the sysmon tick, the blocking syscall, an idle worker's nap),
// and the emulations' bookkeeping (syscall entry, taking an idle P, a pick)
// at the host's clock cost: nothing is read from the strategies validated. Every draw names the metric it came from; what is missing is said,
// never filled in silently.
import { constant, fromMetric, type Distribution } from '../model/measuredDistribution.js';
import { PrimitiveCatalog } from '../model/primitives.js';
import type { MetricResult, ResultsDocument } from '../results/schema.js';
import { UsageError } from '../errors.js';
import { Metric, Param, Probe } from '../catalogue/index.js';
import { excessOver, scaledBy, shifted } from './derivedDistributions.js';
import { measuredMetrics } from '../results/measuredMetrics.js';

export interface GapEntry {
  /** Midpoint of the idle gap the wake was measured after. */
  gapNs: number;
  wake: Distribution;
  wakerCost: Distribution;
}

export interface InputUse {
  name: string;
  source: string;
  p50Ns: number;
}

/** The kernel's default timer slack: what sysmon and an idle worker sleep with. */
const DEFAULT_SLACK_NS = 50000;
/** What the task threads of the syscall paths sleep with. */
const MINIMAL_SLACK_NS = 1;

function midGap(m: MetricResult): number {
  return ((m.params[Param.gapMinNs] ?? 0) + (m.params[Param.gapMaxNs] ?? 0)) / 2;
}

export class SimulationInputs {
  readonly same: GapEntry[];
  readonly cross: GapEntry[];
  /** Cross-CPU wakes measured with idle polling held (the full suite's idle variants), when present. */
  readonly crossPolled: GapEntry[] | undefined;
  readonly notes: string[] = [];
  private readonly catalog: PrimitiveCatalog;
  private readonly uses = new Map<string, InputUse>();

  constructor(private readonly doc: ResultsDocument) {
    this.catalog = new PrimitiveCatalog(doc);
    this.same = this.gapTable('same-cpu');
    this.cross = this.gapTable('cross-cpu');
    if (this.same.length === 0 || this.cross.length === 0)
      throw new UsageError(
        'the results document has no same-CPU and cross-CPU futex-wake measurements to simulate from (run `schedcost run` on a host with two CPUs)',
      );
    this.crossPolled = this.polledTable();
    for (const e of this.same) this.use(`wake[same] gap ${Math.round(e.gapNs)} ns`, e.wake);
    for (const e of this.same) this.use(`wakerCost[same] gap ${Math.round(e.gapNs)} ns`, e.wakerCost);
    for (const e of this.cross) this.use(`wake[cross] gap ${Math.round(e.gapNs)} ns`, e.wake);
    for (const e of this.cross) this.use(`wakerCost[cross] gap ${Math.round(e.gapNs)} ns`, e.wakerCost);
  }

  /** Every input drawn so far, with the metric it came from. */
  used(): InputUse[] {
    return [...this.uses.values()];
  }

  private use(name: string, d: Distribution): Distribution {
    if (!this.uses.has(name)) this.uses.set(name, { name, source: d.source, p50Ns: d.p50 });
    return d;
  }

  private gapTable(kind: 'same-cpu' | 'cross-cpu'): GapEntry[] {
    const gaps = measuredMetrics(this.doc)
      .filter((e) => e.probe.probe === Probe.futexWake && e.probe.placement.kind === kind)
      .filter((e) => e.metric.metric === Metric.wakeLatency)
      .map((e) => midGap(e.metric));
    return [...new Set(gaps)]
      .sort((a, b) => a - b)
      .flatMap((gapNs) => {
        const wake = this.catalog.wake(kind, gapNs),
          wakerCost = this.catalog.wakerCost(kind, gapNs);
        return wake && wakerCost ? [{ gapNs, wake, wakerCost }] : [];
      });
  }

  private polledTable(): GapEntry[] | undefined {
    const polled = this.doc.probes.filter(
      (p) =>
        p.probe === Probe.futexWake &&
        p.status === 'ok' &&
        p.placement.kind === 'cross-cpu' &&
        p.params[Param.idlePoll] === 1,
    );
    const entries = polled.flatMap((p) =>
      p.metrics
        .filter((m) => m.metric === Metric.wakeLatency)
        .flatMap((m) => {
          const wake = fromMetric(m);
          const cost = p.metrics.find((c) => c.metric === Metric.wakerCost && midGap(c) === midGap(m));
          const wakerCost = cost && fromMetric(cost);
          return wake && wakerCost ? [{ gapNs: midGap(m), wake, wakerCost }] : [];
        }),
    );
    if (entries.length === 0) return undefined;
    for (const e of entries) {
      this.use(`wake[cross, idle polling] gap ${Math.round(e.gapNs)} ns`, e.wake);
      this.use(`wakerCost[cross, idle polling] gap ${Math.round(e.gapNs)} ns`, e.wakerCost);
    }
    return entries.sort((a, b) => a.gapNs - b.gapNs);
  }

  /** What a migrated task pays to refill a working set of `bytes`: retouch after a move over retouch in place. */
  migrationPenalty(bytes: number): Distribution {
    const sizes = this.doc.probes
      .filter((p) => p.probe === Probe.migration && p.status === 'ok')
      .flatMap((p) => p.metrics.filter((m) => m.metric === Metric.retouchAfterMove))
      .map((m) => m.params[Param.workingSetBytes]!)
      .filter((s) => s !== undefined);
    if (sizes.length === 0) {
      this.notes.push('no migration measurements: a migrated task refills its working set for free');
      return this.use('migration penalty', constant(0, 'not measured'));
    }
    const nearest = sizes.reduce((a, b) => (Math.abs(Math.log(b / bytes)) < Math.abs(Math.log(a / bytes)) ? b : a));
    const after = this.catalog.retouch(true, nearest)!;
    const inPlace = this.catalog.retouch(false, nearest);
    const excess = excessOver(
      after,
      inPlace?.p50 ?? 0,
      `${after.source} − p50 ${inPlace?.source ?? 'retouch in place (not measured)'}`,
    );
    const penalty =
      nearest === bytes
        ? excess
        : scaledBy(excess, bytes / nearest, `${excess.source}, scaled from ${nearest} to ${bytes} bytes`);
    return this.use(`migration penalty ${bytes} B`, penalty);
  }

  /** Re-touching a dirtied working set of `bytes` in place or right after a move (nearest measured size, scaled). */
  retouch(moved: boolean, bytes: number): Distribution {
    const name = `retouch ${moved ? 'after a move' : 'in place'} ${bytes} B`;
    const sizes = this.doc.probes
      .filter((p) => p.probe === Probe.migration && p.status === 'ok')
      .flatMap((p) => p.metrics.filter((m) => m.metric === (moved ? Metric.retouchAfterMove : Metric.retouchSameCpu)))
      .map((m) => m.params[Param.workingSetBytes])
      .filter((s): s is number => s !== undefined);
    if (sizes.length === 0) return this.use(name, constant(0, 'not measured'));
    const nearest = sizes.reduce((a, b) => (Math.abs(Math.log(b / bytes)) < Math.abs(Math.log(a / bytes)) ? b : a));
    const d = this.catalog.retouch(moved, nearest)!;
    return this.use(
      name,
      nearest === bytes ? d : scaledBy(d, bytes / nearest, `${d.source}, scaled to ${bytes} bytes`),
    );
  }

  /** How long a requested sleep with a given slack really lasts: measured, or the nearest measured length's overshoot. */
  private sleepLength(name: string, requestedNs: number, slackNs: number): Distribution {
    const exact = this.catalog.sleep(requestedNs, slackNs);
    if (exact) return this.use(name, exact);
    const lengths = this.doc.probes
      .filter((p) => p.probe === Probe.sleep && p.status === 'ok')
      .flatMap((p) => p.metrics)
      .filter((m) => m.metric === Metric.actualSleep && m.params[Param.timerSlackNs] === slackNs)
      .map((m) => m.params[Param.requestedNs]!);
    if (lengths.length === 0) {
      this.notes.push(`${name}: no sleep measured with ${slackNs} ns slack; taken as exactly ${requestedNs} ns`);
      return this.use(name, constant(requestedNs, 'requested length (not measured)'));
    }
    const nearest = lengths.reduce((a, b) =>
      Math.abs(Math.log(b / requestedNs)) < Math.abs(Math.log(a / requestedNs)) ? b : a,
    );
    const measured = this.catalog.sleep(nearest, slackNs)!;
    return this.use(
      name,
      shifted(measured, requestedNs - nearest, `${measured.source}, its overshoot over ${nearest} ns`),
    );
  }

  /** sysmon's real tick: its requested sleep with the default timer slack, as Go's sysmon sleeps. */
  sysmonTick(tickNs: number): Distribution {
    return this.sleepLength(`sysmon tick ${tickNs} ns`, tickNs, DEFAULT_SLACK_NS);
  }

  /** The blocking syscall's real length (nanosleep with 1 ns slack, as the syscall paths' tasks sleep). */
  syscallLength(syscallNs: number): Distribution {
    return this.sleepLength(`syscall ${syscallNs} ns`, syscallNs, MINIMAL_SLACK_NS);
  }

  /** An idle worker's nap (default slack, as a runtime's threads keep). */
  idleSleep(requestedNs: number): Distribution {
    return this.sleepLength(`idle sleep ${requestedNs} ns`, requestedNs, DEFAULT_SLACK_NS);
  }

  /**
   * The emulation's own bookkeeping between two clock readings (a syscall's
   * entry, taking an idle P, a scheduler's pick): a few atomic operations,
   * tens of ns. Read from the host's clock cost, which no strategy measured,
   * never from the strategies being validated (their own steps were timed
   * inside them).
   */
  private bookkeeping(name: string): Distribution {
    const readNs = this.doc.host?.clock?.readNsMedian;
    if (readNs !== undefined) return this.use(name, constant(readNs, 'host.clock.readNsMedian (one clock reading)'));
    this.notes.push(`${name}: the host's clock cost is not recorded; taken as free`);
    return this.use(name, constant(0, 'not measured'));
  }

  /** What entering a syscall costs under the strategy, without a waiter to hand the P to. */
  syscallEntry(strategy: string): Distribution {
    return this.bookkeeping(`syscall entry ${strategy}`);
  }

  /** Taking an idle P. */
  pAcquire(): Distribution {
    return this.bookkeeping('P acquisition (idle P)');
  }

  /** A FUTEX_WAKE that finds nobody to wake (the syscall probe). */
  futexWakeNoWaiter(): Distribution {
    const d = this.catalog.primitive(Probe.syscall, Metric.futexWakeNoWaiter, 'single-cpu');
    if (d) return this.use('FUTEX_WAKE without a waiter', d);
    this.notes.push('FUTEX_WAKE without a waiter not measured: taken as free');
    return this.use('FUTEX_WAKE without a waiter', constant(0, 'not measured'));
  }

  /** A scheduler's own decision (find a runnable task, switch to it). */
  pick(): Distribution {
    return this.bookkeeping('pick');
  }
}
