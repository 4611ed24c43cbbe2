#pragma once
#include <napi.h>

#include "../core/probe.hpp"

namespace schedcost::addon {

// How probes() describes uv-threadpool; it has no `run`: it runs on the
// JavaScript thread's event loop, through MeasureUvThreadpool.
const ProbeInfo& uvThreadpoolInfo();

// measureUvThreadpool({ samples, warmup, timeoutMs }) → Promise of a probe output.
Napi::Value MeasureUvThreadpool(const Napi::CallbackInfo& info);

}  // namespace schedcost::addon
