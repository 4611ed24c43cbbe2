// What the Go program (go/main.go) prints on stdout: one JSON document. It is
// checked against this definition before anything reads it, so a program
// from another schedcost version, or one that printed something else, is
// refused with a reason instead of misread.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const PROGRAM_NAME = 'schedcost-go';
const PROGRAM_FORMAT_VERSION = 4;

const Whole = (min = 0) => Type.Integer({ minimum: min });
const Ns = () => Type.Number({ minimum: 0 });

const SummarySchema = Type.Object({
  count: Whole(),
  min: Ns(),
  p50: Ns(),
  p90: Ns(),
  p99: Ns(),
  max: Ns(),
  mean: Ns(),
});

const WakeRoundSchema = Type.Object({
  latency: SummarySchema,
  idleGap: SummarySchema,
  ranOnWakerCpu: Whole(),
  receiverCpus: Type.Record(Type.String(), Whole()),
  // Negative when a thread exited between the readings (its count left with it): then not used.
  voluntarySwitches: Type.Integer(),
});

const WakeSchema = Type.Object({
  receiver: Type.Union([Type.Literal('unlocked'), Type.Literal('locked'), Type.Literal('bothLocked')]),
  waker: Type.Union([Type.Literal('parks'), Type.Literal('busy')]),
  sliceNs: Ns(),
  gomaxprocs: Whole(1),
  rounds: Type.Array(WakeRoundSchema, { minItems: 1 }),
  pooled: SummarySchema,
});

const ThroughputRoundSchema = Type.Object({
  iterations: Whole(),
  wallNs: Type.Number({ exclusiveMinimum: 0 }),
  perSecond: Type.Number({ minimum: 0 }),
  iteration: SummarySchema,
  inCall: SummarySchema,
  entry: SummarySchema,
  exit: SummarySchema,
});

const ThroughputSchema = Type.Object({
  api: Type.Union([Type.Literal('Syscall'), Type.Literal('RawSyscall'), Type.Literal('Handoff')]),
  tasks: Whole(1),
  gomaxprocs: Whole(1),
  syscallNs: Ns(),
  rounds: Type.Array(ThroughputRoundSchema, { minItems: 1 }),
  pooledIteration: SummarySchema,
  pooledInCall: SummarySchema,
});

const StealRoundSchema = Type.Object({
  latency: SummarySchema,
  onSenderThread: Whole(),
  onSenderCpu: Whole(),
  onPreviousCpu: Whole(),
  blockedOnSenderCpu: Whole(),
  movedApart: Whole(),
  retouchHome: SummarySchema,
  retouchMoved: SummarySchema,
  retouchWarm: SummarySchema,
});

const StealSchema = Type.Object({
  sliceNs: Ns(),
  gomaxprocs: Whole(1),
  workingSetBytes: Whole(1),
  rounds: Type.Array(StealRoundSchema, { minItems: 1 }),
  pooled: SummarySchema,
});

const RetakeSchema = Type.Object({
  gomaxprocs: Whole(1),
  syscallNs: Ns(),
  rounds: Type.Array(Type.Object({ delay: SummarySchema, notRetaken: Whole() }), { minItems: 1 }),
  pooled: SummarySchema,
});

const ProgramOutputSchema = Type.Object({
  program: Type.Literal(PROGRAM_NAME),
  formatVersion: Type.Literal(PROGRAM_FORMAT_VERSION),
  goVersion: Type.String(),
  goos: Type.String(),
  goarch: Type.String(),
  numCpu: Whole(1),
  allowedCpus: Type.Array(Whole()),
  defaultTimerSlackNs: Ns(),
  clock: Type.Object({ source: Type.String(), readNsMedian: Ns(), readNsMin: Ns() }),
  computeNsPerRound: Ns(),
  params: Type.Object({
    cpus: Type.Array(Whole(), { minItems: 1, maxItems: 2 }),
    rounds: Whole(1),
    seed: Type.Integer(),
    gapMinNs: Ns(),
    gapMaxNs: Ns(),
    sliceNs: Ns(),
    wakeSamples: Whole(1),
    wakeWarmup: Whole(),
    computeNs: Ns(),
    syscallNs: Ns(),
    longSyscallNs: Ns(),
    durationNs: Ns(),
    syscallSamples: Whole(1),
    syscallWarmup: Whole(),
    retakeSyscallNs: Ns(),
    retakeSamples: Whole(1),
    retakeWarmup: Whole(),
    stealSlicesNs: Type.Array(Ns()),
    stealBudgetNs: Ns(),
    stealMinSamples: Whole(1),
    stealWarmup: Whole(),
    workingSetBytes: Whole(1),
    only: Type.String(),
  }),
  wake: Type.Array(WakeSchema),
  throughput: Type.Array(ThroughputSchema),
  retake: Type.Union([RetakeSchema, Type.Null()]),
  steal: Type.Array(StealSchema),
  skipped: Type.Array(
    Type.Object({
      what: Type.String(),
      needs: Type.Union([Type.Literal('locked-receiver'), Type.Literal('second-p')]),
    }),
  ),
  durationMs: Ns(),
});

export type ProgramOutput = Static<typeof ProgramOutputSchema>;
export type ProgramSummary = Static<typeof SummarySchema>;

/** The program's document, checked; throws an Error saying what is wrong. */
export function parseProgramOutput(text: string): ProgramOutput {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const shown = text.trim() === '' ? 'nothing' : `${JSON.stringify(text.slice(0, 80))}…`;
    throw new Error(`the Go program printed ${shown}, not JSON (${(error as Error).message})`, { cause: error });
  }
  if (Value.Check(ProgramOutputSchema, data)) return data;
  const problems = [...Value.Errors(ProgramOutputSchema, data)].slice(0, 3).map((e) => `${e.path || '/'} ${e.message}`);
  const program = (data as { program?: unknown; formatVersion?: unknown } | null) ?? {};
  if (program.program === PROGRAM_NAME && program.formatVersion !== PROGRAM_FORMAT_VERSION)
    throw new Error(
      `the Go program writes format ${String(program.formatVersion)}; this schedcost reads ${PROGRAM_FORMAT_VERSION}`,
    );
  throw new Error(`the Go program's output does not match its format: ${problems.join('; ')}`);
}
