// The claims of the DedicateOSThread proposal that schedcost judges, by id.
export const CLAIM_STATEMENTS: Record<number, string> = {
  1: 'LockOSThread wakeups cost an extra FUTEX_WAKE and round of kernel scheduling compared with a dedicated thread.',
  2: 'DedicateOSThread wakes T on its own CPU, without migration or cache refill.',
  3: 'Unlocked wakes migrate T to the waker’s core, where it loses its cache.',
  4: 'The unblocking P often cannot run the woken G at once, so another P steals it.',
  5: 'entersyscallblock adds latency on syscall entry (handing off the P, often with a FUTEX_WAKE) and exit (P acquisition).',
  6: 'sysmon retakes a P from a syscall only after a 20 µs delay.',
  7: 'Holding the P through syscalls limits concurrency to GOMAXPROCS.',
  8: 'Preemption driven by a signal is slower than the kernel’s own scheduling.',
};
