// Package fuzzcheck holds the property the codec fuzz tests of the golden
// packages share.
package fuzzcheck

import (
	"bytes"
	"encoding/json"
	"testing"
)

// Seeds are JSON documents of every kind, for the fuzzer to start from.
var Seeds = []string{`{}`, `[]`, `null`, `"x"`, `1.5`, `true`, `{"a":[1,{"b":null}],"c":"\u00e9"}`}

// ZeroJSON is the encoding of T's zero value, a seed that names its
// properties.
func ZeroJSON[T any]() []byte {
	b, _ := json.Marshal(new(T))
	return b
}

// RoundTrip decodes data into a new T: whatever the decoder accepts must be
// JSON, must encode to JSON even when it is not valid (a union's value of
// no variant is written back as it came), and, when it is valid, must
// encode and decode again to a value that encodes to the same bytes.
func RoundTrip[T any, P interface {
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
	once, err := v.MarshalJSON()
	if err != nil {
		return // a value the encoder cannot write, as encoding/json cannot
	}
	if !json.Valid(once) {
		t.Fatalf("%T wrote invalid JSON %q (from %q)", v, once, data)
	}
	if val, ok := any(v).(interface{ Validate() error }); ok && val.Validate() != nil {
		return // decoded to be reported by Validate; only valid values need round-trip
	}
	again := P(new(T))
	if err := again.UnmarshalJSON(once); err != nil {
		t.Fatalf("%T cannot decode its own encoding %s (from %q): %v", v, once, data, err)
	}
	if twice, err := again.MarshalJSON(); err != nil || !bytes.Equal(twice, once) {
		t.Fatalf("%T: encoding not stable (from %q):\n%s\n%s (%v)", v, data, once, twice, err)
	}
}
