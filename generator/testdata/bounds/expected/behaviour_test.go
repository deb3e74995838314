package bounds

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func violations(t *testing.T, err error) []Violation {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %T: %v", err, err)
	}
	return ve.Violations
}

func decode(t *testing.T, s string) *Measurement {
	t.Helper()
	var m Measurement
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return &m
}

// Each bound: the value just inside passes, the value just outside fails
// with the property's path and the keyword's rule.
// Every amount in cents is a multiple of 0.01, held in a float64 or a
// float32 (up to what a float32 holds to the cent), and no amount between
// two cents is: the check allows for binary fractions relative to the
// amount's size.
func TestMultipleOfCents(t *testing.T) {
	for i := 0; i < 20_000_000; i += 997 {
		cents := fmt.Sprintf("%d.%02d", i/100, i%100)
		js := `{"count":1,"percent":1,"amount":` + cents + `}`
		if i < 10_000_000 {
			js = `{"count":1,"percent":1,"amount":` + cents + `,"price":` + cents + `}`
		}
		if err := decode(t, js).Validate(); err != nil {
			t.Fatalf("%s: %v", cents, err)
		}
		if err := decode(t, `{"count":1,"percent":1,"amount":`+cents+`5}`).Validate(); err == nil {
			t.Fatalf("%s5 is a multiple of 0.01", cents)
		}
	}
}

func TestNumericBoundaries(t *testing.T) {
	const base = `"count":50,"percent":50`
	for _, tc := range []struct {
		field, value, rule string // empty rule: valid
	}{
		{"count", "0", ""}, {"count", "-1", "minimum"},
		{"count", "100", ""}, {"count", "101", "maximum"},
		{"percent", "1", ""}, {"percent", "0", "exclusiveMinimum"},
		{"percent", "99", ""}, {"percent", "100", "exclusiveMaximum"},
		{"step", "0", ""}, {"step", "-15", ""}, {"step", "10", ""}, {"step", "7", "multipleOf"},
		{"ratio", "0.5", ""}, {"ratio", "0.49", "minimum"},
		{"ratio", "99.5", ""}, {"ratio", "99.51", "maximum"},
		{"temperature", "-273.14", ""}, {"temperature", "-273.15", "exclusiveMinimum"},
		{"temperature", "1000.49", ""}, {"temperature", "1000.5", "exclusiveMaximum"},
		{"precision", "0.75", ""}, {"precision", "-2.5", ""}, {"precision", "0.3", "multipleOf"},
		{"amount", "112608.18", ""}, {"amount", "19.99", ""}, {"amount", "0.015", "multipleOf"}, {"amount", "1e-12", "multipleOf"},
		{"price", "0.07", ""}, {"price", "19.99", ""}, {"price", "1.1", ""}, {"price", "19.995", "multipleOf"},
		{"small", "-1000", ""}, {"small", "-1001", "minimum"},
		{"small", "1000", ""}, {"small", "1001", "maximum"},
		{"big", "0", ""}, {"big", "-1", "minimum"},
		{"big", "9007199254740991", ""}, {"big", "9007199254740992", "maximum"},
	} {
		js := `{` + base + `,"` + tc.field + `":` + tc.value + `}`
		if tc.field == "count" || tc.field == "percent" {
			js = strings.Replace(`{"count":50,"percent":50}`, `"`+tc.field+`":50`, `"`+tc.field+`":`+tc.value, 1)
		}
		err := decode(t, js).Validate()
		if tc.rule == "" {
			if err != nil {
				t.Errorf("%s = %s: unexpected %v", tc.field, tc.value, err)
			}
			continue
		}
		vs := violations(t, err)
		if len(vs) != 1 || vs[0].Path != tc.field || vs[0].Rule != tc.rule {
			t.Errorf("%s = %s: got %v, want only %s (%s)", tc.field, tc.value, vs, tc.field, tc.rule)
		}
	}
}

