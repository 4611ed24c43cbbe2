// Closed-loop validation: the simulator runs the configurations the suite
// measured on this host (the wake emulations' own loops, the syscall paths
// with the measured N, P, c, b) and is held against what was measured and
// against the cost model's prediction. A row agrees when the simulation lies
// within a stated limit of the measurement (LIMIT), whatever the model did;
// the model's own error is shown beside it.
import type { MetricResult, ProbeResult, ResultsDocument, StrategyPrediction } from '../results/schema.js';
import { accuracyOf, modelOf } from '../model/index.js';
import { median } from '../stats/sampleSummary.js';
import { Counter, Metric, Param, paramValue, Probe, syscallStrategies, wakeStrategies } from '../catalogue/index.js';
import type { RunSpec } from './runSpec.js';
import type { SimulatedRun, ValidationRow } from './simulationSchema.js';

export interface ValidationCase {
  spec: RunSpec;
  probe: ProbeResult;
  metric: MetricResult;
}

/** The measured strategy configurations of the document, as simulation specs. */
export function validationCases(doc: ResultsDocument, base: RunSpec): ValidationCase[] {
  const cases: ValidationCase[] = [];
  doc.probes
    .filter((p) => p.status === 'ok' && p.placement.kind === 'cross-cpu')
    .forEach((probe, index) => {
      const num = (name: string) => paramValue(probe.probe, probe.params, name);
      const seed = base.seed + 7919 * (index + 1);
      if ((wakeStrategies as readonly string[]).includes(probe.probe)) {
        const metric = probe.metrics.find((m) => m.metric === Metric.wakeToRun);
        if (!metric?.summary) return;
        const unlocked = probe.probe === Probe.wakeUnlocked;
        cases.push({
          probe,
          metric,
          spec: {
            ...base,
            workload: 'emulation',
            scenario: 'default idle',
            strategy: probe.probe,
            cpus: 2,
            tasks: 1,
            procs: 1,
            workingSetBytes: num(Param.workingSetBytes),
            gapMinNs: num(Param.gapMinNs),
            gapMaxNs: num(Param.gapMaxNs),
            schedulerOnWakerCpu: probe.probe === Probe.wakeLocked && num(Param.schedulerOnWakerCpu) !== 0,
            wakerSliceNs: unlocked ? num(Param.sliceNs) : 0,
            idleSpinNs: unlocked ? num(Param.idleSpinNs) : base.idleSpinNs,
            idleSleepNs: unlocked ? num(Param.idleSleepNs) : base.idleSleepNs,
            seed,
          },
        });
      } else if ((syscallStrategies as readonly string[]).includes(probe.probe)) {
        const metric = probe.metrics.find((m) => m.metric === Metric.iteration);
        if (!metric) return;
        cases.push({
          probe,
          metric,
          spec: {
            ...base,
            workload: 'syscalls',
            scenario: 'default idle',
            strategy: probe.probe,
            cpus: new Set(probe.placement.cpus).size,
            tasks: num(Param.tasks),
            procs: num(Param.tokens),
            computeNs: num(Param.computeNs),
            syscallNs: num(Param.syscallNs),
            goSliceNs: num(Param.sliceNs),
            sysmonTickNs: num(Param.sysmonTickNs),
            seed,
          },
        });
      }
    });
  return cases;
}

/** How far a simulated figure may lie from the measured one: 20% (a fraction: 5 percentage points). */
const LIMIT = { relative: 0.2, fraction: 0.05 } as const;

function relative(value: number, reference: number): number {
  return (value - reference) / reference;
}

/** A case's simulated runs, one per trial round (each from that round's primitives). */
export type TrialRuns = SimulatedRun[];

