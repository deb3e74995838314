package tuples

import (
	"testing"

	"github.com/specgen/specgen/generator/testdata/fuzzcheck"
)

// FuzzCodecs feeds arbitrary bytes to the generated decoder of every type
// (see fuzzcheck.RoundTrip). Crashers found by `go test -fuzz` are kept in
// testdata/fuzz/FuzzCodecs and replayed by every go test.
func FuzzCodecs(f *testing.F) {
	for _, s := range fuzzcheck.Seeds {
		f.Add([]byte(s))
	}
	f.Add(fuzzcheck.ZeroJSON[Loose]())
	f.Add(fuzzcheck.ZeroJSON[Point]())
	f.Add(fuzzcheck.ZeroJSON[Reading]())
	f.Add(fuzzcheck.ZeroJSON[Row]())
	f.Add(fuzzcheck.ZeroJSON[Shape]())
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzcheck.RoundTrip[Loose](t, data)
		fuzzcheck.RoundTrip[Point](t, data)
		fuzzcheck.RoundTrip[Reading](t, data)
		fuzzcheck.RoundTrip[Row](t, data)
		fuzzcheck.RoundTrip[Shape](t, data)
	})
}
