// The proposal's syscall paths: N tasks share P tokens (GOMAXPROCS); each
// task loops "compute c ns, blocking syscall of b ns". The strategies differ
// only in what happens to the P around the syscall (syscall_policies.hpp):
// hold keeps it, handoff hands it on at entry, lazy leaves it for sysmon to
// retake, dedicated has none. A task that has held its P for a whole slice
// (Go's 10 ms) yields it at the end of an iteration when others wait, as
// preemption would make it.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <vector>

#include "../clock.hpp"
#include "../cpu.hpp"
#include "../futex.hpp"
#include "../thread_group.hpp"
#include "../timer_slack.hpp"
#include "p_pool.hpp"
#include "syscall_policies.hpp"

namespace schedcost {
namespace {

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

struct Config {
  explicit Config(const ProbeContext& ctx)
      : tasks(static_cast<int>(ctx.param("tasks"))),
        tokens(static_cast<int>(ctx.param("tokens"))),
        computeNs(static_cast<uint64_t>(ctx.param("computeNs"))),
        syscallNs(static_cast<uint64_t>(ctx.param("syscallNs"))),
        futexSyscall(ctx.param("syscallKind") != 0),
        durationNs(static_cast<uint64_t>(ctx.param("durationNs"))),
        sliceNs(static_cast<uint64_t>(ctx.param("sliceNs"))),
        tickNs(static_cast<uint64_t>(ctx.param("sysmonTickNs"))),
        warmup(ctx.warmup),
        keepPerTask(std::max<uint64_t>(1, ctx.samples / static_cast<uint64_t>(tasks))) {}
  int tasks, tokens;
  uint64_t computeNs, syscallNs;
  bool futexSyscall;
  uint64_t durationNs, sliceNs, tickNs, warmup, keepPerTask;
};

struct TaskRecord {
  std::vector<double> iterationNs, syscallNs, entryNs, pWaitNs;
  std::vector<int> cpu, pWaitCpu;
  uint64_t iterations = 0;
  long voluntarySwitches = 0, involuntarySwitches = 0;
};

// What the tasks (and sysmon) share during one run.
class SharedRun {
 public:
  explicit SharedRun(const Config& config)
      : pool(config.tokens), records(static_cast<size_t>(config.tasks)), config_(config) {}

  // Every task starts its loop at once; the last to arrive fixes when they
  // all stop, before it lets anyone go.
  void arriveAndWait(ThreadGroup& group) {
    if (arrived_.fetch_add(1) + 1 == static_cast<uint32_t>(config_.tasks)) {
      endNs_.store(nowNs() + config_.durationNs, std::memory_order_relaxed);
      go_.store(1, std::memory_order_release);
      futexWake(go_, INT_MAX);
    }
    waitForStart(group);
  }
  void waitForStart(ThreadGroup& group) { group.waitUntilEquals(go_, 1, "waiting for every task to start"); }
  uint64_t endNs() const { return endNs_.load(std::memory_order_relaxed); }

  // Invariant check: never more tasks computing than P tokens.
  void startComputing() {
    int now = computing_.fetch_add(1) + 1;
    for (int seen = maxComputing.load(); now > seen && !maxComputing.compare_exchange_weak(seen, now);) {
    }
  }
  void stopComputing() { computing_.fetch_sub(1); }

  PPool pool;
  std::vector<TaskRecord> records;
  std::atomic<uint64_t> heldInSyscallWhileWaitedNs{0};
  std::atomic<int> maxComputing{0};

