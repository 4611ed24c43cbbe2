// Counts of the process's threads and open file descriptors, to check that a
// probe leaves none behind.
#pragma once
#include <dirent.h>
#include <unistd.h>

#include <cstddef>
#include <ctime>
#include <string>
#include <thread>

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

// The thread count once it has come back to `baseline`, or after 5 s. A
// joined thread may still be listed for a moment: pthread_join returns when
// the kernel clears the thread's tid, before it removes the task, and on a
// loaded host the exiting thread may wait for a CPU in between.
inline size_t threadCountSettledTo(size_t baseline) {
  size_t n = threadCount();
  for (int i = 0; i < 500 && n != baseline; ++i) {
    timespec tenMs{0, 10'000'000};
    nanosleep(&tenMs, nullptr);
    n = threadCount();
  }
  return n;
}

// The threads the process has when no probe runs: main's, and a sanitizer
// runtime's helper, which it starts at the process's first pthread_create.
// Counted once, when main() starts, before any case: a count taken after
// a probe could include its joined threads still being removed, and one
// taken before the first thread ever started would lack the helper.
inline size_t threadBaseline() {
  static const size_t baseline = [] {
    pid_t tid = 0;
    std::thread([&tid] { tid = gettid(); }).join();
    const std::string task = "/proc/self/task/" + std::to_string(tid);
    for (int i = 0; i < 500 && access(task.c_str(), F_OK) == 0; ++i) {
      timespec tenMs{0, 10'000'000};
      nanosleep(&tenMs, nullptr);
    }
    return threadCount();
  }();
  return baseline;
}

}  // namespace schedcost::test
