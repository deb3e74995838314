package main

import (
	"os"
	"runtime"
	"strings"
	"syscall"
	"unsafe"
)

// hugePages asks for transparent huge pages for the heap a run on spec is
// about to grow, where the system gives them only to memory that asks for
// them (the "madvise" mode, the default of many distributions and virtual
// machines).
//
// A run touches nearly all of its heap for the first time, and each fresh
// 4 KiB page costs a fault: on a virtual machine 16-56 µs, so telegram-bot.json
// (0.4 MB) spent 0.09-0.13 s of a 0.25-0.35 s run faulting its 12,000 pages in.
// A huge page is one fault for 2 MiB. Go maps its heap as it grows and no
// longer asks for huge pages itself, so hugePages allocates a block of the
// size the heap is expected to reach without touching it (memory fresh from
// the system needs no zeroing), asks for huge pages on it, and frees it at
// once with a collection of the still tiny heap: the run's heap then grows
// into those pages. Measured on such a machine against the run without it
// (medians of 7-21 interleaved runs): telegram 235 to 170-188 ms, k8s-core-v1
// 650 to 432 ms, twilio 919 to 637 ms, github 1,357 to 994 ms; peak memory
// the same within 1 MiB, and 7 MiB less on k8s.
//
// Specs too small for a reserve of 8 MiB are left alone: their heap is mostly
// runtime start-up, and the collection would cost more than it saves. So is a
// process told GODEBUG=disablethp=1, the Go runtime's own switch for keeping
// its heap off huge pages.
func hugePages(spec string) {
	if !thpOnRequest(readSys("/sys/kernel/mm/transparent_hugepage/enabled")) || godebugDisablesTHP(os.Getenv("GODEBUG")) {
		return
	}
	fi, err := os.Stat(spec)
	if err != nil {
		return
	}
	n := hugeReserve(fi.Size())
	if n == 0 {
		return
	}
	block := make([]byte, n)
	start := uintptr(unsafe.Pointer(unsafe.SliceData(block)))
	off := int(-start & (hugePage - 1)) // up to the first 2 MiB boundary
	if whole := (len(block) - off) &^ (hugePage - 1); whole > 0 {
		_ = syscall.Madvise(block[off:off+whole], syscall.MADV_HUGEPAGE)
	}
	block = nil
	runtime.GC()
}

const hugePage = 2 << 20

// hugeReserve is the block hugePages asks huge pages for on a spec of size
// bytes, 0 where it asks for none: about the heap a run grows before it
// reuses memory it has freed. A spec of up to smallSpec is generated with the
// collector on, and its heap reaches some 90 times the spec: 64 times the
// spec (telegram: 24 MiB). A larger one is read with the collector off,
// allocating some 30 times the spec before its first collection: 32 times
// the spec, up to 256 MiB. A reserve that outgrows what the run touches
// costs peak memory, since a huge page is resident whole: twilio (1.9 MB)
// peaks at 113 MiB without huge pages, 113 with 60 MiB reserved and 120 with
// 120 MiB, for 919, 637 and 509 ms. Below 8 MiB, nothing: such a heap is
// mostly the runtime's start-up, and the collection would cost more than the
// pages save.
func hugeReserve(size int64) int {
	n := 64 * size
	if size > smallSpec {
		n = min(32*size, 256<<20)
	}
	if n < 8<<20 {
		return 0
	}
	return int(n)
}

// thpOnRequest says whether the kernel's transparent huge page setting (the
// content of /sys/kernel/mm/transparent_hugepage/enabled, the mode in
// brackets) gives huge pages only to memory advised so. With "always" the
// heap has them already; with "never", or no such file, asking is useless.
func thpOnRequest(setting string) bool {
	return strings.Contains(setting, "[madvise]")
}

// godebugDisablesTHP says whether a GODEBUG value sets disablethp=1 (the
// last setting of a key wins, as in the runtime).
func godebugDisablesTHP(godebug string) bool {
	off := false
	for _, kv := range strings.Split(godebug, ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == "disablethp" {
			off = v == "1"
		}
	}
	return off
}

// readSys returns a small system file's content, or "" when it cannot be read.
func readSys(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}
