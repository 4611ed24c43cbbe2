// The wake-heavy workload's tasks, whatever runs them: N tasks pass messages
// as gVisor's task goroutines wake each other through channels on every
// syscall. Pairs: the tasks are paired at random and each pair passes its
// messages back and forth (every send finds the partner blocked: a wake).
// Ring: task i sends to i+1 (tokens that catch up with each other bunch, as
// in any asynchronous pipeline). A task with a message re-
// touches its working set (paying the measured migration penalty when it
// runs on another CPU than last time), computes c, sends one message on and
// blocks when its mailbox is empty. A send to a blocked task is a wake
// through the strategy's path; one to a task that is runnable just queues.
import type { Distribution } from '../model/measuredDistribution.js';
import type { Random } from '../stats/random.js';
import { StreamingHistogram } from './streamingHistogram.js';
import type { SimulatedCosts } from './wakeCosts.js';

export type Pattern = 'ring' | 'pairs';

export interface WakeConfig {
  tasks: number;
  procs: number;
  computeNs: number;
  pattern: Pattern;
  /** Messages in flight per task (at least one in all; pairs: per pair, twice this). */
  messagesPerTask: number;
  /** How long an idle M spins looking for work before it parks. */
  idleSpinNs: number;
}

export class WakeTasks {
  readonly mailbox: Int32Array;
  /** 1 while a task waits for a message (its send to it must wake it). */
  readonly blocked: Uint8Array;
  readonly lastCpu: Int32Array;
  /** When the send that readied a blocked task began; -1: none pending. */
  readonly readiedAtNs: Float64Array;
  readonly wakeToRun = new StreamingHistogram();
  operations = 0;
  migrations = 0;
  /** pairs: each task's partner. */
  private readonly partner: Int32Array;

  constructor(
    readonly config: WakeConfig,
    private readonly random: Random,
    private readonly costs: SimulatedCosts,
    private readonly penalty: Distribution,
  ) {
    const n = config.tasks;
    this.mailbox = new Int32Array(n);
    this.blocked = new Uint8Array(n).fill(1);
    this.lastCpu = new Int32Array(n).fill(-1);
    this.readiedAtNs = new Float64Array(n).fill(-1);
    this.partner = new Int32Array(n);
    if (config.pattern === 'pairs') {
      // A random pairing (Fisher–Yates); with an odd count the last task joins the first pair.
      const order = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (let k = 0; k + 1 < n; k += 2) {
        this.partner[order[k]!] = order[k + 1]!;
        this.partner[order[k + 1]!] = order[k]!;
      }
      if (n % 2 === 1) this.partner[order[n - 1]!] = n > 1 ? order[0]! : order[n - 1]!;
      const perPair = Math.max(1, Math.round(2 * config.messagesPerTask));
      for (let k = 0; k + 1 < n || (n === 1 && k === 0); k += 2) this.post(order[k]!, perPair);
    } else {
      const messages = Math.max(1, Math.min(n, Math.round(n * config.messagesPerTask)));
      for (let k = 0; k < messages; k++) this.post(Math.floor((k * n) / messages), 1);
    }
  }

  private post(task: number, messages: number): void {
    this.mailbox[task]! += messages;
    this.blocked[task] = 0;
  }

  /** Tasks that hold a message at the start. */
  initiallyRunnable(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.config.tasks; i++) if (this.mailbox[i]! > 0) out.push(i);
    return out;
  }

  /** The task starts running on `cpu` at `nowNs`: records its wake-to-run; returns the refill it pays. */
  arrive(task: number, cpu: number, nowNs: number): number {
    const readied = this.readiedAtNs[task]!;
    if (readied >= 0) {
      this.wakeToRun.record(nowNs - readied);
      this.readiedAtNs[task] = -1;
    }
    const last = this.lastCpu[task]!;
    this.lastCpu[task] = cpu;
    if (last < 0 || last === cpu) return 0;
    this.migrations++;
    return this.penalty.draw(this.random) * this.costs.migrationFactor(this.costs.classOf(last, cpu));
  }

  /** Where the task's next message goes. */
  target(task: number): number {
    return this.config.pattern === 'ring' ? (task + 1) % this.config.tasks : this.partner[task]!;
  }

  /** Delivers a message; true when the target was blocked and must now be woken (it is marked readied). */
  deliver(target: number, nowNs: number): boolean {
    this.mailbox[target]!++;
    if (this.blocked[target] === 0) return false;
    this.blocked[target] = 0;
    this.readiedAtNs[target] = nowNs;
    return true;
  }

  /** The task has handled one message; true when it has another. */
  consume(task: number): boolean {
    this.operations++;
    return --this.mailbox[task]! > 0;
  }

  reset(): void {
    this.wakeToRun.clear();
    this.operations = 0;
    this.migrations = 0;
  }
}
