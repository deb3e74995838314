package emulator

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

func TestSchedules(t *testing.T) {
	v := newEnv(t, func(c *Config) { c.QueueDelay, c.DeployDelay = 0, 0 })
	c := v.client(tokAdmin)
	ctx := ctxT(t)
	f := createReady(t, c, fn.Function{Name: "echo", FileID: 1, ExternalID: fn.Ptr(fn.CogniteExternalId("echo-ext"))})
	g := createReady(t, c, fn.Function{Name: "echo2", FileID: 1})

	create := func(s fn.FunctionSchedule) (*fn.ScheduleList, error) {
		if s.Nonce == nil {
			s.Nonce = fn.Ptr(v.nonce())
		}
		return c.CreateSchedules(ctx, &fn.ScheduleCreateRequest{Items: []fn.FunctionSchedule{s}})
	}
	data := map[string]any{"report": "daily", "n": 3.0, "tags": []any{"a", "b"}}
	out := must[*fn.ScheduleList](t)(create(fn.FunctionSchedule{Name: "every5", CronExpression: "*/5 * * * *", FunctionID: f.ID, Data: data, Description: fn.Ptr("five")}))
	s1 := out.Items[0]
	if err := s1.ValidateResponse(); err != nil {
		t.Errorf("schedule breaks the spec: %v", err)
	}
	if *s1.When != "Every 5 minutes" || *s1.FunctionID != *f.ID || s1.SessionID == nil || s1.SessionID.Int == nil || s1.Data != nil || s1.Nonce != nil {
		t.Errorf("created schedule %+v", s1)
	}
	s2 := must[*fn.ScheduleList](t)(create(fn.FunctionSchedule{Name: "hourly", CronExpression: "0 * * * *", FunctionID: g.ID})).Items[0]
	if *s2.When != "Every hour" {
		t.Errorf("when %q", *s2.When)
	}

	// Input data: kept from create; absent when there was none.
	in := must[*fn.ScheduleInputData](t)(c.GetScheduleInputData(ctx, *s1.ID))
	if in.ID != *s1.ID || !reflect.DeepEqual(in.Data, data) {
		t.Errorf("input data %+v, want %v", in, data)
	}
	resp, body := v.raw("GET", fmt.Sprintf("/api/v1/projects/p1/functions/schedules/%d/input_data", *s2.ID), tokAdmin, nil)
	if resp.StatusCode != 200 || strings.Contains(string(body), `"data"`) {
		t.Errorf("input data without data: %d %s", resp.StatusCode, body)
	}

	// List, filter, get, byids.
	names := func(l *fn.ScheduleList) []string {
		var out []string
		for _, s := range l.Items {
			out = append(out, s.Name)
		}
		return out
	}
	if got := names(must[*fn.ScheduleList](t)(c.ListSchedules(ctx, nil))); !reflect.DeepEqual(got, []string{"every5", "hourly"}) {
		t.Errorf("list %v", got)
	}
	if got := names(must[*fn.ScheduleList](t)(c.ListSchedules(ctx, &fn.ListSchedulesParams{Limit: fn.Ptr(int32(1))}))); len(got) != 1 {
		t.Errorf("list limit 1: %v", got)
	}
	for _, tc := range []struct {
		flt  fn.ScheduleFilter
		want []string
	}{
		{fn.ScheduleFilter{FunctionID: g.ID}, []string{"hourly"}},
		{fn.ScheduleFilter{FunctionExternalID: fn.Ptr(fn.CogniteExternalId("echo-ext"))}, []string{"every5"}},
		{fn.ScheduleFilter{Name: fn.Ptr("every5")}, []string{"every5"}},
		{fn.ScheduleFilter{CronExpression: fn.Ptr("0 * * * *")}, []string{"hourly"}},
		{fn.ScheduleFilter{CreatedTime: &fn.EpochTimestampRange{Max: fn.Ptr(*s1.CreatedTime - 1)}}, nil},
	} {
		got := names(must[*fn.ScheduleList](t)(c.FilterSchedules(ctx, &fn.ScheduleFilterRequest{Filter: &tc.flt})))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("filter %+v: %v, want %v", tc.flt, got, tc.want)
		}
	}
	got := must[*fn.FunctionSchedule](t)(c.GetSchedule(ctx, *s1.ID))
	if !reflect.DeepEqual(*got, s1) {
		t.Errorf("get %+v, want %+v", got, s1)
	}
	bl := must[*fn.ScheduleList](t)(c.GetSchedulesByIds(ctx, &fn.ScheduleByIdsRequest{Items: internalIDs(*s2.ID, *s1.ID)}))
	if !reflect.DeepEqual(names(bl), []string{"hourly", "every5"}) {
		t.Errorf("byids %v", names(bl))
	}
	_, err := c.GetSchedulesByIds(ctx, &fn.ScheduleByIdsRequest{Items: internalIDs(*s1.ID, 77)})
	if ae := wantAPIError(t, err, 400); !reflect.DeepEqual(ae.Missing, []map[string]any{{"id": float64(77)}}) {
		t.Errorf("missing %v", ae.Missing)
	}
	bl = must[*fn.ScheduleList](t)(c.GetSchedulesByIds(ctx, &fn.ScheduleByIdsRequest{Items: internalIDs(*s1.ID, 77), IgnoreUnknownIDs: fn.Ptr(true)}))
	if len(bl.Items) != 1 {
		t.Errorf("byids ignoreUnknownIds: %v", names(bl))
	}

	// Refusals: bad cron, unknown function, externalId with nonce, nonce reuse.
	for _, cron := range []string{"* * * *", "61 * * * *", "*/0 * * * *", "5-1 * * * *", "@hourly", "* * * JANUARY *"} {
		_, err := create(fn.FunctionSchedule{Name: "bad", CronExpression: cron, FunctionID: f.ID})
		if ae := wantAPIError(t, err, 400); !strings.Contains(ae.Message, "cron") {
			t.Errorf("cron %q: %q", cron, ae.Message)
		}
	}
	_, err = create(fn.FunctionSchedule{Name: "x", CronExpression: "* * * * *", FunctionID: fn.Ptr(fn.CogniteInternalId(9999))})
	if ae := wantAPIError(t, err, 400); len(ae.Missing) != 1 {
		t.Errorf("unknown function: %v", ae)
	}
	_, err = create(fn.FunctionSchedule{Name: "x", CronExpression: "* * * * *", FunctionExternalID: fn.Ptr(fn.CogniteExternalId("echo-ext"))})
	wantAPIError(t, err, 400)
	nonce := v.nonce()
	must[*fn.ScheduleList](t)(create(fn.FunctionSchedule{Name: "once", CronExpression: "0 0 * * *", FunctionID: f.ID, Nonce: &nonce}))
	_, err = create(fn.FunctionSchedule{Name: "twice", CronExpression: "0 0 * * *", FunctionID: f.ID, Nonce: &nonce})
	if ae := wantAPIError(t, err, 400); !strings.Contains(ae.Message, "Failed to bind session on schedule") {
		t.Errorf("nonce reuse: %q", ae.Message)
	}
	resp, body = v.raw("POST", "/api/v1/projects/p1/functions/schedules", tokAdmin, fmt.Sprintf(`{"items":[{"name":"n","cronExpression":"* * * * *","functionId":%d}]}`, *f.ID))
	if e := wantEnvelope(t, resp, body, 400); !strings.Contains(e.Error.Message, "nonce") {
		t.Errorf("no nonce: %q", e.Error.Message)
	}

	// Delete: unknown ids fail the request and delete nothing.
	_, err = c.DeleteSchedules(ctx, &fn.ScheduleDeleteRequest{Items: internalIDs(*s1.ID, 77)})
	if ae := wantAPIError(t, err, 400); len(ae.Missing) != 1 {
		t.Errorf("delete missing: %v", ae)
	}
	must[*fn.FunctionSchedule](t)(c.GetSchedule(ctx, *s1.ID))
	must[*fn.EmptyResponse](t)(c.DeleteSchedules(ctx, &fn.ScheduleDeleteRequest{Items: internalIDs(*s1.ID)}))
	_, err = c.GetSchedule(ctx, *s1.ID)
	wantAPIError(t, err, 404)
	_, err = c.GetScheduleInputData(ctx, *s1.ID)
	wantAPIError(t, err, 404)

	// Deleting a function deletes its schedules.
	must[*fn.EmptyResponse](t)(c.DeleteFunctions(ctx, &fn.FunctionByIdsRequest{Items: ids(*g.ID)}))
	_, err = c.GetSchedule(ctx, *s2.ID)
	wantAPIError(t, err, 404)
}

