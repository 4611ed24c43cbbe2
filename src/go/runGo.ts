// runGo(): find a Go toolchain, build the program in go/, run it with a
// watchdog, check its output and return GoResults. It never throws for the
// host's sake: without Go, or when the build fails, the result says
// `skipped` and why; when the program fails, `failed` and why. Only bad
// options throw (UsageError).
import { performance } from 'node:perf_hooks';
import { UsageError } from '../errors.js';
import { readAllowedCpus, smtSiblingGroups } from '../host/fingerprint.js';
import { choosePlacements } from '../plan/placement.js';
import { buildProgram } from './build.js';
import { runProcess, tail } from './process.js';
import { parseProgramOutput } from './programOutput.js';
import { goFailed, goSkipped, toGoResults } from './results.js';
import type { GoResults } from './goResultsSchema.js';
import { findGo, goVersion, programEnv } from './toolchain.js';
import { DiagnosticCode } from '../catalogue/index.js';
import type { GoFailure } from './goResultsSchema.js';

export interface GoRunOptions {
  /** The waker's CPU, then T's home CPU (default: the pair the emulation's cross-CPU probes use, plan/placement.ts); one CPU skips the cross-CPU cases. */
  cpus?: number[];
  /** Rounds every measurement repeats over (1-100, default 5). */
  rounds?: number;
  /** Multiplies sample counts and loop durations (0 < scale ≤ 100, default 1). */
  scale?: number;
  /** Seed of the random idle gaps. */
  seed?: number;
  /** The program's watchdog in ms (default: four times its expected duration, at least 30 s). */
  timeoutMs?: number;
  /** Where to look for go (PATH, SCHEDCOST_GO); default process.env. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /**
   * Called with the program's CPUs right before it runs (after the build),
   * e.g. to take schedcost's per-CPU locks; what it returns is released when
   * the program has ended. An error it throws propagates.
   */
  holdCpus?: (cpus: number[]) => Promise<{ release(): void }>;
}

const DEFAULT_ROUNDS = 5;
const WAKE_SAMPLES = 600,
  WAKE_WARMUP = 20,
  RETAKE_SAMPLES = 200,
  RETAKE_WARMUP = 10,
  DURATION_NS = 200e6,
  RETAKE_SYSCALL_NS = 500e3,
  WAKE_CONFIGS = 12,
  THROUGHPUT_CONFIGS = 7,
  // Where an unlocked receiver runs as the sender keeps running: up to Go's 10 ms slice.
  STEAL_SLICES_NS = [20e3, 50e3, 100e3, 1e6, 10e6],
  STEAL_BUDGET_NS = 40e6,
  STEAL_MIN_SAMPLES = 10,
  STEAL_WARMUP = 5;

/**
 * The CPUs the Go program uses when none are given: the emulation's
 * cross-CPU pair (the waker's, then T's home: the first allowed CPU and the
 * first that is not its SMT sibling), or one CPU where only one is allowed.
 */
function defaultGoCpus(): number[] {
  const allowed = readAllowedCpus() ?? [0];
  const placements = choosePlacements(allowed, smtSiblingGroups(allowed));
  return (placements.cross ?? placements.single).cpus;
}

function checkOptions(options: GoRunOptions) {
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 100)
    throw new UsageError('rounds must be a whole number from 1 to 100');
  const scale = options.scale ?? 1;
  if (typeof scale !== 'number' || !(scale > 0 && scale <= 100)) throw new UsageError('scale must lie in (0, 100]');
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError('seed must be a non-negative whole number');
  const cpus = options.cpus;
  if (cpus !== undefined) {
    if (!Array.isArray(cpus) || cpus.length < 1 || cpus.length > 2)
      throw new UsageError("give one or two CPUs: the waker's, then T's home");
    if (!cpus.every((c) => Number.isInteger(c) && c >= 0)) throw new UsageError('CPUs are non-negative whole numbers');
    if (cpus.length === 2 && cpus[0] === cpus[1]) throw new UsageError('the two CPUs must differ');
    const allowed = readAllowedCpus();
    const outside = allowed ? cpus.find((c) => !allowed.includes(c)) : undefined;
    if (outside !== undefined) throw new UsageError(`CPU ${outside} is not in the allowed set {${allowed!.join(',')}}`);
  }
  if (
    options.timeoutMs !== undefined &&
    !(Number.isInteger(options.timeoutMs) && options.timeoutMs >= 1 && options.timeoutMs <= 3_600_000)
  )
    throw new UsageError('timeout must be a whole number of milliseconds from 1 to 3600000');
  return { rounds, scale, seed, cpus: cpus ?? defaultGoCpus() };
}

