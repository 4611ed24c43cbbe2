#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "check.hpp"
#include "process_state.hpp"

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
  threadBaseline();  // counted before any case starts a thread
  int passed = 0, failed = 0, skipped = 0;
  for (const Case& c : cases()) {
    if (argc > 1 && !std::strstr(c.name, argv[1])) continue;
    failuresInCase = 0;
    bool skippedCase = false;
    std::string skipReason;
    try {
      c.body();
    } catch (const RequireFailed&) {
    } catch (const Skipped& s) {
      skippedCase = true;
      skipReason = s.reason;
    } catch (const std::exception& e) {
      recordFailure(__FILE__, __LINE__, std::string("unexpected exception: ") + e.what());
    }
    // A failure recorded before SKIP still fails the case.
    if (failuresInCase) {
      std::printf("FAIL %s\n", c.name);
      ++failed;
    } else if (skippedCase) {
      std::printf("skip %s (%s)\n", c.name, skipReason.c_str());
      ++skipped;
    } else {
      std::printf("ok   %s\n", c.name);
      ++passed;
    }
    std::fflush(stdout);
  }
  std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  return failed == 0 && passed > 0 ? 0 : 1;
}
