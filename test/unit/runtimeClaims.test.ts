// The claims about Go's runtime judged on the runtime, from a real document:
// a default quick run on this VM (test/fixtures/results-v4-d05c4ec.json.gz,
// Go 1.19 measured beside the emulation). Each outcome below is that document
// with one runtime figure moved to what another host or runtime could give.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Param, Probe } from '../../src/catalogue/index.js';
import type { GoMeasurement } from '../../src/go/goResultsSchema.js';
import { judgeClaims } from '../../src/model/claims/index.js';
import { parseResults } from '../../src/results/readResults.js';
import type { Claim, ResultsDocument } from '../../src/results/schema.js';
import { fixturePath, fixtureText } from '../support/helpers.js';

const NAME = 'results-v4-d05c4ec.json.gz';
const real = (): ResultsDocument => parseResults(fixtureText(fixturePath(NAME)), NAME);
const claim = (doc: ResultsDocument, id: number): Claim => judgeClaims(doc).find((c) => c.id === id)!;

/** The Go measurement of `kind` whose configuration includes `config`. */
function goMeasurement(doc: ResultsDocument, kind: GoMeasurement['kind'], config: Record<string, string | number>) {
  const found = doc.go!.measurements.find(
    (m) => m.kind === kind && Object.entries(config).every(([k, v]) => m.config[k] === v),
  );
  assert.ok(found, `${kind} ${JSON.stringify(config)}`);
  return found;
}

/** Sets a measurement's rounds (and its headline, their median) to `perRound`. */
function setRounds(m: GoMeasurement, perRound: number[]): void {
  m.perRound = perRound;
  m.value = [...perRound].sort((a, b) => a - b)[Math.floor(perRound.length / 2)]!;
}

const RUNTIME_CLAIMS = [1, 3, 4, 5, 6, 7];

test('as measured here: claims 1 and 3–7 are judged on the runtime, each with the emulation beside it', () => {
  const doc = real();
  for (const id of RUNTIME_CLAIMS) {
    const c = claim(doc, id);
    assert.equal(c.source, 'runtime', `claim ${id}`);
    assert.ok(c.beside && c.beside.ratio > 0, `claim ${id}: the emulation's figure and the ratio`);
  }
  assert.deepEqual(
    RUNTIME_CLAIMS.map((id) => claim(doc, id).verdict),
    ['confirmed', 'qualified', 'confirmed', 'confirmed', 'qualified', 'qualified'],
  );
  // What the run recorded is what the runtime judges give today.
  const recorded = doc.model!.claims.filter((c) => RUNTIME_CLAIMS.includes(c.id));
  assert.deepEqual(
    recorded.map((c) => [c.id, c.verdict, c.source]),
    RUNTIME_CLAIMS.map((id) => [id, claim(doc, id).verdict, claim(doc, id).source]),
  );
});

/** The placement measurements, shortest slice first. */
function placements(doc: ResultsDocument): GoMeasurement[] {
  return doc
    .go!.measurements.filter((m) => m.kind === 'placement')
    .sort((a, b) => Number(a.config[Param.sliceNs]) - Number(b.config[Param.sliceNs]));
}

/** Sets a per-round figure of a measurement to f(round) in every round. */
function setPerRound(m: GoMeasurement, key: string, f: (round: number) => number): void {
  m.perRoundExtra![key] = m.perRoundExtra![key]!.map((_, i) => f(i));
}

test('claim 3: a receiver moved in most wakeups at every slice, with stays to price a move, confirms it; one stolen at every slice, or a move that costs nothing, refutes it', () => {
  // Idle Ps that rarely steal in time (busy with other goroutines): the receiver moves in most wakeups at
  // every slice, and the few stays at one slice price a move.
  const moved = real();
  for (const m of placements(moved)) {
    setPerRound(m, 'movedApartCount', (i) => Math.ceil(0.85 * m.perRoundExtra!.apartCount![i]!));
    setPerRound(m, 'retouchMovedCount', (i) => Math.ceil(0.85 * m.perRoundExtra!.apartCount![i]!));
    setPerRound(m, 'retouchMovedP50Ns', () => 450000);
    setPerRound(m, 'retouchHomeCount', (i) => Math.floor(0.15 * m.perRoundExtra!.apartCount![i]!));
    setPerRound(m, 'retouchHomeP50Ns', () => 20000);
  }
  assert.equal(claim(moved, 3).verdict, 'confirmed', claim(moved, 3).summary);
  // Every wake moved it: no stay prices a move (its warm re-touch idled less), so no confirmation.
  for (const m of placements(moved)) setPerRound(m, 'retouchHomeCount', () => 0);
  assert.equal(claim(moved, 3).verdict, 'inconclusive', claim(moved, 3).summary);
  // Idle Ps that steal at once (no usleep(3) under timer slack): the receiver stays home at every slice.
  const stolen = real();
  for (const m of placements(stolen)) setPerRound(m, 'movedApartCount', () => 0);
  assert.equal(claim(stolen, 3).verdict, 'refuted', claim(stolen, 3).summary);
  // CPUs that share their caches (SMT siblings): a move re-touches as fast as a stay.
  const shared = real();
  for (const m of placements(shared))
    setPerRound(m, 'retouchMovedP50Ns', (i) => m.perRoundExtra!.retouchHomeP50Ns![i]!);
  assert.equal(claim(shared, 3).verdict, 'refuted', claim(shared, 3).summary);
  // Without the re-touches, the move's cost is unknown: never confirmed, never qualified.
  const unknown = real();
  for (const m of placements(unknown)) {
    setPerRound(m, 'retouchMovedCount', () => 0);
    setPerRound(m, 'retouchHomeCount', () => 0);
  }
  assert.equal(claim(unknown, 3).verdict, 'inconclusive', claim(unknown, 3).summary);
});

