package main

// Channel wake latency: the real runtime's wake paths, beside schedcost's
// emulated wake/* strategies.
//
// One sample: the receiver announces that it is about to block and blocks
// in a receive on an unbuffered channel; the sender waits a random idle gap
// (gapMinNs..gapMaxNs, slept on its thread with 1 ns timer slack, as the
// emulations' wakers sleep), reads the clock and sends that reading; the
// receiver reads the clock on return from the receive. The sample is the
// difference: sender's clock just before the send → receiver's clock after
// the receive (the emulations' wakeToRun).
//
// A send to a parked receiver hands the value over and readies the
// receiver (goready): it goes to the runnext slot of the sender's P, and
// wakep wakes an idle P's thread if there is one. What happens next is the
// runtime path being measured:
//
//   receiver unlocked: the receiver runs on the sender's P once the sender
//     parks or its slice ends (T migrated to the waker's thread, as in
//     wake/unlocked), unless at GOMAXPROCS 2 the idle P's thread, woken by
//     wakep, steals it from runnext first (it waits usleep(3) before taking a
//     running P's runnext), as wake/unlocked's idle worker steals T.
//   receiver locked (runtime.LockOSThread, its thread pinned to T's home
//     CPU): whichever thread's scheduler picks the receiver cannot run it; it
//     hands its P to the receiver's thread with a futex wake (startlockedm)
//     and parks. When the sender parks at once, its own thread is that
//     scheduler: one futex wake, issued only after the sender's park and a
//     pass of schedule() (wake/locked's hop 2, with hop 1 replaced by the
//     waker's own park; in wake count it is wake/dedicated's single wake).
//   both locked (the sender's thread pinned to the waker's CPU too): a
//     parking locked sender cannot run anything either; it hands its P to an
//     idle thread (futex wake, hop 1), whose scheduler finds the receiver
//     locked and hands the P on to the receiver's thread (hop 2): wake/locked
//     with the scheduler thread on the waker's CPU.
//
// The waker either parks right after the send (its next step is to wait for
// the receiver's next announcement) or keeps running for a slice (sliceNs,
// busy on the CPU, like wake/unlocked's sliceNs) first.

import (
	"math/rand"
	"runtime"
	"sync"
	"syscall"
)

type wakeConfig struct {
	Receiver   string `json:"receiver"` // unlocked, locked, bothLocked
	Waker      string `json:"waker"`    // parks, busy
	SliceNs    int64  `json:"sliceNs"`
	Gomaxprocs int    `json:"gomaxprocs"`
}

type wakeRound struct {
	Latency Summary `json:"latency"`
	IdleGap Summary `json:"idleGap"`
	// Samples in which the receiver ran on the CPU the sender sent from.
	RanOnWakerCPU int `json:"ranOnWakerCpu"`
	// CPUs the receiver ran on, by CPU number (as text, for JSON).
	ReceiverCPUs map[string]int `json:"receiverCpus"`
	// Voluntary context switches of all the process's threads over the kept
	// samples: the rounds of scheduling the wakes took (the sender's idle-gap
	// sleep is one per sample, in every configuration).
	VoluntarySwitches int64 `json:"voluntarySwitches"`
}

type wakeResult struct {
	wakeConfig
	Rounds []wakeRound `json:"rounds"`
	Pooled Summary     `json:"pooled"`
}

func wakeConfigs(slice int64, twoCPUs bool) (configs []wakeConfig, skipped []skip) {
	for _, procs := range []int{1, 2} {
		for _, receiver := range []string{"unlocked", "locked", "bothLocked"} {
			for _, waker := range []string{"parks", "busy"} {
				cfg := wakeConfig{Receiver: receiver, Waker: waker, Gomaxprocs: procs}
				if waker == "busy" {
					cfg.SliceNs = slice
				}
				if !twoCPUs && (procs > 1 || receiver != "unlocked") {
					needs := "locked-receiver"
					if procs > 1 {
						needs = "second-p"
					}
					skipped = append(skipped, skip{
						What:  "chan wake, receiver " + receiver + ", waker " + waker + ", GOMAXPROCS " + itoa(procs),
						Needs: needs,
					})
					continue
				}
				configs = append(configs, cfg)
			}
		}
	}
	return configs, skipped
}

