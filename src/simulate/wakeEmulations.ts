// The wake-path emulations' own loops (native/core/strategies/wake_*.cpp)
// on the simulated kernel, so that the simulator can be held against what
// the suite measured: a waker on the first CPU and T on the second, pinned;
// before each wake the waker lets T stay blocked for a random gap; T records
// wake → run, then re-touches its working set. Every handshake the
// emulation makes (T announcing it blocks, the idle worker announcing it
// parked) is a FUTEX_WAKE here too, because it occupies a CPU as it does
// there.
import type { Distribution } from '../model/measuredDistribution.js';
import type { Random } from '../stats/random.js';
import { Probe } from '../catalogue/index.js';
import { Category, type Machine, type Program, type SimThread } from './machine.js';
import { StreamingHistogram } from './streamingHistogram.js';
import type { Workload, WorkloadFigures } from './workload.js';

export interface EmulationConfig {
  strategy: string;
  gapMinNs: number;
  gapMaxNs: number;
  schedulerOnWakerCpu: boolean;
  sliceNs: number;
  idleSpinNs: number;
}

export interface EmulationCosts {
  retouchInPlace: Distribution;
  retouchAfterMove: Distribution;
  pick: Distribution;
  idleSleep: Distribution;
}

const WAKER_CPU = 0,
  HOME_CPU = 1;
/** What a role waits for (the futex words of the emulations). */
const NONE = 0,
  READY = 1,
  PARKED = 2,
  PREPARED = 3,
  DONE = 4,
  WOKEN = 5;

type Step = (thread: SimThread) => void;

/** A thread whose program is a table of named steps. */
class Role implements Program {
  waitingOn = NONE;
  next: Step;
  thread!: SimThread;
  constructor(first: Step) {
    this.next = first;
  }
  step(thread: SimThread): void {
    this.next(thread);
  }
}

export class WakeEmulation implements Workload {
  readonly wakeToRun = new StreamingHistogram();
  samples = 0;
  excluded = 0;
  migrated = 0;
  stolen = 0;
  private wakeStartNs = 0;
  private valid = false;
  /** How often T announced it blocks. */
  private readyCount = 0;
  private readonly waker: Role;
  private readonly task: Role;
  private readonly roles: Role[] = [];

  constructor(
    readonly machine: Machine,
    readonly config: EmulationConfig,
    private readonly costs: EmulationCosts,
    private readonly random: Random,
  ) {
    switch (config.strategy) {
      case Probe.wakeDedicated:
        [this.waker, this.task] = this.dedicated();
        break;
      case Probe.wakeLocked:
        [this.waker, this.task] = this.locked();
        break;
      case Probe.wakeUnlocked:
        [this.waker, this.task] = this.unlocked();
        break;
      default:
        throw new RangeError(`no emulation of ${config.strategy}`);
    }
  }

  private role(first: Step, cpu: number): Role {
    const role = new Role(first);
    role.thread = this.machine.addThread(role, cpu);
    this.machine.start(role.thread, cpu);
    this.roles.push(role);
    return role;
  }

  private gap(): number {
    return this.config.gapMinNs + this.random() * (this.config.gapMaxNs - this.config.gapMinNs);
  }

  /** A FUTEX_WAKE on `condition`: wakes the role if it waits on it; else the call finds nobody. */
  private notify(by: SimThread, role: Role, condition: number): number {
    if (role.waitingOn !== condition) return this.machine.nobodyToWakeNs();
    role.waitingOn = NONE;
    return this.machine.post(by, role.thread);
  }

  private wait(role: Role, condition: number, then: Step): void {
    role.waitingOn = condition;
    role.next = then;
    this.machine.block(role.thread);
  }

  /** The wake of T's own thread (or the scheduler's): excluded when it was not asleep, as the emulation excludes it. */
  private wakeIfAsleep(by: SimThread, target: Role): number {
    this.valid = this.machine.isBlocked(target.thread);
    if (!this.valid) this.excluded++;
    target.waitingOn = NONE;
    return this.machine.post(by, target.thread);
  }

