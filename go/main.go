// schedcost-go measures, on this host, the Go runtime paths that schedcost's
// strategies emulate on real threads (see wake.go and syscalls.go), and
// prints one JSON document on stdout. schedcost builds and runs it
// (`schedcost go`); it needs nothing but the standard library.
//
// Every measurement repeats over several rounds, configurations interleaved
// within a round, so that the figures have a spread and slow drift spreads
// over all of them. Times are monotonic time.Now() readings (the clock's
// own cost is measured and reported). The garbage collector is off while
// measuring: nothing here is about the collector, and the few allocations
// would otherwise start it at random points.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
)

const formatVersion = 4

type params struct {
	CPUs            []int   `json:"cpus"`
	Rounds          int     `json:"rounds"`
	Seed            int64   `json:"seed"`
	GapMinNs        int64   `json:"gapMinNs"`
	GapMaxNs        int64   `json:"gapMaxNs"`
	SliceNs         int64   `json:"sliceNs"`
	WakeSamples     int     `json:"wakeSamples"`
	WakeWarmup      int     `json:"wakeWarmup"`
	ComputeNs       int64   `json:"computeNs"`
	SyscallNs       int64   `json:"syscallNs"`
	LongSyscallNs   int64   `json:"longSyscallNs"`
	DurationNs      int64   `json:"durationNs"`
	SyscallSamples  int     `json:"syscallSamples"`
	SyscallWarmup   int     `json:"syscallWarmup"`
	RetakeSyscallNs int64   `json:"retakeSyscallNs"`
	RetakeSamples   int     `json:"retakeSamples"`
	RetakeWarmup    int     `json:"retakeWarmup"`
	StealSlicesNs   []int64 `json:"stealSlicesNs"`
	StealBudgetNs   int64   `json:"stealBudgetNs"`
	StealMinSamples int     `json:"stealMinSamples"`
	StealWarmup     int     `json:"stealWarmup"`
	WorkingSetBytes int     `json:"workingSetBytes"`
	Only            string  `json:"only"`
}

// A configuration left out, and what it needs that the run does not have:
// "locked-receiver" (a CPU for the locked receiver's thread) or "second-p"
// (a second CPU for a second P). schedcost puts it into words.
type skip struct {
	What  string `json:"what"`
	Needs string `json:"needs"`
}

type clockCost struct {
	Source       string  `json:"source"`
	ReadNsMedian float64 `json:"readNsMedian"`
	ReadNsMin    float64 `json:"readNsMin"`
}

type output struct {
	Program           string          `json:"program"`
	FormatVersion     int             `json:"formatVersion"`
	GoVersion         string          `json:"goVersion"`
	GOOS              string          `json:"goos"`
	GOARCH            string          `json:"goarch"`
	NumCPU            int             `json:"numCpu"`
	AllowedCPUs       []int           `json:"allowedCpus"`
	DefaultTimerSlack int64           `json:"defaultTimerSlackNs"`
	Clock             clockCost       `json:"clock"`
	ComputeNsPerRound float64         `json:"computeNsPerRound"`
	Params            params          `json:"params"`
	Wake              []wakeResult    `json:"wake"`
	Throughput        []syscallResult `json:"throughput"`
	Retake            *retakeResult   `json:"retake"`
	Steal             []stealResult   `json:"steal"`
	Skipped           []skip          `json:"skipped"`
	DurationMs        float64         `json:"durationMs"`
}

func itoa(v int) string { return strconv.Itoa(v) }

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "schedcost-go: "+format+"\n", args...)
	os.Exit(2)
}

// measureClock times batches of clock reads: the cost of one reading.
func measureClock() clockCost {
	const batches, per = 51, 1000
	costs := make([]float64, batches)
	for b := range costs {
		start := now()
		for i := 0; i < per; i++ {
			_ = now()
		}
		costs[b] = float64(now()-start) / (per + 1)
	}
	sort.Float64s(costs)
	return clockCost{Source: "time.Now monotonic (CLOCK_MONOTONIC via the vDSO)", ReadNsMedian: median(costs), ReadNsMin: costs[0]}
}

