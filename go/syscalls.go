package main

// Blocking syscalls under the real scheduler, beside schedcost's emulated
// syscall/* strategies.
//
// Throughput: N goroutines at GOMAXPROCS 1 loop "compute computeNs, sleep
// syscallNs in nanosleep" for durationNs; iterations per second is the count
// of iterations started within durationNs over durationNs (the emulations'
// counters.iterations / counters.wallNs).
//
//   Syscall     syscall.Syscall's path: entersyscall leaves the P marked "in
//               syscall"; sysmon retakes it after one to two of its ticks
//               (20 µs requested, longer with the default 50 µs timer slack)
//               and hands it to a runnable goroutine; exitsyscall keeps the P
//               if it was not retaken. This is syscall/lazy.
//   RawSyscall  RawSyscall(SYS_NANOSLEEP): the runtime is not told; the
//               goroutine keeps its P through the sleep, and the others wait
//               until it is preempted (10 ms). This is syscall/hold.
//   Handoff     entersyscallblock before the call: the P is handed off at
//               once (a futex wake of another thread when goroutines wait
//               for it), exitsyscall acquires one after. This is
//               syscall/handoff, the path gVisor takes for a blocking call.
//
// Each path is spelled out in runtime_linkname.go (Syscall's too: the
// runtime functions syscall.Syscall calls) so that the clock is read
// between telling the runtime and issuing the call, and between its return
// and holding a P again: the entry and exit costs.
//
// The sleeping thread's timer slack is 1 ns for the sleep (as the emulated
// tasks set it) so the syscall lasts about syscallNs; the prctl calls that
// set and restore it are outside the timed syscall and alike in both.
//
// Retake delay: at GOMAXPROCS 1 a goroutine S readies another, O (a send O
// is parked on: O goes to S's runnext), reads the clock and enters a
// blocking syscall.Nanosleep of retakeSyscallNs; O reads the clock when it
// first runs. O can run only on S's P, so only once sysmon has retaken the P
// and handed it to a thread (handoffp → startm: a futex wake, or a new
// thread) that schedules O. The sample is S's clock before the syscall → O's
// first clock. A sample where O ran only after S's syscall returned is
// counted as not retaken, not kept.

import (
	"math/rand"
	"runtime"
	"sync"
	"syscall"
)

type syscallConfig struct {
	API        string `json:"api"` // Syscall, RawSyscall, Handoff
	Tasks      int    `json:"tasks"`
	Gomaxprocs int    `json:"gomaxprocs"`
	SyscallNs  int64  `json:"syscallNs"`
}

type syscallRound struct {
	Iterations int64   `json:"iterations"`
	WallNs     int64   `json:"wallNs"`
	PerSecond  float64 `json:"perSecond"`
	Iteration  Summary `json:"iteration"`
	// The syscall as the goroutine saw it: with Syscall, exitsyscall's wait
	// for a P (when sysmon took it) is included.
	InCall Summary `json:"inCall"`
	// Entry: the clock before the runtime is told → as the syscall is issued;
	// exit: as it returned → once the goroutine holds a P again.
	Entry Summary `json:"entry"`
	Exit  Summary `json:"exit"`
}

type syscallResult struct {
	syscallConfig
	Rounds []syscallRound `json:"rounds"`
	// All rounds' iteration and syscall times.
	PooledIteration Summary `json:"pooledIteration"`
	PooledInCall    Summary `json:"pooledInCall"`
}

// compute is busy work calibrated to take about the requested time on an
// idle CPU (the emulations' Compute): a linear congruential loop.
type compute struct{ nsPerRound float64 }

var sink uint64

func spin(rounds int64) {
	x := uint64(rounds)
	for i := int64(0); i < rounds; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	sink += x
}

func calibrateCompute() compute {
	const rounds = 2_000_000
	spin(rounds / 10) // warm-up
	start := now()
	spin(rounds)
	return compute{nsPerRound: float64(now()-start) / rounds}
}

func (c compute) forNs(ns int64) { spin(int64(float64(ns) / c.nsPerRound)) }

