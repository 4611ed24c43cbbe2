// uv-threadpool: Node's own spawn_blocking, the proposal's question asked of
// Node. Work queued on libuv's thread pool (an AsyncWorker): queue → start on
// a pool thread, and completion → the JavaScript callback. Against it, a
// dedicated native thread woken by FUTEX_WAKE that reports through a
// thread-safe function: wake → start, completion → callback. One sample at a
// time; each starts from the previous one's JavaScript callback. The
// dedicated thread parks without a timeout; a watchdog thread bounds it.
#include "uv_threadpool.hpp"

#include <algorithm>
#include <atomic>
#include <climits>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "../core/clock.hpp"
#include "../core/cpu.hpp"
#include "../core/futex.hpp"
#include "../core/probe.hpp"
#include "../core/watchdog.hpp"
#include "convert.hpp"

namespace schedcost::addon {
namespace {

// Paces the watchdog's repeated wakes once it stops the dedicated thread: a
// wake that lands just before the thread parks is lost.
constexpr uint64_t kFirstRetryNs = 1'000'000, kLastRetryNs = 100'000'000;

struct Series {
  std::vector<double> startNs, callbackNs;
  std::vector<int> startCpu;
};

// Everything one measurement keeps alive until its promise settles.
struct UvRun {
  Napi::Promise::Deferred deferred;
  uint64_t total, warmup, deadlineNs;
  CancelFlag& cancel;
  std::function<void()> onSettled;
  Series pool, dedicated;
  // Pool path state.
  uint64_t next = 0;
  // Dedicated path state.
  std::atomic<uint32_t> word{0};
  std::atomic<uint64_t> wokenAtNs{0};
  std::atomic<bool> stop{false}, dedicatedDone{false};
  std::thread thread;
  std::string failure;  // written by the dedicated thread, read once it is joined
  Watchdog watchdog;
  std::thread watchdogThread;
  std::string stopReason;  // written by the watchdog thread, read once it is joined
  ProbeFailure stopKind = ProbeFailure::Failed;
  Napi::ThreadSafeFunction tsfn;

  UvRun(Napi::Env env, const UvRequest& request, CancelFlag& cancelFlag, std::function<void()> settled)
      : deferred(Napi::Promise::Deferred::New(env)),
        total(request.samples + request.warmup),
        warmup(request.warmup),
        deadlineNs(nowNs() + request.timeoutNs),
        cancel(cancelFlag),
        onSettled(std::move(settled)),
        watchdog(deadlineNs, &cancel) {}
};

void finish(const std::shared_ptr<UvRun>& run, Napi::Env env, const std::string& poolFailure = "",
            ProbeFailure poolKind = ProbeFailure::Failed);

// Sleeps until the dedicated thread is done; past the deadline or on cancel,
// stops it and wakes it until it has returned.
void watchDedicated(UvRun& run) {
  const Watchdog::Verdict verdict = run.watchdog.watch([&] { return run.dedicatedDone.load(); });
  if (verdict == Watchdog::Verdict::Done) return;
  const bool cancelled = verdict == Watchdog::Verdict::Cancelled;
  run.stopReason = cancelled ? "cancelled" : "timed out: the dedicated thread waiting to be woken";
  run.stopKind = cancelled ? ProbeFailure::Cancelled : ProbeFailure::TimedOut;
  run.stop.store(true);
  for (uint64_t retryNs = kFirstRetryNs; !run.dedicatedDone.load(); retryNs = std::min(2 * retryNs, kLastRetryNs)) {
    futexWake(run.word, INT_MAX);
    run.watchdog.pause(retryNs);
  }
}

struct DedicatedReport {
  uint64_t index, completedNs;
};

void startDedicated(const std::shared_ptr<UvRun>& run, Napi::Env env) {
  run->tsfn = Napi::ThreadSafeFunction::New(env, Napi::Function::New(env, [](const Napi::CallbackInfo&) {}),
                                            "schedcost-uv-dedicated", 0, 1, [run](Napi::Env finalEnv) {
                                              if (run->thread.joinable()) run->thread.join();
                                              if (run->watchdogThread.joinable()) run->watchdogThread.join();
                                              finish(run, finalEnv);
                                            });
  // Tells the watchdog the dedicated thread is done, then lets the finalizer run.
  auto done = [run] {
    run->dedicatedDone.store(true);
    run->watchdog.notify();
    run->tsfn.Release();
  };
  run->watchdogThread = std::thread([run] { watchDedicated(*run); });
  run->thread = std::thread([run, done] {
    for (uint64_t i = 0; i < run->total; ++i) {
      // Parks without a timeout, as a runtime's worker does; the watchdog
      // wakes it when it must stop.
      while (run->word.load(std::memory_order_acquire) != i + 1) {
        if (run->stop.load()) return done();
        futexWait(run->word, static_cast<uint32_t>(i));
      }
      uint64_t started = nowNs();
      run->dedicated.startNs[i] = static_cast<double>(started - run->wokenAtNs.load(std::memory_order_relaxed));
      run->dedicated.startCpu[i] = currentCpu();
      auto* report = new DedicatedReport{i, nowNs()};
      napi_status status = run->tsfn.BlockingCall(report, [run](Napi::Env, Napi::Function, DedicatedReport* r) {
        uint64_t called = nowNs();
        run->dedicated.callbackNs[r->index] = static_cast<double>(called - r->completedNs);
        const uint64_t nextIndex = r->index + 1;
        delete r;
        if (nextIndex < run->total) {
          run->wokenAtNs.store(nowNs(), std::memory_order_relaxed);
          run->word.store(static_cast<uint32_t>(nextIndex + 1), std::memory_order_release);
          futexWake(run->word);
        }
      });
      if (status != napi_ok) {
        delete report;
        run->failure = "the JavaScript thread stopped taking callbacks";
        break;
      }
    }
    done();
  });
  run->wokenAtNs.store(nowNs(), std::memory_order_relaxed);
  run->word.store(1, std::memory_order_release);
  futexWake(run->word);
}

class PoolHop : public Napi::AsyncWorker {
 public:
  PoolHop(Napi::Env env, std::shared_ptr<UvRun> run)
      : Napi::AsyncWorker(env, "schedcost-uv-pool"), run_(std::move(run)) {}
  void Queue() {
    queuedNs_ = nowNs();
    Napi::AsyncWorker::Queue();
  }
  void Execute() override {
    uint64_t started = nowNs();
    startNs_ = static_cast<double>(started - queuedNs_);
    cpu_ = currentCpu();
    completedNs_ = nowNs();
  }
  void OnOK() override {
    uint64_t called = nowNs();
    const uint64_t i = run_->next++;
    run_->pool.startNs[i] = startNs_;
    run_->pool.callbackNs[i] = static_cast<double>(called - completedNs_);
    run_->pool.startCpu[i] = cpu_;
    if (run_->next == run_->total)
      startDedicated(run_, Env());
    else if (run_->cancel.cancelled())
      finish(run_, Env(), "cancelled", ProbeFailure::Cancelled);
    else if (nowNs() >= run_->deadlineNs)
      finish(run_, Env(), "timed out: work queued on the thread pool", ProbeFailure::TimedOut);
    else
      (new PoolHop(Env(), run_))->Queue();
  }

