package generator

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/specgen/specgen/generator/ir"
)

// shareShapes makes a nested inline schema whose Go type would be the
// same as another one's (an object, a union, a tuple or an enum) an alias
// of it (type SendPollReplyMarkup = CopyMessageReplyMarkup), so that its
// code is generated once.
//
// Specs repeat inline schemas: Telegram's reply_markup union is written out
// in fifteen request bodies, and each copy would otherwise get a decoder,
// an encoder and validators of its own, the same code fifteen times over.
// Only schemas nested in another (a property, items, a variant...) are
// made aliases: a component is a type its authors named, and the structs of
// an operation's parameters belong to it; but a nested copy of a component
// is another name for the component. Types are the same when everything
// but their name, place and description is: fields, their names, types,
// rules and docs, variants, enum values; the alias's comment keeps its own
// description, so a description edited in one copy changes nothing else.
// Uses keep the alias's name (the field still reads *SendPollReplyMarkup);
// the generated code calls the target's methods. The target is the
// component, or else the copy whose name sorts first, so a name that was
// an alias stays one while the schemas stay the same.
func shareShapes(p *ir.Package) {
	var cands []*ir.Type
	for _, t := range p.Types {
		if (nestedInline(t.Key) || isComponent(t.Key)) && (t.Kind == ir.Struct || t.Kind == ir.Union || t.Kind == ir.Tuple || t.Kind == ir.Enum) {
			cands = append(cands, t)
		}
	}
	if len(cands) < 2 {
		return
	}
	// Components first: a copy of one is another name for it.
	sort.Slice(cands, func(i, j int) bool {
		if ci, cj := isComponent(cands[i].Key), isComponent(cands[j].Key); ci != cj {
			return ci
		}
		return cands[i].Name < cands[j].Name
	})
	target := map[*ir.Type]*ir.Type{}
	canon := func(t *ir.Type) *ir.Type {
		for target[t] != nil {
			t = target[t]
		}
		return t
	}
	// Aliasing some types can make the types that hold them the same: go
	// on until nothing changes.
	for {
		first := map[string]*ir.Type{}
		added := false
		for _, t := range cands {
			if target[t] != nil {
				continue
			}
			sig := shapeOf(t, canon)
			c, ok := first[sig]
			switch {
			case !ok:
				first[sig] = t
			case !isComponent(t.Key):
				target[t] = c
				added = true
			}
		}
		if !added {
			break
		}
	}
	if len(target) == 0 {
		return
	}
	for t := range target {
		target[t] = canon(t)
	}
	// Point every use at the target, keeping the name it was declared with.
	seen := map[any]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			if seen[v.Interface()] {
				return
			}
			seen[v.Interface()] = true
			if s, ok := v.Interface().(*ir.Schema); ok && s.Kind == ir.KNamed {
				if c := target[s.Named]; c != nil {
					s.As, s.Named = s.Named, c
				}
			}
			walk(v.Elem())
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.Map:
			it := v.MapRange()
			for it.Next() {
				walk(it.Value())
			}
		case reflect.Interface:
			walk(v.Elem())
		}
	}
	walk(reflect.ValueOf(p))
	for t, c := range target {
		*t = ir.Type{
			Name: t.Name, Key: t.Key, Doc: t.Doc, Deprecated: t.Deprecated,
			Kind:       ir.Scalar,
			Underlying: &ir.Schema{Kind: ir.KNamed, Named: c},
			SameAs:     c,
			// An enum's alias keeps its constants: DMethodGet D = "GET".
			EnumValues: t.EnumValues,
		}
	}
}

// isComponent reports whether key is that of a schema of components.
func isComponent(key string) bool {
	_, ok := componentName(key)
	return ok
}

// nestedInline reports whether the schema at key is written inside another
// schema: under properties, items, a variant and so on.
func nestedInline(key string) bool {
	segs := strings.Split(key, "/")
	start := len(segs)
	if len(segs) > 4 && segs[1] == "components" && segs[2] == "schemas" {
		start = 4
	} else {
		for i, s := range segs {
			if s == "schema" {
				start = i + 1
				break
			}
		}
	}
	for _, s := range segs[min(start, len(segs)):] {
		switch s {
		case "properties", "items", "additionalProperties", "oneOf", "anyOf", "allOf", "prefixItems", "patternProperties":
			return true
		}
	}
	return false
}

// shapeOf writes down everything about t that its Go code depends on: all
// of it but its name and place, with the types it refers to by the name of
// the type they are aliases of.
func shapeOf(t *ir.Type, canon func(*ir.Type) *ir.Type) string {
	var b strings.Builder
	var write func(v reflect.Value)
	write = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				b.WriteString("nil")
				return
			}
			if n, ok := v.Interface().(*ir.Type); ok {
				b.WriteString("T:" + canon(n).Name)
				return
			}
			b.WriteByte('&')
			write(v.Elem())
		case reflect.Struct:
			b.WriteByte('{')
			for i := 0; i < v.NumField(); i++ {
				b.WriteString(v.Type().Field(i).Name)
				b.WriteByte(':')
				write(v.Field(i))
				b.WriteByte(' ')
			}
			b.WriteByte('}')
		case reflect.Slice, reflect.Array:
			b.WriteByte('[')
			for i := 0; i < v.Len(); i++ {
				write(v.Index(i))
				b.WriteByte(',')
			}
			b.WriteByte(']')
		case reflect.Map:
			keys := v.MapKeys()
			sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
			b.WriteByte('{')
			for _, k := range keys {
				fmt.Fprintf(&b, "%q:", fmt.Sprint(k))
				write(v.MapIndex(k))
				b.WriteByte(',')
			}
			b.WriteByte('}')
		case reflect.Interface:
			if v.IsNil() {
				b.WriteString("nil")
				return
			}
			fmt.Fprintf(&b, "%T(", v.Elem().Interface())
			write(v.Elem())
			b.WriteByte(')')
		case reflect.String:
			fmt.Fprintf(&b, "%q", v.String())
		default:
			fmt.Fprintf(&b, "%v", v.Interface())
		}
	}
	c := *t
	// The alias is documented with its own description and deprecation.
	c.Name, c.Key, c.Doc, c.Deprecated = "", "", "", false
	// The constants of an enum are named after it; their values count.
	c.EnumValues = make([]ir.EnumValue, len(t.EnumValues))
	for i, v := range t.EnumValues {
		c.EnumValues[i] = ir.EnumValue{Value: v.Value}
	}
	write(reflect.ValueOf(c))
	return b.String()
}
