package allof

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzCodecs feeds arbitrary bytes to the generated decoder of every type:
// whatever one accepts must be JSON and, when it is valid, must encode with
// the generated encoder and decode again to a value that encodes to the
// same bytes. Crashers found by `go test -fuzz` are kept in testdata/fuzz/FuzzCodecs
// and replayed by every go test.
func FuzzCodecs(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `null`, `"x"`, `1.5`, `true`, `{"a":[1,{"b":null}],"c":"\u00e9"}`} {
		f.Add([]byte(s))
	}
	f.Add(zeroJSON[Audited]())
	f.Add(zeroJSON[Employee]())
	f.Add(zeroJSON[Person]())
	f.Fuzz(func(t *testing.T, data []byte) {
		codecRoundTrip[Audited](t, data)
		codecRoundTrip[Employee](t, data)
		codecRoundTrip[Person](t, data)
	})
}

// zeroJSON is the generated encoding of T's zero value, a seed that names
// its properties.
func zeroJSON[T any]() []byte {
	b, _ := json.Marshal(new(T))
	return b
}

func codecRoundTrip[T any, P interface {
	*T
	json.Unmarshaler
	json.Marshaler
}](t *testing.T, data []byte) {
	t.Helper()
	v := P(new(T))
	if v.UnmarshalJSON(data) != nil {
		return
	}
	if !json.Valid(data) {
		t.Fatalf("%T accepted invalid JSON %q", v, data)
	}
	if val, ok := any(v).(interface{ Validate() error }); ok && val.Validate() != nil {
		return // decoded to be reported by Validate; only valid values need round-trip
	}
	once, err := v.MarshalJSON()
	if err != nil {
		return // a value the encoder cannot write, as encoding/json cannot
	}
	again := P(new(T))
	if err := again.UnmarshalJSON(once); err != nil {
		t.Fatalf("%T cannot decode its own encoding %s (from %q): %v", v, once, data, err)
	}
	if twice, err := again.MarshalJSON(); err != nil || !bytes.Equal(twice, once) {
		t.Fatalf("%T: encoding not stable (from %q):\n%s\n%s (%v)", v, data, once, twice, err)
	}
}
