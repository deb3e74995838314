package timestamps

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
	"time"
)

func violations(t *testing.T, err error) []Violation {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %T: %v", err, err)
	}
	return ve.Violations
}

func TestEpochMillisecondsConversion(t *testing.T) {
	oslo := time.FixedZone("CEST", 2*60*60)
	at := time.Date(2024, 4, 26, 2, 0, 0, 123_987_654, oslo) // 2024-04-26T00:00:00.123987654Z
	ms := NewEpochMs(at)
	if ms != 1714089600123 {
		t.Fatalf("NewEpochMs = %d, want 1714089600123 (sub-millisecond part dropped)", ms)
	}
	back := ms.Time()
	if back.Location() != time.UTC || !back.Equal(time.Date(2024, 4, 26, 0, 0, 0, 123_000_000, time.UTC)) {
		t.Fatalf("Time() = %v", back)
	}
	for _, v := range []EpochMs{0, 1, -1, 1714089600123, 253402300799999} {
		if NewEpochMs(v.Time()) != v {
			t.Errorf("NewEpochMs(%d.Time()) = %d", v, NewEpochMs(v.Time()))
		}
	}
}

func TestEventOnTheWire(t *testing.T) {
	b, _ := json.Marshal(Event{Name: "deploy", OccurredAt: 1714089600123})
	if string(b) != `{"name":"deploy","occurredAt":1714089600123}` {
		t.Fatalf("got %s", b)
	}
	ack := EpochMs(0)
	b, _ = json.Marshal(Event{Name: "deploy", OccurredAt: 1, AcknowledgedAt: &ack})
	if string(b) != `{"name":"deploy","occurredAt":1,"acknowledgedAt":0}` {
		t.Fatalf("got %s", b)
	}
	var e Event
	if err := json.Unmarshal([]byte(`{"name":"x","occurredAt":9007199254740993}`), &e); err != nil || e.OccurredAt != 9007199254740993 {
		t.Fatalf("got %d, %v: int64 milliseconds must be exact", e.OccurredAt, err)
	}
	if err := json.Unmarshal([]byte(`{"name":"x","occurredAt":"2024-04-26T00:00:00Z"}`), &e); err == nil {
		t.Fatal("an RFC 3339 string was taken for epoch milliseconds")
	}
}

func TestEpochBounds(t *testing.T) {
	for _, tc := range []struct{ json, path, rule string }{
		{`{"name":"x","occurredAt":0}`, "", ""},
		{`{"name":"x","occurredAt":-1}`, "occurredAt", "minimum"},
		{`{"name":"x","occurredAt":5,"acknowledgedAt":0}`, "", ""},
		{`{"name":"x","occurredAt":5,"acknowledgedAt":-1}`, "acknowledgedAt", "minimum"},
		{`{"name":"x"}`, "occurredAt", "required"},
		{`{"name":"x","occurredAt":null}`, "occurredAt", "required"},
	} {
		var e Event
		if err := json.Unmarshal([]byte(tc.json), &e); err != nil {
			t.Fatal(err)
		}
		err := e.Validate()
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
	if vs := violations(t, EpochMs(-5).Validate()); vs[0].Path != "" || vs[0].Rule != "minimum" {
		t.Fatalf("got %v", vs)
	}
}

type events struct {
	UnimplementedHandler
	calls atomic.Int32
}

func (h *events) CreateEvent(ctx context.Context, body *Event) (*Event, error) {
	h.calls.Add(1)
	ack := body.OccurredAt + 1
	body.AcknowledgedAt = &ack
	return body, nil
}

func TestEventsOverHTTP(t *testing.T) {
	h := &events{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2030, 1, 1, 0, 0, 0, 999_000_000, time.UTC)
	out, err := c.CreateEvent(context.Background(), &Event{Name: "e", OccurredAt: NewEpochMs(when)})
	if err != nil {
		t.Fatal(err)
	}
	if !out.OccurredAt.Time().Equal(when) || *out.AcknowledgedAt != NewEpochMs(when)+1 {
		t.Fatalf("got %+v", out)
	}
	_, err = c.CreateEvent(context.Background(), &Event{Name: "e", OccurredAt: -1})
	if vs := violations(t, err); len(vs) != 1 || vs[0].Path != "occurredAt" {
		t.Fatalf("got %v", vs)
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}
	resp, err := http.Post(srv.URL+"/events", "application/json", strings.NewReader(`{"name":"e","occurredAt":-3}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), "occurredAt") {
		t.Fatalf("status %d body %s, want 400 naming occurredAt", resp.StatusCode, b)
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}
}
