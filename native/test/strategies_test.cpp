// The strategies' mechanics: counts add up, intervals are ordered, a
// strategy does what its emulation says (wakes per wakeup, no migration
// where none is possible, never more tasks computing than Ps). How fast one
// strategy is against another is a finding of a run, not checked here.
#include <map>

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

constexpr uint64_t kSamples = 100, kWarmup = 5;
constexpr double kGapMinNs = 20000;

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

bool has(const ProbeOutput& out, const std::string& metric) {
  for (const auto& m : out.measurements)
    if (m.metric == metric) return true;
  return false;
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

// What every wake-path result holds, whatever the strategy.
void checkWakePath(const ProbeOutput& out) {
  const Measurement& wake = find(out, "wakeToRun");
  const Measurement& retouch = find(out, "retouch");
  CHECK_MSG(wake.valuesNs.size() + excludedTotal(wake) == kSamples,
            "kept " << wake.valuesNs.size() << " excluded " << excludedTotal(wake));
  CHECK(retouch.valuesNs.size() == wake.valuesNs.size());
  CHECK(retouch.excluded == wake.excluded);
  for (double v : wake.valuesNs) CHECK_MSG(v > 0, "wakeToRun " << v);
  for (double v : retouch.valuesNs) CHECK_MSG(v > 0, "retouch " << v);
  REQUIRE(wake.auxNs.count("idleGapNs"));
  // The waker's gap starts once T has published that it blocks.
  for (double v : wake.auxNs.at("idleGapNs")) CHECK_MSG(v >= kGapMinNs, "idle gap " << v);
  const double migrated = wake.counters.at("migrated"), stolen = wake.counters.at("stolen");
  CHECK(migrated >= 0 && migrated <= static_cast<double>(wake.valuesNs.size()));
  CHECK(stolen >= 0 && stolen <= static_cast<double>(wake.valuesNs.size()));
}

// A strategy that wakes T's own thread cannot move T.
void checkNeverMigrates(const ProbeOutput& out) {
  const Measurement& wake = find(out, "wakeToRun");
  CHECK(wake.counters.at("migrated") == 0);
  CHECK(wake.counters.at("stolen") == 0);
  CHECK(wake.excluded.count("offCpu") == 0);
  CHECK(!has(out, "wakeToRunMigrated") && !has(out, "wakeToRunStolen"));
}

}  // namespace

TEST("wake/dedicated: one futex wake per measured wakeup, T never migrates, threads joined") {
  std::vector<int> cpus = twoCpusOrSkip();
  size_t threadsBefore = threadBaseline(), fdsBefore = fdCount();
  ProbeOutput out = run("wake/dedicated", cpus, kSamples, kWarmup, {{"workingSetBytes", {16384}}});
  checkWakePath(out);
  checkNeverMigrates(out);
  CHECK_MSG(find(out, "wakeToRun").counters.at("futexWakes") == kSamples,
            "wakes " << find(out, "wakeToRun").counters.at("futexWakes"));
  CHECK(threadCountSettledTo(threadsBefore) == threadsBefore);
  CHECK(fdCount() == fdsBefore);
}

TEST("wake/locked: two futex wakes per measured wakeup (both scheduler placements), hops ordered") {
  std::vector<int> cpus = twoCpusOrSkip();
  for (double onWaker : {0.0, 1.0}) {
    ProbeOutput out =
        run("wake/locked", cpus, kSamples, kWarmup, {{"workingSetBytes", {16384}}, {"schedulerOnWakerCpu", {onWaker}}});
    checkWakePath(out);
    checkNeverMigrates(out);
    const Measurement& wake = find(out, "wakeToRun");
    CHECK_MSG(wake.counters.at("futexWakes") == 2 * kSamples, "wakes " << wake.counters.at("futexWakes"));
    REQUIRE(wake.auxNs.count("hop1Ns") && wake.auxNs.count("hop2Ns") && wake.auxNs.count("pickNs"));
    // T runs only after the scheduler thread woke (hop 1) and picked it.
    for (size_t i = 0; i < wake.valuesNs.size(); ++i) {
      CHECK(wake.auxNs.at("hop1Ns")[i] > 0);
      CHECK(wake.auxNs.at("hop1Ns")[i] + wake.auxNs.at("pickNs")[i] <= wake.valuesNs[i]);
    }
  }
}

