package functions_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	fn "github.com/specgen/specgen/generated/functions"
)

// send makes one raw request with an optional bearer token.
func send(t *testing.T, h http.Handler, method, path, token, body string, header http.Header) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func errorOf(t *testing.T, w *httptest.ResponseRecorder) (int, string) {
	t.Helper()
	var env struct {
		Error struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil {
		t.Fatalf("not the error envelope: %q", w.Body.String())
	}
	return env.Error.Code, env.Error.Message
}

const callBody = `{"nonce":"n"}`

func TestSecureByDefault(t *testing.T) {
	// No security handler: every operation that declares security is 401.
	h := fn.NewServer(&fake{})
	w := send(t, h, "GET", "/functions/1", "admin", "", nil)
	if w.Code != 401 {
		t.Fatalf("status %d without a security handler", w.Code)
	}
	if code, _ := errorOf(t, w); code != 401 {
		t.Errorf("envelope code %d", code)
	}
	// Serving open must be asked for.
	open := fn.NewServer(&fake{}, fn.WithoutSecurity())
	if w := send(t, open, "GET", "/functions/1", "", "", nil); w.Code != 200 {
		t.Errorf("WithoutSecurity: %d %s", w.Code, w.Body)
	}
}

func TestAuthenticationAndCapabilities(t *testing.T) {
	h := fn.NewServer(&fake{}, security...)
	cases := []struct {
		name, method, path, token, body string
		status                          int
		msgHas                          string
	}{
		{"no token", "GET", "/functions/1", "", "", 401, "credentials"},
		{"unknown token", "GET", "/functions/1", "stolen", "", 401, "invalid credentials"},
		{"reader reads", "GET", "/functions/1", "reader", "", 200, ""},
		{"reader filters (READ)", "POST", "/functions/list", "reader", `{}`, 200, ""},
		{"reader may not call", "POST", "/functions/1/call", "reader", callBody, 403, "functionsAcl:RUN"},
		{"reader may not create", "POST", "/functions", "reader", `{"items":[{"name":"f","fileId":1}]}`, 403, "functionsAcl:WRITE"},
		{"admin calls", "POST", "/functions/1/call", "admin", callBody, 201, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := send(t, h, tc.method, tc.path, tc.token, tc.body, nil)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.status, w.Body)
			}
			if tc.status >= 400 {
				code, msg := errorOf(t, w)
				if code != tc.status || !strings.Contains(msg, tc.msgHas) {
					t.Errorf("envelope %d %q, want %d mentioning %q", code, msg, tc.status, tc.msgHas)
				}
			}
			if tc.status == 401 && w.Header().Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
	// The handler sees who called.
	var seen any
	probe := &principalProbe{seen: &seen}
	h = fn.NewServer(probe, security...)
	send(t, h, "GET", "/functions/limits", "reader", "", nil)
	if caps, _ := seen.([]string); len(caps) != 1 || caps[0] != "functionsAcl:READ" {
		t.Errorf("principal %v", seen)
	}
}

type principalProbe struct {
	fn.UnimplementedHandler
	seen *any
}

func (p *principalProbe) GetFunctionsLimits(ctx context.Context) (*fn.FunctionsLimits, error) {
	*p.seen = fn.PrincipalFrom(ctx)
	return nil, &fn.APIError{StatusCode: 418, Message: "enough"}
}

// panicky panics in one operation and returns an invalid result in another.
type panicky struct{ fn.UnimplementedHandler }

func (panicky) GetFunction(ctx context.Context, id fn.CogniteInternalId) (*fn.Function, error) {
	panic("secret internal state: db password hunter2")
}

func (panicky) GetFunctionsLimits(ctx context.Context) (*fn.FunctionsLimits, error) {
	return nil, nil
}

func (panicky) GetFunctionCall(ctx context.Context, functionID, callID fn.CogniteInternalId) (*fn.FunctionCall, error) {
	return &fn.FunctionCall{ID: 0, FunctionID: functionID, Status: "Running", StartTime: 1}, nil // id 0 breaks the spec
}

func TestPanicsAndInvalidResponsesAre500(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	h := fn.NewServer(panicky{}, fn.WithoutSecurity(), fn.WithLogger(logger), fn.WithResponseValidation())
	w := send(t, h, "GET", "/functions/1", "", "", nil)
	if w.Code != 500 {
		t.Fatalf("status %d", w.Code)
	}
	if code, msg := errorOf(t, w); code != 500 || strings.Contains(msg, "hunter2") || strings.Contains(w.Body.String(), "goroutine") {
		t.Errorf("internals leaked: %s", w.Body)
	}
	if !strings.Contains(logs.String(), "hunter2") || !strings.Contains(logs.String(), "handler panicked") {
		t.Errorf("panic not logged: %s", logs.String())
	}
	logs.Reset()
	w = send(t, h, "GET", "/functions/1/calls/2", "", "", nil)
	if w.Code != 500 || !strings.Contains(logs.String(), "invalid response") || !strings.Contains(logs.String(), "id") {
		t.Errorf("invalid response: %d %s / log %s", w.Code, w.Body, logs.String())
	}
	// A handler that returns nothing at all: a 500, logged with the
	// request id the answer carries.
	logs.Reset()
	w = send(t, h, "GET", "/functions/limits", "", "", nil)
	if id := w.Header().Get("X-Request-Id"); w.Code != 500 || id == "" || !strings.Contains(logs.String(), "neither a result nor an error") || !strings.Contains(logs.String(), "request_id="+id) {
		t.Errorf("nil result: %d %s / log %s", w.Code, w.Body, logs.String())
	}
	// Without the option the same result is sent as it is.
	lax := fn.NewServer(panicky{}, fn.WithoutSecurity())
	if w := send(t, lax, "GET", "/functions/1/calls/2", "", "", nil); w.Code != 200 {
		t.Errorf("without response validation: %d", w.Code)
	}
}

func TestRequestIDEchoedOrCreated(t *testing.T) {
	h := fn.NewServer(&fake{}, fn.WithoutSecurity())
	w := send(t, h, "GET", "/functions/1", "", "", http.Header{"X-Request-Id": {"abc-1"}})
	if got := w.Header().Get("X-Request-Id"); got != "abc-1" {
		t.Errorf("echoed %q", got)
	}
	a := send(t, h, "GET", "/nowhere", "", "", nil).Header().Get("X-Request-Id")
	b := send(t, h, "GET", "/nowhere", "", "", nil).Header().Get("X-Request-Id")
	if a == "" || a == b {
		t.Errorf("created ids %q and %q", a, b)
	}
}

func TestGzipBodiesAndTheSizeLimit(t *testing.T) {
	h := fn.NewServer(&fake{}, fn.WithoutSecurity(), fn.WithMaxBodyBytes(200))
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	io.WriteString(zw, callBody)
	zw.Close()
	req := httptest.NewRequest("POST", "/functions/1/call", &zipped)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 201 {
		t.Errorf("gzip body: %d %s", w.Code, w.Body)
	}
	// x-gzip is gzip (RFC 9110, 8.4.1.3).
	zipped.Reset()
	zw = gzip.NewWriter(&zipped)
	io.WriteString(zw, callBody)
	zw.Close()
	req = httptest.NewRequest("POST", "/functions/1/call", &zipped)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "x-gzip")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 201 {
		t.Errorf("x-gzip body: %d %s", w.Code, w.Body)
	}
	// Another coding is refused, saying which one the server takes.
	req = httptest.NewRequest("POST", "/functions/1/call", strings.NewReader(callBody))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "br")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 415 || w.Header().Get("Accept-Encoding") != "gzip" {
		t.Errorf("br body: %d, Accept-Encoding %q", w.Code, w.Header().Get("Accept-Encoding"))
	}
	// The limit counts decompressed bytes: a small gzip of a big body is refused.
	zipped.Reset()
	zw = gzip.NewWriter(&zipped)
	fmt.Fprintf(zw, `{"nonce":"n","data":{"pad":%q}}`, strings.Repeat("a", 10000))
	zw.Close()
	if zipped.Len() > 200 {
		t.Fatalf("test body does not compress below the limit: %d", zipped.Len())
	}
	req = httptest.NewRequest("POST", "/functions/1/call", &zipped)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if code, _ := errorOf(t, w); w.Code != 413 || code != 413 {
		t.Errorf("oversized body: %d %s", w.Code, w.Body)
	}
}

