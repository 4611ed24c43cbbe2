// The TypeScript API: plan a run, drive the native probes trial by trial
// (trials interleaved across probes, so slow drift spreads over all of them),
// and return the results document. Three phases: prepare (host, options,
// plan), measure (one trial of one planned run, dispatched by engine),
// assemble (summaries, derived figures, model).
import {
  DEFAULT_TRIALS,
  DEFAULT_WAIT_LOCK_SECONDS,
  MAX_RAW_SAMPLES,
  MAX_TRIALS,
  MAX_WAIT_LOCK_SECONDS,
} from './runLimits.js';
import { probeNames, type Suite } from './catalogue/index.js';
import { twoModes } from './stats/modes.js';
import { doctorInputFor, runDoctor } from './doctor/doctor.js';
import { UsageError } from './errors.js';
import { toolVersion } from './version.js';
import { readIdleConfig } from './host/cpuidle.js';
import { gitRevision, hostContext } from './host/context.js';
import { hostFingerprint, lastLevelCacheBytes } from './host/fingerprint.js';
import { holdIdlePolling } from './host/idlePolling.js';
import { acquireCpuLocks, type CpuLocks } from './host/runLock.js';
import { runGo, withCounterparts, type GoResults } from './go/index.js';
import { modelOf } from './model/index.js';
import { addon, type NativeHostFacts } from './native.js';
import { choosePlacements, measuredCpus } from './plan/placement.js';
import { checkParamOverrides, type ParamOverrides } from './plan/paramOverrides.js';
import { makePlan, type PlannedRun } from './plan/plan.js';
import { runRound, type Round, type RoundEvent, type RoundJob } from './runner/round.js';
import { roundInWorker } from './runner/roundInWorker.js';
import { addTrial, finishMetrics } from './results/assemble.js';
import { deriveFigures } from './results/derived.js';
import { schemaUrl, SCHEMA_VERSION, type Placement, type ProbeResult, type ResultsDocument } from './results/schema.js';
import { DiagnosticCode } from './catalogue/index.js';
import { sameDiagnostic, type Diagnostic } from './results/diagnostics.js';

