package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

const (
	tokAdmin = "tok-admin"
	tokWrite = "tok-write" // everything but functionsAcl:RUN
	tokRead  = "tok-read"
)

var testTokens = Tokens{
	tokAdmin: {"functionsAcl:READ", "functionsAcl:WRITE", "functionsAcl:RUN", "sessionsAcl:CREATE", "filesAcl:READ"},
	tokWrite: {"functionsAcl:READ", "functionsAcl:WRITE", "sessionsAcl:CREATE", "filesAcl:READ"},
	tokRead:  {"functionsAcl:READ", "filesAcl:READ"},
}

// testConfig is fast: Ready after 20ms, calls done after 20ms, timeout 300ms.
func testConfig() Config {
	return Config{
		QueueDelay:      10 * time.Millisecond,
		DeployDelay:     10 * time.Millisecond,
		CallDuration:    20 * time.Millisecond,
		CallTimeout:     300 * time.Millisecond,
		ActivationDelay: 30 * time.Millisecond,
		NonceTTL:        time.Minute,
		AutoFiles:       true,
	}
}

type env struct {
	t    *testing.T
	emu  *Emulator
	srv  *httptest.Server
	hc   *http.Client // keeps enough idle connections for the load test
	sent atomic.Int64 // requests that reached the network through a client
}

func newEnv(t *testing.T, mutate func(*Config)) *env {
	t.Helper()
	cfg := testConfig()
	if mutate != nil {
		mutate(&cfg)
	}
	emu, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewHTTPHandler(emu, HTTPOptions{Tokens: testTokens}))
	t.Cleanup(srv.Close)
	tr := &http.Transport{MaxIdleConnsPerHost: 128}
	t.Cleanup(tr.CloseIdleConnections)
	return &env{t: t, emu: emu, srv: srv, hc: &http.Client{Transport: tr, Timeout: 10 * time.Second}}
}

func (v *env) projectURL(project string) string { return v.srv.URL + "/api/v1/projects/" + project }

// bearer adds the token to every request and counts what goes out.
type bearerTransport struct {
	token string
	count *atomic.Int64
	next  http.RoundTripper
}

func (b bearerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if b.token != "" {
		r.Header.Set("Authorization", "Bearer "+b.token)
	}
	b.count.Add(1)
	return b.next.RoundTrip(r)
}

func (v *env) client(token string) *fn.Client { return v.clientFor("p1", token) }

func (v *env) clientFor(project, token string) *fn.Client {
	v.t.Helper()
	hc := &http.Client{Transport: bearerTransport{token: token, count: &v.sent, next: v.hc.Transport}, Timeout: 10 * time.Second}
	c, err := fn.NewClient(v.projectURL(project), fn.WithHTTPClient(hc))
	if err != nil {
		v.t.Fatal(err)
	}
	return c
}

// raw sends a request by hand; path is relative to the server root.
func (v *env) raw(method, path, token string, body any) (*http.Response, []byte) {
	v.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			v.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, v.srv.URL+path, rd)
	if err != nil {
		v.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := v.hc.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		v.t.Fatal(err)
	}
	return resp, data
}

type envelope struct {
	Error struct {
		Code       int              `json:"code"`
		Message    string           `json:"message"`
		Missing    []map[string]any `json:"missing"`
		Duplicated []map[string]any `json:"duplicated"`
	} `json:"error"`
}

// wantEnvelope checks a raw answer is the CDF error envelope with status.
func wantEnvelope(t *testing.T, resp *http.Response, body []byte, status int) envelope {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d; body %s", resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if resp.Header.Get("X-Request-Id") == "" {
		t.Error("no X-Request-Id")
	}
	var e envelope
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	if e.Error.Code != status || e.Error.Message == "" {
		t.Fatalf("envelope %s, want code %d and a message", body, status)
	}
	return e
}

