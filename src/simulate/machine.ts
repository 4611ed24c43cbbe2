// The simulated kernel: C CPUs, OS threads on them, and the costs of moving
// between them. A thread's program (a strategy's code) runs in steps; each
// step ends by computing for a while, blocking, or sleeping. Wakes follow the
// measured primitives: the waker pays the FUTEX_WAKE's cost, the woken thread
// arrives on the CPU the kernel picks after the measured wake latency for
// that pair of CPUs, and runs once the CPU is free. A woken thread does not
// preempt the running one (wake/locked's same-CPU hop shows it waiting for
// the scheduler thread to park); it waits for it to block or for its time
// slice to end.
import { EventQueue } from './eventQueue.js';

/** What a thread's CPU time is spent on. */
export const Category = { work: 0, migration: 1, scheduling: 2, spinning: 3 } as const;
export type CategoryIndex = (typeof Category)[keyof typeof Category];

const ThreadState = { created: 0, blocked: 1, arriving: 2, queued: 3, running: 4, sleeping: 5 } as const;
type State = (typeof ThreadState)[keyof typeof ThreadState];

const SEGMENT_END = 0,
  ARRIVE = 1,
  TIMER = 2,
  SLICE_END = 3,
  START = 4;

/** A strategy's code on one thread: called when the thread runs and its last action is over. */
export interface Program {
  step(thread: SimThread): void;
}

export class SimThread {
  state: State = ThreadState.created;
  /** The CPU it runs or queues on, or will arrive on. */
  cpu = -1;
  /** The CPU it last ran on. */
  lastCpu = -1;
  epoch = 0;
  segmentStartNs = 0;
  segmentEndNs = 0;
  segmentCategory: CategoryIndex = Category.work;
  inSegment = false;
  /** What is left of a segment a time slice interrupted; negative: none. */
  remainingNs = -1;
  /** When it last became runnable (a wake arrived, a timer fired). */
  readySinceNs = 0;
  /** A wake came while it was not blocked yet: its next block returns at once (the futex word changed). */
  posted = false;
  constructor(
    readonly id: number,
    readonly program: Program,
    /** The CPU it is pinned to, or -1 when the kernel places it. */
    readonly pinnedCpu: number,
  ) {}
}

/** What a wake costs between two CPUs: the topology and the measured distributions behind it. */
export interface WakeCosts {
  /** 0: the same CPU; otherwise a distance class of the topology. */
  classOf(fromCpu: number, toCpu: number): number;
  /** The last-level cache domain in which the kernel looks for an idle CPU. */
  llcOf(cpu: number): number;
  /** Wake → run of a thread woken across `klass` onto a CPU idle for `idleNs` (0: busy). */
  latencyNs(klass: number, idleNs: number): number;
  /** The waker's cost of the FUTEX_WAKE. */
  wakerCostNs(klass: number): number;
  /** A FUTEX_WAKE that finds no waiter. */
  noWaiterCostNs(): number;
}

class Cpu {
  running: SimThread | null = null;
  readonly queue: SimThread[] = [];
  idleSinceNs = 0;
  incoming = 0;
  sliceArmed = false;
  sliceEpoch = 0;
  runningSinceNs = 0;
  busyNs = 0;
  idleSlot = -1;
  constructor(
    readonly index: number,
    readonly llc: number,
  ) {}
}

export class Machine {
  now = 0;
  events = 0;
  /** CPU time by category since the last reset. */
  readonly cpuTimeNs = new Float64Array(4);
  futexWakes = 0;
  /** Times a thread ran on another CPU than the one it last ran on. */
  threadMigrations = 0;
  statsSinceNs = 0;
  readonly threads: SimThread[] = [];
  private readonly cpus: Cpu[];
  private readonly idleByLlc: number[][];
  private readonly queue = new EventQueue();

  constructor(
    readonly cpuCount: number,
    private readonly costs: WakeCosts,
    /** How long a thread runs while others wait for its CPU (the kernel's time slice). */
    private readonly sliceNs: number,
  ) {
    this.cpus = Array.from({ length: cpuCount }, (_, i) => new Cpu(i, costs.llcOf(i)));
    const llcs = Math.max(...this.cpus.map((c) => c.llc)) + 1;
    this.idleByLlc = Array.from({ length: llcs }, () => []);
    for (const cpu of this.cpus) this.refreshIdle(cpu);
  }

  get pendingEvents(): number {
    return this.queue.size;
  }

  /** Slots the agenda has allocated: bounded by the threads and CPUs, not by the events run. */
  get agendaCapacity(): number {
    return this.queue.capacity;
  }

  addThread(program: Program, pinnedCpu = -1): SimThread {
    const thread = new SimThread(this.threads.length, program, pinnedCpu);
    this.threads.push(thread);
    return thread;
  }

  /** A thread that exists blocked (an idle M parked on its futex), as if it last ran on `lastCpu`. */
  addBlocked(program: Program, lastCpu: number, pinnedCpu = -1): SimThread {
    const thread = this.addThread(program, pinnedCpu);
    thread.state = ThreadState.blocked;
    thread.lastCpu = pinnedCpu >= 0 ? pinnedCpu : lastCpu;
    return thread;
  }