// runWakeRound measures warmup+samples wakes of one configuration and keeps
// the last samples. cpus[0] is the waker's CPU, cpus[1] (when present) T's.
func runWakeRound(cfg wakeConfig, p *params, rng *rand.Rand) (wakeRound, []int64) {
	runtime.GOMAXPROCS(cfg.Gomaxprocs)
	floating := p.CPUs[:1] // at GOMAXPROCS 1 every unlocked thread runs on the waker's CPU
	if cfg.Gomaxprocs > 1 {
		floating = p.CPUs
	}
	pinAllThreads(floating)
	total := p.WakeWarmup + p.WakeSamples
	gaps := make([]int64, total)
	for i := range gaps {
		gaps[i] = p.GapMinNs + rng.Int63n(p.GapMaxNs-p.GapMinNs+1)
	}
	latency := make([]int64, total)
	idle := make([]int64, total)
	receiverCPU := make([]int32, total)
	senderCPU := make([]int32, total)
	ch := make(chan int64)    // the wake: unbuffered, the receiver is parked in it
	ready := make(chan int64) // the receiver's "about to block", with its clock
	// Threads pinned apart from the rest: re-pinning the others skips them.
	// Each is written before the channel operation that orders it before the
	// sender's read.
	receiverTid, senderTid := -1, -1
	var switchesAtWarmup int64
	// A locked goroutine's thread ends with it, taking its switch count along:
	// both stay until the last reading (loops done, then finish closed).
	var wg, loops sync.WaitGroup
	finish := make(chan struct{})
	wg.Add(2)
	loops.Add(2)
	go func() {
		defer wg.Done()
		if cfg.Receiver != "unlocked" {
			// Exits locked: the runtime ends the thread with the goroutine, so
			// no pinned thread is left behind for the next configuration.
			runtime.LockOSThread()
			_ = setAffinity(0, p.CPUs[1:2])
			receiverTid = syscall.Gettid()
		}
		for i := 0; i < total; i++ {
			ready <- now()
			sent := <-ch
			ran := now()
			latency[i] = ran - sent
			receiverCPU[i] = getcpu()
		}
		loops.Done()
		<-finish
	}()
	go func() {
		defer wg.Done()
		if cfg.Receiver == "bothLocked" {
			runtime.LockOSThread()
			_ = setAffinity(0, p.CPUs[:1])
			senderTid = syscall.Gettid()
		}
		for i := 0; i < total; i++ {
			if i == p.WakeWarmup {
				// Before the announcement is taken: outside the first kept sample's idle gap.
				pinAllThreads(floating, receiverTid, senderTid) // threads started during the warm-up
				switchesAtWarmup = voluntarySwitches()
			}
			blockedAt := <-ready // parks here: "the waker parks right after the send"
			idleGap(gaps[i])
			senderCPU[i] = getcpu()
			start := sendToParked(ch)
			idle[i] = start - blockedAt
			if cfg.SliceNs > 0 {
				for now()-start < cfg.SliceNs {
				}
			}
		}
		loops.Done()
		<-finish
	}()
	loops.Wait()
	switches := voluntarySwitches() - switchesAtWarmup
	close(finish)
	wg.Wait()
	kept := latency[p.WakeWarmup:]
	round := wakeRound{
		Latency:           summarize(kept),
		IdleGap:           summarize(idle[p.WakeWarmup:]),
		ReceiverCPUs:      map[string]int{},
		VoluntarySwitches: switches,
	}
	for i := p.WakeWarmup; i < total; i++ {
		if receiverCPU[i] >= 0 && receiverCPU[i] == senderCPU[i] {
			round.RanOnWakerCPU++
		}
		round.ReceiverCPUs[itoa(int(receiverCPU[i]))]++
	}
	return round, kept
}
