package bounds30

import (
	"context"
	"encoding/json"
	"errors"
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

// OpenAPI 3.0 writes exclusive limits as booleans beside minimum and
// maximum: true makes the bound exclusive, false leaves it inclusive.
func TestBooleanExclusiveBounds(t *testing.T) {
	for _, tc := range []struct {
		json, path, rule string // empty rule: valid
	}{
		{`{"percent":1}`, "", ""},
		{`{"percent":0}`, "percent", "exclusiveMinimum"},
		{`{"percent":99}`, "", ""},
		{`{"percent":100}`, "percent", "exclusiveMaximum"},
		{`{"percent":-5}`, "percent", "exclusiveMinimum"},
		{`{"percent":5,"ratio":0.5000001}`, "", ""},
		{`{"percent":5,"ratio":0.5}`, "ratio", "exclusiveMinimum"},
		{`{"percent":5,"ratio":1.5}`, "", ""}, // exclusiveMaximum: false
		{`{"percent":5,"ratio":1.5000001}`, "ratio", "maximum"},
		{`{"percent":5,"count":1}`, "", ""},
		{`{"percent":5,"count":0}`, "count", "minimum"},
		{`{"percent":5,"count":10}`, "", ""},
		{`{"percent":5,"count":11}`, "count", "maximum"},
	} {
		err := decode(t, tc.json).Validate()
		if tc.rule == "" {
			if err != nil {
				t.Errorf("%s: unexpected %v", tc.json, err)
			}
			continue
		}
		vs := violations(t, err)
		if len(vs) != 1 || vs[0].Path != tc.path || vs[0].Rule != tc.rule {
			t.Errorf("%s: got %v, want only %s (%s)", tc.json, vs, tc.path, tc.rule)
		}
	}
}

func TestMissingPercentIsRequired(t *testing.T) {
	vs := violations(t, decode(t, `{"count":3}`).Validate())
	if len(vs) == 0 || vs[0].Path != "percent" || vs[0].Rule != "required" {
		t.Fatalf("got %v, want percent (required) first", vs)
	}
	if err := json.Unmarshal([]byte(`{"percent":5,"count":2147483648}`), new(Measurement)); err == nil {
		t.Fatal("an int32 property took 2147483648")
	}
}

func TestEncodingOmitsUnsetOptionals(t *testing.T) {
	b, _ := json.Marshal(Measurement{Percent: 5})
	if string(b) != `{"percent":5}` {
		t.Fatalf("got %s", b)
	}
	b, _ = json.Marshal(Measurement{Percent: 5, Ratio: Ptr(1.5), Count: Ptr(int32(10))})
	if string(b) != `{"percent":5,"ratio":1.5,"count":10}` {
		t.Fatalf("got %s", b)
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
	out, err := c.CreateMeasurement(context.Background(), &Measurement{Percent: 99, Ratio: Ptr(1.5), Count: Ptr(int32(1))})
	if err != nil {
		t.Fatal(err)
	}
	if out.Percent != 99 || *out.Ratio != 1.5 || *out.Count != 1 {
		t.Fatalf("got %+v", out)
	}
	_, err = c.CreateMeasurement(context.Background(), &Measurement{Percent: 5, Ratio: Ptr(0.5)})
	if vs := violations(t, err); len(vs) != 1 || vs[0].Path != "ratio" || vs[0].Rule != "exclusiveMinimum" {
		t.Fatalf("got %v", vs)
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}
	resp, err := http.Post(srv.URL+"/measurements", "application/json", strings.NewReader(`{"percent":0}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), "exclusiveMinimum") {
		t.Fatalf("status %d body %s, want 400 naming exclusiveMinimum", resp.StatusCode, b)
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}
}
