// Documents written by older builds stay readable. test/fixtures/ holds one
// real quick run of every schemaVersion (results-vN-BUILD.json.gz), and of
// builds whose shape changed while the version stood still (version 1 grew
// for its first weeks: afe786d wrote a model without `accuracy`), and one run
// with a Go section (ec63d61, version 3, run --with-go): this build
// reads each, migrated, and compares, reports and exports it, in process and
// through the CLI, saying which files came through a migration.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compareRuns } from '../../src/compare/compare.js';
import { accuracyOf } from '../../src/model/index.js';
import { exportText } from '../../src/cli/exportText.js';
import { EXPORT_FORMATS } from '../../src/export/formats.js';
import { formatNs } from '../../src/format/units.js';
import { goText } from '../../src/report/goSection.js';
import { renderHtmlReport } from '../../src/report/htmlReport.js';
import { OLDEST_READABLE_VERSION } from '../../src/results/migrations.js';
import { parseResults } from '../../src/results/readResults.js';
import { SCHEMA_VERSION, type ResultsDocument } from '../../src/results/schema.js';
import { cliPath, fixturePath, fixtureText, packageRoot } from '../support/helpers.js';

const versioned = readdirSync(join(packageRoot, 'test', 'fixtures')).flatMap((name) => {
  const match = /^results-v(\d+)-(\w+)\.json\.gz$/.exec(name);
  return match ? [{ name, writtenWith: Number(match[1]), build: match[2]! }] : [];
});
const fixtures = [...versioned, { name: 'quick-755800e.json', writtenWith: 1, build: '755800e' }].map((f) => {
  const text = fixtureText(fixturePath(f.name));
  return { ...f, text, doc: parseResults(text, f.name) };
});
const newest = fixtures.find((f) => f.writtenWith === SCHEMA_VERSION)!;

test('a real document of every readable schemaVersion is committed, the current one included', () => {
  for (let v = OLDEST_READABLE_VERSION; v <= SCHEMA_VERSION; v++)
    assert.ok(
      versioned.some((f) => f.writtenWith === v),
      `no test/fixtures/results-v${v}-BUILD.json.gz: commit a quick run written with schemaVersion ${v}`,
    );
  assert.ok(
    versioned.some((f) => f.build === 'afe786d'),
    "the first week's build",
  );
});

test('each is read as the current version and says which version it was written with', () => {
  for (const f of fixtures) {
    assert.equal((JSON.parse(f.text) as { schemaVersion: number }).schemaVersion, f.writtenWith, f.name);
    assert.equal(f.doc.schemaVersion, SCHEMA_VERSION, f.name);
    assert.equal(f.doc.migratedFrom, f.writtenWith < SCHEMA_VERSION ? f.writtenWith : undefined, f.name);
  }
});

test('the migrations keep what the documents held: each prose warning as text, the model error from its predictions', () => {
  for (const f of fixtures.filter((x) => x.writtenWith < SCHEMA_VERSION)) {
    const raw = JSON.parse(f.text) as ResultsDocument & { warnings: unknown[]; probes: { warnings: unknown[] }[] };
    const prose = [...raw.warnings, ...raw.probes.flatMap((p) => p.warnings)].filter((w) => typeof w === 'string');
    const texts = [...f.doc.warnings, ...f.doc.probes.flatMap((p) => p.warnings)].filter((w) => w.code === 'text');
    assert.deepEqual(
      texts.map((w) => w.code === 'text' && w.params.text),
      prose,
      `${f.name}: every prose warning, in order, as a text diagnostic`,
    );
    // Warnings became data with version 3.
    if (f.writtenWith < 3) assert.ok(prose.length > 0, `${f.name} holds prose warnings`);
    const model = (raw as { model?: { accuracy?: unknown } }).model;
    if (model && model.accuracy === undefined)
      assert.deepEqual(f.doc.model!.accuracy, accuracyOf(f.doc.model!.predictions), `${f.name}: accuracy restated`);
  }
});

/** Every disturbance reason a document holds: in each trial, and in each trials-disturbed warning. */
function disturbanceReasons(doc: {
  warnings: unknown[];
  probes: { warnings: unknown[]; metrics: { trials: { disturbance?: { reasons: unknown[] } }[] }[] }[];
}): unknown[] {
  const inWarnings = [...doc.warnings, ...doc.probes.flatMap((p) => p.warnings)].flatMap((w) => {
    const warning = w as { code?: string; params?: { reasons?: unknown[] } };
    return warning.code === 'trials-disturbed' ? (warning.params?.reasons ?? []) : [];
  });
  const inTrials = doc.probes.flatMap((p) =>
    p.metrics.flatMap((m) => m.trials.flatMap((t) => t.disturbance?.reasons ?? [])),
  );
  return [...inTrials, ...inWarnings];
}

