// One measurement at a time per host (issue 12): two runs sharing a CPU each
// measure the other. A run holds an advisory lock per CPU it may place
// threads on: flock(2) on <dir>/cpu<N>.lock through the addon (Node has no
// flock). The kernel drops a flock when its holder's last descriptor closes,
// also when the process dies, so a killed run leaves no stale lock; the lock
// files themselves stay (empty) and mean nothing on their own.
//
// The directory is the first usable of /run/schedcost (tmpfs, shared by every
// user; created mode 01777 so any user can add lock files, sticky so none can
// delete another's), the OS temp directory's schedcost/ (also shared by
// users), $XDG_RUNTIME_DIR/schedcost (this user's only). Runs that fell back to
// different directories do not see each other: a root run creates
// /run/schedcost once, after which every user's run finds it writable.
//
// This module never loads the addon (the layers allow only run.ts and the
// measuring commands to): the caller passes it in as `locker`.
import { chmodSync, constants, accessSync, lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The addon's two lock functions (src/native.ts). */
export interface FileLocker {
  tryLock(path: string): { fd: number } | { heldBy: string };
  unlock(fd: number): void;
}

/** What a lock's holder wrote into the lock file. */
export interface LockHolder {
  pid?: number;
  /** When it took the lock (ISO 8601 UTC). */
  since?: string;
  cmd?: string;
}

/** Another measurement holds a CPU this run needs, longer than it was willing to wait: exit 1. */
export class RunLockedError extends Error {
  override readonly name = 'RunLockedError';
  constructor(
    message: string,
    readonly cpu: number,
    readonly holder: LockHolder,
  ) {
    super(message);
  }
}

export interface CpuLocks {
  /** The directory the lock files are in. */
  readonly dir: string;
  /** The CPUs held, ascending. */
  readonly cpus: number[];
  /** Releases every lock (in reverse order); calling it again does nothing. */
  release(): void;
}

export interface CpuLockOptions {
  /** The addon (src/native.ts addon()). */
  locker: FileLocker;
  /** How long to wait for a CPU another measurement holds before giving up; 0: do not wait. */
  waitSeconds: number;
  /** Called once, when the run first has to wait, with a message naming the holder. */
  onWait?: (message: string) => void;
  /** Where the lock files are; default lockDirectory(). */
  dir?: string;
  /** Stops waiting (the locks taken so far are released and the signal's reason thrown). */
  signal?: AbortSignal;
  /** Poll interval while waiting. */
  pollMs?: number;
}

export const POLL_MS = 200;

/** Where lock files may live, in order of preference. */
export function lockDirCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = ['/run/schedcost', join(tmpdir(), 'schedcost')];
  if (env.XDG_RUNTIME_DIR) dirs.push(join(env.XDG_RUNTIME_DIR, 'schedcost'));
  return dirs;
}

/**
 * The first candidate that is (or can be made) a real directory, owned by this
 * user or root, that this process can create files in. Creates it mode 01777.
 * Throws an Error listing why each candidate was refused.
 */
