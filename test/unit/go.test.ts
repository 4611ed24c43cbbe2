// The real Go runtime beside the emulation: the Go program's output is
// checked and turned into GoResults; counterparts take the emulation's
// figures; without Go (or with a Go that fails) the result is skipped or
// failed with a reason; and where go is on PATH, a short real run.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Counter, DiagnosticCode, Metric, Param, Probe } from '../../src/catalogue/index.js';
import { parseProgramOutput, toGoResults, withCounterparts } from '../../src/go/index.js';
import { goHtmlSection, goText } from '../../src/report/goSection.js';
import { documentOf, five, metric, probe, withCounters } from '../support/fixtures.js';
import { packageRoot } from '../support/helpers.js';
import { checkGoCounterparts, checkGoSchema } from '../support/goChecks.js';

const fixtureText = readFileSync(join(packageRoot, 'test', 'go-fixtures', 'program-output.json'), 'utf8');
const toolchain = { go: '/usr/bin/go', version: 'go1.19.8' };
const dir = mkdtempSync(join(tmpdir(), 'schedcost-go-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test("the Go program's output parses, and becomes GoResults that match their schema", () => {
  const go = toGoResults(parseProgramOutput(fixtureText), toolchain, 1234);
  checkGoSchema(go);
  checkGoCounterparts(go);
  assert.equal(new Set(go.measurements.map((m) => m.id)).size, go.measurements.length, 'ids are unique');
  const count = (kind: string) => go.measurements.filter((m) => m.kind === kind).length;
  assert.deepEqual([count('wake'), count('placement'), count('syscallThroughput'), count('retake')], [12, 5, 7, 1]);
  assert.deepEqual(go.gomaxprocs, [1, 2]);
  assert.equal(go.rounds, 2);
  for (const m of go.measurements.filter((m) => m.kind !== 'retake')) {
    assert.ok(m.value > 0, m.id);
    assert.equal(m.perRound.length, 2, m.id);
    assert.ok(m.spread[0] <= m.value && m.value <= m.spread[1], m.id);
  }
  const lockedParks = go.measurements.find(
    (m) => m.id === 'go/chanWake{gomaxprocs=1,receiver=locked,sliceNs=0,waker=parks}',
  );
  assert.equal(lockedParks?.counterpart.probe, Probe.wakeLocked);
  // The runtime's own count of scheduling rounds: every wake measurement has it; here (the fixture's real
  // run) a locked receiver's wake took more of them than an unlocked one's.
  for (const m of go.measurements.filter((m) => m.kind === 'wake'))
    assert.ok(m.extra.voluntarySwitchesPerWake! >= 0, m.id);
  const unlockedParks = go.measurements.find(
    (m) => m.id === 'go/chanWake{gomaxprocs=1,receiver=unlocked,sliceNs=0,waker=parks}',
  );
  assert.ok(lockedParks.extra.voluntarySwitchesPerWake! > unlockedParks!.extra.voluntarySwitchesPerWake!);
  assert.equal(lockedParks?.counterpart.params[Param.schedulerOnWakerCpu], 1);
  const raw = go.measurements.find(
    (m) => m.id === 'go/syscallThroughput{api=RawSyscall,gomaxprocs=1,syscallNs=50000,tasks=4}',
  );
  assert.equal(raw?.counterpart.probe, Probe.syscallHold);
  assert.equal(raw?.unit, 'per-second');
  assert.match(goText(go), /wake\/dedicated has no Go counterpart/);
  // The hand-off path's entry and exit, per round, beside the others'.
  const handoff = go.measurements.find(
    (m) => m.id === 'go/syscallThroughput{api=Handoff,gomaxprocs=1,syscallNs=50000,tasks=4}',
  );
  assert.equal(handoff?.counterpart.probe, Probe.syscallHandoff);
  assert.equal(handoff.perRoundExtra?.entryMeanNs?.length, 2);
  assert.ok(handoff.extra.entryMeanNs! > raw.extra.entryMeanNs!, 'handing the P off costs more than keeping it');
  // Where an unlocked receiver ran, per slice and round, and its re-touch by where it ran.
  const placements = go.measurements.filter((m) => m.kind === 'placement');
  assert.deepEqual(
    placements.map((m) => m.config[Param.sliceNs]),
    [20000, 50000, 100000, 1000000, 10000000],
  );
  for (const m of placements) {
    assert.equal(m.counterpart.probe, Probe.wakeUnlocked, m.id);
    for (const key of ['onSenderThreadFraction', 'apartCount', 'movedApartCount', 'retouchHomeCount'])
      assert.equal(m.perRoundExtra?.[key]?.length, 2, `${m.id} ${key}`);
  }
  assert.match(goText(go), /receiver unlocked, sender runs 10\.0 ms then yields/);
});

