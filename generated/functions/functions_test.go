package functions_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

// fake is a Handler that records what it got and answers with valid data.
type fake struct {
	fn.UnimplementedHandler
	last atomic.Value // string: the operation called
}

func (f *fake) saw(op string) { f.last.Store(op) }

func sampleFunction(id fn.CogniteInternalId) fn.Function {
	status := fn.FunctionStatusReady
	created := fn.EpochTimestamp(1714086400000)
	return fn.Function{ID: &id, Name: "echo", FileID: 7, Status: &status, CreatedTime: &created}
}

func sampleCall(functionID, callID fn.CogniteInternalId) fn.FunctionCall {
	return fn.FunctionCall{ID: callID, FunctionID: functionID, Status: fn.FunctionCallStatusRunning, StartTime: 1714086400000}
}

func sampleSchedule(id fn.CogniteInternalId) fn.FunctionSchedule {
	created := fn.EpochTimestamp(1)
	when := "Every hour"
	fid := fn.CogniteInternalId(3)
	sid := int64(12345)
	return fn.FunctionSchedule{ID: &id, Name: "hourly", CronExpression: "0 * * * *", CreatedTime: &created, When: &when, FunctionID: &fid,
		SessionID: &fn.FunctionScheduleSessionID{Int: &sid}}
}

func (f *fake) CreateFunctions(ctx context.Context, body *fn.FunctionCreateRequest) (*fn.FunctionList, error) {
	f.saw("createFunctions")
	out := sampleFunction(1)
	out.Name = body.Items[0].Name
	return &fn.FunctionList{Items: []fn.Function{out}}, nil
}
func (f *fake) ListFunctions(ctx context.Context, params *fn.ListFunctionsParams) (*fn.FunctionList, error) {
	f.saw("listFunctions")
	n := 1
	if params.Limit != nil {
		n = int(*params.Limit)
	}
	var items []fn.Function
	for i := range n {
		items = append(items, sampleFunction(fn.CogniteInternalId(i+1)))
	}
	return &fn.FunctionList{Items: items}, nil
}
func (f *fake) FilterFunctions(ctx context.Context, body *fn.FunctionFilterRequest) (*fn.FunctionList, error) {
	f.saw("filterFunctions")
	return &fn.FunctionList{}, nil // nil items must go out as []
}
func (f *fake) GetFunction(ctx context.Context, functionID fn.CogniteInternalId) (*fn.Function, error) {
	f.saw("getFunction")
	out := sampleFunction(functionID)
	return &out, nil
}
func (f *fake) GetFunctionsByIds(ctx context.Context, body *fn.FunctionByIdsRequest) (*fn.FunctionList, error) {
	f.saw("getFunctionsByIds")
	var missing []map[string]any
	for _, it := range body.Items {
		if it.FunctionInternalIdentifier != nil && it.FunctionInternalIdentifier.ID == 404 {
			missing = append(missing, map[string]any{"id": 404})
		}
	}
	if len(missing) > 0 {
		return nil, &fn.APIError{StatusCode: 400, Message: "ids not found", Missing: missing}
	}
	return &fn.FunctionList{Items: []fn.Function{sampleFunction(1)}}, nil
}
func (f *fake) DeleteFunctions(ctx context.Context, body *fn.FunctionByIdsRequest) (*fn.EmptyResponse, error) {
	f.saw("deleteFunctions")
	return &fn.EmptyResponse{}, nil
}
func (f *fake) GetFunctionsLimits(ctx context.Context) (*fn.FunctionsLimits, error) {
	f.saw("getFunctionsLimits")
	r := fn.FunctionsResourceRange{Min: 1, Max: 1, Default: 1}
	return &fn.FunctionsLimits{TimeoutMinutes: 9, CPUCores: r, MemoryGb: r, Runtimes: []fn.FunctionRuntime{fn.FunctionRuntimePy313}}, nil
}
func (f *fake) GetFunctionsStatus(ctx context.Context) (*fn.FunctionsActivation, error) {
	f.saw("getFunctionsStatus")
	return &fn.FunctionsActivation{Status: fn.FunctionsActivationStatusActivated}, nil
}
func (f *fake) ActivateFunctions(ctx context.Context) (*fn.FunctionsActivation, error) {
	f.saw("activateFunctions")
	return &fn.FunctionsActivation{Status: fn.FunctionsActivationStatusRequested}, nil
}
func (f *fake) CallFunction(ctx context.Context, functionID fn.CogniteInternalId, body *fn.FunctionCallRequest) (*fn.FunctionCall, error) {
	f.saw("callFunction")
	out := sampleCall(functionID, 99)
	return &out, nil
}
func (f *fake) ListFunctionCalls(ctx context.Context, functionID fn.CogniteInternalId, params *fn.ListFunctionCallsParams) (*fn.FunctionCallList, error) {
	f.saw("listFunctionCalls")
	next := "page2"
	return &fn.FunctionCallList{Items: []fn.FunctionCall{sampleCall(functionID, 1)}, NextCursor: &next}, nil
}
func (f *fake) FilterFunctionCalls(ctx context.Context, functionID fn.CogniteInternalId, body *fn.FunctionCallFilterRequest) (*fn.FunctionCallList, error) {
	f.saw("filterFunctionCalls")
	return &fn.FunctionCallList{Items: []fn.FunctionCall{sampleCall(functionID, 2)}}, nil
}
func (f *fake) GetFunctionCallsByIds(ctx context.Context, functionID fn.CogniteInternalId, body *fn.FunctionCallByIdsRequest) (*fn.FunctionCallList, error) {
	f.saw("getFunctionCallsByIds")
	var items []fn.FunctionCall
	for _, it := range body.Items {
		items = append(items, sampleCall(functionID, it.ID))
	}
	return &fn.FunctionCallList{Items: items}, nil
}
func (f *fake) GetFunctionCall(ctx context.Context, functionID, callID fn.CogniteInternalId) (*fn.FunctionCall, error) {
	f.saw("getFunctionCall")
	out := sampleCall(functionID, callID)
	return &out, nil
}
func (f *fake) GetFunctionCallResponse(ctx context.Context, functionID, callID fn.CogniteInternalId) (*fn.FunctionCallResponse, error) {
	f.saw("getFunctionCallResponse")
	return &fn.FunctionCallResponse{FunctionID: functionID, CallID: callID, Response: json.RawMessage(`"done"`)}, nil
}
func (f *fake) GetFunctionCallLogs(ctx context.Context, functionID, callID fn.CogniteInternalId) (*fn.FunctionCallLogList, error) {
	f.saw("getFunctionCallLogs")
	msg := "hello"
	return &fn.FunctionCallLogList{Items: []fn.FunctionCallLogEntry{{Message: &msg}}}, nil
}
func (f *fake) CreateSchedules(ctx context.Context, body *fn.ScheduleCreateRequest) (*fn.ScheduleList, error) {
	f.saw("createSchedules")
	return &fn.ScheduleList{Items: []fn.FunctionSchedule{sampleSchedule(5)}}, nil
}
func (f *fake) ListSchedules(ctx context.Context, params *fn.ListSchedulesParams) (*fn.ScheduleList, error) {
	f.saw("listSchedules")
	return &fn.ScheduleList{Items: []fn.FunctionSchedule{sampleSchedule(5)}}, nil
}
func (f *fake) FilterSchedules(ctx context.Context, body *fn.ScheduleFilterRequest) (*fn.ScheduleList, error) {
	f.saw("filterSchedules")
	return &fn.ScheduleList{Items: []fn.FunctionSchedule{sampleSchedule(6)}}, nil
}
func (f *fake) GetSchedule(ctx context.Context, scheduleID fn.CogniteInternalId) (*fn.FunctionSchedule, error) {
	f.saw("getSchedule")
	out := sampleSchedule(scheduleID)
	return &out, nil
}
func (f *fake) GetSchedulesByIds(ctx context.Context, body *fn.ScheduleByIdsRequest) (*fn.ScheduleList, error) {
	f.saw("getSchedulesByIds")
	return &fn.ScheduleList{Items: []fn.FunctionSchedule{sampleSchedule(body.Items[0].ID)}}, nil
}
func (f *fake) DeleteSchedules(ctx context.Context, body *fn.ScheduleDeleteRequest) (*fn.EmptyResponse, error) {
	f.saw("deleteSchedules")
	return &fn.EmptyResponse{}, nil
}
func (f *fake) GetScheduleInputData(ctx context.Context, scheduleID fn.CogniteInternalId) (*fn.ScheduleInputData, error) {
	f.saw("getScheduleInputData")
	return &fn.ScheduleInputData{ID: scheduleID, Data: map[string]any{"x": 1.0}}, nil
}

