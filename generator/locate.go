package generator

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

// originAt finds where the element at the JSON pointer ptr is written in
// the document read into doc, from the positions kin-openapi recorded as
// it read it: the key that heads the element, or, for a scalar, its key in
// the object holding it. A pointer that goes through a $ref lands where
// the referenced element is written, which is where it is to be edited.
// The builder's pointers name a parameter by its name and a property of
// an allOf part as the whole schema's; both are found. ok is false when
// the pointer leads nowhere or the element carries no position: the
// document is not read again.
func originAt(doc *openapi3.T, ptr string) (openapi3.Location, bool) {
	if doc == nil || !strings.HasPrefix(ptr, "#/") {
		return openapi3.Location{}, false
	}
	toks := strings.Split(ptr[2:], "/")
	for i, t := range toks {
		toks[i] = pointerUnescape(t)
	}
	return walkFrom(doc, toks, 0)
}

// walkFrom follows toks from root. trail[i] is what toks[:i] lead to.
func walkFrom(root any, toks []string, depth int) (loc openapi3.Location, ok bool) {
	trail := []any{root}
	for i, tok := range toks {
		cur := trail[i]
		parent := fieldsOrigin(cur)
		next, inList := step(cur, tok)
		if next == nil && i >= 2 {
			// A parameter of the path item, named by its name under the
			// operation's (the builder merges the two lists).
			if _, isParams := cur.(openapi3.Parameters); isParams {
				if item, isItem := trail[i-2].(*openapi3.PathItem); isItem {
					next, inList = paramNamed(item.Parameters, tok), true
				}
			}
		}
		if next == nil {
			// The builder merges allOf's parts into one type, and names a
			// property of a part as the whole schema's: look in the parts
			// of the nearest schema back that has them.
			if depth < 8 {
				for j := i; j >= 0; j-- {
					if s := schemaOf(trail[j]); s != nil && len(s.AllOf) > 0 {
						for _, part := range s.AllOf {
							if l, found := walkFrom(part, toks[j:], depth+1); found {
								return l, true
							}
						}
					}
				}
			}
			return loc, false
		}
		trail = append(trail, next)
		// Where the element is written: its key, when kin-openapi stamped
		// the element with it (some elements carry their parent's key), or
		// an item of a list; else the parent's record of the key.
		o := originOf(next)
		switch {
		case o != nil && o.Key != nil && o.Key.Line > 0 && (inList || o.Key.Name == tok):
			loc, ok = *o.Key, true
		case parent != nil:
			loc, ok = parent.Fields.Lookup(tok)
			ok = ok && loc.Line > 0
		default:
			ok = false
		}
	}
	return loc, ok
}

// paramNamed is the parameter of ps named name, nil when there is none.
func paramNamed(ps openapi3.Parameters, name string) any {
	for _, p := range ps {
		if p != nil && p.Value != nil && p.Value.Name == name {
			return p
		}
	}
	return nil
}

// step returns what the element cur holds under tok, nil when it holds
// nothing there, and whether it is an item of a list. A $ref's wrapper is
// looked through to what it names.
func step(cur any, tok string) (any, bool) {
	rv := deref(reflect.ValueOf(cur))
	if !rv.IsValid() {
		return nil, false
	}
	// Paths, Responses and Callback keep their entries behind Value.
	if rv.CanAddr() {
		if m := rv.Addr().MethodByName("Value"); m.IsValid() && m.Type().NumIn() == 1 && m.Type().In(0).Kind() == reflect.String {
			return nonNil(m.Call([]reflect.Value{reflect.ValueOf(tok).Convert(m.Type().In(0))})[0]), false
		}
	}
	switch rv.Kind() {
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return nil, false
		}
		return nonNil(rv.MapIndex(reflect.ValueOf(tok).Convert(rv.Type().Key()))), false
	case reflect.Slice:
		if ps, isParams := rv.Interface().(openapi3.Parameters); isParams {
			// The builder names a parameter by its name, as the names
			// file does (.../parameters/limit); a name may be a number.
			if p := paramNamed(ps, tok); p != nil {
				return p, true
			}
		}
		i, err := strconv.Atoi(tok)
		if err == nil && i >= 0 && i < rv.Len() {
			return nonNil(rv.Index(i)), true
		}
	case reflect.Struct:
		// Header holds Parameter's fields by embedding it.
		for _, f := range reflect.VisibleFields(rv.Type()) {
			if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name == tok && f.IsExported() {
				if fv, err := rv.FieldByIndexErr(f.Index); err == nil {
					return nonNil(fv), false
				}
			}
		}
		if ext := rv.FieldByName("Extensions"); ext.IsValid() && ext.Kind() == reflect.Map {
			return nonNil(ext.MapIndex(reflect.ValueOf(tok))), false
		}
	}
	return nil, false
}

