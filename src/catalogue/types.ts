// The shapes of the catalogue: what a probe is, which parameters it takes and
// which metrics it emits, with their units, defaults and ranges.

export type Suite = 'quick' | 'full';

/**
 * Where a probe's threads go: one CPU, two threads on one CPU, two CPUs,
 * every ordered pair of the run's CPUs, or unpinned over the run's CPUs.
 */
type PlacementKind = 'single' | 'same' | 'cross' | 'pairs' | 'unpinned';

type ParamUnit = 'ns' | 'bytes' | 'count' | 'flag' | 'enum';
export type ProbeParams = Record<string, number | number[]>;

/** One parameter of a probe, as the native registry declares it (fromRegistry.ts). */
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

/**
 * What a metric's value placed across CPUs moves with on a host, besides the
 * code measured (what the gate must allow for when it compares two runs):
 * - wakeLevel: it is a wake of a blocked thread on another CPU, so it
 *   follows the host's cross-CPU wake level, which a short futex wake
 *   measures on its CPUs before each trial (on VMs it moves between runs,
 *   here 7.5–13 µs); the gate judges it relative to that level.
 * - hostState: it depends on what the run cannot see or control — whether the
 *   host backs the two CPUs with cores that share a cache, how warm that
 *   cache is, whether the host polls a halted vCPU, where the kernel puts
 *   unpinned threads — and moves between runs by more than its spread within
 *   one (the migration retouch by ×6 here, a context switch on one CPU by up to
 *   40%); only the spread of several baseline runs can tell a change from it.
 */
export type HostDependence = 'wakeLevel' | 'hostState';

/** What a metric moves with, by where its threads are: across CPUs (or unpinned), or two threads on one CPU. */
export interface MovesWith {
  acrossCpus?: HostDependence;
  onOneCpu?: 'hostState';
}

export interface MetricSpec {
  name: string;
  description: string;
  unit: 'ns';
  /** Every metric is a duration: lower is better. */
  better: 'lower' | 'higher';
  role: MetricRole;
  /** What else its value moves with, by placement (absent: nothing the gate must allow for). */
  movesWith?: MovesWith;
}

/** How the run reaches a probe: the core registry, the addon itself, or another probe run differently. */
type Engine = { kind: 'core' } | { kind: 'addon' } | { kind: 'alias'; of: string };

export interface PlanContext {
  /** Bytes of the largest data cache of the first planned CPU (0 when unknown). */
  lastLevelCacheBytes: number;
}

/** How the suites run a probe: placements, samples, parameter sets, time. */
interface ProbePlan {
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
