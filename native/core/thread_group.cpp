#include "thread_group.hpp"

#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "clock.hpp"
#include "cpu.hpp"
#include "fault_injection.hpp"
#include "futex.hpp"

namespace schedcost {

ThreadGroup::~ThreadGroup() {
  stop();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

void ThreadGroup::add(std::string role, int cpu, std::function<void()> body) {
  roles_.push_back(Role{std::move(role), cpu, std::move(body)});
}

void ThreadGroup::onStop(std::function<void()> unblock) {
  unblockers_.push_back(std::move(unblock));
}

bool ThreadGroup::stopping() const {
  return stop_.load(std::memory_order_relaxed) || (ctx_.cancelled && ctx_.cancelled->load(std::memory_order_relaxed)) ||
         nowNs() > ctx_.deadlineNs;
}

void ThreadGroup::fail(const std::string& reason) {
  {
    std::lock_guard<std::mutex> lock(failureMutex_);
    if (failure_.empty()) failure_ = reason;
  }
  stop_.store(true);
}

void ThreadGroup::checkRunning(const char* what) {
  if (!stopping()) return;
  if (ctx_.cancelled && ctx_.cancelled->load())
    fail("cancelled");
  else if (nowNs() > ctx_.deadlineNs)
    fail(std::string("timed out ") + what);
  throw Stopped{};
}

void ThreadGroup::waitWhileEquals(std::atomic<uint32_t>& word, uint32_t value, const char* what) {
  while (word.load(std::memory_order_acquire) == value) {
    checkRunning(what);
    futexWait(word, value, kWaitSliceNs);
  }
}

void ThreadGroup::waitUntilEquals(std::atomic<uint32_t>& word, uint32_t target, const char* what) {
  for (;;) {
    uint32_t seen = word.load(std::memory_order_acquire);
    if (seen == target) return;
    checkRunning(what);
    futexWait(word, seen, kWaitSliceNs);
  }
}

void ThreadGroup::requestRealtime(const std::string& role) {
  sched_param param{};
  param.sched_priority = kRealtimePriority;
  int rc = faultInjection().denyRealtime ? (errno = EPERM, -1) : sched_setscheduler(0, SCHED_FIFO, &param);
  if (rc != 0)
    ctx_.warnings->add(std::string("SCHED_FIFO refused (") + std::strerror(errno) + ") for " + role +
                       ": ran with the default policy; grant CAP_SYS_NICE or an RLIMIT_RTPRIO to use --rt");
}

void ThreadGroup::runRole(const Role& role) {
  try {
    if (role.cpu == kAnyPlannedCpu)
      pinCallingThreadToSet(ctx_.cpus);
    else
      pinCallingThread(role.cpu);
    if (ctx_.realtime) requestRealtime(role.name);
    pinned_.fetch_add(1);
    futexWake(pinned_, 1);
    waitWhileEquals(gate_, 0, "waiting for the other threads to start");
    if (faultInjection().stallRole == role.name) {
      // Test hook: behave like a thread stuck in a lost wakeup.
      const std::string what = "in role " + role.name + " (injected stall)";
      for (;;) {
        checkRunning(what.c_str());
        futexWait(gate_, 1, kWaitSliceNs);
      }
    }
    role.body();
  } catch (const Stopped&) {
  } catch (const std::exception& e) {
    fail(role.name + ": " + e.what());
  }
  finished_.fetch_add(1);
  futexWake(finished_, 1);
}

bool ThreadGroup::waitForCount(std::atomic<uint32_t>& counter, uint32_t target, uint64_t deadlineNs) {
  for (;;) {
    uint32_t seen = counter.load(std::memory_order_acquire);
    if (seen >= target) return true;
    uint64_t now = nowNs();
    if (now >= deadlineNs) return false;
    futexWait(counter, seen, std::min<uint64_t>(kWaitSliceNs, deadlineNs - now));
  }
}

void ThreadGroup::stop() {
  stop_.store(true);
  std::call_once(unblockOnce_, [this] {
    for (auto& unblock : unblockers_) unblock();
  });
}

void ThreadGroup::run() {
  const auto total = static_cast<uint32_t>(roles_.size());
  threads_.reserve(roles_.size());
  try {
    for (const auto& role : roles_) threads_.emplace_back([this, &role] { runRole(role); });
  } catch (const std::system_error& e) {
    fail(std::string("cannot create a thread: ") + e.what());
  }
  const auto started = static_cast<uint32_t>(threads_.size());
  if (started == total && waitForCount(pinned_, total, ctx_.deadlineNs)) {
    gate_.store(1, std::memory_order_release);
    futexWake(gate_, static_cast<int>(total));
  }
  if (!waitForCount(finished_, started, ctx_.deadlineNs)) {
    if (ctx_.cancelled && ctx_.cancelled->load())
      fail("cancelled");
    else
      fail("timed out: a thread did not finish before the probe's deadline");
  }
  stop();
  waitForCount(finished_, started, nowNs() + kStopGraceNs);
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
  std::lock_guard<std::mutex> lock(failureMutex_);
  if (!failure_.empty()) throw ProbeError(failure_);
}

}  // namespace schedcost
