// The real Go runtime beside the emulation: the `go` section of a results
// document (an extension: declared to the core's DocumentExtensions below,
// composed into the document's JSON Schema by src/documentSchema.ts), and
// the object `runGo()` returns.
import { Type, type Static } from '@sinclair/typebox';
import { DiagnosticCode } from '../catalogue/index.js';
import { diagnostic, ProbeReasonSchema, textDiagnostic } from '../results/diagnostics.js';

const Ns = (description: string) => Type.Number({ minimum: 0, description });

/** Why Go was not measured. */
const GoSkipReasonSchema = Type.Union([
  diagnostic(
    DiagnosticCode.goNotFound,
    { envVar: Type.String(), path: Type.Optional(Type.String()) },
    'no go command on PATH; with path: the one the environment variable names is not an executable file',
  ),
  diagnostic(DiagnosticCode.goVersionFailed, { go: Type.String(), error: Type.String() }, '`go env GOVERSION` failed'),
  diagnostic(
    DiagnosticCode.goBuildFailed,
    { go: Type.String(), error: Type.String() },
    'the Go program did not build: the go command, and why (its stderr’s end, a timeout, an interruption)',
  ),
  textDiagnostic,
]);

/** Why the Go program gave no results. */
const GoFailureSchema = Type.Union([
  diagnostic(DiagnosticCode.goInterrupted, {}, 'the run was interrupted'),
  diagnostic(
    DiagnosticCode.goTimedOut,
    { timeoutMs: Type.Number({ minimum: 0 }) },
    'the program did not finish in time and was killed',
  ),
  diagnostic(
    DiagnosticCode.goProgramFailed,
    { error: Type.String() },
    "the program failed: its error, or stderr's end",
  ),
  diagnostic(DiagnosticCode.goOutputInvalid, { message: Type.String() }, 'its output could not be read'),
  textDiagnostic,
]);

/** Why no emulated value stands beside a Go measurement. */
const EmulationMissingSchema = Type.Union([
  diagnostic(DiagnosticCode.emulationNotGiven, {}, 'no results of the emulation were given'),
  diagnostic(DiagnosticCode.emulationNotRun, { probe: Type.String() }, 'the run did not include the probe'),
  diagnostic(
    DiagnosticCode.emulationProbeMissing,
    {
      probe: Type.String(),
      status: Type.Union([Type.Literal('failed'), Type.Literal('skipped')]),
      reason: Type.Optional(ProbeReasonSchema),
    },
    'the probe failed or was skipped, and why',
  ),
  diagnostic(
    DiagnosticCode.emulationMetricMissing,
    { probe: Type.String(), metric: Type.String(), params: Type.Record(Type.String(), Type.Number()) },
    "the probe ran, but no metric with the counterpart's parameters",
  ),
  diagnostic(DiagnosticCode.emulationNoSamples, { metricId: Type.String() }, 'the metric kept no samples'),
  textDiagnostic,
]);

export type GoSkipReason = Static<typeof GoSkipReasonSchema>;
export type GoFailure = Static<typeof GoFailureSchema>;
export type EmulationMissing = Static<typeof EmulationMissingSchema>;

const GoCounterpartSchema = Type.Object(
  {
    probe: Type.String({ description: 'the emulated strategy it stands beside, e.g. wake/locked' }),
    metric: Type.String({ description: "the strategy's metric, e.g. wakeToRun" }),
    params: Type.Record(Type.String(), Type.Number(), {
      description: "parameters the strategy's metric must have to stand beside this measurement",
    }),
    quantity: Type.Union([Type.Literal('p50'), Type.Literal('throughput')], {
      description:
        "p50: the metric's median of trial p50s (ns); throughput: iterations per second, median over trials of counters.iterations / counters.wallNs",
    }),
    likeness: Type.Union([Type.Literal('close'), Type.Literal('partial')], {
      description: 'close: the same path on both sides; partial: the note says what differs',
    }),
    notes: Type.Array(Type.String(), {
      description: 'why this is the counterpart, and how far it is like for like: one point each',
    }),
    emulated: Type.Optional(
      Type.Object(
        {
          metricId: Type.String({ description: 'the metric of the results document the value comes from' }),
          value: Type.Number({ minimum: 0, description: 'in the measurement’s unit' }),
          ratio: Type.Number({ minimum: 0, description: 'emulation / Go' }),
        },
        { additionalProperties: false },
      ),
    ),
    emulatedMissing: Type.Optional(EmulationMissingSchema),
  },
  { additionalProperties: false },
);

