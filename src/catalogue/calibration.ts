// The short cross-CPU futex wake that measures the host's cross-CPU wake
// level: it opens every trial round, and runs on a trial's CPUs just before
// each cross-CPU trial of a probe whose wakes follow the level. On VMs the
// level moves between runs (here 7.5, 10.7 or 13 µs, as the host places the
// vCPUs) and sometimes within one; a wake metric moves with it. The gate
// judges such metrics relative to the level measured before their trial and
// compares the rounds' level as a row of its own. futex-wake's own cross-CPU
// wake is this same wake: a change of it moves the level too, and only the
// level's row can show it.
import { DerivedName, Metric, Probe } from './names.js';

export const crossWakeCalibration = {
  probe: Probe.futexWake,
  metric: Metric.wakeLatency,
  samples: 100,
  warmup: 10,
  /** The name of the row the gate makes of the rounds' levels. */
  row: DerivedName.crossWakeLevel,
  /**
   * That row's threshold, percent, against fewer baseline runs than make a
   * history, unless --metric-threshold names it: the host alone moved the
   * level by up to ×1.72 between runs on the reference VM (`npm run bench`),
   * so such a baseline cannot tell less than ×2 from it. A history measures
   * the moves.
   */
  withoutHistoryThresholdPct: 100,
} as const;
