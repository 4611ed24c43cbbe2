// The signal the delivery probes send (tgkill, preemption), the way Go's
// sysmon sends SIGURG: a real-time one no runtime in this process claims. Its
// handler reads the clock on entry and counts. Only one probe runs at a time,
// so one slot serves them all.
#pragma once
#include <signal.h>

#include <atomic>
#include <cstdint>

namespace schedcost {

class ThreadGroup;

namespace probe_signal_detail {
extern std::atomic<uint64_t> entryNs;
extern std::atomic<uint32_t> handled;
}  // namespace probe_signal_detail

int probeSignal();

// Installs the handler for its lifetime, with the count at 0, and restores the
// previous one. Throws ProbeError when refused.
class ProbeSignalHandler {
 public:
  ProbeSignalHandler();
  ~ProbeSignalHandler();
  ProbeSignalHandler(const ProbeSignalHandler&) = delete;
  ProbeSignalHandler& operator=(const ProbeSignalHandler&) = delete;

 private:
  struct sigaction previous_ {};
};

// Starts the count again: each measured series counts its signals from 0.
void resetProbeSignalCount();

// Lets the probe signal interrupt the calling thread.
void unblockProbeSignal();

// Signals handled since the count was reset (acquire: the entry time the
// handler wrote before counting is visible).
inline uint32_t probeSignalsHandled() {
  return probe_signal_detail::handled.load(std::memory_order_acquire);
}

// Blocks the calling role in FUTEX_WAIT, without a timeout, until the
// handler has counted `count` signals; the signal interrupts the wait
// (EINTR). It parks on the count itself: a signal handled between the check
// and the FUTEX_WAIT has changed the word, so the wait returns at once
// instead of stranding the role until the watchdog's deadline.
void waitForProbeSignals(ThreadGroup& group, uint32_t count, const char* what);

// nowNs() on entry to the handler's latest run.
inline uint64_t probeSignalEntryNs() {
  return probe_signal_detail::entryNs.load(std::memory_order_relaxed);
}

}  // namespace schedcost
