package emit

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The runtime files are copied into every package, but a package needs
// only the part its generated code reaches: prune drops the unexported
// declarations nothing uses. Exported ones are API and always stay, with
// everything they use. Names are matched as words, so a name that merely
// appears (in a comment, or as a method of another type) keeps a
// declaration that could have gone; never the reverse.

// runtimeDecl is one top-level declaration of a runtime file.
type runtimeDecl struct {
	names    []string // what it declares; a method declares its name
	recv     string   // receiver type of a method, "" otherwise
	exported bool
	uses     []string // identifiers it mentions
	start    int      // byte range in the source, doc comment included,
	end      int      // through the end of the line it ends on
}

type runtimeSrc struct {
	src     string
	decls   []runtimeDecl
	imports []runtimeImport
	// importStart and importEnd delimit the import declaration.
	importStart, importEnd int
}

type runtimeImport struct {
	path, name string // name: the package name code refers to it by
}

var (
	parsedMu      sync.Mutex
	parsedRuntime = map[string]*runtimeSrc{}
)

// parseRuntime parses a runtime source once per process.
func parseRuntime(src string) (*runtimeSrc, error) {
	parsedMu.Lock()
	defer parsedMu.Unlock()
	if r, ok := parsedRuntime[src]; ok {
		return r, nil
	}
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
	parsedRuntime[src] = r
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

// words adds to set every identifier-like word of src.
func words(src []byte, set map[string]bool) {
	isWord := func(c byte) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	for i := 0; i < len(src); {
		if !isWord(src[i]) {
			i++
			continue
		}
		j := i
		for j < len(src) && isWord(src[j]) {
			j++
		}
		if c := src[i]; !(c >= '0' && c <= '9') && !set[string(src[i:j])] {
			set[string(src[i:j])] = true
		}
		i = j
	}
}

// pruneRuntimes returns the runtime sources with the unexported
// declarations that neither the generated files (gen) nor any kept
// declaration of any runtime mention removed, and the imports that only
// those used.
func pruneRuntimes(srcs []string, gen [][]byte) ([]string, error) {
	used := map[string]bool{}
	for _, g := range gen {
		words(g, used)
	}
	return pruneRuntimesUsing(srcs, used)
}

// pruneRuntimesUsing is pruneRuntimes given the words of the generated
// files; it adds to used.
func pruneRuntimesUsing(srcs []string, used map[string]bool) ([]string, error) {
	parsed := make([]*runtimeSrc, len(srcs))
	for i, s := range srcs {
		r, err := parseRuntime(s)
		if err != nil {
			return nil, err
		}
		parsed[i] = r
	}
	type ref struct{ file, decl int }
	kept := map[ref]bool{}
	keptTypes := map[string]bool{}
	var work []ref
	keep := func(r ref) {
		if kept[r] {
			return
		}
		kept[r] = true
		work = append(work, r)
		if d := parsed[r.file].decls[r.decl]; d.recv == "" {
			for _, n := range d.names {
				keptTypes[n] = true
			}
		}
	}
	for {
		before := len(kept)
		for fi, r := range parsed {
			for di, d := range r.decls {
				x := ref{fi, di}
				if kept[x] {
					continue
				}
				switch {
				case d.recv != "":
					// A method stays with its type when it is exported (it
					// may satisfy an interface) or its name is mentioned.
					if keptTypes[d.recv] && (d.exported || used[d.names[0]]) {
						keep(x)
					}
				case d.exported || slices.ContainsFunc(d.names, func(n string) bool { return used[n] || n == "init" }):
					keep(x)
				}
			}
		}
		for len(work) > 0 {
			x := work[len(work)-1]
			work = work[:len(work)-1]
			for _, u := range parsed[x.file].decls[x.decl].uses {
				used[u] = true
			}
		}
		if len(kept) == before {
			break
		}
	}
	out := make([]string, len(parsed))
	for fi, r := range parsed {
		var b strings.Builder
		// Imports the kept declarations still use.
		needs := map[string]bool{}
		for di, d := range r.decls {
			if kept[ref{fi, di}] {
				for _, u := range d.uses {
					needs[u] = true
				}
			}
		}
		b.WriteString(r.src[:r.importStart])
		var imps []string
		for _, im := range r.imports {
			if needs[im.name] {
				imps = append(imps, strconv.Quote(im.path))
			}
		}
		switch len(imps) {
		case 0:
		case 1:
			b.WriteString("import " + imps[0] + "\n")
		default:
			b.WriteString("import (\n\t" + strings.Join(imps, "\n\t") + "\n)\n")
		}
		pos := r.importEnd
		if len(imps) == 0 && strings.HasPrefix(r.src[pos:], "\n") {
			pos++ // the blank line after the import declaration
		}
		for di, d := range r.decls {
			if kept[ref{fi, di}] {
				continue
			}
			b.WriteString(r.src[pos:d.start])
			pos = d.end
			// Drop the blank line that separated it from the next one,
			// unless it is the only one left between its neighbours.
			if strings.HasPrefix(r.src[pos:], "\n") && strings.HasSuffix(b.String(), "\n\n") {
				pos++
			}
		}
		b.WriteString(r.src[pos:])
		out[fi] = strings.TrimRight(b.String(), "\n") + "\n"
	}
	return out, nil
}
