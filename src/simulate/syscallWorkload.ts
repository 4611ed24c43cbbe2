// The syscall-heavy workload, as native/core/strategies/syscall_paths.cpp
// runs it: N task threads loop "compute c, blocking syscall b" and share P
// tokens (GOMAXPROCS, a FIFO pool: a released P goes to the longest waiter
// with a FUTEX_WAKE). The strategies differ in what happens to the P around
// the syscall:
//   hold       kept through the syscall; yielded after a 10 ms slice when others wait
//   handoff    released on entry (handed to a waiter), reacquired on return
//   lazy       marked "in syscall"; sysmon (sleeping its real tick) retakes a P
//              seen in the same syscall at two ticks when others wait; on
//              return the task keeps its P unless it was retaken
//   dedicated  no P: the kernel alone schedules the threads
// Primitives: the syscall's real length, the entry cost and the idle-P
// acquisition measured for the strategy, sysmon's real tick, the pick, and
// every hand-off is a FUTEX_WAKE through the simulated kernel.
import type { Distribution } from '../model/measuredDistribution.js';
import type { Random } from '../stats/random.js';
import { Probe } from '../catalogue/index.js';
import { Category, type Machine, type Program, type SimThread } from './machine.js';
import { StreamingHistogram } from './streamingHistogram.js';
import type { Workload, WorkloadFigures } from './workload.js';

export interface SyscallConfig {
  strategy: string;
  tasks: number;
  procs: number;
  computeNs: number;
  /** A task yields its P after holding it this long while others wait (Go: 10 ms). */
  sliceNs: number;
}

export interface SyscallCosts {
  syscallLength: Distribution;
  entry: Distribution;
  pAcquire: Distribution;
  sysmonTick: Distribution;
  pick: Distribution;
}

const ACQUIRE = 0,
  COMPUTE = 1,
  ENTER = 2,
  SYSCALL = 3,
  RETURN = 4;

class Task implements Program {
  p = -1;
  heldSinceNs = 0;
  next = ACQUIRE;
  returnedAtNs = -1;
  inSyscallWithoutP = false;
  thread!: SimThread;
  constructor(
    private readonly w: SyscallWorkload,
    readonly index: number,
  ) {}

  step(thread: SimThread): void {
    const w = this.w;
    const m = w.machine;
    for (;;) {
      switch (this.next) {
        case ACQUIRE:
          if (w.usesP && this.p < 0) {
            const idle = w.idlePs.pop();
            if (idle === undefined) {
              w.waiters.push(this);
              this.next = COMPUTE; // granted: the granter sets p
              m.block(thread);
              return;
            }
            w.take(this, idle);
            this.next = COMPUTE;
            m.compute(thread, w.costs.pAcquire.draw(w.random), Category.scheduling);
            return;
          }
          this.next = COMPUTE;
          continue;
        case COMPUTE:
          if (this.returnedAtNs >= 0) {
            w.wakeToRun.record(m.now - this.returnedAtNs);
            this.returnedAtNs = -1;
          }
          this.next = ENTER;
          m.compute(thread, w.config.computeNs, Category.work);
          return;
        case ENTER: {
          let cost = w.costs.entry.draw(w.random);
          if (w.strategy === Probe.syscallHandoff) {
            cost += w.release(this, thread);
            this.enterWithoutP();
          } else if (w.strategy === Probe.syscallLazy) {
            w.inSyscall[this.p] = this.index;
            w.enteredNs[this.p] = m.now + cost;
          } else if (w.strategy === Probe.syscallDedicated) {
            this.enterWithoutP();
          }
          this.next = SYSCALL;
          m.compute(thread, cost, Category.scheduling);
          return;
        }
        case SYSCALL:
          this.next = RETURN;
          m.sleep(thread, w.costs.syscallLength.draw(w.random));
          return;
        case RETURN: {
          this.returnedAtNs = thread.readySinceNs;
          w.operations++;
          if (this.inSyscallWithoutP) {
            this.inSyscallWithoutP = false;
            w.withoutP--;
          }
          let cost = 0;
          if (w.strategy === Probe.syscallLazy && this.p >= 0) {
            if (w.inSyscall[this.p] === this.index) w.inSyscall[this.p] = -1;
            else this.p = -1; // retaken while in the syscall
          }
          if (this.p >= 0 && w.waiters.length > 0 && m.now - this.heldSinceNs >= w.config.sliceNs)
            cost += w.release(this, thread); // preempted at the end of its slice
          this.next = ACQUIRE;
          if (cost > 0) {
            m.compute(thread, cost, Category.scheduling);
            return;
          }
          continue;
        }
      }
    }
  }