func main() {
	p := params{}
	cpus := flag.String("cpus", "", "the waker's CPU and T's home CPU, e.g. 0,1, or one CPU (required: schedcost chooses them, avoiding SMT siblings)")
	flag.IntVar(&p.Rounds, "rounds", 5, "rounds: every measurement repeats this often")
	flag.Int64Var(&p.Seed, "seed", 1, "seed of the random idle gaps")
	flag.Int64Var(&p.GapMinNs, "gap-min-ns", 20000, "shortest idle gap before a wake")
	flag.Int64Var(&p.GapMaxNs, "gap-max-ns", 80000, "longest idle gap before a wake")
	flag.Int64Var(&p.SliceNs, "slice-ns", 20000, "how long a busy waker keeps running after the send")
	flag.IntVar(&p.WakeSamples, "wake-samples", 600, "wakes kept per configuration and round")
	flag.IntVar(&p.WakeWarmup, "wake-warmup", 20, "wakes discarded first per configuration and round")
	flag.Int64Var(&p.ComputeNs, "compute-ns", 5000, "computation between syscalls")
	flag.Int64Var(&p.SyscallNs, "syscall-ns", 50000, "length of the blocking syscall (nanosleep)")
	flag.Int64Var(&p.LongSyscallNs, "long-syscall-ns", 1000000, "a syscall long enough for sysmon to retake its P: measured with the most tasks")
	flag.Int64Var(&p.DurationNs, "duration-ns", 200e6, "how long the syscall loops run per configuration and round")
	flag.IntVar(&p.SyscallSamples, "syscall-samples", 2000, "iteration times kept per configuration and round")
	flag.IntVar(&p.SyscallWarmup, "syscall-warmup", 2, "iterations per task not timed first")
	flag.Int64Var(&p.RetakeSyscallNs, "retake-syscall-ns", 500000, "length of the syscall whose P sysmon retakes")
	flag.IntVar(&p.RetakeSamples, "retake-samples", 200, "retakes kept per round")
	flag.IntVar(&p.RetakeWarmup, "retake-warmup", 10, "retakes discarded first per round")
	stealSlices := flag.String("steal-slices-ns", "20000,50000,100000,1000000,10000000", "how long the sender keeps running after the send, where an unlocked receiver's wakes are placed (steal)")
	flag.Int64Var(&p.StealBudgetNs, "steal-budget-ns", 40e6, "time a round spends at one slice, after its warm-up: fewer samples for long slices")
	flag.IntVar(&p.StealMinSamples, "steal-min-samples", 10, "wakes kept per slice and round, whatever the budget")
	flag.IntVar(&p.StealWarmup, "steal-warmup", 5, "wakes discarded first per slice and round (the first with a 1 ms slice)")
	flag.IntVar(&p.WorkingSetBytes, "working-set-bytes", 256*1024, "the unlocked receiver's working set (steal)")
	flag.StringVar(&p.Only, "only", "wake,throughput,retake,steal", "measurements to run")
	flag.Parse()
	if flag.NArg() > 0 {
		fail("unexpected argument %q", flag.Arg(0))
	}
	switch {
	case p.Rounds < 1 || p.Rounds > 100:
		fail("-rounds must lie in 1..100")
	case p.GapMinNs < 0 || p.GapMaxNs < p.GapMinNs || p.GapMaxNs > 1e9:
		fail("need 0 ≤ -gap-min-ns ≤ -gap-max-ns ≤ 1e9")
	case p.WakeSamples < 1 || p.WakeWarmup < 0 || p.RetakeSamples < 1 || p.RetakeWarmup < 0 || p.SyscallSamples < 1 || p.SyscallWarmup < 0:
		fail("sample counts must be positive (warm-ups non-negative)")
	case p.SliceNs < 0 || p.ComputeNs < 0 || p.SyscallNs < 1 || p.LongSyscallNs < 1 || p.RetakeSyscallNs < 1 || p.DurationNs < 1e6:
		fail("durations must be positive (-duration-ns at least 1 ms)")
	}
	wanted := map[string]bool{}
	for _, m := range strings.Split(p.Only, ",") {
		switch m {
		case "wake", "throughput", "retake", "steal":
			wanted[m] = true
		default:
			fail("-only: unknown measurement %q (wake, throughput, retake, steal)", m)
		}
	}

	for _, part := range strings.Split(*stealSlices, ",") {
		v, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil || v < 0 || v > 1e9 {
			fail("-steal-slices-ns: invalid slice %q", part)
		}
		p.StealSlicesNs = append(p.StealSlicesNs, v)
	}
	if p.StealBudgetNs < 1 || p.StealMinSamples < 1 || p.StealWarmup < 1 || p.WorkingSetBytes < 64 || p.WorkingSetBytes > 1<<30 {
		fail("-steal-budget-ns, -steal-min-samples, -steal-warmup must be positive, -working-set-bytes in 64..1 GiB")
	}

	allowed, err := allowedCpus()
	if err != nil {
		fail("sched_getaffinity: %v", err)
	}
	if *cpus == "" {
		fail("-cpus: required (one CPU, or the waker's CPU and T's home CPU)")
	}
	// In the order given: the waker's CPU first.
	var list []int
	for _, part := range strings.Split(*cpus, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || c < 0 || c >= 1024 {
			fail("-cpus: invalid CPU %q", part)
		}
		list = append(list, c)
	}
	if len(list) < 1 || len(list) > 2 || (len(list) == 2 && list[0] == list[1]) {
		fail("-cpus: give one or two different CPUs")
	}
	for _, c := range list {
		if !contains(allowed, c) {
			fail("-cpus: CPU %d is not in the allowed set %v", c, allowed)
		}
	}
	p.CPUs = list

	out := output{
		Program:           "schedcost-go",
		FormatVersion:     formatVersion,
		GoVersion:         runtime.Version(),
		GOOS:              runtime.GOOS,
		GOARCH:            runtime.GOARCH,
		NumCPU:            runtime.NumCPU(),
		AllowedCPUs:       allowed,
		DefaultTimerSlack: int64(timerSlack()),
		Params:            p,
		Wake:              []wakeResult{},
		Throughput:        []syscallResult{},
		Steal:             []stealResult{},
		Skipped:           []skip{},
	}
	started := now()
	debug.SetGCPercent(-1)
	pinAllThreads(p.CPUs)
	out.Clock = measureClock()
	rng := rand.New(rand.NewSource(p.Seed))

	if wanted["wake"] {
		configs, skipped := wakeConfigs(p.SliceNs, len(p.CPUs) > 1)
		out.Skipped = append(out.Skipped, skipped...)
		results := make([]wakeResult, len(configs))
		pooled := make([][]int64, len(configs))
		for r := 0; r < p.Rounds; r++ {
			for i, cfg := range configs {
				round, samples := runWakeRound(cfg, &p, rng)
				results[i].wakeConfig = cfg
				results[i].Rounds = append(results[i].Rounds, round)
				pooled[i] = append(pooled[i], samples...)
			}
		}
		for i := range results {
			results[i].Pooled = summarize(pooled[i])
		}
		out.Wake = results
	}
	if wanted["steal"] {
		if len(p.CPUs) < 2 {
			out.Skipped = append(out.Skipped, skip{What: "unlocked receiver's wakes while the sender keeps running", Needs: "second-p"})
		} else {
			ws := newWorkingSet(p.WorkingSetBytes, rng)
			results := make([]stealResult, len(p.StealSlicesNs))
			pooled := make([][]int64, len(results))
			// A round not kept: the threads the GOMAXPROCS 1 measurements left on
			// one CPU, and those the runtime starts here (on its starter's CPU),
			// begin on one CPU, where the kernel may keep sender and receiver for
			// a whole round; it has spread them by the end of this one.
			runStealRound(p.StealSlicesNs[0], &p, rng, ws)
			for r := 0; r < p.Rounds; r++ {
				for i, slice := range p.StealSlicesNs {
					round, samples := runStealRound(slice, &p, rng, ws)
					results[i].SliceNs, results[i].Gomaxprocs, results[i].WorkingSetBytes = slice, 2, p.WorkingSetBytes
					results[i].Rounds = append(results[i].Rounds, round)
					pooled[i] = append(pooled[i], samples...)
				}
			}
			for i := range results {
				results[i].Pooled = summarize(pooled[i])
			}
			out.Steal = results
		}
	}
	if wanted["retake"] {
		result := &retakeResult{Gomaxprocs: 1, SyscallNs: p.RetakeSyscallNs}
		var pooled []int64
		for r := 0; r < p.Rounds; r++ {
			round, delays := runRetakeRound(&p, rng)
			result.Rounds = append(result.Rounds, round)
			pooled = append(pooled, delays...)
		}
		result.Pooled = summarize(pooled)
		out.Retake = result
	}
	// Last: the syscall loops change timer slack on whichever threads run
	// them, and a retaken Syscall may leave a thread with 1 ns slack.
	if wanted["throughput"] {
		work := calibrateCompute()
		out.ComputeNsPerRound = work.nsPerRound
		var configs []syscallConfig
		for _, api := range []string{"Syscall", "RawSyscall"} {
			for _, tasks := range []int{1, 4} {
				configs = append(configs, syscallConfig{API: api, Tasks: tasks, Gomaxprocs: 1, SyscallNs: p.SyscallNs})
			}
			// A syscall that outlasts sysmon's retake: where Syscall lets the other goroutines run and RawSyscall does not.
			configs = append(configs, syscallConfig{API: api, Tasks: 4, Gomaxprocs: 1, SyscallNs: p.LongSyscallNs})
		}
		// The P handed off at entry, with goroutines waiting for it: entry and exit beside RawSyscall's and Syscall's.
		configs = append(configs, syscallConfig{API: "Handoff", Tasks: 4, Gomaxprocs: 1, SyscallNs: p.SyscallNs})
		results := make([]syscallResult, len(configs))
		iterations := make([][]int64, len(configs))
		inCalls := make([][]int64, len(configs))
		for r := 0; r < p.Rounds; r++ {
			for i, cfg := range configs {
				round, iteration, inCall := runSyscallRound(cfg, &p, work)
				results[i].syscallConfig = cfg
				results[i].Rounds = append(results[i].Rounds, round)
				iterations[i] = append(iterations[i], iteration...)
				inCalls[i] = append(inCalls[i], inCall...)
			}
		}
		for i := range results {
			results[i].PooledIteration = summarize(iterations[i])
			results[i].PooledInCall = summarize(inCalls[i])
		}
		out.Throughput = results
	}
	out.DurationMs = float64(now()-started) / 1e6

	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		fail("writing the results: %v", err)
	}
}
