// The wake paths as compositions of primitives measured in the same run
// (ARCHITECTURE.md, "The model"), held against the emulations' measurements:
//   dedicated  wake[cross]
//   locked     wake[cross] + pick + wake[same]   (scheduler thread on T's CPU)
//              wake[same] + pick + wake[cross]   (scheduler thread on the waker's CPU)
//   unlocked   min(max(slice, wakerCost), wake[cross]); T migrates when the
//              waker gets to it first, and then re-touches with refill.
import type { MetricResult, ProbeResult, StrategyPrediction } from '../results/schema.js';
import type { Distribution } from './measuredDistribution.js';
import type { Random } from '../stats/random.js';
import {
  constantNs,
  ifLess,
  max,
  min,
  prim,
  primitivesOf,
  probabilityLess,
  render,
  simulate,
  sum,
  type Expr,
} from './expression.js';
import { measuredOf, relativeError } from './measured.js';
import { median } from '../stats/sampleSummary.js';
import type { PrimitiveCatalog } from './primitives.js';
import { Counter, Metric, Param, paramValue, Probe, wakeStrategies } from '../catalogue/index.js';

interface WakeComposition {
  wakeToRun: Expr;
  retouch: Expr;
  migrated?: { left: Expr; right: Expr };
}

function composition(probe: ProbeResult): WakeComposition | undefined {
  const retouchHome = prim('retouch[same CPU]');
  switch (probe.probe) {
    case Probe.wakeDedicated:
      return { wakeToRun: prim('wake[cross]'), retouch: retouchHome };
    case Probe.wakeLocked:
      // The scheduler's own pick is tens of ns; it was timed inside the very
      // emulation being predicted, so the model leaves it out.
      return {
        wakeToRun: probe.params[Param.schedulerOnWakerCpu]
          ? sum(prim('wake[same]'), prim('wake[cross]'))
          : sum(prim('wake[cross]'), prim('wake[same]')),
        retouch: retouchHome,
      };
    case Probe.wakeUnlocked: {
      const wakerTurn = max(
        constantNs(paramValue(probe.probe, probe.params, Param.sliceNs), 'slice'),
        prim('wakerCost[cross]'),
      );
      const steal = prim('wake[cross]');
      return {
        wakeToRun: min(wakerTurn, steal),
        retouch: ifLess(wakerTurn, steal, prim('retouch[after move]'), retouchHome),
        migrated: { left: wakerTurn, right: steal },
      };
    }
    default:
      return undefined;
  }
}

function primitivesFor(catalog: PrimitiveCatalog, probe: ProbeResult): Map<string, Distribution | undefined> {
  const param = (name: string) => paramValue(probe.probe, probe.params, name);
  const gap = (param(Param.gapMinNs) + param(Param.gapMaxNs)) / 2;
  const bytes = param(Param.workingSetBytes);
  return new Map([
    ['wake[cross]', catalog.wake('cross-cpu', gap)],
    ['wake[same]', catalog.wake('same-cpu', gap)],
    ['wakerCost[cross]', catalog.wakerCost('cross-cpu', gap)],
    ['retouch[same CPU]', catalog.retouch(false, bytes)],
    ['retouch[after move]', catalog.retouch(true, bytes)],
  ]);
}

export function spread(range: [number, number] | undefined): { errorOverTrials?: [number, number] } {
  return range ? { errorOverTrials: range } : {};
}

/** A trial of a strategy's metric that can be held against a prediction: it kept samples and was not disturbed. */
function usableTrial(metric: MetricResult, i: number) {
  const t = metric.trials[i];
  return t?.statsNs && t.samples > 0 && !t.disturbance?.disturbed ? t : undefined;
}

/** A trial's p99 is its own only with this many samples behind every primitive (fewer: the p99 is their largest). */
const TAIL_SAMPLES = 100;

/**
 * Predicted and measured alike: for every trial usable on both sides, the
 * composition simulated from that trial's primitives (the same round) and
 * held against that trial's own p50 and p99; the figures are the medians over
 * those trials, as a measured figure is. A p99 needs enough samples in every
 * primitive's trial; where a trial has fewer, the p99 comes from all trials
 * pooled (`pooledTail`). Undefined when no trial pairs up.
 */
