// The real Go runtime beside the emulation: the Go program's output is
// checked and turned into GoResults; counterparts take the emulation's
// figures; without Go (or with a Go that fails) the result is skipped or
// failed with a reason; and where go is on PATH, a short real run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DiagnosticCode, Probe } from '../../src/catalogue/index.js';
import { findGo, runGo, type GoResults } from '../../src/go/index.js';
import { goSourceDir } from '../../src/go/build.js';
import { buildEnv } from '../../src/go/toolchain.js';
import { allowedCpus, cliPath, parseAs, readDocument } from '../support/helpers.js';
import { checkGoCounterparts, checkGoSchema } from '../support/goChecks.js';

const dir = mkdtempSync(join(tmpdir(), 'schedcost-go-test-'));
const found = findGo(process.env);
const hasGo = 'go' in found;
after(() => rmSync(dir, { recursive: true, force: true }));

test('without Go, runGo is skipped with a reason, and so is `schedcost go` (exit 0)', async () => {
  const empty = join(dir, 'empty-bin');
  mkdirSync(empty, { recursive: true });
  const none = await runGo({ env: { PATH: empty } });
  assert.deepEqual(none.skipped, { code: DiagnosticCode.goNotFound, params: { envVar: 'SCHEDCOST_GO' } });
  assert.equal(none.failed, undefined);
  assert.deepEqual(none.measurements, []);
  checkGoSchema(none);
  const wrong = await runGo({ env: { PATH: empty, SCHEDCOST_GO: join(dir, 'nope') } });
  assert.deepEqual(wrong.skipped, {
    code: DiagnosticCode.goNotFound,
    params: { envVar: 'SCHEDCOST_GO', path: join(dir, 'nope') },
  });

  const json = join(dir, 'skipped.json');
  const r = spawnSync(process.execPath, [cliPath, 'go', '--json', json], {
    encoding: 'utf8',
    env: { PATH: empty },
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /schedcost go: skipped: no go command on PATH/);
  assert.equal(r.stdout, '');
  assert.equal(parseAs<GoResults>(readFileSync(json, 'utf8')).skipped?.code, DiagnosticCode.goNotFound);
});

/** A stand-in go command: `env GOVERSION` answers, `build` runs `buildScript` with the output path in $out. */
function fakeGo(name: string, buildScript: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `#!/bin/sh\nif [ "$1" = env ]; then echo go1.99.0; exit 0; fi\nout=$4\nenv > "${path}.env"\n${buildScript}\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

const program = (body: string) => `cat > "$out" <<'EOF'\n#!/bin/sh\n${body}\nEOF\nchmod +x "$out"`;

test('a Go that does not build is skipped with its error; a program that misbehaves fails with a reason', async () => {
  const broken = fakeGo('go-broken', 'echo "main.go:1: syntax error" >&2; exit 1');
  const skipped = await runGo({ env: { PATH: process.env.PATH ?? '', SCHEDCOST_GO: broken } });
  assert.deepEqual(skipped.skipped, {
    code: DiagnosticCode.goBuildFailed,
    params: { go: broken, error: 'main.go:1: syntax error' },
  });
  assert.equal(skipped.toolchain?.version, 'go1.99.0');
  // Offline and isolated: nothing fetched, nothing written outside the temporary directory.
  const env = Object.fromEntries(
    readFileSync(`${broken}.env`, 'utf8')
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  assert.equal(env.GOPROXY, 'off');
  assert.equal(env.GOFLAGS, '');
  assert.equal(env.GOTOOLCHAIN, 'local');
  for (const name of ['GOCACHE', 'GOPATH', 'HOME']) assert.ok(env[name]!.startsWith(tmpdir()), `${name}=${env[name]}`);

  const cpu = allowedCpus()[0]!;
  const cases: [string, string, string, number?][] = [
    ['go-garbage', 'echo garbage', DiagnosticCode.goOutputInvalid],
    ['go-crash', 'echo boom >&2; exit 3', DiagnosticCode.goProgramFailed],
    ['go-stuck', 'exec sleep 30', DiagnosticCode.goTimedOut, 300],
  ];
  for (const [name, body, code, timeoutMs] of cases) {
    const started = Date.now();
    const held: string[] = [];
    const go = await runGo({
      env: { PATH: process.env.PATH ?? '', SCHEDCOST_GO: fakeGo(name, program(body)) },
      cpus: [cpu],
      holdCpus: (cpus) => {
        held.push(`hold ${cpus.join(',')}`);
        return Promise.resolve({ release: () => held.push('release') });
      },
      ...(timeoutMs ? { timeoutMs } : {}),
    });
    assert.deepEqual(held, [`hold ${cpu}`, 'release'], 'the CPUs are held while the program runs, and released');
    assert.equal(go.failed?.code, code, name);
    assert.equal(go.skipped, undefined);
    assert.ok(Date.now() - started < 10_000, `${name} took ${Date.now() - started} ms`);
    checkGoSchema(go);
  }
});

test('bad options are usage errors', async () => {
  await assert.rejects(runGo({ rounds: 0 }), /rounds must be/);
  await assert.rejects(runGo({ scale: 0 }), /scale must lie/);
  await assert.rejects(runGo({ cpus: [0, 0] }), /must differ/);
  await assert.rejects(runGo({ cpus: [4095] }), /not in the allowed set/);
  const r = spawnSync(process.execPath, [cliPath, 'go', '--rounds', '0'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--rounds must be/);
});

test(
  'with go on PATH: a short real run whose figures are positive and whose structure validates',
  { skip: !hasGo && 'no go on PATH' },
  async () => {
    const go = await runGo({ rounds: 2, scale: 0.05 });
    assert.equal(go.skipped, undefined, JSON.stringify(go.skipped));
    assert.equal(go.failed, undefined, JSON.stringify(go.failed));
    checkGoSchema(go);
    checkGoCounterparts(go);
    assert.match(go.toolchain?.version ?? '', /^go1\./);
    assert.ok(go.clock!.readNsMedian > 0);
    assert.ok(go.measurements.length >= 5, `${go.measurements.length} measurements`);
    for (const m of go.measurements) {
      if (m.kind === 'retake' && m.samples.n === 0) continue; // every syscall ended before sysmon took its P
      assert.ok(m.value > 0 && m.samples.n > 0 && m.samples.p50 > 0, m.id);
      if (m.kind !== 'retake') assert.equal(m.perRound.length, 2, m.id);
    }
    const wakes = go.measurements.filter((m) => m.kind === 'wake');
    assert.ok(wakes.every((m) => m.extra.ranOnWakerCpuFraction! >= 0 && m.extra.ranOnWakerCpuFraction! <= 1));
  },
);

test(
  '`schedcost go --from` prints the Go figures beside the emulation and writes them',
  {
    skip: !hasGo
      ? 'no go on PATH'
      : allowedCpus().length < 2 && 'the emulations it sits beside are cross-CPU: they need two CPUs',
  },
  () => {
    const results = join(dir, 'emulation.json');
    const run = spawnSync(
      process.execPath,
      [
        cliPath,
        'run',
        '--probes',
        `${Probe.wakeUnlocked},${Probe.syscallHold}`,
        '--trials',
        '1',
        '--scale',
        '0.05',
        '--quiet',
        '--no-go',
        '--json',
        results,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readDocument(results).go, undefined, '--no-go: the runtime is left out');
    const out = join(dir, 'go.json');
    const r = spawnSync(
      process.execPath,
      [cliPath, 'go', '--rounds', '2', '--scale', '0.05', '--from', results, '--json', out],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Go runtime beside the emulation: go1\./);
    assert.match(
      r.stdout,
      /chan wake: receiver unlocked, waker parks\s+1 .*wake\/unlocked wakeToRun \(slice 0\.00 ns\)\s+\S+ \S+\s+\d+\.\d\d×/,
    );
    assert.ok(existsSync(out));
    const go = parseAs<GoResults>(readFileSync(out, 'utf8'));
    checkGoSchema(go);
    const unlocked = go.measurements.filter((m) => m.kind === 'wake' && m.counterpart.probe === Probe.wakeUnlocked);
    assert.ok(unlocked.length > 0 && unlocked.every((m) => m.counterpart.emulated && m.counterpart.emulated.ratio > 0));
    // The placement sweep stands beside wake/unlocked where both measured the slice, and says why not elsewhere.
    const placements = go.measurements.filter((m) => m.kind === 'placement');
    assert.ok(placements.some((m) => m.counterpart.emulated));
    for (const m of placements)
      assert.ok(
        m.counterpart.emulated || m.counterpart.emulatedMissing?.code === DiagnosticCode.emulationMetricMissing,
        m.id,
      );
    const locked = go.measurements.find((m) => m.counterpart.probe === Probe.wakeLocked);
    if (locked)
      assert.deepEqual(locked.counterpart.emulatedMissing, {
        code: DiagnosticCode.emulationNotRun,
        params: { probe: Probe.wakeLocked },
      });
  },
);

test('the Go sources are gofmt-formatted and pass go vet', { skip: !hasGo && 'no go on PATH' }, () => {
  const go = (found as { go: string }).go;
  const env = buildEnv(process.env, join(dir, 'vet'));
  const goroot = spawnSync(go, ['env', 'GOROOT'], { env, encoding: 'utf8' }).stdout.trim();
  const fmt = spawnSync(join(goroot, 'bin', 'gofmt'), ['-l', '.'], { cwd: goSourceDir, encoding: 'utf8' });
  assert.equal(fmt.status, 0, fmt.stderr);
  assert.equal(fmt.stdout, '', 'files gofmt would change');
  const vet = spawnSync(go, ['vet', '.'], { cwd: goSourceDir, env, encoding: 'utf8', timeout: 120_000 });
  assert.equal(vet.status, 0, vet.stderr);
});
