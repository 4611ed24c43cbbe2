#include "fault_injection.hpp"

namespace schedcost {

FaultInjection& faultInjection() {
  static FaultInjection faults;
  return faults;
}

}  // namespace schedcost
