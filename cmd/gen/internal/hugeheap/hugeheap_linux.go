// Package hugeheap puts the heap of the gen process on transparent huge
// pages, where the system gives them only to memory that asks for them (the
// "madvise" mode of /sys/kernel/mm/transparent_hugepage/enabled, the
// default of many distributions and virtual machines).
//
// A run of gen touches nearly all of its heap for the first time, and each
// fresh 4 KiB page costs a fault: on a virtual machine 16-56 µs, against
// about 0.3 µs a 4 KiB page when the kernel hands out 2 MiB at once. Go maps
// its heap as it grows and no longer asks for huge pages itself. Reserve
// allocates a block without touching it (memory fresh from the system needs
// no zeroing), advises it MADV_HUGEPAGE and frees it at once with a
// collection of the still small heap; the heap then grows into those pages.
//
// The package's init reserves startReserve, for what the process allocates
// before it knows its spec: kin-openapi's JSON Schema library compiles its
// meta-schemas in its own init (1.7 MB), and a small spec's whole run fits.
// To run before that init, this package imports only runtime, syscall and
// unsafe: Go initialises packages in the order of their import paths among
// those whose imports are initialised, and every package that allocates
// much at start-up waits for packages (os, regexp, ...) that sort after
// this one and wait for syscall themselves. gen's tests check the order.
//
// GODEBUG=disablethp=1, the Go runtime's own switch for keeping its heap
// off huge pages, turns it off.
package hugeheap

import (
	"runtime"
	"syscall"
	"unsafe"
)

// startReserve is what init reserves: the heap a run on a spec of up to
// some 200 kB reaches (spec/functions.yaml: about 12 MiB).
const startReserve = 16 << 20

const hugePage = 2 << 20

var (
	reserved  int
	available = thpOnRequest(readSys("/sys/kernel/mm/transparent_hugepage/enabled")) && !godebugDisablesTHP(getenv("GODEBUG"))
)

func init() {
	if available {
		Reserve(startReserve)
	}
}

// Available says whether asking for huge pages helps here: the kernel gives
// them on request, and GODEBUG does not keep the heap off them (as read at
// start-up).
func Available() bool { return available }

// Reserve advises huge pages for the next n bytes (rounded down to whole
// 2 MiB pages) the heap will grow into.
func Reserve(n int) {
	block := make([]byte, n)
	start := uintptr(unsafe.Pointer(unsafe.SliceData(block)))
	off := int(-start & (hugePage - 1)) // up to the first 2 MiB boundary
	if whole := (len(block) - off) &^ (hugePage - 1); whole > 0 {
		if syscall.Madvise(block[off:off+whole], syscall.MADV_HUGEPAGE) == nil {
			reserved += whole
		}
	}
	block = nil
	runtime.GC()
}

// Reserved is how much Reserve has advised so far.
func Reserved() int { return reserved }

// thpOnRequest says whether the kernel's transparent huge page setting (the
// mode in brackets) gives huge pages only to memory advised so. With
// "always" the heap has them already; with "never", or no such file, asking
// is useless.
func thpOnRequest(setting string) bool {
	return contains(setting, "[madvise]")
}

// godebugDisablesTHP says whether a GODEBUG value sets disablethp=1 (the
// last setting of a key wins, as in the runtime).
func godebugDisablesTHP(godebug string) bool {
	off := false
	for len(godebug) > 0 {
		kv := godebug
		if i := index(godebug, ","); i >= 0 {
			kv, godebug = godebug[:i], godebug[i+1:]
		} else {
			godebug = ""
		}
		kv = trimSpace(kv)
		if len(kv) > len("disablethp=") && kv[:len("disablethp=")] == "disablethp=" {
			off = kv[len("disablethp="):] == "1"
		}
	}
	return off
}

func getenv(key string) string {
	v, _ := syscall.Getenv(key)
	return v
}

// readSys returns a small system file's content, or "" when it cannot be
// read.
func readSys(path string) string {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return ""
	}
	defer syscall.Close(fd)
	var buf [256]byte
	n, err := syscall.Read(fd, buf[:])
	if err != nil || n < 0 {
		return ""
	}
	return string(buf[:n])
}

// The few string functions needed, written out so as to import nothing that
// would be initialised after kin-openapi's dependencies.

func index(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func contains(s, sub string) bool { return index(s, sub) >= 0 }

func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
