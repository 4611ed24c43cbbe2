// The results document, defined once. TypeScript types come from these
// definitions (Static), and scripts/writeSchema.ts writes the JSON Schema that
// ships in schema/results.schema.json from them: one source of truth.
import { Type, type Static, type TOptional, type TSchema } from '@sinclair/typebox';
import { DiagnosticSchema, DisturbanceReasonSchema, ProbeReasonSchema } from './diagnostics.js';

/**
 * The document's shape. Bump it on every change an older reader would refuse
 * (a field that becomes required, renamed or removed, a narrower type) and add
 * the step in migrations.ts; an optional field added is no bump.
 */
export const SCHEMA_VERSION = 4;

/** Where a document's JSON Schema resolves: the copy shipped in the published package. */
export function schemaUrl(toolVersion: string): string {
  return `https://unpkg.com/schedcost@${toolVersion}/schema/results.schema.json`;
}

const Ns = (description: string) => Type.Number({ minimum: 0, description });

export const DistributionNsSchema = Type.Object(
  {
    min: Ns('smallest sample'),
    p50: Ns('median (nearest rank)'),
    p90: Ns('90th percentile (nearest rank)'),
    p99: Ns('99th percentile (nearest rank)'),
    p999: Ns('99.9th percentile (nearest rank)'),
    max: Ns('largest sample'),
    mean: Ns('arithmetic mean'),
    stddev: Ns('sample standard deviation'),
  },
  { additionalProperties: false, description: 'Statistics of the kept samples, in nanoseconds.' },
);

export const HistogramSchema = Type.Object(
  {
    encoding: Type.Literal('log-linear'),
    subBucketBits: Type.Integer({
      minimum: 1,
      description:
        'Values below 2^(bits+1) ns are counted exactly; above, each power of two splits into 2^bits buckets.',
    }),
    buckets: Type.Array(Type.Tuple([Ns('low, inclusive'), Ns('high, exclusive'), Type.Integer({ minimum: 1 })]), {
      description: 'Non-empty buckets as [lowNs, highNs, count], ascending.',
    }),
  },
  { additionalProperties: false },
);

const NsByCpu = (description: string) => Type.Record(Type.String(), Ns('by CPU number'), { description });

export const InterferenceSchema = Type.Object(
  {
    cpus: Type.Array(Type.Integer({ minimum: 0 }), { description: "the measured CPUs (the placement's)" }),
    wallNs: Ns('time between the two snapshots around the trial'),
    busyNs: NsByCpu('busy time of each measured CPU: every task, this process included'),
    ownCpuNs: Ns("the measuring process's CPU time, all its threads, wherever they ran"),
    othersCpuNs: Ns(
      'sum of busyNs less ownCpuNs: what else ran on the measured CPUs (too small, never too large, when own threads ran elsewhere)',
    ),
    cpuTimeSource: Type.Union([Type.Literal('cpuacct'), Type.Literal('proc-stat')], {
      description:
        'cpuacct: cgroup v1 root cpuacct.usage_percpu (ns); proc-stat: /proc/stat user+nice+system (10 ms ticks)',
    }),
    cpuTimeResolutionNs: Ns('how far othersCpuNs may be off through counter resolution alone'),
    stealNs: NsByCpu('hypervisor steal on each measured CPU (/proc/stat, 10 ms resolution)'),
    irqNs: Ns('interrupt and softirq time on the measured CPUs as /proc/stat charges it'),
    runQueueWaitNs: Type.Optional(
      NsByCpu("time tasks waited on each measured CPU's run queue (/proc/schedstat; only with CONFIG_SCHEDSTATS)"),
    ),
    timeslices: Type.Optional(
      Type.Record(Type.String(), Type.Integer({ minimum: 0 }), { description: 'timeslices run on each measured CPU' }),
    ),
    cpuPressureStallNs: Type.Optional(Ns('system-wide time some runnable task waited for a CPU (PSI cpu "some")')),
    involuntarySwitches: Type.Optional(
      Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
        description:
          'involuntary context switches of each measuring role that had its CPU to itself (getrusage RUSAGE_THREAD)',
      }),
    ),
    throttling: Type.Optional(
      Type.Object(
        {
          hierarchy: Type.Union([Type.Literal('v1'), Type.Literal('v2')]),
          path: Type.String({ description: 'the cgroup, as /proc/<pid>/cgroup names it' }),
          periods: Type.Integer({
            minimum: 0,
            description: 'enforcement periods, summed over the cgroup and its ancestors',
          }),
          throttledPeriods: Type.Integer({ minimum: 0, description: 'periods in which the quota ran out' }),
          throttledNs: Ns('time held back by the quota'),
        },
        { additionalProperties: false, description: 'CPU quota enforcement on the cgroup and its ancestors' },
      ),
    ),
  },
  {
    additionalProperties: false,
    description: 'what else used the measured CPUs during the trial (src/host/interference.ts)',
  },
);

