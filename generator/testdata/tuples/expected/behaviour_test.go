package tuples

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
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

func rules(t *testing.T, err error) string {
	t.Helper()
	var out []string
	for _, v := range violations(t, err) {
		out = append(out, v.Path+" "+v.Rule)
	}
	return strings.Join(out, ", ")
}

func decode(t *testing.T, s string) *Shape {
	t.Helper()
	var v Shape
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return &v
}

func TestTuplesRoundTrip(t *testing.T) {
	in := `{"points":[[1,2],[3.5,-4,"corner"]],"row":[7,0,10,5],"loose":["a",[0,0],{"any":true},null]}`
	s := decode(t, in)
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	p := s.Points[1]
	if p.X != 3.5 || p.Y != -4 || p.Label == nil || *p.Label != "corner" || s.Points[0].Label != nil {
		t.Fatalf("points: %+v", s.Points)
	}
	if s.Row.Item0 != 7 || len(s.Row.Rest) != 3 || s.Row.Rest[1] != 10 {
		t.Fatalf("row: %+v", s.Row)
	}
	if *s.Loose.Item0 != "a" || s.Loose.Item1.X != 0 || len(s.Loose.Rest) != 2 || string(s.Loose.Rest[0]) != `{"any":true}` {
		t.Fatalf("loose: %+v", s.Loose)
	}
	b, err := json.Marshal(s)
	if err != nil || string(b) != in {
		t.Fatalf("round trip:\n got %s\nwant %s (%v)", b, in, err)
	}
}

func TestTupleRules(t *testing.T) {
	for _, tc := range []struct{ json, want string }{
		{`{"points":[[1,2,"12345678"]]}`, ""},                        // maxLength 8, at the boundary
		{`{"points":[[1,2,"123456789"]]}`, "points[0][2] maxLength"}, // one over
		{`{"points":[[1]]}`, "points[0] minItems"},                   // minItems 2
		{`{"points":[[]]}`, "points[0] minItems"},
		{`{"points":[[1,2]],"row":[1]}`, ""},
		{`{"points":[[1,2]],"row":[]}`, "row minItems"},
		{`{"points":[[1,2]],"row":[0,11,-1]}`, "row[0] minimum, row[1] maximum, row[2] minimum"},
		{`{"points":[[1,2]],"row":[1,2,3,4]}`, ""},
		{`{"points":[[1,2]],"row":[1,2,3,4,5]}`, "row maxItems"}, // maxItems 4
		{`{"points":[[1,2]],"loose":[]}`, ""},
		{`{"points":[[1,2]],"loose":["a",[1]]}`, "loose[1] minItems"},
	} {
		err := decode(t, tc.json).Validate()
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.json, err)
			}
			continue
		}
		if got := rules(t, err); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.json, got, tc.want)
		}
	}
	// items: false refuses a fourth item; a position of the wrong type is refused too.
	for _, s := range []string{`{"points":[[1,2,"a",4]]}`, `{"points":[["1",2]]}`, `{"points":[{"x":1}]}`, `{"points":[[1,2]],"row":[1,"2"]}`, `{"points":[[1,2]],"row":[1.5]}`} {
		if err := json.Unmarshal([]byte(s), new(Shape)); err == nil {
			t.Errorf("%s decoded", s)
		}
	}
	// A gap before a set position is reported, and written as null.
	l := Loose{Item1: &Point{X: 1, Y: 2}}
	if got := rules(t, l.Validate()); got != "[0] prefixItems" {
		t.Fatalf("got %s", got)
	}
	b, _ := json.Marshal(l)
	if string(b) != `[null,[1,2]]` {
		t.Fatalf("got %s", b)
	}
	b, _ = json.Marshal(Loose{})
	if string(b) != `[]` {
		t.Fatalf("got %s", b)
	}
}

type shapes struct{ UnimplementedHandler }

func (shapes) CreateShape(ctx context.Context, body *Shape) (*Shape, error) { return body, nil }

func TestTuplesOverHTTP(t *testing.T) {
	srv := httptest.NewServer(NewServer(shapes{}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.CreateShape(context.Background(), &Shape{Points: []Point{{X: 1, Y: 2, Label: Ptr("a")}}, Row: &Row{Item0: 3, Rest: []int64{4}}})
	if err != nil || *out.Points[0].Label != "a" || out.Row.Rest[0] != 4 {
		t.Fatalf("got %+v, %v", out, err)
	}
	_, err = c.CreateShape(context.Background(), &Shape{Points: []Point{}, Row: &Row{Item0: 0}})
	if got := rules(t, err); got != "row[0] minimum" {
		t.Fatalf("got %s", got)
	}
	resp, err := srv.Client().Post(srv.URL+"/shapes", "application/json", strings.NewReader(`{"points":[[1,2,"a","b"]]}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), "has more than 3 items") {
		t.Fatalf("got %d %s", resp.StatusCode, b)
	}
}

// Positions and items after them that may be null keep each null apart
// from a zero: nil, written back as null; a null optional position before
// a set one is no gap.
func TestNullsInTuples(t *testing.T) {
	const in = `["t",null,null,3,null,0]`
	var r Reading
	if err := json.Unmarshal([]byte(in), &r); err != nil {
		t.Fatal(err)
	}
	if r.At != "t" || r.Value != nil || r.Note != nil || len(r.Rest) != 3 || r.Rest[1] != nil || r.Rest[2] == nil || *r.Rest[2] != 0 {
		t.Fatalf("decoded %+v", r)
	}
	if err := r.Validate(); err != nil {
		t.Errorf("nulls break no rule: %v", err)
	}
	if b, err := json.Marshal(r); err != nil || string(b) != in {
		t.Errorf("written back as %s (%v), want %s", b, err, in)
	}
	var bad Reading
	if err := json.Unmarshal([]byte(`["t",-1,null,10]`), &bad); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range violations(t, bad.Validate()) {
		got = append(got, v.Path+" "+v.Rule)
	}
	if want := "[1] minimum, [3] maximum"; strings.Join(got, ", ") != want {
		t.Errorf("violations %q, want %s", got, want)
	}
}