  private record(migrated: boolean, stolen: boolean): void {
    if (!this.valid) return;
    this.wakeToRun.record(this.machine.now - this.wakeStartNs);
    this.samples++;
    if (migrated) this.migrated++;
    if (stolen) this.stolen++;
  }

  /** T (wake_path.cpp blockThenRun): dirty its set, announce it blocks, block; once woken record and re-touch. */
  private taskRole(waker: () => Role): Role {
    const m = this.machine;
    const task: Role = this.role((thread) => dirty(thread), HOME_CPU);
    const dirty: Step = (thread) => {
      task.next = announce;
      m.compute(thread, this.costs.retouchInPlace.draw(this.random), Category.work);
    };
    const announce: Step = (thread) => {
      this.readyCount++;
      task.next = () => this.wait(task, WOKEN, run);
      m.compute(thread, this.notify(thread, waker(), READY), Category.scheduling);
    };
    const run: Step = (thread) => {
      this.record(false, false);
      task.next = dirty;
      m.compute(thread, this.costs.retouchInPlace.draw(this.random), Category.work);
    };
    return task;
  }

  /** wake_dedicated.cpp: the waker FUTEX_WAKEs T's own thread. */
  private dedicated(): [Role, Role] {
    const m = this.machine;
    let seq = 0;
    const waker: Role = this.role((thread) => check(thread), WAKER_CPU);
    const task = this.taskRole(() => waker);
    const check: Step = (thread) => {
      if (this.readyCount <= seq) return this.wait(waker, READY, check);
      waker.next = wake;
      m.sleep(thread, this.gap());
    };
    const wake: Step = (thread) => {
      this.wakeStartNs = m.now;
      seq++;
      waker.next = check;
      m.compute(thread, this.wakeIfAsleep(thread, task), Category.scheduling);
    };
    return [waker, task];
  }

  /** wake_locked.cpp: the waker wakes a scheduler thread (hop 1), which wakes T's thread (hop 2) and parks at once. */
  private locked(): [Role, Role] {
    const m = this.machine;
    let seq = 0;
    const waker: Role = this.role((thread) => awaitReady(thread), WAKER_CPU);
    const scheduler: Role = this.role((thread) => park(thread), this.config.schedulerOnWakerCpu ? WAKER_CPU : HOME_CPU);
    const task = this.taskRole(() => waker);
    const awaitReady: Step = (thread) => {
      if (this.readyCount <= seq) return this.wait(waker, READY, awaitReady);
      waker.next = wake;
      m.sleep(thread, this.gap());
    };
    const wake: Step = (thread) => {
      this.wakeStartNs = m.now;
      seq++;
      waker.next = awaitReady;
      m.compute(thread, this.wakeIfAsleep(thread, scheduler), Category.scheduling); // hop 1
    };
    // The scheduler thread sleeps until hop 1; after hop 2 it parks again, announcing nothing.
    const park: Step = () => this.wait(scheduler, WOKEN, pick);
    const pick: Step = (thread) => {
      scheduler.next = handoff;
      m.compute(thread, this.costs.pick.draw(this.random), Category.scheduling);
    };
    const handoff: Step = (thread) => {
      const valid = this.valid;
      scheduler.next = park;
      m.compute(thread, this.wakeIfAsleep(thread, task), Category.scheduling); // hop 2
      this.valid &&= valid;
    };
    return [waker, task];
  }

