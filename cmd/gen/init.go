package main

// gen init: the scaffold of a new service, rendered from templates/service.
//
//	gen init DIR -spec FILE -module PATH [-package NAME] [-replace SPECGEN_DIR]
//
// DIR must be absent or empty. Every file is rendered in memory first, then
// written to a temporary folder and moved into place, so that a failure
// leaves nothing half-written.

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/specgen/specgen/generator"
	"github.com/specgen/specgen/generator/ir"
	"github.com/specgen/specgen/templates"
)

const specgenModule = "github.com/specgen/specgen"

// scaffoldReserved are the names a generated package must not take: the
// scaffold's files import these packages or declare these identifiers next
// to the import of the generated package.
var scaffoldReserved = map[string]bool{
	"main": true, "service": true, "run": true, "newHandler": true, "newTestServer": true,
	"defaultBasePath": true, "testBasePath": true, "authenticate": true,
	"context": true, "errors": true, "flag": true, "io": true, "slog": true, "net": true,
	"http": true, "httptest": true, "os": true, "signal": true, "syscall": true, "time": true,
	"testing": true, "strings": true, "json": true, "url": true,
}

// runInit runs gen init; args are the arguments after "init".
func runInit(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("gen init", flag.ContinueOnError)
	flags.SetOutput(stderr)
	spec := flags.String("spec", "", "OpenAPI document of the service (required); it is copied into DIR/api")
	module := flags.String("module", "", "module path of the new service, e.g. example.com/svc (required)")
	pkg := flags.String("package", "api", "Go package name of the generated code, written to DIR/internal/NAME")
	replace := flags.String("replace", "", "a local checkout of specgen to build against: adds a replace directive and go.sum")
	flags.Usage = func() {
		fmt.Fprintf(stderr, "usage: gen init DIR -spec FILE -module PATH [-package NAME] [-replace SPECGEN_DIR]\n\n"+
			"Writes a new service into DIR, which must be absent or empty.\n\n")
		flags.PrintDefaults()
	}
	positional, err := scaffoldParseArgs(flags, args)
	if err != nil {
		return 2
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "gen init: "+format+"\n", a...)
		flags.Usage()
		return 2
	}
	switch {
	case len(positional) == 0:
		return usage("missing DIR, the folder to write the service to")
	case len(positional) > 1:
		return usage("unexpected arguments: %s", strings.Join(positional[1:], " "))
	case *spec == "":
		return usage("missing -spec FILE")
	case *module == "":
		return usage("missing -module PATH")
	}
	if err := scaffoldCheckModule(*module); err != nil {
		return usage("%v", err)
	}
	if err := scaffoldCheckPackage(*pkg); err != nil {
		return usage("%v", err)
	}
	dir := positional[0]

	fail := func(err error) int {
		fmt.Fprintf(stderr, "gen init: %v\n", err)
		return 1
	}
	if err := scaffoldCheckTarget(dir); err != nil {
		return fail(err)
	}
	s := &scaffold{Module: *module, Package: *pkg}
	if *replace != "" {
		if err := s.useReplace(*replace); err != nil {
			return fail(err)
		}
	}
	files, warnings, err := s.render(*spec)
	if err != nil {
		return fail(err)
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "gen: warning: %s\n", w)
	}
	if err := scaffoldWrite(dir, files); err != nil {
		return fail(err)
	}
	next := "make test"
	if *replace == "" {
		next = "go mod tidy && make test"
		if scaffoldVersion() == "v0.0.0" {
			fmt.Fprintf(stderr, "gen: warning: this gen was built from a checkout and does not know its version; go.mod requires %s v0.0.0, which no module proxy serves: run gen init again with -replace and the checkout's folder, or set the require line to a released version\n", specgenModule)
		}
	}
	fmt.Fprintf(stdout, "gen init: wrote %d files to %s (%d operations); next: cd %s && %s\n",
		len(files), dir, s.operations, dir, next)
	return 0
}

