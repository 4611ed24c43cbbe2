// wake/dedicated — DedicateOSThread: T owns its thread; the waker
// FUTEX_WAKEs that thread directly. One hop, no migration.
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

ProbeOutput runWakeDedicated(const ProbeContext& ctx) {
  const uint64_t total = ctx.warmup + ctx.samples;
  const int waker = ctx.cpuA(), home = ctx.cpuB();
  WakePathSamples samples(total);
  std::atomic<uint32_t> word{0}, ready{0};
  std::atomic<uint64_t> wakeStartNs{0}, blockedAtNs{0};
  double futexWakes = 0;  // in measured wakeups only

  ThreadGroup group(ctx);
  group.add("waker", waker, [&] {
    setTimerSlackNs(1);
    SplitMix64 rng(ctx.seed);
    for (uint64_t i = 0; i < total; ++i) {
      gapThenStartWake(group, ctx, rng, samples, i, ready, blockedAtNs, wakeStartNs);
      word.store(static_cast<uint32_t>(i + 1), std::memory_order_release);
      samples.notAsleep[i] = futexWake(word) != 1;
      if (i >= ctx.warmup) ++futexWakes;
    }
  });
  group.add("task", home, [&] {
    WorkingSet set(static_cast<size_t>(ctx.param("workingSetBytes")), ctx.seed);
    for (uint64_t i = 0; i < total; ++i) blockThenRun(group, samples, set, i, word, ready, blockedAtNs, wakeStartNs);
  });
  group.run();
  ProbeOutput out;
  samples.emit(ctx, home, waker, out, {{"futexWakes", futexWakes}}, Splits::None);
  return out;
}

[[maybe_unused]] const bool registered = registerProbe(ProbeInfo{
    .name = "wake/dedicated",
    .description =
        "Strategy DedicateOSThread: the waker (first CPU) FUTEX_WAKEs T's own thread on its home CPU (second "
        "CPU); T then re-touches its working set. One wake per wakeup.",
    .cpus = CpuUse::Pair,
    .crossCpuOnly = true,
    .params = wakePathParams(),
    .metrics = wakePathMetrics(Splits::None),
    .run = runWakeDedicated,
});

}  // namespace
}  // namespace schedcost