func TestSecretsNeverPrinted(t *testing.T) {
	f := fn.Function{Name: "f", FileID: 1, Secrets: map[string]string{"api-key": "hunter2"}, EnvVars: map[string]string{"MODE": "debug"}}
	list := fn.FunctionCreateRequest{Items: []fn.Function{f}}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("creating", "function", f, "request", list)
	for _, out := range []string{
		fmt.Sprint(f), fmt.Sprintf("%v", f), fmt.Sprintf("%+v", f), fmt.Sprintf("%#v", f), fmt.Sprintf("%s", &f),
		fmt.Sprintf("%+v", list), fmt.Sprintf("%#v", list), logs.String(),
	} {
		if strings.Contains(out, "hunter2") {
			t.Errorf("secret printed: %s", out)
		}
		if !strings.Contains(out, "api-key") && !strings.Contains(out, "***") {
			t.Errorf("the printed form lost everything: %s", out)
		}
	}
	if !strings.Contains(fmt.Sprint(f), "debug") {
		t.Error("non-secret fields must still print")
	}
	// The value itself is intact, and goes on the wire.
	if f.Secrets["api-key"] != "hunter2" {
		t.Error("printing changed the value")
	}
	b, _ := json.Marshal(f)
	if !strings.Contains(string(b), "hunter2") {
		t.Error("the secret must still be sent")
	}
	// Validation messages never carry it either.
	bad := fn.FunctionCreateRequest{Items: []fn.Function{{Name: "f", FileID: 1, Secrets: map[string]string{"BAD": "hunter2"}}}}
	if err := bad.ValidateRequest(); err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("validation error: %v", err)
	}
	var ve *fn.ValidationError
	if !errors.As(bad.ValidateRequest(), &ve) {
		t.Fatal("want *ValidationError")
	}
}

