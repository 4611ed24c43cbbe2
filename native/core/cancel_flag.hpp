// A request to stop the running probe, made from any thread (the addon's
// cancel(), a test). Whoever must react at once, such as a watchdog asleep
// until its deadline, subscribes instead of polling the flag.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

namespace schedcost {

class CancelFlag {
 public:
  // Calls its callback on cancel() until it is destroyed.
  class Subscription {
   public:
    Subscription() = default;
    Subscription(CancelFlag* flag, uint64_t id) : flag_(flag), id_(id) {}
    Subscription(Subscription&& other) noexcept;
    Subscription& operator=(Subscription&& other) noexcept;
    ~Subscription();

   private:
    CancelFlag* flag_ = nullptr;
    uint64_t id_ = 0;
  };

  CancelFlag() = default;
  CancelFlag(const CancelFlag&) = delete;
  CancelFlag& operator=(const CancelFlag&) = delete;

  // Sets the flag and calls every subscriber.
  void cancel();
  // Clears the flag, before the next probe starts.
  void reset() { cancelled_.store(false); }
  bool cancelled() const { return cancelled_.load(); }
  [[nodiscard]] Subscription subscribe(std::function<void()> onCancel);

 private:
  void unsubscribe(uint64_t id);

  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::map<uint64_t, std::function<void()>> subscribers_;
  uint64_t nextId_ = 1;
};

}  // namespace schedcost