func TestFireSchedules(t *testing.T) {
	v := newEnv(t, func(c *Config) { c.QueueDelay, c.DeployDelay, c.CallDuration = 0, 0, 0 })
	c := v.client(tokAdmin)
	ctx := ctxT(t)
	f := createReady(t, c, fn.Function{Name: "echo", FileID: 1})
	data := map[string]any{"from": "schedule"}
	every := must[*fn.ScheduleList](t)(c.CreateSchedules(ctx, &fn.ScheduleCreateRequest{Items: []fn.FunctionSchedule{
		{Name: "every", CronExpression: "* * * * *", FunctionID: f.ID, Data: data, Nonce: fn.Ptr(v.nonce())}}})).Items[0]
	must[*fn.ScheduleList](t)(c.CreateSchedules(ctx, &fn.ScheduleCreateRequest{Items: []fn.FunctionSchedule{
		{Name: "never-now", CronExpression: "0 0 31 2 *", FunctionID: f.ID, Nonce: fn.Ptr(v.nonce())}}}))

	at := time.Now().Truncate(time.Minute).Add(time.Minute)
	if n := v.emu.FireSchedules(context.Background(), at); n != 1 {
		t.Fatalf("fired %d schedules, want 1", n)
	}
	calls := must[*fn.FunctionCallList](t)(c.FilterFunctionCalls(ctx, *f.ID, &fn.FunctionCallFilterRequest{Filter: &fn.FunctionCallFilter{ScheduleID: every.ID}}))
	if len(calls.Items) != 1 {
		t.Fatalf("calls of the schedule: %+v", calls.Items)
	}
	call := calls.Items[0]
	if call.ScheduledTime == nil || *call.ScheduledTime != fn.NewEpochTimestamp(at) {
		t.Errorf("scheduledTime %v, want %d", call.ScheduledTime, fn.NewEpochTimestamp(at))
	}
	done := waitCall(t, c, *f.ID, call.ID)
	resp := must[*fn.FunctionCallResponse](t)(c.GetFunctionCallResponse(ctx, *f.ID, done.ID))
	if string(resp.Response) != `{"from":"schedule"}` {
		t.Errorf("scheduled call response %s", resp.Response)
	}
	// A schedule does not fire for a minute before it existed.
	if n := v.emu.FireSchedules(context.Background(), at.Add(-time.Hour)); n != 0 {
		t.Errorf("fired %d schedules in the past", n)
	}
}
