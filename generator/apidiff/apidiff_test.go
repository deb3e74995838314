package apidiff

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specgen/specgen/generator"
	"github.com/specgen/specgen/generator/ir"
)

// baseSpec has a request type (NewPet), a response type (Pet), an enum
// used both ways (Kind), a response-only enum (Status), a union (Shape)
// and a type no operation uses (Owner).
const baseSpec = `openapi: 3.1.0
info: {title: Pets, version: "1"}
paths:
  /pets:
    post:
      operationId: createPet
      x-capability: [petsAcl:WRITE]
      parameters:
        - {name: dryRun, in: query, schema: {type: boolean}}
        - {name: X-Trace, in: header, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewPet'}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /pets/{petId}:
    get:
      operationId: getPet
      summary: Get a pet.
      parameters:
        - {name: petId, in: path, required: true, schema: {type: integer, minimum: 1}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    NewPet:
      type: object
      required: [name]
      properties:
        name: {type: string, maxLength: 50}
        kind: {$ref: '#/components/schemas/Kind'}
        tags: {type: array, items: {type: string}, maxItems: 10}
        shape: {$ref: '#/components/schemas/Shape'}
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: integer}
        name: {type: string, maxLength: 50}
        kind: {$ref: '#/components/schemas/Kind'}
        status: {$ref: '#/components/schemas/Status'}
        shape: {$ref: '#/components/schemas/Shape'}
    Kind: {type: string, enum: [cat, dog]}
    Status: {type: string, enum: [available, sold]}
    Shape:
      oneOf:
        - $ref: '#/components/schemas/Circle'
        - $ref: '#/components/schemas/Square'
    Circle:
      type: object
      required: [radius]
      properties:
        radius: {type: number}
    Square:
      type: object
      required: [side]
      properties:
        side: {type: number}
    Owner:
      type: object
      properties:
        name: {type: string}
`

// edit replaces each pair old, new in s, once; a pair that does not match
// fails the test, so that a spec edit cannot silently do nothing.
func edit(t *testing.T, s string, pairs ...string) string {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("spec edit: %q not found", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

func compareSpecs(t *testing.T, oldSpec, newSpec string) Report {
	t.Helper()
	dir := t.TempDir()
	paths := [2]string{filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml")}
	for i, s := range []string{oldSpec, newSpec} {
		if err := os.WriteFile(paths[i], []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	o, err := generator.Model(generator.Options{Spec: paths[0]})
	if err != nil {
		t.Fatalf("old spec: %v", err)
	}
	n, err := generator.Model(generator.Options{Spec: paths[1]})
	if err != nil {
		t.Fatalf("new spec: %v", err)
	}
	return Compare(o, n)
}

// want is a change a report must hold: its kind, where (exactly) and a
// part of what.
type want struct {
	kind   Kind
	where  string
	what   string
	server bool // BreaksServer
}

func find(r Report, w want) *Change {
	for i, c := range r.Changes {
		if c.Kind == w.kind && c.Where == w.where && strings.Contains(c.What, w.what) {
			return &r.Changes[i]
		}
	}
	return nil
}

func check(t *testing.T, r Report, wants ...want) {
	t.Helper()
	for _, w := range wants {
		c := find(r, w)
		if c == nil {
			t.Errorf("no %s change at %q saying %q; report:\n%s", w.kind, w.where, w.what, r.Text())
			continue
		}
		if c.BreaksServer != w.server {
			t.Errorf("%s %q: BreaksServer = %v, want %v", w.where, c.What, c.BreaksServer, w.server)
		}
	}
}

func TestIdentical(t *testing.T) {
	r := compareSpecs(t, baseSpec, baseSpec)
	if len(r.Changes) != 0 {
		t.Errorf("identical specs differ:\n%s", r.Text())
	}
	if r.Text() != "No changes to the generated Go API.\n" {
		t.Errorf("Text: %q", r.Text())
	}
	if r.BreaksClients() || r.BreaksServers() {
		t.Error("an empty report breaks something")
	}
}

func TestTypes(t *testing.T) {
	t.Run("removed", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "    Owner:\n      type: object\n      properties:\n        name: {type: string}\n", ""))
		check(t, r, want{ClientBreaking, "type Owner", "struct type removed", true})
	})
	t.Run("added", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, baseSpec+"    Vet:\n      type: object\n      properties:\n        name: {type: string}\n")
		check(t, r, want{Compatible, "type Vet", "new struct type", false})
		if r.BreaksClients() || r.BreaksServers() {
			t.Errorf("a new type breaks:\n%s", r.Text())
		}
	})
	t.Run("kind changed", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "    Owner:\n      type: object\n      properties:\n        name: {type: string}\n", "    Owner: {type: string}\n"))
		check(t, r, want{ClientBreaking, "type Owner", "kind changed from struct to scalar", true})
	})
	t.Run("renamed", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "    Owner:\n      type: object\n", "    Owner:\n      x-go-name: Keeper\n      type: object\n"))
		check(t, r, want{ClientBreaking, "type Keeper", "renamed from Owner", true})
		if find(r, want{ClientBreaking, "type Owner", "removed", true}) != nil {
			t.Error("a renamed type is also reported as removed")
		}
	})
	t.Run("scalar underlying", func(t *testing.T) {
		r := compareSpecs(t, baseSpec+"    Weight: {type: integer, format: int32}\n", baseSpec+"    Weight: {type: integer, format: int64}\n")
		check(t, r, want{ClientBreaking, "type Weight", "underlying type changed from int32 to int64", true})
	})
}

