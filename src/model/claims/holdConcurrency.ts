// Claim 7: with more tasks than Ps, does holding the P through syscalls cost
// throughput against dedicated threads, as the model's P-bound predicts?
import { Counter, Metric, Probe } from '../../catalogue/index.js';
import type { Claim, MetricResult, StrategyPrediction } from '../../results/schema.js';
import { claimOf, effectOf, notMeasured, type Find } from './evidence.js';
import { contendedSyscalls } from './syscallConfig.js';

const ID = 7;
/** A loss smaller than this is within the syscall paths' throughput noise. */
const LOSS_RATIO = 0.9;
/** The model's throughput error on the syscall paths: agreement within this. */
const MODEL_TOLERANCE = 0.25;

function ratePerTrial(m: MetricResult): number[] {
  return m.trials.map((t) => {
    const n = t.counters?.[Counter.iterations],
      d = t.counters?.[Counter.wallNs];
    return n !== undefined && d ? (n / d) * 1e9 : Number.NaN;
  });
}

export function judgeHoldConcurrency(find: Find, predictions: StrategyPrediction[]): Claim {
  const params = contendedSyscalls();
  const hold = find(Probe.syscallHold, Metric.iteration, params);
  const dedicated = find(Probe.syscallDedicated, Metric.iteration, params);
  if (!hold || !dedicated)
    return notMeasured(ID, `${Probe.syscallHold} and ${Probe.syscallDedicated} with more tasks than Ps`);
  const holdRates = ratePerTrial(hold),
    dedicatedRates = ratePerTrial(dedicated);
  const ratios = holdRates.map((h, i) => h / (dedicatedRates[i] ?? Number.NaN));
  const effect = effectOf('hold / dedicated throughput', 'ratio', ratios);
  const predicted = (id: string) =>
    predictions.find((p) => p.metricId === id && p.quantity === 'throughput')?.predicted.p50;
  const holdModel = predicted(hold.id),
    dedicatedModel = predicted(dedicated.id);
  const modelRatio = holdModel !== undefined && dedicatedModel ? holdModel / dedicatedModel : Number.NaN;
  const nearModel =
    effect &&
    Number.isFinite(modelRatio) &&
    effect.low <= modelRatio * (1 + MODEL_TOLERANCE) &&
    effect.high >= modelRatio * (1 - MODEL_TOLERANCE);
  const verdict: Claim['verdict'] = !effect
    ? 'inconclusive'
    : effect.high < LOSS_RATIO
      ? nearModel || !Number.isFinite(modelRatio)
        ? 'confirmed'
        : 'qualified'
      : effect.low > LOSS_RATIO
        ? 'refuted'
        : 'inconclusive';
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  return claimOf(
    ID,
    verdict,
    `${params.tasks} tasks, ${params.tokens} P: holding the P reaches ${effect ? `${pct(effect.value)} (${pct(effect.low)}–${pct(effect.high)})` : '—'} of the dedicated threads' throughput` +
      (Number.isFinite(modelRatio) ? `; the model's bound gives ${pct(modelRatio)}` : ''),
    {
      ...(effect ? { ratio: effect.value } : {}),
      modelRatio,
    },
    effect,
  );
}
