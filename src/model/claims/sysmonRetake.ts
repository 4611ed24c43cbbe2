// Claim 6: how long after a syscall began sysmon retook its P, against the
// claim's 20 µs and against sysmon's own tick as this host really sleeps it.
import { defaultOf, Metric, Param, Probe, probeSpec } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim } from '../../results/schema.js';
import { claimOf, effectOf, headline, notMeasured, perTrial, type Find } from './evidence.js';
import { contendedSyscalls } from './syscallConfig.js';

const ID = 6;
/** Go retakes at the tick after the one that saw the syscall: one to two ticks; half a tick allows one under way. */
const EARLIEST_TICKS = 0.5;
const LATEST_TICKS = 2;

export function judgeSysmonRetake(find: Find): Claim {
  const contended = contendedSyscalls();
  const retake = find(Probe.syscallLazy, Metric.retakeDelay, contended);
  const tickNs = defaultOf(probeSpec(Probe.syscallLazy)!.params, Param.sysmonTickNs);
  const slack = probeSpec(Probe.sleep)!.params.find((p) => p.name === Param.timerSlackNs)!.defaults;
  const actualTick = (slackNs: number | undefined) =>
    slackNs === undefined
      ? Number.NaN
      : headline(find(Probe.sleep, Metric.actualSleep, { [Param.requestedNs]: tickNs, [Param.timerSlackNs]: slackNs }));
  const tickDefault = actualTick(slack[0]),
    tickFine = actualTick(slack[slack.length - 1]);
  if (!retake) return notMeasured(ID, `${Probe.syscallLazy} with more tasks than Ps`);
  const retakes = retake.trials.reduce((n, t) => n + t.samples, 0);
  const effect = effectOf('retake delay p50', 'ns', perTrial(retake));
  const [earliest, latest] = [EARLIEST_TICKS * tickNs, LATEST_TICKS * tickNs];
  const verdict: Claim['verdict'] =
    retakes === 0
      ? 'refuted'
      : !effect
        ? 'inconclusive'
        : effect.low >= earliest && effect.high <= latest
          ? 'confirmed'
          : effect.low > latest
            ? 'qualified'
            : effect.high < earliest
              ? 'refuted'
              : 'inconclusive';
  const expected = Number.isFinite(tickDefault)
    ? `; sysmon's ${formatNs(tickNs)} sleep really lasts ${formatNs(tickDefault)} with the default timer slack${Number.isFinite(tickFine) ? ` (${formatNs(tickFine)} with 1 ns)` : ''}, so a retake one to two real ticks after the syscall began lands at ${formatNs(tickDefault)}–${formatNs(2 * tickDefault)}`
    : '';
  return claimOf(
    ID,
    verdict,
    retakes === 0
      ? `no P was retaken in ${retake.trials.length} trials although ${contended[Param.tasks]} tasks shared ${contended[Param.tokens]} P`
      : `P retaken ${effect ? `${formatNs(effect.value)} (${formatNs(effect.low)}–${formatNs(effect.high)})` : 'in too few trials'} after the syscall began, against the claim's ${formatNs(tickNs)} (one to two ticks: ${formatNs(earliest)}–${formatNs(latest)})${expected}`,
    {
      ...(effect ? { retakeDelayP50Ns: effect.value } : {}),
      retakes,
      claimedTickNs: tickNs,
      sysmonTickActualNs: tickDefault,
      sysmonTickActual1nsSlackNs: tickFine,
    },
    effect,
  );
}
