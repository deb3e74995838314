package emit

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"testing"

	"github.com/dave/jennifer/jen"
)

// TestFormatPiecesLikeWholeFile formats files in small pieces and checks
// that the result is the file gofmt makes of the whole: the committed
// generated files, and unformatted jen output.
func TestFormatPiecesLikeWholeFile(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "*", "expected", "*_gen.go"))
	more, _ := filepath.Glob(filepath.Join("..", "..", "generated", "functions", "*_gen.go"))
	paths = append(paths, more...)
	if len(paths) < 50 {
		t.Fatalf("found only %d generated files", len(paths))
	}
	split := 0
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range []int{256, 4096} {
			split += len(splitDecls(src, size)) - 1
			got, err := formatPieces(src, size)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if !bytes.Equal(got, src) {
				t.Fatalf("%s in pieces of %d differs from gofmt's", p, size)
			}
		}
	}
	if split < 1000 {
		t.Errorf("only %d cuts made; the test does not exercise the pieces", split)
	}

	// Unformatted jen output, with strings, comments and blocks that
	// hold blank lines and brackets.
	f := jen.NewFile("x")
	for i := 0; i < 40; i++ {
		f.Comment("T is a type {(").Line().Type().Id("T" + itoa(i)).Struct(jen.Id("A").String().Tag(map[string]string{"json": "a"})).Line()
		f.Func().Id("F"+itoa(i)).Params().String().Block(
			jen.Var().Id("x").Op("=").Lit("}\n\n{"),
			jen.Id("_").Op("=").Id("x"),
			jen.Return(jen.Id("`\n\n}`")),
		).Line()
		f.Var().Defs(jen.Id("v" + itoa(i)).Op("=").Lit('}')).Line()
	}
	f.NoFormat = true
	var raw bytes.Buffer
	if err := f.Render(&raw); err != nil {
		t.Fatal(err)
	}
	want, err := format.Source(raw.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	got, err := formatPieces(raw.Bytes(), 200)
	if err != nil || !bytes.Equal(got, want) || len(splitDecls(raw.Bytes(), 200)) < 10 {
		t.Errorf("jen output in pieces: %v\n%s\nwant\n%s", err, got, want)
	}
}
