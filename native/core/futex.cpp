#include "futex.hpp"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

namespace schedcost {

FutexWaitResult futexWait(std::atomic<uint32_t>& word, uint32_t expected, uint64_t timeoutNs) {
  timespec rel{static_cast<time_t>(timeoutNs / 1000000000ull), static_cast<long>(timeoutNs % 1000000000ull)};
  long rc = syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAIT_PRIVATE, expected, &rel, nullptr, 0);
  if (rc == 0) return FutexWaitResult::Woken;
  switch (errno) {
    case EAGAIN:
      return FutexWaitResult::ValueChanged;
    case ETIMEDOUT:
      return FutexWaitResult::TimedOut;
    default:
      return FutexWaitResult::Interrupted;
  }
}

int futexWake(std::atomic<uint32_t>& word, int count) {
  long rc = syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAKE_PRIVATE, count, nullptr, nullptr, 0);
  return rc < 0 ? 0 : static_cast<int>(rc);
}

}  // namespace schedcost
