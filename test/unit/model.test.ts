import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeClaims, pairedDifference } from '../../src/model/claims/index.js';
import { constant, fromMetric, type Distribution } from '../../src/model/measuredDistribution.js';
import { seededRandom } from '../../src/stats/random.js';
import {
  constantNs,
  ifLess,
  max,
  min,
  prim,
  probabilityLess,
  render,
  simulate,
  sum,
} from '../../src/model/expression.js';
import { predictSyscallPaths, throughput } from '../../src/model/syscallModels.js';
import { predictWakePaths } from '../../src/model/wakeModels.js';
import { PrimitiveCatalog } from '../../src/model/primitives.js';
import { Counter, Metric, Param, Probe } from '../../src/catalogue/index.js';
import { documentOf, metric, probe, withCounters } from '../support/fixtures.js';
import type { MetricResult } from '../../src/results/schema.js';

const uniform = (lo: number, hi: number): Distribution => ({
  source: `U(${lo},${hi})`,
  p50: (lo + hi) / 2,
  mean: (lo + hi) / 2,
  draw: (r) => lo + r() * (hi - lo),
});

test('known compositions give known sums', () => {
  const primitives = new Map([
    ['a', constant(1000, 'a')],
    ['b', constant(250, 'b')],
  ]);
  const p = simulate(sum(prim('a'), constantNs(50, 'pick'), prim('b')), primitives, seededRandom(1), 100);
  assert.deepEqual(p, { p50: 1300, p90: 1300, p99: 1300 });
  assert.equal(simulate(min(prim('a'), prim('b')), primitives, seededRandom(1), 10).p50, 250);
  assert.equal(simulate(max(prim('a'), prim('b')), primitives, seededRandom(1), 10).p50, 1000);
  assert.equal(
    simulate(ifLess(prim('b'), prim('a'), constantNs(7, 'x'), constantNs(9, 'y')), primitives, seededRandom(1), 10).p50,
    7,
  );
  assert.equal(
    render(sum(prim('wake[cross]'), constantNs(20, 'pick'), prim('wake[same]'))),
    'wake[cross] + pick 20.0 ns + wake[same]',
  );
  assert.throws(() => simulate(prim('missing'), primitives, seededRandom(1)), /not measured/);
});

test('Monte Carlo converges on a sum whose distribution is known', () => {
  // U(0,1) + U(0,1) is triangular on [0, 2]: p50 = 1, p90 = 2 − √0.2, p99 = 2 − √0.02.
  const primitives = new Map([
    ['x', uniform(0, 1)],
    ['y', uniform(0, 1)],
  ]);
  const p = simulate(sum(prim('x'), prim('y')), primitives, seededRandom(42), 200_000);
  assert.ok(Math.abs(p.p50 - 1) < 0.01, `p50 ${p.p50}`);
  assert.ok(Math.abs(p.p90 - (2 - Math.sqrt(0.2))) < 0.01, `p90 ${p.p90}`);
  assert.ok(Math.abs(p.p99 - (2 - Math.sqrt(0.02))) < 0.01, `p99 ${p.p99}`);
  // P(U1 < U2) = 1/2; a name used twice is one draw, so P(x < x) = 0.
  assert.ok(Math.abs(probabilityLess(prim('x'), prim('y'), primitives, seededRandom(3), 100_000) - 0.5) < 0.01);
  assert.equal(probabilityLess(prim('x'), prim('x'), primitives, seededRandom(3), 1000), 0);
});

test('histogram draws stay inside the measured buckets', () => {
  const d = fromMetric(metric('m', 'm', [150, 150]))!;
  const random = seededRandom(9);
  for (let i = 0; i < 1000; i++) {
    const v = d.draw(random);
    assert.ok(v >= 150 && v < 151);
  }
});

test('the sign of a paired trial difference: larger, not larger, unclear, too few trials', () => {
  const dedicated = metric('d', 'wakeToRun', [20000, 21000, 20500, 22000, 20000]);
  const sign = (locked: number[]) => pairedDifference(metric('l', 'wakeToRun', locked), dedicated).sign;
  assert.equal(sign([23000, 24000, 23500, 25000, 23100]), 'larger');
  assert.equal(sign([19000, 20000, 20400, 21000, 19900]), 'notLarger');
  assert.equal(sign([21000, 20000, 20600, 21000, 21000]), 'unclear');
  const fewTrials = pairedDifference(metric('a', 'a', [2, 2, 2]), metric('b', 'b', [1, 1, 1]));
  assert.equal(fewTrials.sign, 'unclear');
});

