package main

import (
	"os"

	// Its init reserves huge pages for the heap of the process's start-up.
	"github.com/specgen/specgen/cmd/gen/internal/hugeheap"
)

// hugePages asks for transparent huge pages for the heap a run on spec is
// about to grow, where that is 8 MiB or more, on top of what the hugeheap
// package reserved at start-up (see there for why). Measured on a virtual
// machine against runs without any reserve (medians of 7-21 interleaved
// runs): telegram 235 to 170-200 ms, k8s-core-v1 650 to 432 ms, twilio 919
// to 637 ms, github 1,357 to 994 ms, peak memory the same within 1 MiB (7 MiB
// less on k8s). The start-up reserve then took spec/functions.yaml from 100
// to 85 ms and k8s-core-v1 from 411 to 378 ms. Counting it against a spec's
// own reserve made telegram 8% slower for 1.3 MiB less peak memory (216
// against 199 ms, 31 interleaved runs).
func hugePages(spec string) {
	if !hugeheap.Available() {
		return
	}
	fi, err := os.Stat(spec)
	if err != nil {
		return
	}
	if n := hugeReserve(fi.Size()); n >= 8<<20 {
		hugeheap.Reserve(n)
	}
}

// hugeReserve is about the heap a run on a spec of size bytes grows before
// it reuses memory it has freed, which hugePages reserves huge pages for. A
// spec of up to smallSpec is generated with the collector on, and its heap
// reaches some 90 times the spec: 64 times the spec (telegram: 24 MiB). A
// larger one is read with the collector off, allocating some 30 times the
// spec before its first collection: 32 times the spec, up to 256 MiB. A
// reserve that outgrows what the run touches costs peak memory, since a huge
// page is resident whole and a run allocates memory it never writes (the
// spare capacity of grown slices): twilio (1.9 MB) peaks at 113 MiB without
// huge pages, 113 with 60 MiB reserved and 120 with 120 MiB, for 919, 637
// and 509 ms.
func hugeReserve(size int64) int {
	if size > smallSpec {
		return int(min(32*size, 256<<20))
	}
	return int(64 * size)
}
