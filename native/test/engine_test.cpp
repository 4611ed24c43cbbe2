#include "../core/engine.hpp"

#include <atomic>
#include <ctime>
#include <set>
#include <thread>

#include "../core/clock.hpp"
#include "../core/cpu.hpp"
#include "../core/fault_injection.hpp"
#include "check.hpp"
#include "process_state.hpp"

using namespace schedcost;
using schedcost::test::fdCount;
using schedcost::test::threadCount;
using schedcost::test::threadCountSettledTo;

namespace {

ProbeRequest request(const std::string& probe, std::vector<int> cpus, uint64_t samples = 20) {
  ProbeRequest r;
  r.probe = probe;
  r.cpus = std::move(cpus);
  r.samples = samples;
  r.warmup = 2;
  r.timeoutNs = 20'000'000'000ull;
  return r;
}

int firstCpu() {
  return allowedCpus().at(0);
}

}  // namespace

TEST("every registered probe describes its CPUs, parameters and metrics") {
  REQUIRE(!probes().empty());
  std::set<std::string> names;
  for (const ProbeInfo& info : probes()) {
    CHECK_MSG(names.insert(info.name).second, info.name << " registered twice");
    CHECK_MSG(!info.description.empty(), info.name);
    CHECK_MSG(info.cpus == CpuUse::Single || info.cpus == CpuUse::Pair, info.name);
    CHECK_MSG(!info.crossCpuOnly || info.cpus == CpuUse::Pair, info.name);
    CHECK_MSG(info.run != nullptr, info.name);
    CHECK_MSG(!info.metrics.empty(), info.name);
    CHECK_MSG(std::set<std::string>(info.metrics.begin(), info.metrics.end()).size() == info.metrics.size(),
              info.name << " lists a metric twice");
    for (const ParamSpec& spec : info.params) {
      CHECK_MSG(!spec.description.empty(), info.name << "." << spec.name);
      CHECK_MSG(std::string(unitName(spec.unit)) != "", info.name << "." << spec.name);
      CHECK_MSG(spec.maxValues >= 1 && !spec.defaults.empty() && spec.defaults.size() <= spec.maxValues,
                info.name << "." << spec.name);
      for (double v : spec.defaults)
        CHECK_MSG(v >= spec.min && v <= spec.max, info.name << "." << spec.name << " default " << v);
    }
    Params complete;
    CHECK_MSG(completeParams(info, {}, complete).empty(), info.name << ": defaults do not validate");
  }
}

TEST("requests are validated before anything runs") {
  std::atomic<bool> cancelled{false};
  int cpu = firstCpu();
  CHECK_THROWS_AS(runProbe(request("no-such-probe", {cpu}), &cancelled), InvalidRequest);
  CHECK_THROWS_AS(runProbe(request("syscall", {cpu, cpu}), &cancelled), InvalidRequest);
  CHECK_THROWS_AS(runProbe(request("syscall", {100000}), &cancelled), InvalidRequest);
  CHECK_THROWS_AS(runProbe(request("syscall", {-1}), &cancelled), InvalidRequest);
  CHECK_THROWS_AS(runProbe(request("syscall", {cpu}, 0), &cancelled), InvalidRequest);
  CHECK_THROWS_AS(runProbe(request("syscall", {cpu}, kMaxSamples + 1), &cancelled), InvalidRequest);
  CHECK_THROWS_AS(runProbe(request("migration", {cpu, cpu}), &cancelled), InvalidRequest);
  ProbeRequest badParam = request("syscall", {cpu});
  badParam.params["batch"] = {0};
  CHECK_THROWS_AS(runProbe(badParam, &cancelled), InvalidRequest);
  ProbeRequest unknownParam = request("syscall", {cpu});
  unknownParam.params["bogus"] = {1};
  CHECK_THROWS_AS(runProbe(unknownParam, &cancelled), InvalidRequest);
  ProbeRequest badTimeout = request("syscall", {cpu});
  badTimeout.timeoutNs = 0;
  CHECK_THROWS_AS(runProbe(badTimeout, &cancelled), InvalidRequest);
}

