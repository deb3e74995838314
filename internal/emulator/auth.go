package emulator

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"
)

// Operation is one endpoint the emulator serves, with the capability it
// requires. Path is relative to /api/v1/projects/{project}.
type Operation struct {
	ID, Method, Path, Capability string
	segs                         []string
}

// Operations lists every endpoint: the 23 of spec/functions.yaml, with the
// method, path and x-capability given there, plus the Sessions and Files
// endpoints that SDK flows call first. TestOperationsMatchSpec keeps the
// two in step.
var Operations = []*Operation{
	{ID: "createFunctions", Method: "POST", Path: "/functions", Capability: "functionsAcl:WRITE"},
	{ID: "listFunctions", Method: "GET", Path: "/functions", Capability: "functionsAcl:READ"},
	{ID: "filterFunctions", Method: "POST", Path: "/functions/list", Capability: "functionsAcl:READ"},
	{ID: "getFunction", Method: "GET", Path: "/functions/{functionId}", Capability: "functionsAcl:READ"},
	{ID: "getFunctionsByIds", Method: "POST", Path: "/functions/byids", Capability: "functionsAcl:READ"},
	{ID: "deleteFunctions", Method: "POST", Path: "/functions/delete", Capability: "functionsAcl:WRITE"},
	{ID: "getFunctionsLimits", Method: "GET", Path: "/functions/limits", Capability: "functionsAcl:READ"},
	{ID: "getFunctionsStatus", Method: "GET", Path: "/functions/status", Capability: "functionsAcl:READ"},
	{ID: "activateFunctions", Method: "POST", Path: "/functions/status", Capability: "functionsAcl:WRITE"},
	{ID: "callFunction", Method: "POST", Path: "/functions/{functionId}/call", Capability: "functionsAcl:RUN"},
	{ID: "listFunctionCalls", Method: "GET", Path: "/functions/{functionId}/calls", Capability: "functionsAcl:READ"},
	{ID: "filterFunctionCalls", Method: "POST", Path: "/functions/{functionId}/calls/list", Capability: "functionsAcl:READ"},
	{ID: "getFunctionCallsByIds", Method: "POST", Path: "/functions/{functionId}/calls/byids", Capability: "functionsAcl:READ"},
	{ID: "getFunctionCall", Method: "GET", Path: "/functions/{functionId}/calls/{callId}", Capability: "functionsAcl:READ"},
	{ID: "getFunctionCallResponse", Method: "GET", Path: "/functions/{functionId}/calls/{callId}/response", Capability: "functionsAcl:READ"},
	{ID: "getFunctionCallLogs", Method: "GET", Path: "/functions/{functionId}/calls/{callId}/logs", Capability: "functionsAcl:READ"},
	{ID: "createSchedules", Method: "POST", Path: "/functions/schedules", Capability: "functionsAcl:WRITE"},
	{ID: "listSchedules", Method: "GET", Path: "/functions/schedules", Capability: "functionsAcl:READ"},
	{ID: "filterSchedules", Method: "POST", Path: "/functions/schedules/list", Capability: "functionsAcl:READ"},
	{ID: "getSchedule", Method: "GET", Path: "/functions/schedules/{scheduleId}", Capability: "functionsAcl:READ"},
	{ID: "getSchedulesByIds", Method: "POST", Path: "/functions/schedules/byids", Capability: "functionsAcl:READ"},
	{ID: "deleteSchedules", Method: "POST", Path: "/functions/schedules/delete", Capability: "functionsAcl:WRITE"},
	{ID: "getScheduleInputData", Method: "GET", Path: "/functions/schedules/{scheduleId}/input_data", Capability: "functionsAcl:READ"},

	// Not in spec/functions.yaml: served by plain handlers.
	{ID: OpCreateSessions, Method: "POST", Path: "/sessions", Capability: "sessionsAcl:CREATE"},
	{ID: OpFilesByIDs, Method: "POST", Path: "/files/byids", Capability: "filesAcl:READ"},
}

