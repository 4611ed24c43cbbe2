// The thin Node layer: validate arguments on the JS thread, run the probe on
// a libuv worker (which starts the probe's own pinned threads), settle a
// promise with plain objects. One probe runs at a time.
#include <napi.h>

#include <atomic>

#include "../core/engine.hpp"
#include "../core/fault_injection.hpp"
#include "../core/host.hpp"
#include "convert.hpp"
#include "file_lock.hpp"
#include "uv_threadpool.hpp"

namespace schedcost::addon {
namespace {

CancelFlag cancelRequested;
std::atomic<bool> probeRunning{false};

// One probe at a time, whichever entry point runs it; a new probe starts
// uncancelled.
void claimProbeSlot(Napi::Env env) {
  bool expected = false;
  if (!probeRunning.compare_exchange_strong(expected, true))
    throw Napi::Error::New(env, "another probe is still running; run probes one at a time");
  cancelRequested.reset();
}

void releaseProbeSlot() {
  probeRunning.store(false);
}

// Settles a promise with work done off the JS thread.
template <typename Result>
class PromiseWorker : public Napi::AsyncWorker {
 public:
  using Work = std::function<Result()>;
  using Convert = std::function<Napi::Value(Napi::Env, const Result&)>;

  PromiseWorker(Napi::Env env, Work work, Convert convert, std::function<void()> done = {})
      : Napi::AsyncWorker(env, "schedcost"),
        deferred_(Napi::Promise::Deferred::New(env)),
        work_(std::move(work)),
        convert_(std::move(convert)),
        done_(std::move(done)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

  void Execute() override {
    try {
      result_ = work_();
    } catch (const ProbeError& e) {
      code_ = probeErrorCode(e.kind());
      SetError(e.what());
    } catch (const InvalidRequest& e) {
      code_ = "INVALID_REQUEST";
      SetError(e.what());
    } catch (const std::exception& e) {
      code_ = "INTERNAL";
      SetError(e.what());
    }
  }

  void OnOK() override {
    if (done_) done_();
    Napi::Env env = Env();
    try {
      deferred_.Resolve(convert_(env, result_));
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    }
  }

  void OnError(const Napi::Error& error) override {
    if (done_) done_();
    Napi::Error rejected = Napi::Error::New(Env(), error.Message());
    rejected.Set("code", Napi::String::New(Env(), code_));
    deferred_.Reject(rejected.Value());
  }

 private:
  Napi::Promise::Deferred deferred_;
  Work work_;
  Convert convert_;
  std::function<void()> done_;
  Result result_{};
  std::string code_;
};

Napi::Value RunProbe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ProbeRequest request = toProbeRequest(info[0]);
  try {
    validateRequest(request, &cancelRequested);
  } catch (const InvalidRequest& e) {
    throw Napi::RangeError::New(env, e.what());
  }
  claimProbeSlot(env);
  auto* worker = new PromiseWorker<ProbeOutput>(
      env, [request] { return runProbe(request, &cancelRequested); }, fromProbeOutput, releaseProbeSlot);
  worker->Queue();
  return worker->Promise();
}

Napi::Value HostFactsAsync(const Napi::CallbackInfo& info) {
  auto* worker = new PromiseWorker<HostFacts>(info.Env(), readHostFacts, fromHostFacts);
  worker->Queue();
  return worker->Promise();
}

// Every probe there is: the core's (runProbe) and the addon's own (measureUvThreadpool).
Napi::Value Probes(const Napi::CallbackInfo& info) {
  std::vector<ProbeInfo> all = probes();
  all.push_back(uvThreadpoolInfo());
  return fromProbeInfos(info.Env(), all);
}

Napi::Value MeasureUvThreadpool(const Napi::CallbackInfo& info) {
  UvRequest request = toUvRequest(info[0]);
  claimProbeSlot(info.Env());
  return measureUvThreadpool(info.Env(), request, cancelRequested, releaseProbeSlot);
}

Napi::Value Cancel(const Napi::CallbackInfo& info) {
  cancelRequested.cancel();
  return info.Env().Undefined();
}

Napi::Value IsRunning(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), probeRunning.load());
}

// Test hook: makes the next probes misbehave (see fault_injection.hpp).
Napi::Value SetFaultInjection(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject()) throw Napi::TypeError::New(env, "setFaultInjection expects an object");
  if (probeRunning.load()) throw Napi::Error::New(env, "cannot change fault injection while a probe runs");
  Napi::Object o = info[0].As<Napi::Object>();
  Napi::Value stall = o.Get("stallRole"), drop = o.Get("dropWakes"), deny = o.Get("denyRealtime");
  if (!stall.IsUndefined() && !stall.IsString()) throw Napi::TypeError::New(env, "stallRole must be a string");
  if (!drop.IsUndefined() && !drop.IsBoolean()) throw Napi::TypeError::New(env, "dropWakes must be a boolean");
  if (!deny.IsUndefined() && !deny.IsBoolean()) throw Napi::TypeError::New(env, "denyRealtime must be a boolean");
  faultInjection().stallRole = stall.IsString() ? stall.As<Napi::String>().Utf8Value() : "";
  faultInjection().dropWakes = drop.IsBoolean() && drop.As<Napi::Boolean>().Value();
  faultInjection().denyRealtime = deny.IsBoolean() && deny.As<Napi::Boolean>().Value();
  return env.Undefined();
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("runProbe", Napi::Function::New(env, RunProbe, "runProbe"));
  exports.Set("hostFacts", Napi::Function::New(env, HostFactsAsync, "hostFacts"));
  exports.Set("probes", Napi::Function::New(env, Probes, "probes"));
  exports.Set("cancel", Napi::Function::New(env, Cancel, "cancel"));
  exports.Set("isRunning", Napi::Function::New(env, IsRunning, "isRunning"));
  exports.Set("setFaultInjection", Napi::Function::New(env, SetFaultInjection, "setFaultInjection"));
  exports.Set("measureUvThreadpool", Napi::Function::New(env, MeasureUvThreadpool, "measureUvThreadpool"));
  exports.Set("tryLock", Napi::Function::New(env, TryLock, "tryLock"));
  exports.Set("unlock", Napi::Function::New(env, Unlock, "unlock"));
  return exports;
}

}  // namespace schedcost::addon

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  return schedcost::addon::Init(env, exports);
}

NODE_API_MODULE(schedcost, InitModule)