// tokens maps bearer tokens to the capabilities they grant.
var tokens = map[string][]string{
	"admin":  {"functionsAcl:READ", "functionsAcl:WRITE", "functionsAcl:RUN"},
	"reader": {"functionsAcl:READ"},
}

// security accepts the tokens above and allows an operation when the
// token grants every capability it needs.
var security = []fn.ServerOption{
	fn.WithSecurity(func(ctx context.Context, op fn.OperationInfo, creds []fn.Credentials) (any, error) {
		for _, c := range creds {
			if caps, ok := tokens[c.Token]; ok {
				return caps, nil
			}
		}
		return nil, errors.New("unknown token")
	}),
	fn.WithAuthorizer(func(ctx context.Context, op fn.OperationInfo, principal any) error {
		for _, need := range op.Capabilities {
			if !slices.Contains(principal.([]string), need) {
				return errors.New("missing " + need)
			}
		}
		return nil
	}),
}

// bearer sends token on every request.
func bearer(token string) fn.ClientOption {
	return fn.WithRequestHook(func(r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+token)
		return nil
	})
}

func setup(t *testing.T, h fn.Handler) (*fn.Client, *httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	inner := fn.NewServer(h, security...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		inner.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := fn.NewClient(srv.URL, fn.WithHTTPClient(srv.Client()), bearer("admin"))
	if err != nil {
		t.Fatal(err)
	}
	return c, srv, &hits
}

func validFunctionCreate() *fn.FunctionCreateRequest {
	return &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "echo", FileID: 7}}}
}

