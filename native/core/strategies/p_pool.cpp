#include "p_pool.hpp"

#include "../futex.hpp"

namespace schedcost {

PPool::PPool(int tokens) {
  for (int p = tokens - 1; p >= 0; --p) idle_.push_back(p);
}

int PPool::acquire(ThreadGroup& group, Waiter& me) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      int p = idle_.back();
      idle_.pop_back();
      return p;
    }
    me.granted.store(0, std::memory_order_relaxed);
    waiters_.push_back(&me);
  }
  try {
    group.waitUntilEquals(me.granted, 1, "waiting for a P");
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = waiters_.begin(); it != waiters_.end(); ++it)
      if (*it == &me) {
        waiters_.erase(it);
        break;
      }
    throw;
  }
  return me.p;
}

void PPool::release(int p) {
  Waiter* next = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (waiters_.empty()) {
      idle_.push_back(p);
      return;
    }
    next = waiters_.front();
    waiters_.pop_front();
    next->p = p;
    next->granted.store(1, std::memory_order_release);
    // Woken under the lock: once it is released, the waiter may return and
    // its Waiter go out of scope.
    futexWake(next->granted);
  }
  futexWakes_.fetch_add(1, std::memory_order_relaxed);
}

size_t PPool::waiting() {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiters_.size();
}

}  // namespace schedcost
