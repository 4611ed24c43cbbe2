// `schedcost simulate` as a library: the strategies simulated on hosts of
// other sizes from the primitives of one results document, validated on the
// configurations the document measured. Pure: the figures depend only on the
// document, the topology, the options and the seed.
import type { ResultsDocument } from '../results/schema.js';
import { seededRandom } from '../stats/random.js';
import { crossoversOf } from './crossovers.js';
import { drawnQuantiles } from './derivedDistributions.js';
import { SimulationInputs } from './inputs.js';
import type { SimulateOptions } from './options.js';
import { baseSpec, planRuns, seedOf } from './simulationPlan.js';
import { trialCount, trialView } from './trialView.js';
import type { RunSpec } from './runSpec.js';
import type { SimulatedRun, Simulation } from './simulationSchema.js';
import { SimulationRun, type SimulationContext } from './simulationRun.js';
import { flatTopology, type Topology } from './topology.js';
import type { Scenario } from './wakeCosts.js';
import { missingMechanism, validationCases, validationRows, type ValidationCase } from './validation.js';

export { defaultOptions, type SimulateOptions } from './options.js';
export { SimulationSchema, type Simulation } from './simulationSchema.js';
export { topologyFrom, flatTopology, type Topology } from './topology.js';

const ASSUMPTIONS = [
  'a woken thread does not preempt the running one: it waits for it to block or for the end of its time slice (wake/locked shows T waiting behind the scheduler thread on its own CPU)',
  'the kernel puts a woken thread on its previous CPU when idle, else on an idle CPU of that LLC, else in its previous CPU’s queue (no wake-affine pull to the waker’s CPU)',
  "a wake's latency and the waker's cost are drawn independently from the measured histograms (all trials pooled), at the measured idle gap nearest to how long the target CPU has been idle (a busy CPU: the shortest gap)",
  'the primitives carry the host load of the moment they were measured: a contended host’s wake tail applies to every simulated wake',
  'Go-like runtime: wakep wakes an idle M only when a P is idle and no M spins; a spinning M steals one goroutine (Go steals half a queue) and may take runnext at once (Go waits 3 µs); new Ms start at no cost (thread creation is not measured)',
  'threads alive: a thread per task for the dedicated strategies; for the others the Ms Go would need (running on a P, blocked in a syscall without one, parked scheduler Ms, sysmon)',
];

export interface SimulationPerformance {
  wallMs: number;
  peakRssBytes?: number;
}

interface Job {
  spec: RunSpec;
  context: SimulationContext;
  /** Validation: the case the run belongs to. */
  validates?: number;
}

export class SimulationJob {
  readonly specs: RunSpec[];
  readonly cases: ValidationCase[];
  readonly scenarios: Scenario[];
  readonly totalEvents: number;
  private readonly jobs: Job[];
  private readonly context: SimulationContext;
  private readonly primitives: SimulationInputs;
  private readonly results: SimulatedRun[] = [];
  private current: SimulationRun | undefined;
  private next = 0;
  private eventsBefore = 0;

  constructor(
    private readonly doc: ResultsDocument,
    private readonly documentName: string,
    private readonly options: SimulateOptions,
    private readonly topology: Topology = flatTopology(),
  ) {
    this.primitives = new SimulationInputs(doc);
    this.context = { primitives: this.primitives, topology, kernelSliceNs: options.kernelSliceNs };
    this.scenarios = this.primitives.crossPolled ? ['default idle', 'idle polling'] : ['default idle'];
    this.cases = validationCases(doc, baseSpec(options));
    // Validation: each case once per trial round, from that round's own primitives.
    const rounds = Array.from({ length: trialCount(doc) }, (_, k) => {
      const view = trialView(doc, k);
      try {
        return view && { k, context: { ...this.context, primitives: new SimulationInputs(view) } };
      } catch {
        return undefined; // a round without both wake placements (an interrupted run)
      }
    }).filter((r) => r !== undefined);
    this.jobs = [
      ...this.cases.flatMap((c, i) =>
        rounds.map(({ k, context }) => ({
          spec: { ...c.spec, trial: k, seed: seedOf(c.spec.seed, k) },
          context: { ...context, topology: flatTopology() },
          validates: i,
        })),
      ),
      ...planRuns(options, this.scenarios).map((spec) => ({ spec, context: this.context })),
    ];
    this.specs = this.jobs.map((j) => j.spec);
    this.totalEvents = this.specs.reduce((n, s) => n + s.events, 0);
  }

  get eventsDone(): number {
    return this.eventsBefore + (this.current?.machine.events ?? 0);
  }

  get done(): boolean {
    return this.next >= this.jobs.length && this.current === undefined;
  }

  /** The configuration running now, for a progress line. */
  get label(): string {
    const spec = this.current?.spec ?? this.specs[Math.min(this.next, this.specs.length - 1)];
    if (!spec) return '';
    return spec.workload === 'emulation'
      ? `validation ${spec.strategy}`
      : `${spec.workload} ${spec.strategy} ${spec.cpus} CPUs N=${spec.tasks}${spec.scenario === 'idle polling' ? ' (idle polling)' : ''}`;
  }

