package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// x-extensible-enum that is neither a list of values nor true beside an
// enum says so, and the schema is generated as if it were not there: a
// plain string, or the closed enum beside it.
func TestExtensibleEnumMisused(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Word:
      type: string
      x-extensible-enum: {a: 1}
    Flag:
      type: string
      x-extensible-enum: true
    Closed:
      type: string
      enum: [x, y]
      x-extensible-enum: false
    Numbers:
      type: string
      x-extensible-enum: [1, 2]
`
	res := generateText(t, spec)
	all := strings.Join(res.Warnings, "\n")
	for _, ptr := range []string{"#/components/schemas/Word: x-extensible-enum is neither", "#/components/schemas/Flag: x-extensible-enum is neither",
		"#/components/schemas/Numbers: the values of this open enum are not all of one type"} {
		if !strings.Contains(all, ptr) {
			t.Errorf("no warning %q in:\n%s", ptr, all)
		}
	}
	if strings.Contains(all, "Closed") {
		t.Errorf("x-extensible-enum: false warned:\n%s", all)
	}
	if v := generatedFile(t, res, "validate_gen.go"); !strings.Contains(v, `checkEnum(e, path, v, `+"`"+`must be one of "x", "y"`) {
		t.Errorf("the enum beside x-extensible-enum: false is not checked:\n%s", v)
	}
	if ty := generatedFile(t, res, "types_gen.go"); !strings.Contains(ty, "type Word = string") && !strings.Contains(ty, "type Word string") {
		t.Errorf("Word is not a plain string:\n%s", ty)
	}
}

// An inline x-extensible-enum list, with no enum beside it, is an open enum
// as a component's is: a type of its own, with constants and Valid.
func TestExtensibleEnumInline(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Job:
      type: object
      properties:
        phase:
          type: string
          x-extensible-enum: [queued, running]
`
	if ty := generatedFile(t, generateText(t, spec), "types_gen.go"); !strings.Contains(ty, "JobPhaseQueued") {
		t.Errorf("the inline open enum has no type and constants:\n%s", ty)
	}
}

// x-extensible-enum beside a $ref, or on an allOf of one, opens nothing
// (the enum referred to is checked as before), and says so rather than
// refuse in silence the values it lists.
func TestExtensibleEnumThroughRef(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Kind:
      type: string
      enum: [a, b]
    More:
      allOf: [{$ref: '#/components/schemas/Kind'}]
      x-extensible-enum: [c]
    Box:
      type: object
      properties:
        k:
          $ref: '#/components/schemas/Kind'
          x-extensible-enum: true
`
	res := generateText(t, spec)
	all := strings.Join(res.Warnings, "\n")
	for _, ptr := range []string{"#/components/schemas/More: x-extensible-enum is ignored", "#/components/schemas/Box/properties/k: x-extensible-enum is ignored"} {
		if !strings.Contains(all, ptr) {
			t.Errorf("no warning %q in:\n%s", ptr, all)
		}
	}
}

// generateText generates the package of a spec given as text, and fails
// the test if it cannot.
func generateText(t *testing.T, spec string) *Result {
	t.Helper()
	path := filepath.Join(t.TempDir(), "api.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Generate(Options{Spec: path, Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// generatedFile is the content of the generated file called name; the
// test fails if there is none.
func generatedFile(t *testing.T, res *Result, name string) string {
	t.Helper()
	for _, f := range res.Files {
		if f.Name == name {
			return string(f.Content)
		}
	}
	t.Fatalf("no %s generated", name)
	return ""
}
