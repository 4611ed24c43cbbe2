// CPU placement: which CPUs the process may use, pinning the calling thread.
#pragma once
#include <vector>

namespace schedcost {

// CPUs in the calling thread's affinity mask (sched_getaffinity), ascending.
std::vector<int> allowedCpus();

// Restricts the calling thread to one CPU and checks it now runs there.
// Throws ProbeError when the kernel refuses.
void pinCallingThread(int cpu);

// Restricts the calling thread to a set of CPUs; the kernel places it within.
void pinCallingThreadToSet(const std::vector<int>& cpus);

// sched_getcpu(), or -1 when unavailable.
int currentCpu();

}  // namespace schedcost
