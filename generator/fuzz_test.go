package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzGenerate feeds mutated specs through the loader and the generator:
// any input may be refused with an error, none may panic (nor end in an
// internal error, which is how a panic of the build comes back). Seeds are the
// golden and broken specs; crashers found by `go test -fuzz` are kept in
// testdata/fuzz/FuzzGenerate and replayed by every plain `go test`.
func FuzzGenerate(f *testing.F) {
	for _, pattern := range []string{"testdata/*/spec.yaml", "testdata/bad/*.yaml", "testdata/bad/*.json"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, spec []byte) {
		path := filepath.Join(dir, "spec.yaml")
		if err := os.WriteFile(path, spec, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := Generate(Options{Spec: path, Package: "fuzz"})
		if err == nil && len(res.Files) == 0 {
			t.Fatal("no error and no files")
		}
		// A panic comes back as an internal error, which is a bug too
		// unless the spec was invalid anyway (its verdict wins then).
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("%v\n%s", err, spec)
		}
	})
}
