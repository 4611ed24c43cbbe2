#include "thread_group.hpp"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <system_error>

#include "clock.hpp"
#include "cpu.hpp"
#include "fault_injection.hpp"
#include "futex.hpp"

namespace schedcost {
namespace {

// The role the calling thread runs, so park() can say where it waits.
thread_local std::atomic<std::atomic<uint32_t>*>* currentParkedOn = nullptr;
thread_local std::atomic<const char*>* currentDoing = nullptr;

// Interrupts a blocking call that no FUTEX_WAKE or unblocker reaches: its
// handler does nothing, and without SA_RESTART the call returns EINTR.
int stopSignal() {
  return SIGRTMIN + 5;
}

void onStopSignal(int) {}

class StopSignalScope {
 public:
  StopSignalScope() {
    struct sigaction action {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART
    installed_ = sigaction(stopSignal(), &action, &previous_) == 0;
  }
  ~StopSignalScope() {
    if (installed_) sigaction(stopSignal(), &previous_, nullptr);
  }
  // Without the handler the signal's default action would end the process.
  bool installed() const { return installed_; }

 private:
  struct sigaction previous_ {};
  bool installed_ = false;
};

uint64_t involuntarySwitchesOfThisThread() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return static_cast<uint64_t>(usage.ru_nivcsw);
}

void unblockStopSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, stopSignal());
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

}  // namespace

