package emulator

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestOperationsMatchSpec keeps the hard-coded operation table in step with
// spec/functions.yaml: the same operations, methods, paths and
// x-capability, and MatchOperation routes each path to its operation.
func TestOperationsMatchSpec(t *testing.T) {
	loader := openapi3.NewLoader()
	loader.ReadFromURIFunc = openapi3.ReadFromFile
	doc, err := loader.LoadFromFile("../../spec/functions.yaml")
	if err != nil {
		t.Fatalf("loading the spec: %v", err)
	}
	param := regexp.MustCompile(`\{[^}]+\}`)
	inSpec := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			inSpec[op.OperationID] = true
			var ours *Operation
			for _, o := range Operations {
				if o.ID == op.OperationID {
					ours = o
				}
			}
			if ours == nil {
				t.Errorf("operation %s (%s %s) is not in the emulator's table", op.OperationID, method, path)
				continue
			}
			if ours.Method != method || ours.Path != path {
				t.Errorf("%s: table has %s %s, spec has %s %s", op.OperationID, ours.Method, ours.Path, method, path)
			}
			capability, _ := op.Extensions["x-capability"].(string)
			if ours.Capability != capability || Capabilities[op.OperationID] != capability {
				t.Errorf("%s: table requires %q, spec x-capability is %q", op.OperationID, ours.Capability, capability)
			}
			concrete := param.ReplaceAllString(path, "123")
			if got := MatchOperation(method, concrete); got == nil || got.ID != op.OperationID {
				t.Errorf("MatchOperation(%s %s) = %v, want %s", method, concrete, got, op.OperationID)
			}
		}
	}
	for _, o := range Operations {
		if !inSpec[o.ID] && o.ID != OpCreateSessions && o.ID != OpFilesByIDs {
			t.Errorf("table operation %s is not in the spec", o.ID)
		}
	}
	if len(inSpec) != 23 {
		t.Errorf("the spec has %d operations; the emulator was written for 23", len(inSpec))
	}
}

func TestMatchOperation(t *testing.T) {
	for _, tc := range []struct{ method, path, want string }{
		{"GET", "/functions/limits", "getFunctionsLimits"},
		{"GET", "/functions/status", "getFunctionsStatus"},
		{"POST", "/functions/status", "activateFunctions"},
		{"GET", "/functions/schedules", "listSchedules"},
		{"GET", "/functions/schedules/5", "getSchedule"},
		{"GET", "/functions/schedules/calls", "getSchedule"}, // a bad id: the server answers 400
		{"GET", "/functions/7/calls", "listFunctionCalls"},
		{"POST", "/functions/7/calls/list", "filterFunctionCalls"},
		{"GET", "/functions/7/calls/8", "getFunctionCall"},
		{"GET", "/functions/abc", "getFunction"},
		{"GET", "/functions/a%2Fb", "getFunction"}, // one escaped segment, as ServeMux sees it
		{"POST", "/functions/7/call", "callFunction"},
		{"POST", "/sessions", OpCreateSessions},
		{"POST", "/files/byids", OpFilesByIDs},
		{"GET", "/functions/", ""},
		{"GET", "/functions//calls", ""},
		{"DELETE", "/functions/7", ""},
		{"POST", "/functions/7/call/extra", ""},
		{"GET", "functions", ""},
	} {
		got := MatchOperation(tc.method, tc.path)
		id := ""
		if got != nil {
			id = got.ID
		}
		if id != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.method, tc.path, id, tc.want)
		}
	}
}

func TestLoadTokensRejectsUnknownCapabilities(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := dir + "/" + name
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.json", `{"tokens": {"t1": ["functionsAcl:READ", "functionsAcl:RUN"], "t2": []}}`)
	toks, err := LoadTokens(good)
	if err != nil || len(toks) != 2 {
		t.Fatalf("good tokens: %v %v", toks, err)
	}
	for name, body := range map[string]string{
		"typo.json":  `{"tokens": {"t1": ["functionsACL:READ"]}}`,
		"empty.json": `{"tokens": {}}`,
		"shape.json": `{"t1": ["functionsAcl:READ"]}`,
	} {
		if _, err := LoadTokens(write(name, body)); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
