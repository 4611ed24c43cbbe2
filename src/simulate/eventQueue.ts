// The simulation's agenda: a binary min-heap of events in parallel typed
// arrays (no object per event). Ties in time pop in insertion order, so a
// seeded simulation is reproducible. Its size is bounded by the pending
// events (about one per thread and CPU), not by how many have been run.

export class EventQueue {
  private times = new Float64Array(1024);
  private order = new Float64Array(1024);
  private kinds = new Uint8Array(1024);
  private subjects = new Int32Array(1024);
  private epochs = new Int32Array(1024);
  private length = 0;
  private inserted = 0;

  // The event popped last.
  time = 0;
  kind = 0;
  subject = 0;
  epoch = 0;

  get size(): number {
    return this.length;
  }

  get capacity(): number {
    return this.times.length;
  }

  push(time: number, kind: number, subject: number, epoch: number): void {
    if (this.length === this.times.length) this.grow();
    let i = this.length++;
    const seq = this.inserted++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(time, seq, parent)) break;
      this.copy(parent, i);
      i = parent;
    }
    this.set(i, time, seq, kind, subject, epoch);
  }

  /** Pops the earliest event into time/kind/subject/epoch; false when empty. */
  pop(): boolean {
    if (this.length === 0) return false;
    this.time = this.times[0]!;
    this.kind = this.kinds[0]!;
    this.subject = this.subjects[0]!;
    this.epoch = this.epochs[0]!;
    const last = --this.length;
    if (last > 0) {
      const time = this.times[last]!,
        seq = this.order[last]!,
        kind = this.kinds[last]!,
        subject = this.subjects[last]!,
        epoch = this.epochs[last]!;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= last) break;
        const right = left + 1;
        const child = right < last && this.before(this.times[right]!, this.order[right]!, left) ? right : left;
        if (!this.before(this.times[child]!, this.order[child]!, i, time, seq)) break;
        this.copy(child, i);
        i = child;
      }
      this.set(i, time, seq, kind, subject, epoch);
    }
    return true;
  }

  /** (time, seq) earlier than slot j's, or than the given (time, seq) when j is a free slot. */
  private before(time: number, seq: number, j: number, jTime = this.times[j]!, jSeq = this.order[j]!): boolean {
    return time < jTime || (time === jTime && seq < jSeq);
  }

  private copy(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.order[to] = this.order[from]!;
    this.kinds[to] = this.kinds[from]!;
    this.subjects[to] = this.subjects[from]!;
    this.epochs[to] = this.epochs[from]!;
  }

  private set(i: number, time: number, seq: number, kind: number, subject: number, epoch: number): void {
    this.times[i] = time;
    this.order[i] = seq;
    this.kinds[i] = kind;
    this.subjects[i] = subject;
    this.epochs[i] = epoch;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const grown = <T extends Float64Array | Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.times = grown(this.times, (k) => new Float64Array(k));
    this.order = grown(this.order, (k) => new Float64Array(k));
    this.kinds = grown(this.kinds, (k) => new Uint8Array(k));
    this.subjects = grown(this.subjects, (k) => new Int32Array(k));
    this.epochs = grown(this.epochs, (k) => new Int32Array(k));
  }
}