export const DisturbanceSchema = Type.Object(
  {
    disturbed: Type.Boolean({ description: 'the interference crossed a bound (src/host/interference.ts)' }),
    reasons: Type.Array(DisturbanceReasonSchema, { description: 'which bounds, with the numbers' }),
    retries: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'disturbed attempts measured again before this one was kept (at most 2)',
      }),
    ),
  },
  { additionalProperties: false },
);

const Counts = (description: string) => Type.Record(Type.String(), Type.Integer({ minimum: 0 }), { description });

export const TrialSchema = Type.Object(
  {
    samplesRequested: Type.Integer({
      minimum: 0,
      description: 'samples taken, kept or excluded (warm-up not counted)',
    }),
    samples: Type.Integer({ minimum: 0, description: 'samples kept: samplesRequested minus every exclusion' }),
    excluded: Counts(
      'excluded samples by reason: offCpu (ran elsewhere than planned), notAsleep (the target was not blocked when woken)',
    ),
    observedCpus: Counts('samples by the CPU the observing thread ran on'),
    statsNs: Type.Optional(DistributionNsSchema),
    auxNs: Type.Optional(
      Type.Record(Type.String(), DistributionNsSchema, {
        description: 'side measurements of the kept samples, e.g. idleGapNs: how long the woken CPU was idle',
      }),
    ),
    counters: Type.Optional(
      Type.Record(Type.String(), Type.Number(), {
        description: 'events the strategy emulations count: futexWakes, migrated, stolen, iterations, wallNs, ...',
      }),
    ),
    histogram: HistogramSchema,
    rawNs: Type.Optional(
      Type.Array(Type.Number({ minimum: 0 }), {
        description: 'kept samples in the order taken, evenly thinned to the requested cap (only with --raw-samples)',
      }),
    ),
    durationMs: Type.Number({ minimum: 0, description: 'wall time of the trial, threads included' }),
    idleEntries: Type.Optional(
      Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer({ minimum: 0 })), {
        description:
          'entries into each cpuidle state during the trial, by CPU of the placement and state name (sysfs usage counters)',
      }),
    ),
    interference: Type.Optional(InterferenceSchema),
    disturbance: Type.Optional(DisturbanceSchema),
    crossWakeLevelNs: Type.Optional(
      Ns(
        "p50 of a short cross-CPU futex wake on the trial's CPUs just before it, for a probe whose wakes follow the host's cross-CPU wake level",
      ),
    ),
  },
  { additionalProperties: false },
);

