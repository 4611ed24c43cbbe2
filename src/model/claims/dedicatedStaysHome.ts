// Claim 2: where a dedicated T runs when woken, and what it pays to re-touch
// its working set, against the migration probe at the same size.
import { Metric, Param, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim, ResultsDocument } from '../../results/schema.js';
import { claimOf, headline, notMeasured, type Find } from './evidence.js';

const ID = 2;

export function judgeDedicatedStaysHome(find: Find, doc: ResultsDocument): Claim {
  const wake = find(Probe.wakeDedicated, Metric.wakeToRun);
  const retouch = find(Probe.wakeDedicated, Metric.retouch);
  const bytes = retouch?.params[Param.workingSetBytes];
  const home = doc.probes.find((p) => p.probe === Probe.wakeDedicated)?.placement.cpus[1];
  const sameCpu =
    bytes !== undefined ? find(Probe.migration, Metric.retouchSameCpu, { [Param.workingSetBytes]: bytes }) : undefined;
  const moved =
    bytes !== undefined
      ? find(Probe.migration, Metric.retouchAfterMove, { [Param.workingSetBytes]: bytes })
      : undefined;
  if (!wake || !retouch || home === undefined || !sameCpu || !moved)
    return notMeasured(ID, 'wake/dedicated and migration at the same working-set size');
  const observed = wake.trials.reduce((n, t) => n + Object.values(t.observedCpus).reduce((a, b) => a + b, 0), 0);
  const atHome = wake.trials.reduce((n, t) => n + (t.observedCpus[String(home)] ?? 0), 0);
  const fraction = observed ? atHome / observed : 0;
  const r = headline(retouch),
    s = headline(sameCpu),
    m = headline(moved);
  const noRefill = Math.abs(r - s) < Math.abs(r - m);
  return claimOf(
    ID,
    fraction >= 0.99 && noRefill ? 'confirmed' : 'refuted',
    `${(100 * fraction).toFixed(1)}% of wakeups ran on T's CPU; re-touch ${formatNs(r)} vs ${formatNs(s)} in place and ${formatNs(m)} after a move`,
    { onHomeCpuFraction: fraction, retouchP50Ns: r, retouchSameCpuP50Ns: s, retouchAfterMoveP50Ns: m },
  );
}
