// Claim 7: with more goroutines than Ps, does holding the P through syscalls
// limit concurrency? Judged on the real Go runtime: RawSyscall (the P kept)
// against Syscall (the P may be retaken) at each syscall length measured.
// The emulation's hold is a semaphore of P tokens, below dedicated threads by
// construction: without the runtime it is shown, not judged.
import { Counter, Metric, Param, Probe } from '../../catalogue/index.js';
import { formatNs } from '../../format/units.js';
import type { Claim, Effect, MetricResult } from '../../results/schema.js';
import { builtIn, claimOf, effectOf, notMeasured, type ClaimEvidence, onRuntime } from './evidence.js';
import { ratioPerRound } from './runtime.js';
import { contendedSyscalls } from './syscallConfig.js';

const ID = 7;
/** A loss smaller than this is within the syscall paths' throughput noise. */
const LOSS_RATIO = 0.9;

function ratePerTrial(m: MetricResult): number[] {
  return m.trials.map((t) => {
    const n = t.counters?.[Counter.iterations],
      d = t.counters?.[Counter.wallNs];
    return n !== undefined && d ? (n / d) * 1e9 : Number.NaN;
  });
}

const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
const effectText = (e: Effect) => `${pct(e.value)} (${pct(e.low)}–${pct(e.high)})`;

/** The emulation's hold / dedicated throughput ratio, paired by trial, and the model's bound. */
function emulated(e: ClaimEvidence) {
  const params = contendedSyscalls();
  const hold = e.find(Probe.syscallHold, Metric.iteration, params);
  const dedicated = e.find(Probe.syscallDedicated, Metric.iteration, params);
  if (!hold || !dedicated) return undefined;
  const holdRates = ratePerTrial(hold),
    dedicatedRates = ratePerTrial(dedicated);
  const ratios = holdRates.map((h, i) => h / (dedicatedRates[i] ?? Number.NaN));
  const effect = effectOf('hold / dedicated throughput', 'ratio', ratios);
  const predicted = (id: string) =>
    e.predictions.find((p) => p.metricId === id && p.quantity === 'throughput')?.predicted.p50;
  const holdModel = predicted(hold.id),
    dedicatedModel = predicted(dedicated.id);
  const modelRatio = holdModel !== undefined && dedicatedModel ? holdModel / dedicatedModel : Number.NaN;
  // The emulation's own hold / release: syscall/lazy is entersyscall with a sysmon, as Go's Syscall.
  const lazy = e.find(Probe.syscallLazy, Metric.iteration, params);
  const lazyRates = lazy ? ratePerTrial(lazy) : [];
  const holdOverLazy = lazy
    ? effectOf(
        'hold / lazy throughput',
        'ratio',
        holdRates.map((h, i) => h / (lazyRates[i] ?? Number.NaN)),
      )
    : undefined;
  return { params, effect, modelRatio, holdOverLazy };
}

/**
 * The runtime: RawSyscall (the P kept) against Syscall (entersyscall: sysmon
 * may retake the P) with more goroutines than Ps, per syscall length
 * measured, paired by round. Holding costs throughput only where the
 * runtime's Syscall path lets the P go before the syscall ends, so each
 * length is judged and the verdict says which held.
 */
function judgeOnRuntime(e: ClaimEvidence): Claim | undefined {
  const throughputs = e.goMeasured.filter((m) => m.kind === 'syscallThroughput');
  const tasks = Math.max(...throughputs.map((m) => Number(m.config[Param.tasks])));
  const lengths = [
    ...new Set(
      throughputs
        .filter((m) => m.config[Param.tasks] === tasks && m.gomaxprocs === 1)
        .map((m) => Number(m.config[Param.syscallNs])),
    ),
  ].sort((a, b) => a - b);
  const judged = lengths.flatMap((syscallNs) => {
    const config = { tasks, gomaxprocs: 1, [Param.syscallNs]: syscallNs };
    const hold = e.goFind('syscallThroughput', { ...config, api: 'RawSyscall' });
    const release = e.goFind('syscallThroughput', { ...config, api: 'Syscall' });
    if (!hold || !release) return [];
    const quantity = `RawSyscall / Syscall throughput, ${formatNs(syscallNs)} syscalls`;
    return [{ syscallNs, effect: effectOf(quantity, 'ratio', ratioPerRound(hold, release)) }];
  });
  if (judged.length === 0) return undefined;
  const below = judged.filter((j) => j.effect && j.effect.high < LOSS_RATIO).length;
  const above = judged.filter((j) => j.effect && j.effect.low > LOSS_RATIO).length;
  const verdict: Claim['verdict'] =
    below + above < judged.length
      ? 'inconclusive'
      : below === judged.length
        ? 'confirmed'
        : above === judged.length
          ? 'refuted'
          : 'qualified';
  const longest = judged[judged.length - 1]!;
  const emulation = emulated(e);
  const sameLength = judged.find((j) => j.syscallNs === emulation?.params[Param.syscallNs]);
  return claimOf(
    ID,
    verdict,
    `the Go runtime, ${tasks} goroutines on 1 P: keeping the P through the syscall (RawSyscall) reaches ` +
      judged
        .map(
          (j) =>
            `${j.effect ? effectText(j.effect) : '—'} of Syscall's throughput with ${formatNs(j.syscallNs)} syscalls`,
        )
        .join(', ') +
      ' (sysmon lets a P go only once a syscall outlasts its retake)' +
      (emulation?.holdOverLazy
        ? `; the emulation's hold reaches ${effectText(emulation.holdOverLazy)} of its lazy path's throughput`
        : '') +
      (emulation?.effect ? ` and ${effectText(emulation.effect)} of dedicated threads'` : ''),
    Object.fromEntries(judged.flatMap((j) => (j.effect ? [[`ratioAt${j.syscallNs}Ns`, j.effect.value]] : []))),
    longest.effect,
    onRuntime(
      `keeping / releasing the P (RawSyscall / Syscall; syscall/hold / syscall/lazy), ${formatNs(sameLength?.syscallNs ?? Number.NaN)} syscalls`,
      'ratio',
      sameLength?.effect?.value,
      emulation?.holdOverLazy?.value,
    ),
  );
}

export function judgeHoldConcurrency(e: ClaimEvidence): Claim {
  const onRuntime = judgeOnRuntime(e);
  if (onRuntime) return onRuntime;
  const emulation = emulated(e);
  if (!emulation)
    return notMeasured(
      ID,
      `the Go runtime's Syscall and RawSyscall, and ${Probe.syscallHold} and ${Probe.syscallDedicated}, with more tasks than Ps`,
    );
  const { params, effect, modelRatio } = emulation;
  // The emulated hold is a semaphore of P tokens: with more tasks than Ps it cannot keep up with dedicated threads.
  return builtIn(
    ID,
    `the emulation, ${params[Param.tasks]} tasks, ${params[Param.tokens]} P: holding the P reaches ${effect ? effectText(effect) : '—'} of the dedicated threads' throughput` +
      (Number.isFinite(modelRatio) ? `; the model's bound gives ${pct(modelRatio)}` : ''),
    { ...(effect ? { ratio: effect.value } : {}), modelRatio },
    e.runtimeAbsent,
    effect,
  );
}
