import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { probeNames, Probe } from '../../src/catalogue/index.js';
import { schemaProblems } from '../../src/results/validate.js';
import { allowedCpus, cliPath, packageRoot, parseAs, readDocument, undisturbFile } from '../support/helpers.js';

function cli(args: string[], command = process.execPath, prefix: string[] = []) {
  const result = spawnSync(command, [...prefix, cliPath, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'schedcost-cli-'));
const fast = ['--scale', '0.02', '--trials', '1'];

test("--help on every command the program lists exits 0 with that command's usage", () => {
  // The commands come from the program's own help, so a new command is covered without editing this list.
  const top = cli(['--help']);
  assert.equal(top.code, 0);
  const section = top.stdout.split('\nCommands:\n')[1]?.split('\n\n')[0] ?? '';
  const commands = [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  assert.ok(commands.includes('run') && commands.includes('compare'), `commands: ${commands.join(' ')}`);
  for (const command of commands) {
    const r = cli([command, '--help']);
    assert.equal(r.code, 0, command);
    assert.match(r.stdout, new RegExp(`^Usage: schedcost ${command}\\b`), command);
  }
});

test('usage errors exit 2 with one clear message', () => {
  const cases: [string[], RegExp][] = [
    [['frobnicate'], /unknown command/],
    [['run', '--bogus'], /unknown option/],
    [['run', '--suite', 'huge'], /Allowed choices/],
    [['run', '--trials', '0'], /--trials must be/],
    [['run', '--trials', 'many'], /--trials must be/],
    [['run', '--cpus', '0,,1'], /invalid CPU list/],
    [['run', '--cpus', '4095'], /not in the allowed set/],
    [['run', '--probes', 'nope'], /unknown probe 'nope'/],
    [['run', '--scale', '-1'], /--scale must be/],
    [['run', '--json', join(dir, 'no-such-dir', 'x.json')], /does not exist/],
    [['run', '--json', dir], /is a directory/],
    [['run', '--html', '-'], /--html needs a file name/],
    [['run', '--json', join(dir, 'same'), '--html', join(dir, 'same')], /name the same file/],
    [['ab', '--a', 'x', '--b', 'y', '--out-a', join(dir, 'o'), '--out-b', join(dir, 'o')], /name the same file/],
    [['run', '--raw-samples', '100001'], /--raw-samples must be/],
    [['run', '--timeout', '0'], /--timeout must be/],
    [['compare', join(dir, 'missing-a.json'), join(dir, 'missing-b.json')], /cannot read/],
    [['report', join(dir, 'missing.json'), '-o', join(dir, 'r.html')], /cannot read/],
    [['export', join(dir, 'missing.json'), '--format', 'bencher'], /cannot read/],
  ];
  for (const [args, message] of cases) {
    const r = cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});

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
  assert.equal(readDocument(out).schemaVersion, 1);
});

test('--json - writes the document to stdout and the table to stderr', () => {
  const r = cli(['run', ...fast, '--probes', 'syscall', '--json', '-']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(schemaProblems(parseAs<unknown>(r.stdout)), []);
  assert.match(r.stderr, /getppid/);
});

test('list describes every probe', () => {
  const r = cli(['list', '--json']);
  assert.equal(r.code, 0);
  const probes = parseAs<{ name: string; description: string }[]>(r.stdout);
  // Every probe `run --probes` accepts, including the alias and the addon's own.
  assert.deepEqual(
    probes.map((p) => p.name),
    probeNames(),
  );
  assert.ok(probeNames().includes(Probe.futexMatrix) && probeNames().includes(Probe.uvThreadpool));
  assert.ok(probes.every((p) => p.description.length > 20));
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
      assert.match(p.reason ?? '', /only one CPU/);
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

test('compare: a run against itself exits 0; markdown and json formats; bad inputs exit 2', () => {
  const base = smallRun('compare-base.json');
  const same = cli(['compare', base, base]);
  assert.equal(same.code, 0, same.stdout + same.stderr);
  assert.match(same.stdout, /syscall\/getppid@single-cpu\{batch=100\}/);
  const md = cli(['compare', base, base, '--format', 'markdown']);
  assert.match(md.stdout, /^\| metric \|/m);
  const json = parseAs<{ comparisons: { comparison: { rows: unknown[] } }[] }>(
    cli(['compare', base, base, '--format', 'json']).stdout,
  );
  assert.ok(json.comparisons[0]!.comparison.rows.length >= 2);
  const truncated = join(dir, 'truncated.json');
  writeFileSync(truncated, readFileSync(base, 'utf8').slice(0, 100));
  for (const args of [
    ['compare', base],
    ['compare', base, truncated],
    ['compare', base, join(dir, 'missing.json')],
    ['compare', base, base, '--alpha', '2'],
  ]) {
    const r = cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^schedcost: |error: /m);
  }
});

test('compare: too few trials exits 3 and says how many are needed', () => {
  const one = join(dir, 'one-trial.json');
  assert.equal(cli(['run', ...fast, '--probes', 'syscall', '--json', one, '--quiet']).code, 0);
  undisturbFile(one);
  const r = cli(['compare', one, one]);
  assert.equal(r.code, 3);
  assert.match(r.stdout, /need at least 4 trials/);
});

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

test('compare, report and export work where the addon was never built; run says how to build it', () => {
  const base = smallRun('no-addon-base.json');
  // A copy of the package without build/: what a user has when the compile failed.
  const root = mkdtempSync(join(tmpdir(), 'schedcost-no-addon-'));
  cpSync(join(packageRoot, 'dist'), join(root, 'dist'), { recursive: true });
  cpSync(join(packageRoot, 'schema'), join(root, 'schema'), { recursive: true });
  cpSync(join(packageRoot, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(packageRoot, 'node_modules'), join(root, 'node_modules'));
  const main = join(root, 'dist', 'src', 'cli', 'main.js');
  const run = (args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run(['compare', base, base]).status, 0);
  assert.equal(run(['report', base, '-o', join(root, 'r.html')]).status, 0);
  assert.equal(run(['export', base, '--format', 'bencher']).status, 0);
  assert.equal(run(['list']).status, 0);
  const measuring = run(['run', '--probes', Probe.syscall]);
  assert.equal(measuring.status, 1);
  assert.match(measuring.stderr, /native addon cannot be loaded.*npm rebuild/);
});

test('export: -o writes a file, --metric filters, csv and markdown; run --csv/--markdown write alongside', () => {
  const base = smallRun('export-base.json');
  const out = join(mkdtempSync(join(tmpdir(), 'schedcost-export-')), 'x.csv');
  const r = cli(['export', base, '--format', 'csv', '-o', out, '--metric', 'syscall/getppid*']);
  assert.equal(r.code, 0, r.stderr);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[1]!, /^syscall\/getppid@single-cpu\{batch=100\},syscall,getppid,/);
  assert.match(cli(['export', base, '--format', 'markdown']).stdout, /^\| metric \| median \|/);
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

test('--version, a help epilog with exit codes, shell completion', () => {
  assert.match(cli(['--version']).stdout, /^\d+\.\d+\.\d+/);
  const help = cli(['--help']).stdout;
  assert.match(help, /Exit codes:/);
  assert.match(help, /Environment:/);
  const bash = cli(['completion', 'bash']);
  assert.equal(spawnSync('bash', ['-n'], { input: bash.stdout }).status, 0);
  assert.match(bash.stdout, /--param/);
  assert.match(cli(['completion', 'zsh']).stdout, /^#compdef schedcost/);
  assert.equal(cli(['completion', 'fish']).code, 2);
});