// scaffoldParseArgs parses flags placed before and after the positional
// arguments (gen init DIR -spec x and gen init -spec x DIR).
func scaffoldParseArgs(flags *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := flags.Parse(args); err != nil {
			return nil, err
		}
		args = flags.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

var scaffoldModuleRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._~+-]*(/[A-Za-z0-9._~+-]+)*$`)

func scaffoldCheckModule(m string) error {
	if !scaffoldModuleRE.MatchString(m) {
		return fmt.Errorf("-module %q is not a module path (like example.com/team/svc)", m)
	}
	for _, elem := range strings.Split(m, "/") {
		if elem == "." || elem == ".." || strings.HasSuffix(elem, ".") {
			return fmt.Errorf("-module %q is not a module path (like example.com/team/svc)", m)
		}
		// The go command refuses Windows' reserved names, with or without
		// an extension (con, nul.txt).
		short, _, _ := strings.Cut(elem, ".")
		if scaffoldWindowsNames[strings.ToLower(short)] {
			return fmt.Errorf("-module %q: %q is a name Windows reserves, which a module path may not use", m, elem)
		}
	}
	return nil
}

var scaffoldWindowsNames = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true}

func scaffoldCheckPackage(name string) error {
	if !token.IsIdentifier(name) || token.IsKeyword(name) || name == "_" {
		return fmt.Errorf("-package %q is not a Go identifier", name)
	}
	if scaffoldReserved[name] {
		return fmt.Errorf("-package %q would clash with a name the scaffold's main package uses; choose another (the default is api)", name)
	}
	return nil
}

// scaffoldCheckTarget reports why dir cannot take a new service: it must
// be absent or an empty folder.
func scaffoldCheckTarget(dir string) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a folder; gen init writes a new service into an empty or absent folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	var names []string
	for i, e := range entries {
		if i == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(entries)-3))
			break
		}
		names = append(names, e.Name())
	}
	return fmt.Errorf("%s is not empty (it holds %s); gen init writes a new service only into an empty or absent folder, so that it never overwrites your files, and wrote nothing",
		dir, strings.Join(names, ", "))
}

// scaffold is what the templates see.
type scaffold struct {
	Module         string
	Package        string
	Command        string // last element of the module path
	ImportPath     string // of the generated package
	PkgDir         string // internal/NAME
	SpecFile       string // api/openapi.yaml (or .json, .yml)
	Title          string
	SpecgenVersion string
	Replace        string   // the replace target, quoted for go.mod when needed; "" for none
	Indirect       []string // "path version" lines, from the replaced module's go.mod
	BasePath       string   // ServeMux prefix from the spec's server URL, "" for the root
	TestBasePath   string   // BasePath with its variables filled in
	Health         string   // the health check's path: /healthz, unless the API has one
	HandlerImports []string
	TestImports    []string
	Methods        []scaffoldMethod
	Call           *scaffoldCall
	Bad            *scaffoldBad
	Secured        bool         // some operation declares security
	Schemes        []string     // the security schemes, described
	Secure         *scaffoldBad // a request the server refuses for lack of credentials

	goSum      []byte
	operations int
}

// scaffoldMethod is one stub of handlers.go.
type scaffoldMethod struct {
	Name    string
	Doc     []string // comment lines, with their //
	Params  string   // (ctx context.Context, id api.ID)
	Results string   // (*api.Pet, error) or error
	Zero    string   // "nil, " when the method returns a value besides the error

	paramCount int
	hasResult  bool
	paramTypes []string // qualified Go types, in order
}

// scaffoldCall is the operation the test calls through the client: it
// answers 501.
type scaffoldCall struct {
	Op, Method, Path string
	Args             string // after ctx: ", 1, nil"
	HasResult        bool
}

// scaffoldBad is the raw request the test expects to be refused.
type scaffoldBad struct {
	Method, Path string // Path is escaped, below the base path
	JSONBody     bool   // send a malformed JSON body
	Why          string
	Want         int
	WantConst    string
}

// useReplace points the scaffold at a local checkout of specgen: a replace
// directive, the checkout's requirements (indirect) and its go.sum, so that
// the new module builds without a network.
func (s *scaffold) useReplace(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	mod, err := os.ReadFile(filepath.Join(abs, "go.mod"))
	if err != nil {
		return fmt.Errorf("-replace %s: %w", dir, err)
	}
	modPath, requires := scaffoldParseGoMod(mod)
	if modPath != specgenModule {
		return fmt.Errorf("-replace %s: its go.mod declares module %q, not %s", dir, modPath, specgenModule)
	}
	sum, err := os.ReadFile(filepath.Join(abs, "go.sum"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("-replace %s: %w", dir, err)
	}
	s.goSum = sum
	s.Indirect = requires
	s.Replace = scaffoldModQuote(filepath.ToSlash(abs))
	return nil
}

// scaffoldParseGoMod returns the module path and the "path version" of
// every requirement of a go.mod file.
func scaffoldParseGoMod(data []byte) (module string, requires []string) {
	inRequire := false
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case inRequire && f[0] == ")":
			inRequire = false
		case inRequire && len(f) == 2:
			requires = append(requires, f[0]+" "+f[1])
		case f[0] == "module" && len(f) == 2:
			module = strings.Trim(f[1], `"`)
		case f[0] == "require" && len(f) == 2 && f[1] == "(":
			inRequire = true
		case f[0] == "require" && len(f) == 3:
			requires = append(requires, f[1]+" "+f[2])
		}
	}
	sort.Strings(requires)
	return module, requires
}

