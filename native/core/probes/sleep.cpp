// sleep: how long nanosleep really sleeps. Go's sysmon sleeps 20 µs between
// checks; the kernel's default 50 µs timer slack may stretch that, and
// PR_SET_TIMERSLACK = 1 ns shows the floor the timer hardware allows.
#include <string>

#include "../clock.hpp"
#include "../cpu.hpp"
#include "../probe.hpp"
#include "../thread_group.hpp"
#include "../timer_slack.hpp"

namespace schedcost {
namespace {

ProbeOutput runSleep(const ProbeContext& ctx) {
  const auto& requested = ctx.paramList("requestedNs");
  const auto& slacks = ctx.paramList("timerSlackNs");
  ProbeOutput result;
  result.measurements.reserve(requested.size() * slacks.size());
  for (double slack : slacks) {
    for (double sleepNs : requested) {
      Measurement& m = result.measurements.emplace_back("actualSleep", ctx.samples);
      m.params["requestedNs"] = sleepNs;
      m.params["timerSlackNs"] = slack;
    }
  }
  ThreadGroup group(ctx);
  group.add("sleeper", ctx.cpuA(), [&] {
    size_t index = 0;
    for (double slack : slacks) {
      setTimerSlackNs(static_cast<uint64_t>(slack));
      for (double sleepNs : requested) {
        Measurement& m = result.measurements[index++];
        const auto length = static_cast<uint64_t>(sleepNs);
        for (uint64_t i = 0; i < ctx.warmup + ctx.samples; ++i) {
          group.checkRunning("sleeping");
          uint64_t start = nowNs();
          sleepForNs(length);
          uint64_t end = nowNs();
          if (i < ctx.warmup) continue;
          int cpu = currentCpu();
          if (cpu != ctx.cpuA())
            m.exclude("offCpu", cpu);
          else
            m.keep(static_cast<double>(end - start), cpu);
        }
      }
    }
  });
  group.run();
  return result;
}

[[maybe_unused]] const bool registered = registerProbe(ProbeInfo{
    .name = "sleep",
    .description = "Actual duration of nanosleep for each requested length, with each timer slack (50 µs is the kernel "
                   "default, 1 ns the minimum). 20 µs is the Go runtime's sysmon tick.",
    .cpus = CpuUse::Single,
    .params =
        {
            ParamSpec{.name = "requestedNs",
                      .description = "sleep lengths to request",
                      .unit = ParamUnit::Ns,
                      .defaults = {20000, 100000, 1000000},
                      .min = 1,
                      .max = 1e9,
                      .maxValues = 16},
            ParamSpec{.name = "timerSlackNs",
                      .description = "timer slack values to sleep with",
                      .unit = ParamUnit::Ns,
                      .defaults = {50000, 1},
                      .min = 1,
                      .max = 1e9,
                      .maxValues = 4},
        },
    .metrics = {"actualSleep"},
    .run = runSleep,
});

}  // namespace
}  // namespace schedcost