func runSyscallRound(cfg syscallConfig, p *params, work compute) (round syscallRound, iteration, inCall []int64) {
	runtime.GOMAXPROCS(cfg.Gomaxprocs)
	pinAllThreads(p.CPUs) // tasks float over the CPUs, as the emulated tasks do
	keep := p.SyscallSamples/cfg.Tasks + 1
	type record struct {
		iterations                     int64
		iteration, inCall, entry, exit []int64
	}
	records := make([]record, cfg.Tasks)
	for i := range records {
		records[i].iteration = make([]int64, 0, keep)
		records[i].inCall = make([]int64, 0, keep)
		records[i].entry = make([]int64, 0, keep)
		records[i].exit = make([]int64, 0, keep)
	}
	sleep := map[string]func(*syscall.Timespec) (int64, int64){
		"Syscall": lazyNanosleep, "RawSyscall": heldNanosleep, "Handoff": handoffNanosleep,
	}[cfg.API]
	var end int64
	start := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(cfg.Tasks)
	for t := 0; t < cfg.Tasks; t++ {
		go func(r *record) {
			defer wg.Done()
			<-start
			slack := timerSlack()
			for i := 0; ; i++ {
				iterationStart := now()
				if iterationStart >= end {
					return
				}
				work.forNs(p.ComputeNs)
				setTimerSlack(1)
				ts := syscall.NsecToTimespec(cfg.SyscallNs)
				before := now()
				entry, exit := sleep(&ts)
				after := now()
				setTimerSlack(slack) // perhaps on another thread (Syscall): each sets its own before sleeping
				r.iterations++
				if i >= p.SyscallWarmup && len(r.iteration) < keep {
					r.iteration = append(r.iteration, after-iterationStart)
					r.inCall = append(r.inCall, after-before)
					r.entry = append(r.entry, entry)
					r.exit = append(r.exit, exit)
				}
			}
		}(&records[t])
	}
	end = now() + p.DurationNs
	close(start)
	wg.Wait()
	var iterations int64
	var entry, exit []int64
	for _, r := range records {
		iterations += r.iterations
		iteration = append(iteration, r.iteration...)
		inCall = append(inCall, r.inCall...)
		entry = append(entry, r.entry...)
		exit = append(exit, r.exit...)
	}
	round = syscallRound{
		Iterations: iterations,
		WallNs:     p.DurationNs,
		PerSecond:  float64(iterations) / float64(p.DurationNs) * 1e9,
		Iteration:  summarize(iteration),
		InCall:     summarize(inCall),
		Entry:      summarize(entry),
		Exit:       summarize(exit),
	}
	return round, iteration, inCall
}

type retakeRound struct {
	Delay      Summary `json:"delay"`
	NotRetaken int     `json:"notRetaken"`
}

type retakeResult struct {
	Gomaxprocs int           `json:"gomaxprocs"`
	SyscallNs  int64         `json:"syscallNs"`
	Rounds     []retakeRound `json:"rounds"`
	Pooled     Summary       `json:"pooled"`
}

func runRetakeRound(p *params, rng *rand.Rand) (retakeRound, []int64) {
	runtime.GOMAXPROCS(1)
	pinAllThreads(p.CPUs) // sysmon and the threads float, as the emulation's sysmon does
	total := p.RetakeWarmup + p.RetakeSamples
	kick := make(chan struct{})
	got := make(chan int64, 1)
	go func() {
		for range kick {
			got <- now() // O's first clock on the P
		}
	}()
	var round retakeRound
	delays := make([]int64, 0, p.RetakeSamples)
	for i := 0; i < total; i++ {
		// A random idle gap, holding the P (RawSyscall), so sysmon's tick
		// falls anywhere relative to the syscall's start.
		idleGap(p.GapMinNs + rng.Int63n(p.GapMaxNs-p.GapMinNs+1))
		kick <- struct{}{} // O is runnable now, in this P's runnext
		before := now()
		syscallNanosleep(p.RetakeSyscallNs)
		after := now()
		ran := <-got
		if i < p.RetakeWarmup {
			continue
		}
		if ran >= after {
			round.NotRetaken++
			continue
		}
		delays = append(delays, ran-before)
	}
	close(kick)
	round.Delay = summarize(delays)
	return round, delays
}