  /** wake_unlocked.cpp: T goes on the waker's queue; the waker wakes the parked idle worker, spins its slice, then runs T unless stolen. */
  private unlocked(): [Role, Role] {
    const m = this.machine;
    const PREPARE = 0,
      RUN = 1;
    const homeQueue: number[] = [],
      wakerQueue: number[] = [];
    let seq = 0,
      prepared = 0,
      done = 0,
      parked = 0;
    const home: Role = this.role((thread) => look(thread), HOME_CPU);
    const waker: Role = this.role((thread) => prepare(thread), WAKER_CPU);
    const findWork = () => homeQueue.shift() ?? wakerQueue.shift();
    const wakep = (thread: SimThread): [boolean, number] => {
      if (parked !== 1) return [false, 0];
      parked = 0;
      home.waitingOn = NONE;
      return [true, m.post(thread, home.thread)];
    };
    // The idle worker on T's home CPU: look, spin, sleep, look, park.
    const runJob = (thread: SimThread, job: number) => {
      if (job === PREPARE) {
        home.next = (t) => {
          prepared++;
          home.next = look;
          m.compute(t, this.notify(t, waker, PREPARED), Category.scheduling);
        };
        return m.compute(thread, this.costs.retouchInPlace.draw(this.random), Category.work);
      }
      this.record(false, true);
      home.next = (t) => {
        done++;
        home.next = look;
        m.compute(t, this.notify(t, waker, DONE), Category.scheduling);
      };
      m.compute(thread, this.costs.retouchInPlace.draw(this.random), Category.work);
    };
    const look: Step = (thread) => {
      const job = findWork();
      if (job !== undefined) return runJob(thread, job);
      home.next = lookAfterSpin;
      m.compute(thread, this.config.idleSpinNs, Category.spinning);
    };
    const lookAfterSpin: Step = (thread) => {
      const job = findWork();
      if (job !== undefined) return runJob(thread, job);
      home.next = lookAfterSleep;
      m.sleep(thread, this.costs.idleSleep.draw(this.random));
    };
    const lookAfterSleep: Step = (thread) => {
      const job = findWork();
      if (job !== undefined) return runJob(thread, job);
      parked = 1;
      home.next = parkNow;
      m.compute(thread, this.notify(thread, waker, PARKED), Category.scheduling);
    };
    const parkNow: Step = (thread) => {
      const job = findWork();
      if (job !== undefined) {
        parked = 0;
        return runJob(thread, job);
      }
      this.wait(home, WOKEN, (t) => {
        parked = 0;
        look(t);
      });
    };
    // The waker's worker: prepare T through the idle worker, wait, gap, ready T, spin its slice, run T itself.
    const prepare: Step = (thread) => {
      homeQueue.push(PREPARE);
      waker.next = awaitPrepared;
      m.compute(thread, wakep(thread)[1], Category.scheduling);
    };
    const awaitPrepared: Step = (thread) => {
      if (prepared <= seq) return this.wait(waker, PREPARED, awaitPrepared);
      awaitParked(thread);
    };
    const awaitParked: Step = (thread) => {
      if (parked !== 1) return this.wait(waker, PARKED, awaitParked);
      waker.next = start;
      m.sleep(thread, this.gap());
    };
    const start: Step = (thread) => {
      this.wakeStartNs = m.now;
      wakerQueue.push(RUN);
      const [woke, cost] = wakep(thread);
      this.valid = woke;
      if (!woke) this.excluded++;
      waker.next = sliceOver;
      m.compute(thread, cost, Category.scheduling);
    };
    const sliceOver: Step = (thread) => {
      const remaining = this.wakeStartNs + this.config.sliceNs - m.now;
      waker.next = pop;
      if (remaining > 0) return m.compute(thread, remaining, Category.spinning);
      pop(thread);
    };
    const pop: Step = (thread) => {
      if (wakerQueue.shift() === undefined) return awaitDone(thread);
      this.record(true, false);
      waker.next = (t) => {
        done++;
        awaitDone(t);
      };
      m.compute(thread, this.costs.retouchAfterMove.draw(this.random), Category.migration);
    };
    const awaitDone: Step = (thread) => {
      if (done <= seq) return this.wait(waker, DONE, awaitDone);
      seq++;
      prepare(thread);
    };
    return [waker, home];
  }

  resetStats(): void {
    this.machine.resetStats();
    this.wakeToRun.clear();
    this.samples = 0;
    this.excluded = 0;
    this.migrated = 0;
    this.stolen = 0;
  }

  figures(): WorkloadFigures {
    return {
      operations: this.samples,
      wakeToRun: this.wakeToRun,
      migrations: this.migrated,
      threadsAlive: this.roles.length,
    };
  }
}
