// The wake workload under the runtime-managed (unlocked) strategy, as Go's
// scheduler runs goroutines: P processors with local run queues, Ms (OS
// threads) that run whichever goroutine their P picks.
//   send to a blocked task T   T goes into the sender's P's runnext (the one
//                              there moves to the queue's tail); wakep():
//                              with an idle P and no M spinning, an idle M
//                              is woken with a FUTEX_WAKE (a new M if none)
//   the sender's task blocks   its M picks the next goroutine: runnext first,
//                              so T runs on the sender's CPU (T migrates and
//                              refills its working set there)
//   a woken (spinning) M       takes an idle P and steals queued work from
//                              another P (runnext too, at once, as the
//                              emulation's idle worker does; Go waits 3 µs);
//                              with none it spins, then gives up its P and parks
// A scheduling decision costs the measured pick; a scan over Ps a pick each.
import type { Random } from '../stats/random.js';
import { Category, type Machine, type Program, type SimThread } from './machine.js';
import type { SchedulerCosts } from './wakeLocked.js';
import type { WakeTasks } from './wakeWorkload.js';
import type { Workload, WorkloadFigures } from './workload.js';

const SCHEDULE = 0,
  START = 1,
  WORK = 2,
  SEND = 3,
  AFTER = 4,
  SPUN = 5;

class M implements Program {
  p = -1;
  task = -1;
  spinning = false;
  next = SCHEDULE;
  thread!: SimThread;
  constructor(private readonly rt: UnlockedRuntime) {}

  step(thread: SimThread): void {
    const rt = this.rt,
      m = rt.machine,
      tasks = rt.tasks;
    for (;;) {
      switch (this.next) {
        case SCHEDULE:
        case SPUN: {
          let cost = 0;
          if (this.p < 0) {
            const p = rt.idlePs.pop();
            if (p === undefined) return this.park(thread);
            this.p = p;
            cost += rt.costs.pAcquire.draw(rt.random);
          }
          const found = rt.take(this.p);
          const task = found >= 0 ? found : rt.steal(this.p);
          cost += rt.costs.pick.draw(rt.random) * (found >= 0 ? 1 : rt.lastScan);
          if (task >= 0) {
            if (this.spinning) {
              this.spinning = false;
              rt.spinning--;
              if (rt.queued > 0) cost += rt.wakep(thread);
            }
            this.task = task;
            this.next = START;
            return m.compute(thread, cost, Category.scheduling);
          }
          if (this.next === SCHEDULE) {
            this.next = SPUN;
            return m.compute(thread, cost + tasks.config.idleSpinNs, Category.spinning);
          }
          rt.idlePs.push(this.p);
          this.p = -1;
          return this.park(thread);
        }
        case START: {
          const penalty = tasks.arrive(this.task, thread.cpu, m.now);
          this.next = WORK;
          if (penalty > 0) return m.compute(thread, penalty, Category.migration);
          continue;
        }
        case WORK:
          this.next = SEND;
          return m.compute(thread, tasks.config.computeNs, Category.work);
        case SEND: {
          const target = tasks.target(this.task);
          const cost = tasks.deliver(target, m.now) ? rt.ready(target, this.p, thread) : 0;
          tasks.consume(this.task);
          this.next = AFTER;
          return m.compute(thread, cost, Category.scheduling);
        }
        case AFTER:
          if (tasks.mailbox[this.task]! > 0) {
            this.next = START;
            continue;
          }
          tasks.blocked[this.task] = 1;
          this.task = -1;
          this.next = SCHEDULE;
          continue;
      }
    }
  }

  private park(thread: SimThread): void {
    if (this.spinning) {
      this.spinning = false;
      this.rt.spinning--;
    }
    this.rt.idleMs.push(this);
    this.next = SCHEDULE;
    this.rt.machine.block(thread);
  }
}

export class UnlockedRuntime implements Workload {
  readonly runnext: Int32Array;
  readonly queues: number[][];
  readonly idlePs: number[] = [];
  readonly idleMs: M[] = [];
  /** Goroutines waiting in any P's runnext or queue. */
  queued = 0;
  spinning = 0;
  createdMs = 0;
  /** How many Ps the last steal looked at. */
  lastScan = 0;

  constructor(
    readonly machine: Machine,
    readonly tasks: WakeTasks,
    readonly costs: SchedulerCosts,
    readonly random: Random,
  ) {
    const procs = tasks.config.procs;
    this.runnext = new Int32Array(procs).fill(-1);
    this.queues = Array.from({ length: procs }, () => []);
    tasks.initiallyRunnable().forEach((task, k) => {
      this.queues[k % procs]!.push(task);
      this.queued++;
    });
    for (let p = 0; p < procs; p++) {
      const m = new M(this);
      m.p = p;
      m.thread = machine.addThread(m);
      machine.start(m.thread, p % machine.cpuCount);
      this.createdMs++;
    }
  }

  /** runtime.ready: into the P's runnext, and wakep. Returns the sender's cost. */
  ready(task: number, p: number, by: SimThread): number {
    const previous = this.runnext[p]!;
    if (previous >= 0) this.queues[p]!.push(previous);
    this.runnext[p] = task;
    this.queued++;
    return this.wakep(by);
  }

  wakep(by: SimThread): number {
    if (this.idlePs.length === 0 || this.spinning > 0) return 0;
    let m = this.idleMs.pop();
    if (!m) {
      m = new M(this);
      m.thread = this.machine.addBlocked(m, by.cpu);
      this.createdMs++;
    }
    m.spinning = true;
    this.spinning++;
    return this.machine.post(by, m.thread);
  }

  /** The P's own next goroutine: runnext, then its queue. */
  take(p: number): number {
    const next = this.runnext[p]!;
    if (next >= 0) {
      this.runnext[p] = -1;
      this.queued--;
      return next;
    }
    const task = this.queues[p]!.shift();
    if (task === undefined) return -1;
    this.queued--;
    return task;
  }

  /** One goroutine from another P, looking at Ps from a random one; every P when nothing is queued. */
  steal(p: number): number {
    const procs = this.runnext.length;
    if (this.queued === 0) {
      this.lastScan = procs;
      return -1;
    }
    const start = Math.floor(this.random() * procs);
    for (let k = 0; k < procs; k++) {
      const victim = (start + k) % procs;
      if (victim === p) continue;
      const queue = this.queues[victim]!;
      let task: number;
      if (queue.length > 0) task = queue.shift()!;
      else {
        task = this.runnext[victim]!;
        if (task < 0) continue;
        this.runnext[victim] = -1;
      }
      this.queued--;
      this.lastScan = k + 1;
      return task;
    }
    this.lastScan = procs;
    return -1;
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
      threadsAlive: this.createdMs,
    };
  }
}
