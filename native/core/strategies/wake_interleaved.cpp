// wake/interleaved — wake/dedicated and wake/locked (scheduler thread on T's
// CPU) alternated sample by sample on the same threads, so a shift of the
// host's regime (a VM's vCPU being descheduled, a frequency change) moves
// both paths alike and cancels in their difference. Even samples: the waker
// FUTEX_WAKEs T's own thread. Odd samples: the waker wakes the scheduler
// thread (hop 1), which hands over to T's thread with a second FUTEX_WAKE
// (hop 2). Unlike wake/locked, the scheduler thread reads no clock: the
// measured interval holds only the path.
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

bool isLocked(uint64_t seq) {
  return seq % 2 == 1;
}

// One measurement per path, each with the exclusions of its strategy and the
// wakes counted in its measured samples.
void emitInterleaved(const ProbeContext& ctx, const WakePathSamples& samples, double dedicatedWakes, double lockedWakes,
                     ProbeOutput& out) {
  const uint64_t total = ctx.warmup + ctx.samples;
  uint64_t lockedRequested = 0;
  for (uint64_t i = ctx.warmup; i < total; ++i) lockedRequested += isLocked(i);
  out.measurements.reserve(2);
  Measurement& dedicated = out.measurements.emplace_back("dedicatedWakeToRun", ctx.samples - lockedRequested);
  Measurement& locked = out.measurements.emplace_back("lockedWakeToRun", lockedRequested);
  for (Measurement* m : {&dedicated, &locked}) m->params["workingSetBytes"] = ctx.param("workingSetBytes");
  const int waker = ctx.cpuA(), home = ctx.cpuB();
  for (uint64_t i = ctx.warmup; i < total; ++i) {
    Measurement& m = isLocked(i) ? locked : dedicated;
    const int cpu = samples.taskCpu[i];
    const bool placed = cpu == home && samples.wakerCpu[i] == waker;
    if (const char* reason = !placed ? "offCpu" : samples.notAsleep[i] ? "notAsleep" : nullptr) {
      m.exclude(reason, cpu);
      continue;
    }
    m.keep(samples.wakeToRunNs[i], cpu);
    m.auxNs["idleGapNs"].push_back(samples.idleNs[i]);
  }
  dedicated.counters["futexWakes"] = dedicatedWakes;
  locked.counters["futexWakes"] = lockedWakes;
}

ProbeOutput runWakeInterleaved(const ProbeContext& ctx) {
  const uint64_t total = ctx.warmup + ctx.samples;
  const int waker = ctx.cpuA(), home = ctx.cpuB();
  WakePathSamples samples(total);
  std::vector<uint8_t> hop2Missed(total);
  std::atomic<uint32_t> taskWord{0}, schedWord{0}, runQueue{0}, ready{0};
  std::atomic<uint64_t> wakeStartNs{0}, blockedAtNs{0};
  double dedicatedWakes = 0;             // in measured samples only
  std::atomic<uint64_t> lockedWakes{0};  // in measured samples only, by the waker and the scheduler

  ThreadGroup group(ctx);
  group.add("waker", waker, [&] {
    setTimerSlackNs(1);
    SplitMix64 rng(ctx.seed);
    for (uint64_t i = 0; i < total; ++i) {
      const auto next = static_cast<uint32_t>(i + 1);
      if (!isLocked(i)) {
        gapThenStartWake(group, ctx, rng, samples, i, ready, blockedAtNs, wakeStartNs);
        taskWord.store(next, std::memory_order_release);
        samples.notAsleep[i] = futexWake(taskWord) != 1;
        if (i >= ctx.warmup) ++dedicatedWakes;
        continue;
      }
      gapThenStartWake(group, ctx, rng, samples, i, ready, blockedAtNs, wakeStartNs);
      runQueue.store(next, std::memory_order_relaxed);  // T is runnable
      schedWord.store(next, std::memory_order_release);
      samples.notAsleep[i] = futexWake(schedWord) != 1;  // hop 1
      if (i >= ctx.warmup) lockedWakes.fetch_add(1, std::memory_order_relaxed);
    }
  });
  group.add("scheduler", home, [&] {
    for (uint64_t i = 1; i < total; i += 2) {
      const auto next = static_cast<uint32_t>(i + 1);
      group.waitUntilEquals(schedWord, next, "scheduler thread waiting for work");
      // Pick: T is runnable and locked to its own thread, so hand over to it.
      if (runQueue.load(std::memory_order_relaxed) != next) throw ProbeError("scheduler found no runnable task");
      taskWord.store(next, std::memory_order_release);
      hop2Missed[i] = futexWake(taskWord) != 1;  // hop 2
      if (i >= ctx.warmup) lockedWakes.fetch_add(1, std::memory_order_relaxed);
    }
  });
  group.add("task", home, [&] {
    WorkingSet set(static_cast<size_t>(ctx.param("workingSetBytes")), ctx.seed);
    for (uint64_t i = 0; i < total; ++i)
      blockThenRun(group, samples, set, i, taskWord, ready, blockedAtNs, wakeStartNs);
  });
  group.run();
  for (uint64_t i = 0; i < total; ++i) samples.notAsleep[i] |= hop2Missed[i];
  ProbeOutput out;
  emitInterleaved(ctx, samples, dedicatedWakes, static_cast<double>(lockedWakes.load()), out);
  return out;
}

[[maybe_unused]] const bool registered = registerProbe(ProbeInfo{
    .name = "wake/interleaved",
    .description =
        "wake/dedicated and wake/locked (scheduler thread on T's CPU) alternated sample by sample on the same "
        "threads: even samples the waker (first CPU) FUTEX_WAKEs T's own thread (second CPU); odd samples it wakes "
        "the scheduler thread, which hands over to T with a second FUTEX_WAKE. A regime shift of the host moves both.",
    .cpus = CpuUse::Pair,
    .crossCpuOnly = true,
    .params = wakePathParams(),
    .metrics = {"dedicatedWakeToRun", "lockedWakeToRun"},
    .run = runWakeInterleaved,
});

}  // namespace
}  // namespace schedcost
