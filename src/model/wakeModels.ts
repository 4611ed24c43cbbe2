// The wake paths as compositions of primitives measured in the same run
// (ARCHITECTURE.md, "The model"), held against the emulations' measurements:
//   dedicated  wake[cross]
//   locked     wake[cross] + pick + wake[same]   (scheduler thread on T's CPU)
//              wake[same] + pick + wake[cross]   (scheduler thread on the waker's CPU)
//   unlocked   min(max(slice, wakerCost), wake[cross]); T migrates when the
//              waker gets to it first, and then re-touches with refill.
import type { ProbeResult, StrategyPrediction } from '../results/schema.js';
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
import { errorOverTrials, measuredOf, relativeError, trialP50s } from './measured.js';
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

export function predictWakePaths(
  probes: ProbeResult[],
  catalog: PrimitiveCatalog,
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
    const quantities: [string, Expr, string][] = [
      [Metric.wakeToRun, model.wakeToRun, Metric.wakeToRun],
      [Metric.retouch, model.retouch, Metric.retouch],
    ];
    for (const [quantity, expr, metricName] of quantities) {
      const metric = probe.metrics.find((m) => m.metric === metricName);
      const measured = metric && measuredOf(metric);
      if (!metric || !measured) continue;
      const needed = [...new Set(primitivesOf(expr))];
      const missing = needed.filter((n) => !available.get(n));
      if (missing.length) {
        notes.push(`${metric.id}: not modelled, ${missing.join(', ')} not measured in this run`);
        continue;
      }
      const primitives = new Map(needed.map((n) => [n, available.get(n)!] as const));
      const predicted = simulate(expr, primitives, random);
      predictions.push({
        strategy: probe.probe,
        metricId: metric.id,
        quantity,
        unit: 'ns',
        composition: render(expr),
        primitives: Object.fromEntries(needed.map((n) => [n, available.get(n)!.source])),
        measured: { p50: measured.p50, p99: measured.p99 },
        predicted,
        relativeErrorP50: relativeError(predicted.p50, measured.p50),
        relativeErrorP99: relativeError(predicted.p99, measured.p99),
        ...spread(errorOverTrials(predicted.p50, trialP50s(metric))),
      });
    }
    if (model.migrated) {
      const counters = wake.trials.map((t) => t.counters ?? {});
      const migrated = counters.reduce((n, c) => n + (c.migrated ?? 0), 0);
      const kept = wake.trials.reduce((n, t) => n + t.samples, 0);
      const needed = [...new Set([...primitivesOf(model.migrated.left), ...primitivesOf(model.migrated.right)])];
      if (kept > 0 && needed.every((n) => available.get(n))) {
        const primitives = new Map(needed.map((n) => [n, available.get(n)!] as const));
        const fraction = probabilityLess(model.migrated.left, model.migrated.right, primitives, random);
        const measuredFraction = migrated / kept;
        predictions.push({
          strategy: probe.probe,
          metricId: wake.id,
          quantity: 'migratedFraction',
          unit: 'fraction',
          composition: `P(${render(model.migrated.left)} < ${render(model.migrated.right)})`,
          primitives: Object.fromEntries(needed.map((n) => [n, available.get(n)!.source])),
          measured: { p50: measuredFraction },
          predicted: { p50: fraction },
          relativeErrorP50: fraction - measuredFraction, // for fractions: the absolute difference
          ...spread(
            errorOverTrials(
              fraction,
              wake.trials.flatMap((t) => (t.samples ? [(t.counters?.[Counter.migrated] ?? 0) / t.samples] : [])),
              (predicted, measured) => predicted - measured,
            ),
          ),
        });
      }
    }
  }
  return predictions;
}
