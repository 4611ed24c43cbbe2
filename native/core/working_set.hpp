// A working set whose 64-byte lines form one random cycle, so each load
// depends on the previous one and no prefetcher can guess the next.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

namespace schedcost {

class WorkingSet {
 public:
  static constexpr size_t kLineBytes = 64;

  WorkingSet(size_t bytes, uint64_t seed);
  // Writes every line: this CPU's caches now own them, others' copies are invalid.
  void dirty();
  // Dependent loads over the whole cycle.
  void chase();
  size_t lines() const { return count_; }

 private:
  struct alignas(kLineBytes) Line {
    Line* next;
    uint64_t payload;
  };
  static_assert(sizeof(Line) == kLineBytes);
  struct Unmapper {
    size_t bytes;
    void operator()(Line* p) const;
  };

  size_t count_;
  std::unique_ptr<Line[], Unmapper> lines_;
};

}  // namespace schedcost
