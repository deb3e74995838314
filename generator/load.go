package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

// SpecError is a problem with the input document: where it is and why.
type SpecError struct {
	File   string // the spec file
	Where  string // line:column or a JSON pointer, when known
	Reason string
}

func (e *SpecError) Error() string {
	if e.Where == "" {
		return e.File + ": " + e.Reason
	}
	if strings.HasPrefix(e.Where, "#") {
		return e.File + ": " + e.Where + ": " + e.Reason
	}
	return e.File + ":" + e.Where + ": " + e.Reason
}

// Load reads and validates an OpenAPI 3.0 or 3.1 document. Refs to other
// files are resolved relative to it. Defects that have a safe reading come
// back as warnings; anything else is an error.
func Load(path string) (*openapi3.T, []string, error) {
	doc, warnings, _, err := load(path, false)
	return doc, warnings, err
}

// load is Load, and says whether the document was read from a repaired
// copy (whose positions are not the file's, so warnings name no line).
func load(path string, noServer bool) (*openapi3.T, []string, bool, error) {
	doc, repairs, err := read(path)
	if err != nil {
		return nil, nil, false, err
	}
	warnings, err := check(doc, path, repairs, noServer)
	if err != nil {
		return nil, nil, false, err
	}
	repaired := len(repairs) > 0
	if !repaired {
		placeWarnings(doc, path, warnings)
	}
	return doc, warnings, repaired, nil
}

// newLoader is the kin-openapi loader of every read: with positions (they
// give document order) and refs to other files, read with read.
func newLoader(read openapi3.ReadFromURIFunc) *openapi3.Loader {
	l := openapi3.NewLoader()
	l.IncludeOrigin = true
	l.IsExternalRefsAllowed = true
	// Read local files only, afresh on every load: kin-openapi's default
	// reader fetches http(s) refs and caches files for the whole process.
	l.ReadFromURIFunc = read
	return l
}

// read reads a document and resolves its refs, without validating it; it
// returns notes on the defects it repaired.
func read(path string) (*openapi3.T, []string, error) {
	display := filepath.ToSlash(path)
	if _, err := os.Stat(path); err != nil {
		return nil, nil, &SpecError{File: display, Reason: "cannot read the spec: " + errors.Unwrap(err).Error()}
	}
	doc, err := newLoader(readMarkingJSON).LoadFromFile(path)
	if err != nil {
		// Errors are reported as the document is: read it again unmarked,
		// which also lets kin-openapi fall back to its JSON parser.
		doc, err = newLoader(openapi3.ReadFromFile).LoadFromFile(path)
	}
	var repairs []string
	if err != nil && strings.Contains(err.Error(), "cannot unmarshal object into field") {
		// A known defect of published specs: a description (or summary,
		// title) written as {"$ref": ...} to another description. Read a
		// copy with the text put in place, and say so.
		if fixed, notes, ok := repairTextRefs(path); ok {
			if d, err2 := newLoader(openapi3.ReadFromFile).LoadFromDataWithPath(fixed, &url.URL{Path: path}); err2 == nil {
				doc, err, repairs = d, nil, notes
			}
		}
	}
	if err != nil {
		if se := inReferencedFile(path, err.Error()); se != nil {
			return nil, nil, se
		}
		return nil, nil, &SpecError{File: display, Where: locate(path, err.Error()), Reason: parseReason(path, err.Error())}
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.0") && !strings.HasPrefix(doc.OpenAPI, "3.1") {
		v := doc.OpenAPI
		if v == "" {
			v = "(missing)"
			if raw, err := os.ReadFile(path); err == nil && swaggerRe.Match(raw) {
				return nil, nil, &SpecError{File: display, Where: "#/swagger", Reason: "this is a Swagger 2.0 document; specgen reads OpenAPI 3.0 and 3.1, so convert it first"}
			}
		}
		return nil, nil, &SpecError{File: display, Where: "#/openapi", Reason: fmt.Sprintf("unsupported OpenAPI version %s; specgen reads 3.0 and 3.1", v)}
	}
	return doc, repairs, nil
}

