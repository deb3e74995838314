package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

func TestAuth(t *testing.T) {
	v := newEnv(t, nil)
	ctx := ctxT(t)
	admin := v.client(tokAdmin)
	f := createReady(t, admin, fn.Function{Name: "echo", FileID: 1})
	callPath := fmt.Sprintf("/api/v1/projects/p1/functions/%d/call", *f.ID)

	// No token, a malformed header and an unknown token: 401.
	_, err := v.client("").ListFunctions(ctx, nil)
	wantAPIError(t, err, 401)
	_, err = v.client("nope").ListFunctions(ctx, nil)
	wantAPIError(t, err, 401)
	resp, body := v.raw("GET", "/api/v1/projects/p1/functions", "", nil)
	wantEnvelope(t, resp, body, 401)
	req, _ := http.NewRequest("GET", v.srv.URL+"/api/v1/projects/p1/functions", nil)
	req.Header.Set("Authorization", "Basic "+tokAdmin)
	if r, err := http.DefaultClient.Do(req); err != nil || r.StatusCode != 401 {
		t.Errorf("Basic auth: %v %v", r.StatusCode, err)
	}
	// Sessions and files need a token too.
	resp, body = v.raw("POST", "/api/v1/projects/p1/sessions", "", `{"items":[{"tokenExchange":true}]}`)
	wantEnvelope(t, resp, body, 401)

	// The write token lacks functionsAcl:RUN: calling is 403, before the
	// body is even looked at, and the nonce stays unused.
	nonce := v.nonceFor("p1", tokWrite)
	_, err = v.client(tokWrite).CallFunction(ctx, *f.ID, &fn.FunctionCallRequest{Nonce: &nonce})
	if ae := wantAPIError(t, err, 403); !strings.Contains(ae.Message, "functionsAcl:RUN") {
		t.Errorf("403 message %q", ae.Message)
	}
	resp, body = v.raw("POST", callPath, tokWrite, `{"not": "even valid"`)
	wantEnvelope(t, resp, body, 403)
	must[*fn.FunctionCall](t)(admin.CallFunction(ctx, *f.ID, &fn.FunctionCallRequest{Nonce: &nonce}))

	// The read token can read but not write, run, or make sessions.
	read := v.client(tokRead)
	must[*fn.FunctionList](t)(read.ListFunctions(ctx, nil))
	must[*fn.Function](t)(read.GetFunction(ctx, *f.ID))
	_, err = read.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "x", FileID: 1}}})
	wantAPIError(t, err, 403)
	_, err = read.DeleteFunctions(ctx, &fn.FunctionByIdsRequest{Items: ids(*f.ID)})
	wantAPIError(t, err, 403)
	_, err = read.ActivateFunctions(ctx)
	wantAPIError(t, err, 403)
	resp, body = v.raw("POST", "/api/v1/projects/p1/sessions", tokRead, `{"items":[{"tokenExchange":true}]}`)
	wantEnvelope(t, resp, body, 403)
	resp, body = v.raw("POST", "/api/v1/projects/p1/files/byids", tokRead, `{"items":[{"id":1}]}`)
	if resp.StatusCode != 200 {
		t.Errorf("files/byids with filesAcl:READ: %d %s", resp.StatusCode, body)
	}

	// The handler checks the capability again on its own, so an operation
	// reached without the HTTP layer's check still cannot slip through.
	ctxRead := WithProject(withPrincipal(ctx, testTokens.principals()[tokRead]), "p1")
	if _, err := v.emu.CallFunction(ctxRead, *f.ID, &fn.FunctionCallRequest{Nonce: fn.Ptr("x")}); err == nil {
		t.Error("handler let a read-only principal call a function")
	} else {
		wantStatus(t, err, 403)
	}
}

func wantStatus(t *testing.T, err error, status int) {
	t.Helper()
	ae, ok := err.(*fn.APIError)
	if !ok || ae.StatusCode != status {
		t.Fatalf("error %v, want status %d", err, status)
	}
}

