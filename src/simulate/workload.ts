// What every simulated workload reports, whatever the strategy runs it.
import type { Machine } from './machine.js';
import type { StreamingHistogram } from './streamingHistogram.js';

export interface WorkloadFigures {
  /** Operations since the last reset: messages handled, or loop iterations. */
  operations: number;
  /** Wake → run of a woken task (for the syscall loop: the syscall's return → the task computes again). */
  wakeToRun: StreamingHistogram;
  /** Times a task ran on another CPU than the one it last ran on. */
  migrations: number;
  /** OS threads the strategy keeps alive at its peak. */
  threadsAlive: number;
}

export interface Workload {
  readonly machine: Machine;
  resetStats(): void;
  figures(): WorkloadFigures;
}
