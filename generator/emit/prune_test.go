package emit

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The pruner indexes the runtime from its tokens (indexRuntime); go/parser's
// syntax tree is the reference it must agree with on every runtime file,
// declaration by declaration: what each declares, its receiver, whether it
// is exported, its byte range with its doc comment, and the identifiers it
// mentions. A difference would prune a package's support code differently.
func TestRuntimeIndexMatchesTheSyntaxTree(t *testing.T) {
	names := runtimeFileNames
	if len(names) != len(allRuntimes) {
		t.Fatalf("%d runtime files, %d names", len(allRuntimes), len(names))
	}
	for i, src := range allRuntimes {
		if n := compareIndexes(t, names[i], src); n < 10 {
			t.Fatalf("%s: the reference found %d declarations", names[i], n)
		}
	}
}

// A source written to trip the token indexer: comments that are and are not
// doc comments, grouped declarations, methods on generic types, several
// names in one spec, renamed imports.
func TestRuntimeIndexOnUnusualLayouts(t *testing.T) {
	src := `// Header comment.

package runtime

import (
	"fmt"
	rnd "math/rand/v2"
	"net/http"
)

// Free-floating comment, a blank line before the declaration.

// A doc comment
// of two lines.
type pair[K comparable, V any] struct {
	k K // the key
	v V
}

func (p *pair[K, V]) Key() K { return p.k } // a line comment

// doc of get
func (p pair[K, V]) get() V {
	/* inside */
	return p.v
}

func (*pair[K, V]) none() {}

var a, b = 1, 2 // line comment, not b's doc
// doc of the group
var (
	c    = fmt.Sprint(a)
	d, e int
	_    = http.MethodGet
)

const (
	one = iota
	two
	Three
)

type (
	alias = pair[string, int]
	other struct{ x map[string][]int }
)

/* a block comment as doc */
func draw() int { return rnd.IntN(3) + b + len(c) + d + e }

func labels() {
outer:
	for {
		break outer
	}
}
`
	if n := compareIndexes(t, "unusual layouts", src); n != 10 {
		t.Errorf("the reference found %d declarations, want 10", n)
	}
}

// compareIndexes compares indexRuntime's index of src with the syntax
// tree's and returns how many declarations the tree has.
func compareIndexes(t *testing.T, name, src string) int {
	t.Helper()
	got, err := indexRuntime(src)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	want, err := parseRuntimeAST(src)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if got.importStart != want.importStart || got.importEnd != want.importEnd || !reflect.DeepEqual(got.imports, want.imports) {
		t.Errorf("%s: imports %d-%d %v, the syntax tree's %d-%d %v", name, got.importStart, got.importEnd, got.imports, want.importStart, want.importEnd, want.imports)
	}
	if len(got.decls) != len(want.decls) {
		t.Errorf("%s: %d declarations, the syntax tree has %d", name, len(got.decls), len(want.decls))
	}
	for i := range min(len(got.decls), len(want.decls)) {
		g, w := got.decls[i], want.decls[i]
		slices.Sort(g.uses)
		slices.Sort(w.uses)
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: declaration %d:\n got %s\nwant %s", name, i, describeDecl(src, g), describeDecl(src, w))
		}
	}
	return len(want.decls)
}

func describeDecl(src string, d runtimeDecl) string {
	return fmt.Sprintf("names %v recv %q exported %v range %d-%d %q uses %v", d.names, d.recv, d.exported, d.start, d.end, firstLine(src[d.start:d.end]), d.uses)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// parseRuntimeAST indexes src from go/parser's syntax tree: the reference
// for indexRuntime.
func parseRuntimeAST(src string) (*runtimeSrc, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "runtime.go", src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("parsing the runtime: %w", err)
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	lineEnd := func(i int) int {
		if j := strings.IndexByte(src[i:], '\n'); j >= 0 {
			return i + j + 1
		}
		return len(src)
	}
	r := &runtimeSrc{src: src}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			r.importStart, r.importEnd = off(g.Pos()), lineEnd(off(g.End()))
			for _, s := range g.Specs {
				is := s.(*ast.ImportSpec)
				path, _ := strconv.Unquote(is.Path.Value)
				elems := strings.Split(path, "/")
				name := elems[len(elems)-1]
				if len(elems) > 1 && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
					name = elems[len(elems)-2] // math/rand/v2 is rand
				}
				if is.Name != nil {
					name = is.Name.Name
				}
				r.imports = append(r.imports, runtimeImport{path: path, name: name})
			}
			continue
		}
		rd := runtimeDecl{start: off(d.Pos()), end: lineEnd(off(d.End()))}
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Doc != nil {
				rd.start = off(d.Doc.Pos())
			}
			rd.names = []string{d.Name.Name}
			rd.exported = d.Name.IsExported()
			if d.Recv != nil && len(d.Recv.List) > 0 {
				rd.recv = recvName(d.Recv.List[0].Type)
			}
		case *ast.GenDecl:
			if d.Doc != nil {
				rd.start = off(d.Doc.Pos())
			}
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					rd.names = append(rd.names, s.Name.Name)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						rd.names = append(rd.names, n.Name)
					}
				}
			}
			for _, n := range rd.names {
				if ast.IsExported(n) || n == "_" {
					rd.exported = true
				}
			}
		}
		seen := map[string]bool{}
		ast.Inspect(d, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && !seen[id.Name] {
				seen[id.Name] = true
				rd.uses = append(rd.uses, id.Name)
			}
			return true
		})
		r.decls = append(r.decls, rd)
	}
	return r, nil
}

func recvName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}
