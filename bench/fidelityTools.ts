// How each independent reference runs and how its output is read. Every run
// is bounded twice (a loop count, and a spawn timeout that kills it); a parser
// that does not find what it expects returns undefined, and the caller
// reports the head of the output instead of guessing a number.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** No single reference run may take longer than this. */
const SPAWN_TIMEOUT_MS = 60_000;

export type ToolRun = { ok: true; stdout: string; stderr: string } | { ok: false; missing: boolean; reason: string };

function head(text: string | null | undefined, chars = 200): string {
  const t = (text ?? '').trim().replace(/\s+/g, ' ');
  return t.length > chars ? `${t.slice(0, chars)}…` : t || '(no output)';
}

/** Runs argv to completion (killed after timeoutMs); `missing` when the program is not on PATH. */
export function runTool(argv: readonly string[], timeoutMs = SPAWN_TIMEOUT_MS): ToolRun {
  const [file, ...args] = argv;
  if (!file) throw new RangeError('empty command');
  const run = spawnSync(file, args, {
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = argv.join(' ');
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, missing: true, reason: `${file} is not installed (not on PATH)` };
    if (code === 'ETIMEDOUT')
      return { ok: false, missing: false, reason: `'${line}' was killed after ${timeoutMs / 1000} s` };
    return { ok: false, missing: false, reason: `'${line}': ${run.error.message}` };
  }
  if (run.status !== 0)
    return {
      ok: false,
      missing: false,
      reason: `'${line}' exited with ${run.status ?? run.signal}: ${head(run.stderr || run.stdout)}`,
    };
  return { ok: true, stdout: run.stdout, stderr: run.stderr };
}

/** Why `argv` (a harmless query such as --version) cannot run here, or undefined when it can. */
export function unavailable(argv: readonly string[]): string | undefined {
  const run = runTool(argv, 10_000);
  if (run.ok) return undefined;
  // Some tools answer --help with a non-zero status; only a missing program or a hang counts.
  return run.missing || /killed after/.test(run.reason) ? run.reason : undefined;
}

export function outputHead(text: string): string {
  return head(text);
}

// ---- perf bench ----------------------------------------------------------

/** `perf bench sched pipe` / `syscall basic` print "<x> usecs/op" (a mean over all loops); in ns. */
export function parsePerfUsecsPerOp(stdout: string): number | undefined {
  const match = /([\d.]+)\s+usecs\/op/.exec(stdout);
  const value = match ? Number(match[1]) * 1000 : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * `perf bench futex wake` ends with "Wokeup W of N threads in T ms (+-S%)": T is the mean over
 * repeats of the gettimeofday-timed loop that issues FUTEX_WAKE(1) until all N waiters are woken.
 * Returns that loop's mean time per woken waiter, in ns.
 */
export function parsePerfFutexWake(stdout: string): { nsPerWake: number; woken: number } | undefined {
  const match = /Wokeup\s+(\d+)\s+of\s+(\d+)\s+threads\s+in\s+([\d.]+)\s+ms\s+\(\+-/.exec(stdout);
  if (!match) return undefined;
  const woken = Number(match[1]),
    ms = Number(match[3]);
  return woken > 0 && Number.isFinite(ms) && ms > 0 ? { nsPerWake: (ms * 1e6) / woken, woken } : undefined;
}

// ---- rt-tests: ptsematest, sigwaittest -----------------------------------

/** One pair's result: the receiver's mean latency (gettimeofday µs steps) and where the threads last ran. */
export interface RtPairResult {
  avgNs: number;
  receiverCpu: number;
  senderCpu: number;
  cycles: number;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The --json file of ptsematest/sigwaittest (rt-tests ≥ 2.0): thread."0".receiver.avg in µs, 2 decimals. */
export function parseRtJson(text: string): RtPairResult | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const pair = (doc as { thread?: Record<string, unknown> } | null)?.thread?.['0'] as
    { sender?: Record<string, unknown>; receiver?: Record<string, unknown> } | undefined;
  const avgUs = num(pair?.receiver?.avg),
    receiverCpu = num(pair?.receiver?.cpu),
    senderCpu = num(pair?.sender?.cpu),
    cycles = num(pair?.sender?.samples);
  if (avgUs === undefined || receiverCpu === undefined || senderCpu === undefined || cycles === undefined)
    return undefined;
  return { avgNs: avgUs * 1000, receiverCpu, senderCpu, cycles };
}

/** The -q summary of ptsematest/sigwaittest, when there is no JSON: Avg is rounded to whole µs. */
export function parseRtSummary(stdout: string): RtPairResult | undefined {
  const threads = /#0:\s*ID\d+,\s*P\d+,\s*CPU(-?\d+),[^;]*;\s*#1:\s*ID\d+,\s*P\d+,\s*CPU(-?\d+),\s*Cycles\s+(\d+)/.exec(
    stdout,
  );
  const stats = /#1 -> #0,\s*Min\s+\d+,\s*Cur\s+\d+,\s*Avg\s+(\d+),\s*Max\s+\d+/.exec(stdout);
  if (!threads || !stats) return undefined;
  return {
    avgNs: Number(stats[1]) * 1000,
    receiverCpu: Number(threads[1]),
    senderCpu: Number(threads[2]),
    cycles: Number(threads[3]),
  };
}

// ---- cyclictest -----------------------------------------------------------

/** `cyclictest -N -v` prints every sample as "thread: cycle: latency" (ns with -N). */
export function parseCyclictestSamples(stdout: string): number[] {
  const values: number[] = [];
  for (const match of stdout.matchAll(/^\s*0:\s*\d+:\s*(-?\d+)\s*$/gm)) values.push(Number(match[1]));
  return values;
}

// ---- the C reference (bench/reference/futex_ref.c) ------------------------

export interface FutexRefResult {
  p50Ns: number;
  kept: number;
  offCpu: number;
  notAsleep: number;
  /** wake mode: median time the sleeper was blocked before its wake. */
  idleP50Ns: number;
}

export function parseFutexRef(stdout: string): FutexRefResult | undefined {
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    const doc = JSON.parse(last) as Record<string, unknown>;
    const p50Ns = num(doc.p50Ns),
      kept = num(doc.kept);
    if (p50Ns === undefined || kept === undefined || kept <= 0 || p50Ns < 0) return undefined;
    return {
      p50Ns,
      kept,
      offCpu: num(doc.offCpu) ?? 0,
      notAsleep: num(doc.notAsleep) ?? 0,
      idleP50Ns: num(doc.idleP50Ns) ?? -1,
    };
  } catch {
    return undefined;
  }
}

