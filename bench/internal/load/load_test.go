package load

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if r.Header.Get("X-Test") != "1" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	o := Options{URL: srv.URL, Body: []byte(`{}`), Header: http.Header{"X-Test": {"1"}}, WantStatus: http.StatusCreated,
		Concurrency: 4, Warmup: 50 * time.Millisecond, Duration: 200 * time.Millisecond}
	r := Run(o)
	if r.Requests == 0 || r.Errors != 0 || r.RPS <= 0 || r.P99 < r.P50 || r.Max < r.P99 {
		t.Fatalf("unexpected result %+v", r)
	}
	// The request cap bounds the measured period.
	o.MaxRequests, o.Duration = 25, 5*time.Second
	if r := Run(o); r.Requests != 25 {
		t.Fatalf("capped run made %d requests, want 25", r.Requests)
	}
	// A wrong status counts as an error and keeps the first message.
	o.Header, o.MaxRequests = nil, 3
	if r := Run(o); r.Errors != 3 || r.FirstError == "" {
		t.Fatalf("errors %d %q", r.Errors, r.FirstError)
	}
}
