package emulator

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

func TestEchoFlow(t *testing.T) {
	v := newEnv(t, nil)
	c := v.client(tokAdmin)
	ctx := ctxT(t)

	created := must[*fn.FunctionList](t)(c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{
		Name: "echo", FileID: 42, ExternalID: fn.Ptr(fn.CogniteExternalId("echo-1")),
		Secrets: map[string]string{"api-key": "s3cret"}, IndexURL: fn.Ptr("https://user:pw@pypi.example.com/simple"),
	}}}))
	f := created.Items[0]
	if *f.Status != fn.FunctionStatusQueued {
		t.Errorf("new function is %s, want Queued", *f.Status)
	}
	if f.Secrets["api-key"] != "***" || f.IndexURL != nil {
		t.Errorf("secrets %v / indexUrl %v must be masked / not returned", f.Secrets, f.IndexURL)
	}
	if *f.Runtime != fn.FunctionRuntimePy313 || *f.FunctionPath != "handler.py" || f.RuntimeVersion == nil {
		t.Errorf("defaults not filled in: %+v", f)
	}
	if err := f.ValidateResponse(); err != nil {
		t.Errorf("create answer breaks the spec: %v", err)
	}
	ready := waitFunction(t, c, *f.ID, fn.FunctionStatusReady)
	if ready.LastCalled != nil {
		t.Errorf("lastCalled set before any call")
	}

	data := map[string]any{"a": 1.5, "b": "x", "nested": map[string]any{"list": []any{true, nil, "y"}}}
	call := must[*fn.FunctionCall](t)(v.call(c, *f.ID, data))
	if call.Status != fn.FunctionCallStatusRunning || call.FunctionID != *f.ID || call.EndTime != nil {
		t.Errorf("new call %+v, want Running without endTime", call)
	}
	done := waitCall(t, c, *f.ID, call.ID)
	if done.Status != fn.FunctionCallStatusCompleted || done.EndTime == nil || done.Error != nil {
		t.Fatalf("call ended %+v, want Completed", done)
	}
	if err := done.Validate(); err != nil {
		t.Errorf("call breaks the spec: %v", err)
	}

	resp := must[*fn.FunctionCallResponse](t)(c.GetFunctionCallResponse(ctx, *f.ID, call.ID))
	var got map[string]any
	if err := json.Unmarshal(resp.Response, &got); err != nil || !reflect.DeepEqual(got, data) {
		t.Errorf("response %s, want the input data %v", resp.Response, data)
	}
	if resp.FunctionID != *f.ID || resp.CallID != call.ID {
		t.Errorf("response ids %d/%d", resp.FunctionID, resp.CallID)
	}

	logs := must[*fn.FunctionCallLogList](t)(c.GetFunctionCallLogs(ctx, *f.ID, call.ID))
	if len(logs.Items) < 3 || logs.Items[0].Message == nil || logs.Items[0].Timestamp == nil {
		t.Fatalf("logs %+v, want a line per event", logs.Items)
	}

	after := must[*fn.Function](t)(c.GetFunction(ctx, *f.ID))
	if after.LastCalled == nil || *after.LastCalled != call.StartTime {
		t.Errorf("lastCalled %v, want %d", after.LastCalled, call.StartTime)
	}
	byIDs := must[*fn.FunctionCallList](t)(c.GetFunctionCallsByIds(ctx, *f.ID, &fn.FunctionCallByIdsRequest{Items: internalIDs(call.ID)}))
	if len(byIDs.Items) != 1 || byIDs.Items[0].Status != fn.FunctionCallStatusCompleted {
		t.Errorf("calls/byids %+v", byIDs.Items)
	}
	st := fn.FunctionCallStatusCompleted
	flt := must[*fn.FunctionCallList](t)(c.FilterFunctionCalls(ctx, *f.ID, &fn.FunctionCallFilterRequest{Filter: &fn.FunctionCallFilter{Status: &st}}))
	if len(flt.Items) != 1 || flt.NextCursor != nil {
		t.Errorf("filter Completed: %+v", flt)
	}
	st = fn.FunctionCallStatusFailed
	flt = must[*fn.FunctionCallList](t)(c.FilterFunctionCalls(ctx, *f.ID, &fn.FunctionCallFilterRequest{Filter: &fn.FunctionCallFilter{Status: &st}}))
	if len(flt.Items) != 0 {
		t.Errorf("filter Failed: %+v", flt)
	}
}

