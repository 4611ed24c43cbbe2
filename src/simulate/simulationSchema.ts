// The results document's optional `simulation` section: figures from the
// discrete-event simulation, kept apart from the measurements and labelled
// as simulated. TypeBox, like src/results/schema.ts, so the JSON Schema
// and the TypeScript types come from one definition.
import { Type, type Static } from '@sinclair/typebox';
import { Metric } from '../catalogue/index.js';

const Ns = (description: string) => Type.Number({ minimum: 0, description });

const SimulatedRunSchema = Type.Object(
  {
    workload: Type.Union([Type.Literal('wakes'), Type.Literal('syscalls'), Type.Literal('emulation')], {
      description:
        "wakes: tasks waking each other; syscalls: compute c, blocking syscall b; emulation: a strategy emulation's own loop (validation)",
    }),
    scenario: Type.Union([Type.Literal('default idle'), Type.Literal('idle polling')]),
    strategy: Type.String({ description: 'the strategy simulated, named as its emulation (e.g. wake/locked)' }),
    cpus: Type.Integer({ minimum: 1 }),
    tasks: Type.Integer({ minimum: 1 }),
    procs: Type.Integer({ minimum: 1, description: 'P: GOMAXPROCS (unused by the dedicated strategies)' }),
    computeNs: Ns('c: computation per operation'),
    syscallNs: Type.Optional(Ns('b: requested length of the blocking syscall')),
    pattern: Type.Optional(Type.Union([Type.Literal('ring'), Type.Literal('pairs')])),
    messagesPerTask: Type.Optional(Type.Number({ minimum: 0, description: 'messages in flight per task' })),
    workingSetBytes: Type.Integer({ minimum: 0 }),
    seed: Type.Integer({ minimum: 0 }),
    trial: Type.Optional(
      Type.Integer({ minimum: 0, description: 'validation: the trial round whose primitives drove this run' }),
    ),
    events: Type.Integer({ minimum: 0, description: 'simulated events, warm-up included' }),
    simulatedNs: Ns('simulated time measured over (after the warm-up)'),
    operations: Type.Integer({ minimum: 0, description: 'messages handled, loop iterations, or kept samples' }),
    throughputPerSecond: Type.Number({ minimum: 0 }),
    wakeToRunNs: Type.Optional(
      Type.Object(
        {
          samples: Type.Integer({ minimum: 1 }),
          p50: Ns('median'),
          p90: Ns('90th percentile'),
          p99: Ns('99th percentile'),
          p999: Ns('99.9th percentile'),
          max: Ns('largest'),
          mean: Ns('mean'),
        },
        {
          additionalProperties: false,
          description:
            'wake → run of a woken task (syscall workload: the syscall returns → the task computes again), from a streaming log-linear histogram (≤ 1.6% bucket width)',
        },
      ),
    ),
    schedulingNsPerOperation: Ns('CPU time spent scheduling (wakes, hand-offs, picks, spinning) per operation'),
    schedulingCpuShare: Type.Number({ minimum: 0, maximum: 1, description: 'of all CPU time used' }),
    migrationsPerOperation: Type.Number({ minimum: 0 }),
    futexWakesPerOperation: Type.Number({ minimum: 0 }),
    threadsAlive: Type.Integer({
      minimum: 0,
      description:
        "OS threads the strategy needs at its peak: a thread per task when dedicated; Go's Ms otherwise (holding a P, in a syscall without one, parked scheduler Ms, sysmon)",
    }),
    cpuUtilization: Type.Number({ minimum: 0, description: 'busy CPU time over CPUs × simulated time' }),
    stalled: Type.Optional(Type.Boolean({ description: 'every thread blocked before the event budget was spent' })),
  },
  { additionalProperties: false },
);

const CrossoverSchema = Type.Object(
  {
    workload: Type.Union([Type.Literal('wakes'), Type.Literal('syscalls')]),
    scenario: Type.Union([Type.Literal('default idle'), Type.Literal('idle polling')]),
    cpus: Type.Integer({ minimum: 1 }),
    quantity: Type.Union([Type.Literal('throughput'), Type.Literal('wakeToRun p50')]),
    strategy: Type.String(),
    versus: Type.String(),
    tasksPerCpu: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
      description: 'N/C where the better of the two changes (interpolated on a log scale); null: none in the range',
    }),
    betterBelow: Type.String({ description: 'the better strategy below the crossover (or throughout, without one)' }),
    summary: Type.String(),
  },
  { additionalProperties: false },
);

