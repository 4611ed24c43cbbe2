// The experiments some claims need beyond the strategies themselves: the
// dedicated and locked wake paths alternated on the same threads (claim 1),
// a T the kernel places itself (claim 2), and a signal against wakeup
// preemption of the same spinning target (claim 8).
import { Metric, Param, Probe } from './names.js';
import { blockedWake, latency } from './metrics.js';
import { fromRegistry } from './fromRegistry.js';
import { defaultSet } from './primitives.js';
import type { ProbeSpec } from './types.js';

const core = { kind: 'core' } as const;

const wakeInterleaved: ProbeSpec = {
  ...fromRegistry(Probe.wakeInterleaved),
  family: 'strategy',
  engine: core,
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
  ...fromRegistry(Probe.wakeFloating),
  family: 'strategy',
  engine: core,
  metrics: [
    latency(Metric.wakeToRun, 'detail', "waker's clock before FUTEX_WAKE → T runs, wherever the kernel put it"),
    latency(Metric.retouch, 'detail', 'T re-touches its working set where it runs'),
  ],
  plan: {
    placements: ['cross'],
    samples: { quick: 300, full: 1000 },
    // The waker's CPU idle or busy after the wake, T's previous CPU idle or busy with another thread (the disputed case).
    paramSets: () =>
      [0, 1].flatMap((homeBusy) =>
        [0, 1].map((keeps) => ({
          ...defaultSet(wakeFloating),
          [Param.wakerKeepsRunning]: keeps,
          [Param.homeBusy]: homeBusy,
        })),
      ),
    estimateMs: (samples) => (samples * 500) / 1000,
  },
};

const preemption: ProbeSpec = {
  ...fromRegistry(Probe.preemption),
  family: 'primitive',
  engine: core,
  metrics: [
    latency(Metric.deliveryToSpinning, 'detail', 'tgkill → handler entry on the spinning target'),
    latency(Metric.wakeupPreemption, 'detail', 'FUTEX_WAKE → the woken thread runs on the spinner’s CPU'),
  ],
  plan: {
    placements: ['cross'],
    samples: { quick: 1000, full: 2000 },
    // Like for like (the wakee SCHED_OTHER, as the spinner), and the SCHED_FIFO variant beside it, labelled by its parameter.
    paramSets: () => [0, 1].map((fifo) => ({ ...defaultSet(preemption), [Param.wakeeFifo]: fifo })),
    estimateMs: (samples) => (samples * 200) / 1000,
  },
};

export const claimExperiments: ProbeSpec[] = [wakeInterleaved, wakeFloating, preemption];
