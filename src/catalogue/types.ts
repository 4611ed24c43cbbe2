// The shapes of the catalogue: what a probe is, which parameters it takes and
// which metrics it emits, with their units, defaults and ranges.

export type Suite = 'quick' | 'full';

/**
 * Where a probe's threads go: one CPU, two threads on one CPU, two CPUs,
 * every ordered pair of the run's CPUs, or unpinned over the run's CPUs.
 */
export type PlacementKind = 'single' | 'same' | 'cross' | 'pairs' | 'unpinned';

export type ParamUnit = 'ns' | 'bytes' | 'count' | 'flag' | 'enum';
export type ProbeParams = Record<string, number | number[]>;

/** One parameter of a probe, as the native registry declares it (a test checks they agree). */
export interface ParamSpec {
  name: string;
  description: string;
  unit: ParamUnit;
  defaults: number[];
  min: number;
  max: number;
  /** 1 for a scalar; more for a list the probe sweeps in one run. */
  maxValues: number;
}

/**
 * headline: a figure users compare across runs (gated by default);
 * detail: reported, not gated; split: a share of a headline's samples picked
 * by outcome (its sample count varies by run, so it is never gated by default).
 */
export type MetricRole = 'headline' | 'detail' | 'split';

export interface MetricSpec {
  name: string;
  description: string;
  unit: 'ns';
  /** Every metric is a duration: lower is better. */
  better: 'lower' | 'higher';
  role: MetricRole;
}

/** How the run reaches a probe: the core registry, the addon itself, or another probe run differently. */
export type Engine = { kind: 'core' } | { kind: 'addon' } | { kind: 'alias'; of: string };

export interface PlanContext {
  /** Bytes of the largest data cache of the first planned CPU (0 when unknown). */
  lastLevelCacheBytes: number;
}

/** How the suites run a probe: placements, samples, parameter sets, time. */
export interface ProbePlan {
  placements: PlacementKind[];
  samples: Record<Suite, number>;
  /** Samples for one parameter set when they must differ by set (e.g. long gaps get fewer). */
  samplesFor?(suite: Suite, params: ProbeParams, samples: number): number;
  /** One probe run per parameter set (a sweep is several sets). */
  paramSets(suite: Suite, context: PlanContext): ProbeParams[];
  /** Warm-up iterations per run (default: a tenth of the samples, at most 200). */
  warmup?: number;
  /** A generous estimate of one run's duration, for the watchdog and progress. */
  estimateMs(samples: number, params: ProbeParams): number;
  /**
   * A cross-CPU wake primitive: the full suite measures its cross-CPU
   * placement a second time with idle polling held, for the idle-exit cost.
   */
  idleVariant?: boolean;
}

export interface ProbeSpec {
  name: string;
  description: string;
  /** 'primitive': one kernel mechanism; 'strategy': a scheduling strategy of the proposal, emulated. */
  family: 'primitive' | 'strategy';
  engine: Engine;
  params: ParamSpec[];
  metrics: MetricSpec[];
  plan: ProbePlan;
}
