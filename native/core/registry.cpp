#include <cmath>
#include <sstream>

#include "probe.hpp"

namespace schedcost {

static std::vector<ProbeInfo>& registry() {
  static std::vector<ProbeInfo> all;
  return all;
}

const char* unitName(ParamUnit unit) {
  switch (unit) {
    case ParamUnit::Ns:
      return "ns";
    case ParamUnit::Bytes:
      return "bytes";
    case ParamUnit::Count:
      return "count";
    case ParamUnit::Flag:
      return "flag";
    case ParamUnit::Enum:
      return "enum";
  }
  return "";
}

bool registerProbe(ProbeInfo info) {
  registry().push_back(std::move(info));
  return true;
}

const std::vector<ProbeInfo>& probes() {
  return registry();
}

const ProbeInfo* findProbe(const std::string& name) {
  for (const auto& p : registry())
    if (p.name == name) return &p;
  return nullptr;
}

std::string completeParams(const ProbeInfo& info, const Params& given, Params& complete) {
  complete.clear();
  for (const auto& [name, values] : given) {
    const ParamSpec* spec = nullptr;
    for (const auto& s : info.params)
      if (s.name == name) spec = &s;
    if (!spec) return "probe " + info.name + " has no parameter '" + name + "'";
    if (values.empty() || values.size() > spec->maxValues) {
      std::ostringstream msg;
      msg << "parameter " << name << " of " << info.name << " takes 1 to " << spec->maxValues << " values";
      return msg.str();
    }
    for (double v : values) {
      if (!std::isfinite(v) || v < spec->min || v > spec->max) {
        std::ostringstream msg;
        msg << "parameter " << name << " of " << info.name << " must lie in [" << spec->min << ", " << spec->max
            << "], got " << v;
        return msg.str();
      }
    }
  }
  for (const auto& spec : info.params) {
    auto it = given.find(spec.name);
    complete[spec.name] = it != given.end() ? it->second : spec.defaults;
  }
  return "";
}

}  // namespace schedcost
