#include "futex.hpp"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

namespace schedcost {

namespace {

FutexWaitResult wait(std::atomic<uint32_t>& word, uint32_t expected, const timespec* timeout) {
  long rc = syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAIT_PRIVATE, expected, timeout, nullptr, 0);
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

}  // namespace

FutexWaitResult futexWait(std::atomic<uint32_t>& word, uint32_t expected) {
  return wait(word, expected, nullptr);
}

FutexWaitResult futexWaitFor(std::atomic<uint32_t>& word, uint32_t expected, uint64_t timeoutNs) {
  const timespec relative{static_cast<time_t>(timeoutNs / 1000000000ull), static_cast<long>(timeoutNs % 1000000000ull)};
  return wait(word, expected, &relative);
}

int futexWake(std::atomic<uint32_t>& word, int count) {
  long rc = syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAKE_PRIVATE, count, nullptr, nullptr, 0);
  return rc < 0 ? 0 : static_cast<int>(rc);
}

}  // namespace schedcost