test('a configuration the Go program left out on one CPU says what it needs, as data', () => {
  // What the program prints with -cpus 0 (one CPU): the locked receivers and GOMAXPROCS 2 are left out.
  const good = JSON.parse(fixtureText) as Record<string, unknown>;
  const skipped = [
    { what: 'chan wake, receiver locked, waker parks, GOMAXPROCS 1', needs: 'locked-receiver' },
    { what: 'chan wake, receiver unlocked, waker parks, GOMAXPROCS 2', needs: 'second-p' },
  ];
  const go = toGoResults(parseProgramOutput(JSON.stringify({ ...good, skipped })), toolchain, 1);
  checkGoSchema(go);
  assert.deepEqual(
    go.skippedMeasurements.map((s) => s.reason),
    [
      { code: DiagnosticCode.goNeedsTwoCpus, params: { needs: 'locked-receiver' } },
      { code: DiagnosticCode.goNeedsTwoCpus, params: { needs: 'second-p' } },
    ],
  );
  assert.match(
    goText(go),
    /skipped: chan wake, receiver unlocked, waker parks, GOMAXPROCS 2: one CPU allowed: a second P/,
  );
});

test("output that is not the Go program's is refused with a reason", () => {
  const good = JSON.parse(fixtureText) as Record<string, unknown>;
  const cases: [string, RegExp][] = [
    ['', /printed nothing, not JSON/],
    ['panic: oops\n', /printed "panic: oops\\n"…, not JSON/],
    [JSON.stringify({ ...good, formatVersion: 3 }), /writes format 3; this schedcost reads 4/],
    [JSON.stringify({ ...good, wake: undefined }), /does not match its format: \/wake/],
    [JSON.stringify({ ...good, program: 'other' }), /does not match its format/],
    [fixtureText.replace('"p50": ', '"p50": -'), /does not match its format/],
  ];
  for (const [text, message] of cases) assert.throws(() => parseProgramOutput(text), message, text.slice(0, 40));
});

function emulationDocument() {
  const syscallParams = (tasks: number, syscallNs = 50000) => ({
    [Param.tasks]: tasks,
    [Param.tokens]: 1,
    [Param.computeNs]: 5000,
    [Param.syscallNs]: syscallNs,
    [Param.syscallKind]: 0,
  });
  const rate = (perSecond: number) => [{ [Counter.iterations]: perSecond / 10, [Counter.wallNs]: 1e8 }];
  return documentOf([
    probe(Probe.wakeDedicated, [metric('d', Metric.wakeToRun, five(10000))]),
    probe(Probe.wakeUnlocked, [
      metric('u0', Metric.wakeToRun, five(6000), { [Param.sliceNs]: 0 }),
      metric('u20', Metric.wakeToRun, five(11000), { [Param.sliceNs]: 20000 }),
    ]),
    probe(Probe.wakeLocked, [
      metric('l0', Metric.wakeToRun, five(22000), { [Param.schedulerOnWakerCpu]: 0 }),
      metric('l1', Metric.wakeToRun, five(15000), { [Param.schedulerOnWakerCpu]: 1 }),
    ]),
    probe(Probe.syscallHold, [
      withCounters(metric('h1', Metric.iteration, five(55000), syscallParams(1)), rate(18000)),
      withCounters(metric('h4', Metric.iteration, five(55000), syscallParams(4)), rate(17000)),
    ]),
    probe(Probe.syscallLazy, [
      withCounters(metric('z4', Metric.iteration, five(60000), syscallParams(4)), rate(30000)),
      metric('r50', Metric.retakeDelay, five(40000), syscallParams(4, 50000)),
      metric('r5', Metric.retakeDelay, five(4000), syscallParams(4, 5000)),
    ]),
  ]);
}