 private:
  const Config& config_;
  std::atomic<uint32_t> arrived_{0}, go_{0};
  std::atomic<uint64_t> endNs_{0};
  std::atomic<int> computing_{0};
};

template <typename Policy>
void runTask(ThreadGroup& group, const Config& config, const Compute& compute, SharedRun& run, Policy& policy,
             int task) {
  setTimerSlackNs(1);  // the syscall lasts b, not b + 50 µs of default slack
  TaskRecord& record = run.records[static_cast<size_t>(task)];
  for (auto* v : {&record.iterationNs, &record.syscallNs, &record.entryNs, &record.pWaitNs})
    v->reserve(config.keepPerTask);
  record.cpu.reserve(config.keepPerTask);
  record.pWaitCpu.reserve(config.keepPerTask);
  PPool::Waiter me;
  std::atomic<uint32_t> never{0};
  int p = -1;
  uint64_t heldSinceNs = 0;
  run.arriveAndWait(group);
  const uint64_t end = run.endNs();
  for (uint64_t i = 0;; ++i) {
    const uint64_t iterationStart = nowNs();
    if (iterationStart >= end) break;
    if ((i & 15) == 0) group.checkRunning("running the syscall loop");
    const bool recorded = i >= config.warmup && record.iterationNs.size() < config.keepPerTask;
    if (Policy::kUsesP && p < 0) {
      p = run.pool.acquire(group, me);
      heldSinceNs = nowNs();
      if (recorded) {
        record.pWaitNs.push_back(static_cast<double>(heldSinceNs - iterationStart));
        record.pWaitCpu.push_back(currentCpu());
      }
    }
    run.startComputing();
    compute.forNs(config.computeNs);
    run.stopComputing();
    const uint64_t computeEnd = nowNs();  // entering the syscall starts here
    p = policy.enterSyscall(p, task);
    const uint64_t syscallStart = nowNs();
    if (config.futexSyscall)
      futexWaitFor(never, 0, config.syscallNs);
    else
      sleepForNs(config.syscallNs);
    const uint64_t syscallEnd = nowNs();
    p = policy.exitSyscall(p, task);
    if (p >= 0 && run.pool.waiting() > 0) {
      run.heldInSyscallWhileWaitedNs.fetch_add(syscallEnd - syscallStart, std::memory_order_relaxed);
      if (syscallEnd - heldSinceNs >= config.sliceNs) {  // preempted at the end of its slice
        run.pool.release(p);
        p = -1;
      }
    }
    ++record.iterations;
    if (recorded) {
      record.iterationNs.push_back(static_cast<double>(syscallEnd - iterationStart));
      record.syscallNs.push_back(static_cast<double>(syscallEnd - syscallStart));
      record.entryNs.push_back(static_cast<double>(syscallStart - computeEnd));
      record.cpu.push_back(currentCpu());
    }
  }
  if (p >= 0) run.pool.release(p);
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  record.voluntarySwitches = usage.ru_nvcsw;
  record.involuntarySwitches = usage.ru_nivcsw;
}

template <typename Policy>
ProbeOutput emit(const Config& config, SharedRun& run, const Policy& policy) {
  ProbeOutput out;
  out.measurements.reserve(5);
  Measurement& iteration = out.measurements.emplace_back("iteration", 0);
  Measurement& syscall = out.measurements.emplace_back("syscallDuration", 0);
  // What the strategy does between the end of the computation and the syscall (hand-off, marking).
  Measurement& entry = out.measurements.emplace_back("syscallEntry", 0);
  uint64_t iterations = 0, fewestIterations = UINT64_MAX;
  long voluntary = 0, involuntary = 0;
  for (const TaskRecord& r : run.records) {
    for (size_t i = 0; i < r.iterationNs.size(); ++i) {
      iteration.keep(r.iterationNs[i], r.cpu[i]);
      syscall.keep(r.syscallNs[i], r.cpu[i]);
      entry.keep(r.entryNs[i], r.cpu[i]);
    }
    iterations += r.iterations;
    fewestIterations = std::min(fewestIterations, r.iterations);
    voluntary += r.voluntarySwitches;
    involuntary += r.involuntarySwitches;
  }
  for (Measurement* m : {&iteration, &syscall, &entry}) m->requested = m->valuesNs.size();
  iteration.counters = {
      {"iterations", static_cast<double>(iterations)},
      {"wallNs", static_cast<double>(config.durationNs)},
      {"futexWakes", static_cast<double>(run.pool.futexWakes())},
      {"voluntaryContextSwitches", static_cast<double>(voluntary)},
      {"involuntaryContextSwitches", static_cast<double>(involuntary)},
      {"tokenHeldInSyscallWhileOthersWaitedNs", static_cast<double>(run.heldInSyscallWhileWaitedNs.load())},
      {"maxTasksComputing", static_cast<double>(run.maxComputing.load())},
      {"fewestIterationsOfATask", static_cast<double>(fewestIterations)},
  };
  // pWait only when some task had to wait for a P: with a P per task there is no distribution to report.
  const bool anyPWait =
      std::any_of(run.records.begin(), run.records.end(), [](const TaskRecord& r) { return !r.pWaitNs.empty(); });
  if (Policy::kUsesP && anyPWait) {
    Measurement& pWait = out.measurements.emplace_back("pWait", 0);
    for (const TaskRecord& r : run.records)
      for (size_t i = 0; i < r.pWaitNs.size(); ++i) pWait.keep(r.pWaitNs[i], r.pWaitCpu[i]);
    pWait.requested = pWait.valuesNs.size();
  }
  if constexpr (Policy::kNeedsSysmon) {
    iteration.counters["retakes"] = static_cast<double>(policy.retakes());
    Measurement& retake = out.measurements.emplace_back("retakeDelay", policy.retakeDelayNs().size());
    for (size_t i = 0; i < policy.retakeDelayNs().size(); ++i)
      retake.keep(policy.retakeDelayNs()[i], policy.retakeCpu()[i]);
  }
  return out;
}

template <typename Policy>
ProbeOutput runSyscallPath(const ProbeContext& ctx) {
  const Config config(ctx);
  const Compute compute;
  SharedRun run(config);
  Policy policy(run.pool, config.tokens, ctx.samples);
  ThreadGroup group(ctx);
  for (int t = 0; t < config.tasks; ++t)
    group.add("task", ThreadGroup::kAnyPlannedCpu, [&, t] { runTask(group, config, compute, run, policy, t); });
  if constexpr (Policy::kNeedsSysmon) {
    group.add("sysmon", ThreadGroup::kAnyPlannedCpu, [&] {
      run.waitForStart(group);
      policy.runSysmon(group, run.endNs(), config.tickNs, run.heldInSyscallWhileWaitedNs);
    });
  }
  group.run();
  return emit(config, run, policy);
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

template <typename Policy>
ProbeInfo syscallPathProbe(const char* name, const char* strategy) {
  std::vector<std::string> metrics = {"iteration", "syscallDuration", "syscallEntry"};
  if (Policy::kUsesP) metrics.push_back("pWait");
  if (Policy::kNeedsSysmon) metrics.push_back("retakeDelay");
  return ProbeInfo{
      .name = name,
      .description = std::string(strategy) + kDescription,
      .cpus = CpuUse::Pair,
      .params = syscallPathParams(),
      .metrics = std::move(metrics),
      .run = runSyscallPath<Policy>,
  };
}

[[maybe_unused]] const bool registered[] = {
    registerProbe(
        syscallPathProbe<HoldPolicy>("syscall/hold", "Strategy RawSyscall: the P is kept through the syscall.")),
    registerProbe(syscallPathProbe<HandoffPolicy>(
        "syscall/handoff",
        "Strategy entersyscallblock: the P is handed off with a FUTEX_WAKE on entry and reacquired on exit.")),
    registerProbe(syscallPathProbe<LazyPolicy>(
        "syscall/lazy",
        "Strategy entersyscall: a sysmon thread sleeping sysmonTickNs retakes Ps left in a syscall over a tick.")),
    registerProbe(syscallPathProbe<DedicatedPolicy>(
        "syscall/dedicated", "Strategy DedicateOSThread: no P; the kernel alone schedules the task threads.")),
};

}  // namespace
}  // namespace schedcost