TEST("a stalled thread fails the probe at its deadline and every thread is joined") {
  std::atomic<bool> cancelled{false};
  // A first thread makes sanitizer runtimes start their helper threads, which
  // would otherwise count as leaked.
  runProbe(request("syscall", {firstCpu()}), &cancelled);
  size_t threadsBefore = threadCount(), fdsBefore = fdCount();
  faultInjection().stallRole = "sleeper";
  ProbeRequest r = request("futex-wake", {firstCpu(), firstCpu()});
  r.timeoutNs = 300'000'000;
  uint64_t start = nowNs();
  std::string reason;
  try {
    runProbe(r, &cancelled);
  } catch (const ProbeError& e) {
    reason = e.what();
  }
  faultInjection().stallRole.clear();
  double seconds = static_cast<double>(nowNs() - start) / 1e9;
  CHECK_MSG(reason.find("timed out") != std::string::npos, "reason: " << reason);
  CHECK_MSG(seconds < 3.0, "took " << seconds << " s");
  CHECK(threadCountSettledTo(threadsBefore) == threadsBefore);
  CHECK(fdCount() == fdsBefore);
}

TEST("a stalled pipe reader blocked in read() is released and joined") {
  std::atomic<bool> cancelled{false};
  size_t threadsBefore = threadCount(), fdsBefore = fdCount();
  faultInjection().stallRole = "responder";
  ProbeRequest r = request("pipe", {firstCpu(), firstCpu()});
  r.timeoutNs = 300'000'000;
  CHECK_THROWS_AS(runProbe(r, &cancelled), ProbeError);
  faultInjection().stallRole.clear();
  CHECK(threadCountSettledTo(threadsBefore) == threadsBefore);
  CHECK(fdCount() == fdsBefore);
}

TEST("cancelling stops a running probe promptly") {
  std::atomic<bool> cancelled{false};
  ProbeRequest r = request("sleep", {firstCpu()}, 100000);
  r.params["requestedNs"] = {1'000'000};
  std::string reason;
  uint64_t start = nowNs();
  std::thread canceller([&] {
    struct timespec ts {
      0, 100'000'000
    };
    nanosleep(&ts, nullptr);
    cancelled.store(true);
  });
  try {
    runProbe(r, &cancelled);
  } catch (const ProbeError& e) {
    reason = e.what();
  }
  canceller.join();
  CHECK_MSG(reason == "cancelled", "reason: " << reason);
  CHECK(static_cast<double>(nowNs() - start) / 1e9 < 1.5);
}

TEST("a dropped wake is excluded as woken by timeout, never reported as latency") {
  std::atomic<bool> cancelled{false};
  faultInjection().dropWakes = true;
  ProbeRequest r = request("futex-wake", {firstCpu(), firstCpu()}, 3);
  r.warmup = 0;
  // Long gaps: the sleeper is surely blocked (even under a sanitizer) when the wake is dropped.
  r.params["gapMinNs"] = {5'000'000};
  r.params["gapMaxNs"] = {5'000'000};
  ProbeOutput out = runProbe(r, &cancelled);
  faultInjection().dropWakes = false;
  REQUIRE(out.measurements.size() == 2);
  Measurement& wake = out.measurements[0];
  CHECK(wake.valuesNs.empty());
  // A sleeper that had not yet blocked when the wake was dropped finds the
  // word changed (notAsleep); one that had blocked is woken by its timeout.
  CHECK(wake.excluded["wokenByTimeout"] + wake.excluded["notAsleep"] == 3);
  CHECK(wake.excluded["wokenByTimeout"] >= 1);
}

TEST("SCHED_FIFO refused: the probe runs anyway and says so") {
  std::atomic<bool> cancelled{false};
  faultInjection().denyRealtime = true;
  ProbeRequest r = request("syscall", {firstCpu()});
  r.realtime = true;
  ProbeOutput out = runProbe(r, &cancelled);
  faultInjection().denyRealtime = false;
  REQUIRE(out.warnings.size() == 1);
  CHECK(out.warnings[0].find("SCHED_FIFO refused") != std::string::npos);
  CHECK(!out.measurements.at(0).valuesNs.empty());
}
