// The claims of the DedicateOSThread proposal that schedcost judges. Each is
// an experiment: a hypothesis in measurable terms, the quantity measured, and
// a decision rule with the reason for every threshold. The judges
// (src/model/claims/) apply the rules; reports print the rule beside the verdict.

export interface ClaimSpec {
  id: number;
  /** The proposal's words. */
  statement: string;
  /** What would be true of the measurements if the claim holds. */
  hypothesis: string;
  /** The effect measured, with its interval over trials. */
  quantity: string;
  /** How the verdict follows from the effect, with the reason for each threshold. */
  rule: string;
}

export const CLAIMS: readonly ClaimSpec[] = [
  {
    id: 1,
    statement:
      'LockOSThread wakeups cost an extra FUTEX_WAKE and round of kernel scheduling compared with a dedicated thread.',
    hypothesis: 'a locked wakeup takes longer than a dedicated one, by about one same-CPU wake and switch',
    quantity:
      "the real Go runtime's locked-receiver channel wake (the sender parks; GOMAXPROCS as many as the CPUs) − one cross-CPU futex wake (what a dedicated thread's wake takes), p50, Go's rounds against the run's trials, difference and 95% Welch interval; beside it, the Go process's voluntary context switches per wakeup, locked against unlocked (its rounds of scheduling)",
    rule: 'confirmed when the interval lies above 0 and its upper end reaches half of one same-CPU futex wake measured in the same run (an extra wake costs at least that unless it overlaps the first); qualified when it lies above 0 but below that; refuted when it lies at or below 0; inconclusive otherwise, and when no same-CPU wake sizes the extra. Without the runtime: not judged (the emulated locked path is the dedicated one plus a second wake by construction); its locked − dedicated difference is shown',
  },
  {
    id: 2,
    statement: 'DedicateOSThread wakes T on its own CPU, without migration or cache refill.',
    hypothesis:
      'an unpinned T woken from another CPU runs where it last ran, not where the waker is, even when another thread is runnable there',
    quantity:
      "fraction of wakeups in which an unpinned T ran on its previous CPU, per trial, median and interval; with the waker's CPU idle and busy, and T's previous CPU free or busy with another runnable thread",
    rule: "confirmed when the interval's lower end is at least 0.9 in all four cases (the kernel's wake_affine pulls a wakee to the waker's CPU only in a minority of cases); refuted when the upper end is below 0.5 with T's CPU free (most wakeups migrate T even then); qualified when it holds with T's CPU free but not with it busy (or in one of the free cases only); inconclusive otherwise, and when the busy case was not measured",
  },
  {
    id: 3,
    statement: 'Unlocked wakes migrate T to the waker’s core, where it loses its cache.',
    hypothesis:
      'an unlocked receiver woken by a goroutine on another P runs on another CPU than the one it blocked on in most wakeups, whatever the waker does next, and re-touches its working set slower there',
    quantity:
      "the real Go runtime's unlocked receiver (GOMAXPROCS 2, its sender on the other P keeps running for a slice of 20 µs to 10 ms, then yields): per round, the fraction of wakeups in which it ran on another CPU than the one it blocked on, at each slice; its 256 KiB working set's re-touch after a move − after a stay, within one slice, per round; the crossover slice (below it the receiver moves in most wakeups); median and interval over rounds",
    rule: 'confirmed when the moved fraction’s interval lies above 0.5 at every slice and the re-touch difference’s above 0; qualified when it lies above 0.5 at the shortest slice and below 0.5 at the longest (the receiver moves only while the sender yields before another P steals it: the crossover says when) and the re-touch difference lies above 0; refuted when the moved fraction lies below 0.5 at every slice, or the re-touch difference at or below 0 (a move costs nothing); inconclusive otherwise, and when too few rounds saw both moves and stays at one slice. Without the runtime: not judged (every emulated wakeup is migrated or stolen: the direction is claim 4’s read backwards); its migrated fraction, crossover and refill are shown',
  },
  {
    id: 4,
    statement: 'The unblocking P often cannot run the woken G at once, so another P steals it.',
    hypothesis: 'while the waker keeps running, another P steals the woken goroutine in most wakeups',
    quantity:
      "the real Go runtime's unlocked receiver at the longest slice (the sender keeps running 10 ms, Go's preemption slice): per round, the fraction of wakeups in which a thread other than the sender's ran it (another P stole it), median and interval over rounds; the steal's latency beside",
    rule: "confirmed when its interval lies above 0.5 ('often': most wakeups); refuted when it lies below 0.5; inconclusive otherwise. Without the runtime: not judged (the emulation's idle worker steals T as soon as its own wake completes; every kept wakeup is stolen or migrated); its stolen fraction per slice is shown",
  },
  {
    id: 5,
    statement:
      'entersyscallblock adds latency on syscall entry (handing off the P, often with a FUTEX_WAKE) and exit (P acquisition).',
    hypothesis:
      'handing the P off on entry costs about a FUTEX_WAKE in most entries, and acquiring one on exit a wait to be woken, over holding the P',
    quantity:
      "the real Go runtime, 4 goroutines on 1 P around a 50 µs nanosleep: entersyscallblock − RawSyscall mean entry (the clock before the runtime is told → as the call is issued) and exitsyscall − RawSyscall mean exit (as it returned → a P held), paired by round, median and interval over rounds; the entry against one cross-CPU FUTEX_WAKE's waker cost, the exit against one cross-CPU wake's latency, both of the same run",
    rule: 'each half holds when its whole interval reaches half of its FUTEX_WAKE figure (a hand-off that wakes a thread in at least half the entries costs half a waker cost on average; a P that is not idle is acquired by being woken), and fails when its interval lies below that: confirmed when both hold, refuted when both fail (the P is mostly idle: no wake on entry, no wait on exit), qualified when one holds and the other fails; inconclusive otherwise, and when no FUTEX_WAKE sizes them. Without the runtime: not judged (the emulated hand-off releases the P with a FUTEX_WAKE where hold does nothing, and 4 tasks on 1 P must wait for it); its magnitudes are shown in units of one FUTEX_WAKE',
  },
  {
    id: 6,
    statement: 'sysmon retakes a P from a syscall only after a 20 µs delay.',
    hypothesis: 'a P left in a blocking syscall is retaken 20 to 40 µs after the syscall began',
    quantity:
      "the real Go runtime's retake delay p50 per round (a goroutine sleeps 500 µs in a syscall, another waits for the P), median and interval; without the runtime, the emulation's per trial; with sysmon's 20 µs sleep as this host really sleeps it, measured in the same run",
    rule: 'confirmed when the interval lies within 10–40 µs (one to two 20 µs ticks: Go retakes at the tick after the one that saw the syscall; 10 µs allows a tick already under way); qualified when it lies above 40 µs (retakes happen, later than the claim says); refuted when no P is retaken although tasks wait, or when it lies below 10 µs; inconclusive otherwise',
  },
  {
    id: 7,
    statement: 'Holding the P through syscalls limits concurrency to GOMAXPROCS.',
    hypothesis: 'with more goroutines than Ps, keeping the P through a syscall costs throughput against letting it go',
    quantity:
      "the real Go runtime's RawSyscall / Syscall throughput with 4 goroutines on 1 P, paired by round, median and interval, at each syscall length measured (50 µs and 1 ms)",
    rule: 'confirmed when the interval lies below 0.9 at every length (a 10% loss: above the throughput noise); qualified when it does at some lengths and lies above 0.9 at the others (holding costs throughput only for syscalls that outlast sysmon’s retake: below that Syscall keeps the P too); refuted when it lies above 0.9 at every length; inconclusive otherwise. Without the runtime: not judged (the emulated hold is a semaphore of P tokens); its hold / dedicated ratio and the model’s bound are shown',
  },
  {
    id: 8,
    statement: 'Preemption driven by a signal is slower than the kernel’s own scheduling.',
    hypothesis:
      'from the same CPU to the same spinning target, a signal reaches its handler later than the kernel preempts the spinner for a woken thread',
    quantity:
      'signal delivery − wakeup preemption p50, per trial, same sender and target CPUs, measured alternately in one probe run, every thread SCHED_OTHER (the SCHED_FIFO wakee is measured apart and shown)',
    rule: 'confirmed when the interval lies above 0; refuted when it lies at or below 0; inconclusive otherwise, and when only the SCHED_FIFO wakee was measured (not like for like: the spinner runs SCHED_OTHER)',
  },
];

export function claimSpec(id: number): ClaimSpec {
  const spec = CLAIMS.find((c) => c.id === id);
  if (!spec) throw new RangeError(`no claim ${id}`);
  return spec;
}
