//go:build linux

package hugeheap

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

func TestSettings(t *testing.T) {
	for setting, want := range map[string]bool{
		"always [madvise] never\n": true,
		"[always] madvise never\n": false,
		"always madvise [never]\n": false,
		"":                         false,
	} {
		if got := thpOnRequest(setting); got != want {
			t.Errorf("thpOnRequest(%q) = %v, want %v", setting, got, want)
		}
	}
	for godebug, want := range map[string]bool{
		"":                             false,
		"disablethp=1":                 true,
		"gctrace=1, disablethp=1":      true,
		"disablethp=1,disablethp=0":    false,
		"disablethp=0":                 false,
		"xdisablethp=1,madvdontneed=1": false,
		"disablethp=10":                false,
	} {
		if got := godebugDisablesTHP(godebug); got != want {
			t.Errorf("godebugDisablesTHP(%q) = %v, want %v", godebug, got, want)
		}
	}
}

// TestReserveAdvisesTheHeap checks that the heap grown after Reserve lies
// in memory advised for huge pages (VmFlags "hg" in /proc/self/smaps).
func TestReserveAdvisesTheHeap(t *testing.T) {
	if !Available() {
		t.Skip("transparent huge pages are not given on request here")
	}
	before := Reserved()
	Reserve(64 << 20)
	if got := Reserved() - before; got < 62<<20 {
		t.Errorf("Reserve(64 MiB) advised %d bytes", got)
	}
	// The heap grown next: 16 MiB, probed every MiB (its first pages may
	// take free memory just below the reserve).
	heap := make([]byte, 16<<20)
	start := uint64(uintptr(unsafe.Pointer(unsafe.SliceData(heap))))
	advised := 0
	var last string
	for off := uint64(0); off < 16<<20; off += 1 << 20 {
		flags, ok := vmFlags(t, start+off)
		if !ok {
			t.Fatalf("no mapping holds %#x", start+off)
		}
		if strings.Contains(" "+flags+" ", " hg ") {
			advised++
		} else {
			last = flags
		}
	}
	runtime.KeepAlive(heap)
	if advised < 12 {
		t.Errorf("%d of 16 MiB of the heap at %#x are advised for huge pages; one that is not has VmFlags %s", advised, start, last)
	}
}

// vmFlags returns the VmFlags of the mapping of this process that holds addr.
func vmFlags(t *testing.T, addr uint64) (string, bool) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if lo, hi, ok := strings.Cut(fields[0], "-"); ok && !strings.HasSuffix(fields[0], ":") {
			l, err1 := strconv.ParseUint(lo, 16, 64)
			h, err2 := strconv.ParseUint(hi, 16, 64)
			in = err1 == nil && err2 == nil && l <= addr && addr < h
			continue
		}
		if in {
			if v, ok := strings.CutPrefix(line, "VmFlags:"); ok {
				return strings.TrimSpace(v), true
			}
		}
	}
	return "", false
}