// scaffoldModQuote quotes a go.mod token when it needs it.
func scaffoldModQuote(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\r\n\"'`\\(),") || strings.Contains(s, "//") {
		return strconv.Quote(s)
	}
	return s
}

// scaffoldVersion is the version of specgen that go.mod requires: the one
// this binary was built from when it knows it, else v0.0.0.
func scaffoldVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "v0.0.0"
	}
	usable := func(v string) bool {
		return strings.HasPrefix(v, "v") && !strings.Contains(v, "+") && v != "(devel)"
	}
	if bi.Main.Path == specgenModule && usable(bi.Main.Version) {
		return bi.Main.Version
	}
	for _, d := range bi.Deps {
		if d.Path == specgenModule && d.Replace == nil && usable(d.Version) {
			return d.Version
		}
	}
	return "v0.0.0"
}

// render builds every file of the scaffold in memory, by path relative to
// the new module's root.
func (s *scaffold) render(specPath string) (map[string][]byte, []string, error) {
	specData, err := os.ReadFile(specPath)
	if err != nil {
		return nil, nil, err
	}
	res, err := generator.Generate(generator.Options{Spec: specPath, Package: s.Package})
	if err != nil {
		return nil, nil, err
	}
	model, err := generator.Model(generator.Options{Spec: specPath, Package: s.Package})
	if err != nil {
		return nil, nil, err
	}
	warnings := res.Warnings
	// The files the spec refers to go beside it in api/, at the same
	// relative paths, so that go generate reads what gen init read.
	refFiles, outside := scaffoldRefFiles(specPath)
	if len(outside) > 0 {
		warnings = append(warnings, fmt.Sprintf("%s refers to files outside its folder (%s); copy them so that the spec in api/ finds them, or go generate will fail", specPath, strings.Join(outside, ", ")))
	}
	s.operations = res.Operations

	ext := strings.ToLower(filepath.Ext(specPath))
	if ext != ".json" && ext != ".yml" {
		ext = ".yaml"
	}
	s.SpecFile = "api/openapi" + ext
	s.PkgDir = "internal/" + s.Package
	s.ImportPath = s.Module + "/" + s.PkgDir
	s.Command = path.Base(s.Module)
	if dir, last := path.Split(s.Module); dir != "" && regexp.MustCompile(`^v[0-9]+$`).MatchString(last) {
		s.Command = path.Base(dir) // example.com/svc/v2 builds the command svc
	}
	s.Title = scaffoldOneLine(model.Title)
	if s.Title == "" {
		s.Title = "the API of " + s.SpecFile
	}
	if s.SpecgenVersion == "" {
		s.SpecgenVersion = scaffoldVersion()
	}
	s.BasePath, s.TestBasePath = scaffoldBasePath(model)
	// The health check must not shadow an operation of the API.
	for _, h := range []string{"/healthz", "/_healthz", "/-/healthz"} {
		if !slices.ContainsFunc(model.Operations, func(op *ir.Operation) bool { return s.BasePath+op.Path == h }) {
			s.Health = h
			break
		}
	}

	handler, err := scaffoldHandler(res.Files, s.Package)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the generated Handler interface: %w", err)
	}
	byName := map[string]*ir.Operation{}
	for _, op := range model.Operations {
		byName[op.Name] = op
	}
	s.Methods = handler.methods
	for i := range s.Methods {
		if len(s.Methods[i].Doc) == 0 {
			if op := byName[s.Methods[i].Name]; op != nil {
				s.Methods[i].Doc = []string{fmt.Sprintf("// %s serves %s %s.", op.Name, op.Method, op.Path)}
			}
		}
	}
	s.HandlerImports = scaffoldImportLines(handler.imports, s.ImportPath)
	s.Call = scaffoldPickCall(model, handler.methods, s.Package)
	s.Bad = scaffoldPickBad(model)
	s.Secure = scaffoldPickSecured(model)
	s.Secured = s.Secure != nil
	for _, sc := range model.Security {
		s.Schemes = append(s.Schemes, scaffoldDescribeScheme(sc))
	}
	test := map[string]bool{"io": true, "log/slog": true, "net/http": true, "net/http/httptest": true, "testing": true}
	if s.Call != nil {
		test["errors"] = true
	}
	if s.Bad.JSONBody {
		test["strings"] = true
	}
	var testPkgs []string
	for p := range test {
		testPkgs = append(testPkgs, p)
	}
	if s.Call != nil || s.Secured {
		s.TestImports = scaffoldImportLines(testPkgs, s.ImportPath)
	} else {
		s.TestImports = scaffoldImportLines(testPkgs, "")
	}

	files := map[string][]byte{}
	entries, err := fs.Glob(templates.FS, "service/*.tmpl")
	if err != nil {
		return nil, nil, err
	}
	for _, name := range entries {
		text, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			return nil, nil, err
		}
		out := strings.TrimSuffix(path.Base(name), ".tmpl")
		t, err := template.New(out).Option("missingkey=error").Parse(string(text))
		if err != nil {
			return nil, nil, fmt.Errorf("template %s: %w", name, err)
		}
		var b bytes.Buffer
		if err := t.Execute(&b, s); err != nil {
			return nil, nil, fmt.Errorf("template %s: %w", name, err)
		}
		content := b.Bytes()
		if len(bytes.TrimSpace(content)) == 0 {
			continue // a template for some specs only, such as auth.go
		}
		if strings.HasSuffix(out, ".go") {
			formatted, err := format.Source(content)
			if err != nil {
				return nil, nil, fmt.Errorf("template %s renders Go that does not parse: %w\n%s", name, err, content)
			}
			content = formatted
		}
		files[out] = content
	}
	files[s.SpecFile] = specData
	for rel, data := range refFiles {
		files["api/"+rel] = data
	}
	for _, f := range res.Files {
		files[s.PkgDir+"/"+f.Name] = f.Content
	}
	if len(s.goSum) > 0 {
		files["go.sum"] = s.goSum
	}
	return files, warnings, nil
}

