#include "../core/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "../core/random.hpp"
#include "check.hpp"

using schedcost::Histogram;

TEST("histogram counts small values exactly") {
  Histogram h;
  for (uint64_t v = 0; v < 128; ++v) {
    CHECK(h.lowerBound(h.indexOf(v)) == v);
    CHECK(h.upperBound(h.indexOf(v)) == v + 1);
  }
}

TEST("histogram buckets tile the value range without gaps") {
  Histogram h;
  for (size_t i = 0; i + 1 < h.bucketCount(); ++i) CHECK_MSG(h.upperBound(i) == h.lowerBound(i + 1), "bucket " << i);
}

TEST("histogram bucket of a value contains it, within 1/64 relative error") {
  Histogram h;
  schedcost::SplitMix64 rng(7);
  for (int i = 0; i < 200000; ++i) {
    uint64_t v = rng.next() >> (1 + rng.next() % 62);  // below the clamp at 2^63
    size_t index = h.indexOf(v);
    uint64_t lo = h.lowerBound(index), hi = h.upperBound(index);
    CHECK_MSG(lo <= v && v < hi, "value " << v << " bucket [" << lo << ", " << hi << ")");
    CHECK_MSG(v - lo <= v / 64, "value " << v << " low " << lo);
  }
}

TEST("histogram quantiles agree with exact order statistics") {
  Histogram h;
  schedcost::SplitMix64 rng(11);
  std::vector<uint64_t> values;
  for (int i = 0; i < 50000; ++i) {
    uint64_t v = 1000 + rng.next() % 1000000;
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    auto rank = static_cast<size_t>(std::ceil(q * values.size()));
    double exact = static_cast<double>(values[rank - 1]);
    double approx = static_cast<double>(h.valueAtQuantile(q));
    CHECK_MSG(std::fabs(approx - exact) / exact <= 1.0 / 64, "q " << q << " exact " << exact << " approx " << approx);
  }
  CHECK(h.totalCount() == 50000);
}

TEST("histogram clamps values beyond its range into the last bucket") {
  Histogram h;
  h.record(UINT64_MAX);
  CHECK(h.countAt(h.bucketCount() - 1) == 1);
}