func TestOutOfRangeForTheFormatDoesNotDecode(t *testing.T) {
	var m Measurement
	if err := json.Unmarshal([]byte(`{"count":1,"percent":1,"small":3000000000}`), &m); err == nil {
		t.Fatalf("an int32 property took 3000000000: %+v", m)
	}
	if err := json.Unmarshal([]byte(`{"count":1.5,"percent":1}`), &m); err == nil {
		t.Fatal("an integer property took 1.5")
	}
}

func TestMissingAndOutOfRangeReportedTogether(t *testing.T) {
	vs := violations(t, decode(t, `{"step":3,"ratio":100}`).Validate())
	got := map[string]bool{}
	for _, v := range vs {
		got[v.Path+" "+v.Rule] = true
	}
	for _, w := range []string{"count required", "percent required", "step multipleOf", "ratio maximum"} {
		if !got[w] {
			t.Errorf("missing %q in %v", w, vs)
		}
	}
}

func TestWireKeepsNumbersExact(t *testing.T) {
	m := Measurement{Count: 100, Percent: 1, Ratio: Ptr(0.5), Big: Ptr(int64(9007199254740991))}
	b, _ := json.Marshal(m)
	want := `{"count":100,"percent":1,"ratio":0.5,"big":9007199254740991}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
}

type store struct {
	UnimplementedHandler
	calls atomic.Int32
}

func (s *store) CreateMeasurement(ctx context.Context, body *Measurement) (*Measurement, error) {
	s.calls.Add(1)
	return body, nil
}

func TestBoundsOverHTTP(t *testing.T) {
	h := &store{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.CreateMeasurement(context.Background(), &Measurement{Count: 0, Percent: 99, Temperature: Ptr(-273.14), Small: Ptr(int32(-1000))})
	if err != nil {
		t.Fatal(err)
	}
	if out.Count != 0 || out.Percent != 99 || *out.Temperature != -273.14 || *out.Small != -1000 {
		t.Fatalf("got %+v", out)
	}
	_, err = c.CreateMeasurement(context.Background(), &Measurement{Count: 1, Percent: 100})
	if vs := violations(t, err); len(vs) != 1 || vs[0].Path != "percent" || vs[0].Rule != "exclusiveMaximum" {
		t.Fatalf("client sent percent 100: %v", vs)
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}
	resp, err := http.Post(srv.URL+"/measurements", "application/json", strings.NewReader(`{"count":101,"percent":5}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), "count") || !strings.Contains(string(b), "maximum") {
		t.Fatalf("status %d body %s, want 400 naming count maximum", resp.StatusCode, b)
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}
}