// scaffoldRefFiles reads the local files a spec refers to, and the files
// those refer to, by their paths relative to the spec's folder. Files
// outside that folder, and URLs, are listed apart: they cannot be copied
// beside it.
func scaffoldRefFiles(specPath string) (map[string][]byte, []string) {
	root := filepath.Dir(specPath)
	files := map[string][]byte{}
	var outside []string
	seen := map[string]bool{filepath.Clean(specPath): true}
	queue := []string{filepath.Clean(specPath)}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		data, err := os.ReadFile(cur)
		if err != nil {
			continue // gen reported it already, if it mattered
		}
		for _, m := range generator.ExternalRefs(data) {
			ref := m[0]
			if strings.Contains(ref, "://") {
				outside = append(outside, ref)
				continue
			}
			target := filepath.Clean(filepath.Join(filepath.Dir(cur), filepath.FromSlash(ref)))
			if seen[target] {
				continue
			}
			seen[target] = true
			rel, err := filepath.Rel(root, target)
			if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
				outside = append(outside, ref)
				continue
			}
			if b, err := os.ReadFile(target); err == nil {
				files[filepath.ToSlash(rel)] = b
				queue = append(queue, target)
			}
		}
	}
	return files, outside
}

func scaffoldOneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// scaffoldImportLines renders an import block's lines: the standard
// library first, then the generated package.
func scaffoldImportLines(std []string, own string) []string {
	sort.Strings(std)
	var lines []string
	for _, p := range std {
		lines = append(lines, strconv.Quote(p))
	}
	if own != "" {
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, strconv.Quote(own))
	}
	return lines
}

// scaffoldHandlerInfo is the Handler interface as the stubs need it.
type scaffoldHandlerInfo struct {
	methods []scaffoldMethod
	imports []string // standard library packages the signatures use
}

