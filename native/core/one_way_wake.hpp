// The one-way wake handshake that futex-wake, eventfd-epoll, pipe and tgkill
// share. For every sample the sleeper publishes that it is about to block and
// blocks; the waker waits for that, lets a random gap pass (so the sleeper
// really sleeps and its CPU may go idle), notes where it runs and whether the
// sleeper got as far as its blocking call, reads the clock and triggers. The
// sleeper's clock reading when it runs again ends the sample.
//
// Only the trigger and the block differ between probes; a Path supplies them:
//
//   struct Path {
//     static constexpr bool kSleeperBlocks;  // false: the sleeper spins, notAsleep does not apply
//     static constexpr bool kTimesTrigger;   // the waker reads the clock again when the trigger returns
//     void startSleeper();                   // on the sleeper's thread, before its first sample
//     bool trigger(ThreadGroup&, uint64_t seq);  // false when it found nobody blocked
//     Woken block(ThreadGroup&, uint64_t seq);   // returns once triggered, with the time it ran again
//   };
//
// block() holds everything between the blocking call's return and the clock
// reading, so each probe keeps exactly its own measured path.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "clock.hpp"
#include "cpu.hpp"
#include "futex.hpp"
#include "probe.hpp"
#include "random.hpp"
#include "thread_group.hpp"
#include "timer_slack.hpp"

namespace schedcost {

struct Woken {
  uint64_t atNs;  // the sleeper's (or its signal handler's) clock when it ran again
};

// What the handshake recorded for every sample, warm-up included.
struct OneWayRecord {
  OneWayRecord(uint64_t total, bool sleeperBlocks);

  // Why sample i is excluded ("offCpu", "notAsleep"), or
  // nullptr when it is kept. The waker is planned on ctx.cpuA(), the sleeper
  // on ctx.cpuB().
  const char* exclusion(const ProbeContext& ctx, uint64_t i) const;
  double latencyNs(uint64_t i) const { return static_cast<double>(wokeNs[i] - triggerNs[i]); }
  // From the sleeper publishing it blocks to the trigger.
  double idleGapNs(uint64_t i) const { return static_cast<double>(triggerNs[i] - blockingFromNs[i]); }
  // The trigger call itself, as the waker sees it (Path::kTimesTrigger).
  double triggerCostNs(uint64_t i) const { return static_cast<double>(triggerReturnNs[i] - triggerNs[i]); }

  bool sleeperBlocks;
  std::vector<uint64_t> blockingFromNs, triggerNs, triggerReturnNs, wokeNs;
  std::vector<int> wakerCpu, sleeperCpu;
  std::vector<uint8_t> sleeperBlocking, triggerFoundSleeper;
};

template <typename Path>
class OneWayWake {
 public:
  // Throws ProbeError when the gap parameters are the wrong way round.
  OneWayWake(const ProbeContext& ctx, Path& path)
      : ctx_(ctx), path_(path), record_(ctx.warmup + ctx.samples, Path::kSleeperBlocks) {
    if (ctx.param("gapMaxNs") < ctx.param("gapMinNs")) throw ProbeError("gapMaxNs must not be below gapMinNs");
  }
  OneWayWake(const OneWayWake&) = delete;
  OneWayWake& operator=(const OneWayWake&) = delete;

  // The waker on the first CPU, the sleeper on the second.
  void addRoles(ThreadGroup& group, const std::string& wakerRole, const std::string& sleeperRole) {
    group.add(wakerRole, ctx_.cpuA(), [this, &group] { runWaker(group); });
    group.add(sleeperRole, ctx_.cpuB(), [this, &group] { runSleeper(group); });
  }
  // Complete once the group has run.
  const OneWayRecord& record() const { return record_; }

 private:
  void runWaker(ThreadGroup& group) {
    setTimerSlackNs(1);  // gaps as requested, not stretched by the default 50 µs
    SplitMix64 rng(ctx_.seed);
    const auto gapMinNs = static_cast<uint64_t>(ctx_.param("gapMinNs"));
    const auto gapMaxNs = static_cast<uint64_t>(ctx_.param("gapMaxNs"));
    OneWayRecord& r = record_;
    for (uint64_t i = 0; i < r.wokeNs.size(); ++i) {
      group.waitUntilEquals(ready_, static_cast<uint32_t>(i + 1), "waiting for the sleeper to block");
      sleepForNs(rng.between(gapMinNs, gapMaxNs));
      r.wakerCpu[i] = currentCpu();
      r.sleeperBlocking[i] = static_cast<uint8_t>(blocking_.load(std::memory_order_acquire));
      r.triggerNs[i] = nowNs();
      r.triggerFoundSleeper[i] = path_.trigger(group, i);
      if constexpr (Path::kTimesTrigger) r.triggerReturnNs[i] = nowNs();
    }
  }

  void runSleeper(ThreadGroup& group) {
    path_.startSleeper();
    OneWayRecord& r = record_;
    for (uint64_t i = 0; i < r.wokeNs.size(); ++i) {
      // A stop may have released the last block() as if triggered (e.g. by
      // writing to its pipe): end here rather than block again.
      group.checkRunning("about to block");
      r.blockingFromNs[i] = nowNs();
      ready_.store(static_cast<uint32_t>(i + 1), std::memory_order_release);
      futexWake(ready_);
      blocking_.store(1, std::memory_order_release);
      const Woken woken = path_.block(group, i);
      blocking_.store(0, std::memory_order_relaxed);
      r.wokeNs[i] = woken.atNs;
      r.sleeperCpu[i] = currentCpu();
    }
  }

  const ProbeContext& ctx_;
  Path& path_;
  OneWayRecord record_;
  std::atomic<uint32_t> ready_{0};     // i + 1: the sleeper is about to block for sample i
  std::atomic<uint32_t> blocking_{0};  // 1 from just before the sleeper's block until it returns
};

}  // namespace schedcost
