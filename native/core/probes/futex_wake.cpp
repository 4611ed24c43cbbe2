// futex-wake: one-way wake-to-run latency. The waker reads the clock just
// before FUTEX_WAKE; the sleeper reads it on return from FUTEX_WAIT. A random
// gap before every wake lets the sleeper really go to sleep (and its CPU go
// idle, which is what makes cross-CPU wakes slow on VMs): the gap is recorded.
#include <atomic>

#include "../clock.hpp"
#include "../fault_injection.hpp"
#include "../futex.hpp"
#include "../one_way_wake.hpp"
#include "../probe.hpp"
#include "../thread_group.hpp"

namespace schedcost {
namespace {

// The waker stores the sample's number + 1 in the word and FUTEX_WAKEs it;
// the sleeper FUTEX_WAITs while the word still holds the previous one.
struct FutexPath {
  static constexpr bool kSleeperBlocks = true;
  static constexpr bool kTimesTrigger = true;  // wakerCost
  std::atomic<uint32_t> word{0};
  const bool dropWakes = faultInjection().dropWakes;

  void startSleeper() {}
  bool trigger(ThreadGroup&, uint64_t seq) {
    word.store(static_cast<uint32_t>(seq + 1), std::memory_order_release);
    return (dropWakes ? 0 : futexWake(word)) == 1;
  }
  // Parks without a timeout, as a runtime does: a lost wake is caught by
  // the group's watchdog at the deadline, named in the failure.
  Woken block(ThreadGroup& group, uint64_t seq) {
    const auto asleepValue = static_cast<uint32_t>(seq);
    while (word.load(std::memory_order_acquire) == asleepValue)
      group.park(word, asleepValue, "waiting to be woken (lost wakeup?)");
    return Woken{.atNs = nowNs()};
  }
};

ProbeOutput runFutexWake(const ProbeContext& ctx) {
  const auto gapMinNs = ctx.param("gapMinNs"), gapMaxNs = ctx.param("gapMaxNs");
  ProbeOutput result;
  result.measurements.reserve(2);
  Measurement& wake = result.measurements.emplace_back("wakeLatency", ctx.samples);
  // The waker's own cost: how long FUTEX_WAKE takes to return when it wakes someone.
  Measurement& wakerCost = result.measurements.emplace_back("wakerCost", ctx.samples);
  for (Measurement* m : {&wake, &wakerCost}) {
    m->params["gapMinNs"] = gapMinNs;
    m->params["gapMaxNs"] = gapMaxNs;
  }

  FutexPath path;
  OneWayWake handshake(ctx, path);
  ThreadGroup group(ctx);
  handshake.addRoles(group, "waker", "sleeper");
  group.run();

  const OneWayRecord& r = handshake.record();
  std::vector<double>& idleKept = wake.auxNs["idleGapNs"];
  for (uint64_t i = ctx.warmup; i < ctx.warmup + ctx.samples; ++i) {
    if (const char* reason = r.exclusion(ctx, i)) {
      wake.exclude(reason, r.sleeperCpu[i]);
      wakerCost.exclude(reason, r.wakerCpu[i]);
      continue;
    }
    wake.keep(r.latencyNs(i), r.sleeperCpu[i]);
    wakerCost.keep(r.triggerCostNs(i), r.wakerCpu[i]);
    idleKept.push_back(r.idleGapNs(i));
  }
  return result;
}

[[maybe_unused]] const bool registered = registerProbe(ProbeInfo{
    .name = "futex-wake",
    .description =
        "One-way wake-to-run latency: waker's clock just before FUTEX_WAKE to the sleeper's clock on return "
        "from FUTEX_WAIT, after a random idle gap; and the waker's cost of that FUTEX_WAKE. Wakes that found "
        "the sleeper not yet asleep are excluded and counted.",
    .cpus = CpuUse::Pair,
    .params =
        {
            ParamSpec{.name = "gapMinNs",
                      .description = "shortest idle gap before a wake",
                      .unit = ParamUnit::Ns,
                      .defaults = {20000},
                      .min = 0,
                      .max = 1e9},
            ParamSpec{.name = "gapMaxNs",
                      .description = "longest idle gap before a wake",
                      .unit = ParamUnit::Ns,
                      .defaults = {80000},
                      .min = 0,
                      .max = 1e9},
        },
    .metrics = {"wakeLatency", "wakerCost"},
    .run = runFutexWake,
});

}  // namespace
}  // namespace schedcost
