// The wake workload under LockOSThread, as Go runs a locked goroutine: each
// task is locked to its own M and needs one of P processors to run.
//   send to a blocked task T   T goes on the run queue; wakep(): with an idle
//                              P and no M spinning, an idle M is woken (hop 1)
//   a scheduler M, woken       takes an idle P, picks T, hands its P to T's
//                              own M (hop 2: startlockedm) and parks
//   a task with no message     its M gives up the P (handoffp): with work
//                              queued, to an M it wakes (hop 1), else idle
// Two FUTEX_WAKEs per wakeup, each through the simulated kernel.
import type { Distribution } from '../model/measuredDistribution.js';
import type { Random } from '../stats/random.js';
import { Category, type Machine, type Program, type SimThread } from './machine.js';
import { taskThreads, WakeTask, type WakeScheduling } from './wakeTaskProgram.js';
import type { WakeTasks } from './wakeWorkload.js';
import type { Workload, WorkloadFigures } from './workload.js';

class SchedulerM implements Program {
  carriesP = false;
  spinning = false;
  private next = 0;
  thread!: SimThread;
  constructor(private readonly rt: LockedRuntime) {}

  step(thread: SimThread): void {
    const rt = this.rt,
      m = rt.machine;
    switch (this.next) {
      case 0: {
        // Woken: with a P (handoffp) or to take an idle one (wakep).
        let cost = 0;
        if (!this.carriesP) {
          if (rt.idlePs === 0) return this.park(thread);
          rt.idlePs--;
          this.carriesP = true;
          cost += rt.costs.pAcquire.draw(rt.random);
        }
        cost += rt.costs.pick.draw(rt.random);
        if (rt.runQueue.length > 0) return this.handoff(thread, cost);
        this.next = 1;
        return m.compute(thread, cost + rt.tasks.config.idleSpinNs, Category.spinning);
      }
      case 1:
        if (rt.runQueue.length > 0) return this.handoff(thread, rt.costs.pick.draw(rt.random));
        this.carriesP = false;
        rt.idlePs++;
        return this.park(thread);
      default:
        this.next = 0;
        return m.block(thread);
    }
  }

  /** startlockedm: the P goes to the task's own M (hop 2); this M parks. */
  private handoff(thread: SimThread, cost: number): void {
    const rt = this.rt;
    const task = rt.runQueue.shift()!;
    this.stopSpinning();
    if (rt.runQueue.length > 0) cost += rt.wakep(thread);
    cost += rt.machine.post(thread, rt.threads[task]!);
    this.carriesP = false;
    this.next = 2;
    rt.idleMs.push(this);
    rt.machine.compute(thread, cost, Category.scheduling);
  }

  private park(thread: SimThread): void {
    this.stopSpinning();
    this.next = 0;
    this.rt.idleMs.push(this);
    this.rt.machine.block(thread);
  }

  private stopSpinning(): void {
    if (!this.spinning) return;
    this.spinning = false;
    this.rt.spinning--;
  }
}

export interface SchedulerCosts {
  pick: Distribution;
  pAcquire: Distribution;
}

export class LockedRuntime implements Workload, WakeScheduling {
  readonly threads: SimThread[];
  readonly runQueue: number[] = [];
  readonly idleMs: SchedulerM[] = [];
  idlePs: number;
  spinning = 0;
  createdMs = 0;

  constructor(
    readonly machine: Machine,
    readonly tasks: WakeTasks,
    readonly costs: SchedulerCosts,
    readonly random: Random,
  ) {
    const { tasks: n, procs } = tasks.config;
    const runnable = tasks.initiallyRunnable();
    const withP = new Set(runnable.slice(0, procs));
    this.idlePs = procs - withP.size;
    const programs = Array.from({ length: n }, (_, i) => new WakeTask(this, i));
    this.threads = taskThreads(machine, programs, withP);
    this.runQueue.push(...runnable.slice(procs));
  }

  /** runtime.ready: onto the run queue, and wakep. */
  wake(task: number, by: SimThread): number {
    this.runQueue.push(task);
    return this.wakep(by);
  }

  /** Wakes an idle M to take an idle P, unless one is already spinning. Returns the waker's cost. */
  wakep(by: SimThread): number {
    if (this.idlePs === 0 || this.spinning > 0) return 0;
    const m = this.idleM(by);
    m.spinning = true;
    this.spinning++;
    return this.machine.post(by, m.thread);
  }

  /**
   * gopark then handoffp: the locked M whose task blocked gives up its P, to a
   * woken M when work waits, else to the idle list; hop 2 wakes it, holding a P.
   */
  parkCost(by: SimThread): number {
    if (this.runQueue.length === 0) {
      this.idlePs++;
      return 0;
    }
    const m = this.idleM(by);
    m.carriesP = true;
    return this.machine.post(by, m.thread);
  }

  private idleM(by: SimThread): SchedulerM {
    const idle = this.idleMs.pop();
    if (idle) return idle;
    const m = new SchedulerM(this);
    m.thread = this.machine.addBlocked(m, by.cpu);
    this.createdMs++;
    return m;
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
      threadsAlive: this.tasks.config.tasks + this.createdMs,
    };
  }
}
