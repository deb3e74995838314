package proof

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

// TestPrismProxy puts Prism, as a validating proxy with --errors, between
// the generated client and cmd/functions-emulator, and drives a realistic
// session through every operation. Prism checks each request against the
// spec before forwarding it (a violation is answered 422 and never
// forwarded) and each of the emulator's answers, errors included, after
// (a violation is answered 500); anything it only warns about lands in the
// sl-violations header. The test asserts that none of that happens.
//
// Paths: Prism matches a request's path against the spec's paths as they
// are written (/functions/...), ignoring the path of the spec's server URL
// (https://{cluster}.cognitedata.com/api/v1/projects/{project}), and
// forwards it to the upstream URL with that path appended. So the
// upstream must carry the base path, http://EMU/api/v1/projects/p1, and
// the client talks to Prism's root: a request to
// PRISM/api/v1/projects/p1/functions is answered 404 NO_PATH_MATCHED_ERROR.
func TestPrismProxy(t *testing.T) {
	requirePrism(t)
	// One running call per function, so that a second call of a sleeping
	// function is refused with 429.
	emu := startEmulator(t, "-max-running-per-function", "1")
	const project = "p1"
	base, _ := startPrism(t, "proxy", specPath(), emu.projectURL(project), "--errors")
	c, rec := newProofClient(t, base, emuToken)

	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	used := map[string]bool{}
	// must runs one call of operation name and stops the test on an error.
	must := func(name string, err error) {
		t.Helper()
		used[name] = true
		if err != nil {
			x := rec.last()
			t.Fatalf("%s: %v\n  last exchange: %s %s -> %d %s\n  violations: %s", name, err, x.Method, x.Path, x.Status, x.Body, prettyViolations(x.Violations))
		}
	}
	// mustFail runs a call that the emulator refuses, and checks the error.
	mustFail := func(name string, err error, status int, missing []map[string]any) {
		t.Helper()
		used[name] = true
		var ae *fn.APIError
		if !errors.As(err, &ae) {
			t.Fatalf("%s: got %v, want an *APIError %d", name, err, status)
		}
		if ae.StatusCode != status || ae.Code != status || ae.Message == "" || ae.RequestID == "" {
			t.Errorf("%s: got %d (code %d, message %q, request id %q), want %d with a message and a request id",
				name, ae.StatusCode, ae.Code, ae.Message, ae.RequestID, status)
		}
		if missing != nil && !reflect.DeepEqual(normalize(ae.Missing), normalize(missing)) {
			t.Errorf("%s: missing = %v, want %v", name, ae.Missing, missing)
		}
	}

	// ---- the project's Functions service ----
	st, err := c.GetFunctionsStatus(ctx)
	must("GetFunctionsStatus", err)
	if st.Status != fn.FunctionsActivationStatusInactive {
		t.Errorf("status of a new project = %q, want inactive", st.Status)
	}
	st, err = c.ActivateFunctions(ctx)
	must("ActivateFunctions", err)
	if st.Status != fn.FunctionsActivationStatusRequested && st.Status != fn.FunctionsActivationStatusActivated {
		t.Errorf("activation = %q, want requested or activated", st.Status)
	}
	poll(t, "activation", func() (bool, error) {
		st, err := c.GetFunctionsStatus(ctx)
		return err == nil && st.Status == fn.FunctionsActivationStatusActivated, err
	})
	limits, err := c.GetFunctionsLimits(ctx)
	must("GetFunctionsLimits", err)

	// ---- functions ----
	create := func(f fn.Function) fn.Function {
		t.Helper()
		out, err := c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{f}})
		must("CreateFunctions", err)
		if len(out.Items) != 1 || out.Items[0].ID == nil {
			t.Fatalf("createFunctions returned %v", out)
		}
		return out.Items[0]
	}
	echo := create(fn.Function{
		Name:           "echo-proof",
		ExternalID:     fn.Ptr[fn.CogniteExternalId]("proof/echo"),
		FileID:         42,
		Description:    fn.Ptr("Returns its input."),
		Owner:          fn.Ptr("proof@example.com"),
		FunctionPath:   fn.Ptr("handler.py"),
		Metadata:       fn.MetaData{"suite": "proof"},
		Secrets:        map[string]string{"api-key": "s3cret"},
		EnvVars:        map[string]string{"LOG_LEVEL": "debug"},
		CPU:            fn.Ptr(limits.CPUCores.Default),
		Memory:         fn.Ptr(limits.MemoryGb.Default),
		Runtime:        fn.Ptr(fn.FunctionRuntimePy312),
		IndexURL:       fn.Ptr("https://pypi.example.com/simple"),
		ExtraIndexURLs: []string{"https://extra.example.com/simple"},
	})
	if echo.Secrets["api-key"] != "***" {
		t.Errorf("secrets come back as %v, want masked", echo.Secrets)
	}
	failing := create(fn.Function{Name: "fail-proof", FileID: 43})
	sleeping := create(fn.Function{Name: "sleep-proof", FileID: 45})
	_, err = c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "again", FileID: 42, ExternalID: echo.ExternalID}}})
	mustFail("CreateFunctions", err, 409, nil)
	broken := create(fn.Function{Name: "broken-proof", FileID: 44, Metadata: fn.MetaData{"deploy": "fail"}})

	waitStatus := func(f fn.Function, want fn.FunctionStatus) fn.Function {
		t.Helper()
		var got *fn.Function
		poll(t, "function "+f.Name+" "+string(want), func() (bool, error) {
			var err error
			got, err = c.GetFunction(ctx, *f.ID)
			return err == nil && got.Status != nil && *got.Status == want, err
		})
		used["GetFunction"] = true
		return *got
	}
	echo = waitStatus(echo, fn.FunctionStatusReady)
	waitStatus(failing, fn.FunctionStatusReady)
	waitStatus(sleeping, fn.FunctionStatusReady)
	if b := waitStatus(broken, fn.FunctionStatusFailed); b.Error == nil || !b.Error.Trace.Set || b.Error.Trace.Null {
		t.Errorf("a failed deployment has no error trace: %v", b)
	}

	fl, err := c.ListFunctions(ctx, &fn.ListFunctionsParams{Limit: fn.Ptr[int32](10)})
	must("ListFunctions", err)
	if len(fl.Items) != 4 {
		t.Errorf("listFunctions: %d functions, want 4", len(fl.Items))
	}
	fl, err = c.FilterFunctions(ctx, &fn.FunctionFilterRequest{Filter: &fn.FunctionFilter{
		Status: fn.Ptr(fn.FunctionStatusReady), ExternalIDPrefix: fn.Ptr("proof/"), Metadata: fn.MetaData{"suite": "proof"},
		CreatedTime: &fn.EpochTimestampRange{Min: fn.Ptr[fn.EpochTimestamp](0)},
	}, Limit: fn.Ptr[int32](10)})
	must("FilterFunctions", err)
	if len(fl.Items) != 1 || *fl.Items[0].ID != *echo.ID {
		t.Errorf("filterFunctions: got %v, want only %d", fl.Items, *echo.ID)
	}
	fl, err = c.GetFunctionsByIds(ctx, &fn.FunctionByIdsRequest{Items: []fn.FunctionIdentifier{
		{FunctionInternalIdentifier: &fn.FunctionInternalIdentifier{ID: *failing.ID}},
		{FunctionExternalIdentifier: &fn.FunctionExternalIdentifier{ExternalID: "proof/echo"}},
	}})
	must("GetFunctionsByIds", err)
	if len(fl.Items) != 2 {
		t.Errorf("getFunctionsByIds: %d functions, want 2", len(fl.Items))
	}
	const unknown fn.CogniteInternalId = 999
	_, err = c.GetFunctionsByIds(ctx, &fn.FunctionByIdsRequest{Items: []fn.FunctionIdentifier{
		{FunctionInternalIdentifier: &fn.FunctionInternalIdentifier{ID: unknown}}}})
	mustFail("GetFunctionsByIds", err, 400, []map[string]any{{"id": unknown}})
	_, err = c.GetFunction(ctx, unknown)
	mustFail("GetFunction", err, 404, []map[string]any{{"id": unknown}})

	// ---- calls ----
	data := map[string]any{"assetId": float64(42), "dryRun": true, "tags": []any{"a", "b"}}
	callOf := func(f fn.Function, data map[string]any) fn.FunctionCall {
		t.Helper()
		call, err := c.CallFunction(ctx, *f.ID, &fn.FunctionCallRequest{Nonce: fn.Ptr(emu.nonce(t, project)), Data: data})
		must("CallFunction", err)
		if call.Status != fn.FunctionCallStatusRunning || call.FunctionID != *f.ID {
			t.Errorf("callFunction returned %+v", call)
		}
		return *call
	}
	waitCall := func(call fn.FunctionCall, want fn.FunctionCallStatus) fn.FunctionCall {
		t.Helper()
		var got *fn.FunctionCall
		poll(t, "call "+string(want), func() (bool, error) {
			var err error
			got, err = c.GetFunctionCall(ctx, call.FunctionID, call.ID)
			return err == nil && got.Status != fn.FunctionCallStatusRunning, err
		})
		used["GetFunctionCall"] = true
		if got.Status != want {
			t.Errorf("call %d ended %s, want %s", call.ID, got.Status, want)
		}
		return *got
	}
	first := callOf(echo, data)
	bad := callOf(failing, nil)
	callOf(sleeping, nil)
	waitCall(first, fn.FunctionCallStatusCompleted)
	second := callOf(echo, map[string]any{"n": float64(2)})
	waitCall(second, fn.FunctionCallStatusCompleted)
	if b := waitCall(bad, fn.FunctionCallStatusFailed); b.Error == nil {
		t.Errorf("a failed call has no error: %+v", b)
	}
	_, err = c.CallFunction(ctx, *broken.ID, &fn.FunctionCallRequest{Nonce: fn.Ptr(emu.nonce(t, project))})
	mustFail("CallFunction", err, 400, nil)
	_, err = c.CallFunction(ctx, *sleeping.ID, &fn.FunctionCallRequest{Nonce: fn.Ptr(emu.nonce(t, project))})
	mustFail("CallFunction", err, 429, nil)

	// Tokens: an unknown one is 401, one without functionsAcl:WRITE is 403.
	nobody, nrec := newProofClient(t, base, "no-such-token")
	_, err = nobody.ListFunctions(ctx, nil)
	mustFail("ListFunctions", err, 401, nil)
	reader, rrec := newProofClient(t, base, emuReadToken)
	_, err = reader.DeleteFunctions(ctx, &fn.FunctionByIdsRequest{Items: []fn.FunctionIdentifier{
		{FunctionInternalIdentifier: &fn.FunctionInternalIdentifier{ID: *echo.ID}}}})
	mustFail("DeleteFunctions", err, 403, nil)
	_, err = reader.GetFunction(ctx, *echo.ID)
	must("GetFunction", err)
	checkExchanges(t, append(nrec.exchanges(), rrec.exchanges()...))

	resp, err := c.GetFunctionCallResponse(ctx, *echo.ID, first.ID)
	must("GetFunctionCallResponse", err)
	var echoed map[string]any
	if err := json.Unmarshal(resp.Response, &echoed); err != nil || !reflect.DeepEqual(echoed, data) {
		t.Errorf("call response = %s (%v), want the input %v", resp.Response, err, data)
	}
	logs, err := c.GetFunctionCallLogs(ctx, *echo.ID, first.ID)
	must("GetFunctionCallLogs", err)
	if len(logs.Items) == 0 {
		t.Errorf("a completed call has no log lines")
	}
	page, err := c.ListFunctionCalls(ctx, *echo.ID, &fn.ListFunctionCallsParams{Limit: fn.Ptr[int32](1)})
	must("ListFunctionCalls", err)
	if len(page.Items) != 1 || page.NextCursor == nil {
		t.Fatalf("first page of calls: %+v, want one call and a cursor", page)
	}
	page2, err := c.ListFunctionCalls(ctx, *echo.ID, &fn.ListFunctionCallsParams{Limit: fn.Ptr[int32](1), Cursor: page.NextCursor})
	must("ListFunctionCalls", err)
	if len(page2.Items) != 1 || page2.Items[0].ID == page.Items[0].ID {
		t.Errorf("second page of calls: %+v after %+v", page2, page)
	}
	var paged []fn.CogniteInternalId
	for call, err := range c.FilterFunctionCallsAll(ctx, *echo.ID, &fn.FunctionCallFilterRequest{
		Filter: &fn.FunctionCallFilter{Status: fn.Ptr(fn.FunctionCallStatusCompleted), StartTime: &fn.EpochTimestampRange{Min: fn.Ptr[fn.EpochTimestamp](0)}},
		Limit:  fn.Ptr[int32](1),
	}) {
		must("FilterFunctionCalls", err)
		paged = append(paged, call.ID)
	}
	if !slices.Equal(paged, []fn.CogniteInternalId{second.ID, first.ID}) {
		t.Errorf("filterFunctionCalls pages = %v, want newest first %v", paged, []fn.CogniteInternalId{second.ID, first.ID})
	}
	cl, err := c.GetFunctionCallsByIds(ctx, *echo.ID, &fn.FunctionCallByIdsRequest{Items: []fn.InternalIdentifier{{ID: first.ID}, {ID: second.ID}}})
	must("GetFunctionCallsByIds", err)
	if len(cl.Items) != 2 {
		t.Errorf("getFunctionCallsByIds: %d calls, want 2", len(cl.Items))
	}
	_, err = c.GetFunctionCall(ctx, *echo.ID, unknown)
	mustFail("GetFunctionCall", err, 404, []map[string]any{{"id": unknown}})

	// ---- schedules ----
	sl, err := c.CreateSchedules(ctx, &fn.ScheduleCreateRequest{Items: []fn.FunctionSchedule{{
		Name: "every-5-minutes", Description: fn.Ptr("proof schedule"), FunctionID: echo.ID,
		CronExpression: "*/5 * * * *", Data: map[string]any{"mode": "incremental"}, Nonce: fn.Ptr(emu.nonce(t, project)),
	}}})
	must("CreateSchedules", err)
	if len(sl.Items) != 1 || sl.Items[0].ID == nil || sl.Items[0].SessionID == nil || sl.Items[0].When == nil {
		t.Fatalf("createSchedules returned %v", sl)
	}
	sched := sl.Items[0]
	sl, err = c.ListSchedules(ctx, &fn.ListSchedulesParams{Limit: fn.Ptr[int32](10)})
	must("ListSchedules", err)
	if len(sl.Items) != 1 {
		t.Errorf("listSchedules: %d schedules, want 1", len(sl.Items))
	}
	sl, err = c.FilterSchedules(ctx, &fn.ScheduleFilterRequest{Filter: &fn.ScheduleFilter{FunctionID: echo.ID, CronExpression: fn.Ptr("*/5 * * * *")}})
	must("FilterSchedules", err)
	if len(sl.Items) != 1 {
		t.Errorf("filterSchedules: %d schedules, want 1", len(sl.Items))
	}
	_, err = c.GetSchedule(ctx, *sched.ID)
	must("GetSchedule", err)
	sl, err = c.GetSchedulesByIds(ctx, &fn.ScheduleByIdsRequest{Items: []fn.InternalIdentifier{{ID: *sched.ID}, {ID: unknown}}, IgnoreUnknownIDs: fn.Ptr(true)})
	must("GetSchedulesByIds", err)
	if len(sl.Items) != 1 {
		t.Errorf("getSchedulesByIds with ignoreUnknownIds: %d schedules, want 1", len(sl.Items))
	}
	in, err := c.GetScheduleInputData(ctx, *sched.ID)
	must("GetScheduleInputData", err)
	if !reflect.DeepEqual(in.Data, map[string]any{"mode": "incremental"}) {
		t.Errorf("schedule input data = %v", in.Data)
	}
	_, err = c.DeleteSchedules(ctx, &fn.ScheduleDeleteRequest{Items: []fn.InternalIdentifier{{ID: *sched.ID}}})
	must("DeleteSchedules", err)
	_, err = c.GetSchedule(ctx, *sched.ID)
	mustFail("GetSchedule", err, 404, nil)
	_, err = c.DeleteSchedules(ctx, &fn.ScheduleDeleteRequest{Items: []fn.InternalIdentifier{{ID: *sched.ID}}})
	mustFail("DeleteSchedules", err, 400, []map[string]any{{"id": *sched.ID}})

	// ---- clean up ----
	_, err = c.DeleteFunctions(ctx, &fn.FunctionByIdsRequest{Items: []fn.FunctionIdentifier{
		{FunctionExternalIdentifier: &fn.FunctionExternalIdentifier{ExternalID: "proof/echo"}},
		{FunctionInternalIdentifier: &fn.FunctionInternalIdentifier{ID: *failing.ID}},
		{FunctionInternalIdentifier: &fn.FunctionInternalIdentifier{ID: *broken.ID}},
		{FunctionInternalIdentifier: &fn.FunctionInternalIdentifier{ID: *sleeping.ID}},
	}})
	must("DeleteFunctions", err)
	fl, err = c.ListFunctions(ctx, nil)
	must("ListFunctions", err)
	if len(fl.Items) != 0 {
		t.Errorf("after deleting every function, listFunctions returns %d", len(fl.Items))
	}

	checkCoverage(t, slices.Collect(maps.Keys(used)))
	checkExchanges(t, rec.exchanges())

	// Controls: Prism refuses a request that breaks the spec without
	// forwarding it, and refuses an upstream answer that breaks it, so a
	// clean run above means something.
	t.Run("Control", func(t *testing.T) {
		x := rawPost(t, base+"/functions", `{"items":[]}`)
		if x.Status != http.StatusUnprocessableEntity || !strings.HasPrefix(x.ContentType, "application/problem+json") {
			t.Errorf("POST /functions with no items: Prism answered %d %s, want its 422", x.Status, x.ContentType)
		}
		// The spec's server path is not part of what Prism routes.
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/projects/"+project+"/functions", nil)
		req.Header.Set("Authorization", "Bearer "+emuToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "NO_PATH_MATCHED") {
			t.Errorf("GET PRISM/api/v1/projects/%s/functions: %d %s, want Prism's 404 NO_PATH_MATCHED_ERROR", project, resp.StatusCode, body)
		}
		// An upstream whose activation status is not in the enum.
		bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"status":"switched-on"}`)
		}))
		defer bad.Close()
		badBase, _ := startPrism(t, "proxy", specPath(), bad.URL+"/api/v1/projects/"+project, "--errors")
		bc, brec := newProofClient(t, badBase, emuToken)
		_, err = bc.GetFunctionsStatus(ctx)
		if x := brec.last(); err == nil || x.Status != http.StatusInternalServerError || !strings.Contains(x.Body, "enum") {
			t.Errorf("an upstream answer outside the enum: got %v, Prism answered %d %s; want its 500 naming the enum", err, x.Status, x.Body)
		}
	})
}

// checkExchanges fails for every exchange in which Prism found a violation:
// an sl-violations header, or an answer Prism made itself (422 for a bad
// request, 500 for a bad response, 404 for an unknown path; all of them
// application/problem+json).
func checkExchanges(t *testing.T, xs []exchange) {
	t.Helper()
	if len(xs) == 0 {
		t.Fatal("no exchanges were recorded")
	}
	for _, x := range xs {
		if x.Violations != "" {
			t.Errorf("%s %s -> %d: Prism reports violations:\n    %s", x.Method, x.Path, x.Status, prettyViolations(x.Violations))
		}
		if strings.HasPrefix(x.ContentType, "application/problem+json") || x.Status == http.StatusUnprocessableEntity || x.Status >= 500 {
			t.Errorf("%s %s: Prism answered %d itself: %s", x.Method, x.Path, x.Status, x.Body)
		}
	}
	t.Logf("%d exchanges through Prism, none with a violation", len(xs))
}

// poll calls f every 25ms until it reports done, for at most 10s.
func poll(t *testing.T, what string, f func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		done, err := f()
		if done {
			return
		}
		last = err
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("waiting for %s: gave up after 10s (last error: %v)", what, last)
}
