// wake/unlocked — runtime-managed: T's continuation goes on the waker's own
// run queue, and the waker wakes one idle worker (wakep). The waker then
// finishes its current slice of r ns; if T is still queued it runs T itself
// (T migrated to the waker's CPU and refills its cache there), unless the
// idle worker on T's home CPU woke and stole T first. Idle workers look for
// work as a runtime's do: spin briefly, sleep a short interval, look again,
// then park on a futex.
#include <atomic>
#include <deque>
#include <mutex>

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

enum class JobKind { PrepareT, RunT };
struct Job {
  JobKind kind;
  uint64_t seq;
};

class RunQueue {
 public:
  void push(Job job) {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(job);
  }
  bool pop(Job& job) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (jobs_.empty()) return false;
    job = jobs_.front();
    jobs_.pop_front();
    return true;
  }

 private:
  std::mutex mutex_;
  std::deque<Job> jobs_;
};

// A worker that parks when idle; wakep() wakes it if it is parked.
struct IdleWorker {
  std::atomic<uint32_t> parked{0};
  std::atomic<uint32_t> wakeWord{0};
  // True when a parked worker was woken (one FUTEX_WAKE issued).
  bool wakep() {
    if (parked.exchange(0) != 1) return false;
    wakeWord.fetch_add(1, std::memory_order_release);
    futexWake(wakeWord);
    return true;
  }
};

ProbeOutput runWakeUnlocked(const ProbeContext& ctx) {
  const uint64_t total = ctx.warmup + ctx.samples;
  const int wakerCpu = ctx.cpuA(), home = ctx.cpuB();
  const auto sliceNs = static_cast<uint64_t>(ctx.param("sliceNs"));
  const auto spinNs = static_cast<uint64_t>(ctx.param("idleSpinNs"));
  const auto idleSleepNs = static_cast<uint64_t>(ctx.param("idleSleepNs"));
  WakePathSamples samples(total);
  RunQueue homeQueue, wakerQueue;
  IdleWorker homeWorker;
  std::atomic<uint32_t> prepared{0}, done{0}, finished{0};
  std::atomic<uint64_t> wakeStartNs{0}, blockedAtNs{0};
  std::atomic<uint64_t> futexWakes{0};  // in measured wakeups only
  std::vector<double> idleSleeps;
  idleSleeps.reserve(4 * total + 16);
  WorkingSet set(static_cast<size_t>(ctx.param("workingSetBytes")), ctx.seed);

  // T's two steps, run by whichever worker dequeues them.
  auto runJob = [&](const Job& job, bool onHomeWorker) {
    const uint64_t i = job.seq;
    if (job.kind == JobKind::PrepareT) {
      set.dirty();
      blockedAtNs.store(nowNs(), std::memory_order_release);
      prepared.store(static_cast<uint32_t>(i + 1), std::memory_order_release);
      futexWake(prepared);
      return;
    }
    uint64_t running = nowNs();
    samples.taskCpu[i] = currentCpu();
    set.chase();
    samples.retouchNs[i] = static_cast<double>(nowNs() - running);
    samples.wakeToRunNs[i] = static_cast<double>(running - wakeStartNs.load(std::memory_order_relaxed));
    samples.stolen[i] = onHomeWorker;
    samples.migrated[i] = !onHomeWorker;
    done.store(static_cast<uint32_t>(i + 1), std::memory_order_release);
    futexWake(done);
  };

  ThreadGroup group(ctx);
  group.add("home-worker", home, [&] {
    setTimerSlackNs(timerSlackNs());  // keep the inherited slack: runtimes do not change it
    Job job;
    auto findWork = [&] { return homeQueue.pop(job) || wakerQueue.pop(job); };
    while (finished.load(std::memory_order_acquire) == 0) {
      if (findWork()) {
        runJob(job, true);
        continue;
      }
      uint64_t spinUntil = nowNs() + spinNs;
      bool found = false;
      while (!found && nowNs() < spinUntil) {
        cpuRelax();
        found = findWork();
      }
      if (!found) {
        uint64_t before = nowNs();
        sleepForNs(idleSleepNs);
        idleSleeps.push_back(static_cast<double>(nowNs() - before));
        found = findWork();
      }
      if (found) {
        runJob(job, true);
        continue;
      }
      uint32_t seen = homeWorker.wakeWord.load(std::memory_order_acquire);
      homeWorker.parked.store(1, std::memory_order_release);
      futexWake(homeWorker.parked);
      if (findWork()) {  // work queued between the last look and parking
        homeWorker.parked.store(0, std::memory_order_release);
        runJob(job, true);
        continue;
      }
      while (homeWorker.wakeWord.load(std::memory_order_acquire) == seen && finished.load() == 0)
        group.park(homeWorker.wakeWord, seen, "idle worker parked");
      homeWorker.parked.store(0, std::memory_order_release);
    }
  });
  group.add("waker-worker", wakerCpu, [&] {
    setTimerSlackNs(1);
    SplitMix64 rng(ctx.seed);
    for (uint64_t i = 0; i < total; ++i) {
      homeQueue.push(Job{JobKind::PrepareT, i});
      if (homeWorker.wakep() && i >= ctx.warmup) futexWakes.fetch_add(1, std::memory_order_relaxed);
      group.waitUntilEquals(prepared, static_cast<uint32_t>(i + 1), "waiting for T to warm up and block");
      group.waitUntilEquals(homeWorker.parked, 1, "waiting for the idle worker to park");
      sleepForNs(
          rng.between(static_cast<uint64_t>(ctx.param("gapMinNs")), static_cast<uint64_t>(ctx.param("gapMaxNs"))));
      samples.wakerCpu[i] = currentCpu();
      uint64_t start = nowNs();
      samples.idleNs[i] = static_cast<double>(start - blockedAtNs.load(std::memory_order_acquire));
      wakeStartNs.store(start, std::memory_order_relaxed);
      wakerQueue.push(Job{JobKind::RunT, i});  // runtime.ready: onto the waker's own queue
      const bool woke = homeWorker.wakep();
      samples.notAsleep[i] = !woke;
      if (woke && i >= ctx.warmup) futexWakes.fetch_add(1, std::memory_order_relaxed);
      const uint64_t sliceEnd = start + sliceNs;  // the rest of the waker's current slice
      while (nowNs() < sliceEnd) cpuRelax();
      Job job;
      if (wakerQueue.pop(job)) runJob(job, false);
      group.waitUntilEquals(done, static_cast<uint32_t>(i + 1), "waiting for T to run");
    }
    finished.store(1, std::memory_order_release);
    homeWorker.wakeWord.fetch_add(1);
    futexWake(homeWorker.wakeWord);
  });
  group.run();
  ProbeOutput out;
  samples.emit(ctx, home, wakerCpu, out, {{"futexWakes", static_cast<double>(futexWakes.load())}}, Splits::ByOutcome);
  for (Measurement& m : out.measurements) m.params["sliceNs"] = static_cast<double>(sliceNs);
  Measurement& sleeps = out.measurements.emplace_back("idleSleep", idleSleeps.size());
  sleeps.params["requestedNs"] = static_cast<double>(idleSleepNs);
  for (double ns : idleSleeps) sleeps.keep(ns, home);
  return out;
}

