package main

import (
	"math"
	"sort"
)

// Summary of a set of samples in ns. Percentiles are nearest-rank, as in
// schedcost's results: every reported percentile is a measured sample.
type Summary struct {
	Count int     `json:"count"`
	Min   int64   `json:"min"`
	P50   int64   `json:"p50"`
	P90   int64   `json:"p90"`
	P99   int64   `json:"p99"`
	Max   int64   `json:"max"`
	Mean  float64 `json:"mean"`
}

func summarize(samples []int64) Summary {
	if len(samples) == 0 {
		return Summary{}
	}
	s := append([]int64(nil), samples...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := func(q float64) int64 {
		i := int(math.Ceil(q*float64(len(s)))) - 1
		if i < 0 {
			i = 0
		}
		return s[i]
	}
	var sum float64
	for _, v := range s {
		sum += float64(v)
	}
	return Summary{
		Count: len(s),
		Min:   s[0],
		P50:   rank(0.5),
		P90:   rank(0.9),
		P99:   rank(0.99),
		Max:   s[len(s)-1],
		Mean:  sum / float64(len(s)),
	}
}

func median(values []float64) float64 {
	if len(values) == 0 {
		return 0
	}
	s := append([]float64(nil), values...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
