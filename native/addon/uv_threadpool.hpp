#pragma once
#include <napi.h>

namespace schedcost::addon {

// measureUvThreadpool({ samples, warmup, timeoutMs }) → Promise of a probe output.
Napi::Value MeasureUvThreadpool(const Napi::CallbackInfo& info);

}  // namespace schedcost::addon
