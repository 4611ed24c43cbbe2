#pragma once
#include <napi.h>

#include <cstdint>
#include <functional>

#include "../core/cancel_flag.hpp"
#include "../core/probe.hpp"

namespace schedcost::addon {

// How probes() describes uv-threadpool; it has no `run`: it runs on the
// JavaScript thread's event loop, through measureUvThreadpool.
const ProbeInfo& uvThreadpoolInfo();

struct UvRequest {
  uint64_t samples, warmup, timeoutNs;
};

// { samples, warmup, timeoutMs } checked; throws a JavaScript TypeError or RangeError.
UvRequest toUvRequest(const Napi::Value& value);

// Starts the measurement; its promise settles with a probe output, after
// onSettled has run on the JavaScript thread. Stops early on cancel.
Napi::Promise measureUvThreadpool(Napi::Env env, const UvRequest& request, CancelFlag& cancel,
                                  std::function<void()> onSettled);

}  // namespace schedcost::addon
