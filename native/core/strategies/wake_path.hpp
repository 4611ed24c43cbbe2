// What the wake-path strategies share: a task T with a warm working set on
// its home CPU blocks; a waker on another CPU wakes it through the
// strategy's path; T records when and where it runs, then re-touches its
// working set (so a migration shows up as refill time).
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "../probe.hpp"
#include "../random.hpp"
#include "../thread_group.hpp"
#include "../working_set.hpp"

namespace schedcost {

std::vector<ParamSpec> wakePathParams();

// Whether a strategy's wakeToRun and retouch are also split by where T ran.
enum class Splits {
  None,       // T always runs at home
  ByOutcome,  // T may migrate or be stolen: wakeToRunMigrated/Stolen, retouchMigrated/AtHome
};
// The metrics WakePathSamples::emit produces.
std::vector<std::string> wakePathMetrics(Splits splits);

struct WakePathSamples {
  explicit WakePathSamples(uint64_t total)
      : wakeToRunNs(total),
        retouchNs(total),
        idleNs(total),
        taskCpu(total),
        wakerCpu(total),
        notAsleep(total),
        migrated(total),
        stolen(total) {}

  std::vector<double> wakeToRunNs, retouchNs, idleNs;
  std::vector<int> taskCpu, wakerCpu;
  std::vector<uint8_t> notAsleep, migrated, stolen;
  // Time from the wake to intermediate steps, named per strategy (e.g. hop1Ns).
  std::vector<std::pair<std::string, std::vector<double>>> steps;

  // wakeToRun and retouch measurements, with the counters the strategy kept
  // (plus "migrated" and "stolen"), and the split by outcome when asked.
  void emit(const ProbeContext& ctx, int homeCpu, int wakerHome, ProbeOutput& out,
            const std::map<std::string, double>& counters, Splits splits) const;
};

// The waker's side up to the wake: wait until T has blocked, let it stay
// blocked for a random gap, record the waker's CPU and T's idle time, and
// publish the wake's start time. Returns that time; the strategy then wakes.
uint64_t gapThenStartWake(ThreadGroup& group, const ProbeContext& ctx, SplitMix64& rng, WakePathSamples& samples,
                          uint64_t seq, std::atomic<uint32_t>& ready, const std::atomic<uint64_t>& blockedAtNs,
                          std::atomic<uint64_t>& wakeStartNs);

// T's side of one wakeup for the strategies that wake T's own thread: warm
// the working set, note the CPU it blocks on (when asked), publish that T
// blocks, sleep until `word` leaves `seq`, then record when and where T runs
// and how long it re-touches its set. Returns the time T started running.
uint64_t blockThenRun(ThreadGroup& group, WakePathSamples& samples, WorkingSet& set, uint64_t seq,
                      std::atomic<uint32_t>& word, std::atomic<uint32_t>& ready, std::atomic<uint64_t>& blockedAtNs,
                      const std::atomic<uint64_t>& wakeStartNs, int* blockedOnCpu = nullptr,
                      const std::function<void()>& beforeBlock = {});

}  // namespace schedcost
