#include "cancel_flag.hpp"

#include <utility>

namespace schedcost {

CancelFlag::Subscription::Subscription(Subscription&& other) noexcept
    : flag_(std::exchange(other.flag_, nullptr)), id_(other.id_) {}

CancelFlag::Subscription& CancelFlag::Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    if (flag_) flag_->unsubscribe(id_);
    flag_ = std::exchange(other.flag_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

CancelFlag::Subscription::~Subscription() {
  if (flag_) flag_->unsubscribe(id_);
}

void CancelFlag::cancel() {
  cancelled_.store(true);
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [id, onCancel] : subscribers_) onCancel();
}

CancelFlag::Subscription CancelFlag::subscribe(std::function<void()> onCancel) {
  std::lock_guard<std::mutex> lock(mutex_);
  const uint64_t id = nextId_++;
  subscribers_.emplace(id, std::move(onCancel));
  return Subscription(this, id);
}

void CancelFlag::unsubscribe(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  subscribers_.erase(id);
}

}  // namespace schedcost
