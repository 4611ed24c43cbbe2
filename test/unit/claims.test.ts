// Every claim's judge can return each of its outcomes: the verdicts follow
// from measurements, not from how the emulation is built. Judged on the
// emulation alone, the claims it settles by construction (1, 5, 7) are shown,
// never judged; their outcomes on the real runtime are in
// runtimeClaims.test.ts, from a real document.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLAIMS, Counter, Metric, Param, Probe } from '../../src/catalogue/index.js';
import { judgeClaims } from '../../src/model/claims/index.js';
import type { Claim, ProbeResult, StrategyPrediction } from '../../src/results/schema.js';
import { documentOf, five, metric, probe, withCounters } from '../support/fixtures.js';

const same = { kind: 'same-cpu' as const, cpus: [0, 0] };
const verdict = (id: number, probes: ProbeResult[], predictions: StrategyPrediction[] = []): Claim =>
  judgeClaims(documentOf(probes), predictions).find((c) => c.id === id)!;

function outcomes(id: number, cases: [Claim['verdict'], ProbeResult[], StrategyPrediction[]?][]) {
  for (const [expected, probes, predictions] of cases) {
    const claim = verdict(id, probes, predictions);
    assert.equal(claim.verdict, expected, `claim ${id}: ${claim.summary}`);
    assert.equal(claim.rule, CLAIMS.find((c) => c.id === id)!.rule);
  }
}

test('every claim has a rule, a hypothesis and a quantity; a claim with nothing measured is inconclusive', () => {
  for (const c of CLAIMS) assert.ok(c.rule.length > 40 && c.hypothesis && c.quantity, `claim ${c.id}`);
  for (const claim of judgeClaims(documentOf([]))) {
    assert.equal(claim.verdict, 'inconclusive');
    assert.match(claim.summary, /not measured/);
  }
});

test('claim 1 on the emulation alone: its magnitude is shown, never judged, whichever way it points', () => {
  const sameWake = probe(Probe.futexWake, [metric('s', Metric.wakeLatency, five(3000))], {}, same);
  const run = (locked: number[], dedicated: number[]) => [
    probe(Probe.wakeLocked, [metric('l', Metric.wakeToRun, locked, { [Param.schedulerOnWakerCpu]: 0 })]),
    probe(Probe.wakeDedicated, [metric('d', Metric.wakeToRun, dedicated)]),
    sameWake,
  ];
  for (const [locked, dedicated] of [
    [25000, 20000],
    [20000, 25000],
  ] as const) {
    const claim = verdict(1, run(five(locked), five(dedicated)));
    assert.equal(claim.verdict, 'not-judged', claim.summary);
    assert.equal(claim.source, 'emulation');
    assert.equal(claim.effect!.value, locked - dedicated, 'the magnitude is still measured and shown');
    assert.match(claim.summary, /the emulation builds this in/);
  }
  const interleaved = [
    probe(Probe.wakeInterleaved, [
      metric('il', Metric.lockedWakeToRun, five(25000)),
      metric('id', Metric.dedicatedWakeToRun, five(20000)),
    ]),
    ...run(five(20000), five(25000)),
  ];
  assert.equal(verdict(1, interleaved).effect!.value, 5000, 'the interleaved measurement is preferred');
});

test('claim 2: T stays home, migrates, stays only while its CPU is free; the busy case unmeasured never confirms', () => {
  /** Shares of wakeups on T's previous CPU: waker's CPU idle and busy, T's CPU free; then T's CPU busy (when given). */
  const run = (free: [number, number], busyHome?: [number, number]) =>
    [0, 1].flatMap((homeBusy) =>
      homeBusy && !busyHome
        ? []
        : [0, 1].map((keeps) => {
            const share = (homeBusy ? busyHome! : free)[keeps]!;
            const params = { [Param.wakerKeepsRunning]: keeps, [Param.homeBusy]: homeBusy };
            return probe(
              Probe.wakeFloating,
              [
                withCounters(metric(`w${keeps}${homeBusy}`, Metric.wakeToRun, five(20000), params), [
                  { [Counter.ranOnPrevious]: 100 * share },
                ]),
              ],
              params,
            );
          }),
    );
  outcomes(2, [
    ['confirmed', run([0.97, 0.95], [0.96, 0.98])],
    ['qualified', run([0.97, 0.95], [0.4, 0.98])],
    ['refuted', run([0.2, 0.95], [0.96, 0.98])],
    ['qualified', run([0.7, 0.95], [0.96, 0.98])],
    ['inconclusive', run([0.7, 0.7], [0.96, 0.98])],
    ['inconclusive', run([0.97, 0.95])],
  ]);
});

function unlocked(longestMigrated: number[], longestStolen: number[]): ProbeResult[] {
  const slice = (sliceNs: number, migrated: number[], stolen: number[]) =>
    probe(
      Probe.wakeUnlocked,
      [
        withCounters(
          metric(`u${sliceNs}`, Metric.wakeToRun, five(20000), { [Param.sliceNs]: sliceNs }),
          migrated.map((m, i) => ({ [Counter.migrated]: 100 * m, [Counter.stolen]: 100 * stolen[i]! })),
        ),
        metric(`m${sliceNs}`, Metric.retouchMigrated, five(80000), { [Param.sliceNs]: sliceNs }),
        metric(`h${sliceNs}`, Metric.retouchAtHome, five(15000), { [Param.sliceNs]: sliceNs }),
      ],
      { [Param.sliceNs]: sliceNs },
    );
  return [slice(0, [1, 1, 1, 1, 1], [0, 0, 0, 0, 0]), slice(100000, longestMigrated, longestStolen)];
}