// A body sent chunked (no length) without a Content-Type is refused as a
// typed one would be, and a JSON null where a body is required is no body.
func TestBodyWithoutTypeOrNull(t *testing.T) {
	h := fn.NewServer(&fake{}, security...)
	req := httptest.NewRequest("POST", "/functions/1/call", strings.NewReader(callBody))
	req.ContentLength = -1 // chunked
	req.Header.Set("Authorization", "Bearer admin")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if code, msg := errorOf(t, w); w.Code != 415 || code != 415 || !strings.Contains(msg, "application/json") {
		t.Errorf("chunked body without a type: %d %s", w.Code, w.Body)
	}
	for _, body := range []string{"null", " null\n"} {
		w := send(t, h, "POST", "/functions/1/call", "admin", body, nil)
		if code, msg := errorOf(t, w); w.Code != 400 || code != 400 || msg != "request body is required" {
			t.Errorf("%q: %d %s", body, w.Code, w.Body)
		}
	}
	// A typed chunked body is read.
	req = httptest.NewRequest("POST", "/functions/1/call", strings.NewReader(callBody))
	req.ContentLength = -1
	req.Header.Set("Authorization", "Bearer admin")
	req.Header.Set("Content-Type", "application/json")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 201 {
		t.Errorf("chunked JSON body: %d %s", w.Code, w.Body)
	}
}

// A body that does not decode is refused naming the whole path of the
// value at fault, as validation does, and never repeating the value.
func TestMalformedBodiesNameTheirPlace(t *testing.T) {
	h := fn.NewServer(&fake{}, security...)
	for _, c := range []struct{ path, body, want string }{
		{"/functions", `{"items":[{"name":"f","fileId":"1"}]}`, "malformed JSON body: items[0].fileId: expected a number, got a string"},
		{"/functions", `{"items":[{"name":"f","fileId":1,"secrets":{"a b":5}}]}`, `malformed JSON body: items[0].secrets["a b"]: expected a string, got a number`},
		{"/functions/1/call", `{"nonce":"n","data":[]}`, "malformed JSON body: data: expected an object, got an array"},
		{"/functions/byids", `{"items":[1]}`, "invalid: items[0]: is a number that fits none of FunctionInternalIdentifier, FunctionExternalIdentifier (oneOf)"},
		{"/functions/byids", `{"items":[{"id":1},{"id":"12"}]}`, "invalid: items[1]: is valid for none of FunctionInternalIdentifier, FunctionExternalIdentifier (oneOf); items[1].externalId: is required (required)"},
		{"/functions/1/calls/list", `{"filter":{"status":5}}`, "malformed JSON body: filter.status: expected a string, got a number"},
		{"/functions", `{"items":[{"name":`, "malformed JSON body: items[0].name: unexpected end of input at byte 18"},
		{"/functions/1/calls/list", `{"limit":2147483648}`, "malformed JSON body: limit: expected an integer of 32 bits, got an integer out of range"},
		// Null where the spec allows none, in a list or a map, is no zero value.
		{"/functions", `{"items":[{"name":"f","fileId":1,"extraIndexUrls":["u",null]}]}`, "malformed JSON body: items[0].extraIndexUrls[1]: expected a value, got null"},
		{"/functions", `{"items":[{"name":"f","fileId":1,"metadata":{"k":null}}]}`, "malformed JSON body: items[0].metadata[\"k\"]: expected a value, got null"},
		{"/functions", `{"items":[{"name":"f","fileId":1,"envVars":{"A":"1","B":null}}]}`, "malformed JSON body: items[0].envVars[\"B\"]: expected a value, got null"},
	} {
		w := send(t, h, "POST", c.path, "admin", c.body, nil)
		if code, msg := errorOf(t, w); w.Code != 400 || code != 400 || msg != c.want {
			t.Errorf("%s: %d %q\nwant %q", c.body, w.Code, msg, c.want)
		}
	}
}

