#include "engine.hpp"

#include <algorithm>
#include <sstream>

#include "clock.hpp"
#include "cpu.hpp"

namespace schedcost {

static std::string joinCpus(const std::vector<int>& cpus) {
  std::ostringstream out;
  for (size_t i = 0; i < cpus.size(); ++i) out << (i ? "," : "") << cpus[i];
  return out.str();
}

ProbeContext validateRequest(const ProbeRequest& request, CancelFlag* cancelled) {
  const ProbeInfo* info = findProbe(request.probe);
  if (!info) throw InvalidRequest("unknown probe '" + request.probe + "'");
  const auto needed = static_cast<size_t>(cpuCount(info->cpus));
  if (request.cpus.size() != needed)
    throw InvalidRequest("probe " + info->name + " needs " + std::to_string(needed) + " CPU(s), got " +
                         std::to_string(request.cpus.size()));
  const std::vector<int> allowed = allowedCpus();
  for (int cpu : request.cpus)
    if (std::find(allowed.begin(), allowed.end(), cpu) == allowed.end())
      throw InvalidRequest("CPU " + std::to_string(cpu) + " is not in the allowed set {" + joinCpus(allowed) + "}");
  if (info->crossCpuOnly && (request.cpus.size() < 2 || request.cpus[0] == request.cpus[1]))
    throw InvalidRequest("probe " + info->name + " needs two different CPUs");
  if (request.samples < 1 || request.samples > kMaxSamples)
    throw InvalidRequest("samples must lie in [1, " + std::to_string(kMaxSamples) + "]");
  if (request.warmup > kMaxWarmup) throw InvalidRequest("warmup must lie in [0, " + std::to_string(kMaxWarmup) + "]");
  if (request.timeoutNs < kMinTimeoutNs || request.timeoutNs > kMaxTimeoutNs)
    throw InvalidRequest("timeout must lie in [1 ms, 1 h]");
  ProbeContext ctx;
  std::string problem = completeParams(*info, request.params, ctx.params);
  if (!problem.empty()) throw InvalidRequest(problem);
  ctx.cpus = request.cpus;
  ctx.samples = request.samples;
  ctx.warmup = request.warmup;
  ctx.seed = request.seed;
  ctx.cancelled = cancelled;
  ctx.realtime = request.realtime;
  ctx.deadlineNs = nowNs() + request.timeoutNs;
  return ctx;
}

ProbeOutput runProbe(const ProbeRequest& request, CancelFlag* cancelled) {
  ProbeContext ctx = validateRequest(request, cancelled);
  ProbeOutput output = findProbe(request.probe)->run(ctx);
  for (auto& warning : ctx.warnings->take()) output.warnings.push_back(std::move(warning));
  output.involuntarySwitches = ctx.involuntarySwitches->take();
  return output;
}

}  // namespace schedcost
