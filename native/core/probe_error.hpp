#pragma once
#include <stdexcept>
#include <string>

namespace schedcost {

// A probe could not produce a result (stalled, refused by the kernel, ...).
// The message is shown to the user as the reason the probe failed.
class ProbeError : public std::runtime_error {
 public:
  explicit ProbeError(const std::string& reason) : std::runtime_error(reason) {}
};

}  // namespace schedcost
