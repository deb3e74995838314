package apidiff

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"

	"github.com/specgen/specgen/generator/emit"
	"github.com/specgen/specgen/generator/ir"
)

// goAPI is the exported Go API of a generated package, read from the
// source the emitters render. It is the source of truth for Go types and
// signatures, so that the comparison follows the emitters whatever they
// choose (pointers, time.Time, x-go-type, iterator methods...).
type goAPI struct {
	types   map[string]*goDecl
	funcs   map[string]goFunc // exported package-level functions
	handler map[string]goFunc // methods of the Handler interface
}

// goDecl is one exported type declaration.
type goDecl struct {
	def     string            // "struct", "interface", "= T" for an alias, else the type
	fields  map[string]string // struct field → its type
	methods map[string]goFunc // exported methods, on T or *T
}

// goFunc is a signature two ways: with parameter names, to show, and
// with types only, to compare (renaming an argument breaks nobody).
type goFunc struct {
	named string // func(ctx context.Context, id int64) error
	types string // func(context.Context, int64) error
}

// render renders a package and reads its API; nil when it cannot.
func render(p *ir.Package) *goAPI {
	files, err := emit.Package(p)
	if err != nil {
		return nil
	}
	api := &goAPI{types: map[string]*goDecl{}, funcs: map[string]goFunc{}, handler: map[string]goFunc{}}
	fset := token.NewFileSet()
	var methods []*ast.FuncDecl
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".go") {
			continue // the names file
		}
		file, err := parser.ParseFile(fset, f.Name, f.Content, parser.SkipObjectResolution)
		if err != nil {
			return nil
		}
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok != token.TYPE {
					continue
				}
				for _, s := range d.Specs {
					ts := s.(*ast.TypeSpec)
					if ts.Name.IsExported() {
						api.typeSpec(ts)
					}
				}
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				if d.Recv == nil {
					api.funcs[d.Name.Name] = funcOf(d.Type)
				} else {
					methods = append(methods, d)
				}
			}
		}
	}
	for _, m := range methods {
		recv := m.Recv.List[0].Type
		if star, ok := recv.(*ast.StarExpr); ok {
			recv = star.X
		}
		if idx, ok := recv.(*ast.IndexExpr); ok { // a generic type, Nullable[T]
			recv = idx.X
		}
		id, ok := recv.(*ast.Ident)
		if !ok {
			continue
		}
		if d := api.types[id.Name]; d != nil {
			d.methods[m.Name.Name] = funcOf(m.Type)
		}
	}
	return api
}

func (api *goAPI) typeSpec(ts *ast.TypeSpec) {
	d := &goDecl{fields: map[string]string{}, methods: map[string]goFunc{}}
	api.types[ts.Name.Name] = d
	switch t := ts.Type.(type) {
	case *ast.StructType:
		d.def = "struct"
		for _, f := range t.Fields.List {
			for _, n := range f.Names {
				if n.IsExported() {
					d.fields[n.Name] = types.ExprString(f.Type)
				}
			}
		}
	case *ast.InterfaceType:
		d.def = "interface"
		if ts.Name.Name == "Handler" {
			for _, m := range t.Methods.List {
				if ft, ok := m.Type.(*ast.FuncType); ok && len(m.Names) == 1 {
					api.handler[m.Names[0].Name] = funcOf(ft)
				}
			}
		}
	default:
		d.def = types.ExprString(ts.Type)
		if ts.Assign.IsValid() {
			d.def = "= " + d.def
		}
	}
}

func funcOf(ft *ast.FuncType) goFunc {
	named := types.ExprString(ft)
	var params []string
	for _, f := range ft.Params.List {
		t := types.ExprString(f.Type)
		for range max(1, len(f.Names)) {
			params = append(params, t)
		}
	}
	var results []string
	if ft.Results != nil {
		for _, f := range ft.Results.List {
			t := types.ExprString(f.Type)
			for range max(1, len(f.Names)) {
				results = append(results, t)
			}
		}
	}
	s := "func(" + strings.Join(params, ", ") + ")"
	switch len(results) {
	case 0:
	case 1:
		s += " " + results[0]
	default:
		s += " (" + strings.Join(results, ", ") + ")"
	}
	return goFunc{named: named, types: s}
}

// show prints a signature as a method name followed by its parameters.
func (f goFunc) show(name string) string { return name + strings.TrimPrefix(f.named, "func") }
