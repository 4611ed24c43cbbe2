#include "host.hpp"

#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "cpu.hpp"
#include "timer_slack.hpp"

namespace schedcost {

static std::string hypervisorVendor() {
#if defined(__x86_64__) || defined(__i386__)
  unsigned eax, ebx, ecx, edx;
  __cpuid(1, eax, ebx, ecx, edx);
  if (!(ecx & (1u << 31))) return "";  // the "running under a hypervisor" bit
  __cpuid(0x40000000, eax, ebx, ecx, edx);
  char vendor[13];
  std::memcpy(vendor, &ebx, 4);
  std::memcpy(vendor + 4, &ecx, 4);
  std::memcpy(vendor + 8, &edx, 4);
  vendor[12] = '\0';
  std::string name(vendor);
  return name.empty() ? "unknown" : name;
#else
  return "";
#endif
}

// What the compiler tells us about how this translation unit was built.
static std::string buildDescription() {
  std::string description;
#ifdef __OPTIMIZE__
  description = "optimized";
#else
  description = "unoptimized";
#endif
  description += ", C++" + std::to_string(__cplusplus / 100 % 100);
#ifdef __SANITIZE_ADDRESS__
  description += ", AddressSanitizer";
#endif
#ifdef __SANITIZE_THREAD__
  description += ", ThreadSanitizer";
#endif
  return description;
}

HostFacts readHostFacts() {
  HostFacts facts;
  facts.allowedCpus = allowedCpus();
  facts.hypervisorVendor = hypervisorVendor();
  facts.timerSlackNs = timerSlackNs();
  facts.clock = measureClockCost();
#if defined(__clang__)
  facts.compiler = std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  facts.compiler = std::string("g++ ") + __VERSION__;
#else
  facts.compiler = "unknown";
#endif
  facts.buildFlags = buildDescription();
  return facts;
}

}  // namespace schedcost
