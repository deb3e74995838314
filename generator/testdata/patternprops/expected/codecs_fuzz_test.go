package patternprops

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
	f.Add(fuzzcheck.ZeroJSON[Extensible]())
	f.Add(fuzzcheck.ZeroJSON[Label]())
	f.Add(fuzzcheck.ZeroJSON[Labels]())
	f.Add(fuzzcheck.ZeroJSON[Metrics]())
	f.Add(fuzzcheck.ZeroJSON[Thing]())
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzcheck.RoundTrip[Extensible](t, data)
		fuzzcheck.RoundTrip[Label](t, data)
		fuzzcheck.RoundTrip[Labels](t, data)
		fuzzcheck.RoundTrip[Metrics](t, data)
		fuzzcheck.RoundTrip[Thing](t, data)
	})
}
