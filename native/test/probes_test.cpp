#include <algorithm>

#include "../core/cpu.hpp"
#include "../core/engine.hpp"
#include "check.hpp"
#include "placement.hpp"
#include "process_state.hpp"

using namespace schedcost;
using schedcost::test::fdCount;
using schedcost::test::pairOrSame;
using schedcost::test::threadBaseline;
using schedcost::test::threadCountSettledTo;
using schedcost::test::twoCpusOrSkip;

namespace {

CancelFlag notCancelled;

ProbeOutput run(const std::string& probe, std::vector<int> cpus, uint64_t samples, Params params = {}) {
  ProbeRequest r;
  r.probe = probe;
  r.cpus = std::move(cpus);
  r.samples = samples;
  r.warmup = 3;
  r.params = std::move(params);
  r.timeoutNs = 30'000'000'000ull;
  return runProbe(r, &notCancelled);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// Invariants every measurement must hold.
void checkMeasurement(const Measurement& m, const std::vector<int>& observerCpus) {
  uint64_t excluded = 0;
  for (const auto& [reason, count] : m.excluded) excluded += count;
  CHECK_MSG(m.valuesNs.size() + excluded == m.requested,
            m.metric << ": kept " << m.valuesNs.size() << " + excluded " << excluded << " != " << m.requested);
  uint64_t observed = 0;
  for (const auto& [cpu, count] : m.observedCpus) observed += count;
  CHECK_MSG(observed == m.requested, m.metric << ": observed " << observed);
  for (double v : m.valuesNs) CHECK_MSG(v > 0 && v < 10e9, m.metric << ": value " << v);
  for (int cpu : observerCpus)
    CHECK_MSG(m.observedCpus.count(cpu) ? m.observedCpus.at(cpu) >= m.valuesNs.size() : m.valuesNs.empty(),
              m.metric << ": kept samples not observed on CPU " << cpu);
  for (const auto& [name, aux] : m.auxNs) CHECK_MSG(aux.size() == m.valuesNs.size(), m.metric << " aux " << name);
}

}  // namespace

TEST("syscall probe measures both calls on the planned CPU") {
  int cpu = allowedCpus().at(0);
  ProbeOutput out = run("syscall", {cpu}, 200);
  REQUIRE(out.measurements.size() == 2);
  for (const auto& m : out.measurements) checkMeasurement(m, {cpu});
  double getppid = median(out.measurements[0].valuesNs);
  CHECK_MSG(getppid > 10 && getppid < 100000, "getppid " << getppid << " ns");
}

TEST("futex-pingpong times every handoff on the planned CPUs") {
  auto cpus = pairOrSame();
  ProbeOutput out = run("futex-pingpong", cpus, 500);
  REQUIRE(out.measurements.size() == 1);
  checkMeasurement(out.measurements[0], {cpus[0]});
  CHECK(!out.measurements[0].valuesNs.empty());
}

TEST("futex-wake: wakes on the planned CPUs, every idle gap at least the shortest gap asked for") {
  auto cpus = pairOrSame();
  ProbeOutput out = run("futex-wake", cpus, 200);
  REQUIRE(out.measurements.size() == 2);
  checkMeasurement(out.measurements[1], {cpus[0]});
  const Measurement& m = out.measurements[0];
  checkMeasurement(m, {cpus[1]});
  CHECK(!m.valuesNs.empty());
  REQUIRE(m.auxNs.count("idleGapNs") == 1);
  // The waker's gap starts once the sleeper has published that it blocks.
  for (double gap : m.auxNs.at("idleGapNs")) CHECK_MSG(gap >= m.params.at("gapMinNs"), "idle gap " << gap);
}

TEST("tgkill delivers to blocked and spinning targets on another CPU") {
  auto cpus = twoCpusOrSkip();
  ProbeOutput out = run("tgkill", cpus, 100);
  REQUIRE(out.measurements.size() == 3);
  checkMeasurement(out.measurements[0], {cpus[1]});
  checkMeasurement(out.measurements[1], {cpus[1]});
  checkMeasurement(out.measurements[2], {cpus[0]});
  CHECK(out.measurements[1].valuesNs.size() > 50);
}

TEST("eventfd-epoll and pipe wake their readers") {
  auto cpus = pairOrSame();
  size_t fdsBefore = fdCount();
  ProbeOutput epoll = run("eventfd-epoll", cpus, 100);
  checkMeasurement(epoll.measurements.at(0), {cpus[1]});
  ProbeOutput pipe = run("pipe", cpus, 100);
  REQUIRE(pipe.measurements.size() == 2);
  checkMeasurement(pipe.measurements[0], {cpus[0]});
  checkMeasurement(pipe.measurements[1], {cpus[1]});
  CHECK(fdCount() == fdsBefore);
}

TEST("sleep never returns early and honours the slack setting") {
  int cpu = allowedCpus().at(0);
  ProbeOutput out = run("sleep", {cpu}, 30, {{"requestedNs", {20000, 100000}}, {"timerSlackNs", {50000, 1}}});
  REQUIRE(out.measurements.size() == 4);
  for (const auto& m : out.measurements) {
    checkMeasurement(m, {cpu});
    for (double v : m.valuesNs) CHECK_MSG(v >= m.params.at("requestedNs"), "slept " << v);
  }
}

TEST("migration re-touches on both CPUs and times the move") {
  auto cpus = twoCpusOrSkip();
  ProbeOutput out = run("migration", cpus, 5, {{"workingSetBytes", {16384, 1048576}}});
  REQUIRE(out.measurements.size() == 5);
  CHECK(out.measurements[0].metric == "moveCost");
  checkMeasurement(out.measurements[0], {cpus[1]});
  for (size_t i = 1; i < 5; i += 2) {
    checkMeasurement(out.measurements[i], {cpus[0]});
    checkMeasurement(out.measurements[i + 1], {cpus[1]});
  }
  // More lines take longer to chase.
  CHECK(median(out.measurements[3].valuesNs) > median(out.measurements[1].valuesNs));
}

namespace {

// A short run of a probe with parameters that keep it quick; crossCpuOnly
// probes need two CPUs (returns false when there are not).
bool runBriefly(const ProbeInfo& info, const std::vector<int>& cpus, ProbeOutput& out) {
  if (info.crossCpuOnly && cpus[0] == cpus[1]) return false;
  std::vector<int> placement = info.cpus == CpuUse::Single ? std::vector<int>{cpus[0]} : cpus;
  Params params;
  if (info.name == "migration") params["workingSetBytes"] = {16384};
  if (info.name == "sleep") params["requestedNs"] = {20000};
  if (info.name.starts_with("syscall/")) params["durationNs"] = {1e6};
  out = run(info.name, placement, 10, params);
  return true;
}

}  // namespace

TEST("every registered probe emits only the metrics it lists, with consistent counts") {
  auto cpus = pairOrSame();
  for (const ProbeInfo& info : probes()) {
    ProbeOutput out;
    if (!runBriefly(info, cpus, out)) continue;
    CHECK_MSG(!out.measurements.empty(), info.name);
    for (const Measurement& m : out.measurements) {
      CHECK_MSG(std::find(info.metrics.begin(), info.metrics.end(), m.metric) != info.metrics.end(),
                info.name << " emitted unlisted metric " << m.metric);
      checkMeasurement(m, {});
    }
  }
}

TEST("threads and file descriptors return to their baseline after every probe") {
  size_t threadsBefore = threadBaseline(), fdsBefore = fdCount();
  auto cpus = pairOrSame();
  for (const ProbeInfo& info : probes()) {
    ProbeOutput out;
    runBriefly(info, cpus, out);
    CHECK_MSG(threadCountSettledTo(threadsBefore) == threadsBefore, info.name);
    CHECK_MSG(fdCount() == fdsBefore, info.name);
  }
}
