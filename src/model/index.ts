// The model of a run: predictions for every strategy configuration measured
// in it, and verdicts on the proposal's claims. A pure function of the
// results document (and a seed for the Monte-Carlo draws).
import type { Model, ResultsDocument } from '../results/schema.js';
import { median } from '../stats/distribution.js';
import { judgeClaims } from './claims/index.js';
import { seededRandom } from './distribution.js';
import { PrimitiveCatalog } from './primitives.js';
import { predictSyscallPaths } from './syscallModels.js';
import { predictWakePaths } from './wakeModels.js';
import { isStrategy, Metric } from '../catalogue/index.js';

export function modelOf(doc: ResultsDocument, seed = doc.config.seed): Model | undefined {
  if (!doc.probes.some((p) => isStrategy(p.probe) && p.status === 'ok')) return undefined;
  const catalog = new PrimitiveCatalog(doc);
  const random = seededRandom(seed);
  const notes: string[] = [];
  const predictions = [
    ...predictWakePaths(doc.probes, catalog, random, notes),
    ...predictSyscallPaths(doc.probes, catalog, random, notes),
  ].filter((p) => Number.isFinite(p.relativeErrorP50) && Number.isFinite(p.predicted.p50));
  const wakeErrors = predictions
    .filter((p) => p.quantity === Metric.wakeToRun)
    .map((p) => Math.abs(p.relativeErrorP50));
  return {
    predictions,
    ...(wakeErrors.length ? { wakeP50MedianAbsoluteError: median(wakeErrors) } : {}),
    claims: judgeClaims(doc),
    notes,
  };
}
