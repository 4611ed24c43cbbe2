// Claim 6: how long after a syscall began sysmon retook its P, against the
// claim's 20 µs and against sysmon's own tick as this host really sleeps it
// (the 20 µs sleep measured in the same run). Judged on the real Go
// runtime's sysmon when it was measured, else on the emulation's.
import { defaultOf, Metric, Param, Probe, probeSpec } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim, Effect } from '../../results/schema.js';
import { claimOf, effectOf, headline, notMeasured, perTrial, type Find, onRuntime } from './evidence.js';
import type { GoFind } from './runtime.js';
import { contendedSyscalls } from './syscallConfig.js';

const ID = 6;
/** Go retakes at the tick after the one that saw the syscall: one to two ticks; half a tick allows one under way. */
const EARLIEST_TICKS = 0.5;
const LATEST_TICKS = 2;

/** The bands of the rule: within one to two ticks, later, earlier, or no retake at all. */
function verdictOf(effect: Effect | undefined, retakes: number, earliest: number, latest: number): Claim['verdict'] {
  if (retakes === 0) return 'refuted';
  if (!effect) return 'inconclusive';
  if (effect.low >= earliest && effect.high <= latest) return 'confirmed';
  if (effect.low > latest) return 'qualified';
  if (effect.high < earliest) return 'refuted';
  return 'inconclusive';
}

/**
 * The runtime's verdict with censoring: a syscall that ended before sysmon
 * retook its P is censored, not fast (the rounds' p50s cover the retaken
 * ones only). With most censored the median lies beyond the syscall, later
 * than the claim. With a share c censored, the true median is the retaken
 * delays' 0.5 / (1 − c) quantile: it confirms only while that stays within
 * their p90 (c ≤ 4/9) and the p90 itself lies within the claim.
 */
function censoredVerdict(
  effect: Effect | undefined,
  retaken: number,
  notRetaken: number,
  retakenP90Ns: number,
  earliest: number,
  latest: number,
): Claim['verdict'] {
  if (retaken === 0) return notRetaken === 0 ? 'inconclusive' : 'refuted';
  if (notRetaken >= retaken) return 'qualified';
  const verdict = verdictOf(effect, retaken, earliest, latest);
  const censoredShare = notRetaken / (retaken + notRetaken);
  const medianKnown = notRetaken === 0 || (censoredShare <= 4 / 9 && retakenP90Ns <= latest);
  return verdict === 'confirmed' && !medianKnown ? 'inconclusive' : verdict;
}

export function judgeSysmonRetake(find: Find, goFind: GoFind): Claim {
  const contended = contendedSyscalls();
  const emulated = find(Probe.syscallLazy, Metric.retakeDelay, contended);
  const tickNs = defaultOf(probeSpec(Probe.syscallLazy)!.params, Param.sysmonTickNs);
  const slack = probeSpec(Probe.sleep)!.params.find((p) => p.name === Param.timerSlackNs)!.defaults;
  const actualTick = (slackNs: number | undefined) =>
    slackNs === undefined
      ? Number.NaN
      : headline(find(Probe.sleep, Metric.actualSleep, { [Param.requestedNs]: tickNs, [Param.timerSlackNs]: slackNs }));
  const tickDefault = actualTick(slack[0]),
    tickFine = actualTick(slack[slack.length - 1]);
  const [earliest, latest] = [EARLIEST_TICKS * tickNs, LATEST_TICKS * tickNs];
  const expected = Number.isFinite(tickDefault)
    ? `; sysmon's ${formatNs(tickNs)} sleep really lasts ${formatNs(tickDefault)} here with the default timer slack${Number.isFinite(tickFine) ? ` (${formatNs(tickFine)} with 1 ns)` : ''}, so a retake one to two real ticks after the syscall began lands at ${formatNs(tickDefault)}–${formatNs(2 * tickDefault)}`
    : '';
  const ticks = { claimedTickNs: tickNs, sysmonTickActualNs: tickDefault, sysmonTickActual1nsSlackNs: tickFine };
  const emulatedP50 = emulated ? headline(emulated) : Number.NaN;

  const runtime = goFind('retake', {});
  if (runtime) {
    const notRetaken = runtime.extra.notRetaken ?? 0;
    const effect = effectOf("the Go runtime's retake delay p50", 'ns', runtime.perRound);
    const verdict = censoredVerdict(effect, runtime.samples.n, notRetaken, runtime.samples.p90, earliest, latest);
    const syscallNs = runtime.config[Param.syscallNs];
    return claimOf(
      ID,
      verdict,
      runtime.perRound.length === 0
        ? `the Go runtime retook no P while a goroutine slept ${typeof syscallNs === 'number' ? formatNs(syscallNs) : ''} in a syscall with another waiting`
        : `the Go runtime's sysmon retook the P ${effect ? `${formatNs(effect.value)} (${formatNs(effect.low)}–${formatNs(effect.high)} over ${effect.trials} rounds)` : `${formatNs(runtime.value)} (too few rounds for an interval)`} after a ${typeof syscallNs === 'number' ? formatNs(syscallNs) : ''} syscall began${notRetaken ? ` (${notRetaken} syscalls ended first)` : ''}, against the claim's ${formatNs(tickNs)} (one to two ticks: ${formatNs(earliest)}–${formatNs(latest)})${expected}` +
            (Number.isFinite(emulatedP50) ? `; the emulation's sysmon took ${formatNs(emulatedP50)}` : ''),
      { ...(effect ? { retakeDelayP50Ns: effect.value } : {}), notRetaken, ...ticks },
      effect,
      onRuntime('retake delay p50', 'ns', runtime.value, emulatedP50),
    );
  }

  if (!emulated) return notMeasured(ID, `the Go runtime's retake, and ${Probe.syscallLazy} with more tasks than Ps`);
  const retakes = emulated.trials.reduce((n, t) => n + t.samples, 0);
  const effect = effectOf('retake delay p50', 'ns', perTrial(emulated));
  return claimOf(
    ID,
    verdictOf(effect, retakes, earliest, latest),
    retakes === 0
      ? `the emulation's sysmon retook no P in ${emulated.trials.length} trials although ${contended[Param.tasks]} tasks shared ${contended[Param.tokens]} P`
      : `the emulation's sysmon retook the P ${effect ? `${formatNs(effect.value)} (${formatNs(effect.low)}–${formatNs(effect.high)})` : 'in too few trials'} after the syscall began, against the claim's ${formatNs(tickNs)} (one to two ticks: ${formatNs(earliest)}–${formatNs(latest)})${expected}`,
    { ...(effect ? { retakeDelayP50Ns: effect.value } : {}), retakes, ...ticks },
    effect,
  );
}
