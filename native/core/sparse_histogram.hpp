// The fixed-memory histogram of a measurement's kept samples, in the sparse
// form the results document stores: one (low, high, count) per non-empty bucket.
#pragma once
#include <cstdint>
#include <vector>

namespace schedcost {

struct HistogramBucket {
  uint64_t lowNs;
  uint64_t highNs;  // exclusive
  uint64_t count;
};

struct SparseHistogram {
  int subBucketBits;
  std::vector<HistogramBucket> buckets;
};

SparseHistogram histogramOf(const std::vector<double>& valuesNs);

}  // namespace schedcost