func TestFailSleepAndTimeout(t *testing.T) {
	v := newEnv(t, func(c *Config) { c.CallTimeout = 400 * time.Millisecond })
	c := v.client(tokAdmin)
	ctx := ctxT(t)

	failing := createReady(t, c, fn.Function{Name: "fail", FileID: 1})
	call := must[*fn.FunctionCall](t)(v.call(c, *failing.ID, map[string]any{"message": "boom"}))
	done := waitCall(t, c, *failing.ID, call.ID)
	if done.Status != fn.FunctionCallStatusFailed || done.Error == nil || done.Error.String == nil || !strings.Contains(*done.Error.String, "boom") {
		t.Fatalf("fail call ended %+v", done)
	}
	resp := must[*fn.FunctionCallResponse](t)(c.GetFunctionCallResponse(ctx, *failing.ID, call.ID))
	if resp.Response != nil {
		t.Errorf("failed call has response %s", resp.Response)
	}
	logs := must[*fn.FunctionCallLogList](t)(c.GetFunctionCallLogs(ctx, *failing.ID, call.ID))
	if joined := logText(logs); !strings.Contains(joined, "Traceback") || !strings.Contains(joined, "boom") {
		t.Errorf("fail logs %q", joined)
	}

	// Behaviour by metadata beats the name.
	sleeper := createReady(t, c, fn.Function{Name: "worker", FileID: 1, Metadata: fn.MetaData{MetaBehavior: "sleep"}})
	start := time.Now()
	call = must[*fn.FunctionCall](t)(v.call(c, *sleeper.ID, nil))
	time.Sleep(60 * time.Millisecond) // past CallDuration, before the timeout
	if mid := must[*fn.FunctionCall](t)(c.GetFunctionCall(ctx, *sleeper.ID, call.ID)); mid.Status != fn.FunctionCallStatusRunning {
		t.Fatalf("sleep call is %s before the timeout", mid.Status)
	}
	if r := must[*fn.FunctionCallResponse](t)(c.GetFunctionCallResponse(ctx, *sleeper.ID, call.ID)); r.Response != nil {
		t.Errorf("running call has a response")
	}
	done = waitCall(t, c, *sleeper.ID, call.ID)
	if done.Status != fn.FunctionCallStatusTimeout || done.EndTime == nil {
		t.Fatalf("sleep call ended %+v, want Timeout", done)
	}
	if elapsed := time.Since(start); elapsed < 400*time.Millisecond {
		t.Errorf("timed out after %v, before the 400ms timeout", elapsed)
	}
	if got := int64(*done.EndTime - done.StartTime); got != 400 {
		t.Errorf("endTime - startTime = %dms, want 400", got)
	}
	logs = must[*fn.FunctionCallLogList](t)(c.GetFunctionCallLogs(ctx, *sleeper.ID, call.ID))
	if !strings.Contains(logText(logs), "timeout") {
		t.Errorf("sleep logs %q", logText(logs))
	}

	// A short sleep completes.
	short := must[*fn.FunctionCall](t)(v.call(c, *sleeper.ID, map[string]any{"seconds": 0.01}))
	if d := waitCall(t, c, *sleeper.ID, short.ID); d.Status != fn.FunctionCallStatusCompleted {
		t.Errorf("short sleep ended %s", d.Status)
	}
}

func logText(l *fn.FunctionCallLogList) string {
	var b strings.Builder
	for _, it := range l.Items {
		b.WriteString(*it.Message + "\n")
	}
	return b.String()
}