// Operation ids of the neighbouring endpoints.
const (
	OpCreateSessions = "createSessions"
	OpFilesByIDs     = "byIdsFiles"
)

// Capabilities maps each operation id to the capability it requires.
var Capabilities = map[string]string{}

func init() {
	for _, op := range Operations {
		op.segs = strings.Split(strings.TrimPrefix(op.Path, "/"), "/")
		Capabilities[op.ID] = op.Capability
	}
}

// MatchOperation finds the operation that serves method and path (relative
// to the project, still escaped). Like the generated server, a literal
// segment beats a {parameter} at the first place two patterns differ, and
// a parameter matches one non-empty segment. It returns nil when no
// operation matches; the generated server then answers 404 or 405.
func MatchOperation(method, escapedPath string) *Operation {
	raw, ok := strings.CutPrefix(escapedPath, "/")
	if !ok {
		return nil
	}
	segs := strings.Split(raw, "/")
	for i, s := range segs {
		u, err := url.PathUnescape(s)
		if err != nil {
			return nil
		}
		segs[i] = u
	}
	var best *Operation
	for _, op := range Operations {
		if op.Method != method || len(op.segs) != len(segs) {
			continue
		}
		match := true
		for i, ps := range op.segs {
			if isParam(ps) {
				match = segs[i] != ""
			} else {
				match = ps == segs[i]
			}
			if !match {
				break
			}
		}
		if match && (best == nil || literalFirst(op.segs, best.segs)) {
			best = op
		}
	}
	return best
}

func isParam(seg string) bool { return strings.HasPrefix(seg, "{") }

func literalFirst(a, b []string) bool {
	for i := range a {
		if pa, pb := isParam(a[i]), isParam(b[i]); pa != pb {
			return !pa
		}
	}
	return false
}

// ---- tokens ----

// Tokens maps a bearer token to the capabilities it grants, such as
// "functionsAcl:READ". Capabilities hold in every project.
type Tokens map[string][]string

// DevTokens is the table used when no tokens file is given.
func DevTokens() Tokens {
	return Tokens{
		"dev-admin": {"functionsAcl:READ", "functionsAcl:WRITE", "functionsAcl:RUN", "sessionsAcl:CREATE", "filesAcl:READ"},
		"dev-write": {"functionsAcl:READ", "functionsAcl:WRITE", "sessionsAcl:CREATE", "filesAcl:READ"},
		"dev-read":  {"functionsAcl:READ", "filesAcl:READ"},
	}
}

// LoadTokens reads {"tokens": {"<token>": ["functionsAcl:READ", ...]}}.
func LoadTokens(path string) (Tokens, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f struct {
		Tokens Tokens `json:"tokens"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: want {\"tokens\": {\"<token>\": [\"functionsAcl:READ\", ...]}}: %w", path, err)
	}
	if len(f.Tokens) == 0 {
		return nil, fmt.Errorf("%s: no tokens", path)
	}
	known := map[string]bool{}
	for _, op := range Operations {
		known[op.Capability] = true
	}
	for tok, caps := range f.Tokens {
		if tok == "" {
			return nil, fmt.Errorf("%s: empty token", path)
		}
		for _, c := range caps {
			if !known[c] {
				return nil, fmt.Errorf("%s: unknown capability %q (known: %s)", path, c, strings.Join(sortedKeys(known), ", "))
			}
		}
	}
	return f.Tokens, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// principal is the caller a token stands for.
type principal struct {
	caps map[string]bool
}

func (p principal) has(capability string) bool { return p.caps[capability] }

func (t Tokens) principals() map[string]principal {
	out := make(map[string]principal, len(t))
	for tok, caps := range t {
		p := principal{caps: map[string]bool{}}
		for _, c := range caps {
			p.caps[c] = true
		}
		out[tok] = p
	}
	return out
}

func withPrincipal(ctx context.Context, p principal) context.Context {
	return context.WithValue(ctx, principalKey, p)
}

func principalFrom(ctx context.Context) (principal, bool) {
	p, ok := ctx.Value(principalKey).(principal)
	return p, ok
}
