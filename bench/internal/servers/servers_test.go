package servers

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/specgen/specgen/bench/internal/fixtures"
)

// TestCall checks that every server answers the benchmark's request with 201 and
// a FunctionCall, and that each one that claims to validate refuses a body
// without its required nonce.
func TestCall(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			h, err := New(name, "../../../spec/functions.yaml")
			if err != nil {
				t.Fatal(err)
			}
			do := func(body []byte) (int, string) {
				req := httptest.NewRequest("POST", CallPath, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer token")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				b, _ := io.ReadAll(rec.Body)
				return rec.Code, string(b)
			}
			code, body := do(fixtures.CallRequest())
			if code != http.StatusCreated || !strings.Contains(body, `"functionId":1234567890`) {
				t.Fatalf("got %d %s", code, body)
			}
			code, body = do([]byte(`{"data":{}}`))
			if Reference(name) {
				return
			}
			if code != http.StatusBadRequest {
				t.Fatalf("missing nonce: got %d %s", code, body)
			}
		})
	}
}

// TestOapiFullHandler pins the reason the oapi-codegen servers route one path
// only: if a later oapi-codegen registers the whole spec, this fails and the
// benchmark should switch to oapi.Handler.
func TestOapiFullHandler(t *testing.T) {
	if _, err := OapiFullHandler(); err == nil {
		t.Fatal("oapi.Handler no longer panics for spec/functions.yaml; serve it whole")
	} else {
		t.Log(err)
	}
}

// BenchmarkServeHTTP measures one call request through each handler in
// process (no network), to profile the server path apart from the load
// generator.
func BenchmarkServeHTTP(b *testing.B) {
	body := fixtures.CallRequest()
	for _, name := range Names() {
		b.Run(name, func(b *testing.B) {
			h, err := New(name, "../../../spec/functions.yaml")
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest("POST", CallPath, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer token")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusCreated {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}