test("claim 4: a sender's P that always runs the receiver itself refutes it; half and half is inconclusive", () => {
  const doc = real();
  const longest = placements(doc).at(-1)!;
  setPerRound(longest, 'onSenderThreadFraction', () => 1);
  assert.equal(claim(doc, 4).verdict, 'refuted', claim(doc, 4).summary);
  setPerRound(longest, 'onSenderThreadFraction', (i) => [0.3, 0.7, 0.5, 0.6, 0.4][i]!);
  assert.equal(claim(doc, 4).verdict, 'inconclusive', claim(doc, 4).summary);
});

test('claim 5: a hand-off that rarely wakes a thread is qualified; a P that is mostly idle refutes it; no FUTEX_WAKE, no size', () => {
  const at = (doc: ResultsDocument, api: string) =>
    goMeasurement(doc, 'syscallThroughput', { api, tasks: 4, [Param.syscallNs]: 50000 });
  // Nobody waiting for the P at entry (handoffp parks it without a wake), but a wait for one on exit.
  const rare = real();
  const hold = at(rare, 'RawSyscall'),
    handoff = at(rare, 'Handoff');
  setPerRound(handoff, 'entryMeanNs', (i) => hold.perRoundExtra!.entryMeanNs![i]! + 300 + 10 * i);
  assert.equal(claim(rare, 5).verdict, 'qualified', claim(rare, 5).summary);
  // Few goroutines and long syscalls: the P is idle at entry and at exit, so neither a wake nor a wait.
  setPerRound(handoff, 'exitMeanNs', (i) => hold.perRoundExtra!.exitMeanNs![i]! + 200 + 10 * i);
  assert.equal(claim(rare, 5).verdict, 'refuted', claim(rare, 5).summary);
  // The halves are sized by a FUTEX_WAKE of the same run: without one, no verdict.
  const unsized = real();
  unsized.probes = unsized.probes.filter((p) => !(p.probe === Probe.futexWake && p.placement.kind === 'cross-cpu'));
  assert.equal(claim(unsized, 5).verdict, 'inconclusive', claim(unsized, 5).summary);
});

test('claim 1: a runtime whose locked wake costs no more than its unlocked one is not confirmed; no size, no confirmation', () => {
  const doc = real();
  const locked = goMeasurement(doc, 'wake', { receiver: 'locked', waker: 'parks', gomaxprocs: 2 });
  const unlocked = goMeasurement(doc, 'wake', { receiver: 'unlocked', waker: 'parks', gomaxprocs: 2 });
  setRounds(locked, [...unlocked.perRound]);
  const equal = claim(doc, 1);
  assert.equal(equal.source, 'runtime');
  assert.notEqual(equal.verdict, 'confirmed', equal.summary);
  // A locked wake faster than a futex wake refutes it.
  setRounds(
    locked,
    unlocked.perRound.map((v) => v / 2),
  );
  assert.equal(claim(doc, 1).verdict, 'refuted');
  // The extra is sized by a same-CPU futex wake: without one, the direction alone never confirms.
  const sized = real();
  sized.probes = sized.probes.filter((p) => !(p.probe === Probe.futexWake && p.placement.kind === 'same-cpu'));
  const unsized = claim(sized, 1);
  assert.equal(unsized.verdict, 'inconclusive', unsized.summary);
});

test('claim 6: a sysmon that retakes within 40 µs confirms it; one that never retakes refutes it', () => {
  const doc = real();
  const retake = goMeasurement(doc, 'retake', {});
  setRounds(retake, [29000, 30000, 31000, 30500, 29500]);
  retake.samples = { ...retake.samples, p50: 30000, p90: 36000, p99: 39000 };
  assert.equal(claim(doc, 6).verdict, 'confirmed', 'its 9 syscalls that ended first do not move the median far');
  // Syscalls that end before a retake are censored, not fast: most of them, and the median lies beyond the syscall.
  retake.extra.notRetaken = retake.samples.n;
  assert.equal(claim(doc, 6).verdict, 'qualified');
  // Fewer, but the retaken delays' p90 above the claim: the median is not known to lie within it.
  retake.extra.notRetaken = 100;
  retake.samples = { ...retake.samples, p90: 90000 };
  assert.equal(claim(doc, 6).verdict, 'inconclusive');
  retake.extra.notRetaken = 9;
  setRounds(retake, [5000, 6000, 5500, 5200, 5800]);
  assert.equal(claim(doc, 6).verdict, 'refuted', 'earlier than a tick already under way');
  retake.perRound = [];
  retake.samples = { ...retake.samples, n: 0 };
  retake.extra.notRetaken = 1000;
  assert.equal(claim(doc, 6).verdict, 'refuted', 'no P retaken although a goroutine waited');
});