func TestEveryOperationRoundTrips(t *testing.T) {
	f := &fake{}
	c, _, _ := setup(t, f)
	ctx := context.Background()
	nonce := "n-1"
	cases := []struct {
		op   string
		call func() (any, error)
		// check inspects the decoded result.
		check func(t *testing.T, got any)
	}{
		{"createFunctions", func() (any, error) { return c.CreateFunctions(ctx, validFunctionCreate()) }, func(t *testing.T, got any) {
			l := got.(*fn.FunctionList)
			if len(l.Items) != 1 || l.Items[0].Name != "echo" || *l.Items[0].ID != 1 {
				t.Errorf("got %+v", l)
			}
		}},
		{"listFunctions", func() (any, error) { return c.ListFunctions(ctx, &fn.ListFunctionsParams{Limit: fn.Ptr(int32(3))}) }, func(t *testing.T, got any) {
			if n := len(got.(*fn.FunctionList).Items); n != 3 {
				t.Errorf("limit not passed through: %d items", n)
			}
		}},
		{"filterFunctions", func() (any, error) {
			st := fn.FunctionStatusReady
			return c.FilterFunctions(ctx, &fn.FunctionFilterRequest{Filter: &fn.FunctionFilter{Status: &st}})
		}, func(t *testing.T, got any) {
			if l := got.(*fn.FunctionList); l.Items == nil || len(l.Items) != 0 {
				t.Errorf("want empty non-nil items, got %#v", l.Items)
			}
		}},
		{"getFunction", func() (any, error) { return c.GetFunction(ctx, 42) }, func(t *testing.T, got any) {
			if *got.(*fn.Function).ID != 42 {
				t.Errorf("got %+v", got)
			}
		}},
		{"getFunctionsByIds", func() (any, error) {
			return c.GetFunctionsByIds(ctx, &fn.FunctionByIdsRequest{Items: []fn.FunctionIdentifier{{FunctionExternalIdentifier: &fn.FunctionExternalIdentifier{ExternalID: "x"}}}})
		}, nil},
		{"deleteFunctions", func() (any, error) {
			return c.DeleteFunctions(ctx, &fn.FunctionByIdsRequest{Items: []fn.FunctionIdentifier{{FunctionInternalIdentifier: &fn.FunctionInternalIdentifier{ID: 1}}}})
		}, nil},
		{"getFunctionsLimits", func() (any, error) { return c.GetFunctionsLimits(ctx) }, func(t *testing.T, got any) {
			if got.(*fn.FunctionsLimits).TimeoutMinutes != 9 {
				t.Errorf("got %+v", got)
			}
		}},
		{"getFunctionsStatus", func() (any, error) { return c.GetFunctionsStatus(ctx) }, func(t *testing.T, got any) {
			if got.(*fn.FunctionsActivation).Status != fn.FunctionsActivationStatusActivated {
				t.Errorf("got %+v", got)
			}
		}},
		{"activateFunctions", func() (any, error) { return c.ActivateFunctions(ctx) }, nil},
		{"callFunction", func() (any, error) {
			return c.CallFunction(ctx, 5, &fn.FunctionCallRequest{Nonce: &nonce, Data: map[string]any{"a": 1}})
		}, func(t *testing.T, got any) {
			fc := got.(*fn.FunctionCall)
			if fc.FunctionID != 5 || fc.Status != fn.FunctionCallStatusRunning {
				t.Errorf("got %+v", fc)
			}
		}},
		{"listFunctionCalls", func() (any, error) {
			return c.ListFunctionCalls(ctx, 5, &fn.ListFunctionCallsParams{Cursor: fn.Ptr("abc")})
		}, func(t *testing.T, got any) {
			if l := got.(*fn.FunctionCallList); l.NextCursor == nil || *l.NextCursor != "page2" {
				t.Errorf("got %+v", l)
			}
		}},
		{"filterFunctionCalls", func() (any, error) { return c.FilterFunctionCalls(ctx, 5, &fn.FunctionCallFilterRequest{}) }, nil},
		{"getFunctionCallsByIds", func() (any, error) {
			return c.GetFunctionCallsByIds(ctx, 5, &fn.FunctionCallByIdsRequest{Items: []fn.InternalIdentifier{{ID: 8}, {ID: 9}}})
		}, func(t *testing.T, got any) {
			if l := got.(*fn.FunctionCallList); len(l.Items) != 2 || l.Items[1].ID != 9 {
				t.Errorf("got %+v", l)
			}
		}},
		{"getFunctionCall", func() (any, error) { return c.GetFunctionCall(ctx, 5, 6) }, func(t *testing.T, got any) {
			if fc := got.(*fn.FunctionCall); fc.FunctionID != 5 || fc.ID != 6 {
				t.Errorf("path parameters swapped or lost: %+v", fc)
			}
		}},
		{"getFunctionCallResponse", func() (any, error) { return c.GetFunctionCallResponse(ctx, 5, 6) }, func(t *testing.T, got any) {
			if r := got.(*fn.FunctionCallResponse); string(r.Response) != `"done"` || r.CallID != 6 {
				t.Errorf("got %+v", r)
			}
		}},
		{"getFunctionCallLogs", func() (any, error) { return c.GetFunctionCallLogs(ctx, 5, 6) }, nil},
		{"createSchedules", func() (any, error) {
			fid := fn.CogniteInternalId(3)
			return c.CreateSchedules(ctx, &fn.ScheduleCreateRequest{Items: []fn.FunctionSchedule{{Name: "hourly", CronExpression: "0 * * * *", FunctionID: &fid, Nonce: &nonce}}})
		}, nil},
		{"listSchedules", func() (any, error) { return c.ListSchedules(ctx, nil) }, nil},
		{"filterSchedules", func() (any, error) { return c.FilterSchedules(ctx, &fn.ScheduleFilterRequest{}) }, nil},
		{"getSchedule", func() (any, error) { return c.GetSchedule(ctx, 77) }, func(t *testing.T, got any) {
			s := got.(*fn.FunctionSchedule)
			if *s.ID != 77 || s.SessionID == nil || s.SessionID.Int == nil || *s.SessionID.Int != 12345 {
				t.Errorf("got %+v", s)
			}
		}},
		{"getSchedulesByIds", func() (any, error) {
			return c.GetSchedulesByIds(ctx, &fn.ScheduleByIdsRequest{Items: []fn.InternalIdentifier{{ID: 4}}})
		}, nil},
		{"deleteSchedules", func() (any, error) {
			return c.DeleteSchedules(ctx, &fn.ScheduleDeleteRequest{Items: []fn.InternalIdentifier{{ID: 4}}})
		}, nil},
		{"getScheduleInputData", func() (any, error) { return c.GetScheduleInputData(ctx, 4) }, func(t *testing.T, got any) {
			if d := got.(*fn.ScheduleInputData); d.ID != 4 || d.Data["x"] != 1.0 {
				t.Errorf("got %+v", d)
			}
		}},
	}
	if len(cases) != 23 {
		t.Fatalf("%d operations tested, want all 23", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.op, func(t *testing.T) {
			got, err := tc.call()
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if op, _ := f.last.Load().(string); op != tc.op {
				t.Fatalf("server dispatched to %q, want %q", op, tc.op)
			}
			if v := reflect.ValueOf(got); v.IsNil() {
				t.Fatal("nil result")
			}
			if tc.check != nil {
				tc.check(t, got)
			}
			// Every answer of the fake is valid as a response.
			if v, ok := got.(interface{ ValidateResponse() error }); ok {
				if err := v.ValidateResponse(); err != nil {
					t.Errorf("response invalid: %v", err)
				}
			}
		})
	}
}

// violations returns the violations of a *ValidationError, failing if err is not one.
func violations(t *testing.T, err error) []fn.Violation {
	t.Helper()
	var ve *fn.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want *ValidationError, got %T: %v", err, err)
	}
	return ve.Violations
}

func hasViolation(vs []fn.Violation, path, rule string) bool {
	for _, v := range vs {
		if v.Path == path && v.Rule == rule {
			return true
		}
	}
	return false
}