func TestFields(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string
		wants    []want
	}{
		{"optional field added to a response type",
			"        status: {$ref: '#/components/schemas/Status'}\n",
			"        status: {$ref: '#/components/schemas/Status'}\n        age: {type: integer}\n",
			[]want{{Compatible, "type Pet, field Age", "field age added (*int64, optional)", false}}},
		{"required field added to a request type",
			"      required: [name]\n      properties:\n        name: {type: string, maxLength: 50}\n",
			"      required: [name, age]\n      properties:\n        name: {type: string, maxLength: 50}\n        age: {type: integer}\n",
			[]want{{ClientBreaking, "type NewPet, field Age", "the client refuses requests without it", false}}},
		{"field removed",
			"        status: {$ref: '#/components/schemas/Status'}\n",
			"",
			[]want{{ClientBreaking, "type Pet, field Status", "field status removed (was *Status, optional)", true}}},
		{"field type changed",
			"        id: {type: integer}\n",
			"        id: {type: string}\n",
			[]want{{ClientBreaking, "type Pet, field ID", "type changed from int64 to string", true}}},
		{"response field becomes required",
			"      required: [id, name]\n",
			"      required: [id, name, kind]\n",
			[]want{
				{ClientBreaking, "type Pet, field Kind", "type changed from *Kind to Kind (no longer a pointer)", true},
				{ServerBreaking, "type Pet, field Kind", "now required in responses: servers must fill it", true},
			}},
		{"response field becomes optional",
			"      required: [id, name]\n",
			"      required: [id]\n",
			[]want{
				{ClientBreaking, "type Pet, field Name", "type changed from string to *string (now a pointer)", true},
				{ClientBreaking, "type Pet, field Name", "no longer required in responses", false},
			}},
		{"request field becomes optional",
			"      required: [name]\n",
			"      required: []\n",
			[]want{{ServerBreaking, "type NewPet, field Name", "handlers may receive requests without it", true}}},
		{"field becomes read-only",
			"        tags: {type: array, items: {type: string}, maxItems: 10}\n",
			"        tags: {type: array, items: {type: string}, maxItems: 10, readOnly: true}\n",
			[]want{{ClientBreaking, "type NewPet, field Tags", "now read-only", true}}},
		{"field becomes nullable",
			"        id: {type: integer}\n",
			"        id: {type: [integer, 'null']}\n",
			[]want{{ClientBreaking, "type Pet, field ID", "type changed from int64 to *int64", true}}},
		{"field deprecated and documented",
			"        id: {type: integer}\n",
			"        id: {type: integer, deprecated: true, description: The id.}\n",
			[]want{
				{Compatible, "type Pet, field ID", "field id deprecated", false},
				{Compatible, "type Pet, field ID", "documentation changed", false},
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := compareSpecs(t, baseSpec, edit(t, baseSpec, tc.old, tc.new))
			check(t, r, tc.wants...)
		})
	}
	t.Run("required field added to a response type", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec,
			"      required: [id, name]\n      properties:\n        id: {type: integer}\n",
			"      required: [id, name, age]\n      properties:\n        id: {type: integer}\n        age: {type: integer}\n"))
		check(t, r, want{ServerBreaking, "type Pet, field Age", "servers must fill it in every response", true})
		if r.BreaksClients() {
			t.Errorf("a new required response field breaks clients:\n%s", r.Text())
		}
	})
}