// check validates a document read by read. Defects that have a safe
// reading come back as warnings, after the notes of repairs; anything else
// is an error. It only reads doc, so it may run beside build.
func check(doc *openapi3.T, path string, repairs []string, noServer bool) ([]string, error) {
	display := filepath.ToSlash(path)
	err := doc.Validate(context.Background(),
		openapi3.EnableMultiError(),
		openapi3.DisableExamplesValidation(),
		openapi3.DisableSchemaDefaultsValidation(),
		openapi3.DisableSchemaPatternValidation(),
		openapi3.AllowExtraSiblingFields("$recursiveRef", "$recursiveAnchor", "$dynamicRef", "$dynamicAnchor"),
	)
	warnings := repairs
	var fatal []string
	var fatalErrs []error
	// A defect in a component is reported again for every operation and
	// every component that reaches it: say it once, where it is (in the
	// component itself, with no "invalid allOf element" between), or else
	// where it is first reported. The same defect in two components is two.
	errs := flatten(err)
	msgs := make([]string, len(errs))
	keys := make([]string, len(errs))
	direct := map[string]bool{}
	for i, e := range errs {
		msgs[i] = refCycleReason(doc, pathParamReason(doc, cleanReason(e.Error())))
		cause := innermost(msgs[i])
		keys[i] = "\x00" + cause
		if ptr, rest := pointerOf(e, msgs[i]); strings.HasPrefix(ptr, "#/components/") && rest == cause {
			keys[i] = ptr + " " + cause
			direct[cause] = true
		}
	}
	seen := map[string]bool{}
	for i, e := range errs {
		msg, key := msgs[i], keys[i]
		if seen[key] || strings.HasPrefix(key, "\x00") && direct[key[1:]] {
			continue
		}
		seen[key] = true
		var ppe *openapi3.PathParametersError
		if errors.As(e, &ppe) && queryTemplateOnly(ppe) {
			continue // ?page={page}: a query parameter's, which the builder reads
		}
		var cpe *openapi3.ConflictingPathsError
		if errors.As(e, &cpe) {
			shared := sharedMethods(doc, cpe.Path1, cpe.Path2)
			switch {
			case len(shared) == 0:
				// Their methods tell them apart, and the server routes by
				// path shape, then method, each with its own names.
				warnings = append(warnings, fmt.Sprintf("#/paths/%s: invalid but generated: paths %q and %q differ only in the names of their parameters, which OpenAPI forbids; their methods differ, so a request is routed by its method", pointerEscape(cpe.Path2), cpe.Path1, cpe.Path2))
				continue
			case noServer:
				// A client knows which operation it calls.
				warnings = append(warnings, fmt.Sprintf("#/paths/%s: invalid but generated: paths %q and %q differ only in the names of their parameters, which OpenAPI forbids, and both have %s: a server could not tell them apart, a client can", pointerEscape(cpe.Path2), cpe.Path1, cpe.Path2, strings.Join(shared, " and ")))
				continue
			}
			msg = strings.Replace(msg, cpe.Error(), fmt.Sprintf("both have %s, and paths %q and %q differ only in the names of their parameters: a server cannot tell them apart (generate: {server: false} makes the client alone)", strings.Join(shared, " and "), cpe.Path1, cpe.Path2), 1)
		}
		if tolerable(e, msg) {
			// Where it is, as the builder's warnings say it: the pointer
			// kin-openapi's chain names (the file is not read again here).
			if ptr, rest := pointerOf(e, msg); ptr != "#" {
				msg = ptr + ": invalid but generated: " + rest
			} else {
				msg = "invalid but generated: " + msg
			}
			warnings = append(warnings, msg)
		} else {
			fatal = append(fatal, msg)
			fatalErrs = append(fatalErrs, e)
		}
	}
	if len(fatal) > 0 {
		// Say where each defect is, reading the file again: errors only.
		root := readYAML(path)
		// A defect reported under several components (a schema and the
		// responses that use it) is placed once.
		placed := map[string]bool{}
		var out []string
		for i, msg := range fatal {
			if msg = place(root, fatalErrs[i], msg); !placed[msg] {
				placed[msg] = true
				out = append(out, msg)
			}
		}
		fatal = out
		if len(fatal) == 1 {
			if lc, rest, ok := strings.Cut(fatal[0], ": "); ok && lineColRe.MatchString(lc) {
				return nil, &SpecError{File: display, Where: lc, Reason: "invalid document: " + rest}
			}
		}
		return nil, &SpecError{File: display, Reason: "invalid document: " + strings.Join(fatal, "\n  ")}
	}
	return warnings, nil
}

