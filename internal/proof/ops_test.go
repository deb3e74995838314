package proof

import (
	"context"
	"slices"
	"testing"

	fn "github.com/specgen/specgen/generated/functions"
)

// op is one operation of the API called with inputs that the spec allows.
type op struct {
	name string // the Handler method
	call func(ctx context.Context) (any, error)
	resp func() any // a new value of the operation's response type
}

// mkOp makes an op whose response type is T.
func mkOp[T any](name string, call func(ctx context.Context) (*T, error)) op {
	return op{name: name, call: func(ctx context.Context) (any, error) { return call(ctx) }, resp: func() any { return new(T) }}
}

// Ids used where no real object exists (the mock answers any id).
const (
	someFunctionID fn.CogniteInternalId = 1234567890
	someCallID     fn.CogniteInternalId = 987654321
	someScheduleID fn.CogniteInternalId = 555000111
)

// everyOperation calls each of the 23 operations once with rich, valid
// inputs: every optional field that a request may carry is set somewhere.
func everyOperation(c *fn.Client) []op {
	p := fn.Ptr[int32]
	s := fn.Ptr[string]
	range1 := &fn.EpochTimestampRange{Min: fn.Ptr[fn.EpochTimestamp](1714000000000), Max: fn.Ptr[fn.EpochTimestamp](1714086400000)}
	byIDs := &fn.FunctionByIdsRequest{
		Items: []fn.FunctionIdentifier{
			{FunctionInternalIdentifier: &fn.FunctionInternalIdentifier{ID: someFunctionID}},
			{FunctionExternalIdentifier: &fn.FunctionExternalIdentifier{ExternalID: "daily-report"}},
		},
		IgnoreUnknownIDs: fn.Ptr(true),
	}
	return []op{
		mkOp("CreateFunctions", func(ctx context.Context) (*fn.FunctionList, error) {
			return c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{
				Name:           "daily-report",
				ExternalID:     fn.Ptr[fn.CogniteExternalId]("daily-report"),
				FileID:         5467347282343,
				Description:    s("Writes the daily report."),
				Owner:          s("ops@example.com"),
				FunctionPath:   s("src/handler.py"),
				Metadata:       fn.MetaData{"team": "ops"},
				Secrets:        map[string]string{"api-key": "s3cret"},
				EnvVars:        map[string]string{"LOG_LEVEL": "debug"},
				CPU:            fn.Ptr[float32](0.5),
				Memory:         fn.Ptr[float32](1.5),
				Runtime:        fn.Ptr(fn.FunctionRuntimePy312),
				IndexURL:       s("https://pypi.example.com/simple"),
				ExtraIndexURLs: []string{"https://extra.example.com/simple"},
			}}})
		}),
		mkOp("ListFunctions", func(ctx context.Context) (*fn.FunctionList, error) {
			return c.ListFunctions(ctx, &fn.ListFunctionsParams{Limit: p(10)})
		}),
		mkOp("FilterFunctions", func(ctx context.Context) (*fn.FunctionList, error) {
			return c.FilterFunctions(ctx, &fn.FunctionFilterRequest{Filter: &fn.FunctionFilter{
				Name: s("daily-report"), Owner: s("ops@example.com"), FileID: fn.Ptr[fn.CogniteInternalId](5467347282343),
				Status: fn.Ptr(fn.FunctionStatusReady), ExternalIDPrefix: s("daily"), CreatedTime: range1,
				Metadata: fn.MetaData{"team": "ops"},
			}, Limit: p(10)})
		}),
		mkOp("GetFunction", func(ctx context.Context) (*fn.Function, error) { return c.GetFunction(ctx, someFunctionID) }),
		mkOp("GetFunctionsByIds", func(ctx context.Context) (*fn.FunctionList, error) { return c.GetFunctionsByIds(ctx, byIDs) }),
		mkOp("DeleteFunctions", func(ctx context.Context) (*fn.EmptyResponse, error) { return c.DeleteFunctions(ctx, byIDs) }),
		mkOp("GetFunctionsLimits", func(ctx context.Context) (*fn.FunctionsLimits, error) { return c.GetFunctionsLimits(ctx) }),
		mkOp("GetFunctionsStatus", func(ctx context.Context) (*fn.FunctionsActivation, error) { return c.GetFunctionsStatus(ctx) }),
		mkOp("ActivateFunctions", func(ctx context.Context) (*fn.FunctionsActivation, error) { return c.ActivateFunctions(ctx) }),
		mkOp("CallFunction", func(ctx context.Context) (*fn.FunctionCall, error) {
			return c.CallFunction(ctx, someFunctionID, &fn.FunctionCallRequest{
				Nonce: s("p8Ab3xLqT0fQ"), Data: map[string]any{"assetId": 42, "dryRun": true}})
		}),
		mkOp("ListFunctionCalls", func(ctx context.Context) (*fn.FunctionCallList, error) {
			return c.ListFunctionCalls(ctx, someFunctionID, &fn.ListFunctionCallsParams{Limit: p(10), Cursor: s("8ZiApWzHRT1Tx")})
		}),
		mkOp("FilterFunctionCalls", func(ctx context.Context) (*fn.FunctionCallList, error) {
			return c.FilterFunctionCalls(ctx, someFunctionID, &fn.FunctionCallFilterRequest{
				Filter: &fn.FunctionCallFilter{ScheduleID: fn.Ptr(someScheduleID), Status: fn.Ptr(fn.FunctionCallStatusFailed),
					StartTime: range1, EndTime: range1},
				Limit: p(10), Cursor: s("8ZiApWzHRT1Tx")})
		}),
		mkOp("GetFunctionCallsByIds", func(ctx context.Context) (*fn.FunctionCallList, error) {
			return c.GetFunctionCallsByIds(ctx, someFunctionID, &fn.FunctionCallByIdsRequest{
				Items: []fn.InternalIdentifier{{ID: someCallID}, {ID: someCallID + 1}}, IgnoreUnknownIDs: fn.Ptr(true)})
		}),
		mkOp("GetFunctionCall", func(ctx context.Context) (*fn.FunctionCall, error) {
			return c.GetFunctionCall(ctx, someFunctionID, someCallID)
		}),
		mkOp("GetFunctionCallResponse", func(ctx context.Context) (*fn.FunctionCallResponse, error) {
			return c.GetFunctionCallResponse(ctx, someFunctionID, someCallID)
		}),
		mkOp("GetFunctionCallLogs", func(ctx context.Context) (*fn.FunctionCallLogList, error) {
			return c.GetFunctionCallLogs(ctx, someFunctionID, someCallID)
		}),
		mkOp("CreateSchedules", func(ctx context.Context) (*fn.ScheduleList, error) {
			return c.CreateSchedules(ctx, &fn.ScheduleCreateRequest{Items: []fn.FunctionSchedule{{
				Name: "refresh-cache", Description: s("Keeps the report cache warm."), FunctionID: fn.Ptr(someFunctionID),
				CronExpression: "*/5 * * * *", Data: map[string]any{"mode": "incremental"}, Nonce: s("p8Ab3xLqT0fQ"),
			}}})
		}),
		mkOp("ListSchedules", func(ctx context.Context) (*fn.ScheduleList, error) {
			return c.ListSchedules(ctx, &fn.ListSchedulesParams{Limit: p(10)})
		}),
		mkOp("FilterSchedules", func(ctx context.Context) (*fn.ScheduleList, error) {
			return c.FilterSchedules(ctx, &fn.ScheduleFilterRequest{Filter: &fn.ScheduleFilter{
				Name: s("refresh-cache"), FunctionID: fn.Ptr(someFunctionID), CreatedTime: range1, CronExpression: s("*/5 * * * *"),
			}, Limit: p(10)})
		}),
		mkOp("GetSchedule", func(ctx context.Context) (*fn.FunctionSchedule, error) { return c.GetSchedule(ctx, someScheduleID) }),
		mkOp("GetSchedulesByIds", func(ctx context.Context) (*fn.ScheduleList, error) {
			return c.GetSchedulesByIds(ctx, &fn.ScheduleByIdsRequest{
				Items: []fn.InternalIdentifier{{ID: someScheduleID}}, IgnoreUnknownIDs: fn.Ptr(false)})
		}),
		mkOp("DeleteSchedules", func(ctx context.Context) (*fn.EmptyResponse, error) {
			return c.DeleteSchedules(ctx, &fn.ScheduleDeleteRequest{Items: []fn.InternalIdentifier{{ID: someScheduleID}}})
		}),
		mkOp("GetScheduleInputData", func(ctx context.Context) (*fn.ScheduleInputData, error) {
			return c.GetScheduleInputData(ctx, someScheduleID)
		}),
	}
}

// checkCoverage fails unless names are exactly the Handler's operations.
func checkCoverage(t *testing.T, names []string) {
	t.Helper()
	want := handlerMethods()
	got := slices.Clone(names)
	slices.Sort(want)
	slices.Sort(got)
	if len(want) != 23 {
		t.Errorf("the generated Handler has %d operations; the proofs were written for 23", len(want))
	}
	if !slices.Equal(got, want) {
		t.Errorf("operations exercised:\n  %v\nwant every Handler method:\n  %v", got, want)
	}
}
