// The wake workload under DedicateOSThread: every task owns an OS thread the
// kernel places (unpinned), and a send to a blocked task FUTEX_WAKEs that
// thread. No P: the kernel alone decides who runs where.
import type { Machine, SimThread } from './machine.js';
import { taskThreads, WakeTask, type WakeScheduling } from './wakeTaskProgram.js';
import type { WakeTasks } from './wakeWorkload.js';
import type { Workload, WorkloadFigures } from './workload.js';

export class DedicatedRuntime implements Workload, WakeScheduling {
  readonly threads: SimThread[];

  constructor(
    readonly machine: Machine,
    readonly tasks: WakeTasks,
  ) {
    const programs = Array.from({ length: tasks.config.tasks }, (_, i) => new WakeTask(this, i));
    this.threads = taskThreads(machine, programs, new Set(tasks.initiallyRunnable()));
  }

  /** FUTEX_WAKE of the target's own thread. */
  wake(target: number, by: SimThread): number {
    return this.machine.post(by, this.threads[target]!);
  }

  /** The thread blocks in FUTEX_WAIT at once. */
  parkCost(): undefined {
    return undefined;
  }

  resetStats(): void {
    this.machine.resetStats();
    this.tasks.reset();
  }

  figures(): WorkloadFigures {
    return {
      operations: this.tasks.operations,
      wakeToRun: this.tasks.wakeToRun,
      migrations: this.tasks.migrations,
      threadsAlive: this.tasks.config.tasks,
    };
  }
}
