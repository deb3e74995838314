package apidiff

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/specgen/specgen/generator"
	"github.com/specgen/specgen/generator/ir"
)

// The real case: two snapshots of the Cognite API, two months apart.
const (
	cogniteOld = "../../../shared/specs/history/cognite-v1-2026-03.json"
	cogniteNew = "../../../shared/specs/real/cognite-v1.json"
)

func cogniteSpecs(t *testing.T) (string, string) {
	t.Helper()
	for _, p := range []string{cogniteOld, cogniteNew} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("the Cognite specs are not here (%s: %v); this test needs the shared specs beside the checkout (../shared/specs)", p, err)
		}
	}
	return cogniteOld, cogniteNew
}

func readJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}

func writeJSON(t *testing.T, path string, doc map[string]any) {
	t.Helper()
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// repairDescriptionRefs fixes the one defect of the 2026-03 snapshot the
// loader refuses: a schema description written as {"$ref": pointer}
// instead of a string (at UserListResponse/properties/nextCursor/allOf/0).
// Each such description is replaced with the string it points to. It
// returns the pointers it repaired.
func repairDescriptionRefs(doc map[string]any) []string {
	var fixed []string
	var walk func(v any, at string, inProperties bool)
	walk = func(v any, at string, inProperties bool) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if k == "description" && !inProperties {
					if ref, ok := val.(map[string]any); ok {
						if p, ok := ref["$ref"].(string); ok {
							if s, ok := resolvePointer(doc, p).(string); ok {
								x[k] = s
								fixed = append(fixed, at+"/description")
								continue
							}
						}
					}
				}
				walk(val, at+"/"+k, k == "properties" && !inProperties)
			}
		case []any:
			for i, e := range x {
				walk(e, at+"/"+strconv.Itoa(i), false)
			}
		}
	}
	walk(doc, "#", false)
	return fixed
}

func resolvePointer(doc map[string]any, p string) any {
	if !strings.HasPrefix(p, "#/") {
		return nil
	}
	var cur any = doc
	for _, part := range strings.Split(p[2:], "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	return cur
}

// usable returns a path the loader can read with the content of path:
// path itself, or a copy with repairDescriptionRefs applied when the spec
// has that defect, which it logs.
func usable(t *testing.T, path string) string {
	t.Helper()
	doc := readJSON(t, path)
	fixed := repairDescriptionRefs(doc)
	if len(fixed) == 0 {
		return path
	}
	t.Logf("%s has a description written as a $ref, which the loader refuses; comparing a copy with it resolved: %s", path, strings.Join(fixed, ", "))
	out := filepath.Join(t.TempDir(), "repaired-"+filepath.Base(path))
	writeJSON(t, out, doc)
	return out
}

// loadPair builds the IR of two specs at once.
func loadPair(t *testing.T, oldPath, newPath string) (*ir.Package, *ir.Package) {
	t.Helper()
	var pkgs [2]*ir.Package
	var errs [2]error
	var wg sync.WaitGroup
	for i, p := range []string{oldPath, newPath} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pkgs[i], errs[i] = generator.Model(generator.Options{Spec: p})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return pkgs[0], pkgs[1]
}

// functionsPart keeps the paths under /functions and every component of
// a spec, and writes the result to a temporary file.
func functionsPart(t *testing.T, path string) string {
	t.Helper()
	doc := readJSON(t, path)
	if fixed := repairDescriptionRefs(doc); len(fixed) > 0 {
		t.Logf("%s: resolved description $ref(s) the loader refuses: %s", path, strings.Join(fixed, ", "))
	}
	paths, _ := doc["paths"].(map[string]any)
	for p := range paths {
		if !strings.HasPrefix(p, "/functions") {
			delete(paths, p)
		}
	}
	if len(paths) == 0 {
		t.Fatalf("%s has no /functions paths", path)
	}
	out := filepath.Join(t.TempDir(), "functions-"+filepath.Base(path))
	writeJSON(t, out, doc)
	return out
}

// functionsChanges are the changes of the Functions API between the two
// snapshots that both comparisons must report.
var functionsChanges = []want{
	{ClientBreaking, "method PostFunctionsCall", "capability changed from functionsAcl:WRITE to functionsAcl:RUN: credentials that lack functionsAcl:RUN are refused", false},
	{Compatible, "type Function, field LastCalled", "field lastCalled added (*EpochTimestamp, optional, read-only)", false},
	{ClientBreaking, "type FunctionBuildError, field Code", "field code removed (was int32, required)", true},
	{ServerBreaking, "type FunctionBuildError, field Trace", "field trace added (*string, required): servers must fill it in every response", true},
	{ClientBreaking, "type FunctionRuntime", `value "py39" removed: code that uses the constant FunctionRuntimePy39 no longer compiles`, true},
	{Compatible, "type FunctionRuntime", `value "py312" added (FunctionRuntimePy312)`, false},
	{Compatible, "type FunctionRuntime", `value "py313" added (FunctionRuntimePy313)`, false},
	{Compatible, "type FunctionsACLAction", `value "RUN" added`, false},
}

func TestCogniteFunctions(t *testing.T) {
	oldPath, newPath := cogniteSpecs(t)
	t.Parallel()
	r := Compare(loadPair(t, functionsPart(t, oldPath), functionsPart(t, newPath)))
	check(t, r, functionsChanges...)
	// Every operation of the Functions API is matched, and the only one
	// that breaks anything is the capability change.
	for _, c := range r.Changes {
		if !strings.HasPrefix(c.Where, "method ") || c.Kind == Compatible {
			continue
		}
		if c.Where != "method PostFunctionsCall" || !strings.Contains(c.What, "capability") {
			t.Errorf("unexpected %s change: %s: %s", c.Kind, c.Where, c.What)
		}
	}
}

func TestCogniteWhole(t *testing.T) {
	oldPath, newPath := cogniteSpecs(t)
	t.Parallel()
	r := Compare(loadPair(t, usable(t, oldPath), usable(t, newPath)))
	check(t, r, functionsChanges...)
	if !r.BreaksClients() || !r.BreaksServers() {
		t.Error("two months of Cognite API break neither side")
	}
}
