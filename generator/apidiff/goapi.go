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
	types map[string]*goDecl
	funcs map[string]goFunc // exported package-level functions
	// values are the exported constants and variables not of a type of
	// the package (enum constants are compared with their types): the
	// servers' URLs, say.
	values  map[string]bool
	handler map[string]goFunc // methods of the Handler interface
}

// goDecl is one exported type declaration.
type goDecl struct {
	def     string            // "struct", "interface", "= T" for an alias, else the type
	fields  map[string]string // struct field → its type
	methods map[string]goFunc // exported methods, on T or *T
	// imports maps each struct field, and "" for the declaration, to the
	// import paths of the packages its type names, when it names some:
	// rand.Rand is another type from math/rand and from math/rand/v2.
	imports map[string]string
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
	api := &goAPI{types: map[string]*goDecl{}, funcs: map[string]goFunc{}, handler: map[string]goFunc{}, values: map[string]bool{}}
	var values []*ast.ValueSpec
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
		paths := map[string]string{} // package name → import path
		for _, im := range file.Imports {
			path := strings.Trim(im.Path.Value, `"`)
			name := path[strings.LastIndex(path, "/")+1:]
			if isMajorVersion(name) && strings.Contains(path, "/") {
				// math/rand/v2 is package rand.
				rest := path[:strings.LastIndex(path, "/")]
				name = rest[strings.LastIndex(rest, "/")+1:]
			}
			if im.Name != nil {
				name = im.Name.Name
			}
			paths[name] = path
		}
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok == token.CONST || d.Tok == token.VAR {
					for _, s := range d.Specs {
						values = append(values, s.(*ast.ValueSpec))
					}
				}
				if d.Tok != token.TYPE {
					continue
				}
				for _, s := range d.Specs {
					ts := s.(*ast.TypeSpec)
					if ts.Name.IsExported() {
						api.typeSpec(ts, paths)
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
	for _, v := range values {
		if id, ok := v.Type.(*ast.Ident); ok && api.types[id.Name] != nil {
			continue
		}
		for _, n := range v.Names {
			if n.IsExported() {
				api.values[n.Name] = true
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

// isMajorVersion reports whether an import path element is v2, v3...
func isMajorVersion(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// importsOf lists the import paths of the packages a type expression
// names, in order.
func importsOf(e ast.Expr, paths map[string]string) string {
	var out []string
	ast.Inspect(e, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				if p, ok := paths[id.Name]; ok {
					out = append(out, p)
				}
			}
		}
		return true
	})
	return strings.Join(out, ", ")
}

func (api *goAPI) typeSpec(ts *ast.TypeSpec, paths map[string]string) {
	d := &goDecl{fields: map[string]string{}, methods: map[string]goFunc{}, imports: map[string]string{}}
	api.types[ts.Name.Name] = d
	switch t := ts.Type.(type) {
	case *ast.StructType:
		d.def = "struct"
		for _, f := range t.Fields.List {
			for _, n := range f.Names {
				if n.IsExported() {
					d.fields[n.Name] = types.ExprString(f.Type)
					if im := importsOf(f.Type, paths); im != "" {
						d.imports[n.Name] = im
					}
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
		if im := importsOf(ts.Type, paths); im != "" {
			d.imports[""] = im
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
