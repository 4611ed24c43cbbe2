// wake/floating — a dedicated T that is not pinned: its affinity is both
// CPUs of the placement, so the kernel decides where it runs when woken
// (wake_affine may pull it to the waker's CPU). T dirties its working set
// where it runs, notes that CPU just before it blocks, and the waker (pinned
// to the first CPU) FUTEX_WAKEs it after a gap; T notes where it runs and
// re-touches its set. The waker's CPU either idles after the wake (the waker
// blocks until T blocks again) or stays busy (the waker spins a while). With
// homeBusy, another thread spins on the second CPU for the whole run and T
// blocks there (it moves there, then widens its affinity back to both CPUs
// before it blocks): T's previous CPU is busy when it is woken, the case in
// which the kernel may run it elsewhere.
#include <sched.h>

#include <atomic>
#include <functional>

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

// Long enough to cover T's wakeup and its first steps, so the kernel sees the
// waker's CPU busy while it places T.
constexpr uint64_t kBusyAfterWakeNs = 50'000;

void spinForNs(uint64_t ns) {
  const uint64_t end = nowNs() + ns;
  while (nowNs() < end) cpuRelax();
}

// T's kept samples, with where they ran against where T blocked and the
// waker's CPU. T floats by design: only the waker must be on its CPU.
void emitFloating(const ProbeContext& ctx, const WakePathSamples& samples, const std::vector<int>& previousCpu,
                  bool homeBusy, ProbeOutput& out) {
  out.measurements.reserve(2);
  Measurement& wake = out.measurements.emplace_back("wakeToRun", ctx.samples);
  Measurement& retouch = out.measurements.emplace_back("retouch", ctx.samples);
  for (Measurement* m : {&wake, &retouch}) m->params["workingSetBytes"] = ctx.param("workingSetBytes");
  std::vector<double>& idleKept = wake.auxNs["idleGapNs"];
  double ranOnPrevious = 0, ranOnWakerCpu = 0;
  for (uint64_t i = ctx.warmup; i < ctx.warmup + ctx.samples; ++i) {
    const int cpu = samples.taskCpu[i];
    // With homeBusy, a T that left its busy home before it blocked did not block where planned.
    const bool offCpu = samples.wakerCpu[i] != ctx.cpuA() || (homeBusy && previousCpu[i] != ctx.cpuB());
    const char* reason = offCpu ? "offCpu" : samples.notAsleep[i] ? "notAsleep" : nullptr;
    if (reason) {
      wake.exclude(reason, cpu);
      retouch.exclude(reason, cpu);
      continue;
    }
    wake.keep(samples.wakeToRunNs[i], cpu);
    retouch.keep(samples.retouchNs[i], cpu);
    idleKept.push_back(samples.idleNs[i]);
    ranOnPrevious += cpu == previousCpu[i];
    ranOnWakerCpu += cpu == ctx.cpuA();
  }
  wake.counters["ranOnPrevious"] = ranOnPrevious;
  wake.counters["ranOnWakerCpu"] = ranOnWakerCpu;
}

ProbeOutput runWakeFloating(const ProbeContext& ctx) {
  const uint64_t total = ctx.warmup + ctx.samples;
  const bool wakerKeepsRunning = ctx.param("wakerKeepsRunning") != 0;
  const bool homeBusy = ctx.param("homeBusy") != 0;
  const int home = ctx.cpuB();
  const std::vector<int> both = {ctx.cpuA(), ctx.cpuB()};
  std::atomic<uint32_t> done{0};
  WakePathSamples samples(total);
  std::vector<int> previousCpu(total);
  std::atomic<uint32_t> word{0}, ready{0};
  std::atomic<uint64_t> wakeStartNs{0}, blockedAtNs{0};

  ThreadGroup group(ctx);
  group.add("waker", ctx.cpuA(), [&] {
    setTimerSlackNs(1);
    SplitMix64 rng(ctx.seed);
    for (uint64_t i = 0; i < total; ++i) {
      gapThenStartWake(group, ctx, rng, samples, i, ready, blockedAtNs, wakeStartNs);
      word.store(static_cast<uint32_t>(i + 1), std::memory_order_release);
      samples.notAsleep[i] = futexWake(word) != 1;
      // Otherwise the waker blocks in the next gapThenStartWake until T blocks again.
      if (wakerKeepsRunning) spinForNs(kBusyAfterWakeNs);
    }
  });
  if (homeBusy)
    group.add("hog", home, [&] {
      // A runnable thread of the default policy on T's home CPU, from before T's first block to after its
      // last run; SCHED_OTHER even under --rt, or a FIFO spinner would keep T from its home for good.
      sched_param other{};
      sched_setscheduler(0, SCHED_OTHER, &other);
      for (uint64_t spins = 0; done.load(std::memory_order_acquire) == 0; ++spins) {
        cpuRelax();
        if ((spins & 0xfff) == 0) group.checkRunning("spinning on T's home CPU");
      }
    });
  group.add("task", ThreadGroup::kAnyPlannedCpu, [&] {
    WorkingSet set(static_cast<size_t>(ctx.param("workingSetBytes")), ctx.seed);
    // T moves beside the hog, dirties its set there, and is unpinned again just before it blocks: the kernel
    // places the wakeup.
    std::function<void()> unpin;
    if (homeBusy) unpin = [&] { pinCallingThreadToSet(both); };
    for (uint64_t i = 0; i < total; ++i) {
      if (homeBusy) pinCallingThread(home);
      blockThenRun(group, samples, set, i, word, ready, blockedAtNs, wakeStartNs, &previousCpu[i], unpin);
    }
    done.store(1, std::memory_order_release);
  });
  group.run();
  ProbeOutput out;
  emitFloating(ctx, samples, previousCpu, homeBusy, out);
  return out;
}

std::vector<ParamSpec> floatingParams() {
  auto params = wakePathParams();
  params.push_back(flagParam("wakerKeepsRunning",
                             "1: the waker spins 50 µs after the wake, its CPU busy; 0: it blocks "
                             "right after the wake, its CPU goes idle"));
  params.push_back(flagParam("homeBusy",
                             "1: another thread spins on the second CPU for the whole run and T blocks "
                             "there, so its previous CPU is busy when it is woken; 0: it blocks "
                             "wherever it ran, and nothing else runs there"));
  return params;
}

[[maybe_unused]] const bool registered = registerProbe(ProbeInfo{
    .name = "wake/floating",
    .description = "DedicateOSThread with T not pinned (its affinity is both CPUs): the waker (first CPU) FUTEX_WAKEs "
                   "T's thread; where the kernel runs T against the CPU it blocked on and the waker's CPU, how long "
                   "until it runs, how long it re-touches its working set. The waker's CPU idles or stays busy; T's "
                   "previous CPU is idle or busy with another runnable thread.",
    .cpus = CpuUse::Pair,
    .crossCpuOnly = true,
    .params = floatingParams(),
    .metrics = {"wakeToRun", "retouch"},
    .run = runWakeFloating,
});

}  // namespace
}  // namespace schedcost
