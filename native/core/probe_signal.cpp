#include "probe_signal.hpp"

#include <pthread.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "clock.hpp"
#include "probe_error.hpp"
#include "thread_group.hpp"

namespace schedcost {

namespace probe_signal_detail {
std::atomic<uint64_t> entryNs{0};
std::atomic<uint32_t> handled{0};
}  // namespace probe_signal_detail

namespace {

void onProbeSignal(int) {
  probe_signal_detail::entryNs.store(nowNs(), std::memory_order_relaxed);
  probe_signal_detail::handled.fetch_add(1, std::memory_order_release);
}

}  // namespace

int probeSignal() {
  return SIGRTMIN + 4;
}

ProbeSignalHandler::ProbeSignalHandler() {
  resetProbeSignalCount();
  struct sigaction action {};
  action.sa_handler = onProbeSignal;
  sigemptyset(&action.sa_mask);
  if (sigaction(probeSignal(), &action, &previous_) != 0)
    throw ProbeError(std::string("cannot install a signal handler: ") + std::strerror(errno));
}

ProbeSignalHandler::~ProbeSignalHandler() {
  sigaction(probeSignal(), &previous_, nullptr);
}

void resetProbeSignalCount() {
  probe_signal_detail::handled.store(0);
}

void waitForProbeSignals(ThreadGroup& group, uint32_t count, const char* what) {
  group.waitUntilEquals(probe_signal_detail::handled, count, what);
}

void unblockProbeSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, probeSignal());
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

}  // namespace schedcost
