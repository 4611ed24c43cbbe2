// Counts of the process's threads and open file descriptors, to check that a
// probe leaves none behind.
#pragma once
#include <dirent.h>

#include <cstddef>
#include <ctime>

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

// The thread count once it has come back to `baseline`, or after a second.
// A joined thread may still be listed for a moment: pthread_join returns
// when the kernel clears the thread's tid, before it removes the task.
inline size_t threadCountSettledTo(size_t baseline) {
  size_t n = threadCount();
  for (int i = 0; i < 100 && n != baseline; ++i) {
    timespec tenMs{0, 10'000'000};
    nanosleep(&tenMs, nullptr);
    n = threadCount();
  }
  return n;
}

}  // namespace schedcost::test