  /** Makes a new thread runnable on `cpu` at `atNs`. */
  start(thread: SimThread, cpu: number, atNs = this.now): void {
    thread.state = ThreadState.arriving;
    thread.cpu = thread.pinnedCpu >= 0 ? thread.pinnedCpu : cpu;
    this.cpus[thread.cpu]!.incoming++;
    this.refreshIdle(this.cpus[thread.cpu]!);
    this.queue.push(atNs, ARRIVE, thread.id, thread.epoch);
  }

  /** The running thread computes for `ns`, then takes its next step. */
  compute(thread: SimThread, ns: number, category: CategoryIndex): void {
    thread.inSegment = true;
    thread.segmentStartNs = this.now;
    thread.segmentEndNs = this.now + Math.max(0, ns);
    thread.segmentCategory = category;
    this.queue.push(thread.segmentEndNs, SEGMENT_END, thread.id, thread.epoch);
  }

  /** The running thread blocks (FUTEX_WAIT) until a wake; with a wake already posted it goes on at once. */
  block(thread: SimThread): void {
    if (thread.posted) {
      thread.posted = false;
      this.queue.push(this.now, START, thread.id, thread.epoch);
      return;
    }
    this.leaveCpu(thread, ThreadState.blocked);
  }

  /** The running thread sleeps in the kernel for `ns` (a timer wakes it where the kernel places it). */
  sleep(thread: SimThread, ns: number): void {
    this.leaveCpu(thread, ThreadState.sleeping);
    this.queue.push(this.now + Math.max(0, ns), TIMER, thread.id, thread.epoch);
  }

  isBlocked(thread: SimThread): boolean {
    return thread.state === ThreadState.blocked;
  }

  /**
   * FUTEX_WAKE of a blocked thread by a running one. Returns the waker's
   * cost, which the waker spends before its next step.
   */
  wake(waker: SimThread, target: SimThread): number {
    if (target.state !== ThreadState.blocked) throw new Error(`thread ${target.id} is not blocked`);
    const to = this.select(target, waker.cpu);
    const cpu = this.cpus[to]!;
    const klass = this.costs.classOf(waker.cpu, to);
    const idleNs = cpu.running === null && cpu.queue.length === 0 ? this.now - cpu.idleSinceNs : 0;
    target.state = ThreadState.arriving;
    target.cpu = to;
    cpu.incoming++;
    this.refreshIdle(cpu);
    this.queue.push(this.now + this.costs.latencyNs(klass, idleNs), ARRIVE, target.id, target.epoch);
    this.futexWakes++;
    return this.costs.wakerCostNs(klass);
  }

  /**
   * Wakes a thread that waits or is about to wait: a FUTEX_WAKE if it is
   * blocked, otherwise the wake is posted (its next block returns at once)
   * and costs what a FUTEX_WAKE without a waiter costs.
   */
  post(waker: SimThread, target: SimThread): number {
    if (target.state === ThreadState.blocked) return this.wake(waker, target);
    target.posted = true;
    return this.costs.noWaiterCostNs();
  }

  /** What a FUTEX_WAKE that finds nobody costs the caller. */
  nobodyToWakeNs(): number {
    return this.costs.noWaiterCostNs();
  }

  /** Runs events until `maxEvents` more have run or none is left; returns how many ran. */
  run(maxEvents: number): number {
    const q = this.queue;
    let ran = 0;
    while (ran < maxEvents && q.pop()) {
      ran++;
      this.now = q.time;
      const subject = q.subject;
      switch (q.kind) {
        case SEGMENT_END: {
          const thread = this.threads[subject]!;
          if (thread.epoch !== q.epoch || !thread.inSegment) break;
          this.account(thread, thread.segmentEndNs - thread.segmentStartNs);
          thread.inSegment = false;
          thread.remainingNs = -1;
          thread.program.step(thread);
          break;
        }
        case ARRIVE: {
          const thread = this.threads[subject]!;
          if (thread.epoch !== q.epoch) break;
          const cpu = this.cpus[thread.cpu]!;
          cpu.incoming--;
          this.enqueueOrRun(thread, cpu);
          break;
        }
        case TIMER: {
          const thread = this.threads[subject]!;
          if (thread.epoch !== q.epoch) break;
          thread.cpu = this.select(thread, thread.lastCpu);
          this.enqueueOrRun(thread, this.cpus[thread.cpu]!);
          break;
        }
        case SLICE_END: {
          const cpu = this.cpus[subject]!;
          if (cpu.sliceEpoch !== q.epoch) break;
          cpu.sliceArmed = false;
          if (cpu.running && cpu.queue.length > 0) this.preempt(cpu);
          break;
        }
        case START: {
          const thread = this.threads[subject]!;
          if (thread.epoch !== q.epoch) break;
          this.begin(thread);
          break;
        }
      }
    }
    this.events += ran;
    return ran;
  }

