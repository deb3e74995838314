package unions

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
	f.Add(fuzzcheck.ZeroJSON[AssetRef]())
	f.Add(fuzzcheck.ZeroJSON[BankTransfer]())
	f.Add(fuzzcheck.ZeroJSON[ByEmail]())
	f.Add(fuzzcheck.ZeroJSON[ByName]())
	f.Add(fuzzcheck.ZeroJSON[Card]())
	f.Add(fuzzcheck.ZeroJSON[Code]())
	f.Add(fuzzcheck.ZeroJSON[Contact]())
	f.Add(fuzzcheck.ZeroJSON[Method]())
	f.Add(fuzzcheck.ZeroJSON[Patch]())
	f.Add(fuzzcheck.ZeroJSON[Payment]())
	f.Add(fuzzcheck.ZeroJSON[PaymentNote]())
	f.Add(fuzzcheck.ZeroJSON[PaymentOrderID]())
	f.Add(fuzzcheck.ZeroJSON[Quantity]())
	f.Add(fuzzcheck.ZeroJSON[Reference]())
	f.Add(fuzzcheck.ZeroJSON[ReferenceVariant1]())
	f.Add(fuzzcheck.ZeroJSON[TagsPatch]())
	f.Add(fuzzcheck.ZeroJSON[TagsPatchVariant0]())
	f.Add(fuzzcheck.ZeroJSON[TagsPatchVariant1]())
	f.Add(fuzzcheck.ZeroJSON[Target]())
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzcheck.RoundTrip[AssetRef](t, data)
		fuzzcheck.RoundTrip[BankTransfer](t, data)
		fuzzcheck.RoundTrip[ByEmail](t, data)
		fuzzcheck.RoundTrip[ByName](t, data)
		fuzzcheck.RoundTrip[Card](t, data)
		fuzzcheck.RoundTrip[Code](t, data)
		fuzzcheck.RoundTrip[Contact](t, data)
		fuzzcheck.RoundTrip[Method](t, data)
		fuzzcheck.RoundTrip[Patch](t, data)
		fuzzcheck.RoundTrip[Payment](t, data)
		fuzzcheck.RoundTrip[PaymentNote](t, data)
		fuzzcheck.RoundTrip[PaymentOrderID](t, data)
		fuzzcheck.RoundTrip[Quantity](t, data)
		fuzzcheck.RoundTrip[Reference](t, data)
		fuzzcheck.RoundTrip[ReferenceVariant1](t, data)
		fuzzcheck.RoundTrip[TagsPatch](t, data)
		fuzzcheck.RoundTrip[TagsPatchVariant0](t, data)
		fuzzcheck.RoundTrip[TagsPatchVariant1](t, data)
		fuzzcheck.RoundTrip[Target](t, data)
	})
}
