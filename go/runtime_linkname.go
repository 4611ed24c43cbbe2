package main

// The runtime's own syscall entry and exit, reached as gVisor reaches them
// (go:linkname; the runtime keeps these names for it, see go.dev/issue/67401),
// and its clock, which may be read between them. Each is called through a
// nosplit wrapper, as gVisor does: entersyscall records its caller's stack
// pointer and exitsyscall checks its own caller's against it, so both must
// be called from frames at the same depth (never inlined, so that the
// compiler cannot inline one and not the other), and nothing between them
// may grow the stack.

import (
	"syscall"
	"unsafe" // also what go:linkname needs
)

//go:linkname entersyscall runtime.entersyscall
func entersyscall()

//go:linkname entersyscallblock runtime.entersyscallblock
func entersyscallblock()

//go:linkname exitsyscall runtime.exitsyscall
func exitsyscall()

//go:linkname nanotime runtime.nanotime
func nanotime() int64

//go:nosplit
//go:noinline
func callEntersyscall() { entersyscall() }

//go:nosplit
//go:noinline
func callEntersyscallblock() { entersyscallblock() }

//go:nosplit
//go:noinline
func callExitsyscall() { exitsyscall() }

// The three ways schedcost's syscall/* strategies emulate, around one
// nanosleep. Each returns its entry (clock before the runtime is told →
// clock as the syscall is issued) and exit (clock as it returned → clock
// once the goroutine may run Go code again, a P held) in ns. The clock
// readings are alike in all three.

// heldNanosleep keeps the P through the sleep (syscall.RawSyscall): entry
// and exit are two back-to-back clock readings.
//
//go:nosplit
func heldNanosleep(ts *syscall.Timespec) (entryNs, exitNs int64) {
	t0 := nanotime()
	t1 := nanotime()
	rawSleep(ts)
	t2 := nanotime()
	t3 := nanotime()
	return t1 - t0, t3 - t2
}

// lazyNanosleep is syscall.Syscall's path: entersyscall leaves the P in
// the syscall state for sysmon to retake, exitsyscall takes it back or
// waits for one.
//
// It and handoffNanosleep differ only in the function that enters. Each
// calls both wrappers directly: through a func value the linker could not
// follow the nosplit chain.
//
//go:nosplit
func lazyNanosleep(ts *syscall.Timespec) (entryNs, exitNs int64) {
	t0 := nanotime()
	callEntersyscall()
	t1 := nanotime()
	rawSleep(ts)
	t2 := nanotime()
	callExitsyscall()
	t3 := nanotime()
	return t1 - t0, t3 - t2
}

// handoffNanosleep hands the P off before the call (entersyscallblock:
// handoffp, which starts another thread with a futex wake when goroutines
// are waiting), and acquires one after it (exitsyscall).
//
//go:nosplit
func handoffNanosleep(ts *syscall.Timespec) (entryNs, exitNs int64) {
	t0 := nanotime()
	callEntersyscallblock()
	t1 := nanotime()
	rawSleep(ts)
	t2 := nanotime()
	callExitsyscall()
	t3 := nanotime()
	return t1 - t0, t3 - t2
}

//go:nosplit
func rawSleep(ts *syscall.Timespec) {
	for {
		_, _, e := syscall.RawSyscall(syscall.SYS_NANOSLEEP, uintptr(unsafe.Pointer(ts)), uintptr(unsafe.Pointer(ts)), 0)
		if e != syscall.EINTR {
			return
		}
	}
}
