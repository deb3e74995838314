package generator

import (
	"fmt"
	"maps"
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
	// Components the newer snapshot renamed keep their names as aliases of
	// the component that holds the same now, found by their prints.
	renamed := map[string]string{}
	for _, ty := range newer.Types {
		if _, component := componentName(ty.Key); component && ty.MovedTo != "" {
			renamed[ty.Name] = ty.SameAs.Name
		}
	}
	if renamed["CreateRevision3DClassicBody"] != "CreateRevision3DClassicAndHybridBody" || renamed["InputItemsListIDRef"] != "InputItemsIdRef" {
		t.Errorf("renamed components kept: %v", renamed)
	}
	t.Logf("%d renamed components keep their names", len(renamed))
}

// enumSpec is a spec with an enum and servers; values and servers are
// filled in per case.
func enumSpec(t *testing.T, values, servers string) string {
	t.Helper()
	src := `openapi: 3.0.3
info: {title: t, version: "1"}
servers:
` + servers + `paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: status, in: query, schema: {$ref: '#/components/schemas/Status'}}
      responses:
        "204": {description: none}
components:
  schemas:
    Status:
      type: string
      enum: [` + values + `]
    StatusSold:
      type: object
      properties: {at: {type: string}}
`
	path := filepath.Join(t.TempDir(), "spec.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// constants maps every enum constant and server constant to its value.
func constants(p *ir.Package) map[string]any {
	out := map[string]any{}
	for _, t := range p.Types {
		for _, v := range t.EnumValues {
			out[v.Name] = v.Value
		}
	}
	for _, s := range p.Servers {
		out[s.Name] = s.URL
	}
	return out
}

// TestConstantsNeverChangeValue removes and inserts enum values and servers
// before others, regenerating with the names of the last generation each
// time, and checks that every constant that still exists holds the value
// it held: a name never moves to another value, which would compile and
// send the wrong thing.
func TestConstantsNeverChangeValue(t *testing.T) {
	prodStaging := "  - {url: 'https://prod.example.com/v1'}\n  - {url: 'https://staging.example.com/v1'}\n"
	first, err := Model(Options{Spec: enumSpec(t, "available, pending, sold", prodStaging), Package: "p"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"StatusAvailable": "available", "StatusPending": "pending",
		// StatusSold is a schema's name: the constant gives way.
		"StatusSoldSchema": "sold",
		"ServerURL1":       "https://prod.example.com/v1", "ServerURL2": "https://staging.example.com/v1",
	}
	got := constants(first)
	for name, v := range want {
		if got[name] != v {
			t.Errorf("first generation: %s is %v, want %v (all: %v)", name, got[name], v, got)
		}
	}
	for _, c := range []struct {
		name, values, servers string
		added                 map[string]any
	}{
		{"value removed first", "pending, sold", prodStaging, nil},
		{"value inserted first", "adopted, available, pending, sold", prodStaging, map[string]any{"StatusAdopted": "adopted"}},
		{"values reversed", "sold, pending, available", prodStaging, nil},
		{"server inserted first", "available, pending, sold",
			"  - {url: 'https://dev.example.com/v1'}\n" + prodStaging, map[string]any{"ServerURL3": "https://dev.example.com/v1"}},
		{"server removed first", "available, pending, sold", "  - {url: 'https://staging.example.com/v1'}\n", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			next, err := Model(Options{Spec: enumSpec(t, c.values, c.servers), Package: "p", Previous: first.Names})
			if err != nil {
				t.Fatal(err)
			}
			now := constants(next)
			for name, v := range now {
				if was, ok := got[name]; ok && was != v {
					t.Errorf("%s held %v and now holds %v", name, was, v)
				}
				if _, ok := got[name]; !ok && c.added[name] != v {
					t.Errorf("new constant %s = %v; want only %v", name, v, c.added)
				}
			}
			for name, v := range c.added {
				if now[name] != v {
					t.Errorf("%s is %v, want %v (all: %v)", name, now[name], v, now)
				}
			}
		})
	}
}

// TestLegacyEnumNames reads a names file written by an earlier specgen,
// which keyed enum values by position: a name is taken over where it is
// the value's own name or that name with a collision suffix, and refused
// where it names another value.
func TestLegacyEnumNames(t *testing.T) {
	spec := enumSpec(t, "pending, sold", "  - {url: 'https://prod.example.com/v1'}\n")
	legacy := map[string]string{
		"#/components/schemas/Status":        "Status",
		"#/components/schemas/Status/enum/0": "StatusAvailable", // the value at 0 was "available"
		"#/components/schemas/Status/enum/1": "StatusPendingSchema",
	}
	p, err := Model(Options{Spec: spec, Package: "p", Previous: legacy})
	if err != nil {
		t.Fatal(err)
	}
	got := constants(p)
	if got["StatusPending"] != "pending" || got["StatusAvailable"] != nil {
		t.Errorf("the name of another value was taken over: %v", got)
	}
	if got["StatusSoldSchema"] != "sold" || got["StatusPendingSchema"] != nil {
		t.Errorf("got %v", got)
	}
	legacy["#/components/schemas/Status/enum/0"] = "StatusPendingSchema"
	p, err = Model(Options{Spec: spec, Package: "p", Previous: legacy})
	if err != nil {
		t.Fatal(err)
	}
	if got := constants(p); got["StatusPendingSchema"] != "pending" {
		t.Errorf("a kept name of the same value was not taken over: %v", got)
	}
}

// TestAllOfKeepsPartTypes: a schema that takes its properties from another
// through allOf holds that schema's inline types, not copies named after
// itself, whichever of them comes first in the document; so handlers need
// no conversions between two identical enums.
func TestAllOfKeepsPartTypes(t *testing.T) {
	src := `openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Animal:
      allOf:
        - $ref: '#/components/schemas/NewPet'
        - {type: object, properties: {legs: {type: integer}}}
    NewPet:
      type: object
      properties:
        status: {type: string, enum: [available, sold]}
        owner: {type: object, properties: {name: {type: string}}}
    Pet:
      allOf:
        - $ref: '#/components/schemas/NewPet'
        - {type: object, properties: {id: {type: integer}}}
`
	path := filepath.Join(t.TempDir(), "spec.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Model(Options{Spec: path, Package: "p"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	fieldType := map[string]string{}
	for _, ty := range p.Types {
		names = append(names, ty.Name)
		for _, f := range ty.Fields {
			if f.Schema.Named != nil {
				fieldType[ty.Name+"."+f.Name] = f.Schema.Named.Name
			}
		}
	}
	if strings.Join(names, " ") != "Animal NewPet NewPetOwner NewPetStatus Pet" {
		t.Errorf("types: %v", names)
	}
	for _, s := range []string{"Animal", "NewPet", "Pet"} {
		if fieldType[s+".Status"] != "NewPetStatus" || fieldType[s+".Owner"] != "NewPetOwner" {
			t.Errorf("%s: %v", s, fieldType)
		}
	}
}

// sharedComponentsSpec has a response, a request body and a parameter,
// each written once in the components with a schema of its own and used
// by two operations, whose paths are written in the order given.
func sharedComponentsSpec(t *testing.T, paths ...string) string {
	t.Helper()
	ops := map[string]string{
		"a": "  /constraints/delete:\n    post:\n      operationId: deleteConstraints\n",
		"b": "  /indexes/delete:\n    post:\n      operationId: deleteIndexes\n",
	}
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n")
	for _, p := range paths {
		b.WriteString(ops[p])
		b.WriteString(`      parameters:
        - $ref: '#/components/parameters/Mode'
      requestBody:
        $ref: '#/components/requestBodies/Ids'
      responses:
        "200":
          $ref: '#/components/responses/Deleted'
`)
	}
	b.WriteString(`components:
  parameters:
    Mode:
      name: mode
      in: query
      schema: {type: string, enum: [soft, hard]}
  requestBodies:
    Ids:
      content:
        application/json:
          schema:
            type: object
            properties:
              items: {type: array, items: {type: string}}
  responses:
    Deleted:
      description: deleted
      content:
        application/json:
          schema:
            type: object
            properties:
              items:
                type: array
                items:
                  type: object
                  properties:
                    id: {type: integer}
`)
	path := filepath.Join(t.TempDir(), "api.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// clientSignatures is every method of the generated Client, by name, with
// the names of its types, and the names of the enum's constants.
func clientSignatures(t *testing.T, spec string, prev map[string]string) (map[string]string, map[string]string) {
	t.Helper()
	res, err := Generate(Options{Spec: spec, Package: "api", Previous: prev})
	if err != nil {
		t.Fatal(err)
	}
	sigs := map[string]string{}
	for _, line := range strings.Split(generatedFile(t, res, "client_gen.go"), "\n") {
		if rest, ok := strings.CutPrefix(line, "func (c *Client) "); ok {
			sigs[rest[:strings.IndexByte(rest, '(')]] = rest
		}
	}
	p, err := Model(Options{Spec: spec, Package: "api", Previous: prev})
	if err != nil {
		t.Fatal(err)
	}
	return sigs, p.Names
}

// TestSharedComponentTypesKeepNames: the types of a response, request body
// or parameter written in the components are named after the component,
// not after the operation that comes first in the document. Before, moving
// one path above another renamed them (and every enum constant), which
// breaks the code of every client and server; so did removing the
// operation that came first. A names file written when they were named
// after an operation keeps those names.
func TestSharedComponentTypesKeepNames(t *testing.T) {
	ab, ba, b := sharedComponentsSpec(t, "a", "b"), sharedComponentsSpec(t, "b", "a"), sharedComponentsSpec(t, "b")
	first, names := clientSignatures(t, ab, nil)
	want := "DeleteIndexes(ctx context.Context, body *IdsRequest, params *DeleteIndexesParams) (*DeletedResponse, error) {"
	if first["DeleteIndexes"] != want {
		t.Fatalf("DeleteIndexes is\n%s\nwant\n%s", first["DeleteIndexes"], want)
	}
	for _, c := range []struct {
		name string
		spec string
		prev map[string]string
	}{
		{"paths swapped", ba, nil},
		{"paths swapped, with the names file", ba, names},
		{"first operation removed, with the names file", b, names},
	} {
		got, gotNames := clientSignatures(t, c.spec, c.prev)
		for op, sig := range got {
			if sig != first[op] {
				t.Errorf("%s: %s is\n%s\nwas\n%s", c.name, op, sig, first[op])
			}
		}
		for _, k := range []string{`#/components/parameters/Mode/schema/enum="hard"`, "#/components/responses/Deleted/content/application~1json/schema/properties/items/items"} {
			if gotNames[k] != names[k] || names[k] == "" {
				t.Errorf("%s: %s is named %q, was %q", c.name, k, gotNames[k], names[k])
			}
		}
	}

	// A names file of an earlier specgen keyed these types by the place
	// under the operation that came first (deleteConstraints).
	op := "#/paths/~1constraints~1delete/post"
	legacy := map[string]string{
		op + "/parameters/mode/schema":                                                "DeleteConstraintsMode",
		op + `/parameters/mode/schema/enum="hard"`:                                    "DeleteConstraintsModeHard",
		op + "/requestBody/content/application~1json/schema":                          "DeleteConstraintsRequest",
		op + "/responses/200/content/application~1json/schema":                        "DeleteConstraintsResponse",
		op + "/responses/200/content/application~1json/schema/properties/items/items": "DeleteConstraintsResponseItemsItem",
	}
	got, gotNames := clientSignatures(t, ba, legacy)
	want = "DeleteIndexes(ctx context.Context, body *DeleteConstraintsRequest, params *DeleteIndexesParams) (*DeleteConstraintsResponse, error) {"
	if got["DeleteIndexes"] != want {
		t.Errorf("with an earlier names file, DeleteIndexes is\n%s\nwant\n%s", got["DeleteIndexes"], want)
	}
	for k, name := range map[string]string{
		`#/components/parameters/Mode/schema/enum="hard"`:                                        "DeleteConstraintsModeHard",
		"#/components/parameters/Mode/schema":                                                    "DeleteConstraintsMode",
		"#/components/responses/Deleted/content/application~1json/schema/properties/items/items": "DeleteConstraintsResponseItemsItem",
	} {
		if gotNames[k] != name {
			t.Errorf("with an earlier names file, %s is named %q, want %q", k, gotNames[k], name)
		}
	}
}

// TestPathParameterTypeKeepsName: a parameter written on a path, with an
// enum of its own, is shared by the path's operations. Its type used to
// be named after the first of them, so adding a GET to a path that had
// only a POST renamed it and its constants, names file or not.
func TestPathParameterTypeKeepsName(t *testing.T) {
	spec := func(ops ...string) string {
		s := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /items:\n    parameters:\n" +
			"      - {name: mode, in: query, schema: {type: string, enum: [soft, hard]}}\n"
		for _, op := range ops {
			s += "    " + op + ":\n      operationId: " + op + "Items\n      responses:\n        '204': {description: ok}\n"
		}
		path := filepath.Join(t.TempDir(), "api.yaml")
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	const key = "#/paths/~1items/parameters/mode/schema"
	_, names := clientSignatures(t, spec("post"), nil)
	if names[key] != "PostItemsMode" || names[key+`/enum="hard"`] != "PostItemsModeHard" {
		t.Fatalf("names: %v", names)
	}
	_, got := clientSignatures(t, spec("get", "post"), names)
	if got[key] != "PostItemsMode" || got[key+`/enum="hard"`] != "PostItemsModeHard" {
		t.Errorf("a GET added before the POST renamed the parameter's type: %s, %s", got[key], got[key+`/enum="hard"`])
	}
	// An earlier specgen keyed it under the operation.
	legacy := map[string]string{
		"#/paths/~1items/post/parameters/mode/schema":             "PostItemsMode",
		`#/paths/~1items/post/parameters/mode/schema/enum="hard"`: "PostItemsModeHard",
	}
	if _, got := clientSignatures(t, spec("get", "post"), legacy); got[key] != "PostItemsMode" || got[key+`/enum="hard"`] != "PostItemsModeHard" {
		t.Errorf("with an earlier names file: %s, %s", got[key], got[key+`/enum="hard"`])
	}
}

// TestInsertedVariantKeepsNames: variants written in place in a oneOf are
// named by place (ShapeVariant0, ...). A variant inserted before the others
// used to take the first one's name, so code reading s.ShapeVariant0 read
// another variant, and compiled where the two had the same fields. With
// the names of the last generation each variant keeps its field, its type
// and its nested types' names, and the newcomer takes a free number.
func TestInsertedVariantKeepsNames(t *testing.T) {
	variants := map[string]string{
		"circle": "        - {type: object, required: [kind, radius], properties: {kind: {type: string, enum: [circle]}, radius: {type: number}}}\n",
		"square": "        - {type: object, required: [kind, side], properties: {kind: {type: string, enum: [square]}, side: {type: number}, meta: {type: object, properties: {a: {type: string}}}}}\n",
		"rect":   "        - {type: object, required: [kind, side], properties: {kind: {type: string, enum: [rect]}, side: {type: number}, meta: {type: object, properties: {b: {type: string}}}}}\n",
	}
	spec := func(order ...string) string {
		s := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Shape:\n      oneOf:\n"
		for _, v := range order {
			s += variants[v]
		}
		path := filepath.Join(t.TempDir(), "api.yaml")
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// shape maps each field of Shape to its type and the kind it holds, and
	// the type of its meta property.
	shape := func(spec string, prev map[string]string) (map[string]string, map[string]string) {
		t.Helper()
		p, err := Model(Options{Spec: spec, Package: "api", Previous: prev})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, ty := range p.Types {
			if ty.Name != "Shape" {
				continue
			}
			for _, v := range ty.Variants {
				vt := v.Schema.Named
				desc := vt.Name
				for _, f := range vt.Fields {
					if f.JSONName == "kind" && f.Schema.Named != nil {
						desc += " " + fmt.Sprint(f.Schema.Named.EnumValues[0].Value)
					}
					if f.JSONName == "meta" {
						desc += " meta " + f.Schema.Named.Name
					}
				}
				out[v.Name] = desc
			}
		}
		return out, p.Names
	}
	first, names := shape(spec("circle", "square"), nil)
	names1 := names
	want := map[string]string{"ShapeVariant0": "ShapeVariant0 circle", "ShapeVariant1": "ShapeVariant1 square meta ShapeVariant1Meta"}
	if !maps.Equal(first, want) {
		t.Fatalf("first generation: %v, want %v", first, want)
	}
	second, names := shape(spec("rect", "circle", "square"), names)
	want["ShapeVariant2"] = "ShapeVariant2 rect meta ShapeVariant2Meta"
	if !maps.Equal(second, want) {
		t.Errorf("a variant inserted first: %v, want %v", second, want)
	}
	third, _ := shape(spec("rect", "square"), names)
	delete(want, "ShapeVariant0")
	if !maps.Equal(third, want) {
		t.Errorf("the first of the old variants removed: %v, want %v", third, want)
	}
	// A names file from before variants were recorded by what they hold
	// can only go by place, as then.
	got, _ := shape(spec("rect", "circle", "square"), withoutPrints(names1))
	want = map[string]string{"ShapeVariant0": "ShapeVariant0 rect meta ShapeVariant0Meta", "ShapeVariant1": "ShapeVariant1 circle", "ShapeVariant2": "ShapeVariant2 square meta ShapeVariant2Meta"}
	if !maps.Equal(got, want) {
		t.Errorf("with an older names file: %v, want %v", got, want)
	}
}

// withoutPrints is names without the records of variants by what they hold.
func withoutPrints(names map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range names {
		if !strings.Contains(k, "/oneOf=") {
			out[k] = v
		}
	}
	return out
}

// TestWebhookComponentBodyKeepsLegacyName: a webhook's body written in the
// components was keyed under the webhook by earlier versions; their names
// file still names it.
func TestWebhookComponentBodyKeepsLegacyName(t *testing.T) {
	path := filepath.Join(t.TempDir(), "api.yaml")
	spec := `openapi: 3.1.0
info: {title: t, version: '1'}
webhooks:
  newPet:
    post:
      requestBody:
        $ref: '#/components/requestBodies/Pet'
      responses:
        '200': {description: ok}
components:
  requestBodies:
    Pet:
      content:
        application/json:
          schema:
            type: object
            properties:
              name: {type: string}
`
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	const key = "#/components/requestBodies/Pet/content/application~1json/schema"
	p, err := Model(Options{Spec: path, Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Names[key] != "PetRequest" {
		t.Errorf("fresh: %s is named %q, want PetRequest", key, p.Names[key])
	}
	legacy := map[string]string{"#/webhooks/newPet/post/requestBody/content/application~1json/schema": "NewPetWebhookRequest"}
	if p, err = Model(Options{Spec: path, Package: "api", Previous: legacy}); err != nil {
		t.Fatal(err)
	}
	if p.Names[key] != "NewPetWebhookRequest" {
		t.Errorf("with an earlier names file: %s is named %q, want NewPetWebhookRequest", key, p.Names[key])
	}
}

// TestCallbackComponentBodyKeepsLegacyName: likewise for a callback's body.
func TestCallbackComponentBodyKeepsLegacyName(t *testing.T) {
	path := filepath.Join(t.TempDir(), "api.yaml")
	spec := `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /subscribe:
    post:
      operationId: subscribe
      responses:
        '204': {description: ok}
      callbacks:
        onEvent:
          '{$request.body#/url}':
            post:
              requestBody:
                $ref: '#/components/requestBodies/Event'
              responses:
                '200': {description: ok}
components:
  requestBodies:
    Event:
      content:
        application/json:
          schema:
            type: object
            properties:
              kind: {type: string}
`
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	const key = "#/components/requestBodies/Event/content/application~1json/schema"
	legacy := map[string]string{"#/paths/~1subscribe/post/callbacks/onEvent/{$request.body#~1url}/post/requestBody/content/application~1json/schema": "SubscribeOnEventCallbackRequest"}
	p, err := Model(Options{Spec: path, Package: "api", Previous: legacy})
	if err != nil {
		t.Fatal(err)
	}
	if p.Names[key] != "SubscribeOnEventCallbackRequest" {
		t.Errorf("with an earlier names file: %s is named %q, want SubscribeOnEventCallbackRequest; names: %v", key, p.Names[key], p.Names)
	}
}

// TestMovedSchemaKeepsOldName moves the schemas a spec wrote in place into
// components (testdata/moved: before.yaml, then spec.yaml) and checks that
// each old type name and enum constant stays, as a deprecated alias of the
// type its place now leads to, through one $ref or two; that the names
// file keeps them, so that the next generation is the same; and that a
// name another declaration takes meanwhile is not kept.
func TestMovedSchemaKeepsOldName(t *testing.T) {
	dir := filepath.Join("testdata", "moved")
	before, err := Model(Options{Spec: filepath.Join(dir, "before.yaml"), Package: "moved"})
	if err != nil {
		t.Fatal(err)
	}
	// previous.names, the golden case's input, is what before.yaml generates.
	fixture, err := ReadNames(filepath.Join(dir, "previous.names"))
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(before.Names, fixture) {
		t.Fatalf("previous.names is not what before.yaml generates:\n%v\nwant\n%v", fixture, before.Names)
	}
	aliases := func(p *ir.Package) map[string]string {
		out := map[string]string{}
		for _, ty := range p.Types {
			if ty.MovedTo != "" {
				out[ty.Name] = ty.SameAs.Name + " at " + ty.MovedTo
				for _, v := range ty.EnumValues {
					out[v.Name] = fmt.Sprint(v.Value)
				}
			}
		}
		return out
	}
	spec := filepath.Join(dir, "spec.yaml")
	moved, err := Model(Options{Spec: spec, Package: "moved", Previous: before.Names})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"CreatePetRequest":         "NewPet at #/components/schemas/NewPet",
		"CreatePetRequestKind":     "Kind at #/components/schemas/Kind",
		"CreatePetRequestKindCat":  "cat",
		"CreatePetRequestKindDog":  "dog",
		"CreatePetRequestOwner":    "Person at #/components/schemas/Person",
		"CreatePetRequestTagsItem": "Tag at #/components/schemas/Tag",
		"CreatePetResponse":        "Created at #/components/schemas/Created",
		"GetPetResponse":           "Pet at #/components/schemas/Pet",
		"GetPetResponseKind":       "Kind at #/components/schemas/Kind",
		"GetPetResponseKindCat":    "cat",
		"GetPetResponseKindDog":    "dog",
	}
	if got := aliases(moved); !maps.Equal(got, want) {
		t.Errorf("aliases %v, want %v", got, want)
	}
	for k, n := range before.Names {
		if moved.Names[k] != n {
			t.Errorf("names file: %s is %q, want %q kept", k, moved.Names[k], n)
		}
	}
	again, err := Model(Options{Spec: spec, Package: "moved", Previous: moved.Names})
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(again.Names, moved.Names) || !maps.Equal(aliases(again), want) {
		t.Errorf("the next generation differs:\n%v\n%v", again.Names, aliases(again))
	}
	// Without the names file there is nothing to keep.
	fresh, err := Model(Options{Spec: spec, Package: "moved"})
	if err != nil {
		t.Fatal(err)
	}
	if got := aliases(fresh); len(got) != 0 {
		t.Errorf("aliases without a names file: %v", got)
	}
	// A component that takes an old name keeps it; the alias goes.
	src, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	taken := filepath.Join(t.TempDir(), "api.yaml")
	extra := "    CreatePetResponse:\n      type: object\n      properties:\n        note: {type: string}\n"
	if err := os.WriteFile(taken, []byte(string(src)+extra), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Model(Options{Spec: taken, Package: "moved", Previous: before.Names})
	if err != nil {
		t.Fatal(err)
	}
	got := aliases(p)
	delete(want, "CreatePetResponse")
	if !maps.Equal(got, want) {
		t.Errorf("with CreatePetResponse taken: aliases %v, want %v", got, want)
	}
	for _, ty := range p.Types {
		if ty.Name == "CreatePetResponse" && ty.Key != "#/components/schemas/CreatePetResponse" {
			t.Errorf("CreatePetResponse is %s, want the component", ty.Key)
		}
	}
}

// TestMovedPlacesKeepOldNames moves schemas from the places a names file
// keys types by (testdata/movedcases/*: before.yaml, then after.yaml) and
// checks the aliases kept: a union's variants by what they hold, not by
// their place, which the move reordered; the homes of component bodies,
// responses and parameters and a parameter written on a path; a path with
// "=" in it; a $ref made nullable with allOf or written beside null.
func TestMovedPlacesKeepOldNames(t *testing.T) {
	cases := map[string]map[string]string{
		"var":   {"GetPetResponse": "Pet", "GetPetResponseVariant0": "PetVariant1", "GetPetResponseVariant1": "PetVariant0"},
		"comp":  {"NewPetRequest": "PetIn", "PetOutResponse": "Pet", "Sort": "Direction", "SortAsc": "asc", "SortDesc": "desc"},
		"par":   {"GetAMode": "Mode", "GetAModeFast": "fast", "GetAModeSlow": "slow", "GetAStatus": "Status", "GetAStatusOff": "off", "GetAStatusOn": "on"},
		"eq":    {"GetThingResponse": "Thing"},
		"allof": {"GetThingResponse": "Thing"},
		"combo": {"PostARequestLevel": "Level", "PostARequestLevelHigh": "2", "PostARequestLevelLow": "1", "PostARequestListItem": "Item", "PostARequestMpValue": "MpValue", "PostARequestNul": "Nul"},
	}
	for name, want := range cases {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", "movedcases", name)
			before, err := Model(Options{Spec: filepath.Join(dir, "before.yaml"), Package: "p"})
			if err != nil {
				t.Fatal(err)
			}
			after, err := Model(Options{Spec: filepath.Join(dir, "after.yaml"), Package: "p", Previous: before.Names})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, ty := range after.Types {
				if ty.MovedTo == "" {
					continue
				}
				got[ty.Name] = ty.SameAs.Name
				for _, v := range ty.EnumValues {
					got[v.Name] = fmt.Sprint(v.Value)
				}
			}
			if !maps.Equal(got, want) {
				t.Errorf("aliases %v, want %v", got, want)
			}
			again, err := Model(Options{Spec: filepath.Join(dir, "after.yaml"), Package: "p", Previous: after.Names})
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(again.Names, after.Names) {
				t.Errorf("the next generation's names differ")
			}
		})
	}
}

// TestRenamedOrInlinedComponentKeepsOldName renames a component, or writes
// its schema in place where it was a $ref, and checks that the names file's
// print of the component (#/components/schemas/Pet="…") keeps the old names
// as aliases of the type that now holds the same, its nested types and enum
// constants with it; and that nothing is kept where the schema changed, or
// where two types hold what it held.
func TestRenamedOrInlinedComponentKeepsOldName(t *testing.T) {
	const head = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: ITEMS
`
	const pet = `      type: object
      description: DOC
      required: [name]
      properties:
        name: {type: string, description: The name.}
        description: {type: string}
        status:
          type: string
          enum: [available, sold]
        parent: {$ref: '#/components/schemas/SELF'}
`
	component := func(name, doc string) string {
		return "    " + name + ":\n" + strings.NewReplacer("DOC", doc, "SELF", name).Replace(pet)
	}
	spec := func(items string, components ...string) string {
		s := strings.Replace(head, "ITEMS", items, 1)
		if len(components) > 0 {
			s += "components:\n  schemas:\n" + strings.Join(components, "")
		}
		path := filepath.Join(t.TempDir(), "api.yaml")
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	model := func(path string, prev map[string]string) *ir.Package {
		t.Helper()
		p, err := Model(Options{Spec: path, Package: "pets", Previous: prev})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	aliases := func(p *ir.Package) map[string]string {
		out := map[string]string{}
		for _, ty := range p.Types {
			if ty.MovedTo != "" {
				out[ty.Name] = ty.SameAs.Name
				for _, v := range ty.EnumValues {
					out[v.Name] = fmt.Sprint(v.Value)
				}
			}
		}
		return out
	}
	ref := func(name string) string { return "{$ref: '#/components/schemas/" + name + "'}" }
	before := model(spec(ref("Pet"), component("Pet", "A pet.")), nil)
	printKey := ""
	for k, n := range before.Names {
		if strings.HasPrefix(k, `#/components/schemas/Pet="`) && n == "Pet" {
			printKey = k
		}
	}
	if printKey == "" {
		t.Fatalf("no print of Pet in the names: %v", before.Names)
	}

	renamed := spec(ref("Animal"), component("Animal", "An animal, described anew."))
	after := model(renamed, before.Names)
	want := map[string]string{"Pet": "Animal", "PetStatus": "AnimalStatus", "PetStatusAvailable": "available", "PetStatusSold": "sold"}
	if got := aliases(after); !maps.Equal(got, want) {
		t.Errorf("renamed: aliases %v, want %v", got, want)
	}
	record := `#/components/schemas/Pet=>"#/components/schemas/Animal"`
	if after.Names[record] != "Pet" {
		t.Errorf("renamed: the names file has no %s", record)
	}
	again := model(renamed, after.Names)
	if !maps.Equal(again.Names, after.Names) || !maps.Equal(aliases(again), want) {
		t.Errorf("renamed, the next generation differs:\n%v\n%v", again.Names, aliases(again))
	}
	if got := aliases(model(renamed, nil)); len(got) != 0 {
		t.Errorf("renamed without a names file: aliases %v", got)
	}
	// Deleting the alias's line from the names file drops the alias, and its print.
	pruned := maps.Clone(after.Names)
	delete(pruned, "#/components/schemas/Pet")
	dropped := model(renamed, pruned)
	if got := aliases(dropped); got["Pet"] != "" {
		t.Errorf("alias line deleted: aliases %v", got)
	}
	if _, ok := dropped.Names[record]; ok {
		t.Errorf("alias line deleted: %s still in the names file", record)
	}
	// The move is followed from its record: on when the schema changes later,
	// and along a chain of renames.
	grown := spec(ref("Animal"), strings.Replace(component("Animal", ""), "        name:", "        age: {type: integer}\n        name:", 1))
	if got := aliases(model(grown, after.Names)); got["Pet"] != "Animal" {
		t.Errorf("renamed, then changed: aliases %v", got)
	}
	chained := model(spec(ref("Creature"), component("Creature", "")), after.Names)
	want = map[string]string{"Pet": "Creature", "PetStatus": "CreatureStatus", "PetStatusAvailable": "available", "PetStatusSold": "sold",
		"Animal": "Creature", "AnimalStatus": "CreatureStatus", "AnimalStatusAvailable": "available", "AnimalStatusSold": "sold"}
	if got := aliases(chained); !maps.Equal(got, want) {
		t.Errorf("renamed twice: aliases %v, want %v", got, want)
	}
	// x-go-name is no part of what a schema holds.
	goName := model(spec(ref("Pet"), strings.Replace(component("Pet", ""), "      type: object\n", "      type: object\n      x-go-name: PetModel\n", 1)), nil)
	if got := aliases(model(renamed, goName.Names)); got["PetModel"] != "Animal" {
		t.Errorf("renamed, x-go-name dropped: aliases %v", got)
	}

	// Written in place: its self-reference goes, so start from a Pet without one.
	noSelf := func(name, doc string) string {
		return strings.Replace(component(name, doc), "        parent: {$ref: '#/components/schemas/"+name+"'}\n", "", 1)
	}
	flat := model(spec(ref("Pet"), noSelf("Pet", "A pet.")), nil)
	inline := "\n" + strings.ReplaceAll(strings.TrimPrefix(noSelf("X", ""), "    X:\n"), "      ", "                  ")
	inlined := model(spec(inline), flat.Names)
	want = map[string]string{"Pet": "ListPetsResponseItem", "PetStatus": "ListPetsResponseItemStatus", "PetStatusAvailable": "available", "PetStatusSold": "sold"}
	if got := aliases(inlined); !maps.Equal(got, want) {
		t.Errorf("inlined: aliases %v, want %v", got, want)
	}

	// Nothing is kept for a schema that changed, nor where two types hold it.
	changed := spec(ref("Animal"), strings.Replace(component("Animal", ""), "        name:", "        age: {type: integer}\n        name:", 1))
	if got := aliases(model(changed, before.Names)); len(got) != 0 {
		t.Errorf("changed: aliases %v", got)
	}
	twice := spec(ref("Animal"), component("Animal", ""), component("Beast", ""))
	if got := aliases(model(twice, before.Names)); len(got) != 0 {
		t.Errorf("two alike: aliases %v", got)
	}
	// A component removed while one that holds the same was there already
	// did not move there.
	both := model(spec(ref("Pet"), noSelf("Pet", ""), noSelf("Dog", "")), nil)
	if got := aliases(model(spec(ref("Dog"), noSelf("Dog", "")), both.Names)); len(got) != 0 {
		t.Errorf("removed beside an equal one: aliases %v", got)
	}
}
