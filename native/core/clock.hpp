// Monotonic clock used by every timed interval. Read on the thread that
// observes the event; CLOCK_MONOTONIC is system-wide, so a timestamp taken on
// one CPU can be subtracted from one taken on another.
#pragma once
#include <cstdint>
#include <ctime>

namespace schedcost {

inline uint64_t nowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

// Keeps the compiler from moving memory accesses across this point or
// deleting a computation whose result is only "used" here.
inline void compilerBarrier() {
  asm volatile("" ::: "memory");
}

template <typename T>
inline void doNotOptimize(const T& value) {
  asm volatile("" : : "r,m"(value) : "memory");
}

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#else
  compilerBarrier();
#endif
}

struct ClockCost {
  double readNsMin;     // cheapest back-to-back pair of reads
  double readNsMedian;  // typical cost of one read
  double resolutionNs;  // clock_getres
};

// Measures the cost of one nowNs() call on the calling thread.
ClockCost measureClockCost();

}  // namespace schedcost
