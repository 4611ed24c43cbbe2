#include "syscall_policies.hpp"

#include "../clock.hpp"
#include "../cpu.hpp"
#include "../timer_slack.hpp"

namespace schedcost {

LazyPolicy::LazyPolicy(PPool& pool, int tokens, uint64_t maxRecorded)
    : pool_(pool), slots_(static_cast<size_t>(tokens)), maxRecorded_(maxRecorded) {
  retakeDelayNs_.reserve(maxRecorded);
  retakeCpu_.reserve(maxRecorded);
}

int LazyPolicy::enterSyscall(int p, int task) {
  Slot& slot = slots_[static_cast<size_t>(p)];
  slot.enteredNs.store(nowNs(), std::memory_order_relaxed);
  slot.state.store(inSyscallState(task), std::memory_order_release);
  return p;
}

int LazyPolicy::exitSyscall(int p, int task) {
  uint64_t expected = inSyscallState(task);
  return slots_[static_cast<size_t>(p)].state.compare_exchange_strong(expected, 0) ? p : -1;
}

void LazyPolicy::runSysmon(ThreadGroup& group, uint64_t endNs, uint64_t tickNs,
                           std::atomic<uint64_t>& heldWhileWaitedNs) {
  // Keeps the inherited timer slack: Go's sysmon does not change it.
  std::vector<uint64_t> seenEnteredNs(slots_.size(), 0);
  while (nowNs() < endNs) {
    group.checkRunning("sysmon between retake passes");
    sleepForNs(tickNs);
    const uint64_t now = nowNs();
    const bool others = pool_.waiting() > 0;
    for (size_t p = 0; p < slots_.size(); ++p) {
      Slot& slot = slots_[p];
      uint64_t state = slot.state.load(std::memory_order_acquire);
      uint64_t entered = slot.enteredNs.load(std::memory_order_relaxed);
      if (!(state & kInSyscall)) continue;
      // Retake only a P seen in the same syscall at the previous pass, and only when someone waits.
      if (seenEnteredNs[p] != entered) {
        seenEnteredNs[p] = entered;
        continue;
      }
      if (!others || !slot.state.compare_exchange_strong(state, 0)) continue;
      ++retakes_;
      heldWhileWaitedNs.fetch_add(now - entered, std::memory_order_relaxed);
      if (retakeDelayNs_.size() < maxRecorded_) {
        retakeDelayNs_.push_back(static_cast<double>(now - entered));
        retakeCpu_.push_back(currentCpu());
      }
      pool_.release(static_cast<int>(p));
    }
  }
}

}  // namespace schedcost
