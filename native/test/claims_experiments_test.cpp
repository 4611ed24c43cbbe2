// The claims' experiments' mechanics: counts add up, the interleaved paths
// alternate, each path wakes as often as its emulation says, fractions are
// fractions, threads come back. What the figures say is a finding of a run,
// not checked here.
#include <map>
#include <stdexcept>
#include <string>

#include "../core/cpu.hpp"
#include "../core/engine.hpp"
#include "../core/fault_injection.hpp"
#include "check.hpp"
#include "placement.hpp"
#include "process_state.hpp"

using namespace schedcost;
using schedcost::test::fdCount;
using schedcost::test::threadBaseline;
using schedcost::test::threadCountSettledTo;
using schedcost::test::twoCpusOrSkip;

namespace {

CancelFlag notCancelled;

constexpr uint64_t kSamples = 60, kWarmup = 3;

ProbeOutput run(const std::string& probe, std::vector<int> cpus, Params params = {}) {
  ProbeRequest r;
  r.probe = probe;
  r.cpus = std::move(cpus);
  r.samples = kSamples;
  r.warmup = kWarmup;
  r.params = std::move(params);
  r.timeoutNs = 30'000'000'000ull;
  return runProbe(r, &notCancelled);
}

const Measurement& find(const ProbeOutput& out, const std::string& metric) {
  for (const auto& m : out.measurements)
    if (m.metric == metric) return m;
  throw std::runtime_error("no metric " + metric);
}

uint64_t excludedTotal(const Measurement& m) {
  uint64_t n = 0;
  for (const auto& [reason, count] : m.excluded) n += count;
  return n;
}

void checkCounts(const Measurement& m) {
  CHECK_MSG(m.valuesNs.size() + excludedTotal(m) == m.requested,
            m.metric << ": kept " << m.valuesNs.size() << " excluded " << excludedTotal(m) << " of " << m.requested);
  for (double v : m.valuesNs) CHECK_MSG(v > 0, m.metric << " " << v);
  for (const auto& [name, aux] : m.auxNs) CHECK_MSG(aux.size() == m.valuesNs.size(), m.metric << " aux " << name);
}

}  // namespace

TEST("wake/interleaved: paths alternate, one wake per dedicated and two per locked sample, threads joined") {
  std::vector<int> cpus = twoCpusOrSkip();
  size_t threadsBefore = threadBaseline(), fdsBefore = fdCount();
  ProbeOutput out = run("wake/interleaved", cpus, {{"workingSetBytes", {16384}}});
  const Measurement& dedicated = find(out, "dedicatedWakeToRun");
  const Measurement& locked = find(out, "lockedWakeToRun");
  checkCounts(dedicated);
  checkCounts(locked);
  CHECK(dedicated.requested + locked.requested == kSamples);
  CHECK_MSG(dedicated.requested + 1 >= kSamples / 2 && dedicated.requested <= kSamples / 2 + 1,
            "dedicated " << dedicated.requested);
  CHECK(dedicated.counters.at("futexWakes") == static_cast<double>(dedicated.requested));
  CHECK(locked.counters.at("futexWakes") == static_cast<double>(2 * locked.requested));
  for (const Measurement* m : {&dedicated, &locked}) {
    for (const auto& [reason, count] : m->excluded)
      CHECK_MSG(reason == "offCpu" || reason == "notAsleep", m->metric << " excluded for " << reason);
  }
  CHECK(threadCountSettledTo(threadsBefore) == threadsBefore);
  CHECK(fdCount() == fdsBefore);
}

TEST("preemption: signal and wakeup samples alternate on the same threads, counts add up, threads joined") {
  std::vector<int> cpus = twoCpusOrSkip();
  size_t threadsBefore = threadBaseline(), fdsBefore = fdCount();
  for (double fifo : {0.0, 1.0}) {
    ProbeOutput out = run("preemption", cpus, {{"wakeeFifo", {fifo}}});
    const Measurement& signal = find(out, "deliveryToSpinning");
    const Measurement& wakeup = find(out, "wakeupPreemption");
    checkCounts(signal);
    checkCounts(wakeup);
    CHECK(signal.requested + wakeup.requested == kSamples);
    CHECK_MSG(wakeup.requested + 1 >= kSamples / 2 && wakeup.requested <= kSamples / 2 + 1,
              "wakeups " << wakeup.requested);
    CHECK(signal.excluded.count("notAsleep") == 0);  // a spinner is never asleep
    const double ranFifo = wakeup.counters.at("wakeeRanFifo");
    CHECK(ranFifo == 0 || ranFifo == 1);
    if (fifo == 0) CHECK(ranFifo == 0);
    // SCHED_FIFO refused says so; granted says nothing.
    CHECK((ranFifo == 0 && fifo == 1) == !out.warnings.empty());
  }
  CHECK(threadCountSettledTo(threadsBefore) == threadsBefore);
  CHECK(fdCount() == fdsBefore);
}

TEST("preemption: SCHED_FIFO refused for the wakee is a warning, and it runs SCHED_OTHER") {
  std::vector<int> cpus = twoCpusOrSkip();
  faultInjection().denyRealtime = true;
  ProbeOutput out = run("preemption", cpus, {{"wakeeFifo", {1}}});
  faultInjection().denyRealtime = false;
  REQUIRE(out.warnings.size() == 1);
  CHECK(out.warnings[0].code == "preemption-wakee-not-fifo");
  CHECK(find(out, "wakeupPreemption").counters.at("wakeeRanFifo") == 0);
  checkCounts(find(out, "wakeupPreemption"));
}

TEST("wake/floating: counts add up, where T ran are fractions of the kept samples, threads joined") {
  std::vector<int> cpus = twoCpusOrSkip();
  size_t threadsBefore = threadBaseline(), fdsBefore = fdCount();
  for (double homeBusy : {0.0, 1.0})
    for (double keepsRunning : {0.0, 1.0}) {
      ProbeOutput out =
          run("wake/floating", cpus,
              {{"workingSetBytes", {16384}}, {"wakerKeepsRunning", {keepsRunning}}, {"homeBusy", {homeBusy}}});
      const Measurement& wake = find(out, "wakeToRun");
      const Measurement& retouch = find(out, "retouch");
      checkCounts(wake);
      checkCounts(retouch);
      CHECK(wake.requested == kSamples && retouch.valuesNs.size() == wake.valuesNs.size());
      const auto kept = static_cast<double>(wake.valuesNs.size());
      for (const char* counter : {"ranOnPrevious", "ranOnWakerCpu"}) {
        const double n = wake.counters.at(counter);
        CHECK_MSG(n >= 0 && n <= kept, counter << " " << n << " of " << kept);
      }
      // With homeBusy, T blocks on its busy home CPU: samples where it had left it are excluded, and few.
      if (homeBusy != 0) {
        const auto left = wake.excluded.count("offCpu") ? wake.excluded.at("offCpu") : 0;
        CHECK_MSG(left * 2 <= wake.requested, left << " of " << wake.requested << " blocked away from home");
      }
      // T floats over the placement's two CPUs and nowhere else.
      for (const auto& [cpu, count] : wake.observedCpus)
        CHECK_MSG(cpu == cpus[0] || cpu == cpus[1], "T ran on " << cpu);
    }
  CHECK(threadCountSettledTo(threadsBefore) == threadsBefore);
  CHECK(fdCount() == fdsBefore);
}
