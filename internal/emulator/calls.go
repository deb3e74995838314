package emulator

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

// call is one execution. It is decided in full when it starts: end is the
// instant it leaves Running, and final, errMsg and response describe it
// from then on. Nothing about a call changes after it is created.
type call struct {
	id            fn.CogniteInternalId
	functionID    fn.CogniteInternalId
	scheduleID    *fn.CogniteInternalId
	scheduledTime time.Time
	start, end    time.Time
	final         fn.FunctionCallStatus
	errMsg        string
	response      json.RawMessage // nil: no response
	logs          []logLine
}

type logLine struct {
	at  time.Time
	msg string
}

func (c *call) running(now time.Time) bool { return now.Before(c.end) }

func (c *call) status(now time.Time) fn.FunctionCallStatus {
	if c.running(now) {
		return fn.FunctionCallStatusRunning
	}
	return c.final
}

func (c *call) render(now time.Time) fn.FunctionCall {
	out := fn.FunctionCall{ID: c.id, FunctionID: c.functionID, ScheduleID: c.scheduleID, StartTime: ms(c.start), Status: c.status(now)}
	if !c.scheduledTime.IsZero() {
		out.ScheduledTime = msPtr(c.scheduledTime)
	}
	if out.Status != fn.FunctionCallStatusRunning {
		out.EndTime = msPtr(c.end)
		if c.errMsg != "" {
			msg := c.errMsg
			out.Error = &fn.FunctionCallError{String: &msg}
		}
	}
	return out
}

// plan decides what a call of f with data does.
func (e *Emulator) plan(f *function, c *call, data map[string]any) {
	add := func(at time.Time, format string, args ...any) {
		c.logs = append(c.logs, logLine{at, fmt.Sprintf(format, args...)})
	}
	add(c.start, "[emulator] call %d of function %d (%s) started; behavior %s", c.id, f.id, f.spec.Name, f.behavior)
	add(c.start, "handle() received data with %d top-level keys", len(data))
	timeout := func() {
		c.end = c.start.Add(e.cfg.CallTimeout)
		c.final = fn.FunctionCallStatusTimeout
		c.errMsg = fmt.Sprintf("Function call timed out after %s", e.cfg.CallTimeout)
		add(c.end, "[emulator] call exceeded the timeout of %s and was stopped", e.cfg.CallTimeout)
	}
	switch f.behavior {
	case behaviorFail:
		c.end = c.start.Add(e.cfg.CallDuration)
		c.final = fn.FunctionCallStatusFailed
		c.errMsg = "RuntimeError: the function failed on purpose (emulator behavior fail)"
		if m, ok := data["message"].(string); ok && m != "" {
			c.errMsg = "RuntimeError: " + m
		}
		add(c.end, "Traceback (most recent call last):")
		add(c.end, `  File "%s", line 1, in handle`, *f.spec.FunctionPath)
		add(c.end, "%s", c.errMsg)
	case behaviorSleep:
		// {"seconds": x} shorter than the timeout completes after x seconds.
		secs, ok := data["seconds"].(float64)
		d := time.Duration(secs * float64(time.Second))
		if !ok || secs < 0 || d >= e.cfg.CallTimeout {
			add(c.start, "sleeping")
			timeout()
			return
		}
		add(c.start, "sleeping for %s", d)
		c.end = c.start.Add(d)
		e.complete(c, data, add)
	default:
		c.end = c.start.Add(e.cfg.CallDuration)
		if e.cfg.CallDuration >= e.cfg.CallTimeout && e.cfg.CallTimeout > 0 {
			timeout()
			return
		}
		e.complete(c, data, add)
	}
}