std::vector<ParamSpec> unlockedParams() {
  auto params = wakePathParams();
  params.push_back(ParamSpec{.name = "sliceNs",
                             .description = "how long the waker keeps running after readying T",
                             .unit = ParamUnit::Ns,
                             .defaults = {20000},
                             .min = 0,
                             .max = 1e8});
  params.push_back(ParamSpec{.name = "idleSpinNs",
                             .description = "how long an idle worker spins looking for work",
                             .unit = ParamUnit::Ns,
                             .defaults = {2000},
                             .min = 0,
                             .max = 1e8});
  params.push_back(ParamSpec{.name = "idleSleepNs",
                             .description = "how long an idle worker sleeps before looking again",
                             .unit = ParamUnit::Ns,
                             .defaults = {20000},
                             .min = 1,
                             .max = 1e8});
  return params;
}

std::vector<std::string> unlockedMetrics() {
  auto metrics = wakePathMetrics(Splits::ByOutcome);
  metrics.push_back("idleSleep");
  return metrics;
}

[[maybe_unused]] const bool registered = registerProbe(ProbeInfo{
    .name = "wake/unlocked",
    .description = "Strategy runtime-managed: T's continuation goes on the waker's run queue and an idle worker is "
                   "woken; the waker runs T itself after its slice (T migrates) unless the idle worker on T's home CPU "
                   "steals it first.",
    .cpus = CpuUse::Pair,
    .crossCpuOnly = true,
    .params = unlockedParams(),
    .metrics = unlockedMetrics(),
    .run = runWakeUnlocked,
});

}  // namespace
}  // namespace schedcost