// deref looks through pointers, interfaces, a $ref's wrapper (Ref and
// Value) and additionalProperties (its Schema) to the element they hold;
// the zero Value when that is nil.
func deref(rv reflect.Value) reflect.Value {
	for rv.IsValid() {
		switch rv.Kind() {
		case reflect.Pointer, reflect.Interface:
			if rv.IsNil() {
				return reflect.Value{}
			}
			rv = rv.Elem()
			continue
		case reflect.Struct:
			if rv.Type() == reflect.TypeFor[openapi3.AdditionalProperties]() {
				rv = rv.FieldByName("Schema")
				continue
			}
			if rv.FieldByName("Ref").IsValid() && rv.FieldByName("Value").IsValid() {
				rv = rv.FieldByName("Value")
				continue
			}
		}
		return rv
	}
	return rv
}

// nonNil is what rv holds as an interface, nil when it is nil or empty.
func nonNil(rv reflect.Value) any {
	if !rv.IsValid() {
		return nil
	}
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice:
		if rv.IsNil() {
			return nil
		}
	}
	return rv.Interface()
}

// schemaOf is the schema v is or refers to, nil when it is none.
func schemaOf(v any) *openapi3.Schema {
	rv := deref(reflect.ValueOf(v))
	if rv.IsValid() && rv.Type() == reflect.TypeFor[openapi3.Schema]() && rv.CanAddr() {
		return rv.Addr().Interface().(*openapi3.Schema)
	}
	return nil
}

var originType = reflect.TypeFor[*openapi3.Origin]()

// originOf is the Origin of a kin-openapi element: its own (a $ref's
// wrapper has the place the $ref is written), else that of what it
// holds; nil when neither has one.
func originOf(v any) *openapi3.Origin {
	rv := reflect.ValueOf(v)
	for rv.IsValid() {
		for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
			if rv.IsNil() {
				return nil
			}
			rv = rv.Elem()
		}
		if rv.Kind() != reflect.Struct {
			return nil
		}
		if f := rv.FieldByName("Origin"); f.IsValid() && f.Type() == originType && !f.IsNil() {
			if o := f.Interface().(*openapi3.Origin); o.Key != nil {
				return o
			}
		}
		next := deref(rv)
		if !next.IsValid() || next == rv || next.Type() == rv.Type() {
			return nil
		}
		rv = next
	}
	return nil
}

// fieldsOrigin is the Origin that records the fields of the element v
// holds: through a $ref, that of the element it names.
func fieldsOrigin(v any) *openapi3.Origin {
	rv := deref(reflect.ValueOf(v))
	if rv.IsValid() && rv.Kind() == reflect.Struct {
		if f := rv.FieldByName("Origin"); f.IsValid() && f.Type() == originType && !f.IsNil() {
			return f.Interface().(*openapi3.Origin)
		}
	}
	return nil
}