test("counterparts take the emulation's figures from a results document, or say why not", () => {
  const go = withCounterparts(toGoResults(parseProgramOutput(fixtureText), toolchain, 1), emulationDocument());
  checkGoSchema(go);
  const byId = (id: string) => go.measurements.find((m) => m.id === id)!;

  const unlocked = byId('go/chanWake{gomaxprocs=2,receiver=unlocked,sliceNs=20000,waker=busy}');
  assert.equal(unlocked.counterpart.emulated?.metricId, 'u20');
  assert.equal(unlocked.counterpart.emulated?.value, 11000);
  assert.ok(Math.abs(unlocked.counterpart.emulated.ratio - 11000 / unlocked.value) < 1e-9);
  assert.equal(
    byId('go/chanWake{gomaxprocs=1,receiver=bothLocked,sliceNs=0,waker=parks}').counterpart.emulated?.metricId,
    'l1',
  );

  const hold = byId('go/syscallThroughput{api=RawSyscall,gomaxprocs=1,syscallNs=50000,tasks=4}').counterpart.emulated!;
  assert.equal(hold.metricId, 'h4');
  assert.ok(Math.abs(hold.value - 17000) < 1e-6, 'iterations per second from the counters');

  // No retake run at the Go program's 500 µs syscall: the longest one measured stands in, as its id says.
  assert.equal(byId('go/sysmonRetake{gomaxprocs=1,syscallNs=500000}').counterpart.emulated?.metricId, 'r50');

  const lazy1 = byId('go/syscallThroughput{api=Syscall,gomaxprocs=1,syscallNs=50000,tasks=1}').counterpart;
  assert.equal(lazy1.emulated, undefined);
  assert.deepEqual(lazy1.emulatedMissing, {
    code: DiagnosticCode.emulationMetricMissing,
    params: { probe: Probe.syscallLazy, metric: Metric.iteration, params: lazy1.params },
  });
  assert.equal(go.dedicatedEmulated?.p50Ns, 10000, "wake/dedicated's emulated figure goes with its note");
  assert.match(goText(go), /wake\/dedicated has no Go counterpart .* The emulation measured 10\.0 µs/);

  const alone = withCounterparts(go, undefined);
  assert.ok(alone.measurements.every((m) => !m.counterpart.emulated && m.counterpart.emulatedMissing));
  assert.equal(alone.dedicatedEmulated, undefined, 'the figure goes with the document');

  const skippedDoc = documentOf([
    {
      ...probe(Probe.wakeLocked, []),
      status: 'skipped',
      reason: { code: DiagnosticCode.onlyOneCpu, params: { cpu: 0 } },
    },
  ]);
  const skipped = withCounterparts(go, skippedDoc).measurements.find((m) => m.counterpart.probe === Probe.wakeLocked)!;
  assert.deepEqual(skipped.counterpart.emulatedMissing, {
    code: DiagnosticCode.emulationProbeMissing,
    params: {
      probe: Probe.wakeLocked,
      status: 'skipped',
      reason: { code: DiagnosticCode.onlyOneCpu, params: { cpu: 0 } },
    },
  });
});

test('the report renders Go results: a table with ratios, an HTML section, and skipped or failed runs', () => {
  const go = withCounterparts(toGoResults(parseProgramOutput(fixtureText), toolchain, 1), emulationDocument());
  const text = goText(go);
  assert.match(text, /Go measurement\s+GOMAXPROCS\s+Go p50\s+p99\s+rounds\s+on waker CPU\s+emulated counterpart/);
  assert.match(
    text,
    /chan wake: receiver both locked, waker parks\s+1 .* wake\/locked wakeToRun \(schedulerOnWakerCpu 1\)\s+15\.0 µs\s+\d+\.\d\d×/,
  );
  assert.match(
    text,
    /RawSyscall nanosleep 50\.0 µs, 4 goroutines\s+1\s+\S+k\/s .*syscall\/hold throughput \(tasks 4, tokens 1\)\s+17\.0k\/s/,
  );
  assert.match(text, /^a: /m);
  const html = goHtmlSection(go);
  assert.match(html, /^<section class="go"><h2>The real Go runtime beside the emulation<\/h2>/);
  assert.equal((html.match(/<tr>/g) ?? []).length, go.measurements.length + 1);
  assert.equal(goHtmlSection(undefined), '');
  const skipped = {
    ...go,
    skipped: { code: DiagnosticCode.goBuildFailed, params: { go: '/x/<go>', error: 'exit 1' } },
    measurements: [],
  };
  assert.match(goHtmlSection(skipped), /Not measured: the Go program did not build with \/x\/&lt;go&gt;: exit 1/);
  assert.equal(goText(skipped), 'Go: not measured: the Go program did not build with /x/<go>: exit 1');
  const killed = { code: DiagnosticCode.goTimedOut, params: { timeoutMs: 300 } };
  assert.match(goText({ ...go, skipped: undefined, failed: killed }), /no results: .* within 300 ms and was killed/);
});
