package servers

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/specgen/specgen/bench/internal/fixtures"
	oapi "github.com/specgen/specgen/bench/internal/oapi"
	ogen "github.com/specgen/specgen/bench/internal/ogen"
	fn "github.com/specgen/specgen/generated/functions"
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
// generator: with the load test's body, and with the nonce alone, on which
// every server has the same payload to decode (ogen's skips the data in the
// first).
func BenchmarkServeHTTP(b *testing.B) {
	bodies := []struct {
		name string
		body []byte
	}{{"call", fixtures.CallRequest()}, {"nonce-only", fixtures.CallRequestNonceOnly()}}
	for _, bd := range bodies {
		b.Run(bd.name, func(b *testing.B) {
			for _, name := range Names() {
				b.Run(name, func(b *testing.B) {
					h, err := New(name, "../../../spec/functions.yaml")
					if err != nil {
						b.Fatal(err)
					}
					b.ReportAllocs()
					for b.Loop() {
						req := httptest.NewRequest("POST", CallPath, bytes.NewReader(bd.body))
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
		})
	}
}

// dataHandler keeps the data of the call request it is given.
type dataHandler struct {
	fn.UnimplementedHandler
	data *map[string]any
}

func (h dataHandler) CallFunction(_ context.Context, id fn.CogniteInternalId, body *fn.FunctionCallRequest) (*fn.FunctionCall, error) {
	*h.data = body.Data
	return &fn.FunctionCall{ID: 1, FunctionID: id, Status: fn.FunctionCallStatusRunning, StartTime: startTime}, nil
}

// TestCallData pins what each generator hands its handler of the request's
// free-form "data" object (`type: object` with no properties, so any
// properties), which the server benchmark's request carries: specgen and
// oapi-codegen decode it into a map; ogen's type for it is a struct with no
// fields, so its server skips the data and the handler never receives
// its contents. RESULTS.md says so beside the server table: ogen does less work per
// request. If a later ogen keeps the data, this fails and that text must go.
func TestCallData(t *testing.T) {
	var got map[string]any
	h := fn.NewServer(dataHandler{data: &got}, fn.WithSecurity(func(context.Context, fn.OperationInfo, []fn.Credentials) (any, error) {
		return "test", nil
	}))
	req := httptest.NewRequest("POST", CallPath, bytes.NewReader(fixtures.CallRequest()))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer token")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var want struct{ Data map[string]any }
	if err := json.Unmarshal(fixtures.CallRequest(), &want); err != nil {
		t.Fatal(err)
	}
	if rec.Code != http.StatusCreated || !reflect.DeepEqual(got, want.Data) {
		t.Errorf("specgen: %d, handler got data %v, want %v", rec.Code, got, want.Data)
	}

	var o oapi.FunctionCallRequest
	if err := json.Unmarshal(fixtures.CallRequest(), &o); err != nil || o.Data == nil || !reflect.DeepEqual(*o.Data, want.Data) {
		t.Errorf("oapi-codegen: data %v, %v; want %v", o.Data, err, want.Data)
	}

	if n := reflect.TypeFor[ogen.FunctionCallRequestData]().NumField(); n != 0 {
		t.Errorf("ogen's FunctionCallRequestData has %d fields now; it had none, and its server dropped the data", n)
	}
	var g ogen.FunctionCallRequest
	if err := g.UnmarshalJSON(fixtures.CallRequest()); err != nil || g.Data == nil {
		t.Errorf("ogen: %v, data %v", err, g.Data)
	}
}
