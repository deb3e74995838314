package generator

import (
	"bytes"
	"flag"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/pmezard/go-difflib/difflib"
)

var update = flag.Bool("update", false, "rewrite the expected files of the golden tests")

// goldenCase is an input spec and the folder of files it must generate.
type goldenCase struct {
	name, spec, expected, pkg string
	// previous, when the case has one, is the names file of an earlier
	// generation (previous.names beside spec.yaml), as gen finds it in
	// the output folder.
	previous string
	// owned selects the files of expected that the generator writes;
	// hand-written behaviour tests (*_test.go) live beside them.
	owned func(name string) bool
}

func goldenCases(t *testing.T) []goldenCase {
	t.Helper()
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	gen := func(n string) bool { return strings.HasSuffix(n, "_gen.go") || n == NamesFile }
	var cases []goldenCase
	for _, e := range entries {
		spec := filepath.Join("testdata", e.Name(), "spec.yaml")
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(spec); err != nil {
			continue
		}
		cases = append(cases, goldenCase{
			name: e.Name(), spec: spec, pkg: strings.ReplaceAll(e.Name(), "-", ""),
			expected: filepath.Join("testdata", e.Name(), "expected"), owned: gen,
			previous: filepath.Join("testdata", e.Name(), "previous.names"),
		})
	}
	cases = append(cases, goldenCase{
		name: "functions", spec: filepath.Join("..", "spec", "functions.yaml"), pkg: "functions",
		expected: filepath.Join("..", "generated", "functions"),
		owned:    gen,
	})
	return cases
}

// TestGolden generates every case and compares the whole output with the
// committed files, both ways: a changed, missing or extra file fails with
// a diff. Run with -update to accept the new output.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			var prev map[string]string
			if c.previous != "" {
				var err error
				if prev, err = ReadNames(c.previous); err != nil {
					t.Fatal(err)
				}
			}
			res, err := Generate(Options{Spec: c.spec, Package: c.pkg, Previous: prev})
			if err != nil {
				t.Fatalf("generate: %v", err)
			}
			got := map[string][]byte{}
			for _, f := range res.Files {
				got[f.Name] = f.Content
				if strings.HasSuffix(f.Name, ".go") {
					if clean, err := format.Source(f.Content); err != nil || !bytes.Equal(clean, f.Content) {
						t.Errorf("%s is not gofmt-clean (%v)", f.Name, err)
					}
				}
			}
			if *update {
				writeExpected(t, c, got)
				return
			}
			want := readExpected(t, c)
			for _, name := range sortedKeys(got) {
				w, ok := want[name]
				if !ok {
					t.Errorf("%s: generated but not expected (run go test ./generator -update)", name)
					continue
				}
				if !bytes.Equal(w, got[name]) {
					t.Errorf("%s differs from %s (run go test ./generator -update):\n%s", name, c.expected, diff(name, w, got[name]))
				}
			}
			for _, name := range sortedKeys(want) {
				if _, ok := got[name]; !ok {
					t.Errorf("%s: expected in %s but not generated", name, c.expected)
				}
			}
		})
	}
}

func readExpected(t *testing.T, c goldenCase) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	entries, err := os.ReadDir(c.expected)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || !c.owned(e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(c.expected, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

func writeExpected(t *testing.T, c goldenCase, got map[string][]byte) {
	t.Helper()
	if err := os.MkdirAll(c.expected, 0o755); err != nil {
		t.Fatal(err)
	}
	for name := range readExpected(t, c) {
		if _, ok := got[name]; !ok {
			if err := os.Remove(filepath.Join(c.expected, name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, b := range got {
		if err := os.WriteFile(filepath.Join(c.expected, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func diff(name string, want, got []byte) string {
	s, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(want)), B: difflib.SplitLines(string(got)),
		FromFile: "want/" + name, ToFile: "got/" + name, Context: 2,
	})
	return s
}

// TestGoldenCompiles vets every expected package and runs the behaviour
// tests written beside some of them, so the golden files are known to be
// valid Go that does what it should, not only text.
func TestGoldenCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every golden package; skipped with -short")
	}
	var pkgs []string
	for _, c := range goldenCases(t) {
		if c.name == "functions" {
			continue // built by go build ./... and tested on its own
		}
		pkgs = append(pkgs, "./"+filepath.ToSlash(c.expected))
	}
	slices.Sort(pkgs)
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	cmd := exec.Command(goTool, append([]string{"vet"}, pkgs...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go vet of the golden packages failed: %v\n%s", err, out)
	}
	cmd = exec.Command(goTool, append([]string{"test", "-count=1", "-race"}, pkgs...)...)
	out, err = cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("behaviour tests of the golden packages failed: %v\n%s", err, out)
	}
}

// TestDeterministic generates the Functions package twice in one process
// and checks that the bytes are the same.
func TestDeterministic(t *testing.T) {
	spec := filepath.Join("..", "spec", "functions.yaml")
	a, err := Generate(Options{Spec: spec, Package: "functions"})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, err := Generate(Options{Spec: spec, Package: "functions"})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Files) != len(b.Files) {
			t.Fatalf("%d files, then %d", len(a.Files), len(b.Files))
		}
		for i := range a.Files {
			if a.Files[i].Name != b.Files[i].Name || !bytes.Equal(a.Files[i].Content, b.Files[i].Content) {
				t.Fatalf("%s differs between runs:\n%s", a.Files[i].Name, diff(a.Files[i].Name, a.Files[i].Content, b.Files[i].Content))
			}
		}
	}
}

// TestEveryFileHasTheHeader checks the first line of every generated file.
func TestEveryFileHasTheHeader(t *testing.T) {
	res, err := Generate(Options{Spec: filepath.Join("..", "spec", "functions.yaml"), Package: "functions"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		if f.Name == NamesFile {
			if !bytes.HasPrefix(f.Content, []byte("# Code generated by specgen. DO NOT EDIT.\n")) {
				t.Errorf("%s has no header", f.Name)
			}
			continue
		}
		if !bytes.HasPrefix(f.Content, []byte("// Code generated by specgen. DO NOT EDIT.\n")) {
			t.Errorf("%s starts with %q", f.Name, strings.SplitN(string(f.Content), "\n", 2)[0])
		}
		if !strings.HasSuffix(f.Name, "_gen.go") {
			t.Errorf("%s does not end in _gen.go", f.Name)
		}
	}
}
