// What keeps a probe bounded, outside its measured paths: the watching thread
// sleeps here until the work is done, the probe is cancelled or its deadline
// passes. It neither polls nor puts a timeout on any measured thread's wait.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

#include "cancel_flag.hpp"

namespace schedcost {

class Watchdog {
 public:
  enum class Verdict { Done, Cancelled, TimedOut };

  // `cancel` may be null: then only the deadline (an absolute nowNs()) stops it.
  Watchdog(uint64_t deadlineNs, CancelFlag* cancel);
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Wakes the watcher to look again; call after changing what done() reads.
  void notify();
  // Sleeps until done() holds, the probe is cancelled or the deadline passes.
  Verdict watch(const std::function<bool()>& done);
  // Sleeps for up to ns, less when notified: paces retries while stopping.
  void pause(uint64_t ns);

 private:
  const uint64_t deadlineNs_;
  CancelFlag* const cancel_;
  std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t notifications_ = 0;             // guarded by mutex_
  CancelFlag::Subscription subscription_;  // last: unsubscribed before the rest goes
};

}  // namespace schedcost