test('claim 7: holding costs throughput at both lengths → confirmed; at neither → refuted', () => {
  const doc = real();
  const at = (api: string, syscallNs: number) =>
    goMeasurement(doc, 'syscallThroughput', { api, tasks: 4, [Param.syscallNs]: syscallNs });
  const releaseShort = at('Syscall', 50000),
    holdShort = at('RawSyscall', 50000);
  // A host whose sysmon retakes before a 50 µs syscall ends: Syscall gets ahead there too.
  setRounds(
    holdShort,
    releaseShort.perRound.map((v) => v * 0.6),
  );
  assert.equal(claim(doc, 7).verdict, 'confirmed');
  // A runtime whose Syscall never lets the P go: holding costs nothing at any length.
  const holdLong = at('RawSyscall', 1000000),
    releaseLong = at('Syscall', 1000000);
  setRounds(holdShort, [...releaseShort.perRound]);
  setRounds(holdLong, [...releaseLong.perRound]);
  assert.equal(claim(doc, 7).verdict, 'refuted');
});

test('without the Go section, claims 1, 3, 4, 5 and 7 are not confirmed: not judged, with what the emulation measured', () => {
  const doc = real();
  delete doc.go;
  for (const id of [1, 3, 4, 5, 7]) {
    const c = claim(doc, id);
    assert.equal(c.verdict, 'not-judged', `claim ${id}: ${c.summary}`);
    assert.equal(c.source, 'emulation');
    assert.ok(c.effect, `claim ${id}: the emulation's magnitude is still shown`);
  }
  assert.equal(claim(doc, 6).source, 'emulation', 'claim 6 falls back to the emulated sysmon');
});

test('the runtime judges reach their middle outcomes too: qualified (1), inconclusive (6, 7)', () => {
  // A host whose same-CPU futex wake costs ten times this VM's: the locked extra stays above 0 but short of half of it.
  const slowSameCpu = real();
  const same = slowSameCpu.probes
    .filter((p) => p.probe === Probe.futexWake && p.placement.kind === 'same-cpu')
    .flatMap((p) => p.metrics);
  for (const m of same) if (m.summary) m.summary = { ...m.summary, valueNs: m.summary.valueNs * 10 };
  assert.equal(claim(slowSameCpu, 1).verdict, 'qualified', claim(slowSameCpu, 1).summary);
  // Retakes spread across the claim's upper bound: neither within nor beyond it.
  const spread = real();
  const retake = goMeasurement(spread, 'retake', {});
  setRounds(retake, [25000, 35000, 45000, 55000, 30000]);
  retake.samples = { ...retake.samples, p90: 38000 };
  assert.equal(claim(spread, 6).verdict, 'inconclusive');
  // Holding costs 5-15% at 50 µs: the interval straddles the 10% loss.
  const straddle = real();
  const release = goMeasurement(straddle, 'syscallThroughput', { api: 'Syscall', tasks: 4, [Param.syscallNs]: 50000 });
  setRounds(
    goMeasurement(straddle, 'syscallThroughput', { api: 'RawSyscall', tasks: 4, [Param.syscallNs]: 50000 }),
    release.perRound.map((v, i) => v * [0.85, 0.95, 0.88, 0.93, 0.9][i]!),
  );
  assert.equal(claim(straddle, 7).verdict, 'inconclusive');
});

test('the futex wake a claim compares with is the one after the same idle gap as the Go wakes, not the first measured', () => {
  // The full suite sweeps futex-wake's idle gap from 10 µs up; Go's wakes idle 20–80 µs.
  const doc = real();
  const gapOf = (lo: number, hi: number) => ({ [Param.gapMinNs]: lo, [Param.gapMaxNs]: hi });
  const cross = doc.probes.find((p) => p.probe === Probe.futexWake && p.placement.kind === 'cross-cpu')!;
  const shortGap = structuredClone(cross);
  shortGap.params = { ...shortGap.params, ...gapOf(8000, 12000) };
  for (const m of shortGap.metrics) {
    m.params = { ...m.params, ...gapOf(8000, 12000) };
    m.id = m.id.replace('gapMaxNs=80000,gapMinNs=20000', 'gapMaxNs=12000,gapMinNs=8000');
    if (m.summary) m.summary = { ...m.summary, valueNs: m.summary.valueNs * 3 };
  }
  const before = claim(doc, 1).evidence.futexWakeCrossP50Ns;
  doc.probes.splice(doc.probes.indexOf(cross), 0, shortGap);
  assert.equal(claim(doc, 1).evidence.futexWakeCrossP50Ns, before);
  assert.equal(claim(doc, 5).evidence.wakerCostNs, claim(real(), 5).evidence.wakerCostNs);
});
