// The command line where nothing is measured: help, usage errors, and the
// commands that read results files (on a committed real run). Each test
// spawns the command as a user would; none starts a probe.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { probeNames, Probe } from '../../src/catalogue/index.js';
import { cli, packageRoot, parseAs, quickRunFixture, quickRunFixturePath } from '../support/helpers.js';
import { measuresGo, NO_GO_ENV_VAR } from '../../src/cli/goDefault.js';

const dir = mkdtempSync(join(tmpdir(), 'schedcost-cli-'));

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
    [['export', quickRunFixturePath, '--format', 'csv', '--stat', 'p42'], /--stat: unknown statistic 'p42'/],
  ];
  for (const [args, message] of cases) {
    const r = cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});

test('list describes every probe; --json takes a file or - as run does, and --json alone still works with a warning', () => {
  const r = cli(['list', '--json', '-']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  const file = join(dir, 'list.json');
  assert.equal(cli(['list', '--json', file]).code, 0);
  assert.equal(readFileSync(file, 'utf8'), r.stdout);
  assert.equal(cli(['list', '--json', file]).code, 2, 'an existing file needs --force');
  const old = cli(['list', '--json']);
  assert.equal(old.code, 0);
  assert.equal(old.stdout, r.stdout);
  assert.match(old.stderr, /--json without a file is deprecated: use --json - \(stdout\) or --json FILE/);
  const probes = parseAs<{ name: string; description: string }[]>(r.stdout);
  // Every probe `run --probes` accepts, including the alias and the addon's own.
  assert.deepEqual(
    probes.map((p) => p.name),
    probeNames(),
  );
  assert.ok(probeNames().includes(Probe.futexMatrix) && probeNames().includes(Probe.uvThreadpool));
  assert.ok(probes.every((p) => p.description.length > 20));
});

test('compare: a run against itself exits 0; markdown and json formats; bad inputs exit 2', () => {
  const base = quickRunFixturePath;
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
  const doc = quickRunFixture();
  doc.config.trials = 1;
  for (const p of doc.probes) for (const m of p.metrics) m.trials = m.trials.slice(0, 1);
  doc.rounds = doc.rounds?.slice(0, 1);
  writeFileSync(one, JSON.stringify(doc));
  const r = cli(['compare', one, one]);
  assert.equal(r.code, 3);
  assert.match(r.stdout, /need at least 4 trials/);
});

test('compare, report and export work where the addon was never built; run says how to build it', () => {
  const base = quickRunFixturePath;
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
  const p99 = run(['export', base, '--format', 'csv', '--stat', 'p99']);
  assert.equal(p99.status, 0, p99.stderr);
  assert.match(p99.stdout, /^"futex-wake\/wakeLatency@cross-cpu\{gapMaxNs=80000,gapMinNs=20000\}#p99",.*,p99,ns,/m);
  assert.equal(run(['list']).status, 0);
  const measuring = run(['run', '--probes', Probe.syscall]);
  assert.equal(measuring.status, 1);
  assert.match(measuring.stderr, /native addon cannot be loaded.*npm rebuild/);
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

test('run measures the Go runtime by default when it includes a strategy; --no-go and ab runs skip it', () => {
  const before = process.env[NO_GO_ENV_VAR];
  delete process.env[NO_GO_ENV_VAR];
  try {
    assert.equal(measuresGo(undefined, undefined), true, 'the default suite includes the strategies');
    assert.equal(measuresGo(undefined, [Probe.syscall, Probe.wakeLocked]), true);
    assert.equal(
      measuresGo(undefined, [Probe.syscall, Probe.futexWake]),
      false,
      'no strategy: nothing to stand beside',
    );
    assert.equal(measuresGo(false, undefined), false, '--no-go');
    assert.equal(measuresGo(undefined, [Probe.syscall], true), true, 'the old --with-go asks for it');
    process.env[NO_GO_ENV_VAR] = '0';
    assert.equal(measuresGo(undefined, undefined), true, 'only 1 skips it');
    process.env[NO_GO_ENV_VAR] = '1';
    assert.equal(measuresGo(undefined, undefined), false, 'what ab sets for its runs');
  } finally {
    if (before === undefined) delete process.env[NO_GO_ENV_VAR];
    else process.env[NO_GO_ENV_VAR] = before;
  }
});