const GoMeasurementSchema = Type.Object(
  {
    id: Type.String({
      description: 'stable key: go/<what>{config}, e.g. go/chanWake{gomaxprocs=1,receiver=locked,waker=parks}',
    }),
    kind: Type.Union([
      Type.Literal('wake'),
      Type.Literal('syscallThroughput'),
      Type.Literal('retake'),
      Type.Literal('placement'),
    ]),
    description: Type.String({ description: 'the runtime path measured, in words' }),
    gomaxprocs: Type.Integer({ minimum: 1 }),
    config: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
      description: 'what sets it apart: receiver, waker, sliceNs; api, tasks; syscallNs; workingSetBytes',
    }),
    unit: Type.Union([Type.Literal('ns'), Type.Literal('per-second')]),
    value: Type.Number({
      minimum: 0,
      description:
        "the headline: median over rounds of each round's p50 (ns), or of each round's iterations per second",
    }),
    perRound: Type.Array(Type.Number({ minimum: 0 }), { description: "each round's p50 or iterations per second" }),
    spread: Type.Tuple([Type.Number({ minimum: 0 }), Type.Number({ minimum: 0 })], {
      description: 'smallest and largest of perRound',
    }),
    samples: Type.Object(
      {
        n: Type.Integer({ minimum: 0 }),
        p50: Ns('median (nearest rank)'),
        p90: Ns('90th percentile'),
        p99: Ns('99th percentile'),
      },
      {
        additionalProperties: false,
        description: 'all rounds pooled, ns: the latency, or for a throughput the time of one iteration',
      },
    ),
    extra: Type.Record(Type.String(), Type.Number(), {
      description:
        'side figures: ranOnWakerCpuFraction, idleGapP50Ns, voluntarySwitchesPerWake (wake: voluntary context switches of all the Go process’s threads per kept wake, the rounds of scheduling it took); inCallP50Ns, entryMeanNs, exitMeanNs (throughput); notRetaken (retake); ranOnWakerCpuFraction, onSenderThreadFraction, onPreviousCpuFraction, blockedOnSenderCpuFraction (placement)',
    }),
    perRoundExtra: Type.Optional(
      Type.Record(Type.String(), Type.Array(Type.Number({ minimum: 0 })), {
        description:
          'side figures per round, in round order, for intervals over rounds: entryMeanNs, exitMeanNs (throughput: the clock before the runtime is told → as the syscall is issued; as it returned → a P held again); onSenderThreadFraction (placement: the receiver ran on the sender’s thread, so the sender’s P ran it), onPreviousCpuFraction (it ran on the CPU it blocked on), apartCount (wakes in which it had blocked on another CPU than the sender’s), movedApartCount (of those, wakes in which it ran on another CPU than the one it blocked on), retouchHomeP50Ns, retouchHomeCount, retouchMovedP50Ns, retouchMovedCount (its working set’s re-touch after the wake, by where it ran; 0 when none), retouchWarmP50Ns (its re-touch right before it blocks: at home, warm)',
      }),
    ),
    counterpart: GoCounterpartSchema,
  },
  { additionalProperties: false },
);

export const GoResultsSchema = Type.Object(
  {
    skipped: Type.Optional(GoSkipReasonSchema),
    failed: Type.Optional(GoFailureSchema),
    toolchain: Type.Optional(
      Type.Object(
        {
          go: Type.String({ description: 'the go command used' }),
          version: Type.String({ description: 'e.g. go1.19.8' }),
        },
        { additionalProperties: false },
      ),
    ),
    goarch: Type.Optional(Type.String()),
    cpus: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0 }), {
        description: "the waker's CPU, then T's home CPU (one CPU: the cross-CPU cases are skipped)",
      }),
    ),
    gomaxprocs: Type.Array(Type.Integer({ minimum: 1 }), { description: 'the GOMAXPROCS values measured' }),
    rounds: Type.Optional(Type.Integer({ minimum: 1 })),
    clock: Type.Optional(
      Type.Object(
        {
          source: Type.String(),
          readNsMedian: Ns('one time.Now() reading, median over batches'),
          readNsMin: Ns('the cheapest batch'),
        },
        { additionalProperties: false },
      ),
    ),
    timerSlackNs: Type.Optional(Ns("the threads' default timer slack (what sysmon and the runtime sleep with)")),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Number(), {
        description: 'gaps, slice, compute, syscall lengths, samples per round, seed',
      }),
    ),
    measurements: Type.Array(GoMeasurementSchema),
    skippedMeasurements: Type.Array(
      Type.Object(
        {
          what: Type.String({ description: 'the configuration left out' }),
          reason: Type.Union([
            diagnostic(
              DiagnosticCode.goNeedsTwoCpus,
              { needs: Type.Union([Type.Literal('locked-receiver'), Type.Literal('second-p')]) },
              "it needs a second CPU: for the locked receiver's thread, or for a second P",
            ),
            textDiagnostic,
          ]),
        },
        { additionalProperties: false },
      ),
    ),
    dedicatedEmulated: Type.Optional(
      Type.Object(
        { metricId: Type.String(), p50Ns: Ns('the emulation’s wake/dedicated wakeToRun, median of trial p50s') },
        {
          additionalProperties: false,
          description: 'wake/dedicated, which has no Go counterpart: its emulated figure, for the note that says so',
        },
      ),
    ),
    durationMs: Type.Number({ minimum: 0, description: 'finding, building and running the Go program' }),
  },
  {
    additionalProperties: false,
    description:
      'The real Go runtime on this host (schedcost go, and run by default): the paths the strategies emulate, each beside its emulated counterpart',
  },
);

export type GoCounterpart = Static<typeof GoCounterpartSchema>;
export type GoMeasurement = Static<typeof GoMeasurementSchema>;
export type GoResults = Static<typeof GoResultsSchema>;

declare module '../results/schema.js' {
  interface DocumentExtensions {
    /** The real Go runtime measured beside the emulation (run --go, schedcost go). */
    go: GoResults;
  }
}