// scaffoldHandler reads the method signatures of the generated Handler
// interface and qualifies the package's own types with its name.
func scaffoldHandler(files []generator.File, pkg string) (*scaffoldHandlerInfo, error) {
	fset := token.NewFileSet()
	local := map[string]bool{}
	var handler *ast.InterfaceType
	var handlerFile *ast.File
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".go") {
			continue
		}
		file, err := parser.ParseFile(fset, f.Name, f.Content, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		for _, decl := range file.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				if ts.Name.IsExported() {
					local[ts.Name.Name] = true
				}
				if it, ok := ts.Type.(*ast.InterfaceType); ok && ts.Name.Name == "Handler" {
					handler, handlerFile = it, file
				}
			}
		}
	}
	if handler == nil {
		return nil, errors.New("no Handler interface in the generated files")
	}
	importPaths := map[string]string{}
	for _, imp := range handlerFile.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := path.Base(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		importPaths[name] = p
	}

	used := map[string]bool{}
	var unsupported error
	qualify := func(expr ast.Expr) string {
		ast.Inspect(expr, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.SelectorExpr:
				if id, ok := x.X.(*ast.Ident); ok {
					if p, ok := importPaths[id.Name]; ok {
						used[p] = true
					} else {
						unsupported = fmt.Errorf("unknown package %s in %s", id.Name, types.ExprString(expr))
					}
				}
				return false
			case *ast.StructType, *ast.FuncType:
				unsupported = fmt.Errorf("unsupported type %s", types.ExprString(expr))
				return false
			case *ast.Ident:
				if local[x.Name] {
					x.Name = pkg + "." + x.Name
				}
			}
			return true
		})
		return types.ExprString(expr)
	}

	info := &scaffoldHandlerInfo{}
	for _, m := range handler.Methods.List {
		ft, ok := m.Type.(*ast.FuncType)
		if !ok || len(m.Names) != 1 {
			return nil, fmt.Errorf("Handler embeds %s; only methods are supported", types.ExprString(m.Type))
		}
		sm := scaffoldMethod{Name: m.Names[0].Name}
		if m.Doc != nil {
			first, _, _ := strings.Cut(strings.TrimSpace(m.Doc.Text()), "\n\n")
			for _, line := range strings.Split(first, "\n") {
				sm.Doc = append(sm.Doc, strings.TrimRight("// "+line, " "))
			}
		}
		reserved := map[string]bool{"s": true, pkg: true, "http": true, "nil": true}
		var params []string
		for _, field := range ft.Params.List {
			t := qualify(field.Type)
			var names []string
			for _, n := range field.Names {
				name := n.Name
				if reserved[name] {
					name += "Arg"
				}
				names = append(names, name)
				sm.paramTypes = append(sm.paramTypes, t)
			}
			if len(field.Names) == 0 {
				sm.paramTypes = append(sm.paramTypes, t)
				names = append(names, "_")
			}
			params = append(params, strings.Join(names, ", ")+" "+t)
		}
		sm.paramCount = len(sm.paramTypes)
		sm.Params = "(" + strings.Join(params, ", ") + ")"
		var results []string
		if ft.Results != nil {
			for _, field := range ft.Results.List {
				if len(field.Names) > 0 {
					return nil, fmt.Errorf("method %s has named results", sm.Name)
				}
				results = append(results, qualify(field.Type))
			}
		}
		switch {
		case len(results) == 1 && results[0] == "error":
			sm.Results = "error"
		case len(results) == 2 && results[1] == "error" && strings.HasPrefix(results[0], "*"):
			sm.Results = "(" + strings.Join(results, ", ") + ")"
			sm.Zero = "nil, "
			sm.hasResult = true
		default:
			return nil, fmt.Errorf("method %s returns (%s); want a pointer and an error, or an error", sm.Name, strings.Join(results, ", "))
		}
		info.methods = append(info.methods, sm)
	}
	if unsupported != nil {
		return nil, unsupported
	}
	if len(info.methods) > 0 {
		used["net/http"] = true
	}
	for p := range used {
		info.imports = append(info.imports, p)
	}
	return info, nil
}

