// Claim 8: a signal to a spinning thread vs the kernel's own thread switch.
import { Metric, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim } from '../../results/schema.js';
import { claimOf, headline, intervalText, notMeasured, pairedDifference, verdictOf, type Find } from './evidence.js';

const ID = 8;

export function judgeSignalPreemption(find: Find): Claim {
  const delivery = find(Probe.tgkill, Metric.deliveryToSpinning);
  const sender = find(Probe.tgkill, Metric.senderCost);
  const reference =
    find(Probe.futexPingpong, Metric.handoff, {}, 'same-cpu') ?? find(Probe.futexPingpong, Metric.handoff);
  if (!delivery || !sender || !reference) return notMeasured(ID, 'tgkill and futex-pingpong');
  const signalCost = headline(delivery);
  const difference = pairedDifference(delivery, reference);
  return claimOf(
    ID,
    verdictOf(difference.sign),
    `a signal reaches a spinning thread on another CPU in ${formatNs(signalCost)} (the sender pays ${formatNs(headline(sender))}); ` +
      `the kernel switches threads on one CPU in ${formatNs(headline(reference))} (${intervalText(difference)})`,
    { deliveryToSpinningP50Ns: signalCost, senderCostP50Ns: headline(sender), kernelSwitchP50Ns: headline(reference) },
  );
}
