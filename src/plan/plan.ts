// Turns a suite, a probe selection and the host's CPUs into the list of
// probe runs a trial performs, in order.
import type { Placement } from '../results/schema.js';
import {
  nativeProbeOf,
  Param,
  probeSpec,
  type PlanContext,
  type ProbeParams,
  type ProbeSpec,
  type Suite,
} from '../catalogue/index.js';
import { applyOverrides, type ParamOverrides } from './paramOverrides.js';
import type { PlacementOptions } from './placement.js';
import { DiagnosticCode } from '../catalogue/index.js';
import type { Diagnostic, ProbeReason } from '../results/diagnostics.js';
import { seededRandom } from '../stats/random.js';

export interface PlannedRun {
  probe: string;
  /** What the addon runs (the same as probe unless the catalogue entry is an alias). */
  nativeProbe: string;
  engine: ProbeSpec['engine']['kind'];
  /** Added to every metric's params (and id), never sent to the addon: e.g. fromCpu/toCpu. */
  labels: Record<string, number>;
  placement: Placement;
  params: ProbeParams;
  samples: number;
  warmup: number;
  /** The watchdog: the probe fails if one trial of it takes longer. */
  timeoutMs: number;
  estimateMs: number;
  /** Hold idle polling (/dev/cpu_dma_latency = 0) while this run measures. */
  idlePolling: boolean;
  /** Set when this placement cannot run here (e.g. cross-CPU on one CPU). */
  skipReason?: ProbeReason;
}

export interface PlanOptions {
  suite: Suite;
  probes: string[];
  placements: PlacementOptions;
  samplesScale: number;
  /** Overrides the estimate-based watchdog when set. */
  timeoutMs?: number;
  context: PlanContext;
  /** CPUs of the run and its seed, for 'pairs' placements. */
  cpus: number[];
  seed: number;
  /** Parameters the user set (`--param`), by probe; checked already. */
  overrides?: ParamOverrides;
  /** 'poll': the whole run holds idle polling; 'default': only the full suite's idle variants do. */
  idle: 'default' | 'poll';
  /** Why idle polling cannot be held here, when it cannot (its runs are then skipped). */
  idlePollingRefusal?: string;
}

/** At most this many ordered CPU pairs in a 'pairs' placement: bounded run time on large hosts. */
export const MAX_CPU_PAIRS = 56;

/**
 * Ordered pairs (a ≠ b) of the CPUs; with more than MAX_CPU_PAIRS, a uniform
 * sample without replacement drawn with the run's seed (the note says so).
 */
export function cpuPairs(
  cpus: number[],
  seed: number,
): { pairs: [number, number][]; sampled?: { cpus: number; pairs: number; measured: number; seed: number } } {
  const all: [number, number][] = [];
  for (const a of cpus) for (const b of cpus) if (a !== b) all.push([a, b]);
  if (all.length <= MAX_CPU_PAIRS) return { pairs: all };
  const random = seededRandom(seed);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  const pairs = all.slice(0, MAX_CPU_PAIRS).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return {
    pairs,
    sampled: { cpus: cpus.length, pairs: all.length, measured: MAX_CPU_PAIRS, seed },
  };
}

/** Watchdog: well beyond the expected duration, never below a few seconds. */
export function watchdogMs(estimateMs: number): number {
  return Math.ceil(Math.max(5000, 3 * estimateMs + 5000));
}

type RunBase = Omit<PlannedRun, 'placement' | 'skipReason'>;

/** The runs of one parameter set on one placement kind. */
function placeRuns(
  kind: ProbeSpec['plan']['placements'][number],
  base: RunBase,
  options: PlanOptions,
  notes: Diagnostic[],
): PlannedRun[] {
  if (base.idlePolling && options.idle === 'default' && options.idlePollingRefusal)
    return [
      {
        ...base,
        placement: options.placements.cross ?? { kind: 'cross-cpu', cpus: [] },
        skipReason: { code: DiagnosticCode.idlePollingRefused, params: { error: options.idlePollingRefusal } },
      },
    ];
  const skipped = (): PlannedRun => ({
    ...base,
    placement: { kind: 'cross-cpu', cpus: [] },
    skipReason: options.placements.crossSkipReason ?? {
      code: DiagnosticCode.onlyOneCpu,
      params: { cpu: options.placements.single.cpus[0]! },
    },
  });
  switch (kind) {
    case 'pairs': {
      const { pairs, sampled } = cpuPairs(options.cpus, options.seed);
      if (sampled) notes.push({ code: DiagnosticCode.cpuPairsSampled, params: { probe: base.probe, ...sampled } });
      if (pairs.length === 0) return [skipped()];
      return pairs.map(([from, to]) => ({
        ...base,
        labels: { [Param.fromCpu]: from, [Param.toCpu]: to },
        placement: { kind: 'cross-cpu', cpus: [from, to] },
      }));
    }
    case 'unpinned':
      return [{ ...base, placement: { kind: 'unpinned', cpus: options.cpus } }];
    case 'single':
      return [{ ...base, placement: options.placements.single }];
    case 'same':
      return [{ ...base, placement: options.placements.same }];
    case 'cross':
      return [options.placements.cross ? { ...base, placement: options.placements.cross } : skipped()];
  }
}

/** The same run measured with idle polling held, labelled so its metrics have ids of their own. */
function idleVariantOf(base: RunBase): RunBase {
  return { ...base, idlePolling: true, labels: { ...base.labels, [Param.idlePoll]: 1 } };
}

export function makePlan(options: PlanOptions): { runs: PlannedRun[]; notes: Diagnostic[] } {
  const runs: PlannedRun[] = [];
  const notes: Diagnostic[] = [];
  for (const probe of options.probes) {
    const spec = probeSpec(probe);
    if (!spec) throw new RangeError(`unknown probe '${probe}'`);
    const plan = spec.plan;
    for (const params of applyOverrides(
      spec.name,
      plan.paramSets(options.suite, options.context),
      options.overrides?.[spec.name],
    )) {
      const suiteSamples = plan.samples[options.suite];
      const perSet = plan.samplesFor ? plan.samplesFor(options.suite, params, suiteSamples) : suiteSamples;
      const samples = Math.max(1, Math.round(perSet * options.samplesScale));
      const warmup = plan.warmup ?? Math.min(200, Math.ceil(samples / 10));
      const estimateMs = plan.estimateMs(samples + warmup, params);
      const base: RunBase = {
        probe: spec.name,
        nativeProbe: nativeProbeOf(spec),
        engine: spec.engine.kind,
        labels: {},
        params,
        samples,
        warmup,
        timeoutMs: options.timeoutMs ?? watchdogMs(estimateMs),
        estimateMs,
        idlePolling: options.idle === 'poll',
      };
      for (const kind of plan.placements) {
        runs.push(...placeRuns(kind, base, options, notes));
        if (kind === 'cross' && plan.idleVariant && options.suite === 'full' && options.idle === 'default')
          runs.push(...placeRuns(kind, idleVariantOf(base), options, notes));
      }
    }
  }
  return { runs, notes };
}
