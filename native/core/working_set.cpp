#include "working_set.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "clock.hpp"
#include "probe_error.hpp"
#include "random.hpp"

namespace schedcost {

// Mapped directly, not from malloc: freed sets go back to the kernel at
// once instead of staying resident in the arenas of short-lived threads.
void WorkingSet::Unmapper::operator()(Line* p) const {
  munmap(p, bytes);
}

WorkingSet::WorkingSet(size_t bytes, uint64_t seed) : count_(std::max<size_t>(bytes / kLineBytes, 2)) {
  const size_t mapped = count_ * kLineBytes;
  void* memory = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (memory == MAP_FAILED) throw ProbeError("cannot map a " + std::to_string(bytes) + "-byte working set");
  lines_ = std::unique_ptr<Line[], Unmapper>(static_cast<Line*>(memory), Unmapper{mapped});
  std::memset(memory, 0, mapped);  // every page faulted in and written now
  std::unique_ptr<size_t[]> order(new size_t[count_]);
  for (size_t i = 0; i < count_; ++i) order[i] = i;
  SplitMix64 rng(seed);
  for (size_t i = count_ - 1; i > 0; --i) std::swap(order[i], order[rng.next() % i]);  // Sattolo: one cycle
  for (size_t i = 0; i < count_; ++i) lines_[order[i]].next = &lines_[order[(i + 1) % count_]];
}

void WorkingSet::dirty() {
  // In address order: as owning as the chase order, and bandwidth-bound
  // rather than latency-bound, so large sets warm up in milliseconds.
  for (size_t i = 0; i < count_; ++i) lines_[i].payload += 1;
  doNotOptimize(lines_[count_ - 1].payload);
  compilerBarrier();
}

void WorkingSet::chase() {
  Line* p = &lines_[0];
  for (size_t i = 0; i < count_; ++i) p = p->next;
  doNotOptimize(p);
  compilerBarrier();
}

}  // namespace schedcost
