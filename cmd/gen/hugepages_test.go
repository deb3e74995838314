package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"testing"

	"github.com/specgen/specgen/cmd/gen/internal/hugeheap"
)

func TestHugeReserveFollowsTheSpec(t *testing.T) {
	for _, c := range []struct {
		size int64
		want int
	}{
		{100 << 10, 64 * 100 << 10},           // our spec: within the start-up reserve
		{372403, 64 * 372403},                 // telegram-bot.json
		{smallSpec, 64 * smallSpec},           // the largest spec collected throughout
		{smallSpec + 1, 32 * (smallSpec + 1)}, // read with the collector off
		{3719752, 32 * 3719752},               // github.json
		{16 << 20, 256 << 20},                 // capped
	} {
		if got := hugeReserve(c.size); got != c.want {
			t.Errorf("hugeReserve(%d) = %d, want %d", c.size, got, c.want)
		}
	}
}

// TestHugePagesTopUpTheStartUpReserve checks that a spec whose heap
// outgrows the start-up reserve gets a reserve of its own, and a small one
// none.
func TestHugePagesTopUpTheStartUpReserve(t *testing.T) {
	if !hugeheap.Available() {
		t.Skip("transparent huge pages are not given on request here")
	}
	for _, c := range []struct{ size, atLeast, atMost int }{
		{100 << 10, 0, 0},
		{1 << 20, 60 << 20, 64 << 20}, // 64 MiB, less up to 4 MiB of alignment
	} {
		spec := filepath.Join(t.TempDir(), "spec.json")
		if err := os.WriteFile(spec, make([]byte, c.size), 0o644); err != nil {
			t.Fatal(err)
		}
		before := hugeheap.Reserved()
		hugePages(spec)
		if got := hugeheap.Reserved() - before; got < c.atLeast || got > c.atMost {
			t.Errorf("a spec of %d bytes reserved %d bytes, want %d to %d", c.size, got, c.atLeast, c.atMost)
		}
	}
}

// TestHugeHeapInitRunsFirst checks that gen's start-up reserve is made
// before any package's init allocates much: by the runtime's own trace of
// the inits (GODEBUG=inittrace=1) of a gen binary.
func TestHugeHeapInitRunsFirst(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the reserve is Linux's")
	}
	if testing.Short() {
		t.Skip("builds gen")
	}
	bin := filepath.Join(t.TempDir(), "gen")
	if out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-h")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, _ := cmd.CombinedOutput()
	line := regexp.MustCompile(`^init (\S+) @\S+ ms, \S+ ms clock, (\d+) bytes`)
	seen := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		if m[1] == "github.com/specgen/specgen/cmd/gen/internal/hugeheap" {
			seen = true
			continue
		}
		if n, _ := strconv.Atoi(m[2]); n > 64<<10 && !seen {
			t.Errorf("%s's init allocates %d bytes before the huge-page reserve is made", m[1], n)
		}
	}
	if !seen {
		t.Fatalf("no init of hugeheap in the trace:\n%s", out)
	}
}
