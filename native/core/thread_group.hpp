// Runs a probe's roles on pinned threads. Every role starts only once all
// are pinned, and roles block without timeouts, as the runtimes they emulate
// park their threads. Boundedness lives in run(), whose thread is the group's
// watchdog: it sleeps until every role has finished, one has failed, the
// probe is cancelled or its deadline passes. Then it sets the stop flag,
// records why, and wakes every role still blocked (FUTEX_WAKE on the word it
// parked on, the onStop unblockers, a signal for anything else) until all
// have finished. Every thread is always joined.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "probe.hpp"
#include "probe_error.hpp"
#include "watchdog.hpp"

namespace schedcost {

// Thrown inside a role to unwind it once the group is stopping.
struct Stopped {};

class ThreadGroup {
 public:
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
  // Called once when the group stops, to release a role blocked in a call
  // that no FUTEX_WAKE reaches (e.g. read on a pipe: write to it).
  void onStop(std::function<void()> unblock);
  // Starts all roles, watches them, joins them. Throws ProbeError with the
  // first failure (a role's, "cancelled" or "timed out: ...").
  void run();

  // Only a flag load, no clock read: cheap enough right after a blocking
  // call returns inside a timed interval.
  bool stopRequested() const { return stop_.load(std::memory_order_relaxed); }
  // Notes what the calling role is doing (named if the probe times out),
  // then throws Stopped when the group is stopping. `what` is a literal.
  void checkRunning(const char* what);
  // One FUTEX_WAIT without a timeout while `word` holds `value`; a stop
  // wakes it. Throws Stopped instead when the group is already stopping.
  // Loop on the condition around it:
  //   while (word.load() == value) group.park(word, value, "waiting for ...");
  // `word` must outlive the calling role; `what` is a literal.
  void park(std::atomic<uint32_t>& word, uint32_t value, const char* what);
  void waitWhileEquals(std::atomic<uint32_t>& word, uint32_t value, const char* what);
  void waitUntilEquals(std::atomic<uint32_t>& word, uint32_t target, const char* what);
  void fail(const std::string& reason, ProbeFailure kind = ProbeFailure::Failed);

 private:
  struct Role {
    std::string name;
    int cpu;
    std::function<void()> body;
  };
  // What the watchdog knows of a running role. parkedOn keeps the last word
  // even after the wait returned: clearing it would add a store to measured
  // paths, and waking a stale word only makes its waiters look again.
  struct RoleState {
    std::atomic<std::atomic<uint32_t>*> parkedOn{nullptr};
    std::atomic<const char*> doing{nullptr};
    std::atomic<bool> finished{false};
  };
  static constexpr int kRealtimePriority = 50;
  static constexpr uint64_t kFirstRetryNs = 1'000'000, kLastRetryNs = 100'000'000;

  void runRole(size_t index);
  // No other role of the group is pinned to its CPU or floats: the role
  // whose involuntary switches mean another task wanted that CPU.
  bool hasCpuToItself(size_t index) const;
  void requestRealtime(const std::string& role);
  // Sleeps until done() holds or the group must stop (recording why).
  bool watchUntil(Watchdog& watchdog, const std::function<bool()>& done);
  std::string timeoutReason(size_t started) const;
  // Sets the stop flag, runs the unblockers, and wakes the roles still
  // running (also with a signal, when maySignal) until they have all
  // finished or the grace period ends.
  void stopAndRelease(Watchdog& watchdog, size_t started, bool maySignal);

  const ProbeContext& ctx_;
  std::vector<Role> roles_;
  std::vector<RoleState> states_;
  std::vector<std::thread> threads_;
  std::vector<std::function<void()>> unblockers_;
  Watchdog* watchdog_ = nullptr;  // while run() runs
  std::atomic<bool> stop_{false};
  std::atomic<uint32_t> pinned_{0};
  std::atomic<uint32_t> gate_{0};
  std::atomic<uint32_t> finished_{0};
  std::mutex failureMutex_;
  std::string failure_;
  ProbeFailure failureKind_ = ProbeFailure::Failed;
};

}  // namespace schedcost
