package discriminator

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
	f.Add(fuzzcheck.ZeroJSON[Cat]())
	f.Add(fuzzcheck.ZeroJSON[Dog]())
	f.Add(fuzzcheck.ZeroJSON[Lizard]())
	f.Add(fuzzcheck.ZeroJSON[Pet]())
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzcheck.RoundTrip[Cat](t, data)
		fuzzcheck.RoundTrip[Dog](t, data)
		fuzzcheck.RoundTrip[Lizard](t, data)
		fuzzcheck.RoundTrip[Pet](t, data)
	})
}
