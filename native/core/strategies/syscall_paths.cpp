// The proposal's syscall paths: N tasks share P tokens (GOMAXPROCS); each
// task loops "compute c ns, blocking syscall of b ns". The strategies differ
// only in what happens to the P around the syscall:
//   syscall/hold       RawSyscall: the P is kept through the syscall.
//   syscall/handoff    entersyscallblock: release the P on entry (handing it
//                      to a parked task with FUTEX_WAKE), reacquire on exit.
//   syscall/lazy       entersyscall: the P is marked "in syscall"; a sysmon
//                      thread that really sleeps 20 µs retakes Ps still in a
//                      syscall a tick later and hands them on; on exit the
//                      task keeps its P if it was not retaken (CAS).
//   syscall/dedicated  no P at all: the kernel alone schedules the threads.
// A task that has held its P for a whole slice (Go's 10 ms) yields it at the
// end of an iteration when others wait, as preemption would make it.
#include <sys/resource.h>

#include <atomic>
#include <memory>
#include <vector>

#include "../clock.hpp"
#include "../cpu.hpp"
#include "../futex.hpp"
#include "../thread_group.hpp"
#include "../timer_slack.hpp"
#include "p_pool.hpp"

namespace schedcost {
namespace {

enum class Strategy { Hold, Handoff, Lazy, Dedicated };

// Busy work that takes about the requested time on an idle CPU; under
// contention it takes longer, as real computation would.
class Compute {
 public:
  Compute() {
    uint64_t start = nowNs();
    run(kCalibrationRounds);
    nsPerRound_ = static_cast<double>(nowNs() - start) / kCalibrationRounds;
  }
  void forNs(uint64_t ns) const { run(static_cast<uint64_t>(static_cast<double>(ns) / nsPerRound_)); }

