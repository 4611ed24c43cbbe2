// tgkill: signal delivery latency, the way a runtime preempts a thread (Go's
// sysmon sends SIGURG with tgkill). The sender reads the clock just before
// tgkill; the target's handler reads it on entry. Two targets: one blocked in
// FUTEX_WAIT, one spinning in user space on another CPU. The sender's own
// cost (tgkill's return) is a third measurement.
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "../clock.hpp"
#include "../cpu.hpp"
#include "../futex.hpp"
#include "../one_way_wake.hpp"
#include "../probe.hpp"
#include "../probe_signal.hpp"
#include "../thread_group.hpp"

namespace schedcost {
namespace {

// The sender signals the target thread with tgkill; the target's handler
// stamps the clock on entry. How the target waits is up to the subclass.
struct SignalPath {
  static constexpr bool kTimesTrigger = true;  // senderCost
  // Read once: getpid is a system call, kept out of the timed interval.
  const pid_t pid = getpid();
  std::atomic<int> targetTid{0};

  void startSleeper() {
    unblockProbeSignal();
    targetTid.store(static_cast<int>(syscall(SYS_gettid)), std::memory_order_release);
  }
  bool trigger(ThreadGroup&, uint64_t) {
    if (syscall(SYS_tgkill, pid, targetTid.load(std::memory_order_acquire), probeSignal()) != 0)
      throw ProbeError(std::string("tgkill failed: ") + std::strerror(errno));
    return true;
  }
};

// A target blocked in FUTEX_WAIT, without a timeout, on the handler's count:
// only the signal (EINTR) brings it back, or a stop.
struct BlockedTarget : SignalPath {
  static constexpr bool kSleeperBlocks = true;

  Woken block(ThreadGroup& group, uint64_t seq) {
    waitForProbeSignals(group, static_cast<uint32_t>(seq + 1), "waiting for a signal");
    return Woken{.atNs = probeSignalEntryNs()};
  }
};

// A target spinning in user space: the signal interrupts it where it runs.
struct SpinningTarget : SignalPath {
  static constexpr bool kSleeperBlocks = false;

  Woken block(ThreadGroup& group, uint64_t seq) {
    const auto handled = static_cast<uint32_t>(seq + 1);
    uint64_t spins = 0;
    while (probeSignalsHandled() != handled) {
      cpuRelax();
      if ((++spins & 0xfff) == 0) group.checkRunning("spinning until a signal arrives");
    }
    return Woken{.atNs = probeSignalEntryNs()};
  }
};

template <typename Target>
OneWayRecord measureDelivery(const ProbeContext& ctx) {
  resetProbeSignalCount();
  Target target;
  OneWayWake handshake(ctx, target);
  ThreadGroup group(ctx);
  handshake.addRoles(group, "sender", "target");
  group.run();
  return handshake.record();
}

ProbeOutput runTgkill(const ProbeContext& ctx) {
  ProbeSignalHandler handler;
  ProbeOutput result;
  result.measurements.reserve(3);
  Measurement& blocked = result.measurements.emplace_back("deliveryToBlocked", ctx.samples);
  Measurement& spinning = result.measurements.emplace_back("deliveryToSpinning", ctx.samples);
  Measurement& sender = result.measurements.emplace_back("senderCost", ctx.samples);
  const OneWayRecord toBlocked = measureDelivery<BlockedTarget>(ctx);
  const OneWayRecord toSpinning = measureDelivery<SpinningTarget>(ctx);
  for (uint64_t i = ctx.warmup; i < ctx.warmup + ctx.samples; ++i) {
    for (auto [record, delivery] : {std::pair{&toBlocked, &blocked}, std::pair{&toSpinning, &spinning}}) {
      if (const char* reason = record->exclusion(ctx, i))
        delivery->exclude(reason, record->sleeperCpu[i]);
      else
        delivery->keep(record->latencyNs(i), record->sleeperCpu[i]);
    }
    // The sender's cost depends only on where the sender ran.
    if (toSpinning.wakerCpu[i] != ctx.cpuA())
      sender.exclude("offCpu", toSpinning.wakerCpu[i]);
    else
      sender.keep(toSpinning.triggerCostNs(i), toSpinning.wakerCpu[i]);
  }
  return result;
}

[[maybe_unused]] const bool registered = registerProbe(ProbeInfo{
    .name = "tgkill",
    .description = "Signal delivery latency: sender's clock before tgkill to the handler's entry, for a target blocked "
                   "in FUTEX_WAIT and for one spinning in user space on another CPU; plus the sender's cost of tgkill "
                   "itself.",
    .cpus = CpuUse::Pair,
    .crossCpuOnly = true,
    .params =
        {
            ParamSpec{.name = "gapMinNs",
                      .description = "shortest gap before a signal",
                      .unit = ParamUnit::Ns,
                      .defaults = {20000},
                      .min = 0,
                      .max = 1e9},
            ParamSpec{.name = "gapMaxNs",
                      .description = "longest gap before a signal",
                      .unit = ParamUnit::Ns,
                      .defaults = {60000},
                      .min = 0,
                      .max = 1e9},
        },
    .metrics = {"deliveryToBlocked", "deliveryToSpinning", "senderCost"},
    .run = runTgkill,
});

}  // namespace
}  // namespace schedcost
