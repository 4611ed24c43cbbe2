#include "clock.hpp"

#include <algorithm>
#include <vector>

namespace schedcost {

ClockCost measureClockCost() {
  constexpr int kRounds = 2001;
  constexpr int kReadsPerRound = 64;
  std::vector<double> perRead(kRounds);
  for (int r = 0; r < kRounds; ++r) {
    uint64_t start = nowNs();
    uint64_t last = start;
    for (int i = 0; i < kReadsPerRound; ++i) {
      last = nowNs();
      doNotOptimize(last);
    }
    perRead[r] = static_cast<double>(last - start) / kReadsPerRound;
  }
  std::sort(perRead.begin(), perRead.end());
  timespec res;
  clock_getres(CLOCK_MONOTONIC, &res);
  return ClockCost{perRead.front(), perRead[kRounds / 2],
                   static_cast<double>(res.tv_sec) * 1e9 + static_cast<double>(res.tv_nsec)};
}

}  // namespace schedcost
