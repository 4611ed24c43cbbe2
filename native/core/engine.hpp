// The entry point the addon and the native tests share: validate a request,
// run one probe on its pinned threads, return its measurements.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "probe.hpp"

namespace schedcost {

struct ProbeRequest {
  std::string probe;
  std::vector<int> cpus;
  uint64_t samples = 0;
  uint64_t warmup = 0;
  Params params;
  uint64_t seed = 1;
  uint64_t timeoutNs = 0;
  bool realtime = false;
};

constexpr uint64_t kMaxSamples = 10'000'000;
constexpr uint64_t kMaxWarmup = 1'000'000;
constexpr uint64_t kMinTimeoutNs = 1'000'000;             // 1 ms
constexpr uint64_t kMaxTimeoutNs = 3'600'000'000'000ull;  // 1 h

// A request that can never run (unknown probe, CPU not allowed, ...).
class InvalidRequest : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Throws InvalidRequest; fills `ctx` with the completed request.
ProbeContext validateRequest(const ProbeRequest& request, CancelFlag* cancelled);

// Throws InvalidRequest or ProbeError.
ProbeOutput runProbe(const ProbeRequest& request, CancelFlag* cancelled);

}  // namespace schedcost