test('the 3 → 4 step keeps failure, skip and disturbance reasons, each as a text diagnostic', () => {
  // 8284d44's run had disturbed trials.
  const v3 = fixtures.find((f) => f.build === '8284d44')!;
  const raw = JSON.parse(v3.text) as Parameters<typeof disturbanceReasons>[0] & {
    probes: { status: string; reason?: unknown }[];
  };
  const prose = disturbanceReasons(raw);
  assert.ok(prose.length > 0 && prose.every((r) => typeof r === 'string'), 'the version-3 fixture holds prose reasons');
  // A version-3 run on one CPU wrote its skipped probes' reasons as prose.
  const skipReason = 'only one CPU (0) is available to the run';
  Object.assign(raw.probes[0]!, { status: 'skipped', reason: skipReason });
  const doc = parseResults(JSON.stringify(raw), v3.name);
  assert.deepEqual(doc.probes[0]!.reason, { code: 'text', params: { text: skipReason } });
  assert.deepEqual(
    disturbanceReasons(doc),
    prose.map((text) => ({ code: 'text', params: { text } })),
  );
});

test("the 3 → 4 step keeps a Go section's reasons as text and leaves its method notes to the report", () => {
  // ec63d61 wrote its run with --with-go; on two CPUs nothing was skipped, so one of each reason is set here.
  const v3 = fixtures.find((f) => f.build === 'ec63d61')!;
  const raw = JSON.parse(v3.text) as {
    go: {
      notes: string[];
      skipped?: string;
      skippedMeasurements: unknown[];
      measurements: { counterpart: { emulatedMissing?: string } }[];
    };
  };
  assert.ok(raw.go.notes.length > 0 && raw.go.measurements.length > 0, 'a version-3 Go section with its notes');
  Object.assign(raw.go, {
    skipped: 'no go command on PATH',
    skippedMeasurements: [{ what: 'chan wake, receiver locked', reason: 'one CPU allowed' }],
  });
  raw.go.measurements[0]!.counterpart.emulatedMissing = 'wake/locked was not run';
  const go = parseResults(JSON.stringify(raw), v3.name).go!;
  const text = (t: string) => ({ code: 'text', params: { text: t } });
  assert.deepEqual(go.skipped, text('no go command on PATH'));
  assert.deepEqual(go.skippedMeasurements, [{ what: 'chan wake, receiver locked', reason: text('one CPU allowed') }]);
  assert.deepEqual(go.measurements[0]!.counterpart.emulatedMissing, text('wake/locked was not run'));
  assert.equal('notes' in go, false);
  // The one figure the notes held that the section did not: the emulation's wake/dedicated p50.
  const note = raw.go.notes.find((n) => n.includes('The emulation measured'))!;
  assert.ok(note.includes(go.dedicatedEmulated!.metricId), note);
  assert.ok(note.includes(formatNs(go.dedicatedEmulated!.p50Ns)), note);
  assert.ok(goText({ ...go, skipped: undefined }).includes('The garbage collector is off while measuring'));
});

test('compare, report and export take each of them, as a baseline of the newest', () => {
  for (const f of fixtures) {
    const c = compareRuns([f.doc], newest.doc);
    assert.ok(c.gate.judged >= 20, `${f.name}: ${c.gate.judged} gated rows judged`);
    const html = renderHtmlReport([{ name: f.name, doc: f.doc }]);
    if (f.writtenWith < SCHEMA_VERSION) assert.match(html, /written as schemaVersion \d+, migrated/, f.name);
    for (const format of EXPORT_FORMATS)
      assert.ok(exportText(f.doc, f.name, format).length > 100, `${f.name} ${format}`);
  }
});

test('through the CLI: an older file is read, migrated, and named on stderr; stdout stays the output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schedcost-versions-'));
  const oldest = fixtures.find((f) => f.build === 'afe786d')!;
  const [oldPath, newPath] = [oldest, newest].map((f) => {
    const path = join(dir, `${f.build}.json`);
    writeFileSync(path, f.text);
    return path;
  }) as [string, string];
  const run = (args: string[]) =>
    spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 60_000 });
  const note = new RegExp(`${oldPath}.*schemaVersion 1.*to ${SCHEMA_VERSION}`);
  const compared = run(['compare', oldPath, newPath, '--fail-on', 'never']);
  assert.equal(compared.status, 0, compared.stderr);
  assert.match(compared.stderr, note);
  assert.doesNotMatch(compared.stderr, new RegExp(`${newPath}.*schemaVersion`));
  const reported = run(['report', oldPath, '-o', join(dir, 'report.html')]);
  assert.equal(reported.status, 0, reported.stderr);
  assert.match(reported.stderr, note);
  const exported = run(['export', oldPath, '--format', 'csv']);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stderr, note);
  assert.doesNotMatch(exported.stdout, /schemaVersion/);
});
