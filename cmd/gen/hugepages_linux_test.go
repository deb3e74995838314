package main

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

func TestHugeReserveFollowsTheSpec(t *testing.T) {
	for _, c := range []struct {
		size int64
		want int
	}{
		{100 << 10, 0},              // our spec: below the 8 MiB reserve
		{128 << 10, 8 << 20},        // the smallest spec given a reserve
		{372403, 64 * 372403},       // telegram-bot.json
		{smallSpec, 64 * smallSpec}, // the largest spec collected throughout
		{smallSpec + 1, 32 * (smallSpec + 1)},
		{3719752, 32 * 3719752}, // github.json
		{16 << 20, 256 << 20},   // capped
	} {
		if got := hugeReserve(c.size); got != c.want {
			t.Errorf("hugeReserve(%d) = %d, want %d", c.size, got, c.want)
		}
	}
}

func TestTHPSettings(t *testing.T) {
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
	} {
		if got := godebugDisablesTHP(godebug); got != want {
			t.Errorf("godebugDisablesTHP(%q) = %v, want %v", godebug, got, want)
		}
	}
}

// TestHugePagesReachTheHeap checks that the heap a run grows after
// hugePages lies in memory advised for huge pages (VmFlags "hg" in
// /proc/self/smaps), where the system gives them on request.
func TestHugePagesReachTheHeap(t *testing.T) {
	if !thpOnRequest(readSys("/sys/kernel/mm/transparent_hugepage/enabled")) {
		t.Skip("transparent huge pages are not in madvise mode here")
	}
	if godebugDisablesTHP(os.Getenv("GODEBUG")) {
		t.Skip("GODEBUG disables huge pages")
	}
	spec := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(spec, make([]byte, 1<<20), 0o644); err != nil { // 64 MiB reserved
		t.Fatal(err)
	}
	hugePages(spec)
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
		if lo, hi, ok := strings.Cut(strings.Fields(line + " ")[0], "-"); ok && !strings.HasSuffix(strings.Fields(line)[0], ":") {
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
