#include "cpu.hpp"

#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "probe_error.hpp"

namespace schedcost {

std::vector<int> allowedCpus() {
  // Sized dynamically so hosts with more than CPU_SETSIZE CPUs work.
  for (int capacity = 1024; capacity <= (1 << 20); capacity *= 2) {
    cpu_set_t* set = CPU_ALLOC(capacity);
    size_t bytes = CPU_ALLOC_SIZE(capacity);
    CPU_ZERO_S(bytes, set);
    if (sched_getaffinity(0, bytes, set) == 0) {
      std::vector<int> cpus;
      for (int cpu = 0; cpu < capacity; ++cpu)
        if (CPU_ISSET_S(cpu, bytes, set)) cpus.push_back(cpu);
      CPU_FREE(set);
      return cpus;
    }
    int err = errno;
    CPU_FREE(set);
    if (err != EINVAL) break;
  }
  return {};
}

void pinCallingThread(int cpu) {
  if (cpu < 0) throw ProbeError("invalid CPU " + std::to_string(cpu));
  int capacity = cpu + 1;
  cpu_set_t* set = CPU_ALLOC(capacity);
  size_t bytes = CPU_ALLOC_SIZE(capacity);
  CPU_ZERO_S(bytes, set);
  CPU_SET_S(cpu, bytes, set);
  int rc = sched_setaffinity(0, bytes, set);
  int err = errno;
  CPU_FREE(set);
  if (rc != 0) throw ProbeError("cannot pin a thread to CPU " + std::to_string(cpu) + ": " + std::strerror(err));
  // sched_setaffinity migrates the caller before returning; verify it.
  int now = currentCpu();
  if (now != -1 && now != cpu)
    throw ProbeError("thread pinned to CPU " + std::to_string(cpu) + " runs on CPU " + std::to_string(now));
}

void pinCallingThreadToSet(const std::vector<int>& cpus) {
  int capacity = 1;
  for (int cpu : cpus) {
    if (cpu < 0) throw ProbeError("invalid CPU " + std::to_string(cpu));
    capacity = std::max(capacity, cpu + 1);
  }
  cpu_set_t* set = CPU_ALLOC(capacity);
  size_t bytes = CPU_ALLOC_SIZE(capacity);
  CPU_ZERO_S(bytes, set);
  for (int cpu : cpus) CPU_SET_S(cpu, bytes, set);
  int rc = sched_setaffinity(0, bytes, set);
  int err = errno;
  CPU_FREE(set);
  if (rc != 0) throw ProbeError(std::string("cannot restrict a thread to its CPUs: ") + std::strerror(err));
}

int currentCpu() {
  return sched_getcpu();
}

}  // namespace schedcost