// scaffoldBasePath turns the path of the spec's only server URL into a
// ServeMux prefix and a concrete path for the test client. A variable
// filling a whole segment stays a {wildcard}; any other is replaced by its
// default. Several servers, or a path that cannot be mounted, give "".
func scaffoldBasePath(p *ir.Package) (mux, concrete string) {
	if len(p.Servers) != 1 {
		return "", ""
	}
	srv := p.Servers[0]
	raw := srv.URL
	if i := strings.Index(raw, "://"); i >= 0 {
		rest := raw[i+3:]
		j := strings.Index(rest, "/")
		if j < 0 {
			return "", ""
		}
		raw = rest[j:]
	} else if strings.HasPrefix(raw, "//") {
		rest := raw[2:]
		j := strings.Index(rest, "/")
		if j < 0 {
			return "", ""
		}
		raw = rest[j:]
	}
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		raw = raw[:i]
	}
	defaults := map[string]string{}
	for _, v := range srv.Variables {
		defaults[v.Name] = v.Default
	}
	taken := map[string]bool{}
	for _, op := range p.Operations {
		for _, pp := range op.PathParams {
			taken[pp.ArgName] = true
		}
		for i := range strings.Split(op.Path, "/") {
			taken[fmt.Sprintf("segment%d", i)] = true
		}
	}
	varRE := regexp.MustCompile(`\{([^{}]*)\}`)
	var muxSegs, testSegs []string
	for _, seg := range strings.Split(raw, "/") {
		if seg == "" {
			continue
		}
		if m := varRE.FindStringSubmatch(seg); m != nil && m[0] == seg && scaffoldWildcardName(m[1]) && !taken[m[1]] {
			taken[m[1]] = true
			muxSegs = append(muxSegs, seg)
			value := defaults[m[1]]
			if !scaffoldSafeSegment(value) {
				value = "test"
			}
			testSegs = append(testSegs, value)
			continue
		}
		ok := true
		filled := varRE.ReplaceAllStringFunc(seg, func(v string) string {
			d, found := defaults[v[1:len(v)-1]]
			if !found || d == "" {
				ok = false
			}
			return d
		})
		if !ok || strings.ContainsAny(filled, "{}") || !scaffoldSafeSegment(filled) {
			return "", ""
		}
		muxSegs = append(muxSegs, filled)
		testSegs = append(testSegs, filled)
	}
	if len(muxSegs) == 0 {
		return "", ""
	}
	return "/" + strings.Join(muxSegs, "/"), "/" + strings.Join(testSegs, "/")
}

var scaffoldSafeRE = regexp.MustCompile(`^[A-Za-z0-9._~!$&'()*+,;=:@-]+$`)

func scaffoldSafeSegment(s string) bool {
	return scaffoldSafeRE.MatchString(s) && s != "." && s != ".."
}

func scaffoldWildcardName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || (i > 0 && '0' <= r && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}

// scaffoldPickCall chooses the operation the test calls through the
// client: one whose every argument is nil or a literal that passes
// validation, with the fewest path parameters.
func scaffoldPickCall(p *ir.Package, methods []scaffoldMethod, pkg string) *scaffoldCall {
	byName := map[string]scaffoldMethod{}
	for _, m := range methods {
		byName[m.Name] = m
	}
	var best *scaffoldCall
	bestParams := 0
	for _, op := range p.Operations {
		m, ok := byName[op.Name]
		if !ok || (op.Body != nil && op.Body.Required) {
			continue
		}
		required := false
		for _, q := range append(append([]*ir.Param{}, op.QueryParams...), op.HeaderParams...) {
			required = required || q.Required
		}
		if required {
			continue
		}
		n := 1 + len(op.PathParams)
		if op.Body != nil {
			n++
		}
		if op.Params != nil {
			n++
		}
		if n != m.paramCount {
			continue
		}
		var args []string
		values := map[string]string{}
		ok = true
		for i, pp := range op.PathParams {
			lit, text, good := scaffoldLiteral(pp.Schema, m.paramTypes[1+i], pkg)
			if !good {
				ok = false
				break
			}
			args = append(args, lit)
			values[pp.SpecName] = text
		}
		if !ok {
			continue
		}
		if op.Body != nil {
			args = append(args, "nil")
		}
		if op.Params != nil {
			args = append(args, "nil")
		}
		if best != nil && len(op.PathParams) >= bestParams {
			continue
		}
		call := &scaffoldCall{Op: op.Name, Method: op.Method, Path: scaffoldFillPath(op.Path, values, "x"), HasResult: m.hasResult}
		for _, a := range args {
			call.Args += ", " + a
		}
		best, bestParams = call, len(op.PathParams)
	}
	return best
}

