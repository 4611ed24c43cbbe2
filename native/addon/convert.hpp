// Conversions between JavaScript values and the core's plain structs. Wrong
// types throw a JavaScript TypeError; nothing here can crash the process.
#pragma once
#include <napi.h>

#include "../core/engine.hpp"
#include "../core/host.hpp"
#include "../core/probe_error.hpp"

namespace schedcost::addon {

ProbeRequest toProbeRequest(const Napi::Value& value);
Napi::Object fromProbeOutput(Napi::Env env, const ProbeOutput& output);
Napi::Array fromProbeInfos(Napi::Env env, const std::vector<ProbeInfo>& infos);
Napi::Object fromHostFacts(Napi::Env env, const HostFacts& facts);
// The `code` of a rejected probe promise: PROBE_FAILED, PROBE_TIMEOUT or PROBE_CANCELLED.
const char* probeErrorCode(ProbeFailure kind);

}  // namespace schedcost::addon
