// Throughput models of the syscall paths, from primitives measured in the
// same run. N tasks, P tokens, C CPUs, compute c, a syscall that really lasts
// b' (the sleep probe's actual length for b with 1 ns slack). A rate is the
// inverse of a mean cycle time, so every primitive enters as its mean (the
// syscall's length is right-skewed: its median would bias the rate high):
//   dedicated  min(N/(c+b'), C/c)
//   hold       min(min(N,P)/(c+b'), min(P,C)/c)           the P is busy through the syscall
//   handoff    N ≤ P: min(N/(c+b'), C/c)
//              N > P: min(N/(c+b'+wake[cross]), P/(c+wakerCost), C/c)
//   lazy       N ≤ P: min(N/(c+b'), C/c)
//              N > P: min(N/(c+b'), P/(c + E[min(b', retake)]), C/c), retake = u·tick + tick,
//              tick = sysmon's real sleep (20 µs requested, default 50 µs slack), u ~ U(0,1)
import type { ProbeResult, StrategyPrediction } from '../results/schema.js';
import { quantileOfSorted } from '../stats/sampleSummary.js';
import type { Distribution } from './measuredDistribution.js';
import type { Random } from '../stats/random.js';
import { counterRate, counterRatePerTrial, errorOverTrials, measuredOf, relativeError, trialP50s } from './measured.js';
import { spread } from './wakeModels.js';
import type { PrimitiveCatalog } from './primitives.js';
import { Counter, Metric, Param, paramValue, Probe, syscallStrategies } from '../catalogue/index.js';

const DRAWS = 20000;
const RETAKES_WANTED = 10000,
  RETAKE_DRAWS_MAX = 2_000_000;
const DEFAULT_SLACK_NS = 50000;

export interface Config {
  strategy: string;
  tasks: number;
  tokens: number;
  cpus: number;
  computeNs: number;
  syscallNs: number;
  tickNs: number;
}

function configOf(probe: ProbeResult): Config {
  const num = (name: string) => paramValue(probe.probe, probe.params, name);
  return {
    strategy: probe.probe,
    tasks: num(Param.tasks),
    tokens: num(Param.tokens),
    cpus: new Set(probe.placement.cpus).size,
    computeNs: num(Param.computeNs),
    syscallNs: num(Param.syscallNs),
    tickNs: num(Param.sysmonTickNs),
  };
}

const FORMULAS: Record<string, string> = {
  [Probe.syscallDedicated]: "min(N/(c+b'), C/c)",
  [Probe.syscallHold]: "min(min(N,P)/(c+b'), min(P,C)/c)",
  [Probe.syscallHandoff]: "N ≤ P: min(N/(c+b'), C/c); else min(N/(c+b'+wake[cross]), P/(c+wakerCost[cross]), C/c)",
  [Probe.syscallLazy]: "N ≤ P: min(N/(c+b'), C/c); else min(N/(c+b'), P/(c+E[min(b', u·tick+tick)]), C/c)",
};

/** Iterations per second. */
export function throughput(
  cfg: Config,
  bActual: number,
  wake: number,
  wakerCost: number,
  retakeOccupancy: number,
): number {
  const { tasks: N, tokens: P, cpus: C, computeNs: c } = cfg;
  const cpuBound = c > 0 ? C / c : Infinity;
  let perNs: number;
  switch (cfg.strategy) {
    case Probe.syscallDedicated:
      perNs = Math.min(N / (c + bActual), cpuBound);
      break;
    case Probe.syscallHold:
      perNs = Math.min(Math.min(N, P) / (c + bActual), c > 0 ? Math.min(P, C) / c : Infinity);
      break;
    case Probe.syscallHandoff:
      perNs =
        N <= P
          ? Math.min(N / (c + bActual), cpuBound)
          : Math.min(N / (c + bActual + wake), P / (c + wakerCost), cpuBound);
      break;
    default:
      perNs =
        N <= P
          ? Math.min(N / (c + bActual), cpuBound)
          : Math.min(N / (c + bActual), P / (c + retakeOccupancy), cpuBound);
  }
  return perNs * 1e9;
}

/**
 * Retake delays (u·tick + tick) and the P's mean occupancy of one syscall
 * under lazy release. A retake counts when it comes before the syscall's
 * typical (median) length: the sleep probe's tail (late wakeups of an idle
 * CPU) is not the emulated tasks' on busy CPUs, and drawing lengths from it
 * admitted retakes the emulation never sees (the retake error rose from 15%
 * to 37% over ten runs). A syscall not retaken holds the P for its mean
 * length, as everywhere in a rate.
 */
