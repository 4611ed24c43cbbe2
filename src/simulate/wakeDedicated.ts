// The wake workload under DedicateOSThread: every task owns an OS thread the
// kernel places (unpinned), and a send to a blocked task FUTEX_WAKEs that
// thread. No P: the kernel alone decides who runs where.
import { Category, type Machine, type Program, type SimThread } from './machine.js';
import type { WakeTasks } from './wakeTasks.js';
import type { Workload, WorkloadFigures } from './workload.js';

const START = 0,
  WORK = 1,
  SEND = 2,
  AFTER = 3;

class Task implements Program {
  private next = START;
  constructor(
    private readonly runtime: DedicatedRuntime,
    private readonly index: number,
  ) {}

  step(thread: SimThread): void {
    const { machine: m, tasks } = this.runtime;
    const i = this.index;
    for (;;) {
      switch (this.next) {
        case START: {
          const penalty = tasks.arrive(i, thread.cpu, m.now);
          this.next = WORK;
          if (penalty > 0) return m.compute(thread, penalty, Category.migration);
          continue;
        }
        case WORK:
          this.next = SEND;
          return m.compute(thread, tasks.config.computeNs, Category.work);
        case SEND: {
          const target = tasks.target(i);
          const cost = tasks.deliver(target, m.now) ? m.post(thread, this.runtime.threads[target]!) : 0;
          tasks.consume(i);
          this.next = AFTER;
          return m.compute(thread, cost, Category.scheduling);
        }
        case AFTER:
          this.next = START;
          if (tasks.mailbox[i]! > 0) continue;
          tasks.blocked[i] = 1;
          return m.block(thread);
      }
    }
  }
}

export class DedicatedRuntime implements Workload {
  readonly threads: SimThread[];

  constructor(
    readonly machine: Machine,
    readonly tasks: WakeTasks,
  ) {
    const n = tasks.config.tasks;
    const runnable = new Set(tasks.initiallyRunnable());
    this.threads = Array.from({ length: n }, (_, i) => {
      const program = new Task(this, i);
      const cpu = i % machine.cpuCount;
      if (!runnable.has(i)) return machine.addBlocked(program, cpu);
      const thread = machine.addThread(program);
      machine.start(thread, cpu);
      return thread;
    });
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
