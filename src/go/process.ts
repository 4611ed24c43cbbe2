// Runs a command with a watchdog: bounded time (killed with SIGKILL when it
// is over), bounded output, and cancellation. It never throws: the outcome
// says what happened.
import { spawn } from 'node:child_process';

export interface ProcessOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  /** The command could not be started (ENOENT, EACCES, ...). */
  error?: string;
}

export interface ProcessOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Output kept per stream, in bytes (the rest is dropped). */
  maxOutputBytes?: number;
}

export function runProcess(command: string, args: string[], options: ProcessOptions): Promise<ProcessOutcome> {
  const cap = options.maxOutputBytes ?? 16 * 1024 * 1024;
  return new Promise((resolvePromise) => {
    const outcome: ProcessOutcome = {
      code: null,
      signal: null,
      stdout: '',
      stderr: '',
      timedOut: false,
      aborted: false,
    };
    if (options.signal?.aborted) {
      resolvePromise({ ...outcome, aborted: true });
      return;
    }
    const stdout: Buffer[] = [],
      stderr: Buffer[] = [];
    let stdoutBytes = 0,
      stderrBytes = 0;
    const child = spawn(command, args, {
      env: options.env,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      stdio: ['ignore', null, null], // null: a pipe
    });
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      outcome.timedOut = true;
      kill();
    }, options.timeoutMs);
    const onAbort = () => {
      outcome.aborted = true;
      kill();
    };
    options.signal?.addEventListener('abort', onAbort);
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdoutBytes < cap) stdout.push(chunk);
      stdoutBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes < cap) stderr.push(chunk);
      stderrBytes += chunk.length;
    });
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      outcome.stdout = Buffer.concat(stdout).toString('utf8');
      outcome.stderr = Buffer.concat(stderr).toString('utf8');
      resolvePromise(outcome);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      outcome.error = error.code ? `${error.code}: ${error.message}` : error.message;
      settle();
    });
    child.on('close', (code, signal) => {
      outcome.code = code;
      outcome.signal = signal;
      settle();
    });
    // Killed by the watchdog: done at once, even if a grandchild still holds the pipes open.
    child.on('exit', (code, signal) => {
      if (!outcome.timedOut && !outcome.aborted) return;
      outcome.code = code;
      outcome.signal = signal;
      child.stdout.destroy();
      child.stderr.destroy();
      settle();
    });
  });
}

/** The last lines of a command's error output, for a one-line reason. */
export function tail(text: string, lines = 6): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}
