// Claim 2: where a dedicated T that is not pinned (wake/floating) runs when
// woken from another CPU — the kernel decides (wake_affine may pull it to
// the waker's CPU) — with the waker's CPU idle and busy after the wake, and
// T's previous CPU free or busy with another runnable thread (the disputed
// case: an idle CPU elsewhere may then win).
import { Counter, Metric, Param, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim, MetricResult } from '../../results/schema.js';
import { claimOf, effectOf, fractionPerTrial, fractionText, headline, notMeasured, type Find } from './evidence.js';

const ID = 2;
/** Wake_affine pulls a wakee in a minority of wakes at most: "on its own CPU" means at least 90%. */
const HOME_FRACTION = 0.9;
/** Below half, most wakeups migrated T. */
const MIGRATES_FRACTION = 0.5;

const fromBeforeHomeBusy = (m: MetricResult | undefined) =>
  m && m.params[Param.homeBusy] === undefined ? m : undefined;

function caseOf(find: Find, wakerKeepsRunning: number, homeBusy: number) {
  const floating = (metric: string) =>
    find(Probe.wakeFloating, metric, { [Param.wakerKeepsRunning]: wakerKeepsRunning, [Param.homeBusy]: homeBusy }) ??
    // A document from before homeBusy was measured: its one case is T's CPU idle (a metric without the parameter).
    (homeBusy === 0
      ? fromBeforeHomeBusy(find(Probe.wakeFloating, metric, { [Param.wakerKeepsRunning]: wakerKeepsRunning }))
      : undefined);
  const wake = floating(Metric.wakeToRun);
  const retouch = floating(Metric.retouch);
  const effect =
    wake &&
    effectOf('fraction of wakeups on T’s previous CPU', 'fraction', fractionPerTrial(wake, Counter.ranOnPrevious));
  return { wake, retouch, effect };
}

type Case = ReturnType<typeof caseOf>;
const holds = (c: Case) => c.effect !== undefined && c.effect.low >= HOME_FRACTION;
const fails = (c: Case) => c.effect !== undefined && c.effect.high < MIGRATES_FRACTION;

export function judgeDedicatedStaysHome(find: Find): Claim {
  const idle = caseOf(find, 0, 0),
    busy = caseOf(find, 1, 0);
  const homeBusyIdle = caseOf(find, 0, 1),
    homeBusyBusy = caseOf(find, 1, 1);
  if (!idle.wake || !busy.wake) return notMeasured(ID, `${Probe.wakeFloating}, the waker's CPU idle and busy`);
  const freeHome = [idle, busy],
    busyHome = [homeBusyIdle, homeBusyBusy];
  const busyMeasured = busyHome.every((c) => c.wake);
  const verdict: Claim['verdict'] = freeHome.some(fails)
    ? 'refuted'
    : !freeHome.every(holds)
      ? freeHome.some(holds)
        ? 'qualified'
        : 'inconclusive'
      : !busyMeasured
        ? 'inconclusive'
        : busyHome.every(holds)
          ? 'confirmed'
          : busyHome.every((c) => c.effect)
            ? 'qualified'
            : 'inconclusive';
  const text = (name: string, c: Case) =>
    `${name}: ${c.effect ? fractionText(c.effect) : 'too few trials'} of wakeups ran on T's previous CPU, re-touch ${formatNs(headline(c.retouch))}`;
  const pinnedRetouch = headline(find(Probe.wakeDedicated, Metric.retouch));
  return claimOf(
    ID,
    verdict,
    `T's CPU free, waker's CPU ${text('idle', idle)}; ${text('busy', busy)}` +
      (busyMeasured
        ? `. T's CPU busy with another thread, waker's CPU ${text('idle', homeBusyIdle)}; ${text('busy', homeBusyBusy)}`
        : ". T's CPU busy with another thread (the disputed case): not measured") +
      (Number.isFinite(pinnedRetouch) ? `; a pinned T re-touches in ${formatNs(pinnedRetouch)}` : ''),
    {
      ...(idle.effect ? { onPreviousCpuFractionWakerIdle: idle.effect.value } : {}),
      ...(busy.effect ? { onPreviousCpuFractionWakerBusy: busy.effect.value } : {}),
      ...(homeBusyIdle.effect ? { onPreviousCpuFractionHomeBusyWakerIdle: homeBusyIdle.effect.value } : {}),
      ...(homeBusyBusy.effect ? { onPreviousCpuFractionHomeBusyWakerBusy: homeBusyBusy.effect.value } : {}),
      retouchWakerIdleP50Ns: headline(idle.retouch),
      retouchWakerBusyP50Ns: headline(busy.retouch),
    },
    homeBusyIdle.effect ?? busy.effect ?? idle.effect,
  );
}
