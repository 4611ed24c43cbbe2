#include "watchdog.hpp"

#include <chrono>

#include "clock.hpp"

namespace schedcost {

Watchdog::Watchdog(uint64_t deadlineNs, CancelFlag* cancel) : deadlineNs_(deadlineNs), cancel_(cancel) {
  if (cancel_) subscription_ = cancel_->subscribe([this] { notify(); });
}

void Watchdog::notify() {
  {
    // Taken even though done() reads atomics: a watcher between its check
    // and its wait would otherwise miss this notification.
    std::lock_guard<std::mutex> lock(mutex_);
    ++notifications_;
  }
  changed_.notify_all();
}

Watchdog::Verdict Watchdog::watch(const std::function<bool()>& done) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (done()) return Verdict::Done;
    if (cancel_ && cancel_->cancelled()) return Verdict::Cancelled;
    const uint64_t now = nowNs();
    if (now >= deadlineNs_) return Verdict::TimedOut;
    changed_.wait_for(lock, std::chrono::nanoseconds(deadlineNs_ - now));
  }
}

void Watchdog::pause(uint64_t ns) {
  std::unique_lock<std::mutex> lock(mutex_);
  const uint64_t seen = notifications_;
  changed_.wait_for(lock, std::chrono::nanoseconds(ns), [&] { return notifications_ != seen; });
}

}  // namespace schedcost
