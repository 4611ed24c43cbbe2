// Counts of the process's threads and open file descriptors, to check that a
// probe leaves none behind.
#pragma once
#include <dirent.h>

#include <cstddef>

namespace schedcost::test {

inline size_t countEntries(const char* dir) {
  size_t n = 0;
  if (DIR* d = opendir(dir)) {
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.') ++n;
    closedir(d);
  }
  return n;
}

inline size_t threadCount() {
  return countEntries("/proc/self/task");
}
inline size_t fdCount() {
  return countEntries("/proc/self/fd");
}

}  // namespace schedcost::test