 private:
  std::shared_ptr<UvRun> run_;
  uint64_t queuedNs_ = 0, completedNs_ = 0;
  double startNs_ = 0;
  int cpu_ = -1;
};

Measurement measurementOf(const char* metric, const std::vector<double>& values, const std::vector<int>& cpus,
                          uint64_t warmup) {
  Measurement m(metric, values.size() > warmup ? values.size() - warmup : 0);
  for (size_t i = warmup; i < values.size(); ++i) m.keep(values[i], cpus[i]);
  return m;
}

void finish(const std::shared_ptr<UvRun>& run, Napi::Env env, const std::string& poolFailure, ProbeFailure poolKind) {
  run->onSettled();
  const std::string& failure = !poolFailure.empty()    ? poolFailure
                               : !run->failure.empty() ? run->failure
                                                       : run->stopReason;
  const ProbeFailure kind = !poolFailure.empty()    ? poolKind
                            : !run->failure.empty() ? ProbeFailure::Failed
                                                    : run->stopKind;
  if (!failure.empty()) {
    Napi::Error error = Napi::Error::New(env, failure);
    error.Set("code", Napi::String::New(env, probeErrorCode(kind)));
    run->deferred.Reject(error.Value());
    return;
  }
  ProbeOutput out;
  out.measurements.push_back(
      measurementOf("threadpoolQueueToStart", run->pool.startNs, run->pool.startCpu, run->warmup));
  out.measurements.push_back(
      measurementOf("threadpoolCompletionToCallback", run->pool.callbackNs, run->pool.startCpu, run->warmup));
  out.measurements.push_back(
      measurementOf("dedicatedWakeToStart", run->dedicated.startNs, run->dedicated.startCpu, run->warmup));
  out.measurements.push_back(
      measurementOf("dedicatedCompletionToCallback", run->dedicated.callbackNs, run->dedicated.startCpu, run->warmup));
  run->deferred.Resolve(fromProbeOutput(env, out));
}

}  // namespace

const ProbeInfo& uvThreadpoolInfo() {
  static const ProbeInfo info{
      .name = "uv-threadpool",
      .description =
          "Node's own thread pool: an AsyncWorker's queue to start on a libuv pool thread and its "
          "completion to the JavaScript callback, against a dedicated native thread woken by FUTEX_WAKE "
          "that reports through a thread-safe function. Threads unpinned, as Node's are.",
      .cpus = CpuUse::Unpinned,
      .metrics = {"threadpoolQueueToStart", "threadpoolCompletionToCallback", "dedicatedWakeToStart",
                  "dedicatedCompletionToCallback"},
  };
  return info;
}

UvRequest toUvRequest(const Napi::Value& value) {
  Napi::Env env = value.Env();
  if (!value.IsObject()) throw Napi::TypeError::New(env, "measureUvThreadpool expects { samples, warmup, timeoutMs }");
  Napi::Object o = value.As<Napi::Object>();
  auto number = [&](const char* name, double min, double max) {
    Napi::Value v = o.Get(name);
    if (!v.IsNumber()) throw Napi::TypeError::New(env, std::string(name) + " must be a number");
    double n = v.As<Napi::Number>().DoubleValue();
    if (!(n >= min && n <= max) || n != static_cast<double>(static_cast<uint64_t>(n)))
      throw Napi::RangeError::New(env, std::string(name) + " out of range");
    return static_cast<uint64_t>(n);
  };
  return UvRequest{.samples = number("samples", 1, 1e6),
                   .warmup = number("warmup", 0, 1e5),
                   .timeoutNs = number("timeoutMs", 1, 3.6e6) * 1'000'000ull};
}

Napi::Promise measureUvThreadpool(Napi::Env env, const UvRequest& request, CancelFlag& cancel,
                                  std::function<void()> onSettled) {
  auto run = std::make_shared<UvRun>(env, request, cancel, std::move(onSettled));
  for (Series* s : {&run->pool, &run->dedicated}) {
    s->startNs.assign(run->total, 0);
    s->callbackNs.assign(run->total, 0);
    s->startCpu.assign(run->total, -1);
  }
  (new PoolHop(env, run))->Queue();
  return run->deferred.Promise();
}

}  // namespace schedcost::addon
