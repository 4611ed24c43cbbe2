#pragma once
#include <stdexcept>
#include <string>

namespace schedcost {

// Why a probe stopped without a result; the addon passes it on as the
// error's code, so JavaScript branches on it, never on the message.
enum class ProbeFailure {
  Failed,     // refused by the kernel, a role threw, ...
  TimedOut,   // the watchdog's deadline passed with roles still running
  Cancelled,  // the caller asked it to stop
};

// A probe could not produce a result (stalled, refused by the kernel, ...).
// The message is shown to the user as the reason the probe failed.
class ProbeError : public std::runtime_error {
 public:
  explicit ProbeError(const std::string& reason, ProbeFailure kind = ProbeFailure::Failed)
      : std::runtime_error(reason), kind_(kind) {}
  ProbeFailure kind() const { return kind_; }

 private:
  ProbeFailure kind_;
};

}  // namespace schedcost