// complete ends c with response = data, or Failed when that is larger than
// the response size limit.
func (e *Emulator) complete(c *call, data map[string]any, add func(time.Time, string, ...any)) {
	resp, err := json.Marshal(data) // nil data gives null
	if err != nil {
		c.final, c.errMsg = fn.FunctionCallStatusFailed, "TypeError: the response is not JSON serializable"
		add(c.end, "%s", c.errMsg)
		return
	}
	if len(resp) > responseSizeMb<<20 {
		c.final = fn.FunctionCallStatusFailed
		c.errMsg = fmt.Sprintf("ValueError: the response is %d bytes, larger than the limit of %d MB", len(resp), responseSizeMb)
		add(c.end, "%s", c.errMsg)
		return
	}
	c.final, c.response = fn.FunctionCallStatusCompleted, resp
	add(c.end, "returning a response of %d bytes", len(resp))
	add(c.end, "[emulator] call completed")
}

// pruneCalls drops the calls for which gone is true, in place.
func pruneCalls(cs []*call, gone func(*call) bool) []*call {
	out := cs[:0]
	for _, c := range cs {
		if !gone(c) {
			out = append(out, c)
		}
	}
	for i := len(out); i < len(cs); i++ {
		cs[i] = nil
	}
	return out
}

// admit checks the running-call limits for a new call of f at now.
func (e *Emulator) admit(p *project, f *function, now time.Time) error {
	finished := func(c *call) bool { return !c.running(now) }
	f.running = pruneCalls(f.running, finished)
	p.running = pruneCalls(p.running, finished)
	if len(f.running) >= e.cfg.MaxRunningPerFunction {
		return apiError(http.StatusTooManyRequests, "Too many concurrent calls: function %d already has %d running calls (limit %d)", f.id, len(f.running), e.cfg.MaxRunningPerFunction)
	}
	if len(p.running) >= e.cfg.MaxRunningPerProject {
		return apiError(http.StatusTooManyRequests, "Too many concurrent calls: the project already has %d running calls (limit %d)", len(p.running), e.cfg.MaxRunningPerProject)
	}
	return nil
}

// startCall creates a call of f; the caller holds p.mu and has checked
// that f is Ready and the limits allow it.
func (e *Emulator) startCall(p *project, f *function, now time.Time, data map[string]any, scheduleID *fn.CogniteInternalId, scheduled time.Time) *call {
	c := &call{id: fn.CogniteInternalId(e.newID()), functionID: f.id, scheduleID: scheduleID, scheduledTime: scheduled, start: now}
	e.plan(f, c, data)
	f.calls[c.id] = c
	f.callOrder = append(f.callOrder, c.id) // ids grow under p.mu, so the order stays sorted
	f.lastCalled = now
	if c.running(now) {
		f.running = append(f.running, c)
		p.running = append(p.running, c)
	}
	return c
}

