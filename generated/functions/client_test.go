package functions_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

var fastRetry = fn.WithRetry(fn.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond})

// flaky answers the first n requests with status, then 200 with body.
func flaky(t *testing.T, n int32, status int, header http.Header, body string) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) <= n {
			for k, v := range header {
				w.Header()[k] = v
			}
			w.WriteHeader(status)
			io.WriteString(w, `{"error":{"code":`+strconv.Itoa(status)+`,"message":"try later"}}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

const okFunction = `{"id":1,"name":"f","fileId":2,"status":"Ready","createdTime":3}`

func TestRetriesSafeOperations(t *testing.T) {
	for _, status := range []int{429, 502, 503, 504} {
		srv, hits := flaky(t, 2, status, nil, okFunction)
		c, _ := fn.NewClient(srv.URL, fastRetry)
		if _, err := c.GetFunction(context.Background(), 1); err != nil {
			t.Errorf("%d: %v", status, err)
		}
		if hits.Load() != 3 {
			t.Errorf("%d: %d requests, want 3", status, hits.Load())
		}
	}
	// An x-idempotent POST is retried too.
	srv, hits := flaky(t, 1, 503, nil, `{"items":[]}`)
	c, _ := fn.NewClient(srv.URL, fastRetry)
	if _, err := c.FilterFunctions(context.Background(), &fn.FunctionFilterRequest{}); err != nil || hits.Load() != 2 {
		t.Errorf("filterFunctions: %v after %d requests", err, hits.Load())
	}
	// Attempts are bounded: the last answer comes back as an APIError.
	srv, hits = flaky(t, 10, 503, nil, okFunction)
	c, _ = fn.NewClient(srv.URL, fastRetry)
	_, err := c.GetFunction(context.Background(), 1)
	var ae *fn.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 503 || hits.Load() != 3 {
		t.Errorf("got %v after %d requests", err, hits.Load())
	}
	// 400 and 500 are not worth retrying.
	for _, status := range []int{400, 500} {
		srv, hits := flaky(t, 1, status, nil, okFunction)
		c, _ := fn.NewClient(srv.URL, fastRetry)
		if _, err := c.GetFunction(context.Background(), 1); err == nil || hits.Load() != 1 {
			t.Errorf("%d retried: %v after %d requests", status, err, hits.Load())
		}
	}
}

// Calling a function is not safe to repeat: a retried call could run it
// twice. Only a 429 (over the concurrency limit: the server did not start
// it) is retried; a 502, 503 or 504 may come after the function started.
func TestCallFunctionIsRetriedOnlyOn429(t *testing.T) {
	const running = `{"id":1,"functionId":1,"status":"Running","startTime":1}`
	call := func(c *fn.Client) error {
		_, err := c.CallFunction(context.Background(), 1, &fn.FunctionCallRequest{Nonce: fn.Ptr("n")})
		return err
	}
	for _, status := range []int{500, 502, 503, 504} {
		srv, hits := flaky(t, 1, status, nil, running)
		c, _ := fn.NewClient(srv.URL, fastRetry)
		var ae *fn.APIError
		if err := call(c); !errors.As(err, &ae) || ae.StatusCode != status {
			t.Errorf("%d: got %v", status, err)
		}
		if hits.Load() != 1 {
			t.Errorf("%d: the call was sent %d times; a retried call may run the function twice", status, hits.Load())
		}
	}
	srv, hits := flaky(t, 2, 429, nil, running)
	c, _ := fn.NewClient(srv.URL, fastRetry)
	if err := call(c); err != nil || hits.Load() != 3 {
		t.Errorf("429: %v after %d requests, want success after 3", err, hits.Load())
	}
	// A dropped connection may have started the function: not retried.
	var drops atomic.Int32
	drop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		drops.Add(1)
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	}))
	defer drop.Close()
	c, _ = fn.NewClient(drop.URL, fastRetry)
	if err := call(c); err == nil || drops.Load() != 1 {
		t.Errorf("dropped connection: %v after %d requests, want an error after 1", err, drops.Load())
	}
}

func TestRetryAfterBeyondTheDeadlineReturnsAtOnce(t *testing.T) {
	srv, hits := flaky(t, 5, 429, http.Header{"Retry-After": {"30"}}, okFunction)
	c, _ := fn.NewClient(srv.URL, fn.WithRetry(fn.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Minute}))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := c.GetFunction(ctx, 1)
	var ae *fn.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 429 {
		t.Fatalf("got %v", err)
	}
	if hits.Load() != 1 {
		t.Errorf("%d requests; a Retry-After past the deadline must not be waited for", hits.Load())
	}
	if ctx.Err() != nil {
		t.Error("the client slept until the deadline")
	}
}

func TestRetriesConnectionErrorsOfSafeOperations(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close() // the connection drops with no answer
			return
		}
		io.WriteString(w, okFunction)
	}))
	defer srv.Close()
	c, _ := fn.NewClient(srv.URL, fastRetry)
	if _, err := c.GetFunction(context.Background(), 1); err != nil || hits.Load() != 2 {
		t.Errorf("%v after %d requests", err, hits.Load())
	}
}

func TestIteratorWalksEveryPage(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cursor := r.URL.Query().Get("cursor")
		seen = append(seen, cursor)
		page, _ := strconv.Atoi(cursor)
		next := ""
		if page < 2 {
			next = fmt.Sprintf(`,"nextCursor":"%d"`, page+1)
		}
		fmt.Fprintf(w, `{"items":[{"id":%d,"functionId":7,"status":"Completed","startTime":1},{"id":%d,"functionId":7,"status":"Completed","startTime":1}]%s}`, page*2+1, page*2+2, next)
	}))
	defer srv.Close()
	c, _ := fn.NewClient(srv.URL)
	var ids []fn.CogniteInternalId
	for call, err := range c.ListFunctionCallsAll(context.Background(), 7, &fn.ListFunctionCallsParams{Limit: fn.Ptr(int32(2))}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, call.ID)
	}
	if fmt.Sprint(ids) != "[1 2 3 4 5 6]" || fmt.Sprint(seen) != "[ 1 2]" {
		t.Errorf("ids %v, cursors sent %q", ids, seen)
	}
	// Stopping early sends no further request.
	seen = nil
	for range c.ListFunctionCallsAll(context.Background(), 7, nil) {
		break
	}
	if len(seen) != 1 {
		t.Errorf("%d requests after break", len(seen))
	}
	// The body-cursor form follows the cursor in the request body.
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if string(b) == `{}` {
			io.WriteString(w, `{"items":[{"id":1,"functionId":7,"status":"Running","startTime":1}],"nextCursor":"c2"}`)
			return
		}
		if string(b) != `{"cursor":"c2"}` {
			t.Errorf("second body %s", b)
		}
		io.WriteString(w, `{"items":[{"id":2,"functionId":7,"status":"Running","startTime":1}]}`)
	}))
	defer srv2.Close()
	c2, _ := fn.NewClient(srv2.URL)
	n := 0
	for _, err := range c2.FilterFunctionCallsAll(context.Background(), 7, &fn.FunctionCallFilterRequest{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 {
		t.Errorf("%d items", n)
	}
}

func TestHeadersUserAgentAndHooks(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		io.WriteString(w, okFunction)
	}))
	defer srv.Close()
	c, _ := fn.NewClient(srv.URL,
		fn.WithHeader("cdf-version", "20230101"),
		fn.WithUserAgent("specgen-test/1"),
		fn.WithRequestHook(func(r *http.Request) error { r.Header.Set("X-Hook", "yes"); return nil }))
	ctx := fn.ContextWithHeader(context.Background(), "X-Request-Id", "abc")
	if _, err := c.GetFunction(ctx, 1); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"Cdf-Version": "20230101", "User-Agent": "specgen-test/1", "X-Hook": "yes", "X-Request-Id": "abc"} {
		if got.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, got.Get(k), want)
		}
	}
	stop := errors.New("no network today")
	c2, _ := fn.NewClient(srv.URL, fn.WithRequestHook(func(*http.Request) error { return stop }))
	if _, err := c2.GetFunction(context.Background(), 1); !errors.Is(err, stop) {
		t.Errorf("hook error lost: %v", err)
	}
}

func TestStrictModeValidatesResponses(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"id":0,"functionId":1,"startTime":-5}`)
	}))
	defer srv.Close()
	lenient, _ := fn.NewClient(srv.URL)
	if _, err := lenient.GetFunctionCall(context.Background(), 1, 1); err != nil {
		t.Fatalf("lenient client: %v", err)
	}
	strict, _ := fn.NewClient(srv.URL, fn.WithStrict())
	_, err := strict.GetFunctionCall(context.Background(), 1, 1)
	vs := violations(t, err)
	for _, want := range []struct{ path, rule string }{{"id", "minimum"}, {"status", "required"}, {"startTime", "minimum"}} {
		if !hasViolation(vs, want.path, want.rule) {
			t.Errorf("missing %v in %v", want, vs)
		}
	}
}

