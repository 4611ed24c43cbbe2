#include <atomic>
#include <map>

#include "../core/cpu.hpp"
#include "../core/engine.hpp"
#include "check.hpp"
#include "placement.hpp"

using namespace schedcost;
using schedcost::test::twoCpusOrSkip;

namespace {

std::atomic<bool> notCancelled{false};

ProbeOutput run(const std::string& probe, std::vector<int> cpus, uint64_t samples, uint64_t warmup,
                Params params = {}) {
  ProbeRequest r;
  r.probe = probe;
  r.cpus = std::move(cpus);
  r.samples = samples;
  r.warmup = warmup;
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

}  // namespace

TEST("wake/dedicated: one wake per wakeup, T always runs at home") {
  std::vector<int> cpus = twoCpusOrSkip();
  ProbeOutput out = run("wake/dedicated", {cpus[0], cpus[1]}, 100, 5, {{"workingSetBytes", {16384}}});
  const Measurement& wake = find(out, "wakeToRun");
  CHECK(wake.counters.at("futexWakes") == 105);
  CHECK(wake.counters.at("migrated") == 0);
  CHECK(wake.valuesNs.size() + excludedTotal(wake) == 100);
  CHECK(wake.excluded.count("offCpu") == 0);
  CHECK(find(out, "retouch").valuesNs.size() == wake.valuesNs.size());
}

TEST("wake/locked: two wakes per wakeup (both scheduler placements), hops recorded") {
  std::vector<int> cpus = twoCpusOrSkip();
  for (double onWaker : {0.0, 1.0}) {
    ProbeOutput out = run("wake/locked", {cpus[0], cpus[1]}, 100, 5,
                          {{"workingSetBytes", {16384}}, {"schedulerOnWakerCpu", {onWaker}}});
    const Measurement& wake = find(out, "wakeToRun");
    CHECK_MSG(wake.counters.at("futexWakes") == 2 * 105, "wakes " << wake.counters.at("futexWakes"));
    CHECK(wake.excluded.count("offCpu") == 0);
    REQUIRE(wake.auxNs.count("hop1Ns") && wake.auxNs.count("hop2Ns") && wake.auxNs.count("pickNs"));
    for (size_t i = 0; i < wake.valuesNs.size(); ++i)
      CHECK(wake.auxNs.at("hop1Ns")[i] + wake.auxNs.at("pickNs")[i] <= wake.valuesNs[i]);
  }
}

TEST("wake/unlocked: every woken task ran exactly once, migrated or stolen") {
  std::vector<int> cpus = twoCpusOrSkip();
  for (double slice : {0.0, 200000.0}) {
    ProbeOutput out =
        run("wake/unlocked", {cpus[0], cpus[1]}, 60, 3, {{"workingSetBytes", {16384}}, {"sliceNs", {slice}}});
    const Measurement& wake = find(out, "wakeToRun");
    const double migrated = wake.counters.at("migrated"), stolen = wake.counters.at("stolen");
    CHECK(migrated + stolen == static_cast<double>(wake.valuesNs.size()));
    CHECK(find(out, "wakeToRunMigrated").valuesNs.size() == migrated);
    CHECK(find(out, "wakeToRunStolen").valuesNs.size() == stolen);
    // With no slice the waker runs T at once; with a 200 µs slice the idle worker steals it.
    if (slice == 0)
      CHECK_MSG(migrated >= 0.9 * wake.valuesNs.size(), "migrated " << migrated);
    else
      CHECK_MSG(stolen >= 0.9 * wake.valuesNs.size(), "stolen " << stolen);
    CHECK(!find(out, "idleSleep").valuesNs.empty());
  }
}

TEST("syscall paths: tokens never exceed P, no task starves, hold limits throughput") {
  std::vector<int> cpus = allowedCpus();
  std::vector<int> pair = cpus.size() > 1 ? std::vector<int>{cpus[0], cpus[1]} : std::vector<int>{cpus[0], cpus[0]};
  std::map<std::string, double> throughput;
  for (const char* name : {"syscall/hold", "syscall/handoff", "syscall/lazy", "syscall/dedicated"}) {
    ProbeOutput out = run(
        name, pair, 5000, 2,
        {{"tasks", {4}}, {"tokens", {1}}, {"computeNs", {5000}}, {"syscallNs", {50000}}, {"durationNs", {60'000'000}}});
    const Measurement& it = find(out, "iteration");
    if (std::string(name) != "syscall/dedicated")
      CHECK_MSG(it.counters.at("maxTasksComputing") <= 1, name << " computing " << it.counters.at("maxTasksComputing"));
    CHECK_MSG(it.counters.at("fewestIterationsOfATask") > 0, name << " starved a task");
    throughput[name] = it.counters.at("iterations") / it.counters.at("wallNs");
    for (double v : find(out, "syscallDuration").valuesNs) CHECK(v >= 50000);
    if (std::string(name) == "syscall/handoff") CHECK(it.counters.at("futexWakes") > 0);
    if (std::string(name) == "syscall/lazy") CHECK(find(out, "retakeDelay").valuesNs.size() > 0);
  }
  // Holding the only P through a 50 µs syscall serialises the four tasks.
  CHECK_MSG(throughput["syscall/hold"] < 0.6 * throughput["syscall/dedicated"],
            "hold " << throughput["syscall/hold"] << " dedicated " << throughput["syscall/dedicated"]);
  CHECK_MSG(throughput["syscall/hold"] < throughput["syscall/handoff"],
            "hold " << throughput["syscall/hold"] << " handoff " << throughput["syscall/handoff"]);
}