// CallFunction starts a call of a Ready function, binding the nonce.
func (e *Emulator) CallFunction(ctx context.Context, functionID fn.CogniteInternalId, body *fn.FunctionCallRequest) (*fn.FunctionCall, error) {
	p, err := e.begin(ctx, "callFunction")
	if err != nil {
		return nil, err
	}
	if body.Nonce == nil { // the generated server enforces this too
		return nil, apiError(http.StatusBadRequest, "nonce is required")
	}
	data, err := cloneData(body.Data)
	if err != nil {
		return nil, apiError(http.StatusBadRequest, "data is not a JSON object")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	f, err := p.function(functionID)
	if err != nil {
		return nil, err
	}
	now := e.now()
	if st := e.functionStatus(f, now); st != fn.FunctionStatusReady {
		return nil, apiError(http.StatusBadRequest, "Function %d is not ready: its status is %s; only Ready functions can be called", f.id, st)
	}
	s, err := e.session(p, *body.Nonce, now)
	if err != nil {
		return nil, apiError(http.StatusBadRequest, "Failed to bind session using nonce: %s", err)
	}
	if err := e.admit(p, f, now); err != nil {
		return nil, err
	}
	s.bind(now) // only now that the call is sure to start
	c := e.startCall(p, f, now, data, nil, time.Time{})
	e.log.InfoContext(ctx, "call started", "project", p.name, "function", f.id, "call", c.id, "behavior", f.behavior)
	out := c.render(now)
	out.Status = fn.FunctionCallStatusRunning // as of its start, even when it takes no time
	out.EndTime, out.Error = nil, nil
	return &out, nil
}

// ---- listing with a cursor ----

// Calls are listed newest first. A cursor names the function and the id of
// the last call returned; the next page holds older calls only, so calls
// started while paging never shift or repeat items.
const cursorPrefix = "calls.v1."

func encodeCursor(functionID, before fn.CogniteInternalId) string {
	raw := strconv.FormatInt(int64(functionID), 10) + ":" + strconv.FormatInt(int64(before), 10)
	return cursorPrefix + base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodeCursor(s string, functionID fn.CogniteInternalId) (fn.CogniteInternalId, error) {
	bad := apiError(http.StatusBadRequest, "Invalid cursor")
	rest, ok := strings.CutPrefix(s, cursorPrefix)
	if !ok {
		return 0, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil {
		return 0, bad
	}
	fid, before, ok := strings.Cut(string(raw), ":")
	f, err1 := strconv.ParseInt(fid, 10, 64)
	b, err2 := strconv.ParseInt(before, 10, 64)
	if !ok || err1 != nil || err2 != nil || fn.CogniteInternalId(f) != functionID {
		return 0, bad
	}
	return fn.CogniteInternalId(b), nil
}

func (e *Emulator) listCalls(ctx context.Context, op string, functionID fn.CogniteInternalId, flt *fn.FunctionCallFilter, limitP *int32, cursor *string) (*fn.FunctionCallList, error) {
	p, err := e.begin(ctx, op)
	if err != nil {
		return nil, err
	}
	limit := limitOf(limitP, 100)
	p.mu.Lock()
	defer p.mu.Unlock()
	f, err := p.function(functionID)
	if err != nil {
		return nil, err
	}
	end := len(f.callOrder) // exclusive upper index into callOrder
	if cursor != nil && *cursor != "" {
		before, err := decodeCursor(*cursor, functionID)
		if err != nil {
			return nil, err
		}
		end = sort.Search(len(f.callOrder), func(i int) bool { return f.callOrder[i] >= before })
	}
	now := e.now()
	out := &fn.FunctionCallList{Items: []fn.FunctionCall{}}
	for i := end - 1; i >= 0; i-- {
		c := f.calls[f.callOrder[i]]
		if flt != nil && !callMatches(c, flt, now) {
			continue
		}
		if len(out.Items) == limit {
			// One more match exists: hand out a cursor to it.
			next := encodeCursor(functionID, out.Items[limit-1].ID)
			out.NextCursor = &next
			break
		}
		out.Items = append(out.Items, c.render(now))
	}
	return out, nil
}

func callMatches(c *call, flt *fn.FunctionCallFilter, now time.Time) bool {
	if flt.ScheduleID != nil && (c.scheduleID == nil || *c.scheduleID != *flt.ScheduleID) {
		return false
	}
	st := c.status(now)
	if flt.Status != nil && *flt.Status != st {
		return false
	}
	if !inRange(flt.StartTime, ms(c.start)) {
		return false
	}
	if flt.EndTime != nil && (st == fn.FunctionCallStatusRunning || !inRange(flt.EndTime, ms(c.end))) {
		return false
	}
	return true
}

// ListFunctionCalls pages through the calls of a function, newest first.
func (e *Emulator) ListFunctionCalls(ctx context.Context, functionID fn.CogniteInternalId, params *fn.ListFunctionCallsParams) (*fn.FunctionCallList, error) {
	return e.listCalls(ctx, "listFunctionCalls", functionID, nil, params.Limit, params.Cursor)
}

// FilterFunctionCalls pages through the matching calls, newest first.
func (e *Emulator) FilterFunctionCalls(ctx context.Context, functionID fn.CogniteInternalId, body *fn.FunctionCallFilterRequest) (*fn.FunctionCallList, error) {
	return e.listCalls(ctx, "filterFunctionCalls", functionID, body.Filter, body.Limit, body.Cursor)
}

// GetFunctionCallsByIds returns the named calls in request order.
func (e *Emulator) GetFunctionCallsByIds(ctx context.Context, functionID fn.CogniteInternalId, body *fn.FunctionCallByIdsRequest) (*fn.FunctionCallList, error) {
	p, err := e.begin(ctx, "getFunctionCallsByIds")
	if err != nil {
		return nil, err
	}
	if dups := duplicateIDs(body.Items); len(dups) > 0 {
		return nil, &fn.APIError{StatusCode: http.StatusBadRequest, Message: "The ids must be unique", Duplicated: dups}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	f, err := p.function(functionID)
	if err != nil {
		return nil, err
	}
	ignore := body.IgnoreUnknownIDs != nil && *body.IgnoreUnknownIDs
	now := e.now()
	out := &fn.FunctionCallList{Items: make([]fn.FunctionCall, 0, len(body.Items))}
	var missing []map[string]any
	for _, it := range body.Items {
		c := f.calls[it.ID]
		if c == nil {
			if !ignore {
				missing = append(missing, idRef(it.ID))
			}
			continue
		}
		out.Items = append(out.Items, c.render(now))
	}
	if len(missing) > 0 {
		return nil, missingError(http.StatusBadRequest, "Function calls not found", missing)
	}
	return out, nil
}

func duplicateIDs(items []fn.InternalIdentifier) []map[string]any {
	seen := make(map[fn.CogniteInternalId]bool, len(items))
	var dups []map[string]any
	for _, it := range items {
		if seen[it.ID] {
			dups = append(dups, idRef(it.ID))
		}
		seen[it.ID] = true
	}
	return dups
}

// lookupCall finds a call named in a path; unknown function or call is 404.
func (e *Emulator) lookupCall(ctx context.Context, op string, functionID, callID fn.CogniteInternalId, use func(c *call, now time.Time)) error {
	p, err := e.begin(ctx, op)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	f, err := p.function(functionID)
	if err != nil {
		return err
	}
	c := f.calls[callID]
	if c == nil {
		return missingError(http.StatusNotFound, "Function call not found", []map[string]any{idRef(callID)})
	}
	use(c, e.now())
	return nil
}

// GetFunctionCall returns one call as of now.
func (e *Emulator) GetFunctionCall(ctx context.Context, functionID, callID fn.CogniteInternalId) (*fn.FunctionCall, error) {
	var out fn.FunctionCall
	err := e.lookupCall(ctx, "getFunctionCall", functionID, callID, func(c *call, now time.Time) { out = c.render(now) })
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// GetFunctionCallResponse returns what the call returned. While the call is
// running, and when it did not complete, `response` is absent.
func (e *Emulator) GetFunctionCallResponse(ctx context.Context, functionID, callID fn.CogniteInternalId) (*fn.FunctionCallResponse, error) {
	out := &fn.FunctionCallResponse{FunctionID: functionID, CallID: callID}
	err := e.lookupCall(ctx, "getFunctionCallResponse", functionID, callID, func(c *call, now time.Time) {
		if !c.running(now) && c.response != nil {
			out.Response = append(json.RawMessage(nil), c.response...)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetFunctionCallLogs returns the lines logged so far, oldest first.
func (e *Emulator) GetFunctionCallLogs(ctx context.Context, functionID, callID fn.CogniteInternalId) (*fn.FunctionCallLogList, error) {
	out := &fn.FunctionCallLogList{Items: []fn.FunctionCallLogEntry{}}
	err := e.lookupCall(ctx, "getFunctionCallLogs", functionID, callID, func(c *call, now time.Time) {
		for _, l := range c.logs {
			if l.at.After(now) {
				break
			}
			out.Items = append(out.Items, fn.FunctionCallLogEntry{Timestamp: msPtr(l.at), Message: fn.Ptr(l.msg)})
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