const ValidationRowSchema = Type.Object(
  {
    strategy: Type.String(),
    metricId: Type.String({ description: 'the measured metric held against' }),
    quantity: Type.Union([
      Type.Literal(Metric.wakeToRun),
      Type.Literal('throughput'),
      Type.Literal('migratedFraction'),
    ]),
    unit: Type.Union([Type.Literal('ns'), Type.Literal('per-second'), Type.Literal('fraction')]),
    measured: Type.Number(),
    measuredTrials: Type.Optional(
      Type.Tuple([Type.Number(), Type.Number()], { description: 'smallest and largest trial value' }),
    ),
    simulated: Type.Number({
      description: "median over trials of the simulation of each trial from that trial's primitives",
    }),
    model: Type.Optional(Type.Number({ description: "the cost model's prediction (src/model)" })),
    simulatedError: Type.Number({ description: 'simulated against measured; relative, for a fraction the difference' }),
    pairedErrors: Type.Tuple([Type.Number(), Type.Number(), Type.Number()], {
      description:
        "smallest, median and largest error of each trial's simulation against the same trial's measurement (same round: same host load)",
    }),
    modelError: Type.Optional(Type.Number()),
    tolerance: Type.Number({
      description: 'the stated limit the simulated error must stay within: 0.2 relative (a fraction: 0.05)',
    }),
    withinModelError: Type.Boolean({
      description: "the |simulated error| is within the model's median |error| for this quantity in the document",
    }),
    agrees: Type.Boolean({ description: 'the |simulated error| is within the tolerance' }),
    note: Type.Optional(Type.String({ description: 'which mechanism is missing, when the simulation misses' })),
  },
  { additionalProperties: false },
);

export const SimulationSchema = Type.Object(
  {
    kind: Type.Literal('simulated', {
      description: 'figures computed by a discrete-event simulation from measured primitives: not measurements',
    }),
    note: Type.String(),
    source: Type.Object(
      {
        document: Type.String({ description: 'the results document whose primitives drive the simulation' }),
        startedAt: Type.String(),
        host: Type.String(),
        cpusMeasured: Type.Integer({ minimum: 1 }),
      },
      { additionalProperties: false },
    ),
    seed: Type.Integer({ minimum: 0 }),
    options: Type.Object(
      {
        cpus: Type.Array(Type.Integer({ minimum: 1 })),
        tasksPerCpu: Type.Array(Type.Number({ exclusiveMinimum: 0 })),
        procs: Type.Union([Type.Integer({ minimum: 1 }), Type.Literal('cpus')], {
          description: "P at every size; 'cpus': GOMAXPROCS = the simulated CPU count",
        }),
        computeNs: Ns('c'),
        syscallNs: Ns('b'),
        pattern: Type.Union([Type.Literal('ring'), Type.Literal('pairs')]),
        messagesPerTask: Type.Number({ minimum: 0 }),
        workingSetBytes: Type.Integer({ minimum: 0 }),
        eventsPerRun: Type.Integer({ minimum: 1 }),
        kernelSliceNs: Ns("the kernel's time slice when threads share a CPU (an assumption)"),
        idleSpinNs: Ns('how long an idle M spins before it parks (wake/unlocked parameter)'),
        goSliceNs: Ns('a task yields its P after this long when others wait (syscall paths parameter)'),
        sysmonTickNs: Ns("sysmon's requested tick (syscall/lazy parameter)"),
        workloads: Type.Array(Type.Union([Type.Literal('wakes'), Type.Literal('syscalls')])),
      },
      { additionalProperties: false },
    ),
    topology: Type.Object(
      {
        source: Type.String(),
        assumption: Type.String(),
        cpusPerCore: Type.Integer({ minimum: 1 }),
        cpusPerLlc: Type.Optional(Type.Integer({ minimum: 1 })),
        llcsPerSocket: Type.Optional(Type.Integer({ minimum: 1 })),
        classes: Type.Array(
          Type.Object(
            {
              name: Type.String(),
              source: Type.String(),
              wakeP50Ns: Ns('p50 of the class wake latency at the middle measured gap'),
              migrationPenaltyFactor: Type.Number({ minimum: 0 }),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    assumptions: Type.Array(Type.String()),
    inputs: Type.Array(
      Type.Object(
        {
          name: Type.String(),
          source: Type.String({ description: 'metric id it was drawn from' }),
          p50Ns: Type.Number(),
        },
        { additionalProperties: false },
      ),
    ),
    scenarios: Type.Array(Type.Union([Type.Literal('default idle'), Type.Literal('idle polling')])),
    runs: Type.Array(SimulatedRunSchema),
    crossovers: Type.Array(CrossoverSchema),
    validation: Type.Object(
      {
        rows: Type.Array(ValidationRowSchema),
        runs: Type.Array(SimulatedRunSchema, { description: 'the simulated runs behind the rows' }),
        passed: Type.Integer({ minimum: 0 }),
        missingMechanisms: Type.Array(Type.String()),
      },
      { additionalProperties: false },
    ),
    performance: Type.Object(
      {
        events: Type.Integer({ minimum: 0 }),
        wallMs: Type.Number({ minimum: 0 }),
        eventsPerSecond: Type.Number({ minimum: 0 }),
        peakRssBytes: Type.Optional(Type.Integer({ minimum: 0 })),
      },
      { additionalProperties: false, description: 'how fast this machine simulated (varies between runs)' },
    ),
    notes: Type.Array(Type.String()),
  },
  {
    additionalProperties: false,
    description:
      'Simulated, not measured: the strategies on hosts of other sizes, driven by the primitives measured in this document',
  },
);

export type SimulatedRun = Static<typeof SimulatedRunSchema>;
export type Crossover = Static<typeof CrossoverSchema>;
export type ValidationRow = Static<typeof ValidationRowSchema>;
export type Simulation = Static<typeof SimulationSchema>;

declare module '../results/schema.js' {
  interface DocumentExtensions {
    /** Strategies simulated on a topology from this document's primitives (schedcost simulate). */
    simulation: Simulation;
  }
}