// An id in the path is an integer as JSON writes it: one resource, one
// path.
func TestPathIDsAreCanonical(t *testing.T) {
	h := fn.NewServer(&fake{}, security...)
	for _, p := range []string{"/functions/+12", "/functions/0012", "/functions/1_2", "/functions/0x0c"} {
		w := send(t, h, "GET", p, "reader", "", nil)
		if code, msg := errorOf(t, w); w.Code != 400 || code != 400 || !strings.Contains(msg, "functionId: must be a 64-bit integer (in path)") {
			t.Errorf("%s: %d %s", p, w.Code, w.Body)
		}
	}
	if w := send(t, h, "GET", "/functions/12", "reader", "", nil); w.Code != 200 {
		t.Errorf("/functions/12: %d %s", w.Code, w.Body)
	}
}

// JSON is application/json or a +json type, in any case, with any
// parameters (a charset is ignored, as RFC 8259 asks); nothing else is
// read.
func TestJSONContentTypes(t *testing.T) {
	h := fn.NewServer(&fake{}, security...)
	for ct, want := range map[string]int{
		"application/json":                   201,
		"application/json; charset=utf-8":    201,
		"application/json; charset=UTF-8":    201,
		"application/json; charset=latin1":   201, // ignored: JSON is UTF-8 (RFC 8259)
		"application/json; charset=us-ascii": 201,
		"Application/JSON":                   201,
		"application/vnd.cognite+json":       201,
		"text/plain":                         415,
		"application/jsonx":                  415,
		"application/json; charset":          415, // malformed parameters
		"application/x-www-form-urlencoded":  415,
	} {
		w := send(t, h, "POST", "/functions/1/call", "admin", callBody, http.Header{"Content-Type": {ct}})
		if w.Code != want {
			t.Errorf("%q: %d %s, want %d", ct, w.Code, w.Body, want)
		}
	}
}

// A body is read whole whatever its length, and one shorter than its
// declared Content-Length is refused, not decoded from what arrived.
func TestDeclaredBodyLengths(t *testing.T) {
	h := fn.NewServer(&fake{}, append(security, fn.WithMaxBodyBytes(1<<20))...)
	for _, n := range []int{0, 100, 70 << 10, 200 << 10} {
		body := fmt.Sprintf(`{"nonce":"n","data":{"pad":%q}}`, strings.Repeat("a", n))
		if w := send(t, h, "POST", "/functions/1/call", "admin", body, nil); w.Code != 201 {
			t.Errorf("a body of %d bytes: %d %s", len(body), w.Code, w.Body)
		}
	}
	req := httptest.NewRequest("POST", "/functions/1/call", strings.NewReader(callBody))
	req.ContentLength = int64(len(callBody)) + 10
	req.Header.Set("Authorization", "Bearer admin")
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if code, msg := errorOf(t, w); w.Code != 400 || code != 400 || !strings.Contains(msg, "reading request body") {
		t.Errorf("a body shorter than declared: %d %s", w.Code, w.Body)
	}
	// A body longer than its declared length (one a middleware replaced,
	// say) is read whole, not cut at the length.
	req = httptest.NewRequest("POST", "/functions/1/call", strings.NewReader(callBody))
	req.ContentLength = 5
	req.Header.Set("Authorization", "Bearer admin")
	req.Header.Set("Content-Type", "application/json")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 201 {
		t.Errorf("a body longer than declared: %d %s", w.Code, w.Body)
	}
	// A body of a type that cannot be compared is read as any other.
	req = httptest.NewRequest("POST", "/functions/1/call", nil)
	req.Body = funcBody(strings.NewReader(callBody).Read)
	req.ContentLength = int64(len(callBody))
	req.Header.Set("Authorization", "Bearer admin")
	req.Header.Set("Content-Type", "application/json")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 201 {
		t.Errorf("a body of a func type: %d %s", w.Code, w.Body)
	}
	// A declared length over the limit is refused.
	h = fn.NewServer(&fake{}, append(security, fn.WithMaxBodyBytes(200))...)
	body := fmt.Sprintf(`{"nonce":"n","data":{"pad":%q}}`, strings.Repeat("a", 300))
	if w := send(t, h, "POST", "/functions/1/call", "admin", body, nil); w.Code != 413 {
		t.Errorf("a body over the limit: %d %s", w.Code, w.Body)
	}
}

