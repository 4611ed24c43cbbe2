// Parameter specifications, each written once and shared by the probes that
// take it. They mirror the native registry (test/catalogue.test.ts checks).
import { Param } from './names.js';
import type { ParamSpec, ParamUnit } from './types.js';

export const KiB = 1024;
export const MiB = 1024 * KiB;
const MAX_GAP_NS = 1e9;

export function spec(
  name: string,
  unit: ParamUnit,
  defaults: number[],
  min: number,
  max: number,
  description: string,
  maxValues = 1,
): ParamSpec {
  return { name, description, unit, defaults, min, max, maxValues };
}

/** The idle gap before each wake: long enough for the woken side to block and its CPU to go idle. */
export function gapParams(what: string, gapMinNs = 20000, gapMaxNs = 80000): ParamSpec[] {
  return [
    spec(Param.gapMinNs, 'ns', [gapMinNs], 0, MAX_GAP_NS, `shortest idle gap before ${what}`),
    spec(Param.gapMaxNs, 'ns', [gapMaxNs], 0, MAX_GAP_NS, `longest idle gap before ${what}`),
  ];
}

export const batchParam = spec(Param.batch, 'count', [100], 1, 100000, 'calls timed together per sample');

export const sleepParams = [
  spec(Param.requestedNs, 'ns', [20000, 100000, 1000000], 1, 1e9, 'sleep lengths to request', 16),
  spec(Param.timerSlackNs, 'ns', [50000, 1], 1, 1e9, 'timer slack values to sleep with', 4),
];

export const migrationParams = [
  spec(
    Param.workingSetBytes,
    'bytes',
    [16 * KiB, 256 * KiB, 4 * MiB],
    1024,
    4 * 1024 * MiB,
    'working-set sizes to sweep',
    32,
  ),
  spec(
    Param.passBudgetBytes,
    'bytes',
    [256 * MiB],
    MiB,
    1e12,
    'bytes traversed per size at most (bounds run time for large sets)',
  ),
];

/** What every wake-path strategy takes: T's working set and how long T stays blocked. */
export const wakePathParams = [
  spec(Param.workingSetBytes, 'bytes', [256 * KiB], 1024, 1024 * MiB, "T's working set, dirtied before it blocks"),
  ...gapParams('a wake (T stays blocked)'),
];

export const schedulerOnWakerCpuParam = spec(
  Param.schedulerOnWakerCpu,
  'flag',
  [0],
  0,
  1,
  "1: the scheduler thread runs on the waker's CPU; 0: on T's",
);

export const unlockedParams = [
  spec(Param.sliceNs, 'ns', [20000], 0, 1e8, 'how long the waker keeps running after readying T'),
  spec(Param.idleSpinNs, 'ns', [2000], 0, 1e8, 'how long an idle worker spins looking for work'),
  spec(Param.idleSleepNs, 'ns', [20000], 1, 1e8, 'how long an idle worker sleeps before looking again'),
];

export const syscallPathParams = [
  spec(Param.tasks, 'count', [4], 1, 64, 'N: task threads'),
  spec(Param.tokens, 'count', [1], 1, 16, 'P: GOMAXPROCS (ignored by syscall/dedicated)'),
  spec(Param.computeNs, 'ns', [5000], 0, 1e8, 'c: computation between syscalls'),
  spec(Param.syscallNs, 'ns', [50000], 1, 1e8, 'b: length of the blocking syscall'),
  spec(Param.syscallKind, 'enum', [0], 0, 1, '0: nanosleep; 1: FUTEX_WAIT with a timeout'),
  spec(Param.durationNs, 'ns', [1e8], 1e6, 6e10, 'how long the tasks run'),
  spec(Param.sliceNs, 'ns', [1e7], 1000, 1e10, 'a task yields its P after this long when others wait (Go: 10 ms)'),
  spec(Param.sysmonTickNs, 'ns', [20000], 1000, 1e8, "sysmon's sleep between retake passes (syscall/lazy)"),
];

/** A parameter's default as a scalar (its first value). */
export function defaultOf(params: ParamSpec[], name: string): number {
  const found = params.find((p) => p.name === name);
  if (!found) throw new RangeError(`no parameter '${name}'`);
  return found.defaults[0]!;
}
