#include "timer_slack.hpp"

#include <sys/prctl.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>

#include "probe_error.hpp"

namespace schedcost {

uint64_t timerSlackNs() {
  return static_cast<uint64_t>(prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0));
}

void setTimerSlackNs(uint64_t ns) {
  if (prctl(PR_SET_TIMERSLACK, static_cast<unsigned long>(ns), 0, 0, 0) != 0)
    throw ProbeError(std::string("PR_SET_TIMERSLACK refused: ") + std::strerror(errno));
}

void sleepForNs(uint64_t ns) {
  timespec req{static_cast<time_t>(ns / 1000000000ull), static_cast<long>(ns % 1000000000ull)};
  timespec rem{};
  while (nanosleep(&req, &rem) != 0 && errno == EINTR) req = rem;
}

}  // namespace schedcost
