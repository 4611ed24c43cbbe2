// The experiments some claims need beyond the strategies themselves: the
// dedicated and locked wake paths alternated on the same threads (claim 1),
// a T the kernel places itself (claim 2), and a signal against wakeup
// preemption of the same spinning target (claim 8).
import { Metric, Param, Probe } from './names.js';
import { blockedWake, latency } from './metrics.js';
import { gapParams, spec, wakePathParams } from './params.js';
import { defaultSet } from './primitives.js';
import type { ProbeSpec } from './types.js';

const core = { kind: 'core' } as const;
const flag = (name: string, defaultValue: number, description: string) =>
  spec(name, 'flag', [defaultValue], 0, 1, description);

const wakeInterleaved: ProbeSpec = {
  name: Probe.wakeInterleaved,
  description:
    'wake/dedicated and wake/locked (scheduler thread on T’s CPU) alternated sample by sample on the same threads, so a regime shift moves both and cancels in their difference.',
  family: 'strategy',
  engine: core,
  params: wakePathParams,
  metrics: [
    latency(Metric.dedicatedWakeToRun, 'detail', 'wake-to-run of the dedicated samples', blockedWake),
    latency(Metric.lockedWakeToRun, 'detail', 'wake-to-run of the locked samples', blockedWake),
  ],
  plan: {
    placements: ['cross'],
    samples: { quick: 600, full: 2000 },
    paramSets: () => [defaultSet(wakeInterleaved)],
    estimateMs: (samples) => (samples * 400) / 1000,
  },
};

const wakeFloating: ProbeSpec = {
  name: Probe.wakeFloating,
  description:
    'A dedicated T that is not pinned (its affinity is both CPUs) woken by FUTEX_WAKE from the other CPU: where the kernel runs it — its previous CPU, or the waker’s — with the waker’s CPU idle or busy after the wake.',
  family: 'strategy',
  engine: core,
  params: [
    ...wakePathParams,
    flag(Param.wakerKeepsRunning, 0, 'after the wake, the waker spins (1: its CPU busy) or sleeps (0: idle)'),
  ],
  metrics: [
    latency(Metric.wakeToRun, 'detail', "waker's clock before FUTEX_WAKE → T runs, wherever the kernel put it"),
    latency(Metric.retouch, 'detail', 'T re-touches its working set where it runs'),
  ],
  plan: {
    placements: ['cross'],
    samples: { quick: 300, full: 1000 },
    paramSets: () => [0, 1].map((keeps) => ({ ...defaultSet(wakeFloating), [Param.wakerKeepsRunning]: keeps })),
    estimateMs: (samples) => (samples * 500) / 1000,
  },
};

const preemption: ProbeSpec = {
  name: Probe.preemption,
  description:
    'From the same CPU to the same spinning target on another CPU, alternated: a signal (tgkill → handler entry) and wakeup preemption (FUTEX_WAKE of a thread blocked on the target CPU → it runs, preempting the spinner).',
  family: 'primitive',
  engine: core,
  params: [
    ...gapParams('each signal or wake'),
    flag(Param.wakeeFifo, 1, 'the woken thread asks for SCHED_FIFO (refused: SCHED_OTHER, and a warning)'),
  ],
  metrics: [
    latency(Metric.deliveryToSpinning, 'detail', 'tgkill → handler entry on the spinning target'),
    latency(Metric.wakeupPreemption, 'detail', 'FUTEX_WAKE → the woken thread runs on the spinner’s CPU'),
  ],
  plan: {
    placements: ['cross'],
    samples: { quick: 1000, full: 2000 },
    paramSets: () => [defaultSet(preemption)],
    estimateMs: (samples) => (samples * 200) / 1000,
  },
};

export const claimExperiments: ProbeSpec[] = [wakeInterleaved, wakeFloating, preemption];
