// Where tests place a probe's threads on this host.
#pragma once
#include <vector>

#include "../core/cpu.hpp"
#include "check.hpp"

namespace schedcost::test {

// Two different allowed CPUs; skips the case when only one is allowed.
inline std::vector<int> twoCpusOrSkip() {
  std::vector<int> cpus = allowedCpus();
  if (cpus.size() < 2) SKIP("needs two CPUs");
  return {cpus[0], cpus[1]};
}

// Two different CPUs when allowed, else the one CPU twice.
inline std::vector<int> pairOrSame() {
  std::vector<int> cpus = allowedCpus();
  return cpus.size() > 1 ? std::vector<int>{cpus[0], cpus[1]} : std::vector<int>{cpus[0], cpus[0]};
}

}  // namespace schedcost::test