ThreadGroup::~ThreadGroup() {
  // run() joins before it returns; this only runs if it was left by an exception.
  stop_.store(true);
  for (size_t i = 0; i < threads_.size(); ++i)
    if (auto* word = states_[i].parkedOn.load()) futexWake(*word, INT_MAX);
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

void ThreadGroup::add(std::string role, int cpu, std::function<void()> body) {
  roles_.push_back(Role{std::move(role), cpu, std::move(body)});
}

void ThreadGroup::onStop(std::function<void()> unblock) {
  unblockers_.push_back(std::move(unblock));
}

void ThreadGroup::fail(const std::string& reason, ProbeFailure kind) {
  {
    std::lock_guard<std::mutex> lock(failureMutex_);
    if (failure_.empty()) {
      failure_ = reason;
      failureKind_ = kind;
    }
  }
  stop_.store(true);
  if (watchdog_) watchdog_->notify();
}

void ThreadGroup::checkRunning(const char* what) {
  if (currentDoing) currentDoing->store(what, std::memory_order_relaxed);
  if (stopRequested()) throw Stopped{};
}

void ThreadGroup::park(std::atomic<uint32_t>& word, uint32_t value, const char* what) {
  if (currentParkedOn) {
    currentDoing->store(what, std::memory_order_relaxed);
    // Sequentially consistent with stopAndRelease's stop_ store and its read
    // of parkedOn: either this sees the stop, or the watchdog sees the word.
    currentParkedOn->store(&word);
  }
  if (stop_.load()) throw Stopped{};
  futexWait(word, value);
}

void ThreadGroup::waitWhileEquals(std::atomic<uint32_t>& word, uint32_t value, const char* what) {
  while (word.load(std::memory_order_acquire) == value) park(word, value, what);
}

void ThreadGroup::waitUntilEquals(std::atomic<uint32_t>& word, uint32_t target, const char* what) {
  for (;;) {
    const uint32_t seen = word.load(std::memory_order_acquire);
    if (seen == target) return;
    park(word, seen, what);
  }
}

void ThreadGroup::requestRealtime(const std::string& role) {
  sched_param param{};
  param.sched_priority = kRealtimePriority;
  int rc = faultInjection().denyRealtime ? (errno = EPERM, -1) : sched_setscheduler(0, SCHED_FIFO, &param);
  if (rc != 0) ctx_.warnings->add({"realtime-refused", {{"role", role}, {"error", std::strerror(errno)}}});
}

void ThreadGroup::runRole(size_t index) {
  const Role& role = roles_[index];
  RoleState& state = states_[index];
  currentParkedOn = &state.parkedOn;
  currentDoing = &state.doing;
  pthread_setname_np(pthread_self(), role.name.substr(0, 15).c_str());  // shows in /proc and debuggers
  unblockStopSignal();
  try {
    if (role.cpu == kAnyPlannedCpu)
      pinCallingThreadToSet(ctx_.cpus);
    else
      pinCallingThread(role.cpu);
    if (ctx_.realtime) requestRealtime(role.name);
    pinned_.fetch_add(1);
    watchdog_->notify();
    waitWhileEquals(gate_, 0, "waiting for the other threads to start");
    if (faultInjection().stallRole == role.name) {
      // Test hook: behave like a thread stuck in a lost wakeup.
      for (;;) park(gate_, 1, "stalled (injected)");
    }
    const bool alone = hasCpuToItself(index);
    const uint64_t switchesBefore = alone ? involuntarySwitchesOfThisThread() : 0;
    role.body();
    if (alone) ctx_.involuntarySwitches->add(role.name, involuntarySwitchesOfThisThread() - switchesBefore);
  } catch (const Stopped&) {
  } catch (const ProbeError& e) {
    fail(role.name + ": " + e.what(), e.kind());
  } catch (const std::exception& e) {
    fail(role.name + ": " + e.what());
  }
  currentParkedOn = nullptr;
  currentDoing = nullptr;
  state.finished.store(true);
  finished_.fetch_add(1);
  watchdog_->notify();
}

bool ThreadGroup::hasCpuToItself(size_t index) const {
  const int cpu = roles_[index].cpu;
  if (cpu == kAnyPlannedCpu) return false;
  for (size_t other = 0; other < roles_.size(); ++other)
    if (other != index && (roles_[other].cpu == cpu || roles_[other].cpu == kAnyPlannedCpu)) return false;
  return true;
}

bool ThreadGroup::watchUntil(Watchdog& watchdog, const std::function<bool()>& done) {
  switch (watchdog.watch([&] { return done() || stop_.load(); })) {
    case Watchdog::Verdict::Done:
      break;
    case Watchdog::Verdict::Cancelled:
      fail("cancelled", ProbeFailure::Cancelled);
      break;
    case Watchdog::Verdict::TimedOut:
      fail(timeoutReason(threads_.size()), ProbeFailure::TimedOut);
      break;
  }
  return done();
}

std::string ThreadGroup::timeoutReason(size_t started) const {
  std::string reason = "timed out";
  const char* separator = ": ";
  for (size_t i = 0; i < started; ++i) {
    if (states_[i].finished.load()) continue;
    reason += separator + roles_[i].name;
    if (const char* doing = states_[i].doing.load()) reason += std::string(" ") + doing;
    separator = "; ";
  }
  return reason;
}

void ThreadGroup::stopAndRelease(Watchdog& watchdog, size_t started, bool maySignal) {
  stop_.store(true);
  for (auto& unblock : unblockers_) unblock();
  const uint64_t graceEndNs = nowNs() + kStopGraceNs;
  // Repeated: a wake or signal that lands just before a role blocks is lost.
  for (uint64_t retryNs = kFirstRetryNs; finished_.load() < started && nowNs() < graceEndNs;
       retryNs = std::min(2 * retryNs, kLastRetryNs)) {
    for (size_t i = 0; i < started; ++i) {
      if (states_[i].finished.load()) continue;
      if (auto* word = states_[i].parkedOn.load()) futexWake(*word, INT_MAX);
      // Joined only below, so the handle is valid; glibc sends nothing to a thread that has exited.
      if (maySignal) pthread_kill(threads_[i].native_handle(), stopSignal());
    }
    watchdog.pause(retryNs);
  }
}

void ThreadGroup::run() {
  const size_t total = roles_.size();
  states_ = std::vector<RoleState>(total);
  StopSignalScope stopSignalHandler;
  Watchdog watchdog(ctx_.deadlineNs, ctx_.cancelled);
  watchdog_ = &watchdog;
  threads_.reserve(total);
  try {
    for (size_t i = 0; i < total; ++i) threads_.emplace_back([this, i] { runRole(i); });
  } catch (const std::system_error& e) {
    fail(std::string("cannot create a thread: ") + e.what());
  }
  const size_t started = threads_.size();
  if (started == total && watchUntil(watchdog, [&] { return pinned_.load() == total; })) {
    gate_.store(1, std::memory_order_release);
    futexWake(gate_, INT_MAX);
    watchUntil(watchdog, [&] { return finished_.load() == total; });
  }
  stopAndRelease(watchdog, started, stopSignalHandler.installed());
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
  watchdog_ = nullptr;
  std::lock_guard<std::mutex> lock(failureMutex_);
  if (!failure_.empty()) throw ProbeError(failure_, failureKind_);
}

}  // namespace schedcost