func TestClientRefusesInvalidRequestsBeforeSending(t *testing.T) {
	c, _, hits := setup(t, &fake{})
	ctx := context.Background()
	nonce := "n"
	long := strings.Repeat("x", 141)
	cases := []struct {
		name       string
		call       func() error
		path, rule string
	}{
		{"id 0", func() error { _, err := c.GetFunction(ctx, 0); return err }, "functionId", "minimum"},
		{"id 2^53", func() error { _, err := c.GetFunction(ctx, 1<<53); return err }, "functionId", "maximum"},
		{"negative call id", func() error { _, err := c.GetFunctionCall(ctx, 1, -1); return err }, "callId", "minimum"},
		{"no body", func() error { _, err := c.CallFunction(ctx, 1, nil); return err }, "", "required"},
		{"no nonce", func() error { _, err := c.CallFunction(ctx, 1, &fn.FunctionCallRequest{}); return err }, "nonce", "required"},
		{"zero items", func() error {
			_, err := c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{}})
			return err
		}, "items", "minItems"},
		{"two items to create", func() error {
			_, err := c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "a", FileID: 1}, {Name: "b", FileID: 1}}})
			return err
		}, "items", "maxItems"},
		{"name too long", func() error {
			_, err := c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: long, FileID: 1}}})
			return err
		}, "items[0].name", "maxLength"},
		{"empty name", func() error {
			_, err := c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "", FileID: 1}}})
			return err
		}, "items[0].name", "minLength"},
		{"byids 11 items", func() error {
			items := make([]fn.FunctionIdentifier, 11)
			for i := range items {
				items[i].FunctionInternalIdentifier = &fn.FunctionInternalIdentifier{ID: fn.CogniteInternalId(i + 1)}
			}
			_, err := c.GetFunctionsByIds(ctx, &fn.FunctionByIdsRequest{Items: items})
			return err
		}, "items", "maxItems"},
		{"timestamp -1", func() error {
			lo := fn.EpochTimestamp(-1)
			_, err := c.FilterFunctions(ctx, &fn.FunctionFilterRequest{Filter: &fn.FunctionFilter{CreatedTime: &fn.EpochTimestampRange{Min: &lo}}})
			return err
		}, "filter.createdTime.min", "minimum"},
		{"limit 0", func() error {
			_, err := c.ListFunctions(ctx, &fn.ListFunctionsParams{Limit: fn.Ptr(int32(0))})
			return err
		}, "limit", "minimum"},
		{"secret key pattern", func() error {
			_, err := c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "a", FileID: 1, Secrets: map[string]string{"MySecret": "hunter2"}}}})
			return err
		}, `items[0].secrets["MySecret"]`, "pattern"},
		{"schedule without nonce", func() error {
			_, err := c.CreateSchedules(ctx, &fn.ScheduleCreateRequest{Items: []fn.FunctionSchedule{{Name: "s", CronExpression: "* * * * *"}}})
			return err
		}, "items[0].nonce", "required"},
		{"identifier with no variant", func() error {
			_, err := c.GetFunctionsByIds(ctx, &fn.FunctionByIdsRequest{Items: []fn.FunctionIdentifier{{}}})
			return err
		}, "items[0]", "oneOf"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := hits.Load()
			err := tc.call()
			vs := violations(t, err)
			if !hasViolation(vs, tc.path, tc.rule) {
				t.Errorf("want violation %s (%s), got %v", tc.path, tc.rule, vs)
			}
			if hits.Load() != before {
				t.Error("an invalid request reached the network")
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Error("a secret value leaked into the error message")
			}
		})
	}
	// The edges that are allowed.
	for _, id := range []fn.CogniteInternalId{1, 1<<53 - 1} {
		if _, err := c.GetFunction(ctx, id); err != nil {
			t.Errorf("id %d: %v", id, err)
		}
	}
	zero := fn.EpochTimestamp(0)
	if _, err := c.FilterFunctions(ctx, &fn.FunctionFilterRequest{Filter: &fn.FunctionFilter{CreatedTime: &fn.EpochTimestampRange{Min: &zero}}}); err != nil {
		t.Errorf("timestamp 0: %v", err)
	}
	if _, err := c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: strings.Repeat("x", 140), FileID: 1}}}); err != nil {
		t.Errorf("name of 140 characters: %v", err)
	}
	ten := make([]fn.FunctionIdentifier, 10)
	for i := range ten {
		ten[i].FunctionInternalIdentifier = &fn.FunctionInternalIdentifier{ID: fn.CogniteInternalId(i + 1)}
	}
	if _, err := c.GetFunctionsByIds(ctx, &fn.FunctionByIdsRequest{Items: ten}); err != nil {
		t.Errorf("10 items: %v", err)
	}
	_ = nonce
}

func TestValidationReportsEveryViolation(t *testing.T) {
	req := &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "", FileID: 0, Secrets: map[string]string{"BAD": "x"}}}}
	vs := violations(t, req.ValidateRequest())
	for _, want := range []struct{ path, rule string }{
		{"items[0].name", "minLength"},
		{"items[0].fileId", "minimum"},
		{`items[0].secrets["BAD"]`, "pattern"},
	} {
		if !hasViolation(vs, want.path, want.rule) {
			t.Errorf("missing %v in %v", want, vs)
		}
	}
	if len(vs) != 3 {
		t.Errorf("want exactly 3 violations, got %v", vs)
	}
}

// raw sends a request as any HTTP client could and decodes the envelope.
func raw(t *testing.T, srv *httptest.Server, method, path, contentType, body string) (int, http.Header, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer admin")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var env map[string]any
	if len(data) > 0 {
		if err := json.Unmarshal(data, &env); err != nil {
			t.Fatalf("%s %s: body is not JSON: %q", method, path, data)
		}
	}
	return resp.StatusCode, resp.Header, env
}

// envelope checks the CDF error envelope and returns its message.
func envelope(t *testing.T, status int, env map[string]any) string {
	t.Helper()
	e, ok := env["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error envelope in %v", env)
	}
	if code, _ := e["code"].(float64); int(code) != status {
		t.Errorf("error.code %v, want %d", e["code"], status)
	}
	msg, _ := e["message"].(string)
	if msg == "" {
		t.Error("error.message is empty")
	}
	return msg
}