func TestRules(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string
		want     want
	}{
		{"request maxLength tightened",
			"        name: {type: string, maxLength: 50}\n        kind:",
			"        name: {type: string, maxLength: 20}\n        kind:",
			want{ClientBreaking, "type NewPet, field Name", "maxLength lowered from 50 to 20", false}},
		{"request maxLength loosened",
			"        name: {type: string, maxLength: 50}\n        kind:",
			"        name: {type: string, maxLength: 100}\n        kind:",
			want{Compatible, "type NewPet, field Name", "validation loosened: maxLength raised from 50 to 100", false}},
		{"request pattern added",
			"        name: {type: string, maxLength: 50}\n        kind:",
			"        name: {type: string, maxLength: 50, pattern: '^[a-z]+$'}\n        kind:",
			want{ClientBreaking, "type NewPet, field Name", `pattern "^[a-z]+$" added`, false}},
		{"request items tightened",
			"maxItems: 10}",
			"maxItems: 5}",
			want{ClientBreaking, "type NewPet, field Tags", "maxItems lowered from 10 to 5", false}},
		{"request item rule added",
			"items: {type: string}, maxItems: 10}",
			"items: {type: string, minLength: 1}, maxItems: 10}",
			want{ClientBreaking, "type NewPet, field Tags", "items: minLength 1 added", false}},
		{"response rule tightened",
			"        name: {type: string, maxLength: 50}\n        kind: {$ref: '#/components/schemas/Kind'}\n        status:",
			"        name: {type: string, maxLength: 10}\n        kind: {$ref: '#/components/schemas/Kind'}\n        status:",
			want{ServerBreaking, "type Pet, field Name", "maxLength lowered from 50 to 10; responses must now meet it", true}},
		{"path parameter loosened",
			"schema: {type: integer, minimum: 1}",
			"schema: {type: integer, minimum: 0}",
			want{Compatible, "method GetPet, path parameter petId", "minimum lowered from 1 to 0", false}},
		{"path parameter tightened",
			"schema: {type: integer, minimum: 1}",
			"schema: {type: integer, minimum: 1, maximum: 1000}",
			want{ClientBreaking, "method GetPet, path parameter petId", "maximum 1000 added", false}},
		{"request const added",
			"        name: {type: string, maxLength: 50}\n        kind:",
			"        name: {type: string, maxLength: 50, const: rex}\n        kind:",
			want{ClientBreaking, "type NewPet, field Name", `const "rex" added`, false}},
		{"request format checked",
			"        name: {type: string, maxLength: 50}\n        kind:",
			"        name: {type: string, maxLength: 50, format: uuid}\n        kind:",
			want{ClientBreaking, "type NewPet, field Name", "format uuid now checked", false}},
		{"boolean parameter enum added",
			"{name: dryRun, in: query, schema: {type: boolean}}",
			"{name: dryRun, in: query, schema: {type: boolean, enum: [true]}}",
			want{ClientBreaking, "method CreatePet, query parameter dryRun", "enum [true] added", false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check(t, compareSpecs(t, baseSpec, edit(t, baseSpec, tc.old, tc.new)), tc.want)
		})
	}
}

func TestEnums(t *testing.T) {
	t.Run("response-only enum gains a value", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "enum: [available, sold]", "enum: [available, sold, pending]"))
		check(t, r, want{Compatible, "type Status", `value "pending" added (StatusPending); the enum is open`, false})
		if r.BreaksClients() || r.BreaksServers() {
			t.Errorf("a new response enum value breaks:\n%s", r.Text())
		}
	})
	t.Run("request enum gains a value", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "enum: [cat, dog]", "enum: [cat, dog, bird]"))
		check(t, r, want{Compatible, "type Kind", "handlers may now receive it", false})
	})
	t.Run("request enum loses a value", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "enum: [cat, dog]", "enum: [cat]"))
		check(t, r, want{ClientBreaking, "type Kind", `value "dog" removed: code that uses the constant KindDog no longer compiles; the client refuses requests that carry it`, true})
	})
	t.Run("integer enum", func(t *testing.T) {
		r := compareSpecs(t, baseSpec+"    Level: {type: integer, enum: [1, 2]}\n", baseSpec+"    Level: {type: integer, enum: [1, 3]}\n")
		check(t, r,
			want{ClientBreaking, "type Level", "value 2 removed", true},
			want{Compatible, "type Level", "value 3 added", false})
	})
}

func TestUnions(t *testing.T) {
	tri := "    Triangle:\n      type: object\n      properties:\n        base: {type: number}\n"
	t.Run("variant added", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec,
			"        - $ref: '#/components/schemas/Square'\n",
			"        - $ref: '#/components/schemas/Square'\n        - $ref: '#/components/schemas/Triangle'\n")+tri)
		check(t, r, want{Compatible, "type Shape, variant Triangle", "variant Triangle added (*Triangle)", false})
	})
	t.Run("variant removed", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "        - $ref: '#/components/schemas/Square'\n", ""))
		check(t, r, want{ClientBreaking, "type Shape, variant Square", "variant Square removed", true})
	})
}

