// wake/locked — LockOSThread today: T's thread may run only once a
// scheduler thread has picked it. The waker wakes the scheduler thread
// (hop 1); it finds T locked to its own thread, hands over its P by waking
// T's thread (hop 2), and parks. Two wakes per wakeup. The scheduler parks
// straight after hop 2, as Go's M does (stopm): nothing of the harness runs
// between hop 2 and its park, for with the scheduler on T's CPU T runs only
// once it has parked. A hop 1 that finds it not yet parked marks the sample
// not asleep.
#include <atomic>

#include "../clock.hpp"
#include "../cpu.hpp"
#include "../futex.hpp"
#include "../random.hpp"
#include "../thread_group.hpp"
#include "../timer_slack.hpp"
#include "../working_set.hpp"
#include "wake_path.hpp"

namespace schedcost {
namespace {

ProbeOutput runWakeLocked(const ProbeContext& ctx) {
  const uint64_t total = ctx.warmup + ctx.samples;
  const int waker = ctx.cpuA(), home = ctx.cpuB();
  const int schedulerCpu = ctx.param("schedulerOnWakerCpu") != 0 ? waker : home;
  WakePathSamples samples(total);
  std::vector<double> hop1Ns(total), pickNs(total), hop2Ns(total);
  std::vector<uint8_t> hop2Missed(total);
  std::atomic<uint32_t> taskWord{0}, schedWord{0}, runQueue{0}, ready{0};
  std::atomic<uint64_t> wakeStartNs{0}, blockedAtNs{0}, handoffStartNs{0};
  std::atomic<uint64_t> futexWakes{0};  // in measured wakeups only

  ThreadGroup group(ctx);
  group.add("waker", waker, [&] {
    setTimerSlackNs(1);
    SplitMix64 rng(ctx.seed);
    for (uint64_t i = 0; i < total; ++i) {
      gapThenStartWake(group, ctx, rng, samples, i, ready, blockedAtNs, wakeStartNs);
      runQueue.store(static_cast<uint32_t>(i + 1), std::memory_order_relaxed);  // T is runnable
      schedWord.store(static_cast<uint32_t>(i + 1), std::memory_order_release);
      samples.notAsleep[i] = futexWake(schedWord) != 1;  // hop 1
      if (i >= ctx.warmup) futexWakes.fetch_add(1, std::memory_order_relaxed);
    }
  });
  group.add("scheduler", schedulerCpu, [&] {
    for (uint64_t i = 0; i < total; ++i) {
      group.waitWhileEquals(schedWord, static_cast<uint32_t>(i), "scheduler thread waiting for work");
      uint64_t woke = nowNs();
      hop1Ns[i] = static_cast<double>(woke - wakeStartNs.load(std::memory_order_relaxed));
      // Pick: T is on the run queue and locked to its own thread, so this
      // thread hands its P over instead of running T.
      if (runQueue.load(std::memory_order_relaxed) != i + 1) throw ProbeError("scheduler found no runnable task");
      uint64_t handoff = nowNs();
      pickNs[i] = static_cast<double>(handoff - woke);
      handoffStartNs.store(handoff, std::memory_order_relaxed);
      taskWord.store(static_cast<uint32_t>(i + 1), std::memory_order_release);
      hop2Missed[i] = futexWake(taskWord) != 1;  // hop 2
      if (i >= ctx.warmup) futexWakes.fetch_add(1, std::memory_order_relaxed);
    }
  });
  group.add("task", home, [&] {
    WorkingSet set(static_cast<size_t>(ctx.param("workingSetBytes")), ctx.seed);
    for (uint64_t i = 0; i < total; ++i) {
      uint64_t running = blockThenRun(group, samples, set, i, taskWord, ready, blockedAtNs, wakeStartNs);
      hop2Ns[i] = static_cast<double>(running - handoffStartNs.load(std::memory_order_relaxed));
    }
  });
  group.run();
  for (uint64_t i = 0; i < total; ++i) samples.notAsleep[i] |= hop2Missed[i];
  samples.steps = {{"hop1Ns", hop1Ns}, {"pickNs", pickNs}, {"hop2Ns", hop2Ns}};
  ProbeOutput out;
  samples.emit(ctx, home, waker, out, {{"futexWakes", static_cast<double>(futexWakes.load())}}, Splits::None);
  return out;
}

std::vector<ParamSpec> lockedParams() {
  auto params = wakePathParams();
  params.push_back(flagParam("schedulerOnWakerCpu", "1: the scheduler thread runs on the waker's CPU; 0: on T's"));
  return params;
}

[[maybe_unused]] const bool registered = registerProbe(ProbeInfo{
    .name = "wake/locked",
    .description = "Strategy LockOSThread: the waker wakes a scheduler thread (hop 1), which hands its P to T's locked "
                   "thread with a second FUTEX_WAKE (hop 2) and parks. Two wakes per wakeup; the scheduler thread sits "
                   "on T's CPU or the waker's.",
    .cpus = CpuUse::Pair,
    .crossCpuOnly = true,
    .params = lockedParams(),
    .metrics = wakePathMetrics(Splits::None),
    .run = runWakeLocked,
});

}  // namespace
}  // namespace schedcost