func TestServerFrameworkErrorsUseTheEnvelope(t *testing.T) {
	_, srv, _ := setup(t, &fake{})
	cases := []struct {
		name, method, path, ct, body string
		status                       int
		msgHas                       string
	}{
		{"non-numeric id", "GET", "/functions/abc", "", "", 400, "functionId"},
		{"id 0", "GET", "/functions/0", "", "", 400, "functionId"},
		{"id 2^53", "GET", "/functions/9007199254740992", "", "", 400, "functionId"},
		{"limit not a number", "GET", "/functions?limit=ten", "", "", 400, "limit"},
		{"limit 0", "GET", "/functions?limit=0", "", "", 400, "limit"},
		{"malformed JSON", "POST", "/functions/1/call", "application/json", `{"nonce":`, 400, "malformed"},
		{"wrong JSON type", "POST", "/functions/1/call", "application/json", `{"nonce": 5}`, 400, "nonce"},
		{"missing nonce", "POST", "/functions/1/call", "application/json", `{"data": {}}`, 400, "nonce"},
		{"missing body", "POST", "/functions/1/call", "application/json", ``, 400, "body"},
		{"wrong content type", "POST", "/functions/1/call", "text/plain", `{"nonce":"n"}`, 415, "application/json"},
		{"too many items", "POST", "/functions", "application/json", `{"items":[{"name":"a","fileId":1},{"name":"b","fileId":1}]}`, 400, "items"},
		{"missing required in item", "POST", "/functions", "application/json", `{"items":[{"name":"a"}]}`, 400, "items[0].fileId"},
		{"unknown path", "GET", "/nothing/here", "", "", 404, "/nothing/here"},
		{"wrong method", "DELETE", "/functions/1", "", "", 405, "DELETE"},
		{"wrong method on literal", "PUT", "/functions/status", "", "", 405, "PUT"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, hdr, env := raw(t, srv, tc.method, tc.path, tc.ct, tc.body)
			if status != tc.status {
				t.Fatalf("status %d, want %d (%v)", status, tc.status, env)
			}
			if ct := hdr.Get("Content-Type"); ct != "application/json" {
				t.Errorf("content type %q", ct)
			}
			if msg := envelope(t, status, env); !strings.Contains(msg, tc.msgHas) {
				t.Errorf("message %q does not mention %q", msg, tc.msgHas)
			}
			if tc.status == 405 && hdr.Get("Allow") == "" {
				t.Error("405 without Allow")
			}
		})
	}
}

// The path decides, then the method: /functions/list has POST alone, so
// GET /functions/list is a 405, not getFunction("list") (the OpenAPI
// rule: a concrete path is matched before a templated one). Allow names
// the path's methods, and HEAD wherever GET is.
func TestAllowNamesThePathsMethods(t *testing.T) {
	_, srv, _ := setup(t, &fake{})
	for _, tc := range []struct{ method, path, want string }{
		{"PUT", "/functions/1", "GET, HEAD"},
		{"PUT", "/functions/status", "GET, HEAD, POST"},
		{"PUT", "/functions/list", "POST"},
		{"GET", "/functions/list", "POST"},
	} {
		status, hdr, _ := raw(t, srv, tc.method, tc.path, "", "")
		if status != 405 || hdr.Get("Allow") != tc.want {
			t.Errorf("%s %s: %d, Allow %q; want 405 and %q", tc.method, tc.path, status, hdr.Get("Allow"), tc.want)
		}
	}
}

func TestLiteralSegmentsWinOverParameters(t *testing.T) {
	f := &fake{}
	c, srv, _ := setup(t, f)
	for path, op := range map[string]string{
		"/functions/status":      "getFunctionsStatus",
		"/functions/limits":      "getFunctionsLimits",
		"/functions/schedules":   "listSchedules",
		"/functions/12":          "getFunction",
		"/functions/schedules/3": "getSchedule",
	} {
		status, _, env := raw(t, srv, "GET", path, "", "")
		if status != 200 {
			t.Errorf("GET %s: %d %v", path, status, env)
		}
		if got, _ := f.last.Load().(string); got != op {
			t.Errorf("GET %s went to %s, want %s", path, got, op)
		}
	}
	if _, err := c.FilterFunctions(context.Background(), &fn.FunctionFilterRequest{}); err != nil || f.last.Load() != "filterFunctions" {
		t.Errorf("POST /functions/list: %v, went to %v", err, f.last.Load())
	}
}

// Routing details a client may rely on: escaped segments, HEAD, a method
// that only a less specific path serves, trailing slashes.
func TestRoutingEdges(t *testing.T) {
	f := &fake{}
	_, srv, _ := setup(t, f)
	for _, tc := range []struct {
		method, path string
		status       int
		op           string
	}{
		{"GET", "/functions/%31%32", 200, "getFunction"},          // escaped digits: the id 12
		{"GET", "/functions/st%61tus", 200, "getFunctionsStatus"}, // an escaped literal still matches it
		{"HEAD", "/functions/status", 200, "getFunctionsStatus"},
		{"GET", "/functions/12/calls/7/logs", 200, "getFunctionCallLogs"},
		{"GET", "/functions/schedules/3/input_data", 200, "getScheduleInputData"},
		// The path decides before the method: /functions/schedules/{scheduleId}
		// (the literal branch) matches, and has no POST; the parameter branch
		// (/functions/{functionId}/call) is not tried.
		{"POST", "/functions/schedules/call", 405, ""},
		{"GET", "/functions/12/", 404, ""},
		{"GET", "/functions//calls", 404, ""},
		{"GET", "/functions/12/calls/7/logs/more", 404, ""},
	} {
		f.last.Store("")
		status, _, env := raw(t, srv, tc.method, tc.path, "application/json", map[bool]string{true: `{"nonce":"n"}`}[tc.method == "POST"])
		if status != tc.status {
			t.Errorf("%s %s: %d %v, want %d", tc.method, tc.path, status, env, tc.status)
		}
		if got, _ := f.last.Load().(string); got != tc.op {
			t.Errorf("%s %s went to %q, want %q", tc.method, tc.path, got, tc.op)
		}
	}
}