// scaffoldLiteral returns a Go literal of the path parameter's type that
// passes its validation, and its text in a URL.
func scaffoldLiteral(s *ir.Schema, goType, pkg string) (lit, text string, ok bool) {
	rules := []ir.Rules{s.Rules}
	cur := s
	direct := true
	for cur.Kind == ir.KNamed {
		t := cur.Named
		if t.Kind == ir.Enum {
			if len(t.EnumValues) == 0 {
				return "", "", false
			}
			v := t.EnumValues[0]
			text := fmt.Sprint(v.Value)
			if direct && goType == pkg+"."+t.Name {
				return pkg + "." + v.Name, text, true
			}
			if str, isStr := v.Value.(string); isStr {
				return strconv.Quote(str), text, true
			}
			return text, text, true
		}
		if t.Kind != ir.Scalar || t.Underlying == nil {
			return "", "", false
		}
		cur = t.Underlying
		rules = append(rules, cur.Rules)
		direct = false
	}
	named := strings.HasPrefix(goType, pkg+".")
	switch cur.Kind {
	case ir.KInt, ir.KNumber:
		if !named && goType != "int32" && goType != "int64" && goType != "float32" && goType != "float64" {
			return "", "", false
		}
		v, good := scaffoldNumber(rules)
		if !good {
			return "", "", false
		}
		text := strconv.FormatFloat(v, 'f', -1, 64)
		return text, text, true
	case ir.KString:
		if cur.Format == "date-time" || cur.Format == "byte" || (!named && goType != "string") {
			return "", "", false
		}
		minLen, maxLen := uint64(0), uint64(math.MaxUint64)
		var patterns []*regexp.Regexp
		for _, r := range rules {
			if r.MinLength != nil {
				minLen = max(minLen, *r.MinLength)
			}
			if r.MaxLength != nil {
				maxLen = min(maxLen, *r.MaxLength)
			}
			if r.Pattern != "" {
				re, err := regexp.Compile(r.Pattern)
				if err != nil {
					return "", "", false
				}
				patterns = append(patterns, re)
			}
		}
		candidates := []string{"x1", "1", "a", "abc", "A", "x"}
		if minLen > 1 && minLen <= 64 {
			candidates = append(candidates, strings.Repeat("a", int(minLen)), strings.Repeat("1", int(minLen)))
		}
	next:
		for _, c := range candidates {
			n := uint64(len([]rune(c)))
			if n < minLen || n > maxLen {
				continue
			}
			for _, re := range patterns {
				if !re.MatchString(c) {
					continue next
				}
			}
			return strconv.Quote(c), c, true
		}
	case ir.KBool:
		if named || goType == "bool" {
			return "true", "true", true
		}
	}
	return "", "", false
}

// scaffoldNumber returns a small integer that meets every numeric rule,
// 1 when it can.
func scaffoldNumber(rules []ir.Rules) (float64, bool) {
	lo, hi := math.Inf(-1), math.Inf(1)
	for _, r := range rules {
		if r.Min != nil {
			m := math.Ceil(*r.Min)
			if r.ExclusiveMin && m == *r.Min {
				m++
			}
			lo = max(lo, m)
		}
		if r.Max != nil {
			m := math.Floor(*r.Max)
			if r.ExclusiveMax && m == *r.Max {
				m--
			}
			hi = min(hi, m)
		}
	}
	v := min(max(1, lo), hi)
	for _, r := range rules {
		if r.MultipleOf != nil && *r.MultipleOf > 0 {
			v = math.Ceil(v / *r.MultipleOf) * *r.MultipleOf
		}
	}
	for _, r := range rules {
		if r.MultipleOf != nil && *r.MultipleOf > 0 && math.Mod(v, *r.MultipleOf) != 0 {
			return 0, false
		}
	}
	if v < lo || v > hi || v != math.Trunc(v) || math.Abs(v) > 1<<31-1 {
		return 0, false
	}
	return v, true
}

// scaffoldPickBad chooses the raw request the test expects to be refused:
// the first operation with a numeric path parameter (sent as text) or a
// required JSON body (sent malformed) gives a 400; without one, a path no
// route matches gives a 404.
func scaffoldPickBad(p *ir.Package) *scaffoldBad {
	for _, op := range p.Operations {
		for _, pp := range op.PathParams {
			if b := scaffoldBase(pp.Schema); b.Kind == ir.KInt || b.Kind == ir.KNumber {
				return &scaffoldBad{
					Method:    op.Method,
					Path:      scaffoldFillPath(op.Path, map[string]string{pp.SpecName: "not-a-number"}, "x"),
					Why:       fmt.Sprintf("the path parameter %s of %s must be a number", scaffoldOneLine(pp.SpecName), op.Name),
					Want:      400,
					WantConst: "http.StatusBadRequest",
				}
			}
		}
		if op.Body != nil && op.Body.Required && !op.Body.Raw && op.Body.Form == "" {
			return &scaffoldBad{
				Method:    op.Method,
				Path:      scaffoldFillPath(op.Path, nil, "x"),
				JSONBody:  true,
				Why:       fmt.Sprintf("the JSON body %s requires is malformed", op.Name),
				Want:      400,
				WantConst: "http.StatusBadRequest",
			}
		}
	}
	depth := 0
	for _, op := range p.Operations {
		depth = max(depth, strings.Count(op.Path, "/"))
	}
	return &scaffoldBad{
		Method:    "GET",
		Path:      strings.Repeat("/no-such-path", depth+1),
		Why:       "no operation of the spec has that many path segments",
		Want:      404,
		WantConst: "http.StatusNotFound",
	}
}