function perTrial(
  metric: MetricResult,
  expr: Expr,
  needed: string[],
  primitivesOfTrial: (i: number) => Map<string, Distribution | undefined>,
  pooled: Map<string, Distribution>,
  random: Random,
) {
  let pooledTail = false;
  const pairs = metric.trials.flatMap((_, i) => {
    const trial = usableTrial(metric, i);
    if (!trial) return [];
    const available = primitivesOfTrial(i);
    if (!needed.every((n) => available.get(n))) return [];
    const primitives = new Map(needed.map((n) => [n, available.get(n)!] as const));
    if (needed.some((n) => (primitives.get(n)!.samples ?? Infinity) < TAIL_SAMPLES)) pooledTail = true;
    return [{ predicted: simulate(expr, primitives, random), measured: trial.statsNs! }];
  });
  if (pairs.length === 0) return undefined;
  const mid = (pick: (p: (typeof pairs)[number]) => number) => median(pairs.map(pick));
  const tail = pooledTail ? simulate(expr, pooled, random) : undefined;
  return {
    predicted: {
      p50: mid((p) => p.predicted.p50),
      p90: tail?.p90 ?? mid((p) => p.predicted.p90),
      p99: tail?.p99 ?? mid((p) => p.predicted.p99),
    },
    measured: { p50: mid((p) => p.measured.p50), p99: mid((p) => p.measured.p99) },
    errors: pairs.map((p) => relativeError(p.predicted.p50, p.measured.p50)),
    trials: pairs.length,
    pooledTail,
  };
}

export function predictWakePaths(
  probes: ProbeResult[],
  catalog: PrimitiveCatalog,
  trialCatalog: (trial: number) => PrimitiveCatalog,
  random: Random,
  notes: string[],
): StrategyPrediction[] {
  const predictions: StrategyPrediction[] = [];
  for (const probe of probes.filter(
    (p) => (wakeStrategies as readonly string[]).includes(p.probe) && p.status === 'ok',
  )) {
    const wake = probe.metrics.find((m) => m.metric === Metric.wakeToRun);
    if (!wake) continue;
    const model = composition(probe);
    if (!model) continue;
    const available = primitivesFor(catalog, probe);
    const ofTrial = (i: number) => primitivesFor(trialCatalog(i), probe);
    const quantities: [string, Expr, string][] = [
      [Metric.wakeToRun, model.wakeToRun, Metric.wakeToRun],
      [Metric.retouch, model.retouch, Metric.retouch],
    ];
    for (const [quantity, expr, metricName] of quantities) {
      const metric = probe.metrics.find((m) => m.metric === metricName);
      if (!metric || !measuredOf(metric)) continue;
      const needed = [...new Set(primitivesOf(expr))];
      const missing = needed.filter((n) => !available.get(n));
      if (missing.length) {
        notes.push(`${metric.id}: not modelled, ${missing.join(', ')} not measured in this run`);
        continue;
      }
      const pooled = new Map(needed.map((n) => [n, available.get(n)!] as const));
      const paired = perTrial(metric, expr, needed, ofTrial, pooled, random);
      if (!paired) {
        notes.push(`${metric.id}: not modelled, no trial usable both in it and in ${needed.join(', ')}`);
        continue;
      }
      if (paired.pooledTail)
        notes.push(
          `${metric.id}: p99 predicted from all trials pooled (a primitive's trial holds fewer than ${TAIL_SAMPLES} samples)`,
        );
      predictions.push({
        strategy: probe.probe,
        metricId: metric.id,
        quantity,
        unit: 'ns',
        composition: render(expr),
        primitives: Object.fromEntries(needed.map((n) => [n, available.get(n)!.source])),
        measured: paired.measured,
        predicted: paired.predicted,
        relativeErrorP50: relativeError(paired.predicted.p50, paired.measured.p50),
        relativeErrorP99: relativeError(paired.predicted.p99, paired.measured.p99),
        errorOverTrials: [Math.min(...paired.errors), Math.max(...paired.errors)],
        trials: paired.trials,
      });
    }
    if (model.migrated) {
      const needed = [...new Set([...primitivesOf(model.migrated.left), ...primitivesOf(model.migrated.right)])];
      const pairs = wake.trials.flatMap((t, i) => {
        if (!usableTrial(wake, i)) return [];
        const primitives = ofTrial(i);
        if (!needed.every((n) => primitives.get(n))) return [];
        const fraction = probabilityLess(
          model.migrated!.left,
          model.migrated!.right,
          new Map(needed.map((n) => [n, primitives.get(n)!] as const)),
          random,
        );
        return [{ predicted: fraction, measured: (t.counters?.[Counter.migrated] ?? 0) / t.samples }];
      });
      if (pairs.length && needed.every((n) => available.get(n))) {
        const predicted = median(pairs.map((p) => p.predicted)),
          measured = median(pairs.map((p) => p.measured));
        const errors = pairs.map((p) => p.predicted - p.measured);
        predictions.push({
          strategy: probe.probe,
          metricId: wake.id,
          quantity: 'migratedFraction',
          unit: 'fraction',
          composition: `P(${render(model.migrated.left)} < ${render(model.migrated.right)})`,
          primitives: Object.fromEntries(needed.map((n) => [n, available.get(n)!.source])),
          measured: { p50: measured },
          predicted: { p50: predicted },
          relativeErrorP50: predicted - measured, // for fractions: the absolute difference
          errorOverTrials: [Math.min(...errors), Math.max(...errors)],
          trials: pairs.length,
        });
      }
    }
  }
  return predictions;
}
