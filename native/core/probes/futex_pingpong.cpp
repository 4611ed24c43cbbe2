// futex-pingpong: two threads hand a token back and forth with
// FUTEX_WAIT/FUTEX_WAKE. A sample is one round trip divided by two: the cost
// of one blocking handoff, wake and context switch included.
#include <atomic>
#include <vector>

#include "../clock.hpp"
#include "../cpu.hpp"
#include "../futex.hpp"
#include "../probe.hpp"
#include "../thread_group.hpp"

namespace schedcost {
namespace {

ProbeOutput runFutexPingpong(const ProbeContext& ctx) {
  const uint64_t total = ctx.warmup + ctx.samples;
  ProbeOutput result;
  Measurement& handoff = result.measurements.emplace_back("handoff", ctx.samples);
  // The token: odd values belong to the responder, even ones to the initiator.
  std::atomic<uint32_t> token{0};
  std::vector<double> roundTripNs(total);
  std::vector<int> initiatorCpu(total), responderCpu(total);

  ThreadGroup group(ctx);
  group.add("initiator", ctx.cpuA(), [&] {
    for (uint64_t i = 0; i < total; ++i) {
      const auto mine = static_cast<uint32_t>(2 * i);
      uint64_t start = nowNs();
      token.store(mine + 1, std::memory_order_release);
      futexWake(token);
      group.waitWhileEquals(token, mine + 1, "waiting for the token to come back");
      uint64_t end = nowNs();
      roundTripNs[i] = static_cast<double>(end - start);
      initiatorCpu[i] = currentCpu();
    }
  });
  group.add("responder", ctx.cpuB(), [&] {
    for (uint64_t i = 0; i < total; ++i) {
      const auto mine = static_cast<uint32_t>(2 * i + 1);
      group.waitUntilEquals(token, mine, "waiting for the token");
      responderCpu[i] = currentCpu();
      token.store(mine + 1, std::memory_order_release);
      futexWake(token);
    }
  });
  group.run();

  for (uint64_t i = ctx.warmup; i < total; ++i) {
    if (initiatorCpu[i] != ctx.cpuA() || responderCpu[i] != ctx.cpuB())
      handoff.exclude("offCpu", initiatorCpu[i]);
    else
      handoff.keep(roundTripNs[i] / 2, initiatorCpu[i]);
  }
  return result;
}

[[maybe_unused]] const bool registered = registerProbe(ProbeInfo{
    .name = "futex-pingpong",
    .description = "Two pinned threads hand a token back and forth with FUTEX_WAIT/FUTEX_WAKE; a sample is one round "
                   "trip / 2 (one blocking handoff).",
    .cpus = CpuUse::Pair,
    .metrics = {"handoff"},
    .run = runFutexPingpong,
});

}  // namespace
}  // namespace schedcost