  /** Runs up to `maxEvents` events; true when every configuration is done. */
  advance(maxEvents: number): boolean {
    let budget = maxEvents;
    while (budget > 0 && !this.done) {
      if (!this.current) {
        const job = this.jobs[this.next++]!;
        this.current = new SimulationRun(job.spec, job.context);
      }
      const before = this.current.machine.events;
      const finished = this.current.advance(budget);
      budget -= this.current.machine.events - before;
      if (finished) {
        this.results.push(this.current.result());
        this.eventsBefore += this.current.machine.events;
        this.current = undefined;
      }
    }
    return this.done;
  }

  result(performance: SimulationPerformance): Simulation {
    if (!this.done) throw new Error('the simulation has not finished');
    const validating = this.jobs.filter((j) => j.validates !== undefined).length;
    const validationRuns = this.results.slice(0, validating);
    const runs = this.results.slice(validating);
    const byCase = this.cases.map((_, i) => validationRuns.filter((_, r) => this.jobs[r]!.validates === i));
    const rows = validationRows(this.doc, this.cases, byCase);
    const syscallMean = (syscallNs: number) => {
      const d = this.primitives.syscallLength(syscallNs);
      const random = seededRandom(1);
      let sum = 0;
      for (let i = 0; i < 20000; i++) sum += d.draw(random);
      return sum / 20000;
    };
    const crossWake = drawnQuantiles(this.primitives.cross[Math.floor(this.primitives.cross.length / 2)]!.wake);
    for (const row of rows) {
      if (row.agrees) continue;
      const i = this.cases.findIndex((c) => c.metric.id === row.metricId);
      const note = missingMechanism(row, this.cases[i]!.probe, byCase[i]![0]!, syscallMean, crossWake.p99);
      if (note) row.note = note;
    }
    const events = this.results.reduce((n, r) => n + r.events, 0);
    const hostCross = this.primitives.cross;
    const notes = [...this.primitives.notes];
    if (!this.primitives.crossPolled)
      notes.push(
        'the document has no idle-polling variants (the full suite measures them): the idle-polling scenario was not simulated',
      );
    for (const r of this.results.filter((r) => r.stalled))
      notes.push(
        `${r.workload} ${r.strategy} at ${r.cpus} CPUs, N=${r.tasks}: every thread blocked before the event budget was spent`,
      );
    return {
      kind: 'simulated',
      note: 'Simulated, not measured: a discrete-event simulation of the strategies on hosts of other sizes, driven by the primitives measured in the source document',
      source: {
        document: this.documentName,
        startedAt: this.doc.startedAt,
        host: `${this.doc.host.hostname} (${this.doc.host.cpuModel})`,
        cpusMeasured: Math.max(1, this.doc.config.cpus.length),
      },
      seed: this.options.seed,
      options: {
        cpus: this.options.cpus,
        tasksPerCpu: this.options.tasksPerCpu,
        procs: this.options.procs ?? 'cpus',
        computeNs: this.options.computeNs,
        syscallNs: this.options.syscallNs,
        pattern: this.options.pattern,
        messagesPerTask: this.options.messagesPerTask,
        workingSetBytes: this.options.workingSetBytes,
        eventsPerRun: this.options.eventsPerRun,
        kernelSliceNs: this.options.kernelSliceNs,
        idleSpinNs: baseSpec(this.options).idleSpinNs,
        goSliceNs: baseSpec(this.options).goSliceNs,
        sysmonTickNs: baseSpec(this.options).sysmonTickNs,
        workloads: this.options.workloads,
      },
      topology: {
        source: this.topology.source,
        assumption: this.topology.assumption,
        cpusPerCore: this.topology.cpusPerCore,
        ...(this.topology.cpusPerLlc ? { cpusPerLlc: this.topology.cpusPerLlc } : {}),
        ...(this.topology.llcsPerSocket ? { llcsPerSocket: this.topology.llcsPerSocket } : {}),
        classes: this.topology.classes.map((c) => {
          const table = c.table(hostCross);
          return {
            name: c.name,
            source: c.source,
            wakeP50Ns: table[Math.floor(table.length / 2)]!.wake.p50,
            migrationPenaltyFactor: c.migrationFactor,
          };
        }),
      },
      assumptions: [
        this.topology.assumption,
        `the kernel's time slice for threads sharing a CPU: ${this.options.kernelSliceNs / 1e6} ms (an assumption, not measured)`,
        ...ASSUMPTIONS,
      ],
      inputs: this.primitives.used(),
      scenarios: this.scenarios,
      runs,
      crossovers: crossoversOf(runs),
      validation: {
        rows,
        runs: validationRuns,
        passed: rows.filter((r) => r.agrees).length,
        missingMechanisms: rows.flatMap((r) => (r.note ? [r.note] : [])),
      },
      performance: {
        events,
        wallMs: performance.wallMs,
        eventsPerSecond: performance.wallMs > 0 ? (events / performance.wallMs) * 1000 : 0,
        ...(performance.peakRssBytes !== undefined ? { peakRssBytes: performance.peakRssBytes } : {}),
      },
      notes,
    };
  }
}

/** Runs a whole simulation at once (tests, the library). */
export function simulate(
  doc: ResultsDocument,
  documentName: string,
  options: SimulateOptions,
  topology?: Topology,
): Simulation {
  const started = performance.now();
  const job = new SimulationJob(doc, documentName, options, topology);
  job.advance(Infinity);
  return job.result({ wallMs: performance.now() - started });
}