function referenceSource(): string | undefined {
  const candidates = [
    // dist/bench/*.js → bench/reference/
    fileURLToPath(new URL('../../bench/reference/futex_ref.c', import.meta.url)),
    join(process.cwd(), 'bench', 'reference', 'futex_ref.c'),
  ];
  return candidates.find((path) => existsSync(path));
}

/** Compiles the C reference into dir with `cc -O2 -pthread`: its path, or why not. */
export function compileReference(dir: string): { binary: string; command: string } | { reason: string } {
  const source = referenceSource();
  if (!source) return { reason: 'bench/reference/futex_ref.c was not found' };
  const binary = join(dir, 'futex_ref');
  const argv = ['cc', '-O2', '-pthread', '-o', binary, source];
  const run = runTool(argv, 120_000);
  if (!run.ok) return { reason: run.missing ? 'no C compiler (cc) on PATH' : `compiling failed: ${run.reason}` };
  return { binary, command: argv.join(' ') };
}

// ---- timer slack ------------------------------------------------------------

const SLACK_FILE = '/proc/self/timerslack_ns';

/**
 * Runs fn (which spawns synchronously) with this process's timer slack set to ns, so the child
 * inherits it (slack survives fork and exec), then restores it. Returns the slack the child got;
 * undefined when it cannot be read (then the kernel default of 50 µs is the likely value).
 */
export function withTimerSlack<T>(ns: number, fn: () => T): { result: T; slackNs: number | undefined } {
  let before: string | undefined;
  try {
    before = readFileSync(SLACK_FILE, 'utf8').trim();
    writeFileSync(SLACK_FILE, String(ns));
  } catch {
    // No such file (kernel < 4.6) or not writable: the child keeps ours.
  }
  let slackNs: number | undefined;
  try {
    slackNs = Number(readFileSync(SLACK_FILE, 'utf8').trim());
    if (!Number.isFinite(slackNs)) slackNs = undefined;
  } catch {
    slackNs = undefined;
  }
  try {
    return { result: fn(), slackNs };
  } finally {
    if (before !== undefined) {
      try {
        writeFileSync(SLACK_FILE, before);
      } catch {
        // Left as set; only timers of this process are affected.
      }
    }
  }
}

/** The cpuidle driver in use ('none' when the idle loop only halts or polls), or undefined. */
export function cpuidleDriver(): string | undefined {
  try {
    return readFileSync('/sys/devices/system/cpu/cpuidle/current_driver', 'utf8').trim();
  } catch {
    return undefined;
  }
}
