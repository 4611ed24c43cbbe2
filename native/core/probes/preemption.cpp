// preemption: two ways to take a CPU from a thread spinning in user space,
// like for like. The same sender (first CPU) and the same spinner (second
// CPU) serve both, alternated sample by sample. Even samples: the sender
// reads the clock and tgkills the spinner; the spinner's handler reads it on
// entry (deliveryToSpinning, as tgkill measures it). Odd samples: a third
// thread on the spinner's CPU, blocked in FUTEX_WAIT, is woken by the
// sender's FUTEX_WAKE and reads the clock on return (wakeupPreemption): to
// run, the kernel must preempt the spinner.
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "../clock.hpp"
#include "../cpu.hpp"
#include "../fault_injection.hpp"
#include "../futex.hpp"
#include "../probe.hpp"
#include "../probe_signal.hpp"
#include "../random.hpp"
#include "../thread_group.hpp"
#include "../timer_slack.hpp"

namespace schedcost {
namespace {

bool isWakeup(uint64_t seq) {
  return seq % 2 == 1;
}

constexpr int kWakeeFifoPriority = 50;

// Sets the calling thread's policy; returns false (errno set) when refused.
bool setPolicy(int policy, int priority) {
  sched_param param{};
  param.sched_priority = priority;
  return sched_setscheduler(0, policy, &param) == 0;
}

struct Record {
  explicit Record(uint64_t total)
      : startNs(total), endNs(total), senderCpu(total), targetCpu(total), notAsleep(total) {}
  std::vector<uint64_t> startNs, endNs;  // the sender's clock before the trigger; the target's when it ran
  std::vector<int> senderCpu, targetCpu;
  std::vector<uint8_t> notAsleep;  // a wakeup sample whose wakee was not blocked in FUTEX_WAIT
};

ProbeOutput runPreemption(const ProbeContext& ctx) {
  if (ctx.param("gapMaxNs") < ctx.param("gapMinNs")) throw ProbeError("gapMaxNs must not be below gapMinNs");
  const uint64_t total = ctx.warmup + ctx.samples;
  const int senderHome = ctx.cpuA(), target = ctx.cpuB();
  const bool wantFifo = ctx.param("wakeeFifo") != 0;
  uint64_t wakeups = 0;
  for (uint64_t i = 1; i < total; i += 2) ++wakeups;

  ProbeSignalHandler handler;
  Record r(total);
  const pid_t pid = getpid();  // a system call: kept out of the timed interval
  std::atomic<int> spinnerTid{0};
  std::atomic<uint32_t> spinning{0}, signalsSeen{0}, finished{0};
  std::atomic<uint32_t> wakeWord{0}, wakeeReady{0}, wakeeBlocking{0}, wakeeDone{0};
  std::atomic<bool> wakeeRanFifo{false};

  ThreadGroup group(ctx);
  group.add("sender", senderHome, [&] {
    setTimerSlackNs(1);  // gaps as requested, not stretched by the default 50 µs
    SplitMix64 rng(ctx.seed);
    const auto gapMinNs = static_cast<uint64_t>(ctx.param("gapMinNs"));
    const auto gapMaxNs = static_cast<uint64_t>(ctx.param("gapMaxNs"));
    group.waitUntilEquals(spinning, 1, "waiting for the spinner to start");
    const int tid = spinnerTid.load(std::memory_order_acquire);
    uint32_t signals = 0, wakes = 0;
    for (uint64_t i = 0; i < total; ++i) {
      // Both kinds start with the wakee back in FUTEX_WAIT (when it has a wakeup left).
      if (wakes < wakeups) group.waitUntilEquals(wakeeReady, wakes + 1, "waiting for the wakee to block");
      sleepForNs(rng.between(gapMinNs, gapMaxNs));
      r.senderCpu[i] = currentCpu();
      if (!isWakeup(i)) {
        r.startNs[i] = nowNs();
        if (syscall(SYS_tgkill, pid, tid, probeSignal()) != 0)
          throw ProbeError(std::string("tgkill failed: ") + std::strerror(errno));
        group.waitUntilEquals(signalsSeen, ++signals, "waiting for the spinner's handler");
        r.endNs[i] = probeSignalEntryNs();
        continue;
      }
      const bool blocking = wakeeBlocking.load(std::memory_order_acquire) != 0;
      r.startNs[i] = nowNs();
      wakeWord.store(++wakes, std::memory_order_release);
      r.notAsleep[i] = !blocking || futexWake(wakeWord) != 1;
      group.waitUntilEquals(wakeeDone, wakes, "waiting for the wakee to run");
    }
    finished.store(1, std::memory_order_release);
  });
  group.add("spinner", target, [&] {
    // Always the default policy, even under --rt: the thread a runtime would
    // preempt, and a SCHED_FIFO spinner would keep its CPU from a wakee of
    // the same priority.
    setPolicy(SCHED_OTHER, 0);
    unblockProbeSignal();
    spinnerTid.store(static_cast<int>(syscall(SYS_gettid)), std::memory_order_release);
    spinning.store(1, std::memory_order_release);
    futexWake(spinning);
    uint32_t seen = 0;
    uint64_t spins = 0;
    while (finished.load(std::memory_order_acquire) == 0) {
      cpuRelax();
      if (probeSignalsHandled() != seen) {
        ++seen;
        // The sender reads the handler's clock once it sees this; the CPU is
        // recorded here, on the thread the signal interrupted.
        r.targetCpu[2 * (static_cast<uint64_t>(seen) - 1)] = currentCpu();
        signalsSeen.store(seen, std::memory_order_release);
        futexWake(signalsSeen);
      }
      if ((++spins & 0xfff) == 0) group.checkRunning("spinning until the sender is done");
    }
  });
  group.add("wakee", target, [&] {
    if (!wantFifo) {
      setPolicy(SCHED_OTHER, 0);
    } else if (faultInjection().denyRealtime ? (errno = EPERM, false) : setPolicy(SCHED_FIFO, kWakeeFifoPriority)) {
      wakeeRanFifo.store(true);
    } else {
      ctx.warnings->add({"preemption-wakee-not-fifo", {{"error", std::strerror(errno)}}});
      setPolicy(SCHED_OTHER, 0);
    }
    for (uint32_t j = 0; j < wakeups; ++j) {
      const uint64_t i = 2 * j + 1;
      wakeeReady.store(j + 1, std::memory_order_release);
      futexWake(wakeeReady);
      wakeeBlocking.store(1, std::memory_order_release);
      group.waitWhileEquals(wakeWord, j, "wakee waiting to be woken (lost wakeup?)");
      r.endNs[i] = nowNs();
      wakeeBlocking.store(0, std::memory_order_relaxed);
      r.targetCpu[i] = currentCpu();
      wakeeDone.store(j + 1, std::memory_order_release);
      futexWake(wakeeDone);
    }
  });
  group.run();

  ProbeOutput out;
  out.measurements.reserve(2);
  Measurement& signal = out.measurements.emplace_back("deliveryToSpinning", ctx.samples);
  Measurement& preemption = out.measurements.emplace_back("wakeupPreemption", ctx.samples);
  signal.requested = preemption.requested = 0;
  for (uint64_t i = ctx.warmup; i < total; ++i) ++(isWakeup(i) ? preemption : signal).requested;
  for (uint64_t i = ctx.warmup; i < total; ++i) {
    Measurement& m = isWakeup(i) ? preemption : signal;
    const int cpu = r.targetCpu[i];
    const bool placed = cpu == target && r.senderCpu[i] == senderHome;
    if (const char* reason = !placed ? "offCpu" : r.notAsleep[i] ? "notAsleep" : nullptr)
      m.exclude(reason, cpu);
    else
      m.keep(static_cast<double>(r.endNs[i] - r.startNs[i]), cpu);
  }
  preemption.counters["wakeeRanFifo"] = wakeeRanFifo.load() ? 1 : 0;
  return out;
}

std::vector<ParamSpec> preemptionParams() {
  return {
      flagParam("wakeeFifo",
                "0: the woken thread runs SCHED_OTHER, as the spinner does (like for like: the "
                "kernel's own wakeup preemption); 1: it asks for SCHED_FIFO, so the kernel preempts "
                "the spinner at once (refused: a warning, and it runs SCHED_OTHER)"),
      ParamSpec{.name = "gapMinNs",
                .description = "shortest gap before a signal or a wake",
                .unit = ParamUnit::Ns,
                .defaults = {20000},
                .min = 0,
                .max = 1e9},
      ParamSpec{.name = "gapMaxNs",
                .description = "longest gap before a signal or a wake",
                .unit = ParamUnit::Ns,
                .defaults = {80000},
                .min = 0,
                .max = 1e9},
  };
}

[[maybe_unused]] const bool registered = registerProbe(ProbeInfo{
    .name = "preemption",
    .description =
        "A signal against wakeup preemption, alternated on the same threads: from the sender (first CPU) to a "
        "thread spinning in user space (second CPU), tgkill to the handler's entry; and FUTEX_WAKE to a thread "
        "blocked on the spinner's CPU running, which needs the kernel to preempt the spinner.",
    .cpus = CpuUse::Pair,
    .crossCpuOnly = true,
    .params = preemptionParams(),
    .metrics = {"deliveryToSpinning", "wakeupPreemption"},
    .run = runPreemption,
});

}  // namespace
}  // namespace schedcost