/** The program's arguments, the CPUs it will use, and how long it should take (ms). */
function programPlan(options: GoRunOptions): { args: string[]; cpus: number[]; estimateMs: number } {
  const { rounds, scale, seed, cpus } = checkOptions(options);
  const n = (base: number, min: number) => Math.max(min, Math.round(base * scale));
  const wakeSamples = n(WAKE_SAMPLES, 5),
    wakeWarmup = Math.min(WAKE_WARMUP, n(WAKE_WARMUP, 3)),
    retakeSamples = n(RETAKE_SAMPLES, 5),
    retakeWarmup = Math.min(RETAKE_WARMUP, n(RETAKE_WARMUP, 3)),
    durationNs = n(DURATION_NS, 5e6),
    stealBudgetNs = n(STEAL_BUDGET_NS, 1e6),
    stealMinSamples = Math.min(STEAL_MIN_SAMPLES, n(STEAL_MIN_SAMPLES, 3));
  const args = [
    `-rounds=${rounds}`,
    `-seed=${seed}`,
    `-wake-samples=${wakeSamples}`,
    `-wake-warmup=${wakeWarmup}`,
    `-retake-samples=${retakeSamples}`,
    `-retake-warmup=${retakeWarmup}`,
    `-duration-ns=${durationNs}`,
    `-retake-syscall-ns=${RETAKE_SYSCALL_NS}`,
    `-steal-slices-ns=${STEAL_SLICES_NS.join(',')}`,
    `-steal-budget-ns=${stealBudgetNs}`,
    `-steal-min-samples=${stealMinSamples}`,
    `-steal-warmup=${STEAL_WARMUP}`,
    `-cpus=${cpus.join(',')}`,
  ];
  // A wake: the gap (50 µs on average), the wake and the handshake; a retake: the gap and the syscall;
  // a slice of the steal sweep: its budget, or its fewest samples (each with a moved receiver's refill).
  const stealNs = STEAL_SLICES_NS.reduce(
    (sum, slice) => sum + Math.max(stealBudgetNs, stealMinSamples * (slice + 600e3)) + STEAL_WARMUP * (slice + 600e3),
    0,
  );
  const estimateMs =
    (rounds *
      (WAKE_CONFIGS * (wakeSamples + wakeWarmup) * 150e3 +
        (retakeSamples + retakeWarmup) * (RETAKE_SYSCALL_NS + 150e3) +
        THROUGHPUT_CONFIGS * durationNs +
        stealNs)) /
      1e6 +
    500;
  return { args, cpus, estimateMs };
}

/** Measures the real Go runtime's counterparts of the emulated strategies (see go/). */
export async function runGo(options: GoRunOptions = {}): Promise<GoResults> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { args, cpus, estimateMs } = programPlan(options);
  const env = options.env ?? process.env;
  const signal = options.signal;
  const found = findGo(env);
  if ('missing' in found) return goSkipped(found.missing, elapsed());
  const version = await goVersion(found.go, env, signal);
  if ('error' in version) return goSkipped(version.error, elapsed());
  const toolchain = { go: found.go, version: version.version };
  const built = await buildProgram(found.go, version.version, env, signal);
  if ('error' in built)
    return goSkipped(
      { code: DiagnosticCode.goBuildFailed, params: { go: found.go, error: built.error } },
      elapsed(),
      toolchain,
    );
  const timeoutMs = options.timeoutMs ?? Math.max(30_000, Math.round(4 * estimateMs));
  const held = await options.holdCpus?.(cpus);
  let run;
  try {
    run = await runProcess(built.binary, args, { env: programEnv(env), timeoutMs, ...(signal ? { signal } : {}) });
  } finally {
    held?.release();
  }
  const failed = (reason: GoFailure) => goFailed(reason, elapsed(), toolchain);
  if (run.aborted) return failed({ code: DiagnosticCode.goInterrupted, params: {} });
  if (run.timedOut) return failed({ code: DiagnosticCode.goTimedOut, params: { timeoutMs } });
  if (run.code !== 0) {
    const why = run.error ?? (tail(run.stderr) || `exit ${run.code ?? run.signal}`);
    return failed({ code: DiagnosticCode.goProgramFailed, params: { error: why } });
  }
  try {
    return toGoResults(parseProgramOutput(run.stdout), toolchain, elapsed());
  } catch (error) {
    return failed({ code: DiagnosticCode.goOutputInvalid, params: { message: (error as Error).message } });
  }
}
