// Package naming turns names found in an OpenAPI document into Go
// identifiers, and resolves collisions over a whole set of them.
//
// Conversion is a pure function of the input name. Collision resolution
// depends only on the set of names, never on the order they were added, so
// regenerating after adding a schema or an operation leaves every existing
// identifier as it was unless the new name itself collides with it.
package naming

import (
	"go/token"
	"sort"
	"strings"
	"unicode"
)

// initialisms are written in capitals, following the Go review conventions.
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true,
	"EOF": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true,
	"IP": true, "JSON": true, "JWT": true, "LHS": true, "OIDC": true,
	"QPS": true, "RAM": true, "RHS": true, "RPC": true, "SLA": true, "SMTP": true,
	"SQL": true, "SSH": true, "TCP": true, "TLS": true, "TTL": true, "UDP": true,
	"UI": true, "UID": true, "URI": true, "URL": true, "UTF8": true, "UUID": true,
	"VM": true, "XML": true, "XMPP": true, "XSRF": true, "XSS": true,
}

// Words splits a name into words at symbols, digits boundaries and case
// changes: "functionExternalId" → [function External Id], "HTTPServer" →
// [HTTP Server], "input_data" → [input data].
func Words(s string) []string {
	var words []string
	rs := []rune(s)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, string(rs[start:end]))
		}
		start = -1
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			// "HTTPServer": the S starts a new word.
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return words
}

// Exported turns a spec name into an exported Go identifier.
func Exported(s string) string {
	words := Words(s)
	var b strings.Builder
	for _, w := range words {
		up := strings.ToUpper(w)
		switch {
		case initialisms[up]:
			b.WriteString(up)
		case len(w) > 2 && w[len(w)-1] == 's' && initialisms[up[:len(up)-1]]:
			// plural initialism: "Urls" → "URLs", "Ids" → "IDs"
			b.WriteString(up[:len(up)-1] + "s")
		default:
			rs := []rune(w)
			rs[0] = unicode.ToUpper(rs[0])
			b.WriteString(string(rs))
		}
	}
	out := b.String()
	if out == "" {
		return "X"
	}
	if !token.IsExported(out) { // a digit, or a letter with no upper case ("日本")
		out = "X" + out
	}
	return out
}

// Unexported turns a spec name into an unexported Go identifier that is not
// a keyword or a predeclared name, for parameters and local variables.
func Unexported(s string) string {
	exp := Exported(s)
	// Lower the leading initialism or first letter: "ID" → "id", "URLPath" → "urlPath".
	rs := []rune(exp)
	n := 0
	for n < len(rs) && unicode.IsUpper(rs[n]) {
		n++
	}
	switch {
	case n == 0:
	case n == 1 || n == len(rs) || n > 1 && string(rs[n:]) == "s": // "IDs" → "ids"
		if n > 1 {
			n = len(rs)
		}
		for i := 0; i < n; i++ {
			rs[i] = unicode.ToLower(rs[i])
		}
	default:
		for i := 0; i < n-1; i++ {
			rs[i] = unicode.ToLower(rs[i])
		}
		if !unicode.IsLower(rs[n]) { // e.g. "ID2": keep going
			rs[n-1] = unicode.ToLower(rs[n-1])
		}
	}
	out := string(rs)
	if token.IsKeyword(out) || predeclared[out] {
		out += "_"
	}
	return out
}

var predeclared = map[string]bool{
	"any": true, "append": true, "bool": true, "byte": true, "cap": true, "clear": true,
	"close": true, "complex": true, "copy": true, "delete": true, "error": true,
	"false": true, "float32": true, "float64": true, "imag": true, "int": true,
	"int32": true, "int64": true, "len": true, "make": true, "max": true, "min": true,
	"new": true, "nil": true, "panic": true, "print": true, "println": true,
	"real": true, "recover": true, "rune": true, "string": true, "true": true,
	"uint": true, "uint64": true,
	// names the generated code uses for its own locals and packages
	"ctx": true, "body": true, "params": true, "c": true, "s": true, "w": true,
	"r": true, "e": true, "v": true, "err": true, "out": true, "q": true,
	"url": true, "http": true, "json": true, "time": true, "strconv": true,
	"path": true, "fmt": true, "errors": true, "context": true,
	"h": true, "send": true, "raw": true, "dir": true, "present": true, "ok": true,
	"vals": true, "item": true, "x": true, "n": true, "parts": true, "kind": true,
	"regexp": true, "io": true, "bytes": true, "slog": true, "strings": true,
}

