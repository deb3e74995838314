package corpus

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// TestCorpusSmallSpecs runs the corpus check on the shared real-world specs
// under 1 MB and on cognite-v1.json (make corpus runs all of them).
func TestCorpusSmallSpecs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a package per spec; skipped with -short")
	}
	dir := filepath.Join("..", "..", "..", "shared", "specs", "real")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("no shared corpus at %s (a downstream checkout has none): %v", dir, err)
	}
	mod := t.TempDir()
	if err := NewModule(mod); err != nil {
		t.Fatal(err)
	}
	var rows []Row
	var names []string
	for _, e := range entries {
		info, err := e.Info()
		ext := filepath.Ext(e.Name())
		// Cognite's own spec is checked too, whatever its size: it is the
		// one the project exists for, and the biggest output.
		big := info != nil && info.Size() >= 1<<20 && e.Name() != "cognite-v1.json"
		if err != nil || e.IsDir() || big || (ext != ".json" && ext != ".yaml") {
			continue
		}
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, n := range names {
		r := Check(context.Background(), filepath.Join(dir, n), mod)
		rows = append(rows, r)
		if r.Result() != "ok" {
			t.Errorf("%s: %s (%d of %d operations)", n, r.Result(), r.OpsGenerated, r.OpsInSpec)
		}
	}
	t.Logf("\n%s", Table(rows))
}
