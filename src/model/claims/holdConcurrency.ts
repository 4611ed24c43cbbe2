// Claim 7: throughput of hold vs dedicated threads with more tasks than Ps.
import { Counter, Metric, Probe } from '../../catalogue/index.js';
import type { Claim } from '../../results/schema.js';
import { counterRate } from '../measured.js';
import { claimOf, notMeasured, type Find } from './evidence.js';
import { contendedSyscalls } from './syscallConfig.js';

const ID = 7;

export function judgeHoldConcurrency(find: Find): Claim {
  const params = contendedSyscalls();
  const hold = find(Probe.syscallHold, Metric.iteration, params);
  const dedicated = find(Probe.syscallDedicated, Metric.iteration, params);
  const holdRate = hold && counterRate(hold, Counter.iterations, Counter.wallNs, 1e9);
  const dedicatedRate = dedicated && counterRate(dedicated, Counter.iterations, Counter.wallNs, 1e9);
  if (holdRate === undefined || dedicatedRate === undefined)
    return notMeasured(ID, 'syscall/hold and syscall/dedicated with more tasks than Ps');
  const ratio = holdRate / dedicatedRate;
  return claimOf(
    ID,
    ratio < 0.6 ? 'confirmed' : ratio > 0.9 ? 'refuted' : 'inconclusive',
    `${params.tasks} tasks, ${params.tokens} P: ${holdRate.toFixed(0)} iterations/s holding the P vs ${dedicatedRate.toFixed(0)}/s on dedicated threads (${(100 * ratio).toFixed(0)}%)`,
    { holdPerSecond: holdRate, dedicatedPerSecond: dedicatedRate, ratio },
  );
}
