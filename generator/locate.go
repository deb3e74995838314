package generator

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
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
		toks[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(t)
	}
	return walkOrigin(doc, toks)
}

func walkOrigin(cur any, toks []string) (loc openapi3.Location, ok bool) {
	for i, tok := range toks {
		parent := originOf(cur)
		next := step(cur, tok)
		if next == nil {
			if s := schemaOf(cur); s != nil {
				for _, part := range s.AllOf {
					if l, found := walkOrigin(part, toks[i:]); found {
						return l, true
					}
				}
			}
			return loc, false
		}
		cur = next
		if o := originOf(cur); o != nil && o.Key != nil && o.Key.Line > 0 {
			loc, ok = *o.Key, true
		} else if parent != nil {
			loc, ok = parent.Fields.Lookup(tok)
			ok = ok && loc.Line > 0
		} else {
			ok = false
		}
	}
	return loc, ok
}

// step returns what the element cur holds under tok, nil when it holds
// nothing there. A $ref's wrapper is looked through to what it names.
func step(cur any, tok string) any {
	rv := deref(reflect.ValueOf(cur))
	if !rv.IsValid() {
		return nil
	}
	// Paths, Responses and Callback keep their entries behind Value.
	if rv.CanAddr() {
		if m := rv.Addr().MethodByName("Value"); m.IsValid() && m.Type().NumIn() == 1 && m.Type().In(0).Kind() == reflect.String {
			return nonNil(m.Call([]reflect.Value{reflect.ValueOf(tok).Convert(m.Type().In(0))})[0])
		}
	}
	switch rv.Kind() {
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return nil
		}
		return nonNil(rv.MapIndex(reflect.ValueOf(tok).Convert(rv.Type().Key())))
	case reflect.Slice:
		i, err := strconv.Atoi(tok)
		if err == nil && i >= 0 && i < rv.Len() {
			return nonNil(rv.Index(i))
		}
		if ps, ok := rv.Interface().(openapi3.Parameters); ok {
			// The builder names a parameter by its name, as the names
			// file does: .../parameters/limit.
			for _, p := range ps {
				if p != nil && p.Value != nil && p.Value.Name == tok {
					return p
				}
			}
		}
	case reflect.Struct:
		t := rv.Type()
		for i := 0; i < t.NumField(); i++ {
			if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name == tok {
				return nonNil(rv.Field(i))
			}
		}
		if ext := rv.FieldByName("Extensions"); ext.IsValid() && ext.Kind() == reflect.Map {
			return nonNil(ext.MapIndex(reflect.ValueOf(tok)))
		}
	}
	return nil
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

// placeWarnings puts the file, line and column in front of each warning
// that starts with a JSON pointer the document has a position for:
// "spec.yaml:12:7: #/components/schemas/Pet: ...".
func placeWarnings(doc *openapi3.T, display string, warnings []string) {
	for i, w := range warnings {
		ptr, _, found := strings.Cut(w, ": ")
		if !found {
			continue
		}
		if loc, ok := originAt(doc, ptr); ok {
			file := display
			if loc.File != "" && !strings.HasSuffix(display, loc.File) && !strings.HasSuffix(loc.File, display) {
				file = loc.File
			}
			warnings[i] = fmt.Sprintf("%s:%d:%d: %s", file, loc.Line, loc.Column, w)
		}
	}
}
