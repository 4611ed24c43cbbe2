// eventfd-epoll: how fast an event loop wakes. The writer reads the clock
// just before write(eventfd); the reader, blocked in epoll_wait, reads it on
// return. A random gap before every write lets the reader block first.
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <cerrno>
#include <cstring>

#include "../clock.hpp"
#include "../fd.hpp"
#include "../one_way_wake.hpp"
#include "../probe.hpp"
#include "../thread_group.hpp"

namespace schedcost {
namespace {

// The writer adds 1 to an eventfd; the reader waits for it in epoll_wait,
// then reads the eventfd back to 0.
struct EventfdEpollPath {
  static constexpr bool kSleeperBlocks = true;
  static constexpr bool kTimesTrigger = false;
  Fd event{eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)};
  Fd epoll{epoll_create1(EPOLL_CLOEXEC)};

  EventfdEpollPath() {
    if (!event.valid() || !epoll.valid())
      throw ProbeError(std::string("eventfd/epoll_create1: ") + std::strerror(errno));
    epoll_event interest{};
    interest.events = EPOLLIN;
    if (epoll_ctl(epoll.get(), EPOLL_CTL_ADD, event.get(), &interest) != 0)
      throw ProbeError(std::string("epoll_ctl: ") + std::strerror(errno));
  }
  void startSleeper() {}
  bool trigger(ThreadGroup&, uint64_t) {
    const uint64_t one = 1;
    if (write(event.get(), &one, sizeof one) != sizeof one)
      throw ProbeError(std::string("write(eventfd): ") + std::strerror(errno));
    return true;
  }
  Woken block(ThreadGroup& group, uint64_t) {
    epoll_event ready{};
    for (;;) {
      group.checkRunning("in epoll_wait for the event");
      int n = epoll_wait(epoll.get(), &ready, 1, -1);
      if (n == 1) break;
      if (n < 0 && errno != EINTR) throw ProbeError(std::string("epoll_wait: ") + std::strerror(errno));
    }
    const uint64_t end = nowNs();
    uint64_t value;
    if (read(event.get(), &value, sizeof value) != sizeof value)
      throw ProbeError(std::string("read(eventfd): ") + std::strerror(errno));
    return Woken{.atNs = end};
  }
};

ProbeOutput runEventfdEpoll(const ProbeContext& ctx) {
  ProbeOutput result;
  Measurement& wake = result.measurements.emplace_back("wakeLatency", ctx.samples);
  EventfdEpollPath path;
  OneWayWake handshake(ctx, path);
  ThreadGroup group(ctx);
  // Releases a reader blocked in epoll_wait when the group stops.
  group.onStop([&path] {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t ignored = write(path.event.get(), &one, sizeof one);
  });
  handshake.addRoles(group, "writer", "reader");
  group.run();

  const OneWayRecord& r = handshake.record();
  for (uint64_t i = ctx.warmup; i < ctx.warmup + ctx.samples; ++i) {
    if (const char* reason = r.exclusion(ctx, i))
      wake.exclude(reason, r.sleeperCpu[i]);
    else
      wake.keep(r.latencyNs(i), r.sleeperCpu[i]);
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
