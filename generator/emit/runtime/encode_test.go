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

// account is written as the generator writes an object with a readOnly id
// and score and a writeOnly secret.
type account struct {
	ID     *string  `json:"id,omitempty"`
	Secret *string  `json:"secret,omitempty"`
	Name   string   `json:"name"`
	Score  *float64 `json:"score,omitempty"`
}

func (v *account) encodeJSON(e *jsonEncoder) {
	start := e.object()
	optStr(e.readOnly(), `"id":`, v.ID)
	optStr(e.writeOnly(), `"secret":`, v.Secret)
	e.strField(`"name":`, v.Name)
	optFloat(e.readOnly(), `"score":`, v.Score, 64)
	e.end(start)
}

func (v account) MarshalJSON() ([]byte, error) { return marshalJSON(&v) }

func newAccount(n string) account {
	return account{ID: &n, Secret: new("s<" + n), Name: "<" + n + ">", Score: new(1.5)}
}

// A request leaves readOnly properties out, a response writeOnly ones;
// MarshalJSON (dirAny) writes both. What is left out cannot fail the
// encoding.
func TestDirectionLeavesPropertiesOut(t *testing.T) {
	a := newAccount("a")
	for _, tc := range []struct {
		dir  direction
		want string
	}{
		{dirAny, `{"id":"a","secret":"s<a","name":"<a>","score":1.5}`},
		{dirRequest, `{"secret":"s<a","name":"<a>"}`},
		{dirResponse, `{"id":"a","name":"<a>","score":1.5}`},
	} {
		got, err := appendJSON(nil, &a, false, tc.dir)
		if err != nil || string(got) != tc.want {
			t.Errorf("dir %d: got %s, %v, want %s", tc.dir, got, err, tc.want)
		}
	}
	if b, err := json.Marshal(a); err != nil || string(b) != `{"id":"a","secret":"s\u003ca","name":"\u003ca\u003e","score":1.5}` {
		t.Errorf("json.Marshal: %s, %v", b, err)
	}
	// A NaN in a property left out is not written and fails nothing; in a
	// response, where it is written, it fails the encoding.
	nan := account{ID: new("x"), Score: new(math.NaN())}
	if got, err := appendJSON(nil, &nan, false, dirRequest); err != nil || string(got) != `{"name":""}` {
		t.Errorf("request: got %s, %v", got, err)
	}
	if _, err := appendJSON(nil, &nan, false, dirResponse); err == nil {
		t.Error("a NaN score in a response encoded without error")
	}
	// What is left out is written after the end of the buffer, where what
	// follows overwrites it, and costs no allocation when the buffer has room.
	for _, room := range []int{0, 8, 256} {
		if got, err := appendJSON(make([]byte, 0, room), mixed{}, true, dirRequest); err != nil || string(got) != `{"a":"1","c":"3"}` {
			t.Errorf("room %d: got %s, %v", room, got, err)
		}
	}
	buf := make([]byte, 0, 256)
	all := testing.AllocsPerRun(100, func() { appendJSON(buf, mixed{}, true, dirAny) })
	if n := testing.AllocsPerRun(100, func() { appendJSON(buf, mixed{}, true, dirRequest) }); n != all {
		t.Errorf("%v allocations leaving a property out, %v writing it", n, all)
	}
}

// mixed has a readOnly property between two others.
type mixed struct{}

func (mixed) encodeJSON(e *jsonEncoder) {
	start := e.object()
	e.strField(`"a":`, "1")
	optStr(e.readOnly(), `"b":`, new("a value longer than what follows it"))
	e.strField(`"c":`, "3")
	e.end(start)
}

// walk writes lists and maps of objects as encoding/json does, but each
// object with its encoder, which leaves out what the direction says.
func TestWalk(t *testing.T) {
	a, b := newAccount("a"), newAccount("b")
	type named []account
	vals := []any{
		nil,
		[]account(nil),
		[]account{},
		[]account{a, b},
		&[]account{a},
		named{a},
		&named{b},
		[]*account{&a, nil, &b},
		[][]account{{a}, nil, {}},
		[2]account{a, b},
		map[string]account{"z": a, "<a>": b},
		map[string][]*account{"k": {nil, &a}, "j": nil},
		map[string]account(nil),
		new(*[]account),
		[]struct{ X account }{{a}},
		[]map[string]any{{"x": a}},
	}
	for _, v := range vals {
		// With html, as MarshalJSON escapes (encoding/json keeps what it
		// returns escaped whatever its own setting).
		e := jsonEncoder{html: true}
		e.walk(v)
		if want := jsonOf(t, v, true); string(e.b) != want || e.err != nil {
			t.Errorf("%#v: got %s, %v, want %s", v, e.b, e.err, want)
		}
	}
	for _, tc := range []struct {
		v    any
		dir  direction
		want string
	}{
		{[][]account{{a}, nil}, dirRequest, `[[{"secret":"s\u003ca","name":"\u003ca\u003e"}],null]`},
		{map[string]*account{"b": &b, "a": nil}, dirResponse, `{"a":null,"b":{"id":"b","name":"\u003cb\u003e","score":1.5}}`},
		{&[]account{a}, dirResponse, `[{"id":"a","name":"\u003ca\u003e","score":1.5}]`},
	} {
		if got, err := encodeCopy(walked(tc.v), true, tc.dir); err != nil || string(got) != tc.want {
			t.Errorf("%#v, dir %d: got %s, %v, want %s", tc.v, tc.dir, got, err, tc.want)
		}
	}
	if walked((*[]account)(nil)) != nil || walked(nil) != nil {
		t.Error("walked of nothing is not nil")
	}
}
