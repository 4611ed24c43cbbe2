// Test-only hooks that make a probe misbehave on purpose, so tests can check
// that a stuck thread or a lost wakeup ends in a clear failure, never a hang.
#pragma once
#include <string>

namespace schedcost {

struct FaultInjection {
  std::string stallRole;      // the role with this name blocks until the group stops
  bool dropWakes = false;     // wakers skip their FUTEX_WAKE (a lost wakeup)
  bool denyRealtime = false;  // SCHED_FIFO is refused as if unprivileged
};

FaultInjection& faultInjection();

}  // namespace schedcost
