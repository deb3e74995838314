package nullable

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
	f.Add(fuzzcheck.ZeroJSON[Pet]())
	f.Add(fuzzcheck.ZeroJSON[PetsByName]())
	f.Add(fuzzcheck.ZeroJSON[Profile]())
	f.Add(fuzzcheck.ZeroJSON[ProfileAddress]())
	f.Add(fuzzcheck.ZeroJSON[Readings]())
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzcheck.RoundTrip[Pet](t, data)
		fuzzcheck.RoundTrip[PetsByName](t, data)
		fuzzcheck.RoundTrip[Profile](t, data)
		fuzzcheck.RoundTrip[ProfileAddress](t, data)
		fuzzcheck.RoundTrip[Readings](t, data)
	})
}
