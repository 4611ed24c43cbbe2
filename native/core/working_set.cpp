#include "working_set.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#include "clock.hpp"
#include "probe_error.hpp"
#include "random.hpp"

namespace schedcost {

void WorkingSet::FreeDeleter::operator()(Line* p) const { std::free(p); }

WorkingSet::WorkingSet(size_t bytes, uint64_t seed) : count_(std::max<size_t>(bytes / kLineBytes, 2)) {
  lines_.reset(static_cast<Line*>(std::aligned_alloc(kLineBytes, count_ * kLineBytes)));
  if (!lines_) throw ProbeError("cannot allocate a " + std::to_string(bytes) + "-byte working set");
  std::memset(static_cast<void*>(lines_.get()), 0, count_ * kLineBytes);  // fault every page in now
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
