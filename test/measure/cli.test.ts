// The command line where it measures: run and ab on real probes, with the
// files they write; the commands that only read files are in test/unit/cli.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DiagnosticCode } from '../../src/catalogue/index.js';
import { SCHEMA_VERSION } from '../../src/results/schema.js';
import { schemaProblems } from '../../src/results/validate.js';
import { allowedCpus, cli, cliPath, parseAs, readDocument, undisturbFile } from '../support/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'schedcost-cli-'));
const fast = ['--scale', '0.02', '--trials', '1'];

test('run writes a valid results document and prints the table', () => {
  const out = join(dir, 'results.json');
  const r = cli(['run', ...fast, '--probes', 'syscall,futex-wake', '--json', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /probe\s+metric\s+placement\s+p50\s+p99\s+max\s+samples/);
  assert.match(r.stdout, /futex-wake\s+wakeLatency/);
  const doc = readDocument(out);
  assert.deepEqual(schemaProblems(doc), []);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.endsWith('.tmp')),
    [],
    'no temporary file left behind',
  );
});

test('an existing results file is kept unless --force', () => {
  const out = join(dir, 'baseline.json');
  writeFileSync(out, 'precious');
  const refused = cli(['run', ...fast, '--probes', 'syscall', '--json', out]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /exists; pass --force/);
  assert.equal(readFileSync(out, 'utf8'), 'precious');
  const forced = cli(['run', ...fast, '--probes', 'syscall', '--json', out, '--force', '--quiet']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(forced.stdout, '');
  const written = readDocument(out);
  assert.equal(written.schemaVersion, SCHEMA_VERSION);
  assert.equal(written.migratedFrom, undefined, 'a fresh run is written in the current version');
});

test('--json - writes the document to stdout and the table to stderr', () => {
  const r = cli(['run', ...fast, '--probes', 'syscall', '--json', '-']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(schemaProblems(parseAs<unknown>(r.stdout)), []);
  assert.match(r.stderr, /getppid/);
});

test(
  'on one CPU (taskset -c N) cross-CPU placements are skipped with a reason, not crashed',
  { skip: !existsSync('/usr/bin/taskset') },
  () => {
    const out = join(dir, 'one-cpu.json');
    const cpu = allowedCpus()[0]!;
    const r = cli(['run', ...fast, '--probes', 'futex-wake,migration', '--json', out], '/usr/bin/taskset', [
      '-c',
      String(cpu),
      process.execPath,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const doc = readDocument(out);
    assert.deepEqual(doc.host.allowedCpus, [cpu]);
    const cross = doc.probes.filter((p: { placement: { kind: string } }) => p.placement.kind === 'cross-cpu');
    assert.ok(cross.length >= 2);
    for (const p of cross) {
      assert.equal(p.status, 'skipped');
      assert.deepEqual(p.reason, { code: DiagnosticCode.onlyOneCpu, params: { cpu } });
    }
    assert.equal(
      doc.probes.find((p: { placement: { kind: string } }) => p.placement.kind === 'same-cpu')?.status,
      'ok',
    );
  },
);

/** A small run of its own for each test that needs one: no test reads another's files. */
function smallRun(name: string, trials = 4): string {
  const file = join(mkdtempSync(join(tmpdir(), 'schedcost-cli-run-')), name);
  const made = cli([
    'run',
    '--scale',
    '0.02',
    '--trials',
    String(trials),
    '--probes',
    'syscall',
    '--json',
    file,
    '--quiet',
  ]);
  assert.equal(made.code, 0, made.stderr);
  undisturbFile(file);
  return file;
}

test('run --baseline compares in one step; export writes dashboard formats', () => {
  const base = smallRun('baseline.json');
  const r = cli([
    'run',
    '--scale',
    '0.02',
    '--trials',
    '4',
    '--probes',
    'syscall',
    '--baseline',
    base,
    '--fail-on',
    'never',
    // The compare logic is under test here, not how quiet this machine is.
    '--include-disturbed',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /this run/);
  const gab = parseAs<{ unit: string }[]>(cli(['export', base, '--format', 'github-action-benchmark']).stdout);
  assert.equal(gab[0]!.unit, 'ns');
  const bmf = parseAs<Record<string, { latency: { value: number } }>>(
    cli(['export', base, '--format', 'bencher']).stdout,
  );
  assert.ok(bmf['syscall/getppid@single-cpu{batch=100}']!.latency.value > 0);
  assert.equal(cli(['export', base]).code, 2);
});

test('ab runs two executables interleaved and compares them', () => {
  const outA = join(dir, 'ab-a.json');
  const r = cli([
    'ab',
    '--a',
    cliPath,
    '--b',
    cliPath,
    '--rounds',
    '4',
    '--probes',
    'syscall',
    '--scale',
    '0.02',
    '--fail-on',
    'never',
    '--include-disturbed',
    '--out-a',
    outA,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /round 4\/4, B/);
  assert.match(r.stdout, /syscall\/getppid@single-cpu\{batch=100\}/);
  assert.equal(readDocument(outA).probes[0]!.metrics[0]!.trials.length, 4);
  const missing = cli(['ab', '--a', join(dir, 'nope'), '--b', cliPath, '--rounds', '1', '--probes', 'syscall']);
  assert.equal(missing.code, 2);
});

test('export: -o writes a file, --metric filters, csv and markdown; run --csv/--markdown write alongside', () => {
  const base = smallRun('export-base.json');
  const out = join(mkdtempSync(join(tmpdir(), 'schedcost-export-')), 'x.csv');
  const r = cli(['export', base, '--format', 'csv', '-o', out, '--metric', 'syscall/getppid*']);
  assert.equal(r.code, 0, r.stderr);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[1]!, /^syscall\/getppid@single-cpu\{batch=100\},syscall,getppid,/);
  assert.match(
    cli(['export', base, '--format', 'markdown']).stdout,
    /^\| metric \| statistic \| median over trials \|/,
  );
  const dir2 = mkdtempSync(join(tmpdir(), 'schedcost-run-exports-'));
  const run = cli([
    ...['run', ...fast, '--probes', 'syscall', '--quiet'],
    '--csv',
    join(dir2, 'a.csv'),
    '--markdown',
    join(dir2, 'a.md'),
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(readFileSync(join(dir2, 'a.md'), 'utf8'), /getppid/);
  assert.match(readFileSync(join(dir2, 'a.csv'), 'utf8'), /^id,probe,metric/);
});

test('schedcost.toml: [run] trials = 2 sets the trials, the command line overrides, a misspelt key names file and line', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'schedcost-toml-'));
  const inDir = (args: string[]) => {
    const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 120_000, cwd });
    return { code: r.status, stderr: r.stderr };
  };
  writeFileSync(join(cwd, 'schedcost.toml'), '[run]\ntrials = 2\nprobes = "syscall"\nscale = 0.02\nquiet = true\n');
  assert.equal(inDir(['run', '--json', 'a.json']).code, 0);
  assert.equal(readDocument(join(cwd, 'a.json')).config.trials, 2);
  assert.equal(readDocument(join(cwd, 'a.json')).invocation?.configFile, join(cwd, 'schedcost.toml'));
  assert.equal(inDir(['run', '--trials', '1', '--json', 'b.json']).code, 0);
  assert.equal(readDocument(join(cwd, 'b.json')).config.trials, 1);
  writeFileSync(join(cwd, 'bad.toml'), '# comment\n[run]\ntrails = 2\n');
  const bad = inDir(['run', '--config', 'bad.toml']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bad\.toml:3: 'trails' is not an option of run/);
  writeFileSync(join(cwd, 'broken.toml'), '[run\n');
  assert.match(inDir(['--config', 'broken.toml', 'list']).stderr, /broken\.toml:1: /);
});