test('claims that were not measured are inconclusive and say why; all eight are always present', () => {
  const claims = judgeClaims(documentOf([]));
  assert.deepEqual(
    claims.map((c) => c.id),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
  assert.ok(claims.every((c) => c.verdict === 'inconclusive' && /not measured/.test(c.summary)));
});

test('syscall-path throughput formulas on fixed inputs', () => {
  const cfg = { tasks: 4, tokens: 1, cpus: 2, computeNs: 5000, syscallNs: 45000, tickNs: 20000 };
  const rate = (strategy: string, retakeOccupancy = 45000) =>
    throughput({ ...cfg, strategy }, 45000, 20000, 5000, retakeOccupancy);
  assert.ok(Math.abs(rate(Probe.syscallHold) - 20000) < 1e-6); // one P busy c + b' = 50 µs
  assert.ok(Math.abs(rate(Probe.syscallDedicated) - 80000) < 1e-6); // 4 tasks / 50 µs; CPUs allow 400000/s
  assert.ok(Math.abs(rate(Probe.syscallHandoff) - 4e9 / 70000) < 1e-6); // tasks wait a cross wake: 4 / 70 µs
  assert.ok(Math.abs(rate(Probe.syscallLazy, 20000) - 1e9 / 25000) < 1e-6); // P busy c + 20 µs until retaken
});

test('a rate comes from mean cycle times: a right-skewed syscall length predicted from its median would be 25% high', () => {
  // The syscall really lasts 55 µs at the median but 70 µs on average (a tail of late wakeups); 4 dedicated
  // tasks computing 5 µs between syscalls then make 4 / 75 µs = 53,333 iterations per second.
  const config = {
    [Param.tasks]: 4,
    [Param.tokens]: 1,
    [Param.computeNs]: 5000,
    [Param.syscallNs]: 50000,
    [Param.syscallKind]: 0,
  };
  const sleep = metric('s', Metric.actualSleep, [55000, 55000, 55000, 55000, 55000], {
    [Param.requestedNs]: 50000,
    [Param.timerSlackNs]: 1,
  });
  for (const t of sleep.trials) t.statsNs = { ...t.statsNs!, mean: 70000 };
  const rate = 4 / 75e-6;
  const iteration = withCounters(metric('d', Metric.iteration, [75000, 75000, 75000, 75000, 75000], config), [
    { [Counter.iterations]: rate / 20, [Counter.wallNs]: 5e7 },
  ]);
  const doc = documentOf([
    probe(
      Probe.sleep,
      [sleep],
      { [Param.requestedNs]: 50000, [Param.timerSlackNs]: 1 },
      { kind: 'single-cpu', cpus: [0] },
    ),
    probe(Probe.syscallDedicated, [iteration], config),
  ]);
  const notes: string[] = [];
  const [prediction] = predictSyscallPaths(doc.probes, new PrimitiveCatalog(doc), seededRandom(1), notes);
  assert.ok(prediction, notes.join('; '));
  assert.ok(Math.abs(prediction.relativeErrorP50) < 0.01, `error ${prediction.relativeErrorP50}`);
});

test('predicted like measured: each trial from its own round, a disturbed trial left out on both sides', () => {
  // Each round measured its own level; one round of the cross-CPU futex wake was disturbed (ten times slower),
  // wake/dedicated's same round was not (50 µs). Paired by round and that round left out on both sides, the
  // prediction meets the measurement at p50 and p99; pooled rounds (p99: the slowest round) or a measured side
  // that kept the round (its median: 11 µs) would not.
  const gap = { [Param.gapMinNs]: 20000, [Param.gapMaxNs]: 80000 };
  const wake = metric('w', Metric.wakeLatency, [9000, 10000, 100000, 11000, 12000], gap);
  wake.trials[2]!.disturbance = { disturbed: true, reasons: [] };
  const dedicated = metric('d', Metric.wakeToRun, [9000, 10000, 50000, 11000, 12000], {
    ...gap,
    [Param.workingSetBytes]: 262144,
  });
  const run = (primitive: MetricResult) => {
    const doc = documentOf([
      probe(Probe.futexWake, [primitive], gap),
      probe(Probe.wakeDedicated, [dedicated], { ...gap, [Param.workingSetBytes]: 262144 }),
    ]);
    const notes: string[] = [];
    const [prediction] = predictWakePaths(
      doc.probes,
      new PrimitiveCatalog(doc),
      (trial) => new PrimitiveCatalog(doc, trial),
      seededRandom(1),
      notes,
    );
    assert.ok(prediction, notes.join('; '));
    return { prediction, notes };
  };
  const { prediction } = run(wake);
  assert.equal(prediction.trials, 4);
  assert.equal(prediction.measured.p50, 10500);
  assert.ok(Math.abs(prediction.relativeErrorP50) < 0.01, `p50 error ${prediction.relativeErrorP50}`);
  assert.ok(Math.abs(prediction.relativeErrorP99!) < 0.01, `p99 error ${prediction.relativeErrorP99}`);
  // A primitive whose rounds hold too few samples for their own p99: the tail comes from the undisturbed rounds
  // pooled, and the notes say so.
  const sparse = structuredClone(wake);
  for (const t of sparse.trials) {
    t.samples = 50;
    t.histogram.buckets = t.histogram.buckets.map(([lo, hi]) => [lo, hi, 50]);
  }
  const pooled = run(sparse);
  assert.ok(pooled.notes.some((n) => /p99 predicted from all trials pooled/.test(n)));
  assert.ok(
    pooled.prediction.predicted.p99! <= 12001,
    `${pooled.prediction.predicted.p99}: the disturbed round pooled`,
  );
});

test('claims never throw on metrics without samples', () => {
  const empty = (id: string, name: string, params: Record<string, number>) => {
    const m = metric(id, name, [1], params);
    m.trials = m.trials.map((t) => ({ ...t, samples: 0, statsNs: undefined as never }));
    delete m.summary;
    return m;
  };
  const config = { tasks: 4, tokens: 1, syscallNs: 50000, syscallKind: 0 };
  const doc = documentOf([
    probe('syscall/hold', [empty('h', 'syscallEntry', config), empty('hi', 'iteration', config)], config),
    probe('syscall/handoff', [empty('o', 'syscallEntry', config), empty('oi', 'iteration', config)], config),
    probe('wake/unlocked', [empty('u', 'wakeToRun', { sliceNs: 0 })], { sliceNs: 0 }),
  ]);
  const claims = judgeClaims(doc);
  assert.equal(claims.length, 8);
  assert.ok(claims.every((c) => Object.values(c.evidence).every((v) => typeof v === 'string' || Number.isFinite(v))));
});
