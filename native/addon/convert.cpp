#include "convert.hpp"

#include <cmath>
#include <limits>

#include "../core/sparse_histogram.hpp"

namespace schedcost::addon {
namespace {

[[noreturn]] void typeError(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

uint64_t toCount(Napi::Env env, const Napi::Value& value, const char* name, double max) {
  if (!value.IsNumber()) typeError(env, std::string(name) + " must be a number");
  double n = value.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(n) || n != std::floor(n) || n < 0 || n > max)
    throw Napi::RangeError::New(
        env, std::string(name) + " must be a whole number in [0, " + std::to_string(static_cast<uint64_t>(max)) + "]");
  return static_cast<uint64_t>(n);
}

Napi::Float64Array toFloat64Array(Napi::Env env, const std::vector<double>& values) {
  auto array = Napi::Float64Array::New(env, values.size());
  std::copy(values.begin(), values.end(), array.Data());
  return array;
}

}  // namespace

ProbeRequest toProbeRequest(const Napi::Value& value) {
  Napi::Env env = value.Env();
  if (!value.IsObject() || value.IsArray()) typeError(env, "runProbe expects a request object");
  Napi::Object object = value.As<Napi::Object>();
  ProbeRequest request;

  Napi::Value probe = object.Get("probe");
  if (!probe.IsString()) typeError(env, "request.probe must be a string");
  request.probe = probe.As<Napi::String>().Utf8Value();

  Napi::Value cpus = object.Get("cpus");
  if (!cpus.IsArray()) typeError(env, "request.cpus must be an array of CPU numbers");
  Napi::Array cpuArray = cpus.As<Napi::Array>();
  if (cpuArray.Length() > 2) throw Napi::RangeError::New(env, "request.cpus holds at most 2 CPUs");
  for (uint32_t i = 0; i < cpuArray.Length(); ++i)
    request.cpus.push_back(static_cast<int>(toCount(env, cpuArray.Get(i), "request.cpus[i]", 1 << 20)));

  request.samples = toCount(env, object.Get("samples"), "request.samples", 1e12);
  Napi::Value warmup = object.Get("warmup");
  request.warmup = warmup.IsUndefined() ? 0 : toCount(env, warmup, "request.warmup", 1e12);
  Napi::Value seed = object.Get("seed");
  request.seed = seed.IsUndefined() ? 1 : toCount(env, seed, "request.seed", 9007199254740991.0);
  double timeoutMs = static_cast<double>(toCount(env, object.Get("timeoutMs"), "request.timeoutMs", 1e12));
  request.timeoutNs = static_cast<uint64_t>(timeoutMs * 1e6);

  Napi::Value realtime = object.Get("realtime");
  if (!realtime.IsUndefined() && !realtime.IsBoolean()) typeError(env, "request.realtime must be a boolean");
  request.realtime = realtime.IsBoolean() && realtime.As<Napi::Boolean>().Value();

  Napi::Value params = object.Get("params");
  if (!params.IsUndefined()) {
    if (!params.IsObject() || params.IsArray()) typeError(env, "request.params must be an object");
    Napi::Object paramObject = params.As<Napi::Object>();
    Napi::Array names = paramObject.GetPropertyNames();
    for (uint32_t i = 0; i < names.Length(); ++i) {
      std::string name = names.Get(i).As<Napi::String>().Utf8Value();
      Napi::Value v = paramObject.Get(name);
      std::vector<double>& values = request.params[name];
      if (v.IsNumber()) {
        values.push_back(v.As<Napi::Number>().DoubleValue());
      } else if (v.IsArray()) {
        Napi::Array list = v.As<Napi::Array>();
        if (list.Length() > 1024) throw Napi::RangeError::New(env, "request.params." + name + " is too long");
        for (uint32_t k = 0; k < list.Length(); ++k) {
          if (!list.Get(k).IsNumber()) typeError(env, "request.params." + name + " must hold numbers");
          values.push_back(list.Get(k).As<Napi::Number>().DoubleValue());
        }
      } else {
        typeError(env, "request.params." + name + " must be a number or an array of numbers");
      }
    }
  }
  return request;
}

Napi::Object fromProbeOutput(Napi::Env env, const ProbeOutput& output) {
  Napi::Object result = Napi::Object::New(env);
  Napi::Array measurements = Napi::Array::New(env, output.measurements.size());
  for (size_t i = 0; i < output.measurements.size(); ++i) {
    const Measurement& m = output.measurements[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("metric", m.metric);
    Napi::Object params = Napi::Object::New(env);
    for (const auto& [name, v] : m.params) params.Set(name, v);
    o.Set("params", params);
    o.Set("requested", static_cast<double>(m.requested));
    o.Set("valuesNs", toFloat64Array(env, m.valuesNs));
    Napi::Object excluded = Napi::Object::New(env);
    for (const auto& [reason, count] : m.excluded) excluded.Set(reason, static_cast<double>(count));
    o.Set("excluded", excluded);
    Napi::Object cpus = Napi::Object::New(env);
    for (const auto& [cpu, count] : m.observedCpus) cpus.Set(std::to_string(cpu), static_cast<double>(count));
    o.Set("observedCpus", cpus);
    Napi::Object aux = Napi::Object::New(env);
    for (const auto& [name, values] : m.auxNs) aux.Set(name, toFloat64Array(env, values));
    o.Set("auxNs", aux);
    Napi::Object counters = Napi::Object::New(env);
    for (const auto& [name, value] : m.counters) counters.Set(name, value);
    o.Set("counters", counters);
    SparseHistogram histogram = histogramOf(m.valuesNs);
    Napi::Object h = Napi::Object::New(env);
    h.Set("encoding", "log-linear");
    h.Set("subBucketBits", histogram.subBucketBits);
    Napi::Array buckets = Napi::Array::New(env, histogram.buckets.size());
    for (size_t b = 0; b < histogram.buckets.size(); ++b) {
      Napi::Array triple = Napi::Array::New(env, 3);
      triple.Set(0u, static_cast<double>(histogram.buckets[b].lowNs));
      triple.Set(1u, static_cast<double>(histogram.buckets[b].highNs));
      triple.Set(2u, static_cast<double>(histogram.buckets[b].count));
      buckets.Set(static_cast<uint32_t>(b), triple);
    }
    h.Set("buckets", buckets);
    o.Set("histogram", h);
    measurements.Set(static_cast<uint32_t>(i), o);
  }
  result.Set("measurements", measurements);
  Napi::Array warnings = Napi::Array::New(env, output.warnings.size());
  for (size_t i = 0; i < output.warnings.size(); ++i) {
    Napi::Object warning = Napi::Object::New(env);
    warning.Set("code", output.warnings[i].code);
    Napi::Object params = Napi::Object::New(env);
    for (const auto& [name, value] : output.warnings[i].params) params.Set(name, value);
    warning.Set("params", params);
    warnings.Set(static_cast<uint32_t>(i), warning);
  }
  result.Set("warnings", warnings);
  Napi::Object switches = Napi::Object::New(env);
  for (const auto& [role, count] : output.involuntarySwitches) switches.Set(role, static_cast<double>(count));
  result.Set("involuntarySwitches", switches);
  return result;
}

Napi::Array fromProbeInfos(Napi::Env env, const std::vector<ProbeInfo>& infos) {
  Napi::Array list = Napi::Array::New(env, infos.size());
  for (size_t i = 0; i < infos.size(); ++i) {
    const ProbeInfo& info = infos[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", info.name);
    o.Set("description", info.description);
    o.Set("cpusNeeded", cpuCount(info.cpus));
    o.Set("crossCpuOnly", info.crossCpuOnly);
    Napi::Array params = Napi::Array::New(env, info.params.size());
    for (size_t k = 0; k < info.params.size(); ++k) {
      const ParamSpec& spec = info.params[k];
      Napi::Object p = Napi::Object::New(env);
      p.Set("name", spec.name);
      p.Set("description", spec.description);
      p.Set("unit", unitName(spec.unit));
      Napi::Array defaults = Napi::Array::New(env, spec.defaults.size());
      for (size_t d = 0; d < spec.defaults.size(); ++d) defaults.Set(static_cast<uint32_t>(d), spec.defaults[d]);
      p.Set("defaults", defaults);
      p.Set("min", spec.min);
      p.Set("max", spec.max);
      p.Set("maxValues", static_cast<double>(spec.maxValues));
      params.Set(static_cast<uint32_t>(k), p);
    }
    o.Set("params", params);
    Napi::Array metrics = Napi::Array::New(env, info.metrics.size());
    for (size_t k = 0; k < info.metrics.size(); ++k) metrics.Set(static_cast<uint32_t>(k), info.metrics[k]);
    o.Set("metrics", metrics);
    list.Set(static_cast<uint32_t>(i), o);
  }
  return list;
}

Napi::Object fromHostFacts(Napi::Env env, const HostFacts& facts) {
  Napi::Object o = Napi::Object::New(env);
  Napi::Array cpus = Napi::Array::New(env, facts.allowedCpus.size());
  for (size_t i = 0; i < facts.allowedCpus.size(); ++i) cpus.Set(static_cast<uint32_t>(i), facts.allowedCpus[i]);
  o.Set("allowedCpus", cpus);
  o.Set("hypervisorVendor", facts.hypervisorVendor);
  o.Set("timerSlackNs", static_cast<double>(facts.timerSlackNs));
  Napi::Object clock = Napi::Object::New(env);
  clock.Set("readNsMin", facts.clock.readNsMin);
  clock.Set("readNsMedian", facts.clock.readNsMedian);
  clock.Set("resolutionNs", facts.clock.resolutionNs);
  o.Set("clock", clock);
  o.Set("compiler", facts.compiler);
  o.Set("buildFlags", facts.buildFlags);
  return o;
}

const char* probeErrorCode(ProbeFailure kind) {
  switch (kind) {
    case ProbeFailure::TimedOut:
      return "PROBE_TIMEOUT";
    case ProbeFailure::Cancelled:
      return "PROBE_CANCELLED";
    case ProbeFailure::Failed:
      break;
  }
  return "PROBE_FAILED";
}

}  // namespace schedcost::addon