// placeWarnings puts the file, line and column in front of each warning
// that starts with a JSON pointer the document has a position for:
// "spec.yaml:12:7: #/components/schemas/Pet: ...". spec is the path the
// document was read from. The caller leaves out a document read from a
// repaired copy, whose positions are the copy's.
func placeWarnings(doc *openapi3.T, spec string, warnings []string) {
	main, _ := filepath.Abs(spec)
	others := map[string]*yaml.Node{} // files the spec refers to, read once
	var mainText []byte
	isMarked := map[string]bool{} // whether a file was read with "--- " in front
	for i, w := range warnings {
		ptr, _, found := strings.Cut(w, ": ")
		if !found {
			continue
		}
		loc, ok := originAt(doc, ptr)
		marked := ok // positions read by kin-openapi, after readMarkingJSON
		if file, frag, isOther := strings.Cut(ptr, "#/"); !ok && isOther && file != "" && !strings.ContainsAny(file, " :") {
			// A schema of a file the spec refers to, keyed by that file
			// (sub/common.yaml#/components/schemas/Ext): read it. The key
			// is as the referring file wrote it; only a file the spec
			// itself names is surely found beside the spec.
			if mainText == nil {
				mainText, _ = os.ReadFile(spec)
			}
			path := file
			if !filepath.IsAbs(path) {
				path = filepath.Join(filepath.Dir(spec), file)
			}
			root, seen := others[path]
			if !seen {
				if bytes.Contains(mainText, []byte(file+"#")) {
					root = readYAML(path)
				}
				others[path] = root
			}
			if n := keyAt(root, "#/"+frag); n != nil {
				loc, ok = openapi3.Location{File: path, Line: n.Line, Column: n.Column}, true
			}
		}
		if !ok && strings.HasPrefix(ptr, "#/") {
			// A place kin-openapi keeps no position for (a discriminator's
			// mapping entries): read the spec's own text, once.
			if _, seen := others[main]; !seen {
				others[main] = readYAML(spec)
			}
			if n := keyAt(others[main], ptr); n != nil {
				loc, ok = openapi3.Location{Line: n.Line, Column: n.Column}, true
			}
		}
		if !ok {
			continue
		}
		file := spec
		if loc.File != "" {
			if abs, err := filepath.Abs(loc.File); err == nil && abs != main {
				// A file the spec refers to: named from the working
				// folder when it is below it.
				file = abs
				if wd, err := os.Getwd(); err == nil {
					if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
						file = rel
					}
				}
			}
		}
		if marked && loc.Line == 1 && loc.Column > 4 {
			m, seen := isMarked[file]
			if !seen {
				m = markedJSON(file)
				isMarked[file] = m
			}
			marked = m
		}
		if marked && loc.Line == 1 && loc.Column > 4 {
			// Read with "--- " in front (readMarkingJSON).
			loc.Column -= 4
		}
		warnings[i] = fmt.Sprintf("%s:%d:%d: %s", filepath.ToSlash(file), loc.Line, loc.Column, w)
	}
}

// markedJSON reports whether readMarkingJSON put a document start in
// front of the file's first line.
func markedJSON(path string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	i := firstNonSpace(data)
	return i < len(data) && data[i] == '{' && !bytes.Contains(data, []byte("\u0085"))
}

// keyAt is the key that heads the value at a JSON pointer fragment (the
// item itself in a list), nil when the fragment leads nowhere.
func keyAt(root *yaml.Node, frag string) *yaml.Node {
	if root == nil {
		return nil
	}
	i := strings.LastIndex(frag, "/")
	if i < 1 {
		return nil
	}
	parent := nodeAt(root, frag[:i])
	if parent == nil {
		return nil
	}
	last := pointerUnescape(frag[i+1:])
	switch parent.Kind {
	case yaml.MappingNode:
		for j := 0; j+1 < len(parent.Content); j += 2 {
			if parent.Content[j].Value == last {
				return parent.Content[j]
			}
		}
	case yaml.SequenceNode:
		if n, err := strconv.Atoi(last); err == nil && n >= 0 && n < len(parent.Content) {
			return parent.Content[n]
		}
	}
	return nil
}