test('claims 3 and 4 without the runtime: the emulation’s shares and crossover are shown, never judged (every emulated wakeup is migrated or stolen)', () => {
  for (const probes of [
    unlocked([0.8, 0.85, 0.9, 0.8, 0.9], [0.2, 0.15, 0.1, 0.2, 0.1]),
    unlocked([0.1, 0.05, 0.1, 0.0, 0.1], [0.9, 0.95, 0.9, 1, 0.9]),
  ]) {
    for (const id of [3, 4]) {
      const claim = verdict(id, probes);
      assert.equal(claim.verdict, 'not-judged', `claim ${id}: ${claim.summary}`);
      assert.equal(claim.source, 'emulation');
      assert.ok(claim.effect, `claim ${id} shows its magnitude`);
    }
  }
  const claim = verdict(3, unlocked([0.1, 0.05, 0.1, 0.0, 0.1], [0.9, 0.95, 0.9, 1, 0.9]));
  assert.match(claim.summary, /T migrates in most wakeups while the waker runs less than/);
  assert.match(verdict(4, unlocked([0.1, 0.05, 0.1, 0.0, 0.1], [0.9, 0.95, 0.9, 1, 0.9])).summary, /stole T in 90%/);
});

const contended = { [Param.tasks]: 4, [Param.tokens]: 1, [Param.syscallNs]: 50000, [Param.syscallKind]: 0 };

test('claim 5: both halves are shown in units of one FUTEX_WAKE, never judged (the emulation builds both in)', () => {
  const run = (entryExtra: number[], exitWait: number[]) => [
    probe(Probe.syscallHold, [metric('he', Metric.syscallEntry, five(30), contended)], contended),
    probe(
      Probe.syscallHandoff,
      [
        metric(
          'oe',
          Metric.syscallEntry,
          entryExtra.map((e, i) => 30 * (0.98 + 0.01 * i) + e),
          contended,
        ),
        metric('ow', Metric.pWait, exitWait, contended),
      ],
      contended,
    ),
  ];
  for (const probes of [run(five(2000), five(20000)), run([0, 0, 0, 0, 0], [0, 0, 0, 0, 0])]) {
    const claim = verdict(5, probes);
    assert.equal(claim.verdict, 'not-judged', claim.summary);
    assert.ok(claim.evidence.entryExtraNs !== undefined && claim.evidence.exitWaitNs !== undefined);
  }
});

test('claim 6: retakes at one to two ticks, later, sooner, never', () => {
  const run = (delays: number[], samples = 100) => [
    probe(
      Probe.syscallLazy,
      [
        {
          ...metric('r', Metric.retakeDelay, delays, contended),
          trials: metric('r', Metric.retakeDelay, delays, contended).trials.map((t) => ({ ...t, samples })),
        },
      ],
      contended,
    ),
  ];
  outcomes(6, [
    ['confirmed', run(five(30000))],
    ['qualified', run(five(90000))],
    ['refuted', run(five(5000))],
    ['refuted', run(five(30000), 0)],
    ['inconclusive', run([15000, 60000, 30000, 45000, 20000])],
  ]);
});

test('claim 7 on the emulation alone: the hold / dedicated ratio and the model are shown, never judged', () => {
  const rate = (perSecond: number[]) => perSecond.map((r) => ({ [Counter.iterations]: r, [Counter.wallNs]: 1e9 }));
  const run = (holdRate: number[]) => [
    probe(
      Probe.syscallHold,
      [withCounters(metric('h', Metric.iteration, five(50000), contended), rate(holdRate))],
      contended,
    ),
    probe(
      Probe.syscallDedicated,
      [withCounters(metric('d', Metric.iteration, five(50000), contended), rate(five(80000)))],
      contended,
    ),
  ];
  for (const holdRate of [20000, 80000]) {
    const claim = verdict(7, run(five(holdRate)));
    assert.equal(claim.verdict, 'not-judged', claim.summary);
    assert.equal(claim.effect!.value, holdRate / 80000);
  }
  assert.equal(verdict(7, []).verdict, 'inconclusive', 'nothing measured: inconclusive, never confirmed');
});

test('claim 8: like for like (every thread SCHED_OTHER); a signal 20× faster turns it around; FIFO alone never decides', () => {
  const at = (fifo: number, signal: number[], preemption: number[]) =>
    probe(
      Probe.preemption,
      [
        metric(`s${fifo}`, Metric.deliveryToSpinning, signal, { [Param.wakeeFifo]: fifo }),
        metric(`p${fifo}`, Metric.wakeupPreemption, preemption, { [Param.wakeeFifo]: fifo }),
      ],
      { [Param.wakeeFifo]: fifo },
    );
  const run = (signal: number[], preemption: number[]) => [at(0, signal, preemption)];
  outcomes(8, [
    ['confirmed', run(five(10000), five(5000))],
    ['refuted', run(five(10000 / 20), five(5000))],
    ['inconclusive', run([4000, 6000, 5000, 5500, 4500], five(5000))],
  ]);
  // A SCHED_FIFO wakee preempts at once where permitted: measured beside, never the verdict.
  const both = verdict(8, [at(0, five(10000), five(5000)), at(1, five(10000), five(200000))]);
  assert.equal(both.verdict, 'confirmed');
  assert.equal(both.evidence.wakeePolicy, 'SCHED_OTHER');
  assert.equal(both.evidence.wakeupPreemptionFifoP50Ns, 200000);
  assert.equal(verdict(8, [at(1, five(10000), five(5000))]).verdict, 'inconclusive', 'only the FIFO wakee');
});