// readMarkingJSON reads a local file for kin-openapi, putting an explicit
// document start ("--- ") in front of a JSON document. kin-openapi reads
// JSON with its YAML parser, and that parser holds every token of a
// document that opens with "{" in memory before it hands out the first one
// (the brace could begin a key); on the same line as "---" it cannot, and
// the parse takes a third of the time and an eighth of the memory. Lines are
// unchanged and columns on the first line all move by four, so the document
// order read from positions is the same.
func readMarkingJSON(loader *openapi3.Loader, location *url.URL) ([]byte, error) {
	data, err := openapi3.ReadFromFile(loader, location)
	if err != nil {
		return nil, err
	}
	if i := firstNonSpace(data); i < len(data) && data[i] == '{' && !bytes.Contains(data, []byte("\u0085")) {
		return append([]byte("--- "), joinSurrogates(data)...), nil
	}
	return data, nil
}

// joinSurrogates rewrites each surrogate pair escape in the JSON strings of
// data ("\ud83d\udc4d", which JSON needs for characters beyond the Basic
// Multilingual Plane and YAML refuses) as the one escape YAML reads
// ("\U0001F44D"). The strings mean the same; only columns after such a
// pair, on its line, move. data is returned as it is when it has none.
func joinSurrogates(data []byte) []byte {
	if !bytes.Contains(data, []byte(`\ud`)) && !bytes.Contains(data, []byte(`\uD`)) {
		return data
	}
	var out []byte
	last := 0
	in := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '"':
			in = !in
		case c == '\\' && in:
			if i+12 <= len(data) && data[i+1] == 'u' && data[i+6] == '\\' && data[i+7] == 'u' {
				hi, err1 := strconv.ParseUint(string(data[i+2:i+6]), 16, 16)
				lo, err2 := strconv.ParseUint(string(data[i+8:i+12]), 16, 16)
				if err1 == nil && err2 == nil && hi >= 0xD800 && hi < 0xDC00 && lo >= 0xDC00 && lo < 0xE000 {
					r := 0x10000 + (hi-0xD800)<<10 + (lo - 0xDC00)
					out = append(out, data[last:i]...)
					out = append(out, fmt.Sprintf(`\U%08X`, r)...)
					i += 11
					last = i + 1
					continue
				}
			}
			i++ // the escaped byte, a quote or backslash included
		}
	}
	if out == nil {
		return data
	}
	return append(out, data[last:]...)
}

// firstNonSpace returns the index of the first byte that is not JSON
// whitespace.
func firstNonSpace(data []byte) int {
	for i, c := range data {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return i
		}
	}
	return len(data)
}

