// Thin wrappers over futex(2). std::atomic<uint32_t> has the layout of a
// uint32_t on Linux, so the kernel can wait on it directly.
#pragma once
#include <atomic>
#include <cstdint>

namespace schedcost {

static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t));
static_assert(std::atomic<uint32_t>::is_always_lock_free);

enum class FutexWaitResult { Woken, ValueChanged, TimedOut, Interrupted };

// FUTEX_WAIT_PRIVATE without a timeout, as a runtime parks a thread.
FutexWaitResult futexWait(std::atomic<uint32_t>& word, uint32_t expected);

// FUTEX_WAIT_PRIVATE with a relative timeout.
FutexWaitResult futexWaitFor(std::atomic<uint32_t>& word, uint32_t expected, uint64_t timeoutNs);

// FUTEX_WAKE_PRIVATE; returns how many waiters were woken (0 when nobody
// was queued in the kernel).
int futexWake(std::atomic<uint32_t>& word, int count = 1);

}  // namespace schedcost