func TestOperations(t *testing.T) {
	getPet := "  /pets/{petId}:\n    get:\n      operationId: getPet\n"
	t.Run("added", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "components:\n", `  /pets/{petId}/feed:
    post:
      operationId: feedPet
      x-capability: [petsAcl:WRITE]
      parameters:
        - {name: petId, in: path, required: true, schema: {type: integer}}
      responses:
        "204": {description: fed}
components:
`))
		check(t, r, want{ServerBreaking, "method FeedPet", "unless they embed UnimplementedHandler", true})
		c := find(r, want{ServerBreaking, "method FeedPet", "", true})
		if !strings.Contains(c.What, "FeedPet(ctx context.Context, petID int64) error") || !strings.Contains(c.What, "petsAcl:WRITE") {
			t.Errorf("the change does not show the signature and capability: %s", c.What)
		}
		if r.BreaksClients() {
			t.Errorf("a new operation breaks clients:\n%s", r.Text())
		}
	})
	t.Run("removed", func(t *testing.T) {
		i := strings.Index(baseSpec, getPet)
		j := strings.Index(baseSpec, "components:\n")
		r := compareSpecs(t, baseSpec, baseSpec[:i]+baseSpec[j:])
		check(t, r, want{ClientBreaking, "method GetPet", "code calling Client.GetPet no longer compiles", false})
		if r.BreaksServers() {
			t.Errorf("a removed operation breaks servers:\n%s", r.Text())
		}
	})
	t.Run("path parameter type", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "schema: {type: integer, minimum: 1}", "schema: {type: string}"))
		check(t, r, want{ClientBreaking, "method GetPet", "path parameters (petID int64) → (petID string)", true})
	})
	t.Run("result", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec,
			"      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Pet'}\n",
			"      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Owner'}\n"))
		check(t, r, want{ClientBreaking, "method GetPet", "result (*Pet, error) → (*Owner, error)", true})
	})
	t.Run("body and params", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec,
			"schema: {$ref: '#/components/schemas/NewPet'}",
			"schema: {$ref: '#/components/schemas/Pet'}",
			"        - {name: petId, in: path, required: true, schema: {type: integer, minimum: 1}}\n",
			"        - {name: petId, in: path, required: true, schema: {type: integer, minimum: 1}}\n        - {name: expand, in: query, schema: {type: boolean}}\n"))
		check(t, r,
			want{ClientBreaking, "method CreatePet", "request body *NewPet → *Pet", true},
			want{ClientBreaking, "method GetPet", "now takes parameters *GetPetParams", true},
			want{Compatible, "method GetPet, query parameter expand", "new optional query parameter (GetPetParams.Expand *bool)", false})
	})
	t.Run("body optional", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "      requestBody:\n        required: true\n", "      requestBody:\n        required: false\n"))
		check(t, r, want{ServerBreaking, "method CreatePet", "handlers may receive a nil body", true})
	})
	t.Run("moved, same operationId", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "  /pets:\n", "  /animals:\n"))
		// Clients generated from the old spec call the old route.
		check(t, r, want{ClientBreaking, "method CreatePet", "now POST /animals (was POST /pets)", false})
		if r.BreaksServers() {
			t.Errorf("a moved operation breaks servers:\n%s", r.Text())
		}
	})
	t.Run("operationId changed, same route", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "operationId: getPet", "operationId: fetchPet"))
		check(t, r, want{ClientBreaking, "method FetchPet", "renamed from GetPet to FetchPet", true})
		if find(r, want{ClientBreaking, "method GetPet", "removed", false}) != nil {
			t.Error("a renamed operation is also reported as removed")
		}
	})
	t.Run("documentation", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "summary: Get a pet.", "summary: Get one pet."))
		check(t, r, want{Compatible, "method GetPet", "documentation changed", false})
		if !strings.Contains(r.Text(), "documentation changed (1):\n    method GetPet\n") {
			t.Errorf("Text does not list documentation changes together:\n%s", r.Text())
		}
	})
}

