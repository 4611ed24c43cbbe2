// Runs one configuration: builds the simulated kernel with the measured
// costs and the strategy's runtime, runs a tenth of the event budget as
// warm-up, then measures over the rest. It advances in chunks, so a caller
// can show progress; its memory does not grow with the event budget.
import { seededRandom, type Random } from '../stats/random.js';
import { Category, Machine } from './machine.js';
import type { SimulationInputs } from './inputs.js';
import type { RunSpec } from './runSpec.js';
import type { SimulatedRun } from './simulationSchema.js';
import { SyscallWorkload } from './syscallWorkload.js';
import { flatTopology, type Topology } from './topology.js';
import { wakeCostsOf, type SimulatedCosts } from './wakeCosts.js';
import { DedicatedRuntime } from './wakeDedicated.js';
import { WakeEmulation } from './wakeEmulations.js';
import { LockedRuntime } from './wakeLocked.js';
import { WakeTasks } from './wakeWorkload.js';
import { UnlockedRuntime } from './wakeUnlocked.js';
import type { Workload } from './workload.js';
import { Probe } from '../catalogue/index.js';

export interface SimulationContext {
  primitives: SimulationInputs;
  topology: Topology;
  /** The kernel's time slice for threads that share a CPU. */
  kernelSliceNs: number;
}

const WARMUP_SHARE = 0.1;

function workloadOf(
  spec: RunSpec,
  context: SimulationContext,
  machine: Machine,
  costs: SimulatedCosts,
  random: Random,
): Workload {
  const p = context.primitives;
  const scheduler = { pick: p.pick(), pAcquire: p.pAcquire() };
  switch (spec.workload) {
    case 'syscalls':
      return new SyscallWorkload(
        machine,
        {
          strategy: spec.strategy,
          tasks: spec.tasks,
          procs: spec.procs,
          computeNs: spec.computeNs,
          sliceNs: spec.goSliceNs,
        },
        {
          syscallLength: p.syscallLength(spec.syscallNs),
          entry: p.syscallEntry(spec.strategy),
          pAcquire: scheduler.pAcquire,
          sysmonTick: p.sysmonTick(spec.sysmonTickNs),
          pick: scheduler.pick,
        },
        random,
      );
    case 'emulation':
      return new WakeEmulation(
        machine,
        {
          strategy: spec.strategy,
          gapMinNs: spec.gapMinNs,
          gapMaxNs: spec.gapMaxNs,
          schedulerOnWakerCpu: spec.schedulerOnWakerCpu,
          sliceNs: spec.wakerSliceNs,
          idleSpinNs: spec.idleSpinNs,
        },
        {
          retouchInPlace: p.retouch(false, spec.workingSetBytes),
          retouchAfterMove: p.retouch(true, spec.workingSetBytes),
          pick: scheduler.pick,
          idleSleep: p.idleSleep(spec.idleSleepNs),
        },
        random,
      );
    case 'wakes': {
      const tasks = new WakeTasks(
        {
          tasks: spec.tasks,
          procs: spec.procs,
          computeNs: spec.computeNs,
          pattern: spec.pattern,
          messagesPerTask: spec.messagesPerTask,
          idleSpinNs: spec.idleSpinNs,
        },
        random,
        costs,
        p.migrationPenalty(spec.workingSetBytes),
      );
      if (spec.strategy === Probe.wakeDedicated) return new DedicatedRuntime(machine, tasks);
      if (spec.strategy === Probe.wakeLocked) return new LockedRuntime(machine, tasks, scheduler, random);
      return new UnlockedRuntime(machine, tasks, scheduler, random);
    }
  }
}

export class SimulationRun {
  readonly machine: Machine;
  readonly workload: Workload;
  private readonly warmupEvents: number;
  private measuring = false;
  private stalled = false;

  constructor(
    readonly spec: RunSpec,
    context: SimulationContext,
  ) {
    const random = seededRandom(spec.seed);
    // The emulations ran on this host's two CPUs: their kernel is this host's, whatever topology was given.
    const topology = spec.workload === 'emulation' ? flatTopology() : context.topology;
    const costs = wakeCostsOf(context.primitives, topology, spec.scenario, random);
    this.machine = new Machine(spec.cpus, costs, context.kernelSliceNs);
    this.workload = workloadOf(spec, context, this.machine, costs, random);
    this.warmupEvents = Math.floor(spec.events * WARMUP_SHARE);
  }

  get done(): boolean {
    return this.stalled || this.machine.events >= this.spec.events;
  }

  /** Runs up to `maxEvents` more events; true when the configuration is finished. */
  advance(maxEvents: number): boolean {
    let budget = Math.min(maxEvents, this.spec.events - this.machine.events);
    while (budget > 0 && !this.stalled) {
      const toBoundary = this.measuring ? budget : Math.min(budget, this.warmupEvents - this.machine.events);
      const ran = toBoundary > 0 ? this.machine.run(toBoundary) : 0;
      if (toBoundary > 0 && ran < toBoundary) this.stalled = true;
      budget -= ran;
      if (!this.measuring && this.machine.events >= this.warmupEvents) {
        this.workload.resetStats();
        this.measuring = true;
      }
    }
    return this.done;
  }

  result(): SimulatedRun {
    const s = this.spec,
      m = this.machine;
    const f = this.workload.figures();
    const simulatedNs = m.now - m.statsSinceNs;
    const ops = f.operations;
    const perOp = (n: number) => (ops > 0 ? n / ops : 0);
    const cpu = m.cpuTimeNs;
    const schedulingNs = cpu[Category.scheduling]! + cpu[Category.spinning]!;
    const totalCpuNs = cpu.reduce((a, b) => a + b, 0);
    const h = f.wakeToRun;
    return {
      workload: s.workload,
      scenario: s.scenario,
      strategy: s.strategy,
      cpus: s.cpus,
      tasks: s.tasks,
      procs: s.procs,
      computeNs: s.computeNs,
      ...(s.workload === 'syscalls' ? { syscallNs: s.syscallNs } : {}),
      ...(s.workload === 'wakes' ? { pattern: s.pattern, messagesPerTask: s.messagesPerTask } : {}),
      workingSetBytes: s.workingSetBytes,
      seed: s.seed,
      ...(s.trial !== undefined ? { trial: s.trial } : {}),
      events: m.events,
      simulatedNs,
      operations: ops,
      throughputPerSecond: simulatedNs > 0 ? (ops / simulatedNs) * 1e9 : 0,
      ...(h.count > 0
        ? {
            wakeToRunNs: {
              samples: h.count,
              p50: h.quantile(0.5),
              p90: h.quantile(0.9),
              p99: h.quantile(0.99),
              p999: h.quantile(0.999),
              max: h.maxNs,
              mean: h.meanNs,
            },
          }
        : {}),
      schedulingNsPerOperation: perOp(schedulingNs),
      schedulingCpuShare: totalCpuNs > 0 ? schedulingNs / totalCpuNs : 0,
      migrationsPerOperation: perOp(f.migrations),
      futexWakesPerOperation: perOp(m.futexWakes),
      threadsAlive: f.threadsAlive,
      cpuUtilization: m.utilization(),
      ...(this.stalled ? { stalled: true } : {}),
    };
  }
}