export function lockDirectory(candidates: string[] = lockDirCandidates()): string {
  const refusals: string[] = [];
  for (const dir of candidates) {
    try {
      let created = false;
      try {
        mkdirSync(dir, { mode: 0o1777 });
        created = true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      // mkdir's mode passes through the umask; set it outright.
      if (created) chmodSync(dir, 0o1777);
      const st = lstatSync(dir);
      if (!st.isDirectory()) throw new Error('not a directory');
      // Another user's directory could be swapped under us: only ours or root's.
      if (st.uid !== 0 && st.uid !== process.getuid?.()) throw new Error(`owned by uid ${st.uid}`);
      accessSync(dir, constants.W_OK | constants.X_OK);
      return dir;
    } catch (error) {
      refusals.push(`${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  throw new Error(`no directory for the CPU lock files (${refusals.join('; ')})`);
}

/** Parses the `key=value` lines the addon writes into a lock file. */
export function parseHolder(text: string): LockHolder {
  const holder: LockHolder = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1).trim();
    if (key === 'pid' && /^\d+$/.test(value)) holder.pid = Number(value);
    else if (key === 'since' && value) holder.since = value;
    else if (key === 'cmd' && value) holder.cmd = value;
  }
  return holder;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** "pid 123 (node schedcost run) since 2026-…Z", or what is known when the holder wrote nothing usable. */
export function describeHolder(holder: LockHolder): string {
  if (holder.pid === undefined) return 'another process (it has not recorded itself)';
  const cmd = holder.cmd ? ` (${holder.cmd.length > 200 ? `${holder.cmd.slice(0, 200)}…` : holder.cmd})` : '';
  // A pid that names nobody here: a process in another PID namespace (a
  // container sharing /run), or the record of a holder killed before it
  // emptied the file whose successor could not rewrite it.
  const seen = isAlive(holder.pid) ? '' : ' [recorded pid; no such process visible here]';
  return `pid ${holder.pid}${cmd}${holder.since ? ` since ${holder.since}` : ''}${seen}`;
}

function checkCpus(cpus: number[]): number[] {
  for (const cpu of cpus)
    if (!Number.isInteger(cpu) || cpu < 0) throw new RangeError(`invalid CPU '${String(cpu)}' to lock`);
  return [...new Set(cpus)].sort((a, b) => a - b);
}

/**
 * Locks every CPU in `cpus`, in ascending order (so two runs wanting
 * overlapping sets cannot each hold what the other waits for). A CPU another
 * measurement holds is polled every pollMs, keeping the CPUs already taken,
 * until waitSeconds have passed; then everything taken is released and a
 * RunLockedError names the holder.
 */
export async function acquireCpuLocks(cpus: number[], options: CpuLockOptions): Promise<CpuLocks> {
  const sorted = checkCpus(cpus);
  if (!(options.waitSeconds >= 0)) throw new RangeError('waitSeconds must be 0 or more');
  const dir = options.dir ?? lockDirectory();
  const pollMs = options.pollMs ?? POLL_MS;
  const deadline = performance.now() + options.waitSeconds * 1000;
  const held: number[] = [];
  const release = () => {
    for (let fd = held.pop(); fd !== undefined; fd = held.pop()) options.locker.unlock(fd);
  };
  let told = false;
  try {
    for (const cpu of sorted) {
      const path = join(dir, `cpu${cpu}.lock`);
      for (let attempt = 0; ; attempt++) {
        options.signal?.throwIfAborted();
        const result = options.locker.tryLock(path);
        if ('fd' in result) {
          held.push(result.fd);
          break;
        }
        const holder = parseHolder(result.heldBy);
        const who = describeHolder(holder);
        const remainingMs = deadline - performance.now();
        if (remainingMs <= 0)
          throw new RunLockedError(
            `CPU ${cpu} is being measured by ${who}` +
              (options.waitSeconds > 0 ? `; waited ${options.waitSeconds} s for it` : '') +
              ` (lock file ${path}). Two measurements on one CPU disturb each other: wait for it, or measure other CPUs.`,
            cpu,
            holder,
          );
        // A holder that has just taken the lock may not have written itself yet:
        // name it from the next poll rather than as "another process".
        if (!told && (holder.pid !== undefined || attempt > 0)) {
          options.onWait?.(
            `CPU ${cpu} is being measured by ${who}; waiting up to ${options.waitSeconds} s for it to finish`,
          );
          told = true;
        }
        // An abort ends the wait with the signal's reason, as throwIfAborted does.
        await sleep(Math.min(pollMs, remainingMs), undefined, options.signal ? { signal: options.signal } : {}).catch(
          (error: unknown) => {
            options.signal?.throwIfAborted();
            throw error;
          },
        );
      }
    }
  } catch (error) {
    release();
    throw error;
  }
  return { dir, cpus: sorted, release };
}
