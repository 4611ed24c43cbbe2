// The model of a run: predictions for every strategy configuration measured
// in it, and verdicts on the proposal's claims. A pure function of the
// results document (and a seed for the Monte-Carlo draws).
import type { Model, ResultsDocument, StrategyPrediction } from '../results/schema.js';
import { median } from '../stats/sampleSummary.js';
import { judgeClaims } from './claims/index.js';
import { seededRandom } from '../stats/random.js';
import { PrimitiveCatalog } from './primitives.js';
import { predictSyscallPaths } from './syscallModels.js';
import { predictWakePaths } from './wakeModels.js';
import { isStrategy } from '../catalogue/index.js';

/**
 * The model's error per predicted quantity and statistic: the median and the
 * worst |error| over the configurations that predict it (fractions in
 * percentage points, everything else relative).
 */
export function accuracyOf(predictions: StrategyPrediction[]): Model['accuracy'] {
  const groups = new Map<string, number[]>();
  const add = (key: string, error: number | undefined) => {
    if (error === undefined || !Number.isFinite(error)) return;
    groups.set(key, [...(groups.get(key) ?? []), Math.abs(error)]);
  };
  for (const p of predictions) {
    add(`${p.quantity}\u0000p50`, p.relativeErrorP50);
    add(`${p.quantity}\u0000p99`, p.relativeErrorP99);
  }
  return [...groups].map(([key, errors]) => {
    const [quantity, statistic] = key.split('\u0000') as [string, 'p50' | 'p99'];
    return {
      quantity,
      statistic,
      medianAbsoluteError: median(errors),
      worstAbsoluteError: Math.max(...errors),
      predictions: errors.length,
    };
  });
}

export function modelOf(doc: ResultsDocument, seed = doc.config.seed): Model | undefined {
  if (!doc.probes.some((p) => isStrategy(p.probe) && p.status === 'ok')) return undefined;
  const catalog = new PrimitiveCatalog(doc);
  const byTrial = new Map<number, PrimitiveCatalog>();
  const trialCatalog = (trial: number) => {
    if (!byTrial.has(trial)) byTrial.set(trial, new PrimitiveCatalog(doc, trial));
    return byTrial.get(trial)!;
  };
  const random = seededRandom(seed);
  const notes: string[] = [];
  const all = [
    ...predictWakePaths(doc.probes, catalog, trialCatalog, random, notes),
    ...predictSyscallPaths(doc.probes, catalog, random, notes),
  ];
  // A prediction that is not a number is listed with the reason, never dropped silently.
  const predictions = all.filter((p) => Number.isFinite(p.relativeErrorP50) && Number.isFinite(p.predicted.p50));
  for (const p of all.filter((q) => !predictions.includes(q)))
    notes.push(
      `${p.metricId} ${p.quantity}: no finite prediction (model ${p.predicted.p50}, measured ${p.measured.p50}: ${p.composition})`,
    );
  return { predictions, accuracy: accuracyOf(predictions), claims: judgeClaims(doc, predictions), notes };
}
