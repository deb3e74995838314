package runtime

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

// jsonOf is what encoding/json writes for v, with or without HTML escaping.
func jsonOf(t *testing.T, v any, html bool) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(html)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// Every byte and a spread of runes, valid and not, escape as encoding/json
// escapes them, with and without HTML escaping.
func TestStringsEscapeLikeEncodingJSON(t *testing.T) {
	var cases []string
	for b := range 256 {
		cases = append(cases, string([]byte{'a', byte(b), 'z'}))
	}
	for _, r := range []rune{0x7f, 0x80, 0x7ff, 0x800, 0x2028, 0x2029, 0xfffd, 0xffff, 0x10000, 0x10ffff} {
		cases = append(cases, "x"+string(r)+"y")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		cases = append(cases, string(b))
	}
	for _, html := range []bool{true, false} {
		for _, s := range cases {
			e := jsonEncoder{html: html}
			e.str(s)
			if got, want := string(e.b), jsonOf(t, s, html); got != want {
				t.Fatalf("html=%v %q: got %s, want %s", html, s, got, want)
			}
		}
	}
}

// Numbers are written in encoding/json's form at both sizes; NaN and the
// infinities fail the encoding.
func TestNumbersLikeEncodingJSON(t *testing.T) {
	vals := []float64{0, 1, -1, 0.1, 1e20, 1e21, -1e21, 1e-6, 1e-7, 5e-324, math.MaxFloat64, math.MaxFloat32, 1.0000001, 123456789.125}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		vals = append(vals, math.Float64frombits(rng.Uint64()))
	}
	for _, f := range vals {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		e := jsonEncoder{}
		e.float(f, 64)
		if got, want := string(e.b), jsonOf(t, f, true); got != want {
			t.Fatalf("float64 %v: got %s, want %s", f, got, want)
		}
		f32 := float32(f)
		if math.IsInf(float64(f32), 0) {
			continue
		}
		e = jsonEncoder{}
		e.float(float64(f32), 32)
		if got, want := string(e.b), jsonOf(t, f32, true); got != want {
			t.Fatalf("float32 %v: got %s, want %s", f32, got, want)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		e := jsonEncoder{}
		e.float(f, 64)
		if e.err == nil {
			t.Errorf("%v encoded without error", f)
		}
	}
	e := jsonEncoder{}
	e.int(math.MinInt64)
	if string(e.b) != "-9223372036854775808" {
		t.Errorf("int: %s", e.b)
	}
}

// Lists and maps: nil is null, keys are sorted, as encoding/json writes them.
func TestListsAndMapsLikeEncodingJSON(t *testing.T) {
	type name string
	for _, tc := range []struct {
		write func(e *jsonEncoder)
		v     any
	}{
		{func(e *jsonEncoder) { encodeStrings(e, []name(nil)) }, []name(nil)},
		{func(e *jsonEncoder) { encodeStrings(e, []name{"b", "<a>"}) }, []name{"b", "<a>"}},
		{func(e *jsonEncoder) { encodeInts(e, []int32{}) }, []int32{}},
		{func(e *jsonEncoder) { encodeInts(e, []int64{-1, 1 << 60}) }, []int64{-1, 1 << 60}},
		{func(e *jsonEncoder) { encodeBools(e, []bool{true, false}) }, []bool{true, false}},
		{func(e *jsonEncoder) { encodeStringsMap(e, map[string]name{"z": "1", "a": "2", "é": "3"}) }, map[string]name{"z": "1", "a": "2", "é": "3"}},
		{func(e *jsonEncoder) { encodeStringsMap(e, map[string]name(nil)) }, map[string]name(nil)},
		{func(e *jsonEncoder) { encodeIntsMap(e, map[string]int64{"b": 2, "a": 1}) }, map[string]int64{"b": 2, "a": 1}},
		{func(e *jsonEncoder) { encodeBoolsMap(e, map[string]bool{}) }, map[string]bool{}},
		{func(e *jsonEncoder) { e.value(map[string]any{"x": []any{1.5, "<", nil}}) }, map[string]any{"x": []any{1.5, "<", nil}}},
	} {
		e := jsonEncoder{html: true}
		tc.write(&e)
		if got, want := string(e.b), jsonOf(t, tc.v, true); got != want {
			t.Errorf("%#v: got %s, want %s", tc.v, got, want)
		}
	}
}

type emptyObject struct{}

func (*emptyObject) encodeJSON(e *jsonEncoder) { e.b = append(e.b, "{}"...) }

// optObj writes a property's key and the object, with the comma that end
// turns into the opening brace, or nothing for a nil pointer.
func TestOptObj(t *testing.T) {
	var e jsonEncoder
	start := e.object()
	optObj(&e, `"a":`, new(emptyObject))
	optObj(&e, `"x":`, (*emptyObject)(nil))
	optObj(&e, `"b":`, new(emptyObject))
	e.end(start)
	if got := string(e.b); got != `{"a":{},"b":{}}` {
		t.Errorf("got %s, want {\"a\":{},\"b\":{}}", got)
	}
}
