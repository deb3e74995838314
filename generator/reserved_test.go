package generator

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestRuntimeExportsReserved checks that every exported identifier the
// support code declares at package level is reserved, so that no schema or
// operation can take it and break the package's build.
func TestRuntimeExportsReserved(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("emit", "runtime", "*.go"))
	if err != nil || len(paths) < 5 {
		t.Fatalf("runtime sources: %v %v", paths, err)
	}
	seen := 0
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") || strings.HasSuffix(p, "spec_stub.go") {
			continue // spec_stub.go stands in for generated declarations
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					names = append(names, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						names = append(names, s.Name.Name)
					case *ast.ValueSpec:
						for _, n := range s.Names {
							names = append(names, n.Name)
						}
					}
				}
			}
		}
		for _, n := range names {
			if ast.IsExported(n) {
				seen++
				if !reservedNames[n] {
					t.Errorf("%s declares %s, which reservedNames lacks", p, n)
				}
			}
		}
	}
	if seen < 20 {
		t.Errorf("only %d exported names found", seen)
	}
}