func TestParams(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string
		want     want
	}{
		{"required query parameter added",
			"        - {name: dryRun, in: query, schema: {type: boolean}}\n",
			"        - {name: dryRun, in: query, schema: {type: boolean}}\n        - {name: owner, in: query, required: true, schema: {type: string}}\n",
			want{ClientBreaking, "method CreatePet, query parameter owner", "the client refuses calls without it", false}},
		{"query parameter removed",
			"        - {name: dryRun, in: query, schema: {type: boolean}}\n",
			"",
			want{ClientBreaking, "method CreatePet, query parameter dryRun", "CreatePetParams.DryRun no longer compiles", true}},
		{"query parameter becomes required",
			"{name: dryRun, in: query, schema: {type: boolean}}",
			"{name: dryRun, in: query, required: true, schema: {type: boolean}}",
			want{ClientBreaking, "method CreatePet, query parameter dryRun", "now required", false}},
		{"header parameter becomes required",
			"{name: X-Trace, in: header, schema: {type: string}}",
			"{name: X-Trace, in: header, required: true, schema: {type: string}}",
			want{ClientBreaking, "method CreatePet, header parameter X-Trace", "now required", false}},
		{"query parameter type",
			"{name: dryRun, in: query, schema: {type: boolean}}",
			"{name: dryRun, in: query, schema: {type: string}}",
			want{ClientBreaking, "method CreatePet, query parameter dryRun", "type changed from *bool to *string", true}},
		{"query parameter rule",
			"{name: X-Trace, in: header, schema: {type: string}}",
			"{name: X-Trace, in: header, schema: {type: string, maxLength: 64}}",
			want{ClientBreaking, "method CreatePet, header parameter X-Trace", "maxLength 64 added", false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check(t, compareSpecs(t, baseSpec, edit(t, baseSpec, tc.old, tc.new)), tc.want)
		})
	}
	t.Run("required header becomes optional", func(t *testing.T) {
		req := edit(t, baseSpec, "{name: X-Trace, in: header, schema: {type: string}}", "{name: X-Trace, in: header, required: true, schema: {type: string}}")
		check(t, compareSpecs(t, req, baseSpec), want{ServerBreaking, "method CreatePet, header parameter X-Trace", "handlers may receive calls without it", true})
	})
}

func TestCapabilities(t *testing.T) {
	t.Run("changed", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "x-capability: [petsAcl:WRITE]", "x-capability: [petsAcl:RUN]"))
		check(t, r, want{ClientBreaking, "method CreatePet", "capability changed from petsAcl:WRITE to petsAcl:RUN: credentials that lack petsAcl:RUN are refused", false})
		if r.BreaksServers() {
			t.Errorf("a capability change breaks servers:\n%s", r.Text())
		}
	})
	t.Run("added", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "x-capability: [petsAcl:WRITE]", "x-capability: [petsAcl:WRITE, ownersAcl:READ]"))
		check(t, r, want{ClientBreaking, "method CreatePet", "now requires capability ownersAcl:READ", false})
	})
	t.Run("dropped", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, "      x-capability: [petsAcl:WRITE]\n", ""))
		check(t, r, want{Compatible, "method CreatePet", "no longer requires capability petsAcl:WRITE", false})
	})
}

func TestTextAndJSON(t *testing.T) {
	r := compareSpecs(t, baseSpec, edit(t, baseSpec,
		"x-capability: [petsAcl:WRITE]", "x-capability: [petsAcl:RUN]",
		"      required: [id, name]\n      properties:\n        id: {type: integer}\n",
		"      required: [id, name, age]\n      properties:\n        id: {type: integer}\n        age: {type: integer}\n",
		"enum: [available, sold]", "enum: [available, sold, pending]"))
	text := r.Text()
	for _, s := range []string{
		"1 change(s) break client code, 1 break server implementers (1 of them only those), 1 compatible.\n",
		"\nBreaking for client code (1):\n  method CreatePet: capability changed from petsAcl:WRITE to petsAcl:RUN",
		"\nBreaking for server implementers only (1):\n  type Pet, field Age: field age added (int64, required): servers must fill it in every response\n",
		"\nCompatible (1):\n  type Status: value \"pending\" added",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("Text lacks %q:\n%s", s, text)
		}
	}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Changes []map[string]any `json:"changes"`
	}
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Changes) != 3 {
		t.Fatalf("JSON has %d changes: %s", len(back.Changes), data)
	}
	first := back.Changes[0]
	if first["kind"] != "client-breaking" || first["where"] != "method CreatePet" || first["breaksServer"] != false || !strings.Contains(first["what"].(string), "petsAcl:RUN") {
		t.Errorf("JSON of the first change: %v", first)
	}
	// An empty report is an empty list, not null.
	if data, _ := json.Marshal(compareSpecs(t, baseSpec, baseSpec)); string(data) != `{"changes":[]}` {
		t.Errorf("empty report: %s", data)
	}
}

