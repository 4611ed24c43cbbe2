// Fixed-memory log-linear histogram (HDR style). Values below 2*S are counted
// exactly; above, each power-of-two range [2^e, 2^(e+1)) is split into S equal
// sub-buckets, S = 2^subBucketBits. A value's bucket lower bound is within
// 1/S of it (1.6% for the default 6 bits).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace schedcost {

class Histogram {
 public:
  static constexpr int kDefaultSubBucketBits = 6;
  static constexpr int kMaxValueBits = 62;

  explicit Histogram(int subBucketBits = kDefaultSubBucketBits);

  void record(uint64_t value);
  uint64_t totalCount() const { return total_; }
  int subBucketBits() const { return subBucketBits_; }

  size_t bucketCount() const { return counts_.size(); }
  uint64_t countAt(size_t index) const { return counts_[index]; }
  size_t indexOf(uint64_t value) const;
  uint64_t lowerBound(size_t index) const;
  // Exclusive upper bound of the bucket.
  uint64_t upperBound(size_t index) const;

  // Lower bound of the bucket holding the q-quantile (nearest rank), 0 when empty.
  uint64_t valueAtQuantile(double q) const;

 private:
  int subBucketBits_;
  uint64_t subBuckets_;
  uint64_t total_ = 0;
  std::vector<uint64_t> counts_;
};

}  // namespace schedcost