/** The rows comparing simulated, measured and modelled figures, one per quantity a case predicts. */
export function validationRows(doc: ResultsDocument, cases: ValidationCase[], runs: TrialRuns[]): ValidationRow[] {
  const model = doc.model ?? modelOf(doc);
  const predictions = model?.predictions ?? [];
  const accuracy = model?.accuracy.length ? model.accuracy : accuracyOf(predictions);
  const modelTolerance = (quantity: string) =>
    accuracy.find((a) => a.quantity === quantity && a.statistic === 'p50')?.medianAbsoluteError ?? 0.2;
  const predicted = (metricId: string, quantity: string): StrategyPrediction | undefined =>
    predictions.find((p) => p.metricId === metricId && p.quantity === quantity);
  const rows: ValidationRow[] = [];
  cases.forEach(({ probe, metric }, i) => {
    const trialRuns = runs[i] ?? [];
    const add = (
      quantity: ValidationRow['quantity'],
      unit: ValidationRow['unit'],
      measuredOfTrial: (k: number) => number | undefined,
      simulatedOf: (run: SimulatedRun) => number | undefined,
      difference: (a: number, b: number) => number,
    ) => {
      const pairs = trialRuns.flatMap((run) => {
        const m = measuredOfTrial(run.trial ?? 0),
          s = simulatedOf(run);
        return m !== undefined && s !== undefined && Number.isFinite(m) && m !== 0 ? [{ m, s }] : [];
      });
      if (pairs.length === 0) return;
      // Like for like: the measured figure over the same trials the simulation paired with.
      const measured = median(pairs.map((p) => p.m));
      const simulated = median(pairs.map((p) => p.s));
      const paired = pairs.map((p) => difference(p.s, p.m)).sort((a, b) => a - b);
      const pairedMedian = median(paired);
      const p = predicted(metric.id, quantity);
      const simulatedError = difference(simulated, measured);
      const limit = unit === 'fraction' ? LIMIT.fraction : LIMIT.relative;
      const trials = pairs.map((q) => q.m);
      rows.push({
        strategy: probe.probe,
        metricId: metric.id,
        quantity,
        unit,
        measured,
        measuredTrials: [Math.min(...trials), Math.max(...trials)],
        simulated,
        ...(p ? { model: p.predicted.p50, modelError: p.relativeErrorP50 } : {}),
        simulatedError,
        pairedErrors: [paired[0]!, pairedMedian, paired[paired.length - 1]!],
        tolerance: limit,
        withinModelError: Math.abs(simulatedError) <= modelTolerance(quantity),
        agrees: Math.abs(simulatedError) <= limit,
      });
    };
    // A disturbed trial is left out, as the model leaves it out.
    const trial = (k: number) => (metric.trials[k]?.disturbance?.disturbed ? undefined : metric.trials[k]);
    if (probe.probe === Probe.wakeDedicated || probe.probe === Probe.wakeLocked || probe.probe === Probe.wakeUnlocked) {
      add(
        Metric.wakeToRun,
        'ns',
        (k) => trial(k)?.statsNs?.p50,
        (r) => r.wakeToRunNs?.p50,
        relative,
      );
      if (probe.probe === Probe.wakeUnlocked) {
        add(
          'migratedFraction',
          'fraction',
          (k) => {
            const t = trial(k);
            return t?.samples ? (t.counters?.[Counter.migrated] ?? 0) / t.samples : undefined;
          },
          (r) => r.migrationsPerOperation,
          (a, b) => a - b,
        );
      }
    } else {
      add(
        'throughput',
        'per-second',
        (k) => {
          const c = trial(k)?.counters;
          const n = c?.[Counter.iterations],
            d = c?.[Counter.wallNs];
          return n !== undefined && d ? (n / d) * 1e9 : undefined;
        },
        (r) => r.throughputPerSecond,
        relative,
      );
    }
  });
  return rows;
}

function meanOf(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Why a row misses, in terms of the mechanism the simulator lacks (only for rows outside the tolerance). */
export function missingMechanism(
  row: ValidationRow,
  probe: ProbeResult,
  run: SimulatedRun,
  syscallMeanNs: (syscallNs: number) => number,
  crossWakeP99Ns: number,
): string | undefined {
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  if (row.quantity === 'migratedFraction')
    return `${row.metricId}: migrated ${pct(row.simulated)} simulated vs ${pct(row.measured)} measured. Missing: the correlation between a FUTEX_WAKE's cost to the waker and its latency to the woken (one IPI on the host; two independent draws here), which decides who reaches T first`;
  if (row.quantity === Metric.wakeToRun)
    return `${row.metricId}: each trial simulated from its own round misses by a median ${pct(row.pairedErrors[1])} (${pct(row.pairedErrors[0])} to ${pct(row.pairedErrors[2])}). Missing: what makes the emulation's wake differ from the futex-wake primitive measured in the same round (its waker's own timed gap, the working-set pass before T blocks); the simulation draws the primitive unchanged`;
  const iteration = probe.metrics.find((m) => m.metric === Metric.iteration);
  const rates = iteration?.trials.flatMap((t) => {
    const wakes = t.counters?.[Counter.futexWakes],
      n = t.counters?.[Counter.iterations];
    return wakes !== undefined && n ? [wakes / n] : [];
  });
  const measuredWakes = rates?.length ? meanOf(rates) : undefined;
  if (measuredWakes !== undefined && run.futexWakesPerOperation > 2 * measuredWakes + 0.02)
    return `${row.metricId}: P hand-offs convoy in the simulation (${run.futexWakesPerOperation.toFixed(2)} FUTEX_WAKEs per iteration, ${measuredWakes.toFixed(2)} measured): every hand-off pays the measured cross-CPU wake, whose tail on this host (p99 ${(crossWakeP99Ns / 1000).toFixed(0)} µs) reflects other load, and holds the P meanwhile. Missing: what made the emulation's hand-offs fast (a wake onto a CPU that is not idle, or the kernel pulling the woken thread to the waker's CPU)`;
  const duration = probe.metrics.find((m) => m.metric === Metric.syscallDuration);
  const means = duration?.trials.flatMap((t) => (t.statsNs ? [t.statsNs.mean] : [])) ?? [];
  const syscallNs = run.syscallNs ?? 0;
  if (means.length)
    return `${row.metricId}: the blocking syscall's real length: the sleep probe's (mean ${(syscallMeanNs(syscallNs) / 1000).toFixed(0)} µs) against ${(meanOf(means) / 1000).toFixed(0)} µs in the strategy's own run; the host's load changed between them, and the simulator has no other source for the syscall`;
  return undefined;
}