function lazyRetake(tick: Distribution, bTypical: number, bMean: number, wakerCost: number, random: Random) {
  const retaken: number[] = [];
  let occupancy = 0;
  // Few draws retake before the syscall ends: draw on until their quantiles rest on enough of them.
  let draws = 0;
  for (; draws < RETAKE_DRAWS_MAX && (draws < DRAWS || retaken.length < RETAKES_WANTED); draws++) {
    const delay = random() * tick.draw(random) + tick.draw(random);
    if (delay < bTypical) {
      retaken.push(delay);
      occupancy += delay + wakerCost;
    } else {
      occupancy += bMean;
    }
  }
  return { retaken: Float64Array.from(retaken).sort(), meanOccupancy: occupancy / draws };
}

export function predictSyscallPaths(
  probes: ProbeResult[],
  catalog: PrimitiveCatalog,
  random: Random,
  notes: string[],
): StrategyPrediction[] {
  const predictions: StrategyPrediction[] = [];
  for (const probe of probes.filter(
    (p) => (syscallStrategies as readonly string[]).includes(p.probe) && p.status === 'ok',
  )) {
    const iteration = probe.metrics.find((m) => m.metric === Metric.iteration);
    if (!iteration) continue;
    const cfg = configOf(probe);
    const sleep = catalog.sleep(cfg.syscallNs, 1);
    const wake = catalog.wake('cross-cpu', cfg.syscallNs);
    const wakerCost = catalog.wakerCost('cross-cpu', cfg.syscallNs);
    const tick = catalog.sleep(cfg.tickNs, DEFAULT_SLACK_NS);
    const needed: [string, Distribution | undefined][] = [["b'", sleep]];
    if (cfg.strategy === Probe.syscallHandoff || cfg.strategy === Probe.syscallLazy)
      needed.push(['wake[cross]', wake], ['wakerCost[cross]', wakerCost]);
    if (cfg.strategy === Probe.syscallLazy) needed.push(['tick', tick]);
    const missing = needed.filter(([, d]) => !d).map(([n]) => n);
    if (missing.length) {
      notes.push(`${iteration.id}: not modelled, ${missing.join(', ')} not measured in this run`);
      continue;
    }
    const bActual = sleep!.mean;
    const lazy =
      cfg.strategy === Probe.syscallLazy && cfg.tasks > cfg.tokens
        ? lazyRetake(tick!, sleep!.p50, bActual, wakerCost!.mean, random)
        : undefined;
    const predictedRate = throughput(
      cfg,
      bActual,
      wake?.mean ?? 0,
      wakerCost?.mean ?? 0,
      lazy?.meanOccupancy ?? bActual,
    );
    const measuredRate = counterRate(iteration, Counter.iterations, Counter.wallNs, 1e9);
    const sources = Object.fromEntries(needed.map(([n, d]) => [n, d!.source]));
    if (measuredRate !== undefined)
      predictions.push({
        strategy: probe.probe,
        metricId: iteration.id,
        quantity: 'throughput',
        unit: 'per-second',
        composition: FORMULAS[cfg.strategy] ?? '',
        primitives: sources,
        measured: { p50: measuredRate },
        predicted: { p50: predictedRate },
        relativeErrorP50: relativeError(predictedRate, measuredRate),
        ...spread(
          errorOverTrials(predictedRate, counterRatePerTrial(iteration, Counter.iterations, Counter.wallNs, 1e9)),
        ),
      });
    const retake = probe.metrics.find((m) => m.metric === Metric.retakeDelay);
    const measuredRetake = retake && measuredOf(retake);
    if (lazy && lazy.retaken.length > 0 && retake && measuredRetake)
      predictions.push({
        strategy: probe.probe,
        metricId: retake.id,
        quantity: Metric.retakeDelay,
        unit: 'ns',
        composition: "u·tick + tick, when below b'",
        primitives: { tick: tick!.source, "b'": sleep!.source },
        measured: { p50: measuredRetake.p50, p99: measuredRetake.p99 },
        predicted: {
          p50: quantileOfSorted(lazy.retaken, 0.5),
          p90: quantileOfSorted(lazy.retaken, 0.9),
          p99: quantileOfSorted(lazy.retaken, 0.99),
        },
        relativeErrorP50: relativeError(quantileOfSorted(lazy.retaken, 0.5), measuredRetake.p50),
        relativeErrorP99: relativeError(quantileOfSorted(lazy.retaken, 0.99), measuredRetake.p99),
        ...spread(errorOverTrials(quantileOfSorted(lazy.retaken, 0.5), trialP50s(retake))),
      });
  }
  return predictions;
}
