#include "sparse_histogram.hpp"

#include <cmath>

#include "histogram.hpp"

namespace schedcost {

SparseHistogram histogramOf(const std::vector<double>& valuesNs) {
  Histogram histogram;
  for (double v : valuesNs) histogram.record(v <= 0 ? 0 : static_cast<uint64_t>(std::llround(v)));
  SparseHistogram sparse{histogram.subBucketBits(), {}};
  for (size_t i = 0; i < histogram.bucketCount(); ++i)
    if (uint64_t count = histogram.countAt(i))
      sparse.buckets.push_back(HistogramBucket{histogram.lowerBound(i), histogram.upperBound(i), count});
  return sparse;
}

}  // namespace schedcost
