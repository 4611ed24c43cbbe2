// eventfd-epoll: how fast an event loop wakes. The writer reads the clock
// just before write(eventfd); the reader, blocked in epoll_wait, reads it on
// return. A random gap before every write lets the reader block first.
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <vector>

#include "../clock.hpp"
#include "../cpu.hpp"
#include "../fd.hpp"
#include "../futex.hpp"
#include "../probe.hpp"
#include "../random.hpp"
#include "../thread_group.hpp"
#include "../timer_slack.hpp"

namespace schedcost {
namespace {

constexpr int kEpollSliceMs = 50;

ProbeOutput runEventfdEpoll(const ProbeContext& ctx) {
  const uint64_t total = ctx.warmup + ctx.samples;
  const auto gapMinNs = static_cast<uint64_t>(ctx.param("gapMinNs"));
  const auto gapMaxNs = static_cast<uint64_t>(ctx.param("gapMaxNs"));
  Fd event(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  Fd epoll(epoll_create1(EPOLL_CLOEXEC));
  if (!event.valid() || !epoll.valid()) throw ProbeError(std::string("eventfd/epoll_create1: ") + std::strerror(errno));
  epoll_event interest{};
  interest.events = EPOLLIN;
  if (epoll_ctl(epoll.get(), EPOLL_CTL_ADD, event.get(), &interest) != 0)
    throw ProbeError(std::string("epoll_ctl: ") + std::strerror(errno));

  ProbeOutput result;
  Measurement& wake = result.measurements.emplace_back("wakeLatency", ctx.samples);
  std::atomic<uint32_t> consumed{0}, inWait{0};
  std::atomic<uint64_t> writeStartNs{0};
  std::vector<double> latencyNs(total);
  std::vector<int> readerCpu(total), writerCpu(total);
  std::vector<uint8_t> wasWaiting(total);

  ThreadGroup group(ctx);
  group.add("writer", ctx.cpuA(), [&] {
    setTimerSlackNs(1);
    SplitMix64 rng(ctx.seed);
    const uint64_t one = 1;
    for (uint64_t i = 0; i < total; ++i) {
      group.waitUntilEquals(consumed, static_cast<uint32_t>(i), "waiting for the reader to consume an event");
      sleepForNs(rng.between(gapMinNs, gapMaxNs));
      writerCpu[i] = currentCpu();
      wasWaiting[i] = static_cast<uint8_t>(inWait.load(std::memory_order_acquire));
      writeStartNs.store(nowNs(), std::memory_order_release);
      if (write(event.get(), &one, sizeof one) != sizeof one)
        throw ProbeError(std::string("write(eventfd): ") + std::strerror(errno));
    }
  });
  group.add("reader", ctx.cpuB(), [&] {
    for (uint64_t i = 0; i < total; ++i) {
      epoll_event ready{};
      for (;;) {
        group.checkRunning("in epoll_wait for the event");
        inWait.store(1, std::memory_order_release);
        int n = epoll_wait(epoll.get(), &ready, 1, kEpollSliceMs);
        inWait.store(0, std::memory_order_release);
        if (n == 1) break;
        if (n < 0 && errno != EINTR) throw ProbeError(std::string("epoll_wait: ") + std::strerror(errno));
      }
      uint64_t end = nowNs();
      latencyNs[i] = static_cast<double>(end - writeStartNs.load(std::memory_order_acquire));
      readerCpu[i] = currentCpu();
      uint64_t value;
      if (read(event.get(), &value, sizeof value) != sizeof value)
        throw ProbeError(std::string("read(eventfd): ") + std::strerror(errno));
      consumed.store(static_cast<uint32_t>(i + 1), std::memory_order_release);
      futexWake(consumed);
    }
  });
  group.run();

  for (uint64_t i = ctx.warmup; i < total; ++i) {
    if (readerCpu[i] != ctx.cpuB() || writerCpu[i] != ctx.cpuA())
      wake.exclude("offCpu", readerCpu[i]);
    else if (!wasWaiting[i])
      wake.exclude("notAsleep", readerCpu[i]);
    else
      wake.keep(latencyNs[i], readerCpu[i]);
  }
  return result;
}

[[maybe_unused]] const bool registered = registerProbe(ProbeInfo{
    .name = "eventfd-epoll",
    .description = "Event-loop wake latency: writer's clock before write(eventfd) to the reader's clock on return from "
                   "epoll_wait, after a random idle gap.",
    .cpus = CpuUse::Pair,
    .params =
        {
            ParamSpec{.name = "gapMinNs",
                      .description = "shortest idle gap before a write",
                      .unit = ParamUnit::Ns,
                      .defaults = {20000},
                      .min = 0,
                      .max = 1e9},
            ParamSpec{.name = "gapMaxNs",
                      .description = "longest idle gap before a write",
                      .unit = ParamUnit::Ns,
                      .defaults = {80000},
                      .min = 0,
                      .max = 1e9},
        },
    .metrics = {"wakeLatency"},
    .run = runEventfdEpoll,
});

}  // namespace
}  // namespace schedcost
