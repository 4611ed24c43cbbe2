// One task of the wake workload, as every strategy runs it: arrive (refill
// its working set after a migration), compute, send a message (waking the
// target if it is blocked), then take the next message or block. What waking
// and blocking cost is the strategy's (WakeScheduling).
import { Category, type Machine, type Program, type SimThread } from './machine.js';
import type { WakeTasks } from './wakeWorkload.js';

/** What a strategy decides in the task loop. */
export interface WakeScheduling {
  readonly machine: Machine;
  readonly tasks: WakeTasks;
  /** The sender's cost of making the blocked task `target` runnable. */
  wake(target: number, by: SimThread): number;
  /** What the task's thread does on its way to blocking (Go's handoffp), or undefined: it blocks at once. */
  parkCost(by: SimThread): number | undefined;
}

const START = 0,
  WORK = 1,
  SEND = 2,
  AFTER = 3,
  BLOCK = 4;

export class WakeTask implements Program {
  private next = START;
  constructor(
    private readonly scheduling: WakeScheduling,
    private readonly index: number,
  ) {}

  step(thread: SimThread): void {
    const { machine: m, tasks } = this.scheduling;
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
          const cost = tasks.deliver(target, m.now) ? this.scheduling.wake(target, thread) : 0;
          tasks.consume(i);
          this.next = AFTER;
          return m.compute(thread, cost, Category.scheduling);
        }
        case AFTER: {
          if (tasks.mailbox[i]! > 0) {
            this.next = START;
            continue;
          }
          // From here a send wakes this task.
          tasks.blocked[i] = 1;
          this.next = BLOCK;
          const cost = this.scheduling.parkCost(thread);
          if (cost !== undefined) return m.compute(thread, cost, Category.scheduling);
          continue;
        }
        case BLOCK:
          this.next = START;
          return m.block(thread);
      }
    }
  }
}

/**
 * One thread per task, each placed on CPU i mod C: those in `running` start
 * at once, the others blocked (a first message wakes them).
 */
export function taskThreads(machine: Machine, programs: Program[], running: Set<number>): SimThread[] {
  return programs.map((program, i) => {
    const cpu = i % machine.cpuCount;
    if (!running.has(i)) return machine.addBlocked(program, cpu);
    const thread = machine.addThread(program);
    machine.start(thread, cpu);
    return thread;
  });
}