func TestRequestID(t *testing.T) {
	v := newEnv(t, nil)
	req, _ := http.NewRequest("GET", v.srv.URL+"/api/v1/projects/p1/functions", nil)
	req.Header.Set("X-Request-Id", "my-trace.42")
	req.Header.Set("Authorization", "Bearer "+tokAdmin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("X-Request-Id"); got != "my-trace.42" {
		t.Errorf("echoed request id %q", got)
	}
	seen := map[string]bool{}
	for _, path := range []string{"/api/v1/projects/p1/functions", "/nowhere", "/api/v1/projects/p1/functions/1/nope", "/healthz"} {
		resp, _ := v.raw("GET", path, "", nil)
		id := resp.Header.Get("X-Request-Id")
		if id == "" || seen[id] {
			t.Errorf("%s: request id %q (missing or repeated)", path, id)
		}
		seen[id] = true
	}
	req.Header.Set("X-Request-Id", "bad id\twith spaces")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("X-Request-Id"); got == "" || strings.Contains(got, " ") {
		t.Errorf("unsafe request id was echoed: %q", got)
	}
}

func TestRoutes(t *testing.T) {
	v := newEnv(t, nil)
	for _, tc := range []struct {
		method, path, body string
		status             int
	}{
		{"GET", "/nowhere", "", 404},
		{"GET", "/api/v1/projects/p1/nothing", "", 404},
		{"DELETE", "/api/v1/projects/p1/functions", "", 405},
		{"GET", "/api/v1/projects/p1/sessions", "", 405},
		{"GET", "/api/v1/projects/p1/functions/abc", "", 400},
		{"GET", "/api/v1/projects/p1/functions/0", "", 400},
		{"GET", "/api/v1/projects/p1/functions/12345", "", 404},
		{"GET", "/api/v1/projects/p1/functions/12345/calls", "", 404},
		{"GET", "/api/v1/projects/p1/functions/12345/calls/1/logs", "", 404},
		{"GET", "/api/v1/projects/p1/functions/schedules/12345", "", 404},
		{"POST", "/api/v1/projects/p1/functions/list", "{not json", 400},
		{"POST", "/api/v1/projects/p1/sessions", "{}", 400},
		{"POST", "/api/v1/projects/p1/sessions", `{"items":[{"clientId":"x"}]}`, 400},
		{"POST", "/api/v1/projects/p1/sessions", `{"items":[{"tokenExchange":true},{"tokenExchange":true}]}`, 400},
		{"POST", "/api/v1/projects/p1/files/byids", `{"items":[{"id":1,"externalId":"x"}]}`, 400},
	} {
		resp, body := v.raw(tc.method, tc.path, tokAdmin, nilIfEmpty(tc.body))
		t.Run(tc.method+" "+tc.path, func(t *testing.T) { wantEnvelope(t, resp, body, tc.status) })
	}
	// Literal segments win over ids: these reach their own operations.
	for _, path := range []string{"/functions/limits", "/functions/status", "/functions/schedules"} {
		if resp, body := v.raw("GET", "/api/v1/projects/p1"+path, tokAdmin, nil); resp.StatusCode != 200 {
			t.Errorf("GET %s: %d %s", path, resp.StatusCode, body)
		}
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func TestFilesByIDs(t *testing.T) {
	v := newEnv(t, func(c *Config) {
		c.AutoFiles = false
		c.Files = []File{{ID: 10, ExternalID: "code-zip", Name: "code.zip"}}
	})
	resp, body := v.raw("POST", "/api/v1/projects/p1/files/byids", tokAdmin, `{"items":[{"id":10},{"externalId":"code-zip"}]}`)
	if resp.StatusCode != 200 || strings.Count(string(body), `"mimeType":"application/zip"`) != 2 || !strings.Contains(string(body), `"uploaded":true`) {
		t.Fatalf("files/byids: %d %s", resp.StatusCode, body)
	}
	resp, body = v.raw("POST", "/api/v1/projects/p1/files/byids", tokAdmin, `{"items":[{"id":10},{"id":11},{"externalId":"nope"}]}`)
	e := wantEnvelope(t, resp, body, 400)
	if len(e.Error.Missing) != 2 || e.Error.Missing[0]["id"] != float64(11) || e.Error.Missing[1]["externalId"] != "nope" {
		t.Errorf("missing %v", e.Error.Missing)
	}
	resp, body = v.raw("POST", "/api/v1/projects/p1/files/byids", tokAdmin, `{"items":[{"id":10},{"id":11}],"ignoreUnknownIds":true}`)
	if resp.StatusCode != 200 || strings.Count(string(body), `"id":`) != 1 {
		t.Errorf("ignoreUnknownIds: %d %s", resp.StatusCode, body)
	}
}

func TestNonces(t *testing.T) {
	clk := &clock{}
	v := newEnv(t, func(c *Config) { c.Now = clk.now; c.NonceTTL = time.Minute })
	c := v.client(tokAdmin)
	ctx := ctxT(t)
	f := createReady(t, c, fn.Function{Name: "echo", FileID: 1})

	nonce := v.nonce()
	must[*fn.FunctionCall](t)(c.CallFunction(ctx, *f.ID, &fn.FunctionCallRequest{Nonce: &nonce}))
	_, err := c.CallFunction(ctx, *f.ID, &fn.FunctionCallRequest{Nonce: &nonce})
	if ae := wantAPIError(t, err, 400); !strings.Contains(ae.Message, "Failed to bind session") || !strings.Contains(ae.Message, "already been used") {
		t.Errorf("reused nonce: %q", ae.Message)
	}
	_, err = c.CallFunction(ctx, *f.ID, &fn.FunctionCallRequest{Nonce: fn.Ptr("made-up")})
	if ae := wantAPIError(t, err, 400); !strings.Contains(ae.Message, "unknown") {
		t.Errorf("unknown nonce: %q", ae.Message)
	}
	// A nonce of another project does not bind here.
	foreign := v.nonceFor("p2", tokAdmin)
	_, err = c.CallFunction(ctx, *f.ID, &fn.FunctionCallRequest{Nonce: &foreign})
	wantAPIError(t, err, 400)
	// Without a nonce the client refuses to send; by hand it is a 400.
	if _, err := c.CallFunction(ctx, *f.ID, &fn.FunctionCallRequest{}); err == nil {
		t.Error("call without nonce was accepted")
	}
	resp, body := v.raw("POST", fmt.Sprintf("/api/v1/projects/p1/functions/%d/call", *f.ID), tokAdmin, `{"data":{}}`)
	wantEnvelope(t, resp, body, 400)
	// An old nonce has expired.
	old := v.nonce()
	clk.advance(2 * time.Minute)
	_, err = c.CallFunction(ctx, *f.ID, &fn.FunctionCallRequest{Nonce: &old})
	if ae := wantAPIError(t, err, 400); !strings.Contains(ae.Message, "expired") {
		t.Errorf("expired nonce: %q", ae.Message)
	}
	// Client-credential sessions work as well.
	resp, body = v.raw("POST", "/api/v1/projects/p1/sessions", tokAdmin, `{"items":[{"clientId":"my-app","clientSecret":"s"}]}`)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"type":"CLIENT_CREDENTIALS"`) || !strings.Contains(string(body), `"clientId":"my-app"`) || !strings.Contains(string(body), `"status":"READY"`) {
		t.Errorf("client credentials session: %d %s", resp.StatusCode, body)
	}
}

func TestRunningCallLimits(t *testing.T) {
	v := newEnv(t, func(c *Config) { c.CallTimeout = time.Minute })
	c := v.client(tokAdmin)
	ctx := ctxT(t)
	sleeper := createReady(t, c, fn.Function{Name: "sleep", FileID: 1})
	other := createReady(t, c, fn.Function{Name: "sleep-too", FileID: 1})

	for i := range 100 {
		if _, err := v.call(c, *sleeper.ID, nil); err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
	}
	nonce := v.nonce()
	_, err := c.CallFunction(ctx, *sleeper.ID, &fn.FunctionCallRequest{Nonce: &nonce})
	if ae := wantAPIError(t, err, 429); !strings.Contains(ae.Message, "100") {
		t.Errorf("429 message %q", ae.Message)
	}
	// The refused call did not use the nonce; another function still runs.
	must[*fn.FunctionCall](t)(c.CallFunction(ctx, *other.ID, &fn.FunctionCallRequest{Nonce: &nonce}))

	running := fn.FunctionCallStatusRunning
	page := must[*fn.FunctionCallList](t)(c.FilterFunctionCalls(ctx, *sleeper.ID, &fn.FunctionCallFilterRequest{Filter: &fn.FunctionCallFilter{Status: &running}, Limit: fn.Ptr(int32(1000))}))
	if len(page.Items) != 100 {
		t.Errorf("%d running calls, want 100", len(page.Items))
	}

	// The per-project limit.
	small := newEnv(t, func(c *Config) { c.CallTimeout = time.Minute; c.MaxRunningPerProject = 3 })
	sc := small.client(tokAdmin)
	a := createReady(t, sc, fn.Function{Name: "sleep-a", FileID: 1})
	b := createReady(t, sc, fn.Function{Name: "sleep-b", FileID: 1})
	for _, id := range []fn.CogniteInternalId{*a.ID, *a.ID, *b.ID} {
		must[*fn.FunctionCall](t)(small.call(sc, id, nil))
	}
	_, err = small.call(sc, *b.ID, nil)
	wantAPIError(t, err, 429)
}

func TestCallPagination(t *testing.T) {
	v := newEnv(t, func(c *Config) { c.CallDuration = 0 })
	c := v.client(tokAdmin)
	ctx := ctxT(t)
	f := createReady(t, c, fn.Function{Name: "echo", FileID: 1})
	var made []fn.CogniteInternalId
	for range 7 {
		made = append(made, must[*fn.FunctionCall](t)(v.call(c, *f.ID, nil)).ID)
	}
	var got []fn.CogniteInternalId
	params := &fn.ListFunctionCallsParams{Limit: fn.Ptr(int32(3))}
	pages := 0
	for {
		page := must[*fn.FunctionCallList](t)(c.ListFunctionCalls(ctx, *f.ID, params))
		pages++
		for _, it := range page.Items {
			got = append(got, it.ID)
		}
		if page.NextCursor == nil {
			break
		}
		params.Cursor = page.NextCursor
	}
	if pages != 3 || len(got) != 7 {
		t.Fatalf("%d pages, %d calls", pages, len(got))
	}
	for i := range got { // newest first
		if got[i] != made[len(made)-1-i] {
			t.Fatalf("order %v, want the reverse of %v", got, made)
		}
	}
	// Exactly a page's worth: no cursor.
	exact := must[*fn.FunctionCallList](t)(c.ListFunctionCalls(ctx, *f.ID, &fn.ListFunctionCallsParams{Limit: fn.Ptr(int32(7))}))
	if len(exact.Items) != 7 || exact.NextCursor != nil {
		t.Errorf("limit 7 of 7: %d items, cursor %v", len(exact.Items), exact.NextCursor)
	}
	// A cursor is bound to its function and must be one of ours.
	other := createReady(t, c, fn.Function{Name: "echo2", FileID: 1})
	first := must[*fn.FunctionCallList](t)(c.ListFunctionCalls(ctx, *f.ID, &fn.ListFunctionCallsParams{Limit: fn.Ptr(int32(1))}))
	_, err := c.ListFunctionCalls(ctx, *other.ID, &fn.ListFunctionCallsParams{Cursor: first.NextCursor})
	wantAPIError(t, err, 400)
	_, err = c.FilterFunctionCalls(ctx, *f.ID, &fn.FunctionCallFilterRequest{Cursor: fn.Ptr("garbage")})
	wantAPIError(t, err, 400)

	// calls/byids: order, missing, ignoreUnknownIds, duplicates.
	l := must[*fn.FunctionCallList](t)(c.GetFunctionCallsByIds(ctx, *f.ID, &fn.FunctionCallByIdsRequest{Items: internalIDs(made[2], made[0])}))
	if len(l.Items) != 2 || l.Items[0].ID != made[2] || l.Items[1].ID != made[0] {
		t.Errorf("calls/byids %+v", l.Items)
	}
	_, err = c.GetFunctionCallsByIds(ctx, *f.ID, &fn.FunctionCallByIdsRequest{Items: internalIDs(made[0], 5)})
	if ae := wantAPIError(t, err, 400); len(ae.Missing) != 1 || ae.Missing[0]["id"] != float64(5) {
		t.Errorf("missing %v", ae.Missing)
	}
	l = must[*fn.FunctionCallList](t)(c.GetFunctionCallsByIds(ctx, *f.ID, &fn.FunctionCallByIdsRequest{Items: internalIDs(made[0], 5), IgnoreUnknownIDs: fn.Ptr(true)}))
	if len(l.Items) != 1 {
		t.Errorf("ignoreUnknownIds: %+v", l.Items)
	}
	// Repeated ids break uniqueItems: the client refuses them before sending.
	_, err = c.GetFunctionCallsByIds(ctx, *f.ID, &fn.FunctionCallByIdsRequest{Items: internalIDs(made[0], made[0])})
	var ve *fn.ValidationError
	if !errors.As(err, &ve) || len(ve.Violations) != 1 || ve.Violations[0].Rule != "uniqueItems" {
		t.Errorf("duplicates: %v", err)
	}
	// A call of one function is not found under another.
	_, err = c.GetFunctionCall(ctx, *other.ID, made[0])
	wantAPIError(t, err, 404)
}

// TestConcurrentCalls: 50 goroutines × 20 calls against one echo function,
// then every call must be listed exactly once across the pages.
func TestConcurrentCalls(t *testing.T) {
	const workers, perWorker = 50, 20
	v := newEnv(t, func(c *Config) {
		c.CallDuration = 5 * time.Millisecond
		c.MaxRunningPerFunction, c.MaxRunningPerProject = 1<<20, 1<<20
	})
	c := v.client(tokAdmin)
	f := createReady(t, c, fn.Function{Name: "echo", FileID: 1})
	ctx := ctxT(t)

	var mu sync.Mutex
	made := map[fn.CogniteInternalId]int{}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				nonce, err := v.tryNonce("p1", tokAdmin)
				if err != nil {
					errs <- err
					return
				}
				call, err := c.CallFunction(ctx, *f.ID, &fn.FunctionCallRequest{Data: map[string]any{"worker": w, "i": i}, Nonce: &nonce})
				if err != nil {
					errs <- fmt.Errorf("worker %d call %d: %w", w, i, err)
					return
				}
				mu.Lock()
				made[call.ID]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(made) != workers*perWorker {
		t.Fatalf("%d distinct call ids for %d calls", len(made), workers*perWorker)
	}

	seen := map[fn.CogniteInternalId]int{}
	body := &fn.FunctionCallFilterRequest{Limit: fn.Ptr(int32(97))}
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatal("pagination does not end")
		}
		page := must[*fn.FunctionCallList](t)(c.FilterFunctionCalls(ctx, *f.ID, body))
		for _, it := range page.Items {
			seen[it.ID]++
		}
		if page.NextCursor == nil {
			break
		}
		body.Cursor = page.NextCursor
	}
	if len(seen) != len(made) {
		t.Errorf("listed %d calls, made %d", len(seen), len(made))
	}
	for id, n := range seen {
		if n != 1 || made[id] != 1 {
			t.Errorf("call %d listed %d times, made %d times", id, n, made[id])
		}
	}
	fresh := must[*fn.Function](t)(c.GetFunction(ctx, *f.ID))
	if fresh.LastCalled == nil {
		t.Error("lastCalled not set")
	}
}
