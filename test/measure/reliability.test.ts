import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { UsageError } from '../../src/errors.js';
import { DiagnosticCode, Probe } from '../../src/catalogue/index.js';
import { smtSiblingGroups } from '../../src/host/fingerprint.js';
import { lockDirectory, parseHolder } from '../../src/host/runLock.js';
import { addon } from '../../src/native.js';
import { choosePlacements } from '../../src/plan/placement.js';
import { schemaProblems } from '../../src/results/validate.js';
import { checkRunOptions, run, type ProgressEvent } from '../../src/run.js';
import { startCpuHog } from '../support/cpuHog.js';
import { cliPath, fdCount, readDocument, threadCount, threadCountSettledTo } from '../support/helpers.js';

const facts = await addon().hostFacts();

const dir = mkdtempSync(join(tmpdir(), 'schedcost-reliability-'));
const allowed = (await addon().hostFacts()).allowedCpus;

/** Starts the CLI; resolves with its exit code, signal and output. */
function start(args: string[]) {
  const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => {
    const started = Date.now();
    child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - started }));
  });
  return { child, exited, stderr: () => stderr };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the run's progress on stderr matches `pattern` (it is measuring), or throws after 60 s. */
async function untilProgress(run: ReturnType<typeof start>, pattern = /single-cpu|same-cpu|cross-cpu/): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!pattern.test(run.stderr())) {
    if (run.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the run never reported ${String(pattern)}: ${run.stderr()}`);
    await sleep(20);
  }
}

// A run whose trials interleave: a probe reports when its last trial ends, a
// third of the way before the run does, which leaves the signal a run to stop.
const interruptible = ['--trials', '3', '--scale', '0.3'];

test('SIGINT: the current probe stops, results so far are written marked incomplete, exit 130', async () => {
  const out = join(dir, 'interrupted.json');
  const running = start(['run', ...interruptible, '--json', out]);
  const { child, exited, stderr } = running;
  await untilProgress(running);
  const signalled = Date.now();
  child.kill('SIGINT');
  const { code } = await exited;
  assert.equal(code, 130, stderr());
  assert.ok(Date.now() - signalled < 10_000, `took ${Date.now() - signalled} ms to stop`);
  const doc = readDocument(out);
  assert.equal(doc.complete, false);
  assert.deepEqual(schemaProblems(doc), []);
  assert.match(stderr(), /interrupted/);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.endsWith('.tmp')),
    [],
  );
});

test('SIGTERM stops a run like SIGINT', async () => {
  const out = join(dir, 'terminated.json');
  const running = start(['run', ...interruptible, '--json', out]);
  const { child, exited } = running;
  await untilProgress(running);
  child.kill('SIGTERM');
  const { code } = await exited;
  assert.equal(code, 130);
  assert.equal(readDocument(out).complete, false);
});

test('an oversized results file is refused before it is read', () => {
  const huge = join(dir, 'huge.json');
  writeFileSync(huge, '');
  truncateSync(huge, 300 * 1024 * 1024); // sparse: no disk used
  const r = spawnSync(process.execPath, [cliPath, 'compare', huge, huge], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /larger than 256 MiB/);
});

test('a second SIGINT exits at once, never leaving a half-written file', async () => {
  const out = join(dir, 'twice.json');
  const running = start(['run', ...interruptible, '--json', out]);
  const { child, exited } = running;
  await untilProgress(running);
  child.kill('SIGINT');
  await sleep(20);
  const signalled = Date.now();
  child.kill('SIGINT');
  const { code, signal } = await exited;
  // 130 from our handler; or, if the first SIGINT had already ended the run
  // and its handlers were gone, the default action: killed by SIGINT.
  assert.ok(code === 130 || signal === 'SIGINT', `code ${code}, signal ${signal}`);
  assert.ok(Date.now() - signalled < 5000, `took ${Date.now() - signalled} ms to exit`);
  // The first SIGINT may already have ended the run and written the file; it is whole if it exists.
  if (existsSync(out)) assert.deepEqual(schemaProblems(readDocument(out)), []);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.endsWith('.tmp')),
    [],
  );
});

test(
  'an affinity mask that shrinks during the run fails the affected probes with a reason',
  { skip: allowed.length < 2 || !existsSync('/usr/bin/taskset') },
  async () => {
    const out = join(dir, 'shrunk.json');
    const { child, exited, stderr } = start([
      'run',
      '--trials',
      '1',
      '--probes',
      'syscall,futex-pingpong,futex-wake,tgkill',
      '--json',
      out,
    ]);
    while (!/syscall single-cpu/.test(stderr()) && child.exitCode === null) await sleep(20);
    // The run and its worker process: trials run in the worker, which inherited the mask before it shrank.
    const workers = spawnSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean);
    for (const pid of [String(child.pid), ...workers])
      spawnSync('/usr/bin/taskset', ['-a', '-p', '-c', String(allowed[0]), pid]);
    const { code } = await exited;
    assert.equal(code, 1, stderr());
    const doc = readDocument(out);
    const failed = doc.probes.filter((p: { status: string }) => p.status === 'failed');
    assert.ok(failed.length > 0);
    // The addon refuses a CPU the process may no longer use (a RangeError), and the run says so per probe.
    for (const p of failed)
      assert.ok(p.reason?.code === DiagnosticCode.probeError && p.reason.params.errorCode === 'RangeError', p.probe);
  },
);

test('disk full: a clear error, no half-written file, an existing file kept', (t) => {
  const mountPoint = join(dir, 'full');
  mkdirSync(mountPoint);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', mountPoint]);
  if (mounted.status !== 0) {
    t.skip('cannot mount a small tmpfs here');
    return;
  }
  try {
    const out = join(mountPoint, 'results.json');
    writeFileSync(out, 'previous');
    const r = spawnSync(
      process.execPath,
      [cliPath, 'run', '--trials', '1', '--scale', '0.05', '--probes', 'syscall,futex-wake', '--json', out, '--force'],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot write results to .*ENOSPC/);
    assert.equal(readFileSync(out, 'utf8'), 'previous');
    assert.deepEqual(readdirSync(mountPoint), ['results.json']);
  } finally {
    spawnSync('umount', [mountPoint]);
  }
});

test('property: random run options are accepted or refused with a UsageError, nothing else', () => {
  const anything = fc.oneof(
    fc.integer(),
    fc.double(),
    fc.string(),
    fc.constant(undefined),
    fc.constant(null),
    fc.array(fc.integer({ min: -2, max: 5000 })),
  );
  fc.assert(
    fc.property(
      fc.record(
        {
          suite: anything,
          probes: fc.oneof(anything, fc.array(fc.string())),
          cpus: anything,
          trials: anything,
          seed: anything,
          samplesScale: anything,
          timeoutMs: anything,
          rawSamplesPerTrial: anything,
        },
        { requiredKeys: [] },
      ),
      (options) => {
        try {
          checkRunOptions(options as never, allowed);
        } catch (error) {
          assert.ok(error instanceof UsageError, `${String(error)} for ${JSON.stringify(options)}`);
        }
      },
    ),
    { seed: 17, numRuns: 2000 },
  );
});

test('property: random requests straight into the addon only ever throw TypeError/RangeError or settle', async () => {
  const value = fc.oneof(
    fc.integer({ min: -3, max: 3 }),
    fc.double(),
    fc.string({ maxLength: 8 }),
    fc.constant(undefined),
    fc.constant(null),
    fc.boolean(),
    fc.array(fc.integer({ min: -1, max: 3 }), { maxLength: 3 }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.record(
        {
          probe: fc.oneof(value, fc.constantFrom('syscall', 'sleep', 'nope')),
          cpus: fc.oneof(value, fc.constant([allowed[0]])),
          samples: fc.oneof(value, fc.constant(3)),
          timeoutMs: fc.oneof(value, fc.constant(5000)),
          params: fc.oneof(value, fc.dictionary(fc.constantFrom('batch', 'requestedNs', 'x'), value)),
          warmup: value,
          realtime: value,
        },
        { requiredKeys: [] },
      ),
      async (request) => {
        let promise: Promise<unknown>;
        try {
          promise = addon().runProbe(request as never);
        } catch (error) {
          assert.ok(error instanceof TypeError || error instanceof RangeError, String(error));
          return;
        }
        await promise.catch((error: { code?: string; message?: string }) => assert.ok(error.code, error.message));
      },
    ),
    { seed: 23, numRuns: 400 },
  );
});

test('--rt refused: the run goes on and the document says so', async () => {
  addon().setFaultInjection({ denyRealtime: true });
  try {
    const doc = await run({ probes: ['syscall'], trials: 1, samplesScale: 0.05, realtime: true, isolation: 'none' });
    const probe = doc.probes[0]!;
    assert.equal(probe.status, 'ok');
    assert.ok(
      probe.warnings.some((w) => w.code === DiagnosticCode.realtimeRefused && w.params.error.length > 0),
      JSON.stringify(probe.warnings),
    );
    assert.equal(doc.config.realtime, true);
  } finally {
    addon().setFaultInjection({});
  }
});

/**
 * Aborts a run 50 ms after its first probe starts, while native threads
 * measure; sinceAbortMs() is NaN when it never fired.
 */
function abortMidProbe() {
  const controller = new AbortController();
  let abortedAt = 0;
  return {
    signal: controller.signal,
    onProgress: (e: ProgressEvent) => {
      if (e.phase !== 'start' || abortedAt !== 0) return;
      abortedAt = -1;
      setTimeout(() => {
        abortedAt = performance.now();
        controller.abort();
      }, 50);
    },
    sinceAbortMs: () => (abortedAt > 0 ? performance.now() - abortedAt : NaN),
  };
}

test('threads and file descriptors are back to baseline after an interrupted run', async () => {
  await run({ probes: ['syscall'], trials: 1, samplesScale: 0.01, isolation: 'none' });
  const threads = threadCount(),
    fds = fdCount();
  const abort = abortMidProbe();
  const doc = await run({
    probes: ['futex-wake', 'pipe', 'sleep', 'migration'],
    trials: 5,
    signal: abort.signal,
    isolation: 'none',
    onProgress: abort.onProgress,
  });
  const stopMs = abort.sinceAbortMs();
  assert.ok(stopMs < 5000, `native threads took ${stopMs} ms to stop`);
  assert.equal(doc.complete, false);
  assert.equal(await threadCountSettledTo(threads), threads);
  assert.equal(fdCount(), fds);
  rmSync(dir, { recursive: true, force: true });
});

test('an interrupted run in worker processes stops promptly and leaves no worker behind', async () => {
  const abort = abortMidProbe();
  const doc = await run({
    probes: ['futex-wake', 'pipe', 'sleep', 'migration'],
    trials: 5,
    signal: abort.signal,
    onProgress: abort.onProgress,
  });
  const stopMs = abort.sinceAbortMs();
  assert.ok(stopMs < 5000, `the worker took ${stopMs} ms to stop`);
  assert.equal(doc.complete, false);
  const children = spawnSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' }).stdout.trim();
  assert.equal(children, '', 'no worker process left');
});

test('a worker process that dies mid-round fails the run it measured; the others still run', async () => {
  let killed = false;
  const doc = await run({
    probes: ['sleep', 'syscall'],
    trials: 1,
    samplesScale: 0.5,
    onProgress: (e) => {
      if (e.phase !== 'start' || e.probe !== 'sleep' || killed) return;
      killed = true;
      const worker = spawnSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' }).stdout.trim();
      for (const pid of worker.split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
    },
  });
  assert.ok(killed);
  const sleep = doc.probes.find((p) => p.probe === 'sleep')!;
  assert.equal(sleep.status, 'failed');
  assert.deepEqual(sleep.reason, { code: DiagnosticCode.workerDied, params: { exit: 'SIGKILL' } });
  assert.equal(doc.probes.find((p) => p.probe === 'syscall')!.status, 'ok');
  assert.equal(doc.complete, true);
});

test(
  'a CPU hog pinned to a measured CPU: the cross-CPU trials are flagged disturbed, with the counters that show it',
  { skip: facts.allowedCpus.length < 2 || !existsSync('/usr/bin/taskset') ? 'needs two CPUs and taskset' : false },
  async () => {
    // The second CPU of the cross-CPU pair the run will choose (not always allowedCpus[1]: SMT siblings are avoided).
    const cpu = choosePlacements(facts.allowedCpus, smtSiblingGroups(facts.allowedCpus)).cross!.cpus[1]!;
    const hog = await startCpuHog(cpu);
    try {
      // Long enough (~0.3 s) that the hog's CPU time stands well above the counters' 10 ms resolution.
      const doc = await run({ probes: [Probe.futexWake], trials: 1, samplesScale: 4, lock: false });
      const cross = doc.probes.find((p) => p.placement.kind === 'cross-cpu' && p.placement.cpus.includes(cpu))!;
      const trial = cross.metrics[0]!.trials[0]!;
      assert.equal(trial.disturbance?.disturbed, true, JSON.stringify(trial.interference));
      assert.ok(
        trial.disturbance.reasons.some((r) => r.code === DiagnosticCode.otherTasksRan && r.params.cpus.includes(cpu)),
        JSON.stringify(trial.disturbance.reasons),
      );
      assert.equal(trial.disturbance.retries, 2, 'retried up to the limit, then kept and flagged');
      assert.ok(cross.warnings.some((w) => w.code === DiagnosticCode.trialsDisturbed && w.params.disturbed > 0));
    } finally {
      await hog.stop();
    }
  },
);

test('two runs on the same CPUs do not overlap: the second names the holder and refuses with --wait-lock 0', async () => {
  // Long enough (tens of seconds) that it still holds its CPUs when the second starts; killed below.
  const first = spawn(process.execPath, [cliPath, 'run', '--probes', 'sleep', '--trials', '30', '--quiet'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    // Start the second once the first has recorded itself in its first CPU's lock file.
    const lockFile = join(lockDirectory(), `cpu${allowed[0]!}.lock`);
    const deadline = Date.now() + 60_000;
    while (!(existsSync(lockFile) && parseHolder(readFileSync(lockFile, 'utf8')).pid === first.pid)) {
      assert.ok(first.exitCode === null && Date.now() < deadline, 'the first run never took its lock');
      await sleep(20);
    }
    const second = spawnSync(process.execPath, [cliPath, 'run', '--probes', 'syscall', '--wait-lock', '0', '--quiet'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(second.status, 1, second.stderr);
    assert.match(second.stderr, new RegExp(`pid[= ]${first.pid}`));
  } finally {
    first.kill('SIGKILL');
  }
});
