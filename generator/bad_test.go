package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadSpecs runs every broken spec of testdata/bad and compares the
// error with the .err file beside it, like a golden file (-update rewrites
// them). Each error must name the spec and say where.
func TestBadSpecs(t *testing.T) {
	specs, err := filepath.Glob(filepath.Join("testdata", "bad", "*.*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, spec := range specs {
		if strings.HasSuffix(spec, ".err") {
			continue
		}
		n++
		t.Run(filepath.Base(spec), func(t *testing.T) {
			res, err := Generate(Options{Spec: spec, Package: "bad"})
			if err == nil {
				t.Fatalf("generated %d files from a broken spec", len(res.Files))
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(spec, filepath.Ext(spec)) + ".err"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, rerr := os.ReadFile(golden)
			if rerr != nil {
				t.Fatalf("no expected error (run go test ./generator -update): %v\ngot: %s", rerr, got)
			}
			if string(want) != got {
				t.Errorf("error text changed:\n%s", diff(filepath.Base(golden), want, []byte(got)))
			}
			if !strings.Contains(got, filepath.ToSlash(spec)) && !strings.Contains(got, filepath.Base(spec)) {
				t.Errorf("error does not name the spec: %s", got)
			}
		})
	}
	if n < 25 {
		t.Errorf("%d broken specs in testdata/bad, want at least 25", n)
	}
}

// TestSchemasNestedTooDeep: schemas nested past maxSchemaDepth (as a
// cycle the builder failed to see as one would be) stop generation with
// an error that says where, instead of overflowing the stack.
func TestSchemasNestedTooDeep(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"openapi":"3.1.0","info":{"title":"deep","version":"1"},"paths":{},"components":{"schemas":{"Deep":`)
	for range maxSchemaDepth + 5 {
		b.WriteString(`{"type":"object","properties":{"a":`)
	}
	b.WriteString(`{"type":"string"}`)
	for range maxSchemaDepth + 5 {
		b.WriteString(`}}`)
	}
	b.WriteString(`}}}`)
	spec := filepath.Join(t.TempDir(), "deep.json")
	if err := os.WriteFile(spec, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Generate(Options{Spec: spec, Package: "deep"})
	if err == nil || !strings.Contains(err.Error(), "#/components/schemas/Deep/properties/a/") ||
		!strings.Contains(err.Error(), "nest more than 2000 deep") || len(err.Error()) > 600 {
		t.Fatalf("got %v", err)
	}
}