// funcBody is a request body of a type == cannot compare.
type funcBody func([]byte) (int, error)

func (f funcBody) Read(p []byte) (int, error) { return f(p) }
func (f funcBody) Close() error               { return nil }

// errorWith answers GetFunction with a fixed error.
type errorWith struct {
	fn.UnimplementedHandler
	err error
}

func (h errorWith) GetFunction(ctx context.Context, id fn.CogniteInternalId) (*fn.Function, error) {
	return nil, h.err
}

// The envelope's code is the status sent: a handler's &APIError{Code: 404}
// is answered 404, and a status the server corrects takes the code along.
func TestEnvelopeCodeIsTheStatusSent(t *testing.T) {
	quiet := fn.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, c := range []struct {
		err  *fn.APIError
		want int
	}{
		{&fn.APIError{Code: 404, Message: "no such function"}, 404},
		{&fn.APIError{StatusCode: 404}, 404},
		{&fn.APIError{StatusCode: 200, Code: 404}, 500},
		{&fn.APIError{Code: 7}, 500},
	} {
		w := send(t, fn.NewServer(errorWith{err: c.err}, fn.WithoutSecurity(), quiet), "GET", "/functions/1", "", "", nil)
		if code, _ := errorOf(t, w); w.Code != c.want || code != c.want {
			t.Errorf("%+v: status %d, code %d, want %d for both", *c.err, w.Code, code, c.want)
		}
	}
}

// A *Client is a Handler, which makes a proxy: an upstream's error reaches
// the caller whole, though it is written again (its Content-Length is
// not the proxy's body's), and an error body that breaks off still gives
// the caller the status and what arrived.
func TestProxiedAndBrokenErrors(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/functions/2" {
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(403)
			io.WriteString(w, `{"error":{"code":403,"message":"no access"}}`) // then the connection closes
			return
		}
		w.WriteHeader(404)
		io.WriteString(w, "{\n  \"error\": {\n    \"code\": 404,\n    \"message\": \"no such function\"\n  }\n}\n")
	}))
	defer upstream.Close()
	up, err := fn.NewClient(upstream.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httptest.NewServer(fn.NewServer(up, fn.WithoutSecurity()))
	defer proxy.Close()
	c, err := fn.NewClient(proxy.URL)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetFunction(context.Background(), 1)
	var ae *fn.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 404 || ae.Message != "no such function" {
		t.Errorf("through the proxy: %v, want the upstream's 404", err)
	}
	direct, _ := fn.NewClient(upstream.URL)
	_, err = direct.GetFunction(context.Background(), 2)
	if !errors.As(err, &ae) || ae.StatusCode != 403 || ae.Message != "no access" || !strings.Contains(err.Error(), "broke off") {
		t.Errorf("a broken error body: %v, want the 403, what arrived, and why it is short", err)
	}
}

// project answers GetFunction with the project of the base path and the
// function's id as the handler reads them from its context.
type project struct{ fn.UnimplementedHandler }

func (project) GetFunction(ctx context.Context, id fn.CogniteInternalId) (*fn.Function, error) {
	return nil, &fn.APIError{StatusCode: 404, Message: fn.PathValueFrom(ctx, "project") + "/" + fn.PathValueFrom(ctx, "none")}
}

// A handler reads the variables of WithBasePath, decoded; its operation's
// path parameters are its arguments.
func TestBasePathVariables(t *testing.T) {
	h := fn.NewServer(project{}, fn.WithoutSecurity(), fn.WithBasePath("/api/v1/projects/{project}"))
	w := send(t, h, "GET", "/api/v1/projects/my%20project/functions/12", "", "", nil)
	if _, msg := errorOf(t, w); w.Code != 404 || msg != "my project/" {
		t.Errorf("%d %q, want 404 \"my project/\"", w.Code, msg)
	}
}
