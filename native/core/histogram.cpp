#include "histogram.hpp"

#include <cmath>
#include <stdexcept>

namespace schedcost {

Histogram::Histogram(int subBucketBits) : subBucketBits_(subBucketBits), subBuckets_(1ull << subBucketBits) {
  if (subBucketBits < 1 || subBucketBits > 12) throw std::invalid_argument("subBucketBits must be 1..12");
  // 2S exact buckets, then S buckets for every octave e = bits+1 .. kMaxValueBits.
  counts_.assign(2 * subBuckets_ + static_cast<size_t>(kMaxValueBits - subBucketBits) * subBuckets_, 0);
}

size_t Histogram::indexOf(uint64_t value) const {
  const uint64_t maxValue = (1ull << (kMaxValueBits + 1)) - 1;
  if (value > maxValue) value = maxValue;
  if (value < 2 * subBuckets_) return static_cast<size_t>(value);
  int exponent = 63 - __builtin_clzll(value);
  uint64_t sub = (value >> (exponent - subBucketBits_)) - subBuckets_;
  return static_cast<size_t>(2 * subBuckets_ + static_cast<uint64_t>(exponent - subBucketBits_ - 1) * subBuckets_ +
                             sub);
}

uint64_t Histogram::lowerBound(size_t index) const {
  if (index < 2 * subBuckets_) return index;
  uint64_t k = (index - 2 * subBuckets_) / subBuckets_;
  uint64_t sub = (index - 2 * subBuckets_) % subBuckets_;
  int shift = static_cast<int>(k) + 1;
  return (subBuckets_ + sub) << shift;
}

uint64_t Histogram::upperBound(size_t index) const {
  if (index < 2 * subBuckets_) return index + 1;
  int shift = static_cast<int>((index - 2 * subBuckets_) / subBuckets_) + 1;
  return lowerBound(index) + (1ull << shift);
}

void Histogram::record(uint64_t value) {
  ++counts_[indexOf(value)];
  ++total_;
}

uint64_t Histogram::valueAtQuantile(double q) const {
  if (total_ == 0) return 0;
  uint64_t rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(total_)));
  if (rank < 1) rank = 1;
  uint64_t seen = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return lowerBound(i);
  }
  return lowerBound(counts_.size() - 1);
}

}  // namespace schedcost
