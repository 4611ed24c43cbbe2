package main

// Where an unlocked receiver runs after a wake while its sender keeps
// running, and what a move costs it (claims 3 and 4), at GOMAXPROCS 2.
//
// The receiver T owns a working set. Each sample: T re-touches its working
// set (timed: the refill when it moved), dirties it, re-touches it again
// (timed: warm, at home, the baseline when no wake kept it home), notes its
// CPU and thread, announces that it is about to block (an atomic flag, so that the
// sender does not park and the two keep their own Ps) and blocks in a
// receive. The sender S, spinning on its own P until the announcement,
// waits a random idle gap (holding its P, its CPU idle), notes its CPU and
// thread, reads the clock and sends. The send readies T into the runnext
// slot of S's P and wakes the idle P's thread (wakep). S then keeps running
// for the slice and yields (runtime.Gosched: what the scheduler does when a
// goroutine's 10 ms slice ends). T runs either on S's thread once S yields
// (S's P ran it: T moved to S's CPU unless it blocked there), or on the idle
// P's thread, which steals T from runnext after usleep(3) (another P stole
// it), whichever comes first. T notes where it ran.

import (
	"math/rand"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
)

type stealRound struct {
	Latency Summary `json:"latency"`
	// Samples in which T ran on S's thread: S's P ran it, after S yielded.
	OnSenderThread int `json:"onSenderThread"`
	// Samples in which T ran on the CPU S sent from.
	OnSenderCPU int `json:"onSenderCpu"`
	// Samples in which T ran on the CPU it blocked on.
	OnPreviousCPU int `json:"onPreviousCpu"`
	// Samples in which T had blocked on the CPU S sent from: no move to S's
	// CPU was possible (the kernel had put both threads on one CPU).
	BlockedOnSenderCPU int `json:"blockedOnSenderCpu"`
	// Of the others (T blocked apart from S), those in which T ran on another
	// CPU than the one it blocked on.
	MovedApart int `json:"movedApart"`
	// The working set's re-touch after the wake, by where T ran.
	RetouchHome  Summary `json:"retouchHome"`
	RetouchMoved Summary `json:"retouchMoved"`
	// T's re-touch right before it blocks: at home, its cache warm.
	RetouchWarm Summary `json:"retouchWarm"`
}

type stealResult struct {
	SliceNs         int64        `json:"sliceNs"`
	Gomaxprocs      int          `json:"gomaxprocs"`
	WorkingSetBytes int          `json:"workingSetBytes"`
	Rounds          []stealRound `json:"rounds"`
	Pooled          Summary      `json:"pooled"`
}

// workingSet is a random cycle of 64-byte lines: each load depends on the
// previous one, so no prefetcher hides a miss (the emulation's WorkingSet).
type workingSet struct{ lines []line }

type line struct {
	next    int32
	payload int32
	_       [56]byte
}

func newWorkingSet(bytes int, rng *rand.Rand) *workingSet {
	n := bytes / 64
	order := rng.Perm(n)
	ws := &workingSet{lines: make([]line, n)}
	for i := range order {
		ws.lines[order[i]].next = int32(order[(i+1)%n])
	}
	return ws
}

func (ws *workingSet) chase() {
	i := int32(0)
	for range ws.lines {
		i = ws.lines[i].next
	}
	sink += uint64(i)
}

func (ws *workingSet) dirty() {
	for i := range ws.lines {
		ws.lines[i].payload++
	}
}

func gettid() int32 { return int32(syscall.Gettid()) }

// settleSliceNs is the first warm-up wake's slice: long enough for the idle
// P to steal T, so that every round starts with T and S on different Ps.
// Otherwise a round may start with both on one P, and with a short slice
// they stay there (T runs on S's P, blocks before the idle P's thread picks
// S up, and S resumes on the same P), a regime in which no move can happen.
const settleSliceNs = 1e6

// stop is the value S sends instead of a clock reading when the round ends.
const stop = -1

// runStealRound measures wakes at one slice until the round's time budget
// is spent (at least StealMinSamples kept, at most WakeSamples): long slices
// keep fewer.
func runStealRound(slice int64, p *params, rng *rand.Rand, ws *workingSet) (stealRound, []int64) {
	runtime.GOMAXPROCS(2)
	pinAllThreads(p.CPUs) // they float over both CPUs
	total := p.StealWarmup + p.WakeSamples
	type record struct {
		latency, retouch, warm     int64
		prevCPU, ranCPU, senderCPU int32
		ranTid, senderTid          int32
	}
	recs := make([]record, total+1) // T announces once more before it hears the round end
	kept := 0
	var announced atomic.Int32
	ch := make(chan int64)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // T
		defer wg.Done()
		ws.dirty()
		start := now()
		ws.chase()
		recs[0].warm = now() - start
		for i := 0; ; i++ {
			recs[i].prevCPU = getcpu()
			announced.Store(1)
			sent := <-ch
			if sent == stop {
				return
			}
			ran := now()
			recs[i].latency = ran - sent
			recs[i].ranCPU, recs[i].ranTid = getcpu(), gettid()
			start = now()
			ws.chase()
			recs[i].retouch = now() - start
			ws.dirty()
			start = now()
			ws.chase()
			recs[i+1].warm = now() - start
		}
	}()
	go func() { // S
		defer wg.Done()
		var begun int64
		for i := 0; ; i++ {
			for announced.Load() == 0 {
			}
			announced.Store(0)
			if i == p.StealWarmup {
				begun = now()
			}
			if n := i - p.StealWarmup; i == total || n >= p.StealMinSamples && now()-begun >= p.StealBudgetNs {
				kept = n
				ch <- stop
				return
			}
			gap := p.GapMinNs + rng.Int63n(p.GapMaxNs-p.GapMinNs+1)
			idleGap(gap)
			recs[i].senderCPU, recs[i].senderTid = getcpu(), gettid()
			run := slice
			if i == 0 && run < settleSliceNs {
				run = settleSliceNs
			}
			start := sendToParked(ch)
			for now()-start < run {
			}
			runtime.Gosched()
		}
	}()
	wg.Wait()
	var round stealRound
	latencies := make([]int64, 0, kept)
	var home, moved, warm []int64
	for _, r := range recs[p.StealWarmup : p.StealWarmup+kept] {
		latencies = append(latencies, r.latency)
		warm = append(warm, r.warm)
		if r.ranTid == r.senderTid {
			round.OnSenderThread++
		}
		if r.ranCPU == r.senderCPU {
			round.OnSenderCPU++
		}
		if r.prevCPU == r.senderCPU {
			round.BlockedOnSenderCPU++
		} else if r.ranCPU != r.prevCPU {
			round.MovedApart++
		}
		if r.ranCPU == r.prevCPU {
			round.OnPreviousCPU++
			home = append(home, r.retouch)
		} else {
			moved = append(moved, r.retouch)
		}
	}
	round.Latency = summarize(latencies)
	round.RetouchHome = summarize(home)
	round.RetouchMoved = summarize(moved)
	round.RetouchWarm = summarize(warm)
	return round, latencies
}
