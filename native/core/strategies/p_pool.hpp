// GOMAXPROCS as a pool of P tokens. A task takes a P before it computes;
// with none idle it parks (FIFO) until one is handed to it with FUTEX_WAKE,
// as the Go runtime hands a P to a parked M. One mutex guards the pool, as
// sched.lock guards Go's idle P list.
#pragma once
#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "../thread_group.hpp"

namespace schedcost {

class PPool {
 public:
  struct Waiter {
    std::atomic<uint32_t> granted{0};
    int p = -1;
  };

  explicit PPool(int tokens);
  // Blocks until the caller holds a P; returns its index.
  int acquire(ThreadGroup& group, Waiter& me);
  // Hands the P to the longest waiter, or puts it back on the idle list.
  void release(int p);
  size_t waiting();
  uint64_t futexWakes() const { return futexWakes_.load(); }

 private:
  std::mutex mutex_;
  std::vector<int> idle_;
  std::deque<Waiter*> waiters_;
  std::atomic<uint64_t> futexWakes_{0};
};

}  // namespace schedcost