export const MetricSummarySchema = Type.Object(
  {
    statistic: Type.Literal('median of trial p50s'),
    valueNs: Ns('the headline figure'),
    trialP50sNs: Type.Array(Ns('p50 of one trial')),
    spreadNs: Type.Tuple([Ns('smallest trial p50'), Ns('largest trial p50')]),
    ci: Type.Object(
      {
        lowNs: Ns('lower bound'),
        highNs: Ns('upper bound'),
        confidence: Type.Number({
          minimum: 0,
          maximum: 1,
          description: 'coverage this interval achieves; below 0.95 when there are too few trials (fewer than 6)',
        }),
        method: Type.Literal('order-statistics', {
          description: 'distribution-free: [x(k), x(n+1-k)] of the trial p50s, k from the Binomial(n, 1/2) law',
        }),
      },
      { additionalProperties: false, description: 'confidence interval of the median trial p50' },
    ),
    cv: Type.Number({ minimum: 0, description: 'coefficient of variation of the trial p50s' }),
    unstable: Type.Boolean({ description: 'cv above 0.10: the trials disagree more than a comparison can trust' }),
    modes: Type.Optional(
      Type.Tuple(
        [
          Type.Object({ valueNs: Ns('median trial p50 of the lower mode'), trials: Type.Integer({ minimum: 1 }) }),
          Type.Object({ valueNs: Ns('median trial p50 of the upper mode'), trials: Type.Integer({ minimum: 1 }) }),
        ],
        {
          description:
            'present when the trial p50s fall into two clusters (regimes): read both, not the median between them',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const MetricResultSchema = Type.Object(
  {
    id: Type.String({ description: 'stable key: probe/metric@placement{params}, the same across runs' }),
    metric: Type.String(),
    params: Type.Record(Type.String(), Type.Number(), { description: 'what sets this metric apart from its siblings' }),
    trials: Type.Array(TrialSchema),
    summary: Type.Optional(MetricSummarySchema),
  },
  { additionalProperties: false },
);

export const DerivedSchema = Type.Object(
  {
    name: Type.String(),
    params: Type.Record(Type.String(), Type.Number()),
    valueNs: Type.Number({ description: 'may be negative: a difference of two medians' }),
    perCacheLineNs: Type.Optional(Type.Number()),
    of: Type.Optional(Type.String({ description: 'the metric the figure is derived from, when one' })),
    formula: Type.String({ description: 'how the value follows from the metrics above' }),
  },
  { additionalProperties: false },
);

export const PlacementSchema = Type.Object(
  {
    kind: Type.Union(
      [Type.Literal('single-cpu'), Type.Literal('same-cpu'), Type.Literal('cross-cpu'), Type.Literal('unpinned')],
      {
        description: "unpinned: threads the kernel places anywhere in cpus (e.g. libuv's pool)",
      },
    ),
    cpus: Type.Array(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const ProbeResultSchema = Type.Object(
  {
    probe: Type.String(),
    placement: PlacementSchema,
    params: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Array(Type.Number())])),
    samplesPerTrial: Type.Integer({ minimum: 0 }),
    status: Type.Union([Type.Literal('ok'), Type.Literal('failed'), Type.Literal('skipped')]),
    reason: Type.Optional(ProbeReasonSchema),
    metrics: Type.Array(MetricResultSchema),
    derived: Type.Array(DerivedSchema, { description: "figures computed from this probe's metrics" }),
    warnings: Type.Array(DiagnosticSchema, { description: 'what the run says about these figures, as data' }),
  },
  { additionalProperties: false },
);

export const CacheSchema = Type.Object(
  {
    level: Type.Integer({ minimum: 1 }),
    type: Type.String(),
    sizeBytes: Type.Integer({ minimum: 0 }),
    sharedWithCpus: Type.Array(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const HostSchema = Type.Object(
  {
    hostname: Type.String(),
    kernel: Type.String({ description: 'uname release' }),
    kernelVersion: Type.String({ description: 'uname version' }),
    arch: Type.String(),
    cpuModel: Type.String(),
    onlineCpus: Type.Integer({ minimum: 0 }),
    allowedCpus: Type.Array(Type.Integer({ minimum: 0 }), { description: 'sched_getaffinity of the process' }),
    smtSiblings: Type.Array(Type.Array(Type.Integer({ minimum: 0 })), { description: 'allowed CPUs grouped by core' }),
    caches: Type.Array(CacheSchema, { description: 'caches of the first allowed CPU' }),
    clocksource: Type.String(),
    virtualization: Type.String({ description: 'hypervisor CPUID vendor, or "none"' }),
    timerSlackNs: Type.Number({ minimum: 0, description: 'timer slack of a fresh native thread' }),
    clock: Type.Object(
      {
        source: Type.Literal('CLOCK_MONOTONIC'),
        readNsMin: Type.Number({ minimum: 0 }),
        readNsMedian: Type.Number({ minimum: 0 }),
        resolutionNs: Type.Number({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    idle: Type.Optional(
      Type.Object(
        {
          driver: Type.String({ description: "cpuidle driver ('none': the kernel idles with HLT)" }),
          governor: Type.String(),
          guestHaltPollNs: Type.Optional(Type.Number({ minimum: 0, description: "haltpoll's guest polling window" })),
          states: Type.Record(
            Type.String(),
            Type.Array(
              Type.Object(
                {
                  name: Type.String(),
                  exitLatencyNs: Type.Number({ minimum: 0, description: "the kernel's stated exit latency" }),
                  disabled: Type.Boolean(),
                },
                { additionalProperties: false },
              ),
            ),
            { description: 'idle states of each measured CPU' },
          ),
        },
        { additionalProperties: false, description: 'how the measured CPUs idle' },
      ),
    ),
    context: Type.Optional(
      Type.Object(
        {
          kernelCommandLine: Type.String(),
          preemption: Type.String({
            description: 'preemption model: from uname -v, and the dynamic one in force where debugfs shows it',
          }),
          mitigations: Type.Record(Type.String(), Type.String(), {
            description: 'CPU vulnerability mitigations, as /sys/devices/system/cpu/vulnerabilities states them',
          }),
          schedExt: Type.String({ description: "sched_ext: 'unsupported', 'disabled' or 'enabled (scheduler)'" }),
          cgroup: Type.Object(
            {
              path: Type.String(),
              cpusetCpus: Type.Optional(Type.String()),
              cpuQuota: Type.Optional(
                Type.String({ description: "cpu.max (v2) or 'quota period' (v1), 'max' when none" }),
              ),
            },
            { additionalProperties: false },
          ),
          loadAverage: Type.Tuple([Type.Number(), Type.Number(), Type.Number()]),
          cpufreq: Type.Array(
            Type.Object(
              {
                cpu: Type.Integer({ minimum: 0 }),
                governor: Type.Optional(Type.String()),
                curKHz: Type.Optional(Type.Number()),
                maxKHz: Type.Optional(Type.Number()),
              },
              { additionalProperties: false },
            ),
            { description: 'the measured CPUs with a cpufreq interface' },
          ),
        },
        { additionalProperties: false, description: 'what people check first when two hosts disagree' },
      ),
    ),
    node: Type.String(),
    addon: Type.Object({ compiler: Type.String(), flags: Type.String() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export const StrategyPredictionSchema = Type.Object(
  {
    strategy: Type.String({ description: 'the emulated strategy, e.g. wake/locked' }),
    metricId: Type.String({ description: 'the measured metric the prediction is held against' }),
    quantity: Type.String({ description: 'wakeToRun, retouch, throughput, retakeDelay, migratedFraction' }),
    unit: Type.Union([Type.Literal('ns'), Type.Literal('per-second'), Type.Literal('fraction')]),
    composition: Type.String({ description: 'the model, as a formula over named primitives' }),
    primitives: Type.Record(Type.String(), Type.String(), {
      description: 'primitive name → metric id it was drawn from',
    }),
    measured: Type.Object(
      { p50: Type.Number(), p99: Type.Optional(Type.Number()) },
      {
        additionalProperties: false,
        description: "median over trials of each trial's p50 and p99 (with trials: over the trials predicted)",
      },
    ),
    predicted: Type.Object(
      { p50: Type.Number(), p90: Type.Optional(Type.Number()), p99: Type.Optional(Type.Number()) },
      {
        additionalProperties: false,
        description:
          "Monte-Carlo sums of draws from the primitive histograms; with trials: each trial's prediction from that trial's primitives (the same round), the median over trials, as measured is",
      },
    ),
    relativeErrorP50: Type.Number({
      description: '(predicted − measured) / measured; for a fraction, predicted − measured',
    }),
    relativeErrorP99: Type.Optional(Type.Number()),
    errorOverTrials: Type.Optional(
      Type.Tuple([Type.Number(), Type.Number()], {
        description:
          "smallest and largest error of the p50 against each trial's own measurement (with trials: each trial's prediction against the same trial): its spread",
      }),
    ),
    trials: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          'trials predicted and measured alike (kept samples on both sides, none disturbed); absent: predicted from all trials pooled. p90 and p99 come from the undisturbed trials pooled where a primitive trial holds fewer than 100 samples (the model notes say which)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const EffectSchema = Type.Object(
  {
    quantity: Type.String({ description: 'what the effect measures' }),
    unit: Type.Union([Type.Literal('ns'), Type.Literal('fraction'), Type.Literal('ratio')]),
    value: Type.Number({ description: 'median over trials' }),
    low: Type.Number({ description: 'lower end of its distribution-free interval over trials' }),
    high: Type.Number({ description: 'upper end' }),
    confidence: Type.Number({ minimum: 0, maximum: 1, description: 'coverage the interval achieves' }),
    trials: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const ClaimSchema = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    claim: Type.String(),
    verdict: Type.Union(
      [
        Type.Literal('confirmed'),
        Type.Literal('qualified'),
        Type.Literal('refuted'),
        Type.Literal('inconclusive'),
        Type.Literal('not-judged'),
      ],
      {
        description:
          'qualified: the direction holds, the claimed magnitude does not; not-judged: the evidence is an emulation built the way the claim says (the runtime was not measured, or does not measure this yet)',
      },
    ),
    source: Type.Union([Type.Literal('runtime'), Type.Literal('emulation')], {
      description: "where the evidence came from: the real Go runtime (the go section) or schedcost's emulation",
    }),
    rule: Type.String({ description: 'the decision rule, with the reason for each threshold' }),
    effect: Type.Optional(EffectSchema),
    beside: Type.Optional(
      Type.Object(
        {
          quantity: Type.String(),
          unit: Type.Union([Type.Literal('ns'), Type.Literal('ratio'), Type.Literal('per-second')]),
          runtime: Type.Number({ description: 'the real runtime’s figure the verdict read' }),
          emulation: Type.Number({ description: 'the emulation’s figure for the same quantity' }),
          ratio: Type.Number({ description: 'emulation / runtime' }),
        },
        { additionalProperties: false, description: 'a runtime verdict’s figure beside the emulation’s' },
      ),
    ),
    summary: Type.String({ description: 'the numbers behind the verdict, in words' }),
    evidence: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()])),
  },
  { additionalProperties: false },
);

export const ModelSchema = Type.Object(
  {
    predictions: Type.Array(StrategyPredictionSchema),
    accuracy: Type.Array(
      Type.Object(
        {
          quantity: Type.String(),
          statistic: Type.Union([Type.Literal('p50'), Type.Literal('p99')]),
          medianAbsoluteError: Type.Number({
            minimum: 0,
            description: 'relative, except fractions: percentage points as a fraction',
          }),
          worstAbsoluteError: Type.Number({ minimum: 0 }),
          predictions: Type.Integer({ minimum: 1 }),
        },
        { additionalProperties: false },
      ),
      { description: "the model's error per predicted quantity, over the configurations that predict it" },
    ),
    claims: Type.Array(ClaimSchema),
    notes: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);

export const FindingSchema = Type.Object(
  {
    id: Type.String(),
    severity: Type.Union([Type.Literal('ok'), Type.Literal('info'), Type.Literal('warning')]),
    title: Type.String(),
    detail: Type.String(),
    advice: Type.String(),
  },
  { additionalProperties: false, description: 'a host condition that bears on how far latency figures can be trusted' },
);

const documentProperties = {
  $schema: Type.Optional(Type.String({ description: 'where the JSON Schema of this document can be fetched' })),
  schemaVersion: Type.Literal(SCHEMA_VERSION),
  migratedFrom: Type.Optional(
    Type.Integer({
      minimum: 1,
      exclusiveMaximum: SCHEMA_VERSION,
      description:
        'the schemaVersion its data was first written with, when a reader migrated it (never set by run; kept when a migrated document is written back)',
    }),
  ),
  tool: Type.Object({ name: Type.Literal('schedcost'), version: Type.String() }, { additionalProperties: false }),
  invocation: Type.Optional(
    Type.Object(
      {
        commandLine: Type.Array(Type.String(), { description: 'the arguments schedcost was run with' }),
        labels: Type.Record(Type.String(), Type.String(), { description: 'run --label key=value' }),
        gitRevision: Type.Optional(
          Type.String({ description: '$GITHUB_SHA, or HEAD of the working tree (-dirty when it has changes)' }),
        ),
        configFile: Type.Optional(Type.String({ description: 'the schedcost.toml the options came from' })),
      },
      { additionalProperties: false },
    ),
  ),
  startedAt: Type.String({ description: 'ISO 8601 UTC' }),
  endedAt: Type.String({ description: 'ISO 8601 UTC' }),
  complete: Type.Boolean({ description: 'false when the run was interrupted' }),
  config: Type.Object(
    {
      suite: Type.String(),
      probes: Type.Array(Type.String()),
      cpus: Type.Array(Type.Integer({ minimum: 0 }), { description: 'CPUs the run was allowed to place threads on' }),
      trials: Type.Integer({ minimum: 1 }),
      seed: Type.Integer({ minimum: 0 }),
      samplesScale: Type.Number({
        exclusiveMinimum: 0,
        description: 'multiplier applied to the suite sample counts',
      }),
      timeoutMs: Type.Integer({ minimum: 1, description: 'per-probe, per-trial watchdog' }),
      rawSamplesPerTrial: Type.Integer({ minimum: 0, description: 'cap on raw samples stored per trial (0: none)' }),
      realtime: Type.Optional(
        Type.Boolean({
          description: "SCHED_FIFO was asked for (see the probes' warnings for whether it was granted)",
        }),
      ),
      cpuLock: Type.Optional(
        Type.Boolean({
          description:
            'the run held the per-CPU lock, so no other schedcost run measured its CPUs meanwhile (false: run --no-lock)',
        }),
      ),
      idle: Type.Optional(
        Type.Union([Type.Literal('default'), Type.Literal('poll')], {
          description: 'poll: /dev/cpu_dma_latency was held at 0 for the whole run (run --idle poll)',
        }),
      ),
      params: Type.Optional(
        Type.Record(Type.String(), Type.Record(Type.String(), Type.Union([Type.Number(), Type.Array(Type.Number())])), {
          description: 'parameters set with --param, by probe (they also appear in each metric id)',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  host: HostSchema,
  rounds: Type.Optional(
    Type.Array(
      Type.Object(
        {
          trial: Type.Integer({ minimum: 1 }),
          crossWakeP50Ns: Type.Optional(
            Ns('p50 of a short cross-CPU futex wake calibration at the start of the round: its regime'),
          ),
          idleEntries: Type.Optional(
            Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer({ minimum: 0 })), {
              description: 'cpuidle state entries during the calibration, by CPU and state',
            }),
          ),
        },
        { additionalProperties: false },
      ),
      {
        description:
          'one entry per trial round: a regime indicator measured before the round (cross-CPU wakes on VMs settle at one of several levels per thread set)',
      },
    ),
  ),
  probes: Type.Array(ProbeResultSchema),
  model: Type.Optional(ModelSchema),
  doctor: Type.Optional(Type.Array(FindingSchema, { description: 'schedcost doctor, run before the probes' })),
  warnings: Type.Array(DiagnosticSchema, { description: 'what the run says about its figures, as data' }),
};

const documentOptions = {
  additionalProperties: false,
  $id: `urn:schedcost:results:${SCHEMA_VERSION}`,
  title: 'schedcost results',
} as const;

/** The document without the sections its extensions add. */
export const CoreDocumentSchema = Type.Object(documentProperties, documentOptions);

/**
 * The extension point: a section another part of schedcost adds to the
 * document (the Go runtime's `go`, the simulator's `simulation`). Each
 * declares its type by augmenting this interface beside its own schema, and
 * src/documentSchema.ts composes the whole document's JSON Schema with
 * `documentSchema`: the core imports no extension.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface DocumentExtensions {}

/** The document's JSON Schema: the core's fields and each extension's section, optional. */
export function documentSchema<E extends Record<string, TSchema>>(extensions: E) {
  const sections = Object.fromEntries(Object.entries(extensions).map(([key, schema]) => [key, Type.Optional(schema)]));
  return Type.Object({ ...documentProperties, ...(sections as { [K in keyof E]: TOptional<E[K]> }) }, documentOptions);
}

export type DistributionNsDoc = Static<typeof DistributionNsSchema>;
export type Histogram = Static<typeof HistogramSchema>;
export type Trial = Static<typeof TrialSchema>;
export type MetricSummary = Static<typeof MetricSummarySchema>;
export type MetricResult = Static<typeof MetricResultSchema>;
export type Derived = Static<typeof DerivedSchema>;
export type Placement = Static<typeof PlacementSchema>;
export type ProbeResult = Static<typeof ProbeResultSchema>;
export type Host = Static<typeof HostSchema>;
export type Finding = Static<typeof FindingSchema>;
export type StrategyPrediction = Static<typeof StrategyPredictionSchema>;
export type Claim = Static<typeof ClaimSchema>;
export type Effect = Static<typeof EffectSchema>;
export type Model = Static<typeof ModelSchema>;
export type ResultsDocument = Static<typeof CoreDocumentSchema> & Partial<DocumentExtensions>;