  /** Starts the statistics afresh (after a warm-up). */
  resetStats(): void {
    this.cpuTimeNs.fill(0);
    this.futexWakes = 0;
    this.threadMigrations = 0;
    this.statsSinceNs = this.now;
    for (const cpu of this.cpus) cpu.busyNs = 0;
  }

  /** Busy CPU time over available CPU time since the last reset. */
  utilization(): number {
    const span = (this.now - this.statsSinceNs) * this.cpuCount;
    return span > 0 ? this.cpus.reduce((n, c) => n + c.busyNs, 0) / span : 0;
  }

  /** Where the kernel puts a woken thread: pinned; its last CPU if idle; an idle CPU of that LLC; else its last CPU. */
  private select(thread: SimThread, fallbackCpu: number): number {
    if (thread.pinnedCpu >= 0) return thread.pinnedCpu;
    const previous = thread.lastCpu >= 0 ? thread.lastCpu : Math.max(0, fallbackCpu);
    const cpu = this.cpus[previous]!;
    if (cpu.idleSlot >= 0) return previous;
    const idle = this.idleByLlc[cpu.llc]!;
    return idle.length > 0 ? idle[idle.length - 1]! : previous;
  }

  private enqueueOrRun(thread: SimThread, cpu: Cpu): void {
    thread.readySinceNs = this.now;
    if (cpu.running === null) {
      this.occupy(cpu, thread);
      this.begin(thread);
    } else {
      thread.state = ThreadState.queued;
      cpu.queue.push(thread);
      this.armSlice(cpu);
    }
    this.refreshIdle(cpu);
  }

  private occupy(cpu: Cpu, thread: SimThread): void {
    cpu.running = thread;
    cpu.runningSinceNs = this.now;
    thread.state = ThreadState.running;
    thread.cpu = cpu.index;
    if (thread.lastCpu >= 0 && thread.lastCpu !== cpu.index) this.threadMigrations++;
    thread.lastCpu = cpu.index;
    // A new slice: the previous thread's expiry no longer applies.
    cpu.sliceArmed = false;
    cpu.sliceEpoch++;
    if (cpu.queue.length > 0) this.armSlice(cpu);
  }

  /** The thread, now on its CPU, resumes an interrupted segment or takes its next step. */
  private begin(thread: SimThread): void {
    if (thread.remainingNs >= 0) {
      const remaining = thread.remainingNs;
      thread.remainingNs = -1;
      this.compute(thread, remaining, thread.segmentCategory);
    } else {
      thread.program.step(thread);
    }
  }

  private leaveCpu(thread: SimThread, state: State): void {
    const cpu = this.cpus[thread.cpu]!;
    if (cpu.running !== thread) throw new Error(`thread ${thread.id} is not running`);
    thread.state = state;
    thread.epoch++;
    cpu.running = null;
    this.dispatchNext(cpu);
  }

  /** The next queued thread takes the CPU (its step runs as an event of its own: no recursion). */
  private dispatchNext(cpu: Cpu): void {
    const next = cpu.queue.shift();
    if (next) {
      this.occupy(cpu, next);
      this.queue.push(this.now, START, next.id, next.epoch);
    } else {
      cpu.idleSinceNs = this.now;
    }
    this.refreshIdle(cpu);
  }

  private preempt(cpu: Cpu): void {
    const thread = cpu.running!;
    if (thread.inSegment) {
      this.account(thread, this.now - thread.segmentStartNs);
      thread.remainingNs = thread.segmentEndNs - this.now;
      thread.inSegment = false;
    }
    thread.epoch++;
    thread.state = ThreadState.queued;
    cpu.queue.push(thread);
    cpu.running = null;
    this.dispatchNext(cpu);
  }

  private armSlice(cpu: Cpu): void {
    if (cpu.sliceArmed) return;
    cpu.sliceArmed = true;
    cpu.sliceEpoch++;
    this.queue.push(Math.max(this.now, cpu.runningSinceNs + this.sliceNs), SLICE_END, cpu.index, cpu.sliceEpoch);
  }

  private account(thread: SimThread, ns: number): void {
    if (thread.segmentEndNs <= this.statsSinceNs) return;
    this.cpuTimeNs[thread.segmentCategory]! += ns;
    this.cpus[thread.cpu]!.busyNs += ns;
  }

  private refreshIdle(cpu: Cpu): void {
    const idle = cpu.running === null && cpu.queue.length === 0 && cpu.incoming === 0;
    const list = this.idleByLlc[cpu.llc]!;
    if (idle && cpu.idleSlot < 0) {
      cpu.idleSlot = list.length;
      list.push(cpu.index);
    } else if (!idle && cpu.idleSlot >= 0) {
      const last = list.pop()!;
      if (last !== cpu.index) {
        list[cpu.idleSlot] = last;
        this.cpus[last]!.idleSlot = cpu.idleSlot;
      }
      cpu.idleSlot = -1;
    }
  }
}
