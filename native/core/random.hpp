// Small, seedable PRNG (SplitMix64): reproducible gaps and permutations.
#pragma once
#include <cstdint>

namespace schedcost {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi] (inclusive); hi < lo returns lo.
  uint64_t between(uint64_t lo, uint64_t hi) {
    if (hi <= lo) return lo;
    return lo + next() % (hi - lo + 1);
  }

 private:
  uint64_t state_;
};

}  // namespace schedcost