func TestRenderedAPI(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pets.yaml")
	if err := os.WriteFile(path, []byte(baseSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := generator.Model(generator.Options{Spec: path})
	if err != nil {
		t.Fatal(err)
	}
	api := render(p)
	if api == nil {
		t.Fatal("the package does not render")
	}
	if got := api.types["Pet"].fields["ID"]; got != "int64" {
		t.Errorf("Pet.ID: %q", got)
	}
	if got := api.types["Pet"].fields["Kind"]; got != "*Kind" {
		t.Errorf("Pet.Kind: %q", got)
	}
	if got := api.handler["GetPet"]; got.types != "func(context.Context, int64) (*Pet, error)" || got.show("GetPet") != "GetPet(ctx context.Context, petID int64) (*Pet, error)" {
		t.Errorf("GetPet: %+v", got)
	}
	if _, ok := api.types["Kind"].methods["Valid"]; !ok {
		t.Error("Kind has no Valid method")
	}
	// What the IR alone spells the same way must agree with the code.
	for _, ty := range p.Types {
		d := api.types[ty.Name]
		if d == nil {
			t.Errorf("type %s is not in the code", ty.Name)
			continue
		}
		for _, f := range ty.Fields {
			if got, want := d.fields[f.Name], fieldType(f, isParams(ty)); got != want {
				t.Errorf("%s.%s: code has %s, the IR spells %s", ty.Name, f.Name, got, want)
			}
		}
	}
}

func TestMethodSets(t *testing.T) {
	// A required readOnly property gives Pet ValidateRequest and
	// ValidateResponse; losing it removes them.
	withRO := edit(t, baseSpec, "        id: {type: integer}\n", "        id: {type: integer, readOnly: true}\n")
	r := compareSpecs(t, withRO, baseSpec)
	check(t, r, want{ClientBreaking, "type Pet, method ValidateResponse", "removed (was ValidateResponse() error)", true})
	r = compareSpecs(t, baseSpec, withRO)
	check(t, r, want{Compatible, "type Pet, method ValidateRequest", "added: ValidateRequest() error", false})
}

func TestResponseTypes(t *testing.T) {
	created := "        \"201\":\n          description: created\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Pet'}\n"
	withHeader := created + "          headers:\n            Location: {required: true, schema: {type: string}}\n"
	t.Run("a header makes a response type", func(t *testing.T) {
		r := compareSpecs(t, baseSpec, edit(t, baseSpec, created, withHeader))
		check(t, r, want{ClientBreaking, "method CreatePet", "CreatePetResult", true})
	})
	twoHeaders := withHeader + "            X-Count: {schema: {type: integer}}\n"
	t.Run("optional header added", func(t *testing.T) {
		r := compareSpecs(t, edit(t, baseSpec, created, withHeader), edit(t, baseSpec, created, twoHeaders))
		check(t, r, want{Compatible, "type CreatePetResult, field XCount", "header X-Count added (*int64)", false})
		if r.BreaksClients() || r.BreaksServers() {
			t.Errorf("an optional header breaks:\n%s", r.Text())
		}
	})
	t.Run("header removed", func(t *testing.T) {
		r := compareSpecs(t, edit(t, baseSpec, created, twoHeaders), edit(t, baseSpec, created, withHeader))
		check(t, r, want{ClientBreaking, "type CreatePetResult, field XCount", "header X-Count removed (was *int64)", true})
	})
	accepted := "        \"202\": {description: later}\n"
	t.Run("response added", func(t *testing.T) {
		r := compareSpecs(t, edit(t, baseSpec, created, withHeader), edit(t, baseSpec, created, withHeader+accepted))
		check(t, r, want{Compatible, "type CreatePetResult, response 202", "response 202 added", false})
	})
	t.Run("response removed", func(t *testing.T) {
		r := compareSpecs(t, edit(t, baseSpec, created, withHeader+accepted), edit(t, baseSpec, created, withHeader))
		check(t, r, want{ClientBreaking, "type CreatePetResult, response 202", "response 202 removed", true})
	})
}

// sharedSpec writes one inline union out twice; the second copy is another
// name for the first (ir.Type.SameAs).
const sharedSpec = `openapi: 3.1.0
info: {title: shared, version: "1"}
paths:
  /a:
    post:
      operationId: sendA
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/A"}
      responses:
        "204": {description: sent}
  /b:
    post:
      operationId: sendB
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/B"}
      responses:
        "204": {description: sent}
components:
  schemas:
    A:
      type: object
      properties:
        mode: {type: string, enum: [fast, slow], description: How A goes.}
        link:
          type: object
          properties:
            url: {type: string, maxLength: 100}
    B:
      type: object
      properties:
        mode: {type: string, enum: [fast, slow], description: How B goes.}
        link:
          type: object
          properties:
            url: {type: string, maxLength: 100}
`

func TestSharedShapes(t *testing.T) {
	split := sharedSpec[:strings.LastIndex(sharedSpec, "maxLength: 100")] + "maxLength: 50}\n"
	t.Run("unchanged", func(t *testing.T) {
		if r := compareSpecs(t, sharedSpec, sharedSpec); len(r.Changes) != 0 {
			t.Fatalf("changes:\n%s", r.Text())
		}
	})
	t.Run("a copy changes", func(t *testing.T) {
		// BLink was another name for ALink; a tighter rule in B's copy
		// makes it a type of its own, and the rule is reported on it.
		r := compareSpecs(t, sharedSpec, split)
		check(t, r,
			want{ClientBreaking, "type BLink", "was another name for ALink", true},
			want{ClientBreaking, "type BLink, field URL", "maxLength lowered from 100 to 50", false})
		if len(r.Changes) != 2 {
			t.Errorf("ALink did not change:\n%s", r.Text())
		}
	})
	t.Run("an enum copy gains a value", func(t *testing.T) {
		// BMode keeps its own constants while it is another name for AMode;
		// a value added to B's copy alone is reported on BMode.
		r := compareSpecs(t, sharedSpec, edit(t, sharedSpec, "enum: [fast, slow], description: How B goes.", "enum: [fast, slow, still], description: How B goes."))
		check(t, r,
			want{ClientBreaking, "type BMode", "was another name for AMode", true},
			want{Compatible, "type BMode", `value "still" added (BModeStill)`, false})
		if len(r.Changes) != 2 {
			t.Errorf("want two changes:\n%s", r.Text())
		}
		for _, c := range r.Changes {
			if strings.Contains(c.Where, "AMode") {
				t.Errorf("unexpected change %s: %s", c.Where, c.What)
			}
		}
	})
	t.Run("a copy that sorts first becomes the target", func(t *testing.T) {
		// AA's copy of link sorts before ALink: ALink and BLink become
		// other names for AALink, still one type, so nothing breaks.
		withAA := sharedSpec + `    AA:
      type: object
      properties:
        link:
          type: object
          properties:
            url: {type: string, maxLength: 100}
`
		r := compareSpecs(t, sharedSpec, withAA)
		if r.BreaksClients() || r.BreaksServers() {
			t.Errorf("a new copy breaks:\n%s", r.Text())
		}
		check(t, r, want{Compatible, "type ALink", "now another name for AALink", false})
	})
	t.Run("a value leaves both enum copies", func(t *testing.T) {
		// The alias's own constant goes too, and is reported on it.
		r := compareSpecs(t, sharedSpec, strings.ReplaceAll(sharedSpec, "enum: [fast, slow]", "enum: [fast]"))
		check(t, r,
			want{ClientBreaking, "type AMode", "AModeSlow", true},
			want{ClientBreaking, "type BMode", "BModeSlow", true})
	})
	t.Run("a description changes", func(t *testing.T) {
		// The alias's own description and its field's: documentation only.
		r := compareSpecs(t, sharedSpec, edit(t, sharedSpec, "How B goes.", "How B runs."))
		check(t, r, want{Compatible, "type BMode", "documentation", false})
		if len(r.Changes) != 2 || r.BreaksClients() || r.BreaksServers() {
			t.Errorf("want only documentation changed:\n%s", r.Text())
		}
	})
	t.Run("copies become the same", func(t *testing.T) {
		r := compareSpecs(t, split, sharedSpec)
		check(t, r,
			want{Compatible, "type BLink", "now another name for ALink", false},
			want{Compatible, "type BLink, field URL", "maxLength raised from 50 to 100", false})
		if r.BreaksClients() || r.BreaksServers() || len(r.Changes) != 2 {
			t.Errorf("joining copies breaks, or ALink changed:\n%s", r.Text())
		}
	})
}

// aliasSpec has a component that only names another (Owner) and one that
// names an array type (TagsAlias).
const aliasSpec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /trees:
    post:
      operationId: plantTree
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Tree"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Tree"}
components:
  schemas:
    Person:
      type: object
      required: [name]
      properties:
        name: {type: string}
    Owner: {$ref: "#/components/schemas/Person"}
    Tags: {type: array, items: {type: string}}
    TagsAlias: {$ref: "#/components/schemas/Tags"}
    Grove: {$ref: "#/components/schemas/Tree"}
    Tree:
      type: object
      properties:
        owner: {$ref: "#/components/schemas/Owner"}
        tags: {$ref: "#/components/schemas/TagsAlias"}
`

func TestComponentAliases(t *testing.T) {
	t.Run("a field names the alias's target instead", func(t *testing.T) {
		// *Owner and *Person are one Go type: nothing breaks, in either
		// direction.
		direct := edit(t, aliasSpec, `owner: {$ref: "#/components/schemas/Owner"}`, `owner: {$ref: "#/components/schemas/Person"}`)
		direct = edit(t, direct, `tags: {$ref: "#/components/schemas/TagsAlias"}`, `tags: {$ref: "#/components/schemas/Tags"}`)
		for _, c := range []struct{ from, to, owner, tags string }{{aliasSpec, direct, "now written *Person, where it was *Owner", "now written Tags, where it was TagsAlias"}, {direct, aliasSpec, "now written *Owner, where it was *Person", "now written TagsAlias, where it was Tags"}} {
			r := compareSpecs(t, c.from, c.to)
			check(t, r,
				want{Compatible, "type Tree, field Owner", c.owner, false},
				want{Compatible, "type Tree, field Tags", c.tags, false})
			if r.BreaksClients() || r.BreaksServers() || len(r.Changes) != 2 {
				t.Errorf("want two compatible changes:\n%s", r.Text())
			}
		}
	})
	t.Run("the alias becomes a type of its own", func(t *testing.T) {
		// The field still reads *Owner, but Owner no longer is Person.
		own := edit(t, aliasSpec, `Owner: {$ref: "#/components/schemas/Person"}`, "Owner: {type: object, required: [name], properties: {name: {type: string}}}")
		r := compareSpecs(t, aliasSpec, own)
		check(t, r, want{ClientBreaking, "type Owner", "kind changed", true})
		if find(r, want{ClientBreaking, "type Tree, field Owner", "", true}) != nil {
			t.Errorf("the field's spelling did not change, yet it is reported:\n%s", r.Text())
		}
	})
	t.Run("a method's body and result name an alias instead", func(t *testing.T) {
		// PlantTree(ctx, body *Grove) (*Grove, error) is the same method.
		grove := strings.ReplaceAll(aliasSpec, `schema: {$ref: "#/components/schemas/Tree"}`, `schema: {$ref: "#/components/schemas/Grove"}`)
		r := compareSpecs(t, aliasSpec, grove)
		check(t, r, want{Compatible, "method PlantTree", "signature now written PlantTree(ctx context.Context, body *Grove) (*Grove, error)", false})
		if r.BreaksClients() || r.BreaksServers() {
			t.Errorf("naming an alias breaks:\n%s", r.Text())
		}
	})
	t.Run("a field moves to another type", func(t *testing.T) {
		// Not an alias of what it was: breaking as before.
		other := edit(t, aliasSpec, `owner: {$ref: "#/components/schemas/Owner"}`, `owner: {$ref: "#/components/schemas/Tags"}`)
		r := compareSpecs(t, aliasSpec, other)
		check(t, r, want{ClientBreaking, "type Tree, field Owner", "type changed from *Owner to Tags", true})
	})
}

// TestVariantInsertedBefore: a oneOf variant written in place, inserted
// before the others, keeps their names (the names file records each by
// what it holds), so the report pairs types by name, as Go code sees
// them, not by their place in the spec: the union gains a variant and
// nothing else changes.
func TestVariantInsertedBefore(t *testing.T) {
	spec := func(variants ...string) string {
		s := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Shape:\n      oneOf:\n"
		for _, v := range variants {
			s += "        - {type: object, required: [" + v + "], properties: {" + v + ": {type: number}}}\n"
		}
		return s
	}
	dir := t.TempDir()
	model := func(name, spec string, prev map[string]string) *ir.Package {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := generator.Model(generator.Options{Spec: path, Previous: prev})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	o := model("old.yaml", spec("radius", "side"), nil)
	n := model("new.yaml", spec("width", "radius", "side"), o.Names)
	r := Compare(o, n)
	check(t, r, want{Compatible, "type Shape, variant ShapeVariant2", "variant ShapeVariant2 added", false},
		want{Compatible, "type ShapeVariant2", "new struct type", false})
	if len(r.Changes) != 2 {
		t.Errorf("want the two changes above only; report:\n%s", r.Text())
	}
}

// TestMovedSchemaIsCompatible diffs the golden case testdata/moved: a spec
// that moves its schemas into components, compared with the names file of
// the generation before (as gen diff -names does), breaks nothing, since
// the old names stay as aliases; without the names file, it breaks code.
func TestMovedSchemaIsCompatible(t *testing.T) {
	dir := filepath.Join("..", "testdata", "moved")
	o, err := generator.Model(generator.Options{Spec: filepath.Join(dir, "before.yaml")})
	if err != nil {
		t.Fatal(err)
	}
	n, err := generator.Model(generator.Options{Spec: filepath.Join(dir, "spec.yaml"), Previous: o.Names})
	if err != nil {
		t.Fatal(err)
	}
	r := Compare(o, n)
	if r.BreaksClients() || r.Count(ServerBreaking) > 0 {
		t.Errorf("moving schemas breaks code:\n%s", r.Text())
	}
	check(t, r,
		want{Compatible, "type CreatePetRequest", "now another name for NewPet, deprecated: the spec moved its schema to #/components/schemas/NewPet", false},
		want{Compatible, "type GetPetResponseKind", "now another name for Kind, deprecated", false},
		want{Compatible, "method CreatePet", "the same Go types, so calls and Handler implementations compile as before", false},
		want{Compatible, "type CreatePetRequest, field Kind", "the same Go type (*Kind)", false},
		want{Compatible, "type NewPet", "new struct type", false})
	fresh, err := generator.Model(generator.Options{Spec: filepath.Join(dir, "spec.yaml")})
	if err != nil {
		t.Fatal(err)
	}
	if r := Compare(o, fresh); !r.BreaksClients() {
		t.Errorf("without the names file, the old names are gone, yet the report breaks nothing:\n%s", r.Text())
	}
}