export interface RunOptions {
  suite?: Suite;
  /** Probe names; default: every probe of the suite. */
  probes?: string[];
  /** CPUs to place threads on; default: the process's allowed CPUs. */
  cpus?: number[];
  trials?: number;
  seed?: number;
  /** Multiplies every sample count (e.g. 0.1 for a fast smoke run). */
  samplesScale?: number;
  /** Per-probe, per-trial watchdog; default: from each probe's expected duration. */
  timeoutMs?: number;
  /** Run probe threads with SCHED_FIFO where permitted (a warning says when it is not). */
  realtime?: boolean;
  /** Keep up to this many raw samples per trial in the document (0: none). */
  rawSamplesPerTrial?: number;
  /**
   * 'process' (the default): each trial round runs in a fresh worker process,
   * so trials vary as separate runs do (the unit a comparison tests).
   * 'none': in this process (fault injection in tests; embedding).
   */
  isolation?: 'process' | 'none';
  /** Recorded in the document: free-form key=value labels, the command line, the config file. */
  labels?: Record<string, string>;
  commandLine?: string[];
  configFile?: string;
  /** Parameters to set, by probe: `{ 'futex-wake': { gapMinNs: 10000 } }` (checked against the catalogue). */
  params?: ParamOverrides;
  /**
   * 'poll': hold /dev/cpu_dma_latency at 0 for the whole run (refused with a
   * UsageError where not permitted). 'default' (the default): leave idle
   * states alone, except for the full suite's idle variants.
   */
  idle?: 'default' | 'poll';
  /** Also measure the real Go runtime's paths beside the strategies (needs a Go toolchain; skipped without one). */
  withGo?: boolean;
  /**
   * Hold a lock on every CPU of the run (default true), so no other schedcost
   * run on this host measures them meanwhile (src/host/runLock.ts).
   */
  lock?: boolean;
  /** How long to wait for CPUs another run holds before failing with a RunLockedError (default 300; 0: at once). */
  waitLockSeconds?: number;
  /** Called once when the run has to wait for another run's CPUs, with a message naming it. */
  onLockWait?: (message: string) => void;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

export interface ProgressEvent {
  phase: 'start' | 'done';
  probe: string;
  placement: string;
  trial: number;
  trials: number;
  index: number;
  total: number;
  estimateMs: number;
  /** Sum of every run's estimate over all trials: the denominator of an ETA. */
  totalEstimateMs: number;
  status?: ProbeResult['status'];
}

export { MAX_TRIALS, DEFAULT_TRIALS };

/** Checks run options against the CPUs this process may use; throws UsageError. */
export function checkRunOptions(options: RunOptions, allowedCpus: number[]) {
  const suite = options.suite ?? 'quick';
  if (suite !== 'quick' && suite !== 'full') throw new UsageError(`unknown suite '${String(suite)}' (quick, full)`);
  const known = probeNames();
  const probes = options.probes ?? known;
  if (!Array.isArray(probes) || !probes.every((p) => typeof p === 'string'))
    throw new UsageError('probes must be an array of probe names');
  if (probes.length === 0) throw new UsageError('no probe selected');
  for (const p of probes)
    if (!known.includes(p)) throw new UsageError(`unknown probe '${p}'; probes: ${known.join(', ')}`);
  const cpus = options.cpus ?? allowedCpus;
  if (!Array.isArray(cpus)) throw new UsageError('cpus must be an array of CPU numbers');
  if (cpus.length === 0) throw new UsageError('no CPU selected');
  for (const cpu of cpus) {
    if (!Number.isInteger(cpu) || cpu < 0) throw new UsageError(`invalid CPU '${cpu}'`);
    if (!allowedCpus.includes(cpu))
      throw new UsageError(`CPU ${cpu} is not in the allowed set {${allowedCpus.join(',')}}`);
  }
  if (new Set(cpus).size !== cpus.length) throw new UsageError('a CPU is listed twice');
  const trials = options.trials ?? DEFAULT_TRIALS[suite];
  if (!Number.isInteger(trials) || trials < 1 || trials > MAX_TRIALS)
    throw new UsageError(`trials must be a whole number from 1 to ${MAX_TRIALS}`);
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError('seed must be a non-negative whole number');
  const samplesScale = options.samplesScale ?? 1;
  if (typeof samplesScale !== 'number' || !(samplesScale > 0 && samplesScale <= 100))
    throw new UsageError('samples scale must lie in (0, 100]');
  if (
    options.timeoutMs !== undefined &&
    !(Number.isInteger(options.timeoutMs) && options.timeoutMs >= 1 && options.timeoutMs <= 3_600_000)
  )
    throw new UsageError('timeout must be a whole number of milliseconds from 1 to 3600000');
  const rawSamplesPerTrial = options.rawSamplesPerTrial ?? 0;
  if (!Number.isInteger(rawSamplesPerTrial) || rawSamplesPerTrial < 0 || rawSamplesPerTrial > MAX_RAW_SAMPLES)
    throw new UsageError(`raw samples per trial must be a whole number from 0 to ${MAX_RAW_SAMPLES}`);
  const params = options.params ?? {};
  checkParamOverrides(params);
  const idle = options.idle ?? 'default';
  if (idle !== 'default' && idle !== 'poll')
    throw new UsageError(`unknown idle mode '${String(idle)}' (default, poll)`);
  const lock = options.lock ?? true;
  if (typeof lock !== 'boolean') throw new UsageError('lock must be true or false');
  const waitLockSeconds = options.waitLockSeconds ?? DEFAULT_WAIT_LOCK_SECONDS;
  if (typeof waitLockSeconds !== 'number' || !(waitLockSeconds >= 0 && waitLockSeconds <= MAX_WAIT_LOCK_SECONDS))
    throw new UsageError(`the lock wait must lie in [0, ${MAX_WAIT_LOCK_SECONDS}] seconds`);
  return {
    suite,
    probes: [...new Set(probes)],
    cpus,
    trials,
    seed,
    samplesScale,
    rawSamplesPerTrial,
    params,
    idle,
    lock,
    waitLockSeconds,
  };
}

type RunConfig = ReturnType<typeof checkRunOptions>;

/** Whether idle polling can be held here: undefined when it can, else why not. */
function idlePollingRefusal(): string | undefined {
  try {
    holdIdlePolling().release();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** One measurement per CPU at a time: the run's CPUs, locked (waiting up to config.waitLockSeconds). */
function lockCpus(config: RunConfig, options: RunOptions): Promise<CpuLocks> | undefined {
  if (!config.lock) return undefined;
  return acquireCpuLocks(config.cpus, {
    locker: addon(),
    waitSeconds: config.waitLockSeconds,
    ...(options.onLockWait ? { onWait: options.onLockWait } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** Phase 1: the host, the checked options, the CPU locks, the plan and the doctor's findings. */
async function prepare(options: RunOptions) {
  const facts = await addon().hostFacts();
  const config = checkRunOptions(options, facts.allowedCpus);
  // Taken before the doctor samples the CPUs' load: another run's load is not this host's.
  const locks = await lockCpus(config, options);
  try {
    return { ...(await planAndCheck(options, facts, config)), locks };
  } catch (error) {
    locks?.release();
    throw error;
  }
}

/** The host fingerprint, the plan and the doctor's findings, with the CPUs locked. */
async function planAndCheck(options: RunOptions, facts: NativeHostFacts, config: RunConfig) {
  const fingerprint = hostFingerprint(facts);
  const placements = choosePlacements(config.cpus, fingerprint.smtSiblings);
  const measured = measuredCpus(placements);
  const host = { ...fingerprint, idle: readIdleConfig(measured), context: hostContext(measured) };
  const refusal = config.suite === 'full' || config.idle === 'poll' ? idlePollingRefusal() : undefined;
  if (config.idle === 'poll' && refusal) throw new UsageError(`--idle poll: ${refusal}`);
  const { runs: plan, notes } = makePlan({
    suite: config.suite,
    probes: config.probes,
    placements,
    samplesScale: config.samplesScale,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    context: { lastLevelCacheBytes: lastLevelCacheBytes(host.caches) },
    cpus: config.cpus,
    seed: config.seed,
    overrides: config.params,
    idle: config.idle,
    ...(refusal ? { idlePollingRefusal: refusal } : {}),
  });
  const doctor = await runDoctor(doctorInputFor(host, placements));
  return { host, config, plan, doctor, cross: placements.cross, warnings: [...placements.notes, ...notes] };
}

function emptyResult(run: PlannedRun): ProbeResult {
  return {
    probe: run.probe,
    placement: run.placement,
    params: { ...run.params, ...run.labels },
    samplesPerTrial: run.samples,
    status: run.skipReason ? 'skipped' : 'ok',
    ...(run.skipReason ? { reason: run.skipReason } : {}),
    metrics: [],
    derived: [],
    warnings: [],
  };
}

/** Every trial of every planned run, round by round; false when interrupted. */
async function measureAll(
  plan: PlannedRun[],
  results: ProbeResult[],
  rounds: Round[],
  config: RunConfig,
  options: RunOptions & { cross?: Placement },
): Promise<boolean> {
  const totalEstimateMs = config.trials * plan.reduce((sum, p) => sum + (p.skipReason ? 0 : p.estimateMs), 0);
  const inProcess = (options.isolation ?? 'process') === 'none';
  for (let trial = 0; trial < config.trials; trial++) {
    if (options.signal?.aborted) return false;
    const progress = (index: number) => ({
      probe: plan[index]!.probe,
      placement: plan[index]!.placement.kind,
      trial: trial + 1,
      trials: config.trials,
      index,
      total: plan.length,
      estimateMs: plan[index]!.estimateMs,
      totalEstimateMs,
    });
    let cancelled = false;
    const emit = (event: RoundEvent) => {
      switch (event.kind) {
        case 'calibrated':
          rounds.push(event.round);
          return;
        case 'start':
          return options.onProgress?.({ phase: 'start', ...progress(event.index) });
        case 'measured': {
          const planned = plan[event.index]!,
            result = results[event.index]!;
          addTrial(
            result.metrics,
            planned.probe,
            planned.placement,
            { ...planned.params, ...planned.labels },
            event.measurements,
            event.durationMs,
            config.rawSamplesPerTrial,
            event.idleEntries,
            {
              interference: event.interference,
              disturbance: event.disturbance,
              ...(event.crossWakeLevelNs !== undefined ? { crossWakeLevelNs: event.crossWakeLevelNs } : {}),
            },
          );
          for (const w of event.warnings)
            if (!result.warnings.some((kept) => sameDiagnostic(kept, w))) result.warnings.push(w);
          return options.onProgress?.({ phase: 'done', ...progress(event.index), status: result.status });
        }
        case 'failed': {
          const result = results[event.index]!;
          result.status = 'failed';
          result.reason = event.reason;
          return options.onProgress?.({ phase: 'done', ...progress(event.index), status: result.status });
        }
        case 'cancelled':
          cancelled = true;
      }
    };
    const job: RoundJob = {
      trial,
      plan,
      indices: plan.flatMap((_, index) => (results[index]!.status === 'ok' ? [index] : [])),
      seed: config.seed + 7919 * trial,
      realtime: options.realtime ?? false,
      idle: config.idle,
      ...(options.cross ? { cross: options.cross } : {}),
      calibrate: true,
    };
    if (inProcess) await runRound(job, emit, () => options.signal?.aborted ?? false);
    else await roundInWorker(job, emit, options.signal);
    if (cancelled || options.signal?.aborted) return false;
  }
  return true;
}

/** A warning when some of a run's trials were disturbed: how many, and the first one's reasons. */
function disturbanceWarnings(result: ProbeResult): Diagnostic[] {
  // Every metric of a run shares its trials' interference: count one metric's trials.
  const trials = result.metrics[0]?.trials ?? [];
  const disturbed = trials.flatMap((t, i) => (t.disturbance?.disturbed ? [{ trial: i + 1, ...t.disturbance }] : []));
  if (!disturbed.length) return [];
  const first = disturbed[0]!;
  return [
    {
      code: DiagnosticCode.trialsDisturbed,
      params: { disturbed: disturbed.length, trials: trials.length, firstTrial: first.trial, reasons: first.reasons },
    },
  ];
}

/** A warning when the rounds' calibrations fell into two regimes. */
function regimeWarnings(rounds: Round[]): Diagnostic[] {
  const modes = twoModes(rounds.flatMap((r) => (r.crossWakeP50Ns !== undefined ? [r.crossWakeP50Ns] : [])));
  if (!modes) return [];
  const [low, high] = modes;
  return [
    {
      code: DiagnosticCode.wakeRegimeSwitched,
      params: { lowNs: low.valueNs, lowRounds: low.trials, highNs: high.valueNs, highRounds: high.trials },
    },
  ];
}

export async function run(options: RunOptions = {}): Promise<ResultsDocument> {
  const startedAt = new Date().toISOString();
  const { host, config, plan, doctor, cross, warnings, locks } = await prepare(options);
  const rounds: Round[] = [];
  const results = plan.map(emptyResult);
  // In-process rounds stop the probe in flight here; worker rounds tell their worker.
  const onAbort = () => (options.isolation === 'none' ? addon().cancel() : undefined);
  options.signal?.addEventListener('abort', onAbort);
  // --idle poll holds polling for the whole run; released however the run ends.
  const hold = config.idle === 'poll' ? holdIdlePolling() : undefined;
  let complete: boolean;
  let go: GoResults | undefined;
  try {
    complete = await measureAll(plan, results, rounds, config, { ...options, ...(cross ? { cross } : {}) });
    if (options.withGo && complete)
      go = await runGo({
        cpus: cross ? cross.cpus : config.cpus.slice(0, 1),
        ...(options.signal ? { signal: options.signal } : {}),
      });
  } finally {
    hold?.release();
    locks?.release();
    options.signal?.removeEventListener('abort', onAbort);
  }
  // Phase 3: assemble.
  for (const result of results) {
    result.warnings.push(...disturbanceWarnings(result));
    result.warnings.push(...finishMetrics(result.metrics));
    result.derived = deriveFigures(result, results);
  }
  const version = toolVersion();
  const revision = gitRevision();
  const doc: ResultsDocument = {
    $schema: schemaUrl(version),
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'schedcost', version },
    invocation: {
      commandLine: options.commandLine ?? [],
      labels: options.labels ?? {},
      ...(revision ? { gitRevision: revision } : {}),
      ...(options.configFile ? { configFile: options.configFile } : {}),
    },
    startedAt,
    endedAt: new Date().toISOString(),
    complete,
    config: {
      suite: config.suite,
      probes: config.probes,
      cpus: config.cpus,
      trials: config.trials,
      seed: config.seed,
      samplesScale: config.samplesScale,
      timeoutMs: Math.max(...plan.map((p) => p.timeoutMs)),
      rawSamplesPerTrial: config.rawSamplesPerTrial,
      realtime: options.realtime ?? false,
      idle: config.idle,
      cpuLock: config.lock,
      ...(Object.keys(config.params).length ? { params: config.params } : {}),
    },
    host,
    rounds,
    doctor,
    probes: results,
    warnings: [...warnings, ...regimeWarnings(rounds)],
  };
  // Before the model: the claims about the runtime are judged on it.
  if (go) doc.go = withCounterparts(go, doc);
  // The measurements are the run's value: a model that cannot be built is a
  // warning in the document, never a lost run.
  try {
    const model = modelOf(doc);
    if (model) doc.model = model;
  } catch (error) {
    doc.warnings.push({ code: DiagnosticCode.modelFailed, params: { message: (error as Error).message } });
  }
  return doc;
}