// flatten lists the leaves of a (nested) MultiError.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	var me openapi3.MultiError
	if errors.As(err, &me) {
		var out []error
		for _, e := range me {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// queryTemplateOnly reports whether the {names} a path lacks parameters
// for are all in a query written after it (/search?q={q}).
func queryTemplateOnly(ppe *openapi3.PathParametersError) bool {
	route, after := splitPathKey(ppe.Path)
	if after == "" {
		return false
	}
	for _, m := range ppe.Missing {
		if strings.Contains(route, "{"+m+"}") || !strings.Contains(after, "{"+m+"}") {
			return false
		}
	}
	return true
}

// sharedMethods returns the methods that both paths have operations for.
func sharedMethods(doc *openapi3.T, p1, p2 string) []string {
	a, b := doc.Paths.Value(p1), doc.Paths.Value(p2)
	if a == nil || b == nil {
		return nil
	}
	var shared []string
	for _, m := range []string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"} {
		if a.GetOperation(m) != nil && b.GetOperation(m) != nil {
			shared = append(shared, m)
		}
	}
	return shared
}

// tolerable reports whether a validation failure is a defect real specs
// carry that has a safe reading: an array without items (items of any
// JSON value), a default or example that breaks its schema (documentation
// only), a pattern Go cannot compile (the rule is skipped, with a warning).
func tolerable(err error, msg string) bool {
	var ppe *openapi3.PathParametersError
	if errors.As(err, &ppe) {
		// A parameter declared but not in the path is ignored; a {name} in
		// the path with no declaration cannot be generated.
		for _, m := range ppe.Missing {
			if strings.Contains(ppe.Path, "{"+m+"}") {
				return false
			}
		}
		return true
	}
	for _, s := range []string{
		"duplicate field",
		"boolean exclusiveM", // 3.0's boolean form in a 3.1 document
		"exclusiveMinimum is for OpenAPI",
		"exclusiveMaximum is for OpenAPI",
		"schema 'items' must be non-null",
		"invalid default",
		"invalid example",
		"error parsing regexp",
		"extra sibling fields",
		"invalid info: value of title must be a non-empty string",  // the package's doc lacks a title
		"invalid servers: value of url must be a non-empty string", // the server is left out
		"invalid external docs: url is required",                   // documentation only
		"no value or externalValue field",                          // an example, unused
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// repairTextRefs replaces text keywords written as {"$ref": "#/..."} by
// the text they point at (or drops them), returning the document as JSON.
func repairTextRefs(path string) ([]byte, []string, bool) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, false
	}
	var root any
	if err := yaml.Unmarshal(raw, &root); err != nil {
		return nil, nil, false
	}
	var notes []string
	var walk func(v any, ptr string)
	walk = func(v any, ptr string) {
		switch x := v.(type) {
		case map[string]any:
			for _, k := range sortedKeys(x) {
				child := ptr + "/" + pointerEscape(k)
				if m, ok := x[k].(map[string]any); ok && (k == "description" || k == "summary" || k == "title") && !namedMap(ptr) {
					if ref, ok := m["$ref"].(string); ok && len(m) == 1 {
						if text, ok := lookupPointer(root, ref).(string); ok {
							x[k] = text
							notes = append(notes, fmt.Sprintf("#%s: %s is a $ref to %s, not text; read as the text it points at", child, k, ref))
						} else {
							delete(x, k)
							notes = append(notes, fmt.Sprintf("#%s: %s is a $ref to %s, not text; ignored", child, k, ref))
						}
						continue
					}
				}
				walk(x[k], child)
			}
		case []any:
			for i, e := range x {
				walk(e, ptr+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(root, "")
	if len(notes) == 0 {
		return nil, nil, false
	}
	out, err := json.Marshal(root)
	if err != nil {
		return nil, nil, false
	}
	return out, notes, true
}

// namedMap reports whether the object at ptr maps names to things (the
// properties of a schema, the schemas of components), where "description"
// is a name rather than a keyword.
func namedMap(ptr string) bool {
	last := ptr[strings.LastIndex(ptr, "/")+1:]
	switch last {
	case "properties", "patternProperties", "schemas", "parameters", "responses", "examples", "headers",
		"requestBodies", "securitySchemes", "links", "callbacks", "pathItems", "$defs", "definitions", "mapping", "variables":
		return true
	}
	return false
}

// lookupPointer resolves a local JSON pointer (#/a/b) in a decoded document.
func lookupPointer(root any, ref string) any {
	if !strings.HasPrefix(ref, "#/") {
		return nil
	}
	cur := root
	for _, tok := range strings.Split(ref[2:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch x := cur.(type) {
		case map[string]any:
			cur = x[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			cur = x[i]
		default:
			return nil
		}
	}
	return cur
}

var swaggerRe = regexp.MustCompile(`(?m)^\s*"?swagger"?\s*:`)

// parseReason rewrites a decoding error in the words of JSON and OpenAPI
// rather than of the Go types behind them.
func parseReason(path, msg string) string {
	msg = strings.TrimPrefix(msg, "failed to unmarshal data: ")
	if j, y, ok := strings.Cut(msg, ", yaml error: "); ok && strings.HasPrefix(j, "json error: ") {
		if strings.HasSuffix(strings.ToLower(path), ".json") {
			msg = "malformed JSON: " + strings.TrimPrefix(j, "json error: ")
		} else {
			msg = y
		}
	}
	msg = strings.TrimPrefix(msg, "yaml error: ")
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.TrimPrefix(msg, "construct errors: ")
	for _, r := range [][2]string{
		{"!!seq", "a list"}, {"!!map", "an object"}, {"!!str", "the string"}, {"!!int", "the integer"},
		{"!!bool", "the boolean"}, {"!!float", "the number"},
		{"cannot construct", "cannot read"}, {"cannot unmarshal", "cannot read"},
		{"into openapi3.T", "as an OpenAPI document (the top level must be an object)"},
		{"into openapi3.Schemas", "as a map of schemas"}, {"into openapi3.Schema", "as a schema"},
		{"into []interface {}", "as a list"}, {"into []string", "as a list of strings"},
		{"into uint64", "as a non-negative integer"}, {"into float64", "as a number"},
		{"into bool", "as a boolean"}, {"into string", "as a string"},
		{"value of type openapi3.T", "an OpenAPI document (the top level must be an object)"},
	} {
		msg = strings.ReplaceAll(msg, r[0], r[1])
	}
	if m := danglingRef.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("$ref %q points at nothing: there is no %q there", m[2], m[1])
	}
	return cleanReason(msg)
}

// innermost strips kin-openapi's nesting ("invalid paths: invalid path
// /pets: invalid operation GET: ") from a message, leaving its cause.
func innermost(msg string) string {
	for {
		head, rest, ok := strings.Cut(msg, ": ")
		if !ok || !(strings.HasPrefix(head, "invalid ") || strings.HasPrefix(head, "schema \"")) {
			return msg
		}
		msg = rest
	}
}

// pathParamMismatch is kin-openapi's message for path parameters that do
// not match the path's template; it lists both kinds of mismatch as
// "missing".
var pathParamMismatch = regexp.MustCompile(`operation (\S+) (\S+) must define exactly all path parameters \(missing: \[[^\]]*\]\)`)

// pathParamReason rewrites that message to say, at the operation's JSON
// pointer, which names of the template no parameter declares, and which
// declared path parameters the template lacks.
func pathParamReason(doc *openapi3.T, msg string) string {
	return pathParamMismatch.ReplaceAllStringFunc(msg, func(m string) string {
		sub := pathParamMismatch.FindStringSubmatch(m)
		method, path := sub[1], sub[2]
		item := doc.Paths.Value(path)
		if item == nil || item.GetOperation(method) == nil {
			return m
		}
		declared := map[string]bool{}
		for _, ps := range []openapi3.Parameters{item.Parameters, item.GetOperation(method).Parameters} {
			for _, p := range ps {
				if p != nil && p.Value != nil && p.Value.In == openapi3.ParameterInPath {
					declared[p.Value.Name] = true
				}
			}
		}
		inTemplate := map[string]bool{}
		var parts []string
		route, _ := splitPathKey(path)
		for _, n := range pathParamNames(route) {
			inTemplate[n] = true
			if !declared[n] {
				parts = append(parts, fmt.Sprintf("{%s} is in the path but no parameter declares it", n))
			}
		}
		for _, n := range sortedKeys(declared) {
			if !inTemplate[n] {
				parts = append(parts, fmt.Sprintf("path parameter %q is declared but the path has no {%s}", n, n))
			}
		}
		if len(parts) == 0 {
			return m
		}
		ptr := "#/paths/" + pointerEscape(path) + "/" + strings.ToLower(method)
		return ptr + ": " + strings.Join(parts, "; ")
	})
}

var unresolvedSchemaRef = regexp.MustCompile(`found unresolved ref: "#/components/schemas/([^"/]+)"`)

// refCycleReason says why a reference to a schema of the document is
// unresolved when the schema is there: it is only a reference, and the
// references lead back to it (A: {$ref: B}, B: {$ref: A}) with no schema
// on the way.
func refCycleReason(doc *openapi3.T, msg string) string {
	if doc.Components == nil {
		return msg
	}
	return unresolvedSchemaRef.ReplaceAllStringFunc(msg, func(m string) string {
		name := unresolvedSchemaRef.FindStringSubmatch(m)[1]
		chain := []string{name}
		for seen := map[string]bool{}; !seen[name]; {
			seen[name] = true
			s := doc.Components.Schemas[name]
			if s == nil || s.Value != nil {
				return m
			}
			next, ok := strings.CutPrefix(s.Ref, "#/components/schemas/")
			if !ok {
				return m
			}
			name = next
			chain = append(chain, name)
		}
		return fmt.Sprintf("$ref %q never reaches a schema: the references go round in a cycle (%s)", "#/components/schemas/"+chain[0], strings.Join(chain, " → "))
	})
}

// danglingRef is kin-openapi's message for a $ref whose target is absent.
var danglingRef = regexp.MustCompile(`failed to resolve "([^"]*)" in fragment in URI: "([^"]*)": map key "[^"]*" not found`)

// locate finds, for a read error whose message does not say where, the
// line and column of its cause: a JSON syntax error's offset, or the first
// $ref to the target that did not resolve. "" when it cannot tell.
func locate(path, msg string) string {
	raw, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	if strings.Contains(msg, "json error: ") && strings.HasSuffix(strings.ToLower(path), ".json") {
		var se *json.SyntaxError
		if errors.As(json.Unmarshal(raw, new(any)), &se) {
			return lineCol(raw, int(se.Offset))
		}
		return ""
	}
	if strings.Contains(msg, "line ") {
		return "" // the YAML parser said where
	}
	// kin-openapi: failed to resolve "X" in fragment in URI: "#/a/b/X"
	_, ref, ok := strings.Cut(msg, `in fragment in URI: "`)
	if !ok {
		_, ref, ok = strings.Cut(msg, `error resolving reference "`)
	}
	if ref, _, ok = strings.Cut(ref, `"`); !ok || ref == "" {
		return ""
	}
	for _, quoted := range []string{`"` + ref + `"`, `'` + ref + `'`, ref} {
		if i := bytes.Index(raw, []byte(quoted)); i >= 0 {
			if j := bytes.LastIndex(raw[:i], []byte("$ref")); j >= 0 && bytes.Count(raw[j:i], []byte("\n")) == 0 {
				return lineCol(raw, j)
			}
		}
	}
	return ""
}

// badRefData is kin-openapi's message for a $ref into another file whose
// target does not read as the object the ref stands for; it names neither
// the file nor the cause.
var badRefData = regexp.MustCompile(`bad data in "(#[^"]*)" \(expecting ref to (\w+) object\)`)

// externalRef finds a $ref to another file: the file and the fragment.
var externalRef = regexp.MustCompile(`["']?\$ref["']?\s*:\s*["']?([^#"'\s{}][^#"'\s{},]*)(#[^"'\s{},]*)?`)

// ExternalRefs lists the $refs in a spec's text that name another file:
// the file as written (a relative path, or a URL) and the fragment
// ("#/components/schemas/Pet", or "" for the whole file).
func ExternalRefs(data []byte) [][2]string {
	var out [][2]string
	for _, m := range externalRef.FindAllSubmatch(data, -1) {
		out = append(out, [2]string{string(m[1]), string(m[2])})
	}
	return out
}

// inReferencedFile turns that message into an error at the target: the
// file a ref of the spec names with that fragment, the line and column of
// the keyword that does not read, and why.
func inReferencedFile(path, msg string) *SpecError {
	m := badRefData.FindStringSubmatch(msg)
	if m == nil {
		return nil
	}
	fragment, kind := m[1], m[2]
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	for _, r := range ExternalRefs(raw) {
		file := r[0]
		if r[1] != fragment || strings.Contains(file, "://") {
			continue
		}
		node := yamlAt(filepath.Join(filepath.Dir(path), filepath.FromSlash(file)), fragment)
		if node == nil {
			continue
		}
		at, why := keywordFault(node, kind)
		reason := fragment + " cannot be read as a " + strings.ToLower(kind)
		if why != "" {
			reason += ": " + why
		}
		// The spec is the file named; the cause is in the other, said first
		// in the reason as file:line:column.
		return &SpecError{File: filepath.ToSlash(path), Reason: fmt.Sprintf("in %s:%d:%d: %s", filepath.ToSlash(file), at.Line, at.Column, reason)}
	}
	return nil
}

// yamlAt is the node at a JSON pointer fragment ("#/a/b") of a YAML or
// JSON file, nil when the file or the place is not there.
func yamlAt(file, fragment string) *yaml.Node {
	root := readYAML(file)
	if root == nil {
		return nil
	}
	return nodeAt(root, fragment)
}

// lineColRe matches a line:column.
var lineColRe = regexp.MustCompile(`^[0-9]+:[0-9]+$`)

// readYAML is the top node of a YAML or JSON file, nil when it cannot be
// read. In a JSON document's lines with a surrogate pair, the columns after
// the pair are off by the escape's shortening.
func readYAML(file string) *yaml.Node {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	if i := firstNonSpace(data); i < len(data) && data[i] == '{' {
		data = joinSurrogates(data) // which YAML refuses as JSON writes them
	}
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || len(root.Content) == 0 {
		return nil
	}
	return root.Content[0]
}

// nodeAt is the node at a JSON pointer fragment ("#/a/b", "#" for node
// itself) under node, nil when there is none.
func nodeAt(node *yaml.Node, fragment string) *yaml.Node {
	if fragment == "#" || fragment == "#/" {
		return node
	}
	for _, seg := range strings.Split(strings.TrimPrefix(fragment, "#/"), "/") {
		seg = pointerUnescape(seg)
		var next *yaml.Node
		for i := 0; node.Kind == yaml.MappingNode && i+1 < len(node.Content); i += 2 {
			if node.Content[i].Value == seg {
				next = node.Content[i+1]
			}
		}
		if i, err := strconv.Atoi(seg); err == nil && node.Kind == yaml.SequenceNode && i >= 0 && i < len(node.Content) {
			next = node.Content[i]
		}
		if node = next; node == nil {
			return nil
		}
	}
	return node
}

// wrongField is encoding/json's message for a keyword of the wrong type.
var wrongField = regexp.MustCompile(`field \w+\.(\w+) of type (\w+)`)

// keywordFault decodes node as the object kind names (a schema, parameter
// or response) to learn which keyword is wrong: the node to point at (the
// keyword when it is found, else node) and why, "" when it decodes.
func keywordFault(node *yaml.Node, kind string) (*yaml.Node, string) {
	var obj any = new(openapi3.Schema)
	switch kind {
	case "parameter":
		obj = new(openapi3.Parameter)
	case "response":
		obj = new(openapi3.Response)
	}
	var v any
	if node.Decode(&v) != nil {
		return node, ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return node, ""
	}
	if err = json.Unmarshal(b, obj); err == nil {
		return node, ""
	}
	why := strings.TrimPrefix(err.Error(), "json: ")
	k := wrongField.FindStringSubmatch(why)
	if k == nil {
		return node, why
	}
	at := node
	if key := findKey(node, k[1]); key != nil {
		at = key
	}
	want := map[string]string{"uint64": "a non-negative integer", "float64": "a number", "bool": "true or false", "string": "a string"}[k[2]]
	if want == "" {
		return at, why
	}
	return at, k[1] + " must be " + want
}

// findKey finds the first key named name under n, depth first.
func findKey(n *yaml.Node, name string) *yaml.Node {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == name {
				return n.Content[i]
			}
		}
	}
	for _, c := range n.Content {
		if k := findKey(c, name); k != nil {
			return k
		}
	}
	return nil
}

// lineCol is the line:column of byte off of raw, both from 1.
func lineCol(raw []byte, off int) string {
	off = min(off, len(raw))
	line := 1 + bytes.Count(raw[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(raw[:off], '\n')
	return fmt.Sprintf("%d:%d", line, col)
}

// cleanReason drops the absolute directory from messages that quote the
// file, so errors read the same on every machine.
func cleanReason(msg string) string {
	if wd, err := os.Getwd(); err == nil {
		msg = strings.ReplaceAll(msg, wd+string(filepath.Separator), "")
	}
	return msg
}
