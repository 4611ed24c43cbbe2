package main

// The few Linux calls the measurements need, made directly: the clock,
// CPU affinity, getcpu, timer slack and nanosleep. RawSyscall never enters
// the scheduler (no entersyscall): the calling goroutine keeps its P and its
// thread, which is what the idle gaps and the RawSyscall measurements rely on.

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

const (
	prSetTimerSlack = 29
	prGetTimerSlack = 30
)

var clockBase = time.Now()

// now reads the monotonic clock (time.Now's monotonic reading, which every
// thread shares: CLOCK_MONOTONIC through the vDSO) in ns since the start.
func now() int64 { return int64(time.Since(clockBase)) }

// getcpu is the CPU the calling thread runs on, or -1 when unknown.
func getcpu() int32 {
	if sysGetcpu == 0 {
		return -1
	}
	var cpu uint32
	if _, _, e := syscall.RawSyscall(sysGetcpu, uintptr(unsafe.Pointer(&cpu)), 0, 0); e != 0 {
		return -1
	}
	return int32(cpu)
}

type cpuMask [16]uint64 // 1024 CPUs

func maskOf(cpus []int) (m cpuMask) {
	for _, c := range cpus {
		m[c/64] |= 1 << (uint(c) % 64)
	}
	return m
}

// setAffinity pins one thread (0: the calling thread) to cpus.
func setAffinity(tid int, cpus []int) error {
	m := maskOf(cpus)
	_, _, e := syscall.RawSyscall(syscall.SYS_SCHED_SETAFFINITY, uintptr(tid), unsafe.Sizeof(m), uintptr(unsafe.Pointer(&m)))
	if e != 0 {
		return e
	}
	return nil
}

// allowedCpus is the calling thread's affinity, ascending.
func allowedCpus() ([]int, error) {
	var m cpuMask
	_, _, e := syscall.RawSyscall(syscall.SYS_SCHED_GETAFFINITY, 0, unsafe.Sizeof(m), uintptr(unsafe.Pointer(&m)))
	if e != 0 {
		return nil, e
	}
	var cpus []int
	for i := range m {
		for b := 0; b < 64; b++ {
			if m[i]&(1<<uint(b)) != 0 {
				cpus = append(cpus, i*64+b)
			}
		}
	}
	return cpus, nil
}

// pinAllThreads sets the affinity of every thread of the process but the
// excepted ones. Threads the runtime starts later inherit it from the thread
// that creates them, so callers apply it again once a round has warmed up.
func pinAllThreads(cpus []int, except ...int) {
	entries, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return
	}
	for _, e := range entries {
		tid, err := strconv.Atoi(e.Name())
		if err != nil || contains(except, tid) {
			continue
		}
		_ = setAffinity(tid, cpus) // fails only for a thread that just exited

	}
}

// voluntarySwitches sums voluntary_ctxt_switches over every thread of the
// process (/proc/self/task/*/status): each is a thread that blocked, a round
// of scheduling. A thread that exits between two readings takes its count
// with it; the runtime's threads do not exit while a round runs.
func voluntarySwitches() int64 {
	entries, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return 0
	}
	var total int64
	for _, e := range entries {
		data, err := os.ReadFile("/proc/self/task/" + e.Name() + "/status")
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			const key = "voluntary_ctxt_switches:"
			if strings.HasPrefix(line, key) {
				n, _ := strconv.ParseInt(strings.TrimSpace(line[len(key):]), 10, 64)
				total += n
			}
		}
	}
	return total
}

func contains(values []int, v int) bool {
	for _, x := range values {
		if x == v {
			return true
		}
	}
	return false
}

func timerSlack() uintptr {
	slack, _, _ := syscall.RawSyscall(syscall.SYS_PRCTL, prGetTimerSlack, 0, 0)
	return slack
}

func setTimerSlack(ns uintptr) {
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, prSetTimerSlack, ns, 0)
}

// rawNanosleep blocks the thread in the kernel without telling the
// scheduler: the goroutine keeps its P throughout (RawSyscall).
func rawNanosleep(ns int64) {
	ts := syscall.NsecToTimespec(ns)
	rawSleep(&ts)
}

// syscallNanosleep is the same sleep through syscall.Syscall: entersyscall
// marks the P as in a syscall, sysmon may retake it, exitsyscall gets one
// back (waiting for it when it was taken and none is idle).
func syscallNanosleep(ns int64) {
	ts := syscall.NsecToTimespec(ns)
	for syscall.Nanosleep(&ts, &ts) == syscall.EINTR {
	}
}

// idleGap sleeps ns on this thread with 1 ns timer slack, as the
// emulations' wakers do, and puts the thread's slack back: the runtime's own
// short sleeps (sysmon's tick, a stealer's usleep(3)) keep the default. The
// goroutine keeps its P (RawSyscall), so nothing else runs meanwhile; the
// sleep is what idles the CPU before a wake.
func idleGap(ns int64) {
	old := timerSlack()
	setTimerSlack(1)
	rawNanosleep(ns)
	setTimerSlack(old)
}

// sendToParked sends the clock reading to a receiver already parked on ch
// (unbuffered) and returns it. A plain send would, were the receiver late
// to block (its thread preempted for longer than the idle gap), park the
// sender and hand the value over without waking anyone: not the wake
// measured. A non-blocking send takes the same path as a blocking one when
// a receiver waits (goready).
func sendToParked(ch chan int64) int64 {
	for {
		start := now()
		select {
		case ch <- start:
			return start
		default:
		}
	}
}
