#include "wake_path.hpp"

#include "../clock.hpp"
#include "../cpu.hpp"
#include "../futex.hpp"
#include "../timer_slack.hpp"

namespace schedcost {

std::vector<ParamSpec> wakePathParams() {
  return {
      ParamSpec{.name = "workingSetBytes",
                .description = "T's working set, dirtied before it blocks",
                .unit = ParamUnit::Bytes,
                .defaults = {262144},
                .min = 1024,
                .max = 1073741824.0},
      ParamSpec{.name = "gapMinNs",
                .description = "shortest time T stays blocked",
                .unit = ParamUnit::Ns,
                .defaults = {20000},
                .min = 0,
                .max = 1e9},
      ParamSpec{.name = "gapMaxNs",
                .description = "longest time T stays blocked",
                .unit = ParamUnit::Ns,
                .defaults = {80000},
                .min = 0,
                .max = 1e9},
  };
}

uint64_t gapThenStartWake(ThreadGroup& group, const ProbeContext& ctx, SplitMix64& rng, WakePathSamples& samples,
                          uint64_t seq, std::atomic<uint32_t>& ready, const std::atomic<uint64_t>& blockedAtNs,
                          std::atomic<uint64_t>& wakeStartNs) {
  group.waitUntilEquals(ready, static_cast<uint32_t>(seq + 1), "waiting for T to block");
  sleepForNs(rng.between(static_cast<uint64_t>(ctx.param("gapMinNs")), static_cast<uint64_t>(ctx.param("gapMaxNs"))));
  samples.wakerCpu[seq] = currentCpu();
  uint64_t start = nowNs();
  samples.idleNs[seq] = static_cast<double>(start - blockedAtNs.load(std::memory_order_acquire));
  wakeStartNs.store(start, std::memory_order_relaxed);
  return start;
}

uint64_t blockThenRun(ThreadGroup& group, WakePathSamples& samples, WorkingSet& set, uint64_t seq,
                      std::atomic<uint32_t>& word, std::atomic<uint32_t>& ready, std::atomic<uint64_t>& blockedAtNs,
                      const std::atomic<uint64_t>& wakeStartNs, int* blockedOnCpu,
                      const std::function<void()>& beforeBlock) {
  set.dirty();
  if (beforeBlock) beforeBlock();
  if (blockedOnCpu != nullptr) *blockedOnCpu = currentCpu();
  blockedAtNs.store(nowNs(), std::memory_order_release);
  ready.store(static_cast<uint32_t>(seq + 1), std::memory_order_release);
  futexWake(ready);
  group.waitWhileEquals(word, static_cast<uint32_t>(seq), "T waiting to be woken (lost wakeup?)");
  uint64_t running = nowNs();
  samples.taskCpu[seq] = currentCpu();
  set.chase();
  samples.retouchNs[seq] = static_cast<double>(nowNs() - running);
  samples.wakeToRunNs[seq] = static_cast<double>(running - wakeStartNs.load(std::memory_order_relaxed));
  return running;
}

std::vector<std::string> wakePathMetrics(Splits splits) {
  std::vector<std::string> metrics = {"wakeToRun", "retouch"};
  if (splits == Splits::ByOutcome)
    metrics.insert(metrics.end(), {"wakeToRunMigrated", "wakeToRunStolen", "retouchMigrated", "retouchAtHome"});
  return metrics;
}

void WakePathSamples::emit(const ProbeContext& ctx, int homeCpu, int wakerHome, ProbeOutput& out,
                           const std::map<std::string, double>& counters, Splits splits) const {
  const uint64_t total = wakeToRunNs.size();
  out.measurements.reserve(out.measurements.size() + 6);
  Measurement& wake = out.measurements.emplace_back("wakeToRun", ctx.samples);
  Measurement& retouch = out.measurements.emplace_back("retouch", ctx.samples);
  Measurement migratedWake("wakeToRunMigrated", 0), stolenWake("wakeToRunStolen", 0);
  Measurement migratedRetouch("retouchMigrated", 0), homeRetouch("retouchAtHome", 0);
  const double bytes = ctx.param("workingSetBytes");
  for (Measurement* m : {&wake, &retouch, &migratedWake, &stolenWake, &migratedRetouch, &homeRetouch})
    m->params["workingSetBytes"] = bytes;
  std::vector<double>& idleKept = wake.auxNs["idleGapNs"];
  std::vector<std::vector<double>*> stepKept;
  for (const auto& [name, values] : steps) stepKept.push_back(&wake.auxNs[name]);
  uint64_t migratedCount = 0, stolenCount = 0;
  for (uint64_t i = ctx.warmup; i < total; ++i) {
    const int cpu = taskCpu[i];
    // T may run away from home only where the strategy migrates it.
    const bool placed = wakerCpu[i] == wakerHome && (migrated[i] ? cpu == wakerHome : cpu == homeCpu);
    const char* reason = !placed ? "offCpu" : notAsleep[i] ? "notAsleep" : nullptr;
    if (reason) {
      wake.exclude(reason, cpu);
      retouch.exclude(reason, cpu);
      continue;
    }
    wake.keep(wakeToRunNs[i], cpu);
    retouch.keep(retouchNs[i], cpu);
    idleKept.push_back(idleNs[i]);
    for (size_t s = 0; s < steps.size(); ++s) stepKept[s]->push_back(steps[s].second[i]);
    if (migrated[i]) {
      ++migratedCount;
      migratedWake.keep(wakeToRunNs[i], cpu);
      migratedRetouch.keep(retouchNs[i], cpu);
    } else {
      homeRetouch.keep(retouchNs[i], cpu);
    }
    if (stolen[i]) {
      ++stolenCount;
      stolenWake.keep(wakeToRunNs[i], cpu);
    }
  }
  wake.counters = counters;
  wake.counters["migrated"] = static_cast<double>(migratedCount);
  wake.counters["stolen"] = static_cast<double>(stolenCount);
  if (splits == Splits::ByOutcome) {
    for (Measurement* m : {&migratedWake, &stolenWake, &migratedRetouch, &homeRetouch}) {
      m->requested = m->valuesNs.size();
      out.measurements.push_back(std::move(*m));
    }
  }
}

}  // namespace schedcost
