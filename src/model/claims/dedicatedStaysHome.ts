// Claim 2: where a dedicated T that is not pinned (wake/floating) runs when
// woken from another CPU — the kernel decides (wake_affine may pull it to
// the waker's CPU) — with the waker's CPU idle and busy after the wake.
import { Counter, Metric, Param, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim, Effect } from '../../results/schema.js';
import { claimOf, effectOf, fractionPerTrial, fractionText, headline, notMeasured, type Find } from './evidence.js';

const ID = 2;
/** Wake_affine pulls a wakee in a minority of wakes at most: "on its own CPU" means at least 90%. */
const HOME_FRACTION = 0.9;
/** Below half, most wakeups migrated T. */
const MIGRATES_FRACTION = 0.5;

function caseOf(find: Find, wakerKeepsRunning: number) {
  const params = { [Param.wakerKeepsRunning]: wakerKeepsRunning };
  const wake = find(Probe.wakeFloating, Metric.wakeToRun, params);
  const retouch = find(Probe.wakeFloating, Metric.retouch, params);
  const effect =
    wake &&
    effectOf('fraction of wakeups on T’s previous CPU', 'fraction', fractionPerTrial(wake, Counter.ranOnPrevious));
  return { wake, retouch, effect };
}

export function judgeDedicatedStaysHome(find: Find): Claim {
  const idle = caseOf(find, 0),
    busy = caseOf(find, 1);
  if (!idle.wake || !busy.wake) return notMeasured(ID, `${Probe.wakeFloating}, the waker's CPU idle and busy`);
  const holds = (e: Effect | undefined) => (e ? e.low >= HOME_FRACTION : undefined);
  const fails = (e: Effect | undefined) => (e ? e.high < MIGRATES_FRACTION : undefined);
  const verdict: Claim['verdict'] =
    holds(idle.effect) && holds(busy.effect)
      ? 'confirmed'
      : fails(idle.effect) || fails(busy.effect)
        ? 'refuted'
        : holds(idle.effect) || holds(busy.effect)
          ? 'qualified'
          : 'inconclusive';
  const text = (name: string, c: ReturnType<typeof caseOf>) =>
    `waker's CPU ${name}: ${c.effect ? fractionText(c.effect) : 'too few trials'} of wakeups ran on T's previous CPU, re-touch ${formatNs(headline(c.retouch))}`;
  const pinnedRetouch = headline(find(Probe.wakeDedicated, Metric.retouch));
  return claimOf(
    ID,
    verdict,
    `${text('idle', idle)}; ${text('busy', busy)}` +
      (Number.isFinite(pinnedRetouch) ? `; a pinned T re-touches in ${formatNs(pinnedRetouch)}` : ''),
    {
      ...(idle.effect ? { onPreviousCpuFractionWakerIdle: idle.effect.value } : {}),
      ...(busy.effect ? { onPreviousCpuFractionWakerBusy: busy.effect.value } : {}),
      retouchWakerIdleP50Ns: headline(idle.retouch),
      retouchWakerBusyP50Ns: headline(busy.retouch),
    },
    busy.effect ?? idle.effect,
  );
}
