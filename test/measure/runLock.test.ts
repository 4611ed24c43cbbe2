// One measurement at a time per host: the per-CPU flock, taken by another
// process (a small node child holding it), refused with the holder's pid,
// free the moment that child is SIGKILLed, no conflict between disjoint CPUs,
// and a wait that succeeds once the holder lets go.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, linkSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { acquireCpuLocks, describeHolder, lockDirectory, parseHolder, RunLockedError } from '../../src/host/runLock.js';
import { addon } from '../../src/native.js';

const runLockModule = fileURLToPath(new URL('../../src/host/runLock.js', import.meta.url));
const nativeModule = fileURLToPath(new URL('../../src/native.js', import.meta.url));

/**
 * A child that locks `cpus` in `dir`, says "locked", and releases after holdMs
 * or holds them; it lives until killed. Before releasing it creates
 * <dir>/released synchronously: a lock granted after the release finds that
 * file, whatever order the child's stdout reaches us in.
 */
const HOLDER = `
const [dir, cpus, holdMs] = process.argv.slice(2);
const { writeFileSync } = await import('node:fs');
const { join } = await import('node:path');
const { acquireCpuLocks } = await import(${JSON.stringify(runLockModule)});
const { addon } = await import(${JSON.stringify(nativeModule)});
const locks = await acquireCpuLocks(cpus.split(',').map(Number), { locker: addon(), waitSeconds: 0, dir });
process.stdout.write('locked\\n');
const hold = Number(holdMs);
if (hold > 0) setTimeout(() => { writeFileSync(join(dir, 'released'), ''); locks.release(); }, hold);
setInterval(() => {}, 1000);
`;

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function lockDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'schedcost-lock-'));
  dirs.push(dir);
  return dir;
}

interface Holder {
  child: ChildProcess;
  pid: number;
}

