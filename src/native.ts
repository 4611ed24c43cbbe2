// The typed face of the native addon. Everything that touches a clock or a
// thread lives behind these functions; JavaScript only plans and reads. The
// addon loads on first use, so commands that only read results files
// (compare, report, export) work where it was never built.
import { fileURLToPath } from 'node:url';
import loadAddon from 'node-gyp-build';

export interface NativeParamSpec {
  name: string;
  description: string;
  unit: 'ns' | 'bytes' | 'count' | 'flag' | 'enum';
  defaults: number[];
  min: number;
  max: number;
  maxValues: number;
}

export interface NativeProbeInfo {
  name: string;
  description: string;
  /** 0: unpinned (measureUvThreadpool); 1: one CPU; 2: a pair of CPUs (the same CPU twice or two CPUs). */
  cpusNeeded: 0 | 1 | 2;
  crossCpuOnly: boolean;
  params: NativeParamSpec[];
  /** Names of the metrics the probe can emit. */
  metrics: string[];
}

export interface NativeProbeRequest {
  probe: string;
  cpus: number[];
  samples: number;
  warmup?: number;
  params?: Record<string, number | number[]>;
  seed?: number;
  timeoutMs: number;
  /** Ask for SCHED_FIFO on the probe's threads; refusal comes back as a warning. */
  realtime?: boolean;
}

export interface NativeHistogram {
  encoding: 'log-linear';
  subBucketBits: number;
  /** [lowNs, highNs (exclusive), count] per non-empty bucket. */
  buckets: [number, number, number][];
}

export interface NativeMeasurement {
  metric: string;
  params: Record<string, number>;
  requested: number;
  valuesNs: Float64Array;
  excluded: Record<string, number>;
  observedCpus: Record<string, number>;
  auxNs: Record<string, Float64Array>;
  /** Events the emulation counted, e.g. futexWakes, migrated, iterations. */
  counters: Record<string, number>;
  histogram: NativeHistogram;
}

/** A warning as data: a code the catalogue names (DiagnosticCode) and its parameters. */
export interface NativeWarning {
  code: string;
  params: Record<string, string>;
}

export interface NativeProbeOutput {
  measurements: NativeMeasurement[];
  warnings: NativeWarning[];
  /**
   * Involuntary context switches per role while it measured, for the roles
   * that had their CPU to themselves (the others preempt each other by design).
   */
  involuntarySwitches: Record<string, number>;
}

export interface NativeHostFacts {
  allowedCpus: number[];
  hypervisorVendor: string;
  timerSlackNs: number;
  clock: { readNsMin: number; readNsMedian: number; resolutionNs: number };
  compiler: string;
  buildFlags: string;
}

export interface FaultInjection {
  stallRole?: string;
  dropWakes?: boolean;
  denyRealtime?: boolean;
}

interface Addon {
  runProbe(request: NativeProbeRequest): Promise<NativeProbeOutput>;
  hostFacts(): Promise<NativeHostFacts>;
  probes(): NativeProbeInfo[];
  cancel(): void;
  isRunning(): boolean;
  setFaultInjection(faults: FaultInjection): void;
  /** libuv thread pool vs a dedicated futex-woken thread, timed in C++ (see native/addon/uv_threadpool.cpp). */
  measureUvThreadpool(request: { samples: number; warmup: number; timeoutMs: number }): Promise<NativeProbeOutput>;
  /**
   * flock(LOCK_EX | LOCK_NB) on a lock file, created when absent (native/addon/file_lock.cpp):
   * `{ fd }` when this process now holds it, `{ heldBy }` with what the holder wrote
   * (`pid=…`, `since=…`, `cmd=…` lines) when another holds it. Released by unlock or the process's death.
   */
  tryLock(path: string): { fd: number } | { heldBy: string };
  /** Releases and closes a lock tryLock returned. */
  unlock(fd: number): void;
}

let loaded: Addon | undefined;

/** The package root (this file is dist/src/native.js): where prebuilds/ and build/ live. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Measuring needs the addon; it is not there (exit 1, with how to build it). */
export class AddonMissingError extends Error {
  override readonly name = 'AddonMissingError';
}

/** The addon, loaded on first call; an AddonMissingError says how to build it when it cannot load. */
export function addon(): Addon {
  if (!loaded) {
    try {
      loaded = loadAddon(PACKAGE_ROOT) as Addon;
    } catch (error) {
      throw new AddonMissingError(
        `the native addon cannot be loaded (${(error as Error).message.split('\n')[0]}); no prebuilt addon fits this host and none was compiled; build it with \`npm rebuild schedcost\` (needs python3, make and a C++20 compiler)`,
      );
    }
  }
  return loaded;
}

/** Stops a probe in flight, if the addon was ever loaded. */
export function cancelIfRunning(): void {
  if (loaded?.isRunning()) loaded.cancel();
}

const NATIVE_ERROR_CODES = ['PROBE_FAILED', 'PROBE_TIMEOUT', 'PROBE_CANCELLED', 'INVALID_REQUEST', 'INTERNAL'] as const;
/** Error codes a rejected runProbe promise carries in `code` (native/core/probe_error.hpp's ProbeFailure, and the addon's own). */
export type NativeErrorCode = (typeof NATIVE_ERROR_CODES)[number];

export function nativeErrorCode(error: unknown): NativeErrorCode | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return NATIVE_ERROR_CODES.find((known) => known === code);
}
