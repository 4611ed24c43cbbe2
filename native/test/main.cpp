#include <cstdio>
#include <cstring>
#include <exception>

#include "check.hpp"

namespace schedcost::test {

std::vector<Case>& cases() {
  static std::vector<Case> all;
  return all;
}

static int failuresInCase = 0;

void recordFailure(const char* file, int line, const std::string& message) {
  ++failuresInCase;
  std::fprintf(stderr, "    %s:%d: %s\n", file, line, message.c_str());
}

}  // namespace schedcost::test

// Usage: core-tests [substring]  (runs the cases whose name contains it)
int main(int argc, char** argv) {
  using namespace schedcost::test;
  int passed = 0, failed = 0;
  for (const Case& c : cases()) {
    if (argc > 1 && !std::strstr(c.name, argv[1])) continue;
    failuresInCase = 0;
    try {
      c.body();
    } catch (const RequireFailed&) {
    } catch (const std::exception& e) {
      recordFailure(__FILE__, __LINE__, std::string("unexpected exception: ") + e.what());
    }
    std::printf("%s %s\n", failuresInCase ? "FAIL" : "ok  ", c.name);
    std::fflush(stdout);
    (failuresInCase ? failed : passed)++;
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}
