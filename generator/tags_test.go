package generator

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/specgen/specgen/generator/ir"
)

// The discriminator of a union travels both ways whatever readOnly says
// (ir.Field.Tag): in each variant, however the union reaches it: by $ref,
// through an alias with rules of its own, or through a variant that is a
// union itself. A struct no discriminated union holds keeps its readOnly.
func TestDiscriminatorTagReachesEveryVariant(t *testing.T) {
	const spec = `openapi: 3.1.0
info: {title: tags, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      oneOf:
        - $ref: "#/components/schemas/Cat"
        - $ref: "#/components/schemas/TidyDog"
        - $ref: "#/components/schemas/Birds"
      discriminator:
        propertyName: kind
    TidyDog:
      $ref: "#/components/schemas/Dog"
      maxProperties: 3
    Birds:
      oneOf:
        - $ref: "#/components/schemas/Bird"
    Cat:
      type: object
      required: [kind]
      properties:
        kind: {type: string, readOnly: true}
        purr: {type: string}
    Dog:
      type: object
      required: [kind]
      properties:
        kind: {type: string, readOnly: true}
        bark: {type: boolean}
    Bird:
      type: object
      required: [kind]
      properties:
        kind: {type: string, writeOnly: true}
        wings: {type: integer}
    Fish:
      type: object
      properties:
        kind: {type: string, readOnly: true}
`
	path := filepath.Join(t.TempDir(), "spec.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	pkg, err := Model(Options{Spec: path})
	if err != nil {
		t.Fatal(err)
	}
	kind := map[string]*ir.Field{}
	for _, ty := range pkg.Types {
		for _, f := range ty.Fields {
			if f.JSONName == "kind" {
				kind[ty.Name] = f
			}
		}
	}
	for name, want := range map[string]bool{"Cat": true, "Dog": true, "Bird": true, "Fish": false} {
		f := kind[name]
		if f == nil {
			t.Errorf("%s has no kind field", name)
			continue
		}
		if f.Tag != want {
			t.Errorf("%s.kind: Tag %v, want %v", name, f.Tag, want)
		}
		if want && (f.LeftOutOfRequests() || f.LeftOutOfResponses()) {
			t.Errorf("%s.kind is left out of one direction", name)
		}
		if !want && !f.LeftOutOfRequests() {
			t.Errorf("%s.kind, readOnly and no union's tag, is sent in requests", name)
		}
	}
}
