// One trial round in the current process: a regime calibration, then one
// trial of every planned run in order. The same code runs in a worker
// process (worker.ts) or, for the library's in-process mode, in the caller.
import {
  crossWakeCalibration,
  defaultSet,
  DiagnosticCode,
  followsCrossWakeLevel,
  probeSpec,
} from '../catalogue/index.js';
import { idleUsageDelta, readIdleUsage, type IdleUsage } from '../host/cpuidle.js';
import { holdIdlePolling } from '../host/idlePolling.js';
import { between, disturbance, snapshot, type Disturbance, type TrialInterference } from '../host/interference.js';
import { addon, nativeErrorCode, type NativeMeasurement } from '../native.js';
import { watchdogMs, type PlannedRun } from '../plan/plan.js';
import type { Placement, ResultsDocument } from '../results/schema.js';
import { describe } from '../stats/sampleSummary.js';
import { nativeDiagnostic, type Diagnostic, type ProbeReason } from '../results/diagnostics.js';

export type Round = NonNullable<ResultsDocument['rounds']>[number];

export interface RoundJob {
  /** 0-based. */
  trial: number;
  plan: PlannedRun[];
  /** Indices into plan to measure this round, in order. */
  indices: number[];
  seed: number;
  realtime: boolean;
  idle: 'default' | 'poll';
  /** The cross-CPU pair, when there is one: the calibration runs there. */
  cross?: Placement;
  calibrate: boolean;
}

export type RoundEvent =
  | { kind: 'calibrated'; round: Round }
  | { kind: 'start'; index: number }
  | {
      kind: 'measured';
      index: number;
      measurements: NativeMeasurement[];
      warnings: Diagnostic[];
      durationMs: number;
      idleEntries: IdleUsage;
      /** What else used the placement's CPUs during the trial, and whether that crosses a bound. */
      interference: TrialInterference;
      disturbance: Disturbance;
      /** The cross-CPU wake level on the trial's CPUs just before it, for a probe whose wakes follow it. */
      crossWakeLevelNs?: number;
    }
  | { kind: 'failed'; index: number; reason: ProbeReason }
  | { kind: 'cancelled' };

/** The p50 of a short cross-CPU futex wake on `cpus`: the host's cross-CPU wake level now. */
async function crossWakeLevelNs(cpus: number[], seed: number): Promise<number | undefined> {
  const { probe, metric, samples, warmup } = crossWakeCalibration;
  const spec = probeSpec(probe)!;
  const params = defaultSet(spec);
  try {
    const output = await addon().runProbe({
      probe,
      cpus,
      samples,
      warmup,
      params,
      seed,
      timeoutMs: watchdogMs(spec.plan.estimateMs(samples, params)),
    });
    return describe(output.measurements.find((m) => m.metric === metric)?.valuesNs ?? [])?.p50;
  } catch {
    // A calibration that fails leaves no level; the probes still run.
    return undefined;
  }
}

/** A short cross-CPU futex wake before a round: which regime the round's thread sets fall in. */
async function calibrate(trial: number, cross: Placement | undefined, seed: number): Promise<Round> {
  const round: Round = { trial: trial + 1 };
  if (!cross) return round;
  const before = readIdleUsage(cross.cpus);
  const levelNs = await crossWakeLevelNs(cross.cpus, seed);
  if (levelNs !== undefined) round.crossWakeP50Ns = levelNs;
  const idleEntries = idleUsageDelta(before, readIdleUsage(cross.cpus));
  if (Object.keys(idleEntries).length) round.idleEntries = idleEntries;
  return round;
}

/** One trial of one planned run, by the engine that measures it. */
function measure(planned: PlannedRun, seed: number, realtime: boolean) {
  switch (planned.engine) {
    case 'addon':
      return addon().measureUvThreadpool({
        samples: planned.samples,
        warmup: planned.warmup,
        timeoutMs: planned.timeoutMs,
      });
    case 'core':
    case 'alias':
      return addon().runProbe({
        probe: planned.nativeProbe,
        cpus: planned.placement.cpus,
        samples: planned.samples,
        warmup: planned.warmup,
        params: planned.params,
        seed,
        timeoutMs: planned.timeoutMs,
        realtime,
      });
  }
}

function failureReason(error: unknown): ProbeReason {
  const code = nativeErrorCode(error);
  const message = (error as Error).message;
  if (code === 'PROBE_FAILED') return { code: DiagnosticCode.probeFailed, params: { message } };
  if (code === 'PROBE_TIMEOUT') return { code: DiagnosticCode.probeTimedOut, params: { message } };
  return { code: DiagnosticCode.probeError, params: { errorCode: code ?? (error as Error).name, message } };
}

/** How often a disturbed trial is measured again before it is kept, flagged. */
const MAX_DISTURBED_RETRIES = 2;

/** One trial of one planned run with what surrounded it: idle-state entries and interference. */
async function measureOnce(planned: PlannedRun, index: number, job: RoundJob) {
  // Milliseconds before the trial, on its CPUs: the level its wakes are judged against (compare.ts).
  const levelNs =
    planned.placement.kind === 'cross-cpu' && followsCrossWakeLevel(planned.probe)
      ? await crossWakeLevelNs(planned.placement.cpus, job.seed + 31 * index + 17)
      : undefined;
  const idleBefore = readIdleUsage(planned.placement.cpus);
  // Read in this process: its CPU time is the measuring threads' (src/host/interference.ts).
  const interferenceBefore = snapshot(planned.placement.cpus);
  const started = performance.now();
  // Idle variants of the full suite hold polling for their own run only.
  const hold = planned.idlePolling && job.idle === 'default' ? holdIdlePolling() : undefined;
  const output = await measure(planned, job.seed + index, job.realtime).finally(() => hold?.release());
  const durationMs = performance.now() - started;
  const interference = {
    ...between(interferenceBefore, snapshot(planned.placement.cpus)),
    involuntarySwitches: output.involuntarySwitches,
  };
  return {
    measurements: output.measurements,
    warnings: output.warnings.map(nativeDiagnostic),
    durationMs,
    idleEntries: idleUsageDelta(idleBefore, readIdleUsage(planned.placement.cpus)),
    interference,
    disturbance: disturbance(interference, interference.wallNs / 1e6, planned.samples),
    ...(levelNs !== undefined ? { crossWakeLevelNs: levelNs } : {}),
  };
}

/** Runs the round, reporting each step through emit; stops early once cancelled() says so. */
export async function runRound(
  job: RoundJob,
  emit: (event: RoundEvent) => void,
  cancelled: () => boolean,
): Promise<void> {
  if (job.calibrate) emit({ kind: 'calibrated', round: await calibrate(job.trial, job.cross, job.seed + 104729) });
  for (const index of job.indices) {
    if (cancelled()) return emit({ kind: 'cancelled' });
    const planned = job.plan[index]!;
    emit({ kind: 'start', index });
    try {
      // A disturbed trial is measured again, up to a limit; if still disturbed it is kept, flagged.
      let attempt = await measureOnce(planned, index, job);
      for (let retry = 1; attempt.disturbance.disturbed && retry <= MAX_DISTURBED_RETRIES && !cancelled(); retry++) {
        attempt = await measureOnce(planned, index, job);
        attempt.disturbance = { ...attempt.disturbance, retries: retry };
      }
      emit({ kind: 'measured', index, ...attempt });
    } catch (error) {
      if (cancelled()) return emit({ kind: 'cancelled' });
      emit({ kind: 'failed', index, reason: failureReason(error) });
    }
  }
}
