// futex-wake: one-way wake-to-run latency. The waker reads the clock just
// before FUTEX_WAKE; the sleeper reads it on return from FUTEX_WAIT. A random
// gap before every wake lets the sleeper really go to sleep (and its CPU go
// idle, which is what makes cross-CPU wakes slow on VMs): the gap is recorded.
#include <atomic>
#include <vector>

#include "../clock.hpp"
#include "../cpu.hpp"
#include "../fault_injection.hpp"
#include "../futex.hpp"
#include "../probe.hpp"
#include "../random.hpp"
#include "../thread_group.hpp"
#include "../timer_slack.hpp"

namespace schedcost {
namespace {

enum class WakeOutcome : uint8_t { Woken, NotAsleep };

ProbeOutput runFutexWake(const ProbeContext& ctx) {
  const uint64_t total = ctx.warmup + ctx.samples;
  const auto gapMinNs = static_cast<uint64_t>(ctx.param("gapMinNs"));
  const auto gapMaxNs = static_cast<uint64_t>(ctx.param("gapMaxNs"));
  const bool dropWakes = faultInjection().dropWakes;
  ProbeOutput result;
  result.measurements.reserve(2);
  Measurement& wake = result.measurements.emplace_back("wakeLatency", ctx.samples);
  // The waker's own cost: how long FUTEX_WAKE takes to return when it wakes someone.
  Measurement& wakerCost = result.measurements.emplace_back("wakerCost", ctx.samples);
  for (Measurement* m : {&wake, &wakerCost}) {
    m->params["gapMinNs"] = static_cast<double>(gapMinNs);
    m->params["gapMaxNs"] = static_cast<double>(gapMaxNs);
  }
  if (gapMaxNs < gapMinNs) throw ProbeError("gapMaxNs must not be below gapMinNs");

  std::atomic<uint32_t> word{0};
  std::atomic<uint32_t> consumed{0};  // samples the sleeper has finished
  std::atomic<uint64_t> wakeStartNs{0};
  std::atomic<uint64_t> sleepStartNs{0};
  std::vector<double> latencyNs(total), idleNs(total), wakeCallNs(total);
  std::vector<int> sleeperCpu(total), wakerCpu(total);
  std::vector<WakeOutcome> outcome(total);
  std::vector<uint8_t> sleeperTimedOut(total);

  ThreadGroup group(ctx);
  group.add("waker", ctx.cpuA(), [&] {
    setTimerSlackNs(1);  // gaps as requested, not stretched by 50 µs
    SplitMix64 rng(ctx.seed);
    for (uint64_t i = 0; i < total; ++i) {
      sleepForNs(rng.between(gapMinNs, gapMaxNs));
      group.waitUntilEquals(consumed, static_cast<uint32_t>(i), "waiting for the sleeper to go back to sleep");
      wakerCpu[i] = currentCpu();
      uint64_t start = nowNs();
      idleNs[i] = static_cast<double>(start - sleepStartNs.load(std::memory_order_acquire));
      wakeStartNs.store(start, std::memory_order_relaxed);
      word.store(static_cast<uint32_t>(i + 1), std::memory_order_release);
      int woken = dropWakes ? 0 : futexWake(word);
      wakeCallNs[i] = static_cast<double>(nowNs() - start);
      outcome[i] = woken == 1 ? WakeOutcome::Woken : WakeOutcome::NotAsleep;
    }
  });
  group.add("sleeper", ctx.cpuB(), [&] {
    for (uint64_t i = 0; i < total; ++i) {
      const auto asleepValue = static_cast<uint32_t>(i);
      sleepStartNs.store(nowNs(), std::memory_order_release);
      consumed.store(static_cast<uint32_t>(i), std::memory_order_release);
      futexWake(consumed);
      FutexWaitResult last = FutexWaitResult::Woken;
      while (word.load(std::memory_order_acquire) == asleepValue) {
        group.checkRunning("waiting to be woken (lost wakeup?)");
        last = futexWait(word, asleepValue, ThreadGroup::kWaitSliceNs);
      }
      uint64_t end = nowNs();
      latencyNs[i] = static_cast<double>(end - wakeStartNs.load(std::memory_order_relaxed));
      sleeperCpu[i] = currentCpu();
      sleeperTimedOut[i] = last == FutexWaitResult::TimedOut;
    }
    consumed.store(static_cast<uint32_t>(total), std::memory_order_release);
    futexWake(consumed);
  });
  group.run();

  std::vector<double>& idleKept = wake.auxNs["idleGapNs"];
  for (uint64_t i = ctx.warmup; i < total; ++i) {
    const char* reason = sleeperCpu[i] != ctx.cpuB() || wakerCpu[i] != ctx.cpuA() ? "offCpu"
                         : sleeperTimedOut[i]                                     ? "wokenByTimeout"
                         : outcome[i] != WakeOutcome::Woken                       ? "notAsleep"
                                                                                  : nullptr;
    if (reason) {
      wake.exclude(reason, sleeperCpu[i]);
      wakerCost.exclude(reason, wakerCpu[i]);
      continue;
    }
    wake.keep(latencyNs[i], sleeperCpu[i]);
    wakerCost.keep(wakeCallNs[i], wakerCpu[i]);
    idleKept.push_back(idleNs[i]);
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
