#include "one_way_wake.hpp"

namespace schedcost {

OneWayRecord::OneWayRecord(uint64_t total, bool blocks)
    : sleeperBlocks(blocks),
      blockingFromNs(total),
      triggerNs(total),
      triggerReturnNs(total),
      wokeNs(total),
      wakerCpu(total),
      sleeperCpu(total),
      sleeperBlocking(total),
      triggerFoundSleeper(total) {}

const char* OneWayRecord::exclusion(const ProbeContext& ctx, uint64_t i) const {
  if (sleeperCpu[i] != ctx.cpuB() || wakerCpu[i] != ctx.cpuA()) return "offCpu";
  if (sleeperBlocks && (!sleeperBlocking[i] || !triggerFoundSleeper[i])) return "notAsleep";
  return nullptr;
}

}  // namespace schedcost