func TestDeployFailure(t *testing.T) {
	v := newEnv(t, func(c *Config) {
		c.AutoFiles = false
		c.Files = []File{{ID: 7, Name: "good.zip"}, {ID: 8, Name: "broken-build.zip"}, {ID: 9, Name: "x.zip", Metadata: map[string]string{"broken": "true"}}}
	})
	c := v.client(tokAdmin)
	ctx := ctxT(t)
	for _, fileID := range []fn.CogniteInternalId{8, 9} {
		out := must[*fn.FunctionList](t)(c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "echo", FileID: fileID}}}))
		f := waitFunction(t, c, *out.Items[0].ID, fn.FunctionStatusFailed)
		if f.Error == nil || f.Error.Message == "" || !f.Error.Trace.Set || f.Error.Trace.Null {
			t.Errorf("failed function error %+v, want message and trace", f.Error)
		}
		_, err := v.call(c, *f.ID, nil)
		if ae := wantAPIError(t, err, 400); !strings.Contains(ae.Message, "Failed") {
			t.Errorf("calling a failed function: %v", ae)
		}
	}
	// Unknown file: 400 naming it.
	_, err := c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "echo", FileID: 404}}})
	ae := wantAPIError(t, err, 400)
	if !reflect.DeepEqual(ae.Missing, []map[string]any{{"id": float64(404)}}) {
		t.Errorf("missing %v", ae.Missing)
	}
	// A function that is still queued cannot be called, and the refused call
	// does not use up its nonce.
	clk := &clock{}
	slow := newEnv(t, func(c *Config) { c.QueueDelay, c.NonceTTL, c.Now = time.Hour, 0, clk.now })
	sc := slow.client(tokAdmin)
	out := must[*fn.FunctionList](t)(sc.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "echo", FileID: 7}}}))
	nonce := slow.nonce()
	_, err = sc.CallFunction(ctx, *out.Items[0].ID, &fn.FunctionCallRequest{Nonce: &nonce})
	if ae := wantAPIError(t, err, 400); !strings.Contains(ae.Message, "Queued") {
		t.Errorf("calling a Queued function: %v", ae)
	}
	clk.advance(2 * time.Hour)
	waitFunction(t, sc, *out.Items[0].ID, fn.FunctionStatusReady)
	must[*fn.FunctionCall](t)(sc.CallFunction(ctx, *out.Items[0].ID, &fn.FunctionCallRequest{Nonce: &nonce}))
}

func TestFunctionsByIdsDeleteAndConflicts(t *testing.T) {
	v := newEnv(t, nil)
	c := v.client(tokAdmin)
	ctx := ctxT(t)
	mk := func(name, ext string) fn.Function {
		out := must[*fn.FunctionList](t)(c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: name, FileID: 1, ExternalID: fn.Ptr(fn.CogniteExternalId(ext))}}}))
		return out.Items[0]
	}
	a, b := mk("a", "ext-a"), mk("b", "ext-b")

	_, err := c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "again", FileID: 1, ExternalID: fn.Ptr(fn.CogniteExternalId("ext-a"))}}})
	if ae := wantAPIError(t, err, 409); !reflect.DeepEqual(ae.Duplicated, []map[string]any{{"externalId": "ext-a"}}) {
		t.Errorf("duplicated %v", ae.Duplicated)
	}

	got := must[*fn.FunctionList](t)(c.GetFunctionsByIds(ctx, &fn.FunctionByIdsRequest{Items: append(ids(*b.ID), extIDs("ext-a")...)}))
	if len(got.Items) != 2 || *got.Items[0].ID != *b.ID || *got.Items[1].ID != *a.ID {
		t.Errorf("byids order: %+v", got.Items)
	}
	_, err = c.GetFunctionsByIds(ctx, &fn.FunctionByIdsRequest{Items: append(ids(*a.ID, 999), extIDs("nope")...)})
	ae := wantAPIError(t, err, 400)
	if want := []map[string]any{{"id": float64(999)}, {"externalId": "nope"}}; !reflect.DeepEqual(ae.Missing, want) {
		t.Errorf("missing %v, want %v", ae.Missing, want)
	}
	got = must[*fn.FunctionList](t)(c.GetFunctionsByIds(ctx, &fn.FunctionByIdsRequest{Items: append(ids(*a.ID, 999), extIDs("nope")...), IgnoreUnknownIDs: fn.Ptr(true)}))
	if len(got.Items) != 1 || *got.Items[0].ID != *a.ID {
		t.Errorf("byids ignoreUnknownIds: %+v", got.Items)
	}

	// Delete with an unknown id removes nothing.
	_, err = c.DeleteFunctions(ctx, &fn.FunctionByIdsRequest{Items: ids(*a.ID, 999)})
	if ae := wantAPIError(t, err, 400); len(ae.Missing) != 1 {
		t.Errorf("delete missing %v", ae.Missing)
	}
	must[*fn.Function](t)(c.GetFunction(ctx, *a.ID))
	must[*fn.EmptyResponse](t)(c.DeleteFunctions(ctx, &fn.FunctionByIdsRequest{Items: append(ids(999), extIDs("ext-a")...), IgnoreUnknownIDs: fn.Ptr(true)}))
	_, err = c.GetFunction(ctx, *a.ID)
	if ae := wantAPIError(t, err, 404); !reflect.DeepEqual(ae.Missing, []map[string]any{{"id": float64(*a.ID)}}) {
		t.Errorf("404 missing %v", ae.Missing)
	}
	// The external id is free again; the other function is untouched.
	mk("a2", "ext-a")
	all := must[*fn.FunctionList](t)(c.ListFunctions(ctx, nil))
	if len(all.Items) != 2 {
		t.Errorf("list after delete: %d functions", len(all.Items))
	}
}

