// The document's warnings, failure and skip reasons and disturbance reasons
// as data: one schema per code with the parameters it carries (the catalogue
// names the codes; the report writes the words). Readers branch on `code`,
// never on text.
import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { DiagnosticCode } from '../catalogue/index.js';

/** The schema of one code: the code and the parameters it carries. */
export const diagnostic = <C extends string, P extends TProperties>(code: C, params: P, description: string) =>
  Type.Object(
    { code: Type.Literal(code), params: Type.Object(params, { additionalProperties: false }) },
    { additionalProperties: false, description },
  );

const ns = Type.Number({ minimum: 0 });
const count = Type.Integer({ minimum: 0 });

export const textDiagnostic = diagnostic(
  DiagnosticCode.text,
  { text: Type.String() },
  'prose kept from a document written before warnings and reasons were data',
);

/** Why a trial counts as disturbed (src/host/interference.ts), with the numbers. */
export const DisturbanceReasonSchema = Type.Union([
  diagnostic(
    DiagnosticCode.hypervisorSteal,
    { cpu: count, stealNs: ns, wallNs: ns },
    'the hypervisor stole time from a measured CPU',
  ),
  diagnostic(
    DiagnosticCode.otherTasksRan,
    { cpus: Type.Array(count), cpuNs: ns, wallNs: ns },
    'other tasks ran on the measured CPUs',
  ),
  diagnostic(
    DiagnosticCode.cgroupThrottled,
    { path: Type.String(), hierarchy: Type.String(), periods: count, throttledNs: ns },
    "the cgroup's CPU quota throttled the run",
  ),
  diagnostic(
    DiagnosticCode.rolePreempted,
    { role: Type.String(), switches: count, limit: count, samples: count },
    'a measuring thread that had its CPU to itself was preempted more often than the bound',
  ),
  textDiagnostic,
]);

export type DisturbanceReason = Static<typeof DisturbanceReasonSchema>;

/** Why a probe failed or was skipped. */
export const ProbeReasonSchema = Type.Union(
  [
    diagnostic(
      DiagnosticCode.probeFailed,
      { message: Type.String() },
      "the native core refused or a role failed: the core's message",
    ),
    diagnostic(
      DiagnosticCode.probeTimedOut,
      { message: Type.String() },
      "the watchdog's deadline passed: the core's message names the roles still running",
    ),
    diagnostic(
      DiagnosticCode.probeError,
      { errorCode: Type.String(), message: Type.String() },
      'the addon refused the request (e.g. a CPU the run may no longer use) or broke: its error code or name, and message',
    ),
    diagnostic(DiagnosticCode.workerDied, { exit: Type.String() }, 'the worker process measuring it died'),
    diagnostic(
      DiagnosticCode.workerNotRun,
      { exit: Type.String() },
      'the worker process died before measuring anything',
    ),
    diagnostic(DiagnosticCode.onlyOneCpu, { cpu: count }, 'a cross-CPU probe, and the run has one CPU'),
    diagnostic(
      DiagnosticCode.idlePollingRefused,
      { error: Type.String() },
      'idle polling could not be held for the idle-exit run',
    ),
    textDiagnostic,
  ],
  { description: 'why the probe failed or was skipped' },
);

export type ProbeReason = Static<typeof ProbeReasonSchema>;

export const DiagnosticSchema = Type.Union([
  diagnostic(
    DiagnosticCode.metricBimodal,
    { metric: Type.String(), lowNs: ns, lowTrials: count, highNs: ns, highTrials: count },
    "the metric's trial p50s cluster at two values",
  ),
  diagnostic(
    DiagnosticCode.metricUnstable,
    { metric: Type.String(), cvPct: Type.Number({ minimum: 0 }) },
    "the metric's trial p50s vary by more than 10% (coefficient of variation)",
  ),
  diagnostic(
    DiagnosticCode.trialsDisturbed,
    { disturbed: count, trials: count, firstTrial: count, reasons: Type.Array(DisturbanceReasonSchema) },
    'trials disturbed by other work on their CPUs; compare leaves them out by default',
  ),
  diagnostic(
    DiagnosticCode.wakeRegimeSwitched,
    { lowNs: ns, lowRounds: count, highNs: ns, highRounds: count },
    "the rounds' cross-CPU wake calibration fell into two regimes",
  ),
  diagnostic(DiagnosticCode.modelFailed, { message: Type.String() }, 'the model could not be built'),
  diagnostic(
    DiagnosticCode.smtSiblings,
    { cpuA: count, cpuB: count },
    "the cross-CPU pair are SMT siblings: its figures share one core's caches",
  ),
  diagnostic(
    DiagnosticCode.cpuPairsSampled,
    { probe: Type.String(), cpus: count, pairs: count, measured: count, seed: count },
    'a seeded sample of the ordered CPU pairs was measured',
  ),
  diagnostic(
    DiagnosticCode.realtimeRefused,
    { role: Type.String(), error: Type.String() },
    'SCHED_FIFO (--rt) was refused for a role: it ran with the default policy',
  ),
  diagnostic(
    DiagnosticCode.preemptionWakeeNotFifo,
    { error: Type.String() },
    'the preemption probe could not run its wakee SCHED_FIFO',
  ),
  textDiagnostic,
]);

export type Diagnostic = Static<typeof DiagnosticSchema>;

/** Anything with a code and parameters the report puts into words. */
export type AnyDiagnostic = Diagnostic | ProbeReason | DisturbanceReason;

/** A warning the native core emitted, checked against the codes it may use; anything else is kept as text. */
export function nativeDiagnostic(warning: { code: string; params: Record<string, string> }): Diagnostic {
  const { role, error } = warning.params;
  if (warning.code === DiagnosticCode.realtimeRefused && role !== undefined && error !== undefined)
    return { code: warning.code, params: { role, error } };
  if (warning.code === DiagnosticCode.preemptionWakeeNotFifo && error !== undefined)
    return { code: warning.code, params: { error } };
  return { code: DiagnosticCode.text, params: { text: `${warning.code} ${JSON.stringify(warning.params)}` } };
}

/** The same diagnostic (code and parameters). */
export function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
