// Per-thread timer slack (PR_SET_TIMERSLACK): the kernel may stretch a
// thread's sleeps by up to this much to batch timer interrupts.
#pragma once
#include <cstdint>

namespace schedcost {

uint64_t timerSlackNs();
void setTimerSlackNs(uint64_t ns);  // throws ProbeError when refused

// One nanosleep of the given length (resumed after signals).
void sleepForNs(uint64_t ns);

}  // namespace schedcost
