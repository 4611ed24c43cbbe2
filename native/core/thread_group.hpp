// Runs a probe's roles on pinned threads: every role starts only once all are
// pinned, every wait is sliced so a stop (deadline, cancel, another role's
// failure) is seen within kWaitSliceNs, and every thread is always joined.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "probe.hpp"

namespace schedcost {

// Thrown inside a role to unwind it once the group is stopping.
struct Stopped {};

class ThreadGroup {
 public:
  static constexpr uint64_t kWaitSliceNs = 50'000'000;
  // How long run() waits for roles to finish after it stopped them.
  static constexpr uint64_t kStopGraceNs = 2'000'000'000;

  explicit ThreadGroup(const ProbeContext& ctx) : ctx_(ctx) {}
  ~ThreadGroup();
  ThreadGroup(const ThreadGroup&) = delete;
  ThreadGroup& operator=(const ThreadGroup&) = delete;

  // A role on one CPU, or with cpu == kAnyPlannedCpu on the set of the
  // probe's CPUs (the kernel places it: runtime threads float like this).
  static constexpr int kAnyPlannedCpu = -1;
  void add(std::string role, int cpu, std::function<void()> body);
  // Called once when the group stops early, to release a role blocked in a
  // call that has no timeout of its own (e.g. read on a pipe).
  void onStop(std::function<void()> unblock);
  // Starts all roles, waits for them, joins them. Throws ProbeError with the
  // first failure.
  void run();

  bool stopping() const;
  // Cheaper than stopping(): only whether stop was requested (no clock read),
  // for checks inside a timed loop right after an unblocked call.
  bool stopRequested() const { return stop_.load(std::memory_order_relaxed); }
  // Throws Stopped (recording why) when the group must stop.
  void checkRunning(const char* what);
  void waitWhileEquals(std::atomic<uint32_t>& word, uint32_t value, const char* what);
  void waitUntilEquals(std::atomic<uint32_t>& word, uint32_t target, const char* what);
  void fail(const std::string& reason);

 private:
  struct Role {
    std::string name;
    int cpu;
    std::function<void()> body;
  };
  static constexpr int kRealtimePriority = 50;
  void runRole(const Role& role);
  void requestRealtime(const std::string& role);
  void stop();
  bool waitForCount(std::atomic<uint32_t>& counter, uint32_t target, uint64_t deadlineNs);

  const ProbeContext& ctx_;
  std::vector<Role> roles_;
  std::vector<std::thread> threads_;
  std::vector<std::function<void()>> unblockers_;
  std::atomic<bool> stop_{false};
  std::atomic<uint32_t> pinned_{0};
  std::atomic<uint32_t> gate_{0};
  std::atomic<uint32_t> finished_{0};
  std::mutex failureMutex_;
  std::string failure_;
  std::once_flag unblockOnce_;
};

}  // namespace schedcost
