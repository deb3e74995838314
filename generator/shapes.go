package generator

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/specgen/specgen/generator/ir"
)

// shareShapes makes a nested inline schema whose Go type would be the
// same as another one's (an object, a union or an enum) an alias
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
	// Only types alike in kind and property names can be the same: bucket
	// them by that first, and write the whole shape of those that share a
	// bucket with another.
	buckets := map[string][]*ir.Type{}
	component := map[*ir.Type]bool{}
	for _, t := range p.Types {
		if !shareable(t) {
			continue
		}
		comp := isComponent(t.Key)
		if !comp && !nestedInline(t.Key) {
			continue
		}
		component[t] = comp
		k := roughShape(t)
		buckets[k] = append(buckets[k], t)
	}
	var cands []*ir.Type
	for _, b := range buckets {
		if len(b) > 1 {
			cands = append(cands, b...)
		}
	}
	if len(cands) < 2 {
		return
	}
	// Components first: a copy of one is another name for it.
	sort.Slice(cands, func(i, j int) bool {
		if ci, cj := component[cands[i]], component[cands[j]]; ci != cj {
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
	w := &shapeWriter{canon: canon}
	for {
		first := map[string]*ir.Type{}
		added := false
		for _, t := range cands {
			if target[t] != nil {
				continue
			}
			sig := w.shape(t)
			c, ok := first[sig]
			switch {
			case !ok:
				first[sig] = t
			case !component[t]:
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
	pointAt(p, target)
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

// shareable reports whether t may be made an alias, or be the target of
// one: an object, a union or an enum whose generated code does not name it
// where it runs. A discriminated union's decoding errors, a tuple's, and
// the printed form of an object holding secrets do, so a copy of one would
// report its target's name.
func shareable(t *ir.Type) bool {
	if t.Params {
		return false
	}
	switch t.Kind {
	case ir.Enum:
		return true
	case ir.Union:
		return t.Discriminator == nil
	case ir.Struct:
		for _, f := range t.Fields {
			if f.Secret {
				return false
			}
		}
		return true
	}
	return false
}

// roughShape is a key that types of the same shape share: their kind and
// the names of their properties, variants, positions or values.
func roughShape(t *ir.Type) string {
	b := []byte{byte(t.Kind)}
	for _, f := range t.Fields {
		b = append(append(b, f.JSONName...), 0)
	}
	for _, v := range t.Variants {
		b = append(append(b, v.Name...), 1)
	}
	for _, it := range t.Items {
		b = append(append(b, it.Name...), 2)
	}
	for _, v := range t.EnumValues {
		b = append(append(b, v.Text()...), 3)
	}
	return string(b)
}

// aliasUses points every use of a schema that only names another one
// (Owner: {$ref: Person}, declared type Owner = Person) at the type it
// names, keeping the alias in As as shareShapes does. Go sees one type
// either way; the generated code is then what a use of the target gets,
// readObjectPtr(d, &v.Owner, new(Person)), instead of the longer form the
// emitters give a type they cannot see through. An alias with rules or
// nullable of its own is left as it is.
func aliasUses(p *ir.Package) {
	target := map[*ir.Type]*ir.Type{}
	for _, t := range p.Types {
		if c := aliasTarget(t); c != nil {
			// An alias of an alias: the type at the end of the chain (a
			// cycle cannot be declared in Go, and build refuses it).
			for i := 0; i < len(p.Types); i++ {
				next := aliasTarget(c)
				if next == nil {
					break
				}
				c = next
			}
			target[t] = c
		}
	}
	if len(target) > 0 {
		pointAt(p, target)
	}
}

// pointAt points every KNamed use of a key of target at its value, keeping
// the alias in As.
func pointAt(p *ir.Package, target map[*ir.Type]*ir.Type) {
	eachSchema(p, func(x *ir.Schema) {
		if c := target[x.Named]; x.Kind == ir.KNamed && c != nil {
			x.As, x.Named = x.Named, c
		}
	})
}

// aliasTarget is the type a pure alias names, or nil when t is not one.
func aliasTarget(t *ir.Type) *ir.Type {
	u := t.Underlying
	if t.Kind != ir.Scalar || t.SameAs != nil || t.Params || u == nil || u.Kind != ir.KNamed || u.Nullable || !u.Rules.Empty() {
		return nil
	}
	return u.Named
}

// eachSchema calls fn on every schema use in the package.
func eachSchema(p *ir.Package, fn func(*ir.Schema)) {
	walkSchemas(reflect.ValueOf(p), map[*ir.Type]bool{}, fn)
}

// walkSchemas calls fn on every schema use in everything v holds. Types
// are walked once; nothing else in the model is shared in a cycle.
func walkSchemas(v reflect.Value, seen map[*ir.Type]bool, fn func(*ir.Schema)) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		switch x := v.Interface().(type) {
		case *ir.Type:
			if seen[x] {
				return
			}
			seen[x] = true
		case *ir.Schema:
			fn(x)
		}
		walkSchemas(v.Elem(), seen, fn)
	case reflect.Struct:
		for _, i := range walkFields(v.Type()) {
			walkSchemas(v.Field(i), seen, fn)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkSchemas(v.Index(i), seen, fn)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			walkSchemas(it.Value(), seen, fn)
		}
	case reflect.Interface:
		walkSchemas(v.Elem(), seen, fn)
	}
}

// walkFields lists the exported fields of a struct type that can hold a
// pointer, a slice, a map or an interface: those walkSchemas looks into.
var walkFieldsCache sync.Map // reflect.Type -> []int

func walkFields(t reflect.Type) []int {
	if f, ok := walkFieldsCache.Load(t); ok {
		return f.([]int)
	}
	var idx []int
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		switch f.Type.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface, reflect.Struct, reflect.Array:
			idx = append(idx, i)
		}
	}
	walkFieldsCache.Store(t, idx)
	return idx
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

// isComponent reports whether key is that of a schema of components.
func isComponent(key string) bool {
	_, ok := componentName(key)
	return ok
}

// shapeWriter writes down everything about a type that its Go code
// depends on: all of it but its name, place and description, with the
// types it refers to by the name of the type they are aliases of. Every
// field of the model counts, by reflection, so that a field added to it
// later cannot be forgotten here.
type shapeWriter struct {
	b     []byte
	canon func(*ir.Type) *ir.Type
}

func (w *shapeWriter) shape(t *ir.Type) string {
	c := *t
	// The alias is documented with its own description and deprecation.
	c.Name, c.Key, c.Doc, c.Deprecated = "", "", "", false
	// The constants of an enum are named after it; their values count.
	c.EnumValues = make([]ir.EnumValue, len(t.EnumValues))
	for i, v := range t.EnumValues {
		c.EnumValues[i] = ir.EnumValue{Value: v.Value}
	}
	w.b = w.b[:0]
	w.value(reflect.ValueOf(c))
	return string(w.b)
}

func (w *shapeWriter) str(s string) {
	w.b = strconv.AppendInt(w.b, int64(len(s)), 10)
	w.b = append(append(w.b, ':'), s...)
}

func (w *shapeWriter) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			w.b = append(w.b, 'n')
			return
		}
		if n, ok := v.Interface().(*ir.Type); ok {
			w.b = append(w.b, 'T')
			w.str(w.canon(n).Name)
			return
		}
		w.b = append(w.b, '&')
		w.value(v.Elem())
	case reflect.Struct:
		w.b = append(w.b, '{')
		for i := 0; i < v.NumField(); i++ {
			w.value(v.Field(i))
		}
		w.b = append(w.b, '}')
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			w.b = append(w.b, 'n')
			return
		}
		w.b = append(w.b, '[')
		w.b = strconv.AppendInt(w.b, int64(v.Len()), 10)
		for i := 0; i < v.Len(); i++ {
			w.b = append(w.b, ',')
			w.value(v.Index(i))
		}
		w.b = append(w.b, ']')
	case reflect.Interface:
		if v.IsNil() {
			w.b = append(w.b, 'n')
			return
		}
		w.b = append(w.b, 'I')
		w.str(v.Elem().Type().String())
		w.value(v.Elem())
	case reflect.String:
		w.b = append(w.b, 's')
		w.str(v.String())
	case reflect.Bool:
		if v.Bool() {
			w.b = append(w.b, 't')
		} else {
			w.b = append(w.b, 'f')
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.b = append(w.b, 'i')
		w.b = strconv.AppendInt(w.b, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		w.b = append(w.b, 'u')
		w.b = strconv.AppendUint(w.b, v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		w.b = append(w.b, 'g')
		w.b = strconv.AppendFloat(w.b, v.Float(), 'g', -1, 64)
	default:
		// Maps and anything else the model may come to hold: written by
		// fmt, which sorts map keys.
		w.b = append(w.b, 'x')
		w.str(fmt.Sprintf("%#v", v.Interface()))
	}
}
