package emit

import (
	"fmt"
	"go/scanner"
	"go/token"
	"hash/crc32"
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

// parseRuntime indexes a runtime source once per process: from
// runtimeIndexes, computed when the generator is built, when it holds the
// index of these very bytes, or else by indexRuntime.
func parseRuntime(src string) (*runtimeSrc, error) {
	parsedMu.Lock()
	defer parsedMu.Unlock()
	if r, ok := parsedRuntime[src]; ok {
		return r, nil
	}
	r := prebuiltIndex(src)
	if r == nil {
		var err error
		if r, err = indexRuntime(src); err != nil {
			return nil, err
		}
	}
	parsedRuntime[src] = r
	return r, nil
}

// runtimeIndex is indexRuntime's result for one support file, written out
// as Go by TestRuntimeIndexIsCurrent (runtime_index_gen.go): indexing the
// support code took 4 ms and 1.3 MB of garbage on every run of the
// generator, for the same answer. size and crc identify the bytes it
// indexes; a file edited since is indexed afresh.
type runtimeIndex struct {
	name                   string
	size                   int
	crc                    uint32 // crc32.ChecksumIEEE
	imports                []runtimeImport
	importStart, importEnd int
	decls                  []runtimeDecl
}

// prebuiltIndex returns runtimeIndexes' index of src, or nil when it has
// none of these bytes.
func prebuiltIndex(src string) *runtimeSrc {
	for i := range runtimeIndexes {
		x := &runtimeIndexes[i]
		if x.size == len(src) && x.crc == crc32.ChecksumIEEE([]byte(src)) {
			return &runtimeSrc{src: src, decls: x.decls, imports: x.imports, importStart: x.importStart, importEnd: x.importEnd}
		}
	}
	return nil
}

// indexRuntime finds the top-level declarations of a runtime source, what
// each declares and the identifiers it mentions, from its tokens: the same
// as go/parser's syntax tree gives (a test compares the two on every
// runtime file), in 40% of the time and with a third of the garbage: every
// run of the generator pays it.
func indexRuntime(src string) (*runtimeSrc, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("runtime.go", -1, len(src))
	var sc scanner.Scanner
	var scanErr error
	sc.Init(file, []byte(src), func(pos token.Position, msg string) {
		if scanErr == nil {
			scanErr = fmt.Errorf("parsing the runtime: %s: %s", pos, msg)
		}
	}, scanner.ScanComments)
	lineEnd := func(i int) int {
		if j := strings.IndexByte(src[i:], '\n'); j >= 0 {
			return i + j + 1
		}
		return len(src)
	}
	r := &runtimeSrc{src: src}
	// The comment group a declaration's keyword follows on the next line is
	// its doc comment; groups are comments on consecutive lines, and a
	// comment on the line of the token before it is that token's own.
	docStart, docEnd := -1, -1 // start offset and end line of the last group
	var lastTok token.Pos      // the last token that is not a comment
	lastEnd := 0               // the offset past it
	var body []runtimeToken    // the declaration being read
	declStart := 0             // its offset, or its doc comment's
	seen := map[string]bool{}
	depth := 0
	inPackage := false
	for {
		pos, t, lit := sc.Scan()
		if t == token.EOF {
			break
		}
		off := file.Offset(pos)
		switch {
		case t == token.COMMENT:
			line := file.Line(pos)
			endLine := line + strings.Count(lit, "\n")
			switch {
			case lastTok.IsValid() && line == file.Line(lastTok):
				// A line comment of the token before.
				docStart, docEnd = -1, -1
			case docStart >= 0 && line <= docEnd+1:
				docEnd = endLine
			default:
				docStart, docEnd = off, endLine
			}
			continue
		case inPackage:
			inPackage = t != token.SEMICOLON
		case len(body) > 0 && (depth > 0 || t != token.SEMICOLON):
			// Inside a declaration, up to the semicolon that ends it at
			// depth 0.
			switch t {
			case token.LPAREN, token.LBRACE, token.LBRACK:
				depth++
			case token.RPAREN, token.RBRACE, token.RBRACK:
				depth--
			}
			body = append(body, runtimeToken{t, lit, off})
		case len(body) > 0:
			if err := r.addDecl(body, declStart, lineEnd(lastEnd), seen); err != nil {
				return nil, err
			}
			body = body[:0]
		case t == token.PACKAGE:
			inPackage = true
			docStart, docEnd = -1, -1
		case t != token.SEMICOLON:
			start := off
			if docStart >= 0 && docEnd+1 == file.Line(pos) {
				start = docStart
			}
			docStart, docEnd = -1, -1
			body, declStart = append(body, runtimeToken{t, lit, off}), start
		}
		if t != token.SEMICOLON || lit != "\n" {
			lastTok, lastEnd = pos, off+len(lit)
			if lit == "" {
				lastEnd = off + len(t.String())
			}
		}
	}
	if scanErr != nil {
		return nil, scanErr
	}
	if len(body) > 0 {
		return nil, fmt.Errorf("parsing the runtime: the last declaration does not end")
	}
	return r, nil
}

// runtimeToken is a token of a runtime declaration and its offset.
type runtimeToken struct {
	tok token.Token
	lit string
	off int
}

// addDecl adds the declaration of body, its keyword first, from start (its
// doc comment's offset, or the keyword's) to end (past the line it ends
// on); seen is scratch space.
func (r *runtimeSrc) addDecl(body []runtimeToken, start, end int, seen map[string]bool) error {
	kw := body[0]
	if kw.tok == token.IMPORT {
		r.importStart, r.importEnd = kw.off, end
		for k := 1; k < len(body); k++ {
			if body[k].tok != token.STRING {
				continue
			}
			path, _ := strconv.Unquote(body[k].lit)
			elems := strings.Split(path, "/")
			name := elems[len(elems)-1]
			if len(elems) > 1 && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
				name = elems[len(elems)-2] // math/rand/v2 is rand
			}
			switch p := body[k-1]; p.tok {
			case token.IDENT:
				name = p.lit
			case token.PERIOD:
				name = "."
			}
			r.imports = append(r.imports, runtimeImport{path: path, name: name})
		}
		return nil
	}
	rd := runtimeDecl{start: start, end: end}
	switch kw.tok {
	case token.FUNC:
		k := 1
		if body[k].tok == token.LPAREN { // a method: (r *T) or (r T[K])
			for d := 0; k < len(body); {
				switch body[k].tok {
				case token.LPAREN, token.LBRACK:
					d++
					if body[k].tok == token.LBRACK && d == 2 && rd.recv == "" {
						rd.recv = body[k-1].lit
					}
				case token.RPAREN, token.RBRACK:
					d--
					if d == 0 && rd.recv == "" && body[k-1].tok == token.IDENT {
						rd.recv = body[k-1].lit
					}
				}
				k++
				if d == 0 {
					break
				}
			}
		}
		rd.names = []string{body[k].lit}
		rd.exported = token.IsExported(body[k].lit)
	case token.TYPE, token.VAR, token.CONST:
		// Each spec starts after the keyword, the group's ( or a
		// semicolon inside it, with its name (type) or names (var, const,
		// separated by commas).
		grouped := body[1].tok == token.LPAREN
		d := 0
		specStart := !grouped
		for k := 1; k < len(body); k++ {
			u := body[k]
			if specStart && u.tok == token.IDENT {
				rd.names = append(rd.names, u.lit)
				specStart = kw.tok != token.TYPE && k+1 < len(body) && body[k+1].tok == token.COMMA
				if specStart {
					k++ // the comma
				}
				continue
			}
			specStart = false
			switch u.tok {
			case token.LPAREN, token.LBRACE, token.LBRACK:
				d++
				specStart = k == 1 && grouped
			case token.RPAREN, token.RBRACE, token.RBRACK:
				d--
			case token.SEMICOLON:
				specStart = d == 1 && grouped
			}
		}
		for _, n := range rd.names {
			if token.IsExported(n) || n == "_" {
				rd.exported = true
			}
		}
	default:
		return fmt.Errorf("parsing the runtime: unexpected %s at offset %d, at the top level", kw.tok, kw.off)
	}
	clear(seen)
	for _, u := range body {
		if u.tok == token.IDENT && !seen[u.lit] {
			seen[u.lit] = true
			rd.uses = append(rd.uses, u.lit)
		}
	}
	r.decls = append(r.decls, rd)
	return nil
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
