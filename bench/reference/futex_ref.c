/*
 * futex_ref: an independent reference for two schedcost primitives, written
 * from their definitions and sharing no code with native/. The bench compiles
 * it at run time (cc -O2 -pthread) and runs it interleaved with the probes.
 *
 *   futex_ref wake WAKER_CPU SLEEPER_CPU SAMPLES WARMUP GAP_MIN_NS GAP_MAX_NS SEED [WAIT_SLICE_NS]
 *     One-way wake-to-run. The sleeper announces that it is about to block
 *     and blocks in an untimed FUTEX_WAIT; the waker waits for the
 *     announcement, sleeps a gap drawn uniformly from [GAP_MIN_NS,
 *     GAP_MAX_NS] (timer slack 1 ns) so the sleeper is idle that long, reads
 *     CLOCK_MONOTONIC, publishes the word and calls FUTEX_WAKE. The sleeper
 *     reads the clock when FUTEX_WAIT returns.
 *     A wake that found nobody queued in the kernel (FUTEX_WAKE returned 0)
 *     is not a wake-to-run and is excluded (counted as notAsleep).
 *
 *   futex_ref pingpong CPU_A CPU_B SAMPLES WARMUP [WAIT_SLICE_NS]
 *     Two threads pass a token with untimed FUTEX_WAIT/FUTEX_WAKE; a sample is
 *     one round trip measured by the initiator, divided by two.
 *
 * WAIT_SLICE_NS (default 0 = untimed) makes every FUTEX_WAIT time out after
 * that long and wait again: only to show what timed waits alone cost.
 *
 * Prints one JSON object: the nearest-rank median of the kept samples and
 * how many were kept and excluded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long cpu_of[2];
static long samples, warmup, total;
static uint64_t gap_min, gap_max, seed, wait_slice_ns;
static pthread_barrier_t start_line;

static _Atomic uint32_t word, ready, token;
static _Atomic uint64_t wake_stamp;
static uint64_t *result_ns, *idle_ns, *announce_ns;
static int *woken, *cpu_seen_a, *cpu_seen_b;

static uint64_t mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static long sys_futex(_Atomic uint32_t *addr, int op, uint32_t val) {
  struct timespec slice = {(time_t)(wait_slice_ns / 1000000000u), (long)(wait_slice_ns % 1000000000u)};
  const struct timespec *timeout = op == FUTEX_WAIT && wait_slice_ns > 0 ? &slice : NULL;
  return syscall(SYS_futex, (uint32_t *)addr, op | FUTEX_PRIVATE_FLAG, val, timeout, NULL, 0);
}

static void pin_and_line_up(int role) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET((int)cpu_of[role], &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) {
    fprintf(stderr, "futex_ref: cannot pin to CPU %ld: %s\n", cpu_of[role], strerror(errno));
    exit(2);
  }
  pthread_barrier_wait(&start_line);
}

/* xorshift64*: enough for uniform gaps; a different generator from schedcost's. */
static uint64_t next_random(void) {
  seed ^= seed >> 12;
  seed ^= seed << 25;
  seed ^= seed >> 27;
  return seed * 2685821657736338717ull;
}

static void *waker(void *unused) {
  (void)unused;
  pin_and_line_up(0);
  prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
  for (long i = 0; i < total; i++) {
    uint32_t r;
    while ((r = atomic_load(&ready)) != (uint32_t)(i + 1)) sys_futex(&ready, FUTEX_WAIT, r);
    uint64_t gap = gap_min + (gap_max > gap_min ? next_random() % (gap_max - gap_min + 1) : 0);
    struct timespec rq = {(time_t)(gap / 1000000000u), (long)(gap % 1000000000u)};
    while (nanosleep(&rq, &rq) != 0 && errno == EINTR) {
    }
    cpu_seen_a[i] = sched_getcpu();
    uint64_t t = mono_ns();
    idle_ns[i] = t - announce_ns[i];
    atomic_store(&wake_stamp, t);
    atomic_store(&word, (uint32_t)(i + 1));
    woken[i] = (int)sys_futex(&word, FUTEX_WAKE, 1);
  }
  return NULL;
}

static void *sleeper(void *unused) {
  (void)unused;
  pin_and_line_up(1);
  for (long i = 0; i < total; i++) {
    announce_ns[i] = mono_ns();
    atomic_store(&ready, (uint32_t)(i + 1));
    sys_futex(&ready, FUTEX_WAKE, 1);
    while (atomic_load(&word) == (uint32_t)i) sys_futex(&word, FUTEX_WAIT, (uint32_t)i);
    uint64_t t = mono_ns();
    result_ns[i] = t - atomic_load(&wake_stamp);
    cpu_seen_b[i] = sched_getcpu();
  }
  return NULL;
}