 private:
  static constexpr uint64_t kCalibrationRounds = 2'000'000;
  static void run(uint64_t rounds) {
    uint64_t x = rounds;
    for (uint64_t i = 0; i < rounds; ++i) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      doNotOptimize(x);
    }
  }
  double nsPerRound_;
};

// A P as sysmon sees it: who holds it, and whether that holder is in a syscall.
struct LazyP {
  static constexpr uint64_t kInSyscall = 1;
  std::atomic<uint64_t> state{0};  // (holder + 1) << 1 | inSyscall; 0 when not held in a syscall
  std::atomic<uint64_t> enteredNs{0};
};

struct TaskRecord {
  std::vector<double> iterationNs, syscallNs, entryNs, pWaitNs;
  std::vector<int> cpu, pWaitCpu;
  uint64_t iterations = 0;
  long voluntarySwitches = 0, involuntarySwitches = 0;
};

ProbeOutput runSyscallPath(const ProbeContext& ctx, Strategy strategy) {
  const int tasks = static_cast<int>(ctx.param("tasks"));
  const int tokens = static_cast<int>(ctx.param("tokens"));
  const auto computeNs = static_cast<uint64_t>(ctx.param("computeNs"));
  const auto syscallNs = static_cast<uint64_t>(ctx.param("syscallNs"));
  const bool futexSyscall = ctx.param("syscallKind") != 0;
  const auto durationNs = static_cast<uint64_t>(ctx.param("durationNs"));
  const auto sliceNs = static_cast<uint64_t>(ctx.param("sliceNs"));
  const auto tickNs = static_cast<uint64_t>(ctx.param("sysmonTickNs"));
  const uint64_t keepPerTask = std::max<uint64_t>(1, ctx.samples / static_cast<uint64_t>(tasks));

  const Compute compute;
  PPool pool(tokens);
  std::vector<LazyP> lazyPs(static_cast<size_t>(tokens));
  std::vector<TaskRecord> records(static_cast<size_t>(tasks));
  std::vector<double> retakeDelayNs;
  std::vector<int> retakeCpu;
  retakeDelayNs.reserve(ctx.samples);
  retakeCpu.reserve(ctx.samples);
  std::atomic<uint64_t> heldInSyscallWhileWaitedNs{0}, retakes{0};
  std::atomic<uint32_t> started{0};
  std::atomic<int> computing{0}, maxComputing{0};
  std::atomic<uint64_t> startNs{0}, endNs{0};

  ThreadGroup group(ctx);
  for (int t = 0; t < tasks; ++t) {
    group.add("task", ThreadGroup::kAnyPlannedCpu, [&, t] {
      setTimerSlackNs(1);  // the syscall lasts b, not b + 50 µs of default slack
      TaskRecord& record = records[static_cast<size_t>(t)];
      record.iterationNs.reserve(keepPerTask);
      record.syscallNs.reserve(keepPerTask);
      record.entryNs.reserve(keepPerTask);
      record.pWaitNs.reserve(keepPerTask);
      record.cpu.reserve(keepPerTask);
      record.pWaitCpu.reserve(keepPerTask);
      PPool::Waiter me;
      std::atomic<uint32_t> never{0};
      int p = -1;
      uint64_t heldSinceNs = 0;
      if (started.fetch_add(1) + 1 == static_cast<uint32_t>(tasks)) {
        startNs.store(nowNs());
        endNs.store(startNs.load() + durationNs);
        futexWake(started, tasks);
      }
      group.waitUntilEquals(started, static_cast<uint32_t>(tasks), "waiting for every task to start");
      const uint64_t end = endNs.load();
      const uint64_t tag = static_cast<uint64_t>(t + 1) << 1;
      for (uint64_t i = 0;; ++i) {
        uint64_t iterationStart = nowNs();
        if (iterationStart >= end) break;
        if ((i & 15) == 0) group.checkRunning("running the syscall loop");
        const bool record_ = i >= ctx.warmup && record.iterationNs.size() < keepPerTask;
        if (strategy != Strategy::Dedicated && p < 0) {
          p = pool.acquire(group, me);
          heldSinceNs = nowNs();
          if (record_) {
            record.pWaitNs.push_back(static_cast<double>(heldSinceNs - iterationStart));
            record.pWaitCpu.push_back(currentCpu());
          }
        }
        // Invariant check: never more tasks computing than P tokens.
        int now = computing.fetch_add(1) + 1;
        for (int seen = maxComputing.load(); now > seen && !maxComputing.compare_exchange_weak(seen, now);) {
        }
        compute.forNs(computeNs);
        computing.fetch_sub(1);
        const uint64_t computeEnd = nowNs();  // entering the syscall starts here
        if (strategy == Strategy::Handoff) {
          pool.release(p);
          p = -1;
        } else if (strategy == Strategy::Lazy) {
          lazyPs[static_cast<size_t>(p)].enteredNs.store(nowNs(), std::memory_order_relaxed);
          lazyPs[static_cast<size_t>(p)].state.store(tag | LazyP::kInSyscall, std::memory_order_release);
        }
        uint64_t syscallStart = nowNs();
        if (futexSyscall)
          futexWait(never, 0, syscallNs);
        else
          sleepForNs(syscallNs);
        uint64_t syscallEnd = nowNs();
        if (strategy == Strategy::Lazy) {
          uint64_t expected = tag | LazyP::kInSyscall;
          if (!lazyPs[static_cast<size_t>(p)].state.compare_exchange_strong(expected, 0)) p = -1;  // retaken
        }
        if (p >= 0 && strategy != Strategy::Handoff && pool.waiting() > 0) {
          heldInSyscallWhileWaitedNs.fetch_add(syscallEnd - syscallStart, std::memory_order_relaxed);
          if (syscallEnd - heldSinceNs >= sliceNs) {  // preempted at the end of its slice
            pool.release(p);
            p = -1;
          }
        }
        ++record.iterations;
        if (record_) {
          record.iterationNs.push_back(static_cast<double>(syscallEnd - iterationStart));
          record.syscallNs.push_back(static_cast<double>(syscallEnd - syscallStart));
          record.entryNs.push_back(static_cast<double>(syscallStart - computeEnd));
          record.cpu.push_back(currentCpu());
        }
      }
      if (p >= 0) pool.release(p);
      rusage usage{};
      getrusage(RUSAGE_THREAD, &usage);
      record.voluntarySwitches = usage.ru_nvcsw;
      record.involuntarySwitches = usage.ru_nivcsw;
    });
  }
  if (strategy == Strategy::Lazy) {
    group.add("sysmon", ThreadGroup::kAnyPlannedCpu, [&] {
      // Keeps the inherited timer slack: Go's sysmon does not change it.
      std::vector<uint64_t> seenEnteredNs(static_cast<size_t>(tokens), 0);
      group.waitUntilEquals(started, static_cast<uint32_t>(tasks), "waiting for every task to start");
      while (nowNs() < endNs.load()) {
        group.checkRunning("sysmon");
        sleepForNs(tickNs);
        const uint64_t now = nowNs();
        const bool others = pool.waiting() > 0;
        for (int p = 0; p < tokens; ++p) {
          LazyP& lp = lazyPs[static_cast<size_t>(p)];
          uint64_t state = lp.state.load(std::memory_order_acquire);
          uint64_t entered = lp.enteredNs.load(std::memory_order_relaxed);
          if (!(state & LazyP::kInSyscall)) continue;
          // Retake only a P seen in the same syscall at the previous tick, and only when someone waits.
          if (seenEnteredNs[static_cast<size_t>(p)] != entered) {
            seenEnteredNs[static_cast<size_t>(p)] = entered;
            continue;
          }
          if (!others || !lp.state.compare_exchange_strong(state, 0)) continue;
          retakes.fetch_add(1, std::memory_order_relaxed);
          heldInSyscallWhileWaitedNs.fetch_add(now - entered, std::memory_order_relaxed);
          if (retakeDelayNs.size() < retakeDelayNs.capacity()) {
            retakeDelayNs.push_back(static_cast<double>(now - entered));
            retakeCpu.push_back(currentCpu());
          }
          pool.release(p);
        }
      }
    });
  }
  group.run();

  ProbeOutput out;
  out.measurements.reserve(5);
  Measurement& iteration = out.measurements.emplace_back("iteration", 0);
  Measurement& syscall = out.measurements.emplace_back("syscallDuration", 0);
  // What the strategy does between the end of the computation and the syscall (hand-off, marking).
  Measurement& entry = out.measurements.emplace_back("syscallEntry", 0);
  Measurement& pWait = out.measurements.emplace_back("pWait", 0);
  uint64_t iterations = 0, fewestIterations = UINT64_MAX;
  long voluntary = 0, involuntary = 0;
  for (const TaskRecord& r : records) {
    for (size_t i = 0; i < r.iterationNs.size(); ++i) {
      iteration.keep(r.iterationNs[i], r.cpu[i]);
      syscall.keep(r.syscallNs[i], r.cpu[i]);
      entry.keep(r.entryNs[i], r.cpu[i]);
    }
    for (size_t i = 0; i < r.pWaitNs.size(); ++i) pWait.keep(r.pWaitNs[i], r.pWaitCpu[i]);
    iterations += r.iterations;
    fewestIterations = std::min(fewestIterations, r.iterations);
    voluntary += r.voluntarySwitches;
    involuntary += r.involuntarySwitches;
  }
  for (Measurement* m : {&iteration, &syscall, &entry, &pWait}) m->requested = m->valuesNs.size();
  iteration.counters = {
      {"iterations", static_cast<double>(iterations)},
      {"wallNs", static_cast<double>(durationNs)},
      {"futexWakes", static_cast<double>(pool.futexWakes())},
      {"voluntaryContextSwitches", static_cast<double>(voluntary)},
      {"involuntaryContextSwitches", static_cast<double>(involuntary)},
      {"tokenHeldInSyscallWhileOthersWaitedNs", static_cast<double>(heldInSyscallWhileWaitedNs.load())},
      {"maxTasksComputing", static_cast<double>(maxComputing.load())},
      {"fewestIterationsOfATask", static_cast<double>(fewestIterations)},
  };
  if (strategy == Strategy::Lazy) {
    iteration.counters["retakes"] = static_cast<double>(retakes.load());
    Measurement& retake = out.measurements.emplace_back("retakeDelay", retakeDelayNs.size());
    for (size_t i = 0; i < retakeDelayNs.size(); ++i) retake.keep(retakeDelayNs[i], retakeCpu[i]);
  }
  if (pWait.valuesNs.empty()) out.measurements.erase(out.measurements.begin() + 3);
  return out;
}

std::vector<ParamSpec> syscallPathParams() {
  return {
      ParamSpec{.name = "tasks",
                .description = "N: task threads",
                .unit = ParamUnit::Count,
                .defaults = {4},
                .min = 1,
                .max = 64},
      ParamSpec{.name = "tokens",
                .description = "P: GOMAXPROCS (ignored by syscall/dedicated)",
                .unit = ParamUnit::Count,
                .defaults = {1},
                .min = 1,
                .max = 16},
      ParamSpec{.name = "computeNs",
                .description = "c: computation between syscalls",
                .unit = ParamUnit::Ns,
                .defaults = {5000},
                .min = 0,
                .max = 1e8},
      ParamSpec{.name = "syscallNs",
                .description = "b: length of the blocking syscall",
                .unit = ParamUnit::Ns,
                .defaults = {50000},
                .min = 1,
                .max = 1e8},
      ParamSpec{.name = "syscallKind",
                .description = "0: nanosleep; 1: FUTEX_WAIT with a timeout",
                .unit = ParamUnit::Enum,
                .defaults = {0},
                .min = 0,
                .max = 1},
      ParamSpec{.name = "durationNs",
                .description = "how long the tasks run",
                .unit = ParamUnit::Ns,
                .defaults = {100000000},
                .min = 1e6,
                .max = 6e10},
      ParamSpec{.name = "sliceNs",
                .description = "a task yields its P after this long when others wait (Go: 10 ms)",
                .unit = ParamUnit::Ns,
                .defaults = {10000000},
                .min = 1000,
                .max = 1e10},
      ParamSpec{.name = "sysmonTickNs",
                .description = "sysmon's sleep between retake passes (syscall/lazy; Go: 20 µs)",
                .unit = ParamUnit::Ns,
                .defaults = {20000},
                .min = 1000,
                .max = 1e8},
  };
}

const char* kDescription =
    " N task threads share P tokens and loop: compute c, blocking syscall b. Records iteration and syscall times, "
    "waits for a P, futex wakes, context switches.";

ProbeInfo syscallPathProbe(const char* name, const std::string& strategy, Strategy kind,
                           std::vector<std::string> metrics) {
  return ProbeInfo{
      .name = name,
      .description = strategy + kDescription,
      .cpus = CpuUse::Pair,
      .params = syscallPathParams(),
      .metrics = std::move(metrics),
      .run = [kind](const ProbeContext& ctx) { return runSyscallPath(ctx, kind); },
  };
}

[[maybe_unused]] const bool registered[] = {
    registerProbe(syscallPathProbe("syscall/hold", "Strategy RawSyscall: the P is kept through the syscall.",
                                   Strategy::Hold, {"iteration", "syscallDuration", "syscallEntry", "pWait"})),
    registerProbe(syscallPathProbe(
        "syscall/handoff",
        "Strategy entersyscallblock: the P is handed off with a FUTEX_WAKE on entry and reacquired on exit.",
        Strategy::Handoff, {"iteration", "syscallDuration", "syscallEntry", "pWait"})),
    registerProbe(syscallPathProbe(
        "syscall/lazy",
        "Strategy entersyscall: a sysmon thread sleeping sysmonTickNs retakes Ps left in a syscall over a tick.",
        Strategy::Lazy, {"iteration", "syscallDuration", "syscallEntry", "pWait", "retakeDelay"})),
    registerProbe(syscallPathProbe("syscall/dedicated",
                                   "Strategy DedicateOSThread: no P; the kernel alone schedules the task threads.",
                                   Strategy::Dedicated, {"iteration", "syscallDuration", "syscallEntry"})),
};

}  // namespace
}  // namespace schedcost
