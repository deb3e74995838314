// Command corpus runs the generator on every spec of a folder, builds,
// vets and smoke-tests each output in a temporary module, and prints a
// table: spec, operations in the spec and generated, lines of Go,
// warnings, generation and build time, result. It exits 1 when any spec
// fails or loses an operation.
//
//	go run ./cmd/corpus [-dir ../shared/specs/real] [-max-size BYTES]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/specgen/specgen/internal/corpus"
)

func main() {
	dir := flag.String("dir", filepath.Join("..", "shared", "specs", "real"), "folder of OpenAPI specs")
	maxSize := flag.Int64("max-size", 0, "skip specs larger than this many bytes (0: no limit)")
	flag.Parse()
	os.Exit(run(*dir, *maxSize))
}

func run(dir string, maxSize int64) int {
	entries, err := os.ReadDir(dir)
	if err != nil {
		fmt.Fprintf(os.Stderr, "corpus: %v\n", err)
		return 1
	}
	var specs []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || (ext != ".json" && ext != ".yaml" && ext != ".yml") {
			continue
		}
		if info, err := e.Info(); err == nil && maxSize > 0 && info.Size() > maxSize {
			continue
		}
		specs = append(specs, filepath.Join(dir, e.Name()))
	}
	sort.Strings(specs)
	mod, err := os.MkdirTemp("", "specgen-corpus-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "corpus: %v\n", err)
		return 1
	}
	defer os.RemoveAll(mod)
	if err := corpus.NewModule(mod); err != nil {
		fmt.Fprintf(os.Stderr, "corpus: %v\n", err)
		return 1
	}
	var rows []corpus.Row
	failed := 0
	for _, s := range specs {
		r := corpus.Check(context.Background(), s, mod)
		fmt.Fprintf(os.Stderr, "%-28s %s\n", r.Spec, r.Result())
		if r.Result() != "ok" {
			failed++
		}
		rows = append(rows, r)
	}
	fmt.Print(corpus.Table(rows))
	fmt.Printf("\n%d of %d specs generate, build, vet and serve with every operation.\n", len(rows)-failed, len(rows))
	if failed > 0 {
		return 1
	}
	return 0
}
