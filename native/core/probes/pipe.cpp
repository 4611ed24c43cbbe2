// pipe: the classic scheduler benchmark. roundTrip is what `perf bench sched
// pipe -T` measures (two threads pass an int over two pipes; one sample = one
// round trip); wakeLatency is one-way: writer's clock before write() to the
// reader's clock on return from a blocked read(), after a random idle gap.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <vector>

#include "../clock.hpp"
#include "../cpu.hpp"
#include "../fd.hpp"
#include "../one_way_wake.hpp"
#include "../probe.hpp"
#include "../thread_group.hpp"

namespace schedcost {
namespace {

struct Pipe {
  Fd readEnd, writeEnd;
  Pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw ProbeError(std::string("pipe2: ") + std::strerror(errno));
    readEnd = Fd(fds[0]);
    writeEnd = Fd(fds[1]);
  }
};

void transfer(ThreadGroup& group, bool isWrite, int fd, const char* what) {
  int message = 0;
  for (;;) {
    ssize_t n = isWrite ? write(fd, &message, sizeof message) : read(fd, &message, sizeof message);
    if (group.stopRequested()) throw Stopped{};
    if (n == static_cast<ssize_t>(sizeof message)) return;
    if (n < 0 && errno == EINTR) continue;
    throw ProbeError(std::string(what) + ": " + (n < 0 ? std::strerror(errno) : "short transfer"));
  }
}

// Releases a thread blocked in read() on any of the pipes when the group stops.
void unblockOnStop(ThreadGroup& group, std::vector<Pipe*> pipes) {
  group.onStop([pipes] {
    int message = 0;
    for (Pipe* p : pipes) {
      [[maybe_unused]] ssize_t ignored = write(p->writeEnd.get(), &message, sizeof message);
    }
  });
}

void measureRoundTrip(const ProbeContext& ctx, Measurement& out) {
  const uint64_t total = ctx.warmup + ctx.samples;
  Pipe ping, pong;
  std::vector<double> roundTripNs(total);
  std::vector<int> initiatorCpu(total), responderCpu(total);
  ThreadGroup group(ctx);
  unblockOnStop(group, {&ping, &pong});
  group.add("initiator", ctx.cpuA(), [&] {
    for (uint64_t i = 0; i < total; ++i) {
      uint64_t start = nowNs();
      transfer(group, true, ping.writeEnd.get(), "write(ping)");
      transfer(group, false, pong.readEnd.get(), "read(pong)");
      uint64_t end = nowNs();
      roundTripNs[i] = static_cast<double>(end - start);
      initiatorCpu[i] = currentCpu();
    }
  });
  group.add("responder", ctx.cpuB(), [&] {
    for (uint64_t i = 0; i < total; ++i) {
      transfer(group, false, ping.readEnd.get(), "read(ping)");
      responderCpu[i] = currentCpu();
      transfer(group, true, pong.writeEnd.get(), "write(pong)");
    }
  });
  group.run();
  for (uint64_t i = ctx.warmup; i < total; ++i) {
    if (initiatorCpu[i] != ctx.cpuA() || responderCpu[i] != ctx.cpuB())
      out.exclude("offCpu", initiatorCpu[i]);
    else
      out.keep(roundTripNs[i], initiatorCpu[i]);
  }
}

// The writer writes an int to the pipe; the reader is blocked in read().
struct PipePath {
  static constexpr bool kSleeperBlocks = true;
  static constexpr bool kTimesTrigger = false;
  Pipe channel;

  void startSleeper() {}
  bool trigger(ThreadGroup& group, uint64_t) {
    transfer(group, true, channel.writeEnd.get(), "write(pipe)");
    return true;
  }
  Woken block(ThreadGroup& group, uint64_t) {
    transfer(group, false, channel.readEnd.get(), "read(pipe)");
    return Woken{.atNs = nowNs()};
  }
};

void measureOneWay(const ProbeContext& ctx, Measurement& out) {
  PipePath path;
  OneWayWake handshake(ctx, path);
  ThreadGroup group(ctx);
  unblockOnStop(group, {&path.channel});
  handshake.addRoles(group, "writer", "reader");
  group.run();
  const OneWayRecord& r = handshake.record();
  for (uint64_t i = ctx.warmup; i < ctx.warmup + ctx.samples; ++i) {
    if (const char* reason = r.exclusion(ctx, i))
      out.exclude(reason, r.sleeperCpu[i]);
    else
      out.keep(r.latencyNs(i), r.sleeperCpu[i]);
  }
}

ProbeOutput runPipe(const ProbeContext& ctx) {
  ProbeOutput result;
  result.measurements.reserve(2);
  measureRoundTrip(ctx, result.measurements.emplace_back("roundTrip", ctx.samples));
  measureOneWay(ctx, result.measurements.emplace_back("wakeLatency", ctx.samples));
  return result;
}

[[maybe_unused]] const bool registered = registerProbe(ProbeInfo{
    .name = "pipe",
    .description =
        "Pipe handoffs: roundTrip is one round trip of an int over two pipes between two threads (what `perf "
        "bench sched pipe -T` reports per op); wakeLatency is one-way write() to the return of a blocked "
        "read() after an idle gap.",
    .cpus = CpuUse::Pair,
    .params =
        {
            ParamSpec{.name = "gapMinNs",
                      .description = "shortest idle gap before a one-way write",
                      .unit = ParamUnit::Ns,
                      .defaults = {20000},
                      .min = 0,
                      .max = 1e9},
            ParamSpec{.name = "gapMaxNs",
                      .description = "longest idle gap before a one-way write",
                      .unit = ParamUnit::Ns,
                      .defaults = {80000},
                      .min = 0,
                      .max = 1e9},
        },
    .metrics = {"roundTrip", "wakeLatency"},
    .run = runPipe,
});

}  // namespace
}  // namespace schedcost
