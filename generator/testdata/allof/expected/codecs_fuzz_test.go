package allof

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
	f.Add(fuzzcheck.ZeroJSON[Audited]())
	f.Add(fuzzcheck.ZeroJSON[Employee]())
	f.Add(fuzzcheck.ZeroJSON[Person]())
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzcheck.RoundTrip[Audited](t, data)
		fuzzcheck.RoundTrip[Employee](t, data)
		fuzzcheck.RoundTrip[Person](t, data)
	})
}