// A strict client reads a status newer than the spec as it reads it
// without WithStrict (the spec's list of call statuses is open), and the
// rest of the answer is still checked.
func TestStrictModeKeepsEnumsOpen(t *testing.T) {
	body := `{"id":3,"functionId":1,"status":"ConcurrencyLimitExceeded","startTime":5}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, body)
	}))
	defer srv.Close()
	strict, _ := fn.NewClient(srv.URL, fn.WithStrict())
	call, err := strict.GetFunctionCall(context.Background(), 1, 3)
	if err != nil || call.Status != "ConcurrencyLimitExceeded" {
		t.Fatalf("got %+v, %v", call, err)
	}
	// Valid says the value is not one the spec lists; Validate takes it.
	if call.Status.Valid() || call.Validate() != nil {
		t.Errorf("the new status: Valid %v, Validate %v", call.Status.Valid(), call.Validate())
	}
	body = `{"id":0,"functionId":1,"status":"ConcurrencyLimitExceeded","startTime":5}`
	_, err = strict.GetFunctionCall(context.Background(), 1, 3)
	if vs := violations(t, err); len(vs) != 1 || !hasViolation(vs, "id", "minimum") {
		t.Errorf("want only id's minimum, got %v", vs)
	}
}

// A 2xx answer whose body is empty or not the declared JSON is a
// *ResponseError naming the answer, whatever the options; never a zero
// value with no error.
func TestBadSuccessBodiesAreResponseErrors(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
		want   string
	}{
		{201, "", "decoding the 201 answer to POST /functions/1/call: the body is empty"},
		{201, "  \n", "decoding the 201 answer to POST /functions/1/call: the body is empty"},
		{204, "", "decoding the 204 answer to POST /functions/1/call: the body is empty"},
		{201, " null\n", "decoding the 201 answer to POST /functions/1/call: the body is null"},
		{201, `{"id":1,`, "decoding the 201 answer to POST /functions/1/call: expected a string key in object at byte 8"},
		{201, `{"id":"1"}`, "decoding the 201 answer to POST /functions/1/call: id: expected a number, got a string at byte 6"},
	} {
		for _, opts := range [][]fn.ClientOption{nil, {fn.WithStrict()}} {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(c.status)
				io.WriteString(w, c.body)
			}))
			cl, _ := fn.NewClient(srv.URL, opts...)
			nonce := "n"
			got, err := cl.CallFunction(context.Background(), 1, &fn.FunctionCallRequest{Nonce: &nonce})
			srv.Close()
			var re *fn.ResponseError
			if got != nil || !errors.As(err, &re) || re.StatusCode != c.status || err.Error() != c.want || re.Unwrap() == nil {
				t.Errorf("%d %q (%d options): got %+v, %v; want %s", c.status, c.body, len(opts), got, err, c.want)
			}
		}
	}
}

// A Retry-After longer than the policy's MaxDelay is not slept through,
// even with no deadline: the 429 comes back at once, holding it.
func TestRetryAfterBeyondMaxDelayReturnsAtOnce(t *testing.T) {
	srv, hits := flaky(t, 5, 429, http.Header{"Retry-After": {"100000"}}, okFunction)
	c, _ := fn.NewClient(srv.URL, fn.WithRetry(fn.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Second}))
	// Had it slept, the call would not return before the test times out.
	_, err := c.GetFunction(context.Background(), 1)
	var ae *fn.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 429 || ae.Header.Get("Retry-After") != "100000" || hits.Load() != 1 {
		t.Fatalf("got %v after %d requests", err, hits.Load())
	}
	// Within MaxDelay it is honoured.
	srv, hits = flaky(t, 1, 503, http.Header{"Retry-After": {"1"}}, okFunction)
	c, _ = fn.NewClient(srv.URL, fn.WithRetry(fn.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Second}))
	if _, err := c.GetFunction(context.Background(), 1); err != nil || hits.Load() != 2 {
		t.Errorf("got %v after %d requests", err, hits.Load())
	}
}

func TestAnswersLargerThanTheCapAreRefused(t *testing.T) {
	list := `{"items":[` + okFunction + `,` + okFunction + `]}`
	srv, _ := flaky(t, 0, 0, nil, list)
	c, _ := fn.NewClient(srv.URL, fn.WithMaxResponseBytes(int64(len(list))-1))
	_, err := c.ListFunctions(context.Background(), nil)
	var re *fn.ResponseError
	if !errors.Is(err, fn.ErrResponseTooLarge) || !errors.As(err, &re) || re.StatusCode != 200 {
		t.Fatalf("got %v, want a *ResponseError wrapping ErrResponseTooLarge", err)
	}
	c, _ = fn.NewClient(srv.URL, fn.WithMaxResponseBytes(int64(len(list))))
	if got, err := c.ListFunctions(context.Background(), nil); err != nil || len(got.Items) != 2 {
		t.Fatalf("at the cap: %v, %v", got, err)
	}
}

// A caller that cancels while the client waits to retry gets its
// cancellation back (with the last answer), not the server's answer alone.
func TestCancelWhileWaitingToRetry(t *testing.T) {
	srv, hits := flaky(t, 10, 503, http.Header{"Retry-After": {"5"}}, okFunction)
	c, _ := fn.NewClient(srv.URL, fn.WithRetry(fn.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Minute}))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := c.GetFunction(ctx, 1)
	var ae *fn.APIError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &ae) || ae.StatusCode != 503 {
		t.Fatalf("got %v, want the cancellation and the 503", err)
	}
	if hits.Load() != 1 {
		t.Errorf("%d requests, want 1", hits.Load())
	}
}

// A policy that names only its attempts keeps the default delays: it backs
// off between attempts, and does not sleep through a long Retry-After.
func TestPartialRetryPolicyKeepsTheDefaultDelays(t *testing.T) {
	srv, hits := flaky(t, 10, 503, http.Header{"Retry-After": {"100000"}}, okFunction)
	c, _ := fn.NewClient(srv.URL, fn.WithRetry(fn.RetryPolicy{MaxAttempts: 5}))
	_, err := c.GetFunction(context.Background(), 1)
	var ae *fn.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 503 || hits.Load() != 1 {
		t.Fatalf("got %v after %d requests; a Retry-After past the default MaxDelay is not waited for", err, hits.Load())
	}
}

// A header value that net/http cannot send is refused at once, not
// retried as if the connection had failed.
func TestUnsendableHeaderIsNotRetried(t *testing.T) {
	// A client's own header is checked once, when it is made.
	if _, err := fn.NewClient("https://example.com", fn.WithHeader("X-Note", "a\r\nX-Injected: 1")); err == nil || !strings.Contains(err.Error(), "X-Note") {
		t.Fatalf("NewClient took a header with a line break: %v", err)
	}
}

// The same for a header a call's context adds, and for any control byte
// net/http refuses, not only line breaks.
func TestUnsendableContextHeaderIsNotRetried(t *testing.T) {
	srv, hits := flaky(t, 0, 200, nil, okFunction)
	var attempts atomic.Int32
	c, _ := fn.NewClient(srv.URL, fastRetry, fn.WithRequestHook(func(*http.Request) error { attempts.Add(1); return nil }))
	ctx := fn.ContextWithHeader(context.Background(), "X-Note", "a\x01b")
	if _, err := c.GetFunction(ctx, 1); err == nil || !strings.Contains(err.Error(), "X-Note") || hits.Load() != 0 || attempts.Load() != 0 {
		t.Fatalf("got %v after %d attempts", err, attempts.Load())
	}
	if _, err := c.GetFunction(fn.ContextWithHeader(context.Background(), "X-Note", "tab\there"), 1); err != nil {
		t.Errorf("a tab is allowed: %v", err)
	}
}

// A Retry-After too long for a time.Duration is longer than MaxDelay: the
// answer is returned at once, not retried after the usual backoff.
func TestHugeRetryAfterIsNotRetried(t *testing.T) {
	for _, ra := range []string{"9223372037", "18446744074"} {
		srv, hits := flaky(t, 1, 503, http.Header{"Retry-After": {ra}}, `{"id":1,"name":"f","fileId":2,"status":"Ready","createdTime":3}`)
		c, _ := fn.NewClient(srv.URL, fastRetry)
		_, err := c.GetFunction(context.Background(), 1)
		var ae *fn.APIError
		if hits.Load() != 1 || !errors.As(err, &ae) || ae.StatusCode != 503 {
			t.Errorf("Retry-After: %s: %d requests, %v", ra, hits.Load(), err)
		}
	}
}

// When the deadline is what stops the retries (the backoff would outlast
// it) or cuts an error body short, errors.Is tells, and the answer is kept.
func TestDeadlinesSaySo(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/functions/2" {
			w.WriteHeader(404)
			io.WriteString(w, `{"error":`)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
			return
		}
		w.WriteHeader(503)
	}))
	defer srv.Close()
	c, _ := fn.NewClient(srv.URL, fn.WithRetry(fn.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Hour, MaxDelay: time.Hour}))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := c.GetFunction(ctx, 1)
	var ae *fn.APIError
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &ae) || ae.StatusCode != 503 {
		t.Errorf("a backoff past the deadline: %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = c.GetFunction(ctx, 2)
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &ae) || ae.StatusCode != 404 {
		t.Errorf("an error body cut short by the deadline: %v", err)
	}
}

// Headers that net/http can never send are refused at once, never retried
// (a hook counts the attempts), never sent: a header name that is not a
// token (by NewClient, as a bad value is), a User-Agent with a line break,
// a context header with one.
func TestUnsendableHeadersAreNotRetried(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	if _, err := fn.NewClient(srv.URL, fn.WithHeader("X Bad:Name", "v")); err == nil || !strings.Contains(err.Error(), "not a token") {
		t.Errorf("a header name that is not a token: %v", err)
	}
	attempts := 0
	hook := fn.WithRequestHook(func(*http.Request) error { attempts++; return nil })
	c, err := fn.NewClient(srv.URL, fn.WithUserAgent("ua\r\nX-Evil: 1"), fastRetry, hook)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetFunction(context.Background(), 1); err == nil || attempts != 1 {
		t.Errorf("a User-Agent with a line break: %v, %d attempts", err, attempts)
	}
	c, _ = fn.NewClient(srv.URL, fastRetry)
	for _, kv := range [][2]string{{"X-A", "a\r\nX-Evil: 1"}, {"X-A", "a\nb"}, {"X-A\r\nX-Evil", "1"}} {
		if _, err := c.GetFunction(fn.ContextWithHeader(context.Background(), kv[0], kv[1]), 1); err == nil {
			t.Errorf("%q: no error", kv)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("%d requests sent", hits.Load())
	}
}

// An *APIError says which call failed, as a *ResponseError does.
func TestAPIErrorSaysWhichCall(t *testing.T) {
	srv, _ := flaky(t, 1, 404, http.Header{"Content-Type": {"application/json"}}, `{}`)
	c, _ := fn.NewClient(srv.URL + "/api/v1/projects/p")
	_, err := c.GetFunction(context.Background(), 7)
	var ae *fn.APIError
	if !errors.As(err, &ae) || ae.Request != "GET /api/v1/projects/p/functions/7" || !strings.HasPrefix(err.Error(), "GET /api/v1/projects/p/functions/7: 404 Not Found") {
		t.Errorf("%v (Request %q)", err, ae.Request)
	}
}