async function startHolder(dir: string, cpus: number[], holdMs = 0): Promise<Holder> {
  const script = join(dir, 'holder.mjs');
  writeFileSync(script, HOLDER);
  const child = spawn(process.execPath, [script, dir, cpus.join(','), String(holdMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      lines.push(...chunk.split('\n').filter(Boolean));
      if (lines.includes('locked')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the holder exited (${code}) before locking`)));
  });
  await ready;
  return { child, pid: child.pid! };
}

async function kill(holder: Holder | undefined): Promise<void> {
  if (!holder || holder.child.exitCode !== null || holder.child.signalCode !== null) return;
  const exited = once(holder.child, 'exit');
  holder.child.kill('SIGKILL');
  await exited;
}

test('a CPU another process holds is refused, naming its pid and command', async () => {
  const dir = lockDir();
  let holder: Holder | undefined;
  try {
    holder = await startHolder(dir, [1]);
    const refused = await acquireCpuLocks([1], { locker: addon(), waitSeconds: 0, dir }).then(
      () => assert.fail('the second lock on CPU 1 was granted'),
      (error: unknown) => error,
    );
    assert.ok(refused instanceof RunLockedError, String(refused));
    assert.equal(refused.cpu, 1);
    assert.equal(refused.holder.pid, holder.pid);
    assert.match(refused.holder.cmd ?? '', /holder\.mjs/);
    assert.match(refused.message, new RegExp(`CPU 1 is being measured by pid ${holder.pid} \\(.*holder\\.mjs`));
    assert.match(refused.holder.since ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  } finally {
    await kill(holder);
  }
});

test('the lock is free the moment its holder is killed with SIGKILL: no stale lock', async () => {
  const dir = lockDir();
  let holder: Holder | undefined;
  try {
    holder = await startHolder(dir, [0, 1]);
    await assert.rejects(acquireCpuLocks([0], { locker: addon(), waitSeconds: 0, dir }), RunLockedError);
    await kill(holder);
    const locks = await acquireCpuLocks([0, 1], { locker: addon(), waitSeconds: 0, dir });
    assert.deepEqual(locks.cpus, [0, 1]);
    locks.release();
    locks.release(); // twice is harmless
  } finally {
    await kill(holder);
  }
});

test('disjoint CPUs do not conflict', async () => {
  const dir = lockDir();
  let holder: Holder | undefined;
  try {
    holder = await startHolder(dir, [0]);
    const locks = await acquireCpuLocks([1], { locker: addon(), waitSeconds: 0, dir });
    assert.deepEqual(locks.cpus, [1]);
    locks.release();
  } finally {
    await kill(holder);
  }
});

test('waiting succeeds when the holder releases within the wait; onWait is told once, with the holder', async () => {
  const dir = lockDir();
  let holder: Holder | undefined;
  try {
    holder = await startHolder(dir, [1], 600);
    const messages: string[] = [];
    const started = performance.now();
    const locks = await acquireCpuLocks([1, 0], {
      locker: addon(),
      waitSeconds: 5,
      dir,
      onWait: (message) => messages.push(message),
    });
    const waitedMs = performance.now() - started;
    assert.deepEqual(locks.cpus, [0, 1]);
    assert.ok(existsSync(join(dir, 'released')), 'the holder released before we got the lock');
    assert.ok(holder.child.exitCode === null, 'the holder is still alive: the release freed it, not its death');
    assert.ok(waitedMs >= 300 && waitedMs < 4000, `waited ${waitedMs.toFixed(0)} ms`);
    assert.equal(messages.length, 1, messages.join(' | '));
    assert.match(messages[0]!, new RegExp(`^CPU 1 is being measured by pid ${holder.pid} .*waiting up to 5 s`));
    locks.release();
  } finally {
    await kill(holder);
  }
});

test('a wait that runs out releases what it took and throws; an abort ends the wait with its reason', async () => {
  const dir = lockDir();
  let holder: Holder | undefined;
  try {
    holder = await startHolder(dir, [1]);
    const started = performance.now();
    await assert.rejects(
      acquireCpuLocks([0, 1], { locker: addon(), waitSeconds: 0.4, dir }),
      (error: unknown) =>
        error instanceof RunLockedError && /waited 0.4 s/.test(error.message) && error.holder.pid === holder!.pid,
    );
    assert.ok(performance.now() - started >= 350);
    // CPU 0 was taken before the wait for CPU 1 began; it is free again.
    (await acquireCpuLocks([0], { locker: addon(), waitSeconds: 0, dir })).release();

    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('interrupted')), 300);
    const aborted = performance.now();
    await assert.rejects(
      acquireCpuLocks([0, 1], { locker: addon(), waitSeconds: 30, dir, signal: controller.signal }),
      /interrupted/,
    );
    assert.ok(performance.now() - aborted < 2000);
    (await acquireCpuLocks([0], { locker: addon(), waitSeconds: 0, dir })).release();
  } finally {
    await kill(holder);
  }
});

test('two runs in one process exclude each other too (flock is per open file)', async () => {
  const dir = lockDir();
  const first = await acquireCpuLocks([0], { locker: addon(), waitSeconds: 0, dir });
  try {
    await assert.rejects(
      acquireCpuLocks([0], { locker: addon(), waitSeconds: 0, dir }),
      (error: unknown) => error instanceof RunLockedError && error.holder.pid === process.pid,
    );
  } finally {
    first.release();
  }
  assert.throws(() => addon().unlock(12345), RangeError);
  await assert.rejects(acquireCpuLocks([-1], { locker: addon(), waitSeconds: 0, dir }), RangeError);
});

test('lock files are opened with care: no symlink followed, no hard-linked file written', async () => {
  const dir = lockDir();
  const target = join(dir, 'precious');
  writeFileSync(target, 'keep me');
  symlinkSync(target, join(dir, 'cpu0.lock'));
  await assert.rejects(acquireCpuLocks([0], { locker: addon(), waitSeconds: 0, dir }), /lock file/);
  linkSync(target, join(dir, 'cpu1.lock'));
  await assert.rejects(acquireCpuLocks([1], { locker: addon(), waitSeconds: 0, dir }), /not a plain file/);
});

test('lock directory: the first usable candidate, made mode 01777 so every user can lock', () => {
  const base = lockDir();
  const file = join(base, 'a-file');
  writeFileSync(file, '');
  const chosen = lockDirectory([join(file, 'sub'), file, join(base, 'schedcost')]);
  assert.equal(chosen, join(base, 'schedcost'));
  assert.equal(statSync(chosen).mode & 0o7777, 0o1777);
  assert.equal(lockDirectory([chosen]), chosen, 'an existing directory is used as it is');
  assert.throws(() => lockDirectory([file]), /no directory for the CPU lock files \(.*a-file: not a directory\)/);
});

test('holder records: parsed leniently, described with what is known', () => {
  assert.deepEqual(parseHolder(`pid=${process.pid}\nsince=2026-01-02T03:04:05Z\ncmd=node a b=c\n`), {
    pid: process.pid,
    since: '2026-01-02T03:04:05Z',
    cmd: 'node a b=c',
  });
  assert.deepEqual(parseHolder(''), {});
  assert.equal(describeHolder({}), 'another process (it has not recorded itself)');
  assert.equal(
    describeHolder({ pid: process.pid, cmd: 'node x', since: '2026-01-02T03:04:05Z' }),
    `pid ${process.pid} (node x) since 2026-01-02T03:04:05Z`,
  );
  assert.match(describeHolder({ pid: 2 ** 22 + 1 }), /no such process visible here/);
});
