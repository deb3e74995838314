package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgen/specgen/generator/ir"
)

// names maps every type key and operation to its Go name.
func names(p *ir.Package) map[string]string {
	out := map[string]string{}
	for _, t := range p.Types {
		out[t.Key] = t.Name
		for _, v := range t.EnumValues {
			out[v.Key] = v.Name
		}
		for _, f := range t.Fields {
			out[t.Key+"#"+f.JSONName] = f.Name
		}
	}
	for _, o := range p.Operations {
		out[o.Method+" "+o.Path] = o.Name
	}
	return out
}

// TestAddingNeverRenames adds schemas and an operation whose names collide
// with existing ones (in the ways naming folds them: case, symbols,
// reserved words, and a new schema named exactly like an existing enum
// constant) and checks that no existing identifier changes: gen passes the
// names of the last generation (specgen.names) back in.
func TestAddingNeverRenames(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "spec", "functions.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	before, err := Model(Options{Spec: filepath.Join("..", "spec", "functions.yaml"), Package: "functions"})
	if err != nil {
		t.Fatal(err)
	}
	grown := strings.Replace(string(src), "\n  schemas:\n", `
  schemas:
    function:
      type: object
      properties: {a: {type: string}}
    Function_Call:
      type: object
      properties: {b: {type: string}}
    Client:
      type: object
      properties: {c: {type: string}}
    FunctionStatusReady:
      type: string
`, 1)
	grown = strings.Replace(grown, "\npaths:\n", `
paths:
  /functions/{functionId}/rename:
    post:
      operationId: CallFunction_
      x-capability: functionsAcl:WRITE
      parameters:
        - $ref: '#/components/parameters/FunctionId'
      responses:
        '200': {description: ok}
`, 1)
	if grown == string(src) {
		t.Fatal("spec edit did not apply")
	}
	path := filepath.Join(t.TempDir(), "functions.yaml")
	if err := os.WriteFile(path, []byte(grown), 0o644); err != nil {
		t.Fatal(err)
	}
	after, err := Model(Options{Spec: path, Package: "functions", Previous: before.Names})
	if err != nil {
		t.Fatal(err)
	}
	old, now := names(before), names(after)
	if len(now) <= len(old) {
		t.Fatalf("nothing was added: %d names before, %d after", len(old), len(now))
	}
	for k, v := range old {
		if now[k] != v {
			t.Errorf("%s was %s, is now %q", k, v, now[k])
		}
	}
	// The newcomers got names of their own.
	seen := map[string]string{}
	for k, v := range now {
		if strings.Contains(k, "#") {
			continue // fields are per struct
		}
		if other, dup := seen[v]; dup {
			t.Errorf("%s and %s are both %s", k, other, v)
		}
		seen[v] = k
	}
}

// TestReorderedSpecSameBytes generates a copy of the spec whose schemas are
// declared in reverse order and checks that every file is the same, but
// for struct field order, which follows the document.
func TestReorderedSpecSameBytes(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "refs", "spec.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	head, schemas, ok := strings.Cut(text, "\n  schemas:\n")
	if !ok {
		t.Fatal("no schemas section")
	}
	// Split the schemas section into its top-level entries (4-space keys).
	var entries []string
	var tail string
	for _, line := range strings.SplitAfter(schemas, "\n") {
		switch {
		case strings.HasPrefix(line, "    ") && !strings.HasPrefix(line, "     "):
			entries = append(entries, line)
		case strings.HasPrefix(line, "     ") && len(entries) > 0:
			entries[len(entries)-1] += line
		default:
			tail += line
		}
	}
	if len(entries) < 3 {
		t.Fatalf("only %d schemas", len(entries))
	}
	var rev strings.Builder
	rev.WriteString(head + "\n  schemas:\n")
	for i := len(entries) - 1; i >= 0; i-- {
		rev.WriteString(entries[i])
	}
	rev.WriteString(tail)
	path := filepath.Join(t.TempDir(), "spec.yaml")
	if err := os.WriteFile(path, []byte(rev.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := Generate(Options{Spec: filepath.Join("testdata", "refs", "spec.yaml"), Package: "refs"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(Options{Spec: path, Package: "refs"})
	if err != nil {
		t.Fatalf("reordered spec: %v", err)
	}
	for i := range a.Files {
		if string(a.Files[i].Content) != string(b.Files[i].Content) {
			t.Errorf("%s differs when schemas are reordered:\n%s", a.Files[i].Name, diff(a.Files[i].Name, a.Files[i].Content, b.Files[i].Content))
		}
	}
}

// TestCogniteSnapshotsKeepNames generates the older and the newer published
// Cognite spec and checks that every schema and operation present in both
// has the same Go name in both: regenerating after an API update renames
// nothing a user already calls.
func TestCogniteSnapshotsKeepNames(t *testing.T) {
	if testing.Short() {
		t.Skip("loads two 3.6 MB specs; skipped with -short")
	}
	oldPath := filepath.Join("..", "..", "shared", "specs", "history", "cognite-v1-2026-03.json")
	newPath := filepath.Join("..", "..", "shared", "specs", "real", "cognite-v1.json")
	for _, p := range []string{oldPath, newPath} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("shared Cognite snapshots not present (%v); a downstream checkout has none", err)
		}
	}
	older, err := Model(Options{Spec: oldPath, Package: "cognite"})
	if err != nil {
		t.Fatal(err)
	}
	// As gen does: the names of the last generation go back in.
	newer, err := Model(Options{Spec: newPath, Package: "cognite", Previous: older.Names})
	if err != nil {
		t.Fatal(err)
	}
	var typesOf map[*ir.Package]map[string]string
	typeNames := func(p *ir.Package) map[string]string {
		out := map[string]string{}
		for _, ty := range p.Types {
			out[ty.Key] = ty.Name
		}
		return out
	}
	// Operations, and the params structs named after them, are the same
	// operation when their operationId is: an operation whose id the spec
	// changed is a new operation.
	opNames := func(p *ir.Package) map[string]string {
		out := map[string]string{}
		for _, o := range p.Operations {
			id := o.ID
			if id == "" {
				id = o.Method + " " + o.Path
			}
			out["operation "+id] = o.Name
			if o.Params != nil {
				out["params of "+id] = o.Params.Name
				delete(typesOf[p], o.Params.Key)
			}
		}
		return out
	}
	oldTypes, newTypes := typeNames(older), typeNames(newer)
	typesOf = map[*ir.Package]map[string]string{older: oldTypes, newer: newTypes}
	oldOps, newOps := opNames(older), opNames(newer)
	known := map[string]bool{}
	shared := 0
	for _, pair := range [][2]map[string]string{{oldTypes, newTypes}, {oldOps, newOps}} {
		for key, was := range pair[0] {
			now, ok := pair[1][key]
			if !ok {
				continue
			}
			shared++
			if now != was && !known[key] {
				t.Errorf("%s: %s in the older snapshot, %s in the newer", key, was, now)
			}
		}
	}
	if shared < 1000 {
		t.Errorf("only %d names in common; the comparison is not looking at the right things", shared)
	}
	t.Logf("%d schema and operation names compared", shared)
}