func TestAPIErrorsReachTheClient(t *testing.T) {
	c, _, _ := setup(t, &fake{})
	// The server echoes the request id the client sends.
	ctx := fn.ContextWithHeader(context.Background(), "X-Request-Id", "req-123")
	_, err := c.GetFunctionsByIds(ctx, &fn.FunctionByIdsRequest{Items: []fn.FunctionIdentifier{{FunctionInternalIdentifier: &fn.FunctionInternalIdentifier{ID: 404}}}})
	var ae *fn.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want *APIError, got %T %v", err, err)
	}
	if ae.StatusCode != 400 || ae.Code != 400 || ae.Message != "ids not found" || ae.RequestID != "req-123" {
		t.Errorf("got %+v", ae)
	}
	if len(ae.Missing) != 1 || ae.Missing[0]["id"] != 404.0 {
		t.Errorf("missing: %v", ae.Missing)
	}
	// An operation nobody implemented answers 501 in the envelope.
	c2, _, _ := setup(t, fn.UnimplementedHandler{})
	_, err = c2.GetFunction(context.Background(), 1)
	if !errors.As(err, &ae) || ae.StatusCode != 501 || !strings.Contains(ae.Message, "getFunction") {
		t.Errorf("want 501 APIError, got %v", err)
	}
}

// cannedServer answers every request with the given body.
// newer records the values newer than the spec that reach the server.
type newer struct {
	fake
	runtime    fn.FunctionRuntime
	callStatus fn.FunctionCallStatus
}

func (h *newer) CreateFunctions(ctx context.Context, body *fn.FunctionCreateRequest) (*fn.FunctionList, error) {
	h.runtime = *body.Items[0].Runtime
	return h.fake.CreateFunctions(ctx, body)
}

func (h *newer) FilterFunctionCalls(ctx context.Context, functionID fn.CogniteInternalId, body *fn.FunctionCallFilterRequest) (*fn.FunctionCallList, error) {
	h.callStatus = *body.Filter.Status
	return h.fake.FilterFunctionCalls(ctx, functionID, body)
}

// Runtimes and statuses come faster than specs: the spec's lists of them
// are open, so a runtime or status newer than the spec is sent (a
// function on py314, the calls refused as ConcurrencyLimitExceeded) and
// the server hands it to the handler.
func TestValuesNewerThanTheSpecAreSent(t *testing.T) {
	h := &newer{}
	c, _, _ := setup(t, h)
	ctx := context.Background()
	rt := fn.FunctionRuntime("py314")
	if _, err := c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "a", FileID: 1, Runtime: &rt}}}); err != nil {
		t.Fatalf("create on a runtime newer than the spec: %v", err)
	}
	st := fn.FunctionCallStatus("ConcurrencyLimitExceeded")
	if _, err := c.FilterFunctionCalls(ctx, 1, &fn.FunctionCallFilterRequest{Filter: &fn.FunctionCallFilter{Status: &st}}); err != nil {
		t.Fatalf("filter by a status newer than the spec: %v", err)
	}
	if h.runtime != rt || h.callStatus != st {
		t.Errorf("the handler got runtime %q, status %q", h.runtime, h.callStatus)
	}
	if rt.Valid() || st.Valid() || !fn.FunctionRuntimePy313.Valid() {
		t.Error("Valid does not tell the spec's values from newer ones")
	}
}

func cannedServer(t *testing.T, status int, body string) *fn.Client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	c, err := fn.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestResponsesFromNewerServersDecode(t *testing.T) {
	c := cannedServer(t, 200, `{"id": 3, "functionId": 1, "status": "ConcurrencyLimitExceeded", "startTime": 5,
		"somethingNew": {"nested": true}, "error": "ZeroDivisionError: division by zero"}`)
	got, err := c.GetFunctionCall(context.Background(), 1, 3)
	if err != nil {
		t.Fatalf("unknown enum value or field broke decoding: %v", err)
	}
	if got.Status != "ConcurrencyLimitExceeded" || got.Status.Valid() {
		t.Errorf("status %q valid=%v", got.Status, got.Status.Valid())
	}
	if got.Error == nil || got.Error.String == nil || !strings.HasPrefix(*got.Error.String, "ZeroDivision") {
		t.Errorf("string error not decoded: %+v", got.Error)
	}
	// The spec's list of statuses is open: a new one is valid.
	if err := got.Validate(); err != nil {
		t.Errorf("a status newer than the spec fails Validate: %v", err)
	}
	// A closed enum's message says what the spec allows and never repeats
	// the value, which could be long, or a secret.
	ac := cannedServer(t, 200, `{"status": "suspended-for-audit"}`)
	act, err := ac.GetFunctionsStatus(context.Background())
	if err != nil || act.Status != "suspended-for-audit" {
		t.Fatalf("unknown activation status: %+v, %v", act, err)
	}
	if msg := act.Validate().Error(); strings.Contains(msg, "suspended") ||
		msg != `invalid: status: must be one of "inactive", "requested", "activated" (enum)` {
		t.Errorf("message: %s", msg)
	}

	// The older object form of the error decodes too.
	c = cannedServer(t, 200, `{"id": 3, "functionId": 1, "status": "Failed", "startTime": 5, "error": {"message": "boom", "trace": "line 1"}}`)
	got, err = c.GetFunctionCall(context.Background(), 1, 3)
	if err != nil || got.Error.FunctionCallErrorDetail == nil || got.Error.FunctionCallErrorDetail.Message != "boom" {
		t.Fatalf("object error: %v %+v", err, got)
	}

	// A form of the error that neither variant reads (a newer server's, say)
	// does not fail the call: it is kept as it came, Validate reports it,
	// and encoding writes it back unchanged.
	newer := `{"id": 3, "functionId": 1, "status": "Failed", "startTime": 5, "error": [ "boom", {"line": 7} ]}`
	c = cannedServer(t, 200, newer)
	got, err = c.GetFunctionCall(context.Background(), 1, 3)
	if err != nil || got.Error == nil || got.Error.String != nil || got.Error.FunctionCallErrorDetail != nil {
		t.Fatalf("error of no variant: %v %+v", err, got)
	}
	if msg := got.Validate().Error(); msg != "invalid: error: is an array that fits none of String, FunctionCallErrorDetail (oneOf)" {
		t.Errorf("message: %s", msg)
	}
	// As encoding/json writes a json.RawMessage: compacted, and with <, >
	// and & escaped by MarshalJSON as by json.Marshal.
	for _, f := range []func(any) ([]byte, error){json.Marshal, func(any) ([]byte, error) { return got.Error.MarshalJSON() }} {
		if b, err := f(got.Error); err != nil || string(b) != `["boom",{"line":7}]` {
			t.Errorf("written back as %s, %v", b, err)
		}
	}
	var html fn.FunctionCallError
	if err := html.UnmarshalJSON([]byte(`[ "<a>" ]`)); err != nil {
		t.Fatal(err)
	}
	b1, _ := html.MarshalJSON()
	b2, _ := json.Marshal(html)
	if string(b1) != `["\u003ca\u003e"]` || string(b2) != string(b1) {
		t.Errorf("MarshalJSON %s, json.Marshal %s", b1, b2)
	}
	var again fn.FunctionCall
	b, _ := json.Marshal(got)
	if err := json.Unmarshal(b, &again); err != nil {
		t.Fatal(err)
	}
	if b2, _ := json.Marshal(&again); string(b2) != string(b) {
		t.Errorf("round trip: %s, then %s", b, b2)
	}
	// So is an object that lacks what the object form requires (a message):
	// it is not read as that form with an empty message, and Validate says
	// what it lacks.
	c = cannedServer(t, 200, `{"id": 3, "functionId": 1, "status": "Failed", "startTime": 5, "error": {"trace": "t"}}`)
	got, err = c.GetFunctionCall(context.Background(), 1, 3)
	if err != nil || got.Error == nil || got.Error.FunctionCallErrorDetail != nil {
		t.Fatalf("error lacking its message: %v %+v", err, got)
	}
	if msg := got.Validate().Error(); msg != "invalid: error: is valid for none of String, FunctionCallErrorDetail (oneOf); error.message: is required (required)" {
		t.Errorf("message: %s", msg)
	}
	if b, _ := json.Marshal(got.Error); string(b) != `{"trace":"t"}` {
		t.Errorf("written back as %s", b)
	}
	// A strict client keeps it too, as it keeps an enum value newer than the
	// spec, and still checks the rest of the answer.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, newer) }))
	defer srv.Close()
	strict, _ := fn.NewClient(srv.URL, fn.WithStrict())
	if got, err := strict.GetFunctionCall(context.Background(), 1, 3); err != nil || got.Error == nil {
		t.Errorf("strict client: %+v, %v", got, err)
	}
	newer = strings.Replace(newer, `"startTime": 5`, `"startTime": -5`, 1)
	if _, err := strict.GetFunctionCall(context.Background(), 1, 3); !hasViolation(violations(t, err), "startTime", "minimum") || strings.Contains(err.Error(), "oneOf") {
		t.Errorf("strict client, bad startTime: %v", err)
	}
}