static void *initiator(void *unused) {
  (void)unused;
  pin_and_line_up(0);
  for (long i = 0; i < total; i++) {
    uint32_t passed = (uint32_t)(2 * i + 1);
    uint64_t t0 = mono_ns();
    atomic_store(&token, passed);
    sys_futex(&token, FUTEX_WAKE, 1);
    while (atomic_load(&token) == passed) sys_futex(&token, FUTEX_WAIT, passed);
    result_ns[i] = mono_ns() - t0; /* halved when reported */
    cpu_seen_a[i] = sched_getcpu();
  }
  return NULL;
}

static void *responder(void *unused) {
  (void)unused;
  pin_and_line_up(1);
  for (long i = 0; i < total; i++) {
    uint32_t want = (uint32_t)(2 * i + 1), seen;
    while ((seen = atomic_load(&token)) != want) sys_futex(&token, FUTEX_WAIT, seen);
    cpu_seen_b[i] = sched_getcpu();
    atomic_store(&token, want + 1);
    sys_futex(&token, FUTEX_WAKE, 1);
  }
  return NULL;
}

static int by_value(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Nearest-rank median: the smallest value with at least half the samples at or below it. */
static double median_of(uint64_t *v, long n) {
  if (n == 0) return -1;
  qsort(v, (size_t)n, sizeof *v, by_value);
  return (double)v[(n + 1) / 2 - 1];
}

int main(int argc, char **argv) {
  int wake_mode = (argc == 9 || argc == 10) && strcmp(argv[1], "wake") == 0;
  int pingpong_mode = (argc == 6 || argc == 7) && strcmp(argv[1], "pingpong") == 0;
  if (!wake_mode && !pingpong_mode) {
    fprintf(stderr, "usage: futex_ref wake WAKER_CPU SLEEPER_CPU SAMPLES WARMUP GAP_MIN_NS GAP_MAX_NS SEED [WAIT_SLICE_NS]\n"
                    "       futex_ref pingpong CPU_A CPU_B SAMPLES WARMUP [WAIT_SLICE_NS]\n");
    return 2;
  }
  if (argc == (wake_mode ? 10 : 7)) wait_slice_ns = strtoull(argv[argc - 1], NULL, 10);
  cpu_of[0] = atol(argv[2]);
  cpu_of[1] = atol(argv[3]);
  samples = atol(argv[4]);
  warmup = atol(argv[5]);
  if (samples < 1 || warmup < 0) return 2;
  total = samples + warmup;
  if (wake_mode) {
    gap_min = strtoull(argv[6], NULL, 10);
    gap_max = strtoull(argv[7], NULL, 10);
    seed = strtoull(argv[8], NULL, 10) | 1;
  }
  result_ns = calloc((size_t)total, sizeof *result_ns);
  idle_ns = calloc((size_t)total, sizeof *idle_ns);
  announce_ns = calloc((size_t)total, sizeof *announce_ns);
  woken = calloc((size_t)total, sizeof *woken);
  cpu_seen_a = calloc((size_t)total, sizeof *cpu_seen_a);
  cpu_seen_b = calloc((size_t)total, sizeof *cpu_seen_b);
  if (!result_ns || !idle_ns || !announce_ns || !woken || !cpu_seen_a || !cpu_seen_b) return 2;

  pthread_t a, b;
  pthread_barrier_init(&start_line, NULL, 2);
  pthread_create(&a, NULL, wake_mode ? waker : initiator, NULL);
  pthread_create(&b, NULL, wake_mode ? sleeper : responder, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);

  long kept = 0, off_cpu = 0, not_asleep = 0, idle_kept = 0;
  for (long i = warmup; i < total; i++) {
    if (cpu_seen_a[i] != cpu_of[0] || cpu_seen_b[i] != cpu_of[1]) {
      off_cpu++;
    } else if (wake_mode && woken[i] != 1) {
      not_asleep++;
    } else {
      result_ns[kept++] = result_ns[i];
      if (wake_mode) idle_ns[idle_kept++] = idle_ns[i];
    }
  }
  /* Halving after the median is the same as the median of halves (a monotone map). */
  double p50 = median_of(result_ns, kept);
  if (pingpong_mode && kept > 0) p50 /= 2;
  printf("{\"mode\":\"%s\",\"p50Ns\":%.1f,\"kept\":%ld,\"offCpu\":%ld,\"notAsleep\":%ld,\"idleP50Ns\":%.0f}\n",
         argv[1], p50, kept, off_cpu, not_asleep, wake_mode ? median_of(idle_ns, idle_kept) : -1.0);
  return kept > 0 ? 0 : 1;
}