// Keywords beside a $ref (3.1) or beside allOf: [$ref] (3.0's way) apply
// at that place, on top of the referenced schema's own rules.
func TestRulesBesideARefApplyThere(t *testing.T) {
	const base = `"count":50,"percent":50`
	for _, tc := range []struct {
		extra string
		want  []string // path rule, in order
	}{
		{`"level":5,"tags":["a","b"],"grade":3`, nil},
		{`"level":6`, []string{"level maximum"}},
		{`"level":11`, []string{"level maximum"}}, // Level's own 10, and 5 here: reported once
		{`"level":-1`, []string{"level minimum"}},
		{`"tags":["a","b","c"]`, []string{"tags maxItems"}},
		{`"tags":["abcd"]`, []string{"tags[0] maxLength"}},
		{`"grade":2`, []string{"grade minimum"}},
		{`"grade":11`, []string{"grade maximum"}},
		{`"sealed":true`, nil},
		{`"sealed":false`, []string{"sealed const"}},
		{`"phase":"running","stage":2`, nil},
		{`"phase":"done"`, []string{"phase enum"}},   // Phase's own value, not one here
		{`"phase":"paused"`, []string{"phase enum"}}, // neither Phase's nor one here
		{`"stage":3`, []string{"stage enum"}},
		{`"stage":0`, []string{"stage enum"}},
		{`"tiny":1,"word":"y","nothing":null,"low":3`, nil},
		{`"never":2147483647`, []string{"never minimum"}}, // a minimum past the int32 range
		{`"huge":1e301`, nil},
		{`"huge":5`, []string{"huge minimum"}},
		{`"tiny":2`, []string{"tiny enum"}}, // 3000000000 is no int32: 1 alone is possible
		{`"word":"z"`, []string{"word enum"}},
		{`"nothing":"a"`, []string{"nothing enum"}}, // null alone is allowed
		{`"low":4`, []string{"low maximum"}},        // the tighter of 5 and 3
		{`"low":11`, []string{"low maximum"}},
	} {
		err := decode(t, "{"+base+","+tc.extra+"}").Validate()
		if tc.want == nil {
			if err != nil {
				t.Errorf("%s: %v", tc.extra, err)
			}
			continue
		}
		var got []string
		for _, v := range violations(t, err) {
			got = append(got, v.Path+" "+v.Rule)
		}
		if strings.Join(got, ", ") != strings.Join(tc.want, ", ") {
			t.Errorf("%s: got %q, want %q", tc.extra, got, tc.want)
		}
	}
	// A rule broken at the use and in the type is reported once, as the
	// use's, the tighter.
	for doc, want := range map[string]string{
		`"level":11`:       "level: must be at most 5 (maximum)",
		`"phase":"paused"`: `phase: must be one of "queued", "running" (enum)`,
		`"either":"z"`:     `either: must be one of "x", 1 (enum)`, // compared as JSON, each value once
		`"loose":25`:       "loose: must be at most 10 (maximum)",  // Level's: 20 here never fails alone
	} {
		vs := violations(t, decode(t, "{"+base+","+doc+"}").Validate())
		if got := vs[0].Path + ": " + vs[0].Message + " (" + vs[0].Rule + ")"; len(vs) != 1 || got != want {
			t.Errorf("%s: got %v, want %q", doc, vs, want)
		}
	}
	// The field keeps the referenced type.
	m := decode(t, "{"+base+"}")
	m.Level, m.Tags = Ptr(Level(5)), Tags{"a"}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
}

// A path parameter's rules beside its $ref: the client refuses to send a
// value that breaks them, and the server refuses one sent anyway.
func TestPathRulesBesideARef(t *testing.T) {
	h := &store{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	err = c.GetLevel(context.Background(), 6)
	if vs := violations(t, err); len(vs) != 1 || vs[0].Path != "level" || vs[0].Rule != "maximum" {
		t.Fatalf("client sent level 6: %v", err)
	}
	for _, tc := range []struct {
		level string
		want  int
	}{{"6", 400}, {"11", 400}, {"5", 501}} {
		resp, err := http.Get(srv.URL + "/levels/" + tc.level)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.want || (tc.want == 400 && !strings.Contains(string(b), "maximum")) {
			t.Errorf("level %s: status %d %s, want %d", tc.level, resp.StatusCode, b, tc.want)
		}
	}
}

// An enum beside a $ref to a nullable schema that leaves null out makes
// the use not nullable: rank is a *MaybeLevel, not a Nullable, and a null
// for it counts as missing. const: null beside a $ref to a string allows
// no string there.
func TestEnumBesideARefCanLeaveNullOut(t *testing.T) {
	r := Ranked{Rank: MaybeLevel(1), Blank: Ptr(Word("a"))}
	var got []string
	for _, v := range violations(t, r.Validate()) {
		got = append(got, v.Path+" "+v.Rule)
	}
	if want := []string{"blank const"}; strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("got %q, want %q", got, want)
	}
	for doc, want := range map[string]string{
		`{"rank":2}`:            "",
		`{"rank":3}`:            "rank: must be one of 1, 2 (enum)",
		`{"rank":null}`:         "rank: is required (required)",
		`{"rank":1,"blank":""}`: `blank: must be null (const)`,
	} {
		var r Ranked
		if err := r.UnmarshalJSON([]byte(doc)); err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		err := r.Validate()
		if want == "" {
			if err != nil {
				t.Errorf("%s: %v", doc, err)
			}
			continue
		}
		vs := violations(t, err)
		if got := vs[0].Path + ": " + vs[0].Message + " (" + vs[0].Rule + ")"; len(vs) != 1 || got != want {
			t.Errorf("%s: got %v, want %q", doc, vs, want)
		}
	}
}
