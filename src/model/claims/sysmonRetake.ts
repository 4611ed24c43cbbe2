// Claim 6: how long after a syscall began sysmon retook its P.
import { Metric, Param, Probe, defaultOf, probeSpec } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim, ResultsDocument } from '../../results/schema.js';
import { median } from '../../stats/distribution.js';
import { claimOf, headline, notMeasured, type Find } from './evidence.js';

const ID = 6;

export function judgeSysmonRetake(find: Find, doc: ResultsDocument): Claim {
  const retakes = doc.probes
    .filter((p) => p.probe === Probe.syscallLazy && p.status === 'ok')
    .flatMap((p) => p.metrics.filter((m) => m.metric === Metric.retakeDelay && m.summary));
  const lazyParams = probeSpec(Probe.syscallLazy)!.params;
  const tickNs = defaultOf(lazyParams, Param.sysmonTickNs);
  const defaultSlackNs = defaultOf(probeSpec(Probe.sleep)!.params, Param.timerSlackNs);
  const tick = find(Probe.sleep, Metric.actualSleep, {
    [Param.requestedNs]: tickNs,
    [Param.timerSlackNs]: defaultSlackNs,
  });
  if (retakes.length === 0) return notMeasured(ID, 'syscall/lazy with retakes (N > P)');
  const delay = median(retakes.map(headline));
  return claimOf(
    ID,
    delay >= tickNs ? 'confirmed' : 'refuted',
    `P retaken ${formatNs(delay)} after the syscall began (median over configurations)` +
      (tick
        ? `; sysmon's ${formatNs(tickNs)} sleep really lasts ${formatNs(headline(tick))} with the default timer slack, and a P is retaken at the second tick it is seen in a syscall`
        : ''),
    { retakeDelayP50Ns: delay, ...(tick ? { sysmonTickActualP50Ns: headline(tick) } : {}) },
  );
}