func TestListAndFilterFunctions(t *testing.T) {
	v := newEnv(t, func(c *Config) { c.QueueDelay = 0; c.DeployDelay = 0 })
	c := v.client(tokAdmin)
	ctx := ctxT(t)
	before := fn.NewEpochTimestamp(time.Now())
	for i, spec := range []fn.Function{
		{Name: "alpha", FileID: 1, Owner: fn.Ptr("ann@example.com"), ExternalID: fn.Ptr(fn.CogniteExternalId("team-a/alpha")), Metadata: fn.MetaData{"team": "a", "tier": "1"}},
		{Name: "beta", FileID: 2, Owner: fn.Ptr("bob@example.com"), ExternalID: fn.Ptr(fn.CogniteExternalId("team-a/beta")), Metadata: fn.MetaData{"team": "a"}},
		{Name: "gamma", FileID: 2, ExternalID: fn.Ptr(fn.CogniteExternalId("team-b/gamma"))},
	} {
		if i == 2 {
			time.Sleep(5 * time.Millisecond)
		}
		must[*fn.FunctionList](t)(c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{spec}}))
	}
	names := func(l *fn.FunctionList) []string {
		var out []string
		for _, f := range l.Items {
			out = append(out, f.Name)
		}
		return out
	}
	filter := func(f fn.FunctionFilter, limit int32) []string {
		req := &fn.FunctionFilterRequest{Filter: &f}
		if limit > 0 {
			req.Limit = &limit
		}
		return names(must[*fn.FunctionList](t)(c.FilterFunctions(ctx, req)))
	}
	check := func(what string, got []string, want ...string) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", what, got, want)
		}
	}
	check("list", names(must[*fn.FunctionList](t)(c.ListFunctions(ctx, nil))), "alpha", "beta", "gamma")
	check("list limit 2", names(must[*fn.FunctionList](t)(c.ListFunctions(ctx, &fn.ListFunctionsParams{Limit: fn.Ptr(int32(2))}))), "alpha", "beta")
	check("name", filter(fn.FunctionFilter{Name: fn.Ptr("beta")}, 0), "beta")
	check("owner", filter(fn.FunctionFilter{Owner: fn.Ptr("ann@example.com")}, 0), "alpha")
	check("fileId", filter(fn.FunctionFilter{FileID: fn.Ptr(fn.CogniteInternalId(2))}, 0), "beta", "gamma")
	check("prefix", filter(fn.FunctionFilter{ExternalIDPrefix: fn.Ptr("team-a/")}, 0), "alpha", "beta")
	check("metadata", filter(fn.FunctionFilter{Metadata: fn.MetaData{"team": "a", "tier": "1"}}, 0), "alpha")
	check("status", filter(fn.FunctionFilter{Status: fn.Ptr(fn.FunctionStatusReady)}, 1), "alpha")
	check("status Queued", filter(fn.FunctionFilter{Status: fn.Ptr(fn.FunctionStatusQueued)}, 0))
	gammaCreated := *must[*fn.FunctionList](t)(c.FilterFunctions(ctx, &fn.FunctionFilterRequest{Filter: &fn.FunctionFilter{Name: fn.Ptr("gamma")}})).Items[0].CreatedTime
	check("createdTime", filter(fn.FunctionFilter{CreatedTime: &fn.EpochTimestampRange{Min: &before, Max: fn.Ptr(gammaCreated - 1)}}, 0), "alpha", "beta")

	// Another project sees none of it.
	other := v.clientFor("p2", tokAdmin)
	check("other project", names(must[*fn.FunctionList](t)(other.ListFunctions(ctx, nil))))
}