// scaffoldPickSecured returns a request for the first operation that
// declares security, without credentials.
func scaffoldPickSecured(p *ir.Package) *scaffoldBad {
	for _, op := range p.Operations {
		if op.Secured {
			return &scaffoldBad{
				Method:    op.Method,
				Path:      scaffoldFillPath(op.Path, nil, "x"),
				Why:       op.Name + " declares security",
				Want:      401,
				WantConst: "http.StatusUnauthorized",
			}
		}
	}
	return nil
}

// scaffoldDescribeScheme says where a security scheme's credentials are.
func scaffoldDescribeScheme(sc ir.SecurityScheme) string {
	name := scaffoldOneLine(sc.Name)
	switch sc.Kind {
	case "bearer":
		return name + ": a bearer token in the Authorization header"
	case "basic":
		return name + ": HTTP basic authentication; the token is user:password"
	case "apiKey":
		where := map[string]string{"header": "header", "query": "query parameter", "cookie": "cookie"}[sc.In]
		if where == "" {
			where = sc.In
		}
		return fmt.Sprintf("%s: an API key in the %s %s", name, scaffoldOneLine(sc.Key), where)
	}
	return name + ": a scheme whose credentials the server does not read"
}

func scaffoldBase(s *ir.Schema) *ir.Schema {
	for s.Kind == ir.KNamed && s.Named.Underlying != nil && s.Named.Kind != ir.Struct {
		s = s.Named.Underlying
	}
	return s
}

var scaffoldParamRE = regexp.MustCompile(`\{[^{}]*\}`)

// scaffoldFillPath fills the {parameters} of an operation's path, and
// escapes it.
func scaffoldFillPath(p string, values map[string]string, other string) string {
	filled := scaffoldParamRE.ReplaceAllStringFunc(p, func(v string) string {
		if x, ok := values[v[1:len(v)-1]]; ok {
			return x
		}
		return other
	})
	return (&url.URL{Path: filled}).EscapedPath()
}

// scaffoldWrite writes the files into dir, which must be absent or empty,
// through a temporary folder: on any error it removes what it wrote.
func scaffoldWrite(dir string, files map[string][]byte) error {
	if err := scaffoldCheckTarget(dir); err != nil {
		return err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	_, statErr := os.Stat(abs)
	exists := statErr == nil

	if !exists {
		parent := filepath.Dir(abs)
		created, err := scaffoldMkdirAll(parent)
		if err != nil {
			return err
		}
		cleanup := func() {
			if created != "" {
				os.RemoveAll(created)
			}
		}
		stage, err := os.MkdirTemp(parent, ".gen-init-*")
		if err != nil {
			cleanup()
			return err
		}
		err = scaffoldWriteFiles(stage, files)
		if err == nil {
			err = os.Chmod(stage, 0o755)
		}
		if err == nil {
			err = os.Rename(stage, abs)
		}
		if err != nil {
			os.RemoveAll(stage)
			cleanup()
			return err
		}
		return nil
	}

	// An existing empty folder (perhaps the current one) stays; the
	// entries move into it one by one.
	stage, err := os.MkdirTemp(abs, ".gen-init-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	if err := scaffoldWriteFiles(stage, files); err != nil {
		return err
	}
	entries, err := os.ReadDir(stage)
	if err != nil {
		return err
	}
	var moved []string
	for _, e := range entries {
		to := filepath.Join(abs, e.Name())
		if err := os.Rename(filepath.Join(stage, e.Name()), to); err != nil {
			for _, m := range moved {
				os.RemoveAll(m)
			}
			return err
		}
		moved = append(moved, to)
	}
	return nil
}

// scaffoldMkdirAll creates dir and its missing parents, and returns the
// topmost folder it created ("" when dir existed).
func scaffoldMkdirAll(dir string) (string, error) {
	top := ""
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		top = d
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return top, nil
}

func scaffoldWriteFiles(root string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}