  private enterWithoutP(): void {
    this.inSyscallWithoutP = true;
    this.w.withoutP++;
    this.w.peakThreads = Math.max(this.w.peakThreads, this.w.holding + this.w.withoutP);
  }
}

/** sysmon: sleeps its real tick, then retakes Ps seen in the same syscall at the previous tick, when others wait. */
class Sysmon implements Program {
  private sleeping = false;
  constructor(private readonly w: SyscallWorkload) {}

  step(thread: SimThread): void {
    const w = this.w,
      m = w.machine;
    if (!this.sleeping) {
      this.sleeping = true;
      m.sleep(thread, w.costs.sysmonTick.draw(w.random));
      return;
    }
    this.sleeping = false;
    let cost = 0;
    for (let p = 0; p < w.config.procs; p++) {
      const holder = w.inSyscall[p]!;
      if (holder < 0) continue;
      if (w.seenEnteredNs[p] !== w.enteredNs[p]) {
        w.seenEnteredNs[p] = w.enteredNs[p]!;
        continue;
      }
      if (w.waiters.length === 0) continue;
      w.inSyscall[p] = -1;
      w.retakes++;
      const task = w.tasks[holder]!;
      task.inSyscallWithoutP = true;
      w.holding--;
      w.withoutP++;
      cost += w.costs.pick.draw(w.random) + w.grant(p, thread);
    }
    m.compute(thread, cost, Category.scheduling);
  }
}

export class SyscallWorkload implements Workload {
  readonly usesP: boolean;
  readonly idlePs: number[] = [];
  readonly waiters: Task[] = [];
  readonly tasks: Task[];
  /** Per P (lazy): the task in a syscall holding it, or -1; when it entered; what sysmon saw last tick. */
  readonly inSyscall: Int32Array;
  readonly enteredNs: Float64Array;
  readonly seenEnteredNs: Float64Array;
  readonly wakeToRun = new StreamingHistogram();
  operations = 0;
  retakes = 0;
  holding = 0;
  withoutP = 0;
  peakThreads = 0;

  constructor(
    readonly machine: Machine,
    readonly config: SyscallConfig,
    readonly costs: SyscallCosts,
    readonly random: Random,
  ) {
    this.usesP = config.strategy !== Probe.syscallDedicated;
    for (let p = config.procs - 1; p >= 0; p--) this.idlePs.push(p);
    this.inSyscall = new Int32Array(config.procs).fill(-1);
    this.enteredNs = new Float64Array(config.procs).fill(-1);
    this.seenEnteredNs = new Float64Array(config.procs).fill(-2);
    this.tasks = Array.from({ length: config.tasks }, (_, i) => new Task(this, i));
    for (const task of this.tasks) {
      task.thread = machine.addThread(task);
      machine.start(task.thread, task.index % machine.cpuCount);
    }
    if (config.strategy === Probe.syscallLazy) machine.start(machine.addThread(new Sysmon(this)), 0);
  }

  get strategy(): string {
    return this.config.strategy;
  }

  take(task: Task, p: number): void {
    task.p = p;
    task.heldSinceNs = this.machine.now;
    this.holding++;
    this.peakThreads = Math.max(this.peakThreads, this.holding + this.withoutP);
  }

  /** The task gives up its P: to the longest waiter (a FUTEX_WAKE, whose cost is returned) or to the idle list. */
  release(task: Task, by: SimThread): number {
    const p = task.p;
    task.p = -1;
    this.holding--;
    return this.grant(p, by);
  }

  grant(p: number, by: SimThread): number {
    const next = this.waiters.shift();
    if (!next) {
      this.idlePs.push(p);
      return 0;
    }
    this.take(next, p);
    return this.machine.wake(by, next.thread);
  }

  resetStats(): void {
    this.machine.resetStats();
    this.wakeToRun.clear();
    this.operations = 0;
    this.retakes = 0;
    this.peakThreads = this.holding + this.withoutP;
  }

  figures(): WorkloadFigures {
    const sysmon = this.config.strategy === Probe.syscallLazy ? 1 : 0;
    return {
      operations: this.operations,
      wakeToRun: this.wakeToRun,
      migrations: this.machine.threadMigrations,
      // Dedicated: a thread per task. Otherwise the Ms Go would need: those holding a P or blocked in a syscall without one.
      threadsAlive: this.usesP ? Math.min(this.config.tasks, this.peakThreads) + sysmon : this.config.tasks,
    };
  }
}