func TestLimitsAndActivation(t *testing.T) {
	v := newEnv(t, nil)
	c := v.client(tokAdmin)
	ctx := ctxT(t)
	lim := must[*fn.FunctionsLimits](t)(c.GetFunctionsLimits(ctx))
	if err := lim.Validate(); err != nil || len(lim.Runtimes) == 0 || lim.TimeoutMinutes < 1 {
		t.Errorf("limits %+v (%v)", lim, err)
	}
	// cpu outside the limits is refused.
	_, err := c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "x", FileID: 1, CPU: fn.Ptr(float32(lim.CPUCores.Max + 1))}}})
	wantAPIError(t, err, 400)
	// The client sends a runtime newer than the spec (its list is open);
	// the service refuses one it does not run, and runs one it lists.
	_, err = c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "x", FileID: 1, Runtime: fn.Ptr(fn.FunctionRuntime("py399"))}}})
	if ae := wantAPIError(t, err, 400); !strings.Contains(ae.Message, `"py399"`) {
		t.Errorf("unknown runtime: %q", ae.Message)
	}
	rt := lim.Runtimes[len(lim.Runtimes)-1]
	out := must[*fn.FunctionList](t)(c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "y", FileID: 1, Runtime: &rt}}}))
	if *out.Items[0].Runtime != rt {
		t.Errorf("created on %s, want %s", *out.Items[0].Runtime, rt)
	}

	if st := must[*fn.FunctionsActivation](t)(c.GetFunctionsStatus(ctx)); st.Status != fn.FunctionsActivationStatusInactive {
		t.Errorf("new project is %s", st.Status)
	}
	resp, body := v.raw("POST", "/api/v1/projects/p1/functions/status", tokAdmin, nil)
	if resp.StatusCode != 202 || !strings.Contains(string(body), `"requested"`) {
		t.Errorf("activate: %d %s", resp.StatusCode, body)
	}
	deadline := time.Now().Add(5 * time.Second)
	for must[*fn.FunctionsActivation](t)(c.GetFunctionsStatus(ctx)).Status != fn.FunctionsActivationStatusActivated {
		if time.Now().After(deadline) {
			t.Fatal("never activated")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if st := must[*fn.FunctionsActivation](t)(c.ActivateFunctions(ctx)); st.Status != fn.FunctionsActivationStatusActivated {
		t.Errorf("activating again: %s", st.Status)
	}
}

func TestItemBounds(t *testing.T) {
	v := newEnv(t, nil)
	c := v.client(tokAdmin)
	ctx := ctxT(t)

	two := &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "a", FileID: 1}, {Name: "b", FileID: 1}}}
	sent := v.sent.Load()
	_, err := c.CreateFunctions(ctx, two)
	var ve *fn.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "maxItems") {
		t.Fatalf("2 items: %v, want a *fn.ValidationError about maxItems", err)
	}
	eleven := make([]fn.CogniteInternalId, 11)
	for i := range eleven {
		eleven[i] = fn.CogniteInternalId(i + 1)
	}
	if _, err := c.GetFunctionsByIds(ctx, &fn.FunctionByIdsRequest{Items: ids(eleven...)}); !errors.As(err, &ve) {
		t.Fatalf("11 ids: %v, want a *fn.ValidationError", err)
	}
	if _, err := c.CreateSchedules(ctx, &fn.ScheduleCreateRequest{}); !errors.As(err, &ve) {
		t.Fatalf("0 schedules: %v, want a *fn.ValidationError", err)
	}
	if n := v.sent.Load() - sent; n != 0 {
		t.Fatalf("%d requests reached the network; the client must refuse them first", n)
	}

	// The same bodies sent by hand: the server refuses them in the envelope.
	resp, body := v.raw("POST", "/api/v1/projects/p1/functions", tokAdmin, two)
	if e := wantEnvelope(t, resp, body, 400); !strings.Contains(e.Error.Message, "maxItems") {
		t.Errorf("message %q", e.Error.Message)
	}
	resp, body = v.raw("POST", "/api/v1/projects/p1/functions/delete", tokAdmin, &fn.FunctionByIdsRequest{Items: ids(eleven...)})
	wantEnvelope(t, resp, body, 400)
	resp, body = v.raw("POST", "/api/v1/projects/p1/functions/schedules", tokAdmin, `{"items":[]}`)
	wantEnvelope(t, resp, body, 400)
	resp, body = v.raw("GET", "/api/v1/projects/p1/functions?limit=0", tokAdmin, nil)
	wantEnvelope(t, resp, body, 400)
	resp, body = v.raw("POST", "/api/v1/projects/p1/functions", tokAdmin, `{"items":[{"fileId":1}]}`)
	if e := wantEnvelope(t, resp, body, 400); !strings.Contains(e.Error.Message, "name") {
		t.Errorf("missing name: %q", e.Error.Message)
	}
	all := must[*fn.FunctionList](t)(c.ListFunctions(ctx, nil))
	if len(all.Items) != 0 {
		t.Errorf("refused creates left %d functions", len(all.Items))
	}
}

