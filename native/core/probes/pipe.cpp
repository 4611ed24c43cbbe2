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
#include "../futex.hpp"
#include "../probe.hpp"
#include "../random.hpp"
#include "../thread_group.hpp"
#include "../timer_slack.hpp"

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

// Releases a thread blocked in read() on either pipe when the group stops.
void unblockOnStop(ThreadGroup& group, Pipe& a, Pipe& b) {
  group.onStop([&a, &b] {
    int message = 0;
    [[maybe_unused]] ssize_t ignoredA = write(a.writeEnd.get(), &message, sizeof message);
    [[maybe_unused]] ssize_t ignoredB = write(b.writeEnd.get(), &message, sizeof message);
  });
}

void measureRoundTrip(const ProbeContext& ctx, Measurement& out) {
  const uint64_t total = ctx.warmup + ctx.samples;
  Pipe ping, pong;
  std::vector<double> roundTripNs(total);
  std::vector<int> initiatorCpu(total), responderCpu(total);
  ThreadGroup group(ctx);
  unblockOnStop(group, ping, pong);
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

void measureOneWay(const ProbeContext& ctx, Measurement& out) {
  const uint64_t total = ctx.warmup + ctx.samples;
  const auto gapMinNs = static_cast<uint64_t>(ctx.param("gapMinNs"));
  const auto gapMaxNs = static_cast<uint64_t>(ctx.param("gapMaxNs"));
  Pipe channel, unused;
  std::atomic<uint32_t> consumed{0}, inRead{0};
  std::atomic<uint64_t> writeStartNs{0};
  std::vector<double> latencyNs(total);
  std::vector<int> readerCpu(total), writerCpu(total);
  std::vector<uint8_t> wasReading(total);
  ThreadGroup group(ctx);
  unblockOnStop(group, channel, unused);
  group.add("writer", ctx.cpuA(), [&] {
    setTimerSlackNs(1);
    SplitMix64 rng(ctx.seed);
    for (uint64_t i = 0; i < total; ++i) {
      group.waitUntilEquals(consumed, static_cast<uint32_t>(i), "waiting for the reader to consume a message");
      sleepForNs(rng.between(gapMinNs, gapMaxNs));
      writerCpu[i] = currentCpu();
      wasReading[i] = static_cast<uint8_t>(inRead.load(std::memory_order_acquire));
      writeStartNs.store(nowNs(), std::memory_order_release);
      transfer(group, true, channel.writeEnd.get(), "write(pipe)");
    }
  });
  group.add("reader", ctx.cpuB(), [&] {
    for (uint64_t i = 0; i < total; ++i) {
      inRead.store(1, std::memory_order_release);
      transfer(group, false, channel.readEnd.get(), "read(pipe)");
      uint64_t end = nowNs();
      inRead.store(0, std::memory_order_release);
      latencyNs[i] = static_cast<double>(end - writeStartNs.load(std::memory_order_acquire));
      readerCpu[i] = currentCpu();
      consumed.store(static_cast<uint32_t>(i + 1), std::memory_order_release);
      futexWake(consumed);
    }
  });
  group.run();
  for (uint64_t i = ctx.warmup; i < total; ++i) {
    if (readerCpu[i] != ctx.cpuB() || writerCpu[i] != ctx.cpuA())
      out.exclude("offCpu", readerCpu[i]);
    else if (!wasReading[i])
      out.exclude("notAsleep", readerCpu[i]);
    else
      out.keep(latencyNs[i], readerCpu[i]);
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