// Entity is one name asked for: Want is the preferred Go name, Key a unique
// and stable description of where it comes from (its JSON pointer, say).
// Pinned names (x-go-name) are never changed.
type Entity struct {
	Want   string
	Key    string
	Pinned bool
	// Rank says how canonical Want is: 2 when it is the spec's own name
	// unchanged (schema "Function"), 1 when only the first letter was
	// raised (operationId "callFunction"), 0 when it was converted or
	// derived. In a collision the single entity of the highest rank above 0
	// keeps the name, so adding "function" does not rename "Function".
	Rank int
	// Prev is the name the entity had when the package was generated
	// last (from its names file); it keeps it while nothing pinned takes it.
	Prev string
}

// Resolve gives every entity a distinct Go name. Reserved names (the
// package's own identifiers) are never handed out. Where several entities
// want the same name, the pinned one keeps it, or else the one whose spec
// name is exactly that name; all others get a suffix derived from their own
// key, so the result does not depend on which was declared first.
func Resolve(ents []Entity, reserved map[string]bool) map[string]string {
	out := make(map[string]string, len(ents))
	taken := map[string]bool{}
	for k := range reserved {
		taken[k] = true
	}
	order := make([]int, len(ents))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return ents[order[a]].Key < ents[order[b]].Key })
	assigned := make([]bool, len(ents))
	assign := func(i int, name string) {
		out[ents[i].Key] = name
		taken[name] = true
		assigned[i] = true
	}
	// Pinned names first, then the names entities had last time.
	for _, i := range order {
		if e := ents[i]; e.Pinned && !taken[e.Want] {
			assign(i, e.Want)
		}
	}
	for _, i := range order {
		if e := ents[i]; !assigned[i] && e.Prev != "" && !taken[e.Prev] {
			assign(i, e.Prev)
		}
	}
	groups := map[string][]int{}
	for _, i := range order {
		if !assigned[i] {
			groups[ents[i].Want] = append(groups[ents[i].Want], i)
		}
	}
	wants := make([]string, 0, len(groups))
	for w := range groups {
		wants = append(wants, w)
	}
	sort.Strings(wants)
	var contested []int
	for _, w := range wants {
		idx := groups[w]
		if taken[w] {
			contested = append(contested, idx...)
			continue
		}
		if len(idx) == 1 {
			assign(idx[0], w)
			continue
		}
		best, atBest := 0, 0
		for _, i := range idx {
			switch r := ents[i].Rank; {
			case r > best:
				best, atBest = r, 1
			case r == best:
				atBest++
			}
		}
		for _, i := range idx {
			if best > 0 && atBest == 1 && ents[i].Rank == best {
				assign(i, w)
			} else {
				contested = append(contested, i)
			}
		}
	}
	sort.Slice(contested, func(a, b int) bool { return ents[contested[a]].Key < ents[contested[b]].Key })
	for _, i := range contested {
		e := ents[i]
		name := e.Want + keySuffix(e.Key)
		for n := 2; taken[name]; n++ {
			name = e.Want + keySuffix(e.Key) + itoa(n)
		}
		assign(i, name)
	}
	return out
}

// keySuffix names the kind of place a key points at, e.g. "Schema" for
// "#/components/schemas/x", so that colliding names differ in a way a
// reader understands.
func keySuffix(key string) string {
	parts := strings.Split(strings.TrimPrefix(key, "#/"), "/")
	switch {
	case len(parts) >= 2 && parts[0] == "components":
		return Exported(strings.TrimSuffix(parts[1], "s"))
	case len(parts) >= 1 && parts[0] == "paths":
		return "Op"
	}
	return "Type"
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

// Declared turns a name the spec's author chose for a type or an operation
// (a schema name, an operationId) into a Go identifier. A name that is
// already a plain identifier keeps its spelling with the first letter
// raised, so "CogniteInternalId" stays as written and "getFunction" becomes
// "GetFunction"; any other name is converted as by Exported.
func Declared(s string) string {
	if s == "" {
		return Exported(s)
	}
	for i, r := range s {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) {
			return Exported(s)
		}
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
