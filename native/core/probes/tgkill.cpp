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
#include <vector>

#include "../clock.hpp"
#include "../cpu.hpp"
#include "../futex.hpp"
#include "../probe.hpp"
#include "../random.hpp"
#include "../thread_group.hpp"
#include "../timer_slack.hpp"

namespace schedcost {
namespace {

// Written by the handler; only one probe runs at a time, so one slot suffices.
std::atomic<uint64_t> handlerEntryNs{0};
std::atomic<uint32_t> handlerCount{0};

void onSignal(int) {
  handlerEntryNs.store(nowNs(), std::memory_order_relaxed);
  handlerCount.fetch_add(1, std::memory_order_release);
}

int probeSignal() {
  return SIGRTMIN + 4;
}

// Installs the handler for the probe's lifetime and restores the previous one.
class SignalHandlerScope {
 public:
  SignalHandlerScope() {
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    if (sigaction(probeSignal(), &action, &previous_) != 0)
      throw ProbeError(std::string("cannot install a signal handler: ") + std::strerror(errno));
  }
  ~SignalHandlerScope() { sigaction(probeSignal(), &previous_, nullptr); }

 private:
  struct sigaction previous_ {};
};

void unblockProbeSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, probeSignal());
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

enum class Target { Blocked, Spinning };

void measureDelivery(const ProbeContext& ctx, Target kind, Measurement& delivery, Measurement* senderCost) {
  const uint64_t total = ctx.warmup + ctx.samples;
  const auto gapMinNs = static_cast<uint64_t>(ctx.param("gapMinNs"));
  const auto gapMaxNs = static_cast<uint64_t>(ctx.param("gapMaxNs"));
  std::atomic<int> targetTid{0};
  std::atomic<uint32_t> targetReady{0};
  std::atomic<uint32_t> consumed{0};
  std::atomic<uint32_t> inWait{0};
  std::atomic<uint32_t> parking{0};  // the blocked target waits on this; never changes
  std::vector<uint64_t> sendNs(total), returnNs(total), entryNs(total);
  std::vector<int> targetCpu(total), senderCpu(total);
  std::vector<uint8_t> wasWaiting(total);
  handlerCount.store(0);

  ThreadGroup group(ctx);
  group.add("sender", ctx.cpuA(), [&] {
    setTimerSlackNs(1);
    SplitMix64 rng(ctx.seed);
    const pid_t pid = getpid();
    group.waitUntilEquals(targetReady, 1, "waiting for the target thread");
    for (uint64_t i = 0; i < total; ++i) {
      group.waitUntilEquals(consumed, static_cast<uint32_t>(i), "waiting for the target to handle the previous signal");
      sleepForNs(rng.between(gapMinNs, gapMaxNs));
      senderCpu[i] = currentCpu();
      wasWaiting[i] = static_cast<uint8_t>(inWait.load(std::memory_order_acquire));
      sendNs[i] = nowNs();
      if (syscall(SYS_tgkill, pid, targetTid.load(), probeSignal()) != 0)
        throw ProbeError(std::string("tgkill failed: ") + std::strerror(errno));
      returnNs[i] = nowNs();
    }
  });
  group.add("target", ctx.cpuB(), [&] {
    unblockProbeSignal();
    targetTid.store(static_cast<int>(syscall(SYS_gettid)));
    targetReady.store(1, std::memory_order_release);
    futexWake(targetReady);
    for (uint64_t i = 0; i < total; ++i) {
      const auto handled = static_cast<uint32_t>(i + 1);
      uint64_t spins = 0;
      while (handlerCount.load(std::memory_order_acquire) != handled) {
        if (kind == Target::Blocked) {
          group.checkRunning("waiting for a signal");
          inWait.store(1, std::memory_order_release);
          futexWait(parking, 0, ThreadGroup::kWaitSliceNs);
          inWait.store(0, std::memory_order_release);
        } else {
          cpuRelax();
          if ((++spins & 0xfff) == 0) group.checkRunning("spinning until a signal arrives");
        }
      }
      entryNs[i] = handlerEntryNs.load(std::memory_order_relaxed);
      targetCpu[i] = currentCpu();
      consumed.store(handled, std::memory_order_release);
      futexWake(consumed);
    }
  });
  group.run();

  for (uint64_t i = ctx.warmup; i < total; ++i) {
    const bool placed = targetCpu[i] == ctx.cpuB() && senderCpu[i] == ctx.cpuA();
    if (!placed)
      delivery.exclude("offCpu", targetCpu[i]);
    else if (kind == Target::Blocked && !wasWaiting[i])
      delivery.exclude("notAsleep", targetCpu[i]);
    else
      delivery.keep(static_cast<double>(entryNs[i] - sendNs[i]), targetCpu[i]);
    if (senderCost) {
      if (senderCpu[i] != ctx.cpuA())
        senderCost->exclude("offCpu", senderCpu[i]);
      else
        senderCost->keep(static_cast<double>(returnNs[i] - sendNs[i]), senderCpu[i]);
    }
  }
}

ProbeOutput runTgkill(const ProbeContext& ctx) {
  SignalHandlerScope handler;
  ProbeOutput result;
  result.measurements.reserve(3);
  Measurement& blocked = result.measurements.emplace_back("deliveryToBlocked", ctx.samples);
  Measurement& spinning = result.measurements.emplace_back("deliveryToSpinning", ctx.samples);
  Measurement& sender = result.measurements.emplace_back("senderCost", ctx.samples);
  measureDelivery(ctx, Target::Blocked, blocked, nullptr);
  measureDelivery(ctx, Target::Spinning, spinning, &sender);
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
