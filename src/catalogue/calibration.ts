// The short cross-CPU futex wake that opens every trial round: the host's
// cross-CPU wake level during that round. On VMs the level moves between runs
// (here 7.5, 10.7 or 13 µs, as the host places the vCPUs) and sometimes
// within one; a wake metric moves with it. The gate judges such metrics
// relative to it and compares the level itself as a row of its own.
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
   * history, unless --threshold names it: the host alone moved the level by
   * up to ×1.72 between runs on the reference VM (`npm run bench`), so one
   * baseline cannot tell less than ×2 from it. A history measures the moves.
   */
  withoutHistoryThresholdPct: 100,
} as const;
