// What a probe is: its description, its parameters, and what one run of it
// returns. Each probe lives in one file under probes/ and registers itself.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "cancel_flag.hpp"
#include "probe_error.hpp"

namespace schedcost {

using Params = std::map<std::string, std::vector<double>>;

// A warning as data: a code (src/catalogue/diagnostics.ts names them) and its
// parameters; the words are the report's.
struct Warning {
  std::string code;
  std::vector<std::pair<std::string, std::string>> params;
  bool operator==(const Warning& other) const { return code == other.code && params == other.params; }
};

// Collects warnings from any thread, each once.
class WarningSink {
 public:
  void add(Warning warning) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& w : warnings_)
      if (w == warning) return;
    warnings_.push_back(std::move(warning));
  }
  std::vector<Warning> take() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::move(warnings_);
  }

 private:
  std::mutex mutex_;
  std::vector<Warning> warnings_;
};

// Involuntary context switches (getrusage RUSAGE_THREAD ru_nivcsw) of the
// roles that had their CPU to themselves, summed per role name over a
// probe's thread groups: another task took that CPU from them. Roles that
// share a CPU, or float, preempt each other by design and are left out.
class SwitchTally {
 public:
  void add(const std::string& role, uint64_t switches) {
    std::lock_guard<std::mutex> lock(mutex_);
    counts_[role] += switches;
  }
  std::map<std::string, uint64_t> take() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::move(counts_);
  }

 private:
  std::mutex mutex_;
  std::map<std::string, uint64_t> counts_;
};

// What a parameter's numbers are, for catalogues and labels.
enum class ParamUnit {
  Ns,     // nanoseconds
  Bytes,  // bytes
  Count,  // how many of something (threads, calls)
  Flag,   // 0 or 1
  Enum,   // one of a few numbered choices, named in the description
};
// "ns", "bytes", "count", "flag", "enum"
const char* unitName(ParamUnit unit);

struct ParamSpec {
  std::string name;
  std::string description;
  ParamUnit unit;
  std::vector<double> defaults;
  double min;
  double max;
  size_t maxValues = 1;  // 1 for a scalar parameter
};

// A 0/1 switch, off by default.
inline ParamSpec flagParam(std::string name, std::string description) {
  return ParamSpec{.name = std::move(name),
                   .description = std::move(description),
                   .unit = ParamUnit::Flag,
                   .defaults = {0},
                   .min = 0,
                   .max = 1};
}

struct ProbeContext {
  std::vector<int> cpus;  // one CPU (same-cpu) or two (cross-cpu: observer's partner first)
  uint64_t samples;       // kept + excluded samples to take per measurement
  uint64_t warmup;        // extra iterations before, never recorded
  Params params;          // complete: defaults filled in
  uint64_t seed;
  uint64_t deadlineNs;  // absolute nowNs() past which the probe is failed
  CancelFlag* cancelled = nullptr;
  bool realtime = false;  // ask for SCHED_FIFO on every role; refusal is a warning, not a failure
  // Where roles report what did not go as asked (e.g. SCHED_FIFO refused).
  std::shared_ptr<WarningSink> warnings = std::make_shared<WarningSink>();
  std::shared_ptr<SwitchTally> involuntarySwitches = std::make_shared<SwitchTally>();

  double param(const std::string& name) const { return params.at(name).at(0); }
  const std::vector<double>& paramList(const std::string& name) const { return params.at(name); }
  int cpuA() const { return cpus.at(0); }
  int cpuB() const { return cpus.size() > 1 ? cpus[1] : cpus[0]; }
};

// One distribution of one interval, e.g. "wakeLatency" of futex-wake.
struct Measurement {
  std::string metric;
  std::map<std::string, double> params;  // what distinguishes it from its siblings, e.g. workingSetBytes
  uint64_t requested = 0;
  std::vector<double> valuesNs;                      // kept samples, in the order taken
  std::map<std::string, uint64_t> excluded;          // reason -> count
  std::map<int, uint64_t> observedCpus;              // observer's CPU -> samples
  std::map<std::string, std::vector<double>> auxNs;  // per kept sample, e.g. idleGapNs
  std::map<std::string, double> counters;            // events counted by the emulation, e.g. futexWakes

  Measurement(std::string metricName, uint64_t requestedSamples)
      : metric(std::move(metricName)), requested(requestedSamples) {
    valuesNs.reserve(requestedSamples);
  }
  void keep(double ns, int observerCpu) {
    valuesNs.push_back(ns);
    ++observedCpus[observerCpu];
  }
  void exclude(const std::string& reason, int observerCpu) {
    ++excluded[reason];
    ++observedCpus[observerCpu];
  }
};

struct ProbeOutput {
  std::vector<Measurement> measurements;
  std::vector<Warning> warnings;
  // Role -> involuntary context switches while it measured (SwitchTally).
  std::map<std::string, uint64_t> involuntarySwitches;
};

// How many CPUs a request for the probe names.
enum class CpuUse {
  Unpinned = 0,  // none: the kernel places the threads (the addon's uv-threadpool)
  Single = 1,    // one CPU
  Pair = 2,      // two: the same CPU twice, or two different CPUs
};
inline int cpuCount(CpuUse use) {
  return static_cast<int>(use);
}

struct ProbeInfo {
  std::string name;
  std::string description;
  CpuUse cpus;
  bool crossCpuOnly = false;  // meaningful only on two different CPUs
  std::vector<ParamSpec> params = {};
  std::vector<std::string> metrics;  // every Measurement::metric a run may emit
  // Empty for a probe the addon runs itself rather than through runProbe.
  std::function<ProbeOutput(const ProbeContext&)> run = {};
};

// Registers a probe at static-initialisation time; returns true.
bool registerProbe(ProbeInfo info);
const std::vector<ProbeInfo>& probes();
const ProbeInfo* findProbe(const std::string& name);

// Fills in defaults and checks every given parameter against its spec.
// Returns an empty string when valid, else the reason.
std::string completeParams(const ProbeInfo& info, const Params& given, Params& complete);

}  // namespace schedcost