// wantAPIError checks err is an *fn.APIError with status.
func wantAPIError(t *testing.T, err error, status int) *fn.APIError {
	t.Helper()
	var ae *fn.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T), want an *fn.APIError %d", err, err, status)
	}
	if ae.StatusCode != status || ae.Code != status {
		t.Fatalf("error %v, want status %d", ae, status)
	}
	if ae.RequestID == "" {
		t.Errorf("error %v has no request id", ae)
	}
	return ae
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// nonce makes a session in project p1 with the admin token.
func (v *env) nonce() string { return v.nonceFor("p1", tokAdmin) }

func (v *env) nonceFor(project, token string) string {
	v.t.Helper()
	n, err := v.tryNonce(project, token)
	if err != nil {
		v.t.Fatal(err)
	}
	return n
}

// tryNonce is nonceFor for goroutines other than the test's.
func (v *env) tryNonce(project, token string) (string, error) {
	req, err := http.NewRequest("POST", v.projectURL(project)+"/sessions", bytes.NewBufferString(`{"items":[{"tokenExchange":true}]}`))
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := v.hc.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	var out struct{ Items []Session }
	if resp.StatusCode != 200 || json.Unmarshal(body, &out) != nil || len(out.Items) != 1 || out.Items[0].Nonce == "" {
		return "", errors.New("sessions answered " + resp.Status + ": " + string(body))
	}
	return out.Items[0].Nonce, nil
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// createReady creates a function and waits until it is Ready.
func createReady(t *testing.T, c *fn.Client, f fn.Function) fn.Function {
	t.Helper()
	out := must[*fn.FunctionList](t)(c.CreateFunctions(ctxT(t), &fn.FunctionCreateRequest{Items: []fn.Function{f}}))
	if len(out.Items) != 1 || out.Items[0].ID == nil {
		t.Fatalf("create answered %+v", out)
	}
	return waitFunction(t, c, *out.Items[0].ID, fn.FunctionStatusReady)
}

func waitFunction(t *testing.T, c *fn.Client, id fn.CogniteInternalId, want fn.FunctionStatus) fn.Function {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		f := must[*fn.Function](t)(c.GetFunction(ctxT(t), id))
		if *f.Status == want {
			return *f
		}
		if time.Now().After(deadline) {
			t.Fatalf("function %d is %s, want %s", id, *f.Status, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func waitCall(t *testing.T, c *fn.Client, fid, cid fn.CogniteInternalId) fn.FunctionCall {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		call := must[*fn.FunctionCall](t)(c.GetFunctionCall(ctxT(t), fid, cid))
		if call.Status != fn.FunctionCallStatusRunning {
			return *call
		}
		if time.Now().After(deadline) {
			t.Fatalf("call %d still running", cid)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (v *env) call(c *fn.Client, fid fn.CogniteInternalId, data map[string]any) (*fn.FunctionCall, error) {
	return c.CallFunction(ctxT(v.t), fid, &fn.FunctionCallRequest{Data: data, Nonce: fn.Ptr(v.nonce())})
}

func ids(items ...fn.CogniteInternalId) []fn.FunctionIdentifier {
	out := make([]fn.FunctionIdentifier, len(items))
	for i, id := range items {
		out[i] = fn.FunctionIdentifier{FunctionInternalIdentifier: &fn.FunctionInternalIdentifier{ID: id}}
	}
	return out
}

func extIDs(items ...string) []fn.FunctionIdentifier {
	out := make([]fn.FunctionIdentifier, len(items))
	for i, x := range items {
		out[i] = fn.FunctionIdentifier{FunctionExternalIdentifier: &fn.FunctionExternalIdentifier{ExternalID: fn.CogniteExternalId(x)}}
	}
	return out
}

func internalIDs(items ...fn.CogniteInternalId) []fn.InternalIdentifier {
	out := make([]fn.InternalIdentifier, len(items))
	for i, id := range items {
		out[i] = fn.InternalIdentifier{ID: id}
	}
	return out
}

// clock is real time plus an offset that tests can move forward.
type clock struct{ offset atomic.Int64 }

func (c *clock) now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

func (c *clock) advance(d time.Duration) { c.offset.Add(int64(d)) }