TEST("wake/unlocked: every kept wakeup ran T once, migrated or stolen, and the splits agree") {
  std::vector<int> cpus = twoCpusOrSkip();
  for (double slice : {0.0, 200000.0}) {
    ProbeOutput out =
        run("wake/unlocked", cpus, kSamples, kWarmup, {{"workingSetBytes", {16384}}, {"sliceNs", {slice}}});
    checkWakePath(out);
    const Measurement& wake = find(out, "wakeToRun");
    const double migrated = wake.counters.at("migrated"), stolen = wake.counters.at("stolen");
    CHECK(migrated + stolen == static_cast<double>(wake.valuesNs.size()));
    CHECK(find(out, "wakeToRunMigrated").valuesNs.size() == migrated);
    CHECK(find(out, "wakeToRunStolen").valuesNs.size() == stolen);
    CHECK(find(out, "retouchMigrated").valuesNs.size() == migrated);
    CHECK(find(out, "retouchAtHome").valuesNs.size() == wake.valuesNs.size() - migrated);
    // Two wakep calls per wakeup at most: one to prepare T, one to run it.
    CHECK(wake.counters.at("futexWakes") <= 2 * kSamples);
    // The idle worker sleeps before it parks, and nanosleep never returns early.
    const Measurement& sleeps = find(out, "idleSleep");
    CHECK(!sleeps.valuesNs.empty());
    for (double v : sleeps.valuesNs) CHECK_MSG(v >= sleeps.params.at("requestedNs"), "idle sleep " << v);
  }
}

// The longest a syscall-path run is stretched to when a task has not yet had
// a turn at the P: 96 rounds of four 10 ms slices.
constexpr double kLongestSyscallRunNs = 3'840'000'000;

TEST("syscall paths: never more tasks computing than Ps, no task starves, counts add up") {
  const std::vector<int> pair = pairOrSame();
  const double tasks = 4, tokens = 1, syscallNs = 50000, sliceNs = 10'000'000;
  for (const char* name : {"syscall/hold", "syscall/handoff", "syscall/lazy", "syscall/dedicated"}) {
    const std::string strategy = name;
    // Each task gets its turn at the one P within 4 slices (40 ms) of the
    // start, so 60 ms is enough on an idle host. A loaded or sanitized host
    // may not schedule a task before a short run ends: a run in which some
    // task had no turn is repeated 4x longer, up to 3.84 s (96 rounds of
    // turns). A strategy that starves a task does so however long it runs.
    // The invariants must hold in every run.
    for (double durationNs = 60'000'000;; durationNs *= 4) {
      ProbeOutput out = run(name, pair, 5000, 2,
                            {{"tasks", {tasks}},
                             {"tokens", {tokens}},
                             {"computeNs", {5000}},
                             {"syscallNs", {syscallNs}},
                             {"sliceNs", {sliceNs}},
                             {"durationNs", {durationNs}}});
      CHECK_MSG(threadCountSettledTo(threadBaseline()) == threadBaseline(), name);
      const Measurement& it = find(out, "iteration");
      const Measurement& syscall = find(out, "syscallDuration");
      const Measurement& entry = find(out, "syscallEntry");
      CHECK(syscall.valuesNs.size() == it.valuesNs.size() && entry.valuesNs.size() == it.valuesNs.size());
      CHECK(it.valuesNs.size() <= 5000 && it.counters.at("iterations") >= static_cast<double>(it.valuesNs.size()));
      for (size_t i = 0; i < it.valuesNs.size(); ++i) CHECK(syscall.valuesNs[i] <= it.valuesNs[i]);
      for (double v : syscall.valuesNs) CHECK_MSG(v >= syscallNs, name << " syscall " << v);  // never early
      for (double v : entry.valuesNs) CHECK(v >= 0);
      if (strategy != "syscall/dedicated")
        CHECK_MSG(it.counters.at("maxTasksComputing") <= tokens,
                  name << " computing " << it.counters.at("maxTasksComputing"));
      if (strategy == "syscall/dedicated") {
        CHECK(it.counters.at("futexWakes") == 0);  // no P to hand over
        CHECK(!has(out, "pWait"));
      }
      if (strategy == "syscall/lazy") {
        const double retakes = it.counters.at("retakes");
        CHECK(has(out, "retakeDelay") && find(out, "retakeDelay").valuesNs.size() == std::min(retakes, 5000.0));
        for (double v : find(out, "retakeDelay").valuesNs) CHECK(v > 0);
      } else {
        CHECK(!it.counters.count("retakes") && !has(out, "retakeDelay"));
      }
      // What needs the run to have lasted: every task ran, past its warm-up,
      // and under handoff some task waited for the P (4 tasks, 1 P). A task
      // still waiting for a P at the end gets it then and runs exactly one
      // iteration before it sees the end: only a second shows it had a turn.
      const bool everyTaskRan = it.counters.at("fewestIterationsOfATask") >= 2;
      const bool handedOff = strategy != "syscall/handoff" || it.counters.at("futexWakes") > 0;
      if (everyTaskRan && !it.valuesNs.empty() && handedOff) break;
      if (durationNs >= kLongestSyscallRunNs) {
        CHECK_MSG(everyTaskRan, name << " starved a task for " << durationNs / 1e6 << " ms");
        CHECK_MSG(!it.valuesNs.empty(), name << " recorded no iteration in " << durationNs / 1e6 << " ms");
        CHECK_MSG(handedOff, name << " never handed the P to a waiting task in " << durationNs / 1e6 << " ms");
        break;
      }
    }
  }
}
