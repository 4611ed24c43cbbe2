// migration: what a move to another CPU costs a thread with a warm working
// set. The thread dirties W bytes (one write per cache line, so no other CPU
// keeps a valid copy), then re-touches them with a random pointer chase
// either where it is or right after sched_setaffinity moved it to CPU b. The
// difference is the cache (and TLB) refill; the move itself is timed too.
#include <algorithm>
#include <string>

#include "../clock.hpp"
#include "../cpu.hpp"
#include "../probe.hpp"
#include "../thread_group.hpp"
#include "../working_set.hpp"

namespace schedcost {
namespace {

ProbeOutput runMigration(const ProbeContext& ctx) {
  const auto& sizes = ctx.paramList("workingSetBytes");
  const auto budgetBytes = ctx.param("passBudgetBytes");
  ProbeOutput result;
  result.measurements.reserve(2 * sizes.size() + 1);
  Measurement& move = result.measurements.emplace_back("moveCost", 0);
  for (double bytes : sizes) {
    // Four passes per sample; large sets get fewer samples, never fewer than 3
    // unless fewer were asked for.
    auto samples =
        static_cast<uint64_t>(std::min(static_cast<double>(ctx.samples), std::max(3.0, budgetBytes / (4 * bytes))));
    Measurement& same = result.measurements.emplace_back("retouchSameCpu", samples);
    Measurement& moved = result.measurements.emplace_back("retouchAfterMove", samples);
    same.params["workingSetBytes"] = moved.params["workingSetBytes"] = bytes;
    move.requested += samples;
  }

  ThreadGroup group(ctx);
  group.add("mover", ctx.cpuA(), [&] {
    for (size_t s = 0; s < sizes.size(); ++s) {
      Measurement& same = result.measurements[1 + 2 * s];
      Measurement& moved = result.measurements[2 + 2 * s];
      WorkingSet set(static_cast<size_t>(sizes[s]), ctx.seed + s);
      set.dirty();
      for (uint64_t i = 0; i < ctx.warmup + same.requested; ++i) {
        group.checkRunning("re-touching a working set");
        const bool record = i >= ctx.warmup;
        set.dirty();
        uint64_t start = nowNs();
        set.chase();
        uint64_t end = nowNs();
        int cpu = currentCpu();
        if (record) cpu == ctx.cpuA() ? same.keep(static_cast<double>(end - start), cpu) : same.exclude("offCpu", cpu);

        group.checkRunning("re-touching a working set");  // large sets take a third of a second a pass
        set.dirty();
        uint64_t moveStart = nowNs();
        pinCallingThread(ctx.cpuB());
        uint64_t moveEnd = nowNs();
        set.chase();
        uint64_t chaseEnd = nowNs();
        cpu = currentCpu();
        if (record) {
          if (cpu == ctx.cpuB()) {
            moved.keep(static_cast<double>(chaseEnd - moveEnd), cpu);
            move.keep(static_cast<double>(moveEnd - moveStart), cpu);
          } else {
            moved.exclude("offCpu", cpu);
            move.exclude("offCpu", cpu);
          }
        }
        pinCallingThread(ctx.cpuA());
      }
    }
  });
  group.run();
  return result;
}

[[maybe_unused]] const bool registered = registerProbe(ProbeInfo{
    .name = "migration",
    .description = "Re-touch time of a dirtied W-byte working set (random pointer chase, one load per cache line) on "
                   "the same CPU vs right after sched_setaffinity moved the thread to another CPU; and the cost of "
                   "that move.",
    .cpus = CpuUse::Pair,
    .crossCpuOnly = true,
    .params =
        {
            ParamSpec{.name = "workingSetBytes",
                      .description = "working-set sizes to sweep",
                      .unit = ParamUnit::Bytes,
                      .defaults = {16384, 262144, 4194304},
                      .min = 1024,
                      .max = 4294967296.0,
                      .maxValues = 32},
            ParamSpec{.name = "passBudgetBytes",
                      .description = "bytes traversed per working-set size at most, to bound the run time of large "
                                     "sets: size W gets min(samples, max(3, budget / (4 W))) samples of 4 passes each",
                      .unit = ParamUnit::Bytes,
                      .defaults = {268435456},
                      .min = 1048576,
                      .max = 1e12},
        },
    .metrics = {"moveCost", "retouchSameCpu", "retouchAfterMove"},
    .run = runMigration,
});

}  // namespace
}  // namespace schedcost
