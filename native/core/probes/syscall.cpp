// syscall: what entering the kernel costs on this host. Each sample times a
// batch of calls and divides, so the clock's own cost (tens of ns) does not
// swamp a call that may take about as long.
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>

#include "../clock.hpp"
#include "../cpu.hpp"
#include "../futex.hpp"
#include "../probe.hpp"
#include "../thread_group.hpp"

namespace schedcost {
namespace {

template <typename Call>
void timeBatches(ThreadGroup& group, const ProbeContext& ctx, Measurement& out, uint64_t batch, Call call) {
  const int planned = ctx.cpuA();
  for (uint64_t i = 0; i < ctx.warmup + ctx.samples; ++i) {
    if ((i & 63) == 0) group.checkRunning("timing system calls");
    uint64_t start = nowNs();
    for (uint64_t k = 0; k < batch; ++k) call();
    uint64_t end = nowNs();
    if (i < ctx.warmup) continue;
    int cpu = currentCpu();
    double perCallNs = static_cast<double>(end - start) / static_cast<double>(batch);
    if (cpu != planned)
      out.exclude("offCpu", cpu);
    else
      out.keep(perCallNs, cpu);
  }
}

ProbeOutput runSyscall(const ProbeContext& ctx) {
  const auto batch = static_cast<uint64_t>(ctx.param("batch"));
  ProbeOutput result;
  result.measurements.emplace_back("getppid", ctx.samples);
  result.measurements.emplace_back("futexWakeNoWaiter", ctx.samples);
  ThreadGroup group(ctx);
  group.add("caller", ctx.cpuA(), [&] {
    timeBatches(group, ctx, result.measurements[0], batch, [] {
      long ppid = syscall(SYS_getppid);
      doNotOptimize(ppid);
    });
    std::atomic<uint32_t> word{0};
    timeBatches(group, ctx, result.measurements[1], batch, [&word] {
      int woken = futexWake(word, 1);
      doNotOptimize(woken);
    });
  });
  group.run();
  return result;
}

[[maybe_unused]] const bool registered = registerProbe(ProbeInfo{
    .name = "syscall",
    .description = "Cost of a trivial system call (getppid) and of FUTEX_WAKE with no waiter, per call; each sample is "
                   "the mean of a batch of calls.",
    .cpus = CpuUse::Single,
    .params = {ParamSpec{.name = "batch",
                         .description = "calls timed together per sample",
                         .unit = ParamUnit::Count,
                         .defaults = {100},
                         .min = 1,
                         .max = 100000}},
    .metrics = {"getppid", "futexWakeNoWaiter"},
    .run = runSyscall,
});

}  // namespace
}  // namespace schedcost
