// What each syscall-path strategy does with a task's P around its blocking
// syscall; syscall_paths.cpp runs the task loop they plug into. A policy says
//   kUsesP        whether a task takes a P before it computes at all;
//   kNeedsSysmon  whether a sysmon thread runs beside the tasks;
//   enterSyscall  what happens to the P once the computation is done, returning
//                 the P the task still holds (-1: none);
//   exitSyscall   what happens when the syscall returns, returning the P the
//                 task holds now.
#pragma once
#include <atomic>
#include <cstdint>
#include <vector>

#include "../thread_group.hpp"
#include "p_pool.hpp"

namespace schedcost {

// syscall/hold — RawSyscall: the P is kept through the syscall.
struct HoldPolicy {
  static constexpr bool kUsesP = true;
  static constexpr bool kNeedsSysmon = false;
  HoldPolicy(PPool&, int /*tokens*/, uint64_t /*maxRecorded*/) {}
  int enterSyscall(int p, int /*task*/) { return p; }
  int exitSyscall(int p, int /*task*/) { return p; }
};

// syscall/handoff — entersyscallblock: on entry the P is handed to a parked
// task with FUTEX_WAKE; the task takes a P again before it next computes.
class HandoffPolicy {
 public:
  static constexpr bool kUsesP = true;
  static constexpr bool kNeedsSysmon = false;
  HandoffPolicy(PPool& pool, int /*tokens*/, uint64_t /*maxRecorded*/) : pool_(pool) {}
  int enterSyscall(int p, int /*task*/) {
    pool_.release(p);
    return -1;
  }
  int exitSyscall(int p, int /*task*/) { return p; }

 private:
  PPool& pool_;
};

// syscall/lazy — entersyscall: on entry the P is only marked "in syscall".
// sysmon, really sleeping a tick between passes, retakes a P it has seen in
// the same syscall at two passes in a row while others wait, and hands it on.
// On exit the task keeps its P unless it was retaken (CAS).
class LazyPolicy {
 public:
  static constexpr bool kUsesP = true;
  static constexpr bool kNeedsSysmon = true;
  LazyPolicy(PPool& pool, int tokens, uint64_t maxRecorded);
  int enterSyscall(int p, int task);
  int exitSyscall(int p, int task);

  // sysmon's loop, until endNs. Adds to heldWhileWaitedNs how long each
  // retaken P sat in a syscall while others waited.
  void runSysmon(ThreadGroup& group, uint64_t endNs, uint64_t tickNs, std::atomic<uint64_t>& heldWhileWaitedNs);
  uint64_t retakes() const { return retakes_; }
  // From a retaken P's syscall entry to sysmon retaking it (at most maxRecorded).
  const std::vector<double>& retakeDelayNs() const { return retakeDelayNs_; }
  const std::vector<int>& retakeCpu() const { return retakeCpu_; }

 private:
  // A P as sysmon sees it: (holder + 1) << 1 | kInSyscall while its holder
  // is in a syscall, else 0; and when that syscall began.
  struct Slot {
    std::atomic<uint64_t> state{0};
    std::atomic<uint64_t> enteredNs{0};
  };
  static constexpr uint64_t kInSyscall = 1;
  static uint64_t inSyscallState(int task) { return static_cast<uint64_t>(task + 1) << 1 | kInSyscall; }

  PPool& pool_;
  std::vector<Slot> slots_;
  const uint64_t maxRecorded_;
  uint64_t retakes_ = 0;  // written by sysmon only, read after it was joined
  std::vector<double> retakeDelayNs_;
  std::vector<int> retakeCpu_;
};

// syscall/dedicated — DedicateOSThread: no P at all; the kernel alone
// schedules the task threads.
struct DedicatedPolicy {
  static constexpr bool kUsesP = false;
  static constexpr bool kNeedsSysmon = false;
  DedicatedPolicy(PPool&, int /*tokens*/, uint64_t /*maxRecorded*/) {}
  int enterSyscall(int p, int /*task*/) { return p; }
  int exitSyscall(int p, int /*task*/) { return p; }
};

}  // namespace schedcost
