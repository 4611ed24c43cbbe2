// What the native side knows about the host that JavaScript cannot read from
// /proc or /sys: the hypervisor's CPUID signature, the calling thread's
// timer slack, the clock's cost, and how this engine was compiled.
#pragma once
#include <string>
#include <vector>

#include "clock.hpp"

namespace schedcost {

struct HostFacts {
  std::vector<int> allowedCpus;
  std::string hypervisorVendor;  // CPUID leaf 0x40000000, empty on bare metal
  uint64_t timerSlackNs;         // of the thread that asked
  ClockCost clock;
  std::string compiler;
  std::string buildFlags;
};

HostFacts readHostFacts();

}  // namespace schedcost