func TestMissingRequiredFieldInAResponse(t *testing.T) {
	// status is required in a FunctionCall; the client still decodes, and
	// validation says what is missing.
	c := cannedServer(t, 200, `{"id": 3, "functionId": 1, "startTime": 5}`)
	got, err := c.GetFunctionCall(context.Background(), 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if vs := violations(t, got.Validate()); !hasViolation(vs, "status", "required") {
		t.Errorf("got %v", vs)
	}
	// readOnly fields are required in responses only.
	c = cannedServer(t, 200, `{"name": "f", "fileId": 1}`)
	f, err := c.GetFunction(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	vs := violations(t, f.ValidateResponse())
	for _, p := range []string{"id", "createdTime", "status"} {
		if !hasViolation(vs, p, "required") {
			t.Errorf("readOnly %s not required in response: %v", p, vs)
		}
	}
	if err := f.ValidateRequest(); err != nil {
		t.Errorf("readOnly fields required in a request: %v", err)
	}
}

func TestOptionalNullableRequiredOnTheWire(t *testing.T) {
	// A create request carries no readOnly field and no absent optional one.
	b, err := json.Marshal(fn.Function{Name: "f", FileID: 2})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"name":"f","fileId":2}` {
		t.Errorf("got %s", b)
	}
	// trace is optional and nullable: absent, null and a value stay apart,
	// and each is written back as it came.
	for _, tc := range []struct {
		in          string
		set, isNull bool
	}{
		{`{"message":"m","trace":"line 1"}`, true, false},
		{`{"message":"m","trace":null}`, true, true},
		{`{"message":"m"}`, false, false},
	} {
		var be fn.FunctionBuildError
		if err := json.Unmarshal([]byte(tc.in), &be); err != nil || be.Trace.Set != tc.set || be.Trace.Null != tc.isNull {
			t.Fatalf("%s: %v %+v", tc.in, err, be)
		}
		if err := be.Validate(); err != nil {
			t.Errorf("%s: %v", tc.in, err)
		}
		if b, _ := json.Marshal(be); string(b) != tc.in {
			t.Errorf("%s written as %s", tc.in, b)
		}
	}
	// A server before May 2026 sent a code in place of the trace.
	var old fn.FunctionBuildError
	if err := json.Unmarshal([]byte(`{"code":400,"message":"m"}`), &old); err != nil || old.Code == nil || *old.Code != 400 || old.Validate() != nil {
		t.Fatalf("the older form: %v %+v", err, old)
	}
	// Required arrays are never written as null.
	if b, _ := json.Marshal(fn.FunctionList{}); string(b) != `{"items":[]}` {
		t.Errorf("got %s", b)
	}
	// An empty optional map is kept apart from an absent one.
	if b, _ := json.Marshal(fn.Function{Name: "f", FileID: 2, Metadata: fn.MetaData{}}); !strings.Contains(string(b), `"metadata":{}`) {
		t.Errorf("empty metadata dropped: %s", b)
	}
}

func TestEpochTimestampConvertsWithoutLoss(t *testing.T) {
	for _, ms := range []int64{0, 1, 1714086400123, 1<<53 - 1} {
		ts := fn.EpochTimestamp(ms)
		if back := fn.NewEpochTimestamp(ts.Time()); back != ts {
			t.Errorf("%d -> %v -> %d", ms, ts.Time(), back)
		}
	}
	now := time.Date(2026, 11, 25, 12, 0, 0, 123_000_000, time.UTC)
	if got := fn.NewEpochTimestamp(now).Time(); !got.Equal(now) {
		t.Errorf("%v -> %v", now, got)
	}
	if loc := fn.EpochTimestamp(0).Time().Location(); loc != time.UTC {
		t.Errorf("location %v", loc)
	}
}

func TestUnionsAndEnums(t *testing.T) {
	var id fn.FunctionIdentifier
	if err := json.Unmarshal([]byte(`{"externalId":"abc"}`), &id); err != nil || id.FunctionExternalIdentifier == nil || id.FunctionInternalIdentifier != nil {
		t.Fatalf("%v %+v", err, id)
	}
	if err := json.Unmarshal([]byte(`{"id":12}`), &id); err != nil || id.FunctionInternalIdentifier == nil || id.FunctionInternalIdentifier.ID != 12 {
		t.Fatalf("%v %+v", err, id)
	}
	if b, _ := json.Marshal(id); string(b) != `{"id":12}` {
		t.Errorf("got %s", b)
	}
	if !fn.FunctionCallStatusRunning.Valid() || fn.FunctionCallStatus("Sleeping").Valid() {
		t.Error("Valid is wrong")
	}
	if fn.FunctionRuntimePy313 != "py313" {
		t.Error("constant value")
	}
}

// Free-form values (data) decode exactly as encoding/json fills a
// map[string]any, and malformed ones fail the same way.
func TestFreeFormDataDecodesLikeEncodingJSON(t *testing.T) {
	for _, data := range []string{
		`{}`,
		`{"a":1,"b":-2.5e3,"c":"x\u00e9\n","d":[true,false,null,{"e":[]}],"f":{"g":{"h":[1,[2,[3]]]}}}`,
		`{"dup":1,"dup":2}`,
		`{"big":12345678901234567890,"tiny":1e-300}`,
	} {
		var got fn.FunctionCallRequest
		if err := got.UnmarshalJSON([]byte(`{"data":` + data + `,"nonce":"n"}`)); err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		var want map[string]any
		if err := json.Unmarshal([]byte(data), &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Data, want) {
			t.Errorf("%s: got %#v, want %#v", data, got.Data, want)
		}
	}
	for _, bad := range []string{`[1]`, `"s"`, `{"a":}`, `{"a":1e400}`, `{"a":tru}`, `{"a":[1,]}`} {
		var got fn.FunctionCallRequest
		if err := got.UnmarshalJSON([]byte(`{"data":` + bad + `}`)); err == nil {
			t.Errorf("data %s: decoded without error: %#v", bad, got.Data)
		}
	}
}

// Deeply nested documents are refused with an error, in free-form values and
// in skipped unknown properties alike, instead of exhausting the stack.
func TestDeepNestingIsRefused(t *testing.T) {
	const depth = 200000
	deep := strings.Repeat("[", depth) + strings.Repeat("]", depth)
	for _, doc := range []string{
		`{"data":{"x":` + deep + `}}`,
		`{"unknown":` + deep + `}`,
	} {
		var got fn.FunctionCallRequest
		err := got.UnmarshalJSON([]byte(doc)) // the generated decoder, without encoding/json's scan
		if err == nil || !strings.Contains(err.Error(), "max depth") {
			t.Errorf("got %v, want a max depth error", err)
		}
	}
	// Nesting within the limit still decodes.
	ok := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	var got fn.FunctionCallRequest
	if err := got.UnmarshalJSON([]byte(`{"data":{"x":` + ok + `}}`)); err != nil {
		t.Fatal(err)
	}
}

func TestDefaultsFromTheSpec(t *testing.T) {
	var f fn.Function
	if f.RuntimeOrDefault() != fn.FunctionRuntimePy313 || f.FunctionPathOrDefault() != "handler.py" {
		t.Errorf("defaults: %q %q", f.RuntimeOrDefault(), f.FunctionPathOrDefault())
	}
	if (*fn.ListFunctionsParams)(nil).LimitOrDefault() != 100 {
		t.Error("limit default")
	}
	rt := fn.FunctionRuntimePy311
	if f.Runtime = &rt; f.RuntimeOrDefault() != rt {
		t.Error("a set value must win over the default")
	}
}

// A call's response may be any JSON value, null included: null is kept
// apart from a response that is absent, as encoding/json keeps it in a
// json.RawMessage, and written back.
func TestNullCallResponseIsKept(t *testing.T) {
	for in, want := range map[string]string{
		`{"response":null,"functionId":1,"callId":2}`:              "null",
		`{"functionId":1,"callId":2}`:                              "",
		`{"response": [1, {"a": null}],"functionId":1,"callId":2}`: `[1, {"a": null}]`,
	} {
		var ours fn.FunctionCallResponse
		var std struct{ Response json.RawMessage }
		if err := ours.UnmarshalJSON([]byte(in)); err != nil || json.Unmarshal([]byte(in), &std) != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if string(ours.Response) != want || string(std.Response) != want {
			t.Errorf("%s: response %q, encoding/json %q; want %q", in, ours.Response, std.Response, want)
		}
		if ours.Validate() != nil {
			t.Errorf("%s: %v", in, ours.Validate())
		}
		// Written back (compacted, as json.Marshal writes a RawMessage).
		var again fn.FunctionCallResponse
		var compact bytes.Buffer
		json.Compact(&compact, ours.Response)
		b, _ := json.Marshal(&ours)
		if err := again.UnmarshalJSON(b); err != nil || string(again.Response) != compact.String() {
			t.Errorf("%s: written as %s, read back as %q", in, b, again.Response)
		}
	}
}

// On the reading side a null item of a list, or value of a map, reads as
// the zero value, as encoding/json reads it (the server refuses it in a
// request: TestMalformedBodiesNameTheirPlace).
func TestNullItemsReadAsEncodingJSONReadsThem(t *testing.T) {
	in := `{"name":"f","fileId":1,"extraIndexUrls":["u",null],"metadata":{"k":null},"envVars":{"A":null}}`
	var ours, std fn.Function
	if err := ours.UnmarshalJSON([]byte(in)); err != nil {
		t.Fatal(err)
	}
	type plain fn.Function // without its UnmarshalJSON
	if err := json.Unmarshal([]byte(in), (*plain)(&std)); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ours.ExtraIndexURLs, std.ExtraIndexURLs) || !reflect.DeepEqual(ours.Metadata, std.Metadata) || !reflect.DeepEqual(ours.EnvVars, std.EnvVars) {
		t.Errorf("ours %q %v %v, encoding/json %q %v %v", ours.ExtraIndexURLs, ours.Metadata, ours.EnvVars, std.ExtraIndexURLs, std.Metadata, std.EnvVars)
	}
}
