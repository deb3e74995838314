// Package corpus runs the generator over a folder of real-world specs and
// proves each output: it builds, vets, and serves (NewServer does not
// panic, so its routes are valid ServeMux patterns).
package corpus

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/specgen/specgen/generator"
)

// Row is the outcome for one spec.
type Row struct {
	Spec         string
	OpsInSpec    int
	OpsGenerated int
	Lines        int
	Warnings     int
	GenTime      time.Duration
	BuildTime    time.Duration
	Err          string // "" when everything passed
}

// Result is "ok" or the first failure.
func (r Row) Result() string {
	if r.Err == "" {
		if r.OpsGenerated != r.OpsInSpec {
			return "LOST OPERATIONS"
		}
		return "ok"
	}
	return r.Err
}

// smokeTest is written beside each generated package.
const smokeTest = `package %s

import (
	"net/http/httptest"
	"testing"
)

func TestSmoke(t *testing.T) {
	srv := httptest.NewServer(NewServer(UnimplementedHandler{}))
	defer srv.Close()
	if _, err := NewClient(srv.URL); err != nil {
		t.Fatal(err)
	}
}
`

// Check generates, builds, vets and smoke-tests one spec inside the module
// rooted at moduleDir.
func Check(ctx context.Context, spec, moduleDir string) Row {
	name := filepath.Base(spec)
	pkg := packageName(name)
	row := Row{Spec: name}
	doc, _, err := generator.Load(spec)
	if err != nil {
		row.Err = "load: " + firstLine(err.Error())
		return row
	}
	row.OpsInSpec = generator.CountOperations(doc)
	start := time.Now()
	res, err := generator.Generate(generator.Options{Spec: spec, Package: pkg})
	row.GenTime = time.Since(start)
	if err != nil {
		row.Err = "generate: " + firstLine(err.Error())
		return row
	}
	row.OpsGenerated = res.Operations
	row.Warnings = len(res.Warnings)
	dir := filepath.Join(moduleDir, pkg)
	if err := os.RemoveAll(dir); err != nil {
		row.Err = err.Error()
		return row
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		row.Err = err.Error()
		return row
	}
	for _, f := range res.Files {
		if strings.HasSuffix(f.Name, ".go") {
			row.Lines += bytes.Count(f.Content, []byte("\n"))
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Content, 0o644); err != nil {
			row.Err = err.Error()
			return row
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "smoke_test.go"), fmt.Appendf(nil, smokeTest, pkg), 0o644); err != nil {
		row.Err = err.Error()
		return row
	}
	start = time.Now()
	if out, err := goCmd(ctx, moduleDir, "build", "./"+pkg); err != nil {
		row.Err = "build: " + firstLine(out)
		return row
	}
	row.BuildTime = time.Since(start)
	if out, err := goCmd(ctx, moduleDir, "vet", "./"+pkg); err != nil {
		row.Err = "vet: " + firstLine(out)
		return row
	}
	if out, err := goCmd(ctx, moduleDir, "test", "-vet=off", "-count=1", "./"+pkg); err != nil {
		row.Err = "smoke test: " + firstLine(out)
		return row
	}
	return row
}

// NewModule makes an empty module to build generated packages in.
func NewModule(dir string) error {
	return os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module corpus\n\ngo 1.26\n"), 0o644)
}

func goCmd(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(runtime.GOROOT(), "bin", "go"), args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			if len(l) > 160 {
				l = l[:160] + "..."
			}
			return l
		}
	}
	return strings.TrimSpace(s)
}

// packageName derives a Go package name from a file name.
func packageName(file string) string {
	base := strings.TrimSuffix(file, filepath.Ext(file))
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		if r >= 'a' && r <= 'z' || (r >= '0' && r <= '9' && b.Len() > 0) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "spec"
	}
	return b.String()
}

// Table renders rows as a Markdown table.
func Table(rows []Row) string {
	var b strings.Builder
	b.WriteString("| spec | ops in spec | ops generated | lines of Go | warnings | generate | build | result |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %s | %s | %s |\n", r.Spec, r.OpsInSpec, r.OpsGenerated, r.Lines, r.Warnings,
			r.GenTime.Round(time.Millisecond), r.BuildTime.Round(10*time.Millisecond), r.Result())
	}
	return b.String()
}