// TestLifecycleOnTheClock drives the Handler directly, without HTTP, on a
// clock the test moves: every deployment and call state is seen in turn.
func TestLifecycleOnTheClock(t *testing.T) {
	clk := &clock{}
	cfg := testConfig()
	cfg.QueueDelay, cfg.DeployDelay, cfg.CallDuration, cfg.CallTimeout, cfg.Now = time.Hour, time.Hour, time.Minute, 10*time.Minute, clk.now
	cfg.NonceTTL = 0
	emu, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := emu.ListFunctions(ctxT(t), &fn.ListFunctionsParams{}); err == nil {
		t.Error("a context without a project was accepted")
	}
	ctx := WithProject(ctxT(t), "p1")
	out := must[*fn.FunctionList](t)(emu.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "echo", FileID: 1, CPU: fn.Ptr(float32(2))}}}))
	id := *out.Items[0].ID
	*out.Items[0].CPU = 3 // must not reach the stored function
	status := func() fn.FunctionStatus { return *must[*fn.Function](t)(emu.GetFunction(ctx, id)).Status }
	for _, want := range []fn.FunctionStatus{fn.FunctionStatusQueued, fn.FunctionStatusDeploying, fn.FunctionStatusReady} {
		if got := status(); got != want {
			t.Fatalf("status %s, want %s", got, want)
		}
		clk.advance(time.Hour)
	}
	if got := *must[*fn.Function](t)(emu.GetFunction(ctx, id)).CPU; got != 2 {
		t.Errorf("cpu %v: a returned value changed the stored function", got)
	}
	call := must[*fn.FunctionCall](t)(emu.CallFunction(ctx, id, &fn.FunctionCallRequest{Data: map[string]any{"k": "v"}, Nonce: fn.Ptr(emu.NewNonce("p1"))}))
	logs := func() int {
		return len(must[*fn.FunctionCallLogList](t)(emu.GetFunctionCallLogs(ctx, id, call.ID)).Items)
	}
	running := logs()
	clk.advance(59 * time.Second)
	if c := must[*fn.FunctionCall](t)(emu.GetFunctionCall(ctx, id, call.ID)); c.Status != fn.FunctionCallStatusRunning {
		t.Errorf("after 59s the call is %s", c.Status)
	}
	clk.advance(time.Second)
	c := must[*fn.FunctionCall](t)(emu.GetFunctionCall(ctx, id, call.ID))
	if c.Status != fn.FunctionCallStatusCompleted || int64(*c.EndTime-c.StartTime) != time.Minute.Milliseconds() {
		t.Errorf("after 60s the call is %+v", c)
	}
	if done := logs(); done <= running {
		t.Errorf("logs did not grow when the call ended: %d then %d", running, done)
	}
	// Activation follows the clock too.
	must[*fn.FunctionsActivation](t)(emu.ActivateFunctions(ctx))
	if st := must[*fn.FunctionsActivation](t)(emu.GetFunctionsStatus(ctx)).Status; st != fn.FunctionsActivationStatusRequested {
		t.Errorf("just after activation: %s", st)
	}
	clk.advance(time.Second)
	if st := must[*fn.FunctionsActivation](t)(emu.GetFunctionsStatus(ctx)).Status; st != fn.FunctionsActivationStatusActivated {
		t.Errorf("a second later: %s", st)
	}
}
