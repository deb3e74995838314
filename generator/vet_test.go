package generator

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// vetCases are small specs, each of which once made code that did not
// compile or vet, or made the generator panic.
var vetCases = map[string]string{
	// x-go-name that is not an exported Go identifier: a keyword, a
	// space, a blank, a predeclared or runtime name.
	"gonames": `
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /x/{id}:
    get:
      operationId: getIt
      x-go-name: decodeJSON
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}, x-go-name: "func"}
        - {name: q, in: query, schema: {type: string}, x-go-name: ctx}
        - {name: r, in: query, schema: {type: string}, x-go-name: "func"}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}
components:
  schemas:
    A:
      x-go-name: router
      type: object
      properties:
        x: {type: string, x-go-name: "type"}
        z: {type: string, x-go-name: "z z"}
        t: {type: array, prefixItems: [{type: string, x-go-name: "1st"}]}
    B: {x-go-name: "string", type: object, properties: {x: {type: string}}}
    D: {x-go-name: "_", type: integer}
    E: {x-go-name: "int", type: object, properties: {a: {$ref: '#/components/schemas/D'}}}
    F: {type: string, enum: [a, b], x-enum-varnames: ["x y", "-"]}
`,
	// Enum values that are one number written two ways made a switch
	// with duplicate cases; a bound of -2^63 was written as a float's
	// digits, which overflow int64.
	"numbers": `
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Zero: {type: number, enum: [0, -0.0, 1e-400]}
    Low: {type: integer, maximum: -9223372036854775808, minimum: -9223372036854775808}
    Low32: {type: integer, format: int64, exclusiveMaximum: -9223372036854775808}
`,
	// Text that ends a comment or is not one: "*/" in the package's
	// block comment, a line starting "/*" or "//go:" (a directive), a NUL; and
	// a property whose name starts with a letter that has no upper case.
	"texts": `
openapi: 3.1.0
info: {title: "t */ x", version: "1", description: "line\n//go:build ignore\n\npackage x"}
paths:
  /a:
    get:
      operationId: a
      description: "nul \0 bom \uFEFF"
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/O'}}}}
components:
  schemas:
    O:
      type: object
      description: "/* opened"
      properties:
        a: {type: string, description: "//go:generate echo hi"}
        "日本": {type: string}
`,
	// An x-go-type of the standard library with no import (oapi-codegen's
	// goimports adds it) was undefined; one with more than its package's
	// name ("map[string]netip.Addr") lost the rest.
	"gotypes": `
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    O:
      type: object
      properties:
        d: {type: integer, x-go-type: time.Duration}
        m: {type: object, x-go-type: "map[string]netip.Addr", x-go-type-import: {path: net/netip}}
        r: {type: array, x-go-type: "[]json.RawMessage"}
`,
	// A union's variant field named after a component Validate or
	// MarshalJSON clashed with the union's method of that name.
	"variants": `
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Validate: {type: object, properties: {x: {type: string}}}
    MarshalJSON: {type: object, properties: {y: {type: string}}}
    U: {oneOf: [{$ref: '#/components/schemas/Validate'}, {type: integer}]}
    A: {anyOf: [{$ref: '#/components/schemas/MarshalJSON'}, {type: string}]}
    C:
      type: object
      properties: {z: {type: string}}
      oneOf: [{$ref: '#/components/schemas/Validate'}, {$ref: '#/components/schemas/MarshalJSON'}]
`,
	// Enum values and a multipleOf past the range of int32, float32 or
	// int64 made constants that overflow; two floats that are one float32
	// made duplicate cases.
	"ranges": `
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    I32: {type: integer, format: int32, enum: [1, 3000000000]}
    I64: {type: integer, enum: [1, 18446744073709551615]}
    F32: {type: number, format: float, enum: [1, 1e300]}
    Tiny: {type: number, format: float, enum: [1e-50, 0]}
    Mul: {type: integer, format: int32, multipleOf: 3000000000}
`,
	// An x-go-type that is no Go type failed in gofmt, with the whole
	// generated file in the message; it is ignored with a warning.
	"badgotype": `
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Odd: {type: string, x-go-type: "foo bar"}
    Holder:
      type: object
      properties:
        a: {type: integer, x-go-type: "map[string"}
        b: {$ref: '#/components/schemas/Odd'}
`,
}

// TestVetCases generates every vetCase into a module of its own and vets
// them all.
func TestVetCases(t *testing.T) {
	if testing.Short() {
		t.Skip("builds packages; skipped with -short")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module vetcases\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, spec := range vetCases {
		path := filepath.Join(dir, name+".yaml")
		if err := os.WriteFile(path, []byte(strings.TrimPrefix(spec, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := Generate(Options{Spec: path, Package: name})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if name == "badgotype" {
			all := strings.Join(res.Warnings, "\n")
			// Each once, where it is written: not again at every $ref
			// to the schema that has it.
			for _, w := range []string{`#/components/schemas/Odd: x-go-type "foo bar" is not a Go type`, `x-go-type "map[string" is not a Go type`} {
				if n := strings.Count(all, strings.TrimPrefix(w, "#/components/schemas/Odd: ")); n != 1 || !strings.Contains(all, w) {
					t.Errorf("want the warning %s once, got %d in:\n%s", w, n, all)
				}
			}
		}
		if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Files {
			if err := os.WriteFile(filepath.Join(dir, name, f.Name), f.Content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "vet", "./...")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet: %v\n%s", err, out)
	}
}

// TestExternalTypeShape checks that an x-go-type keeps what is around its
// qualified names: a map of netip.Addr is not one netip.Addr.
func TestExternalTypeShape(t *testing.T) {
	ty := generatedFile(t, generateText(t, strings.TrimPrefix(vetCases["gotypes"], "\n")), "types_gen.go")
	for _, want := range []string{"*map[string]netip.Addr", "*time.Duration", "[]json.RawMessage"} {
		if !strings.Contains(ty, want) {
			t.Errorf("types_gen.go lacks %s:\n%s", want, ty)
		}
	}
}
