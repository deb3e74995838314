package emit

import (
	"encoding/json"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/specgen/specgen/generator/ir"
)

// The generated encoders write a struct's JSON with the runtime's
// jsonEncoder: the bytes encoding/json would write for the struct and its
// tags, without reflection. Values the encoders do not write themselves
// (time, base64, unions, raw JSON, user types) go through encoding/json.

// hasEncoder reports whether a struct gets a generated encoder: every field
// must have a wire form the encoder reproduces exactly.
func (g *gen) hasEncoder(t *ir.Type) bool {
	if t.Kind != ir.Struct || isParams(t) || len(t.Patterns) > 0 {
		return false // pattern properties: their MarshalJSON writes them
	}
	if v, ok := g.encoders[t]; ok {
		return v
	}
	return encodable(t)
}

// encodable is hasEncoder's answer for a struct, worked out.
func encodable(t *ir.Type) bool {
	for _, f := range t.Fields {
		if !plainKey(f.JSONName) || !encodableField(f) {
			return false
		}
	}
	return true
}

// computeEncoders answers hasEncoder for every named struct up front, so
// that declarations built in parallel only read the answers.
func (g *gen) computeEncoders() {
	g.encoders = map[*ir.Type]bool{}
	for _, t := range g.p.Types {
		if t.Kind == ir.Struct && !isParams(t) && len(t.Patterns) == 0 {
			g.encoders[t] = encodable(t)
		}
	}
}

// plainKey reports whether a property name is written as it is, quoted,
// whatever the HTML escaping.
func plainKey(name string) bool {
	b, err := json.Marshal(name)
	return err == nil && string(b) == `"`+name+`"` && !strings.ContainsAny(name, "<>&`")
}

// computeDrops finds the types whose JSON may leave properties out of a
// request or a response: those with readOnly or writeOnly properties, and
// those that hold one, to a fixed point so that recursive types are handled.
func (g *gen) computeDrops() {
	g.drops = map[*ir.Type]bool{}
	for changed := true; changed; {
		changed = false
		for _, t := range g.p.Types {
			if !g.drops[t] && g.typeDrops(t) {
				g.drops[t] = true
				changed = true
			}
		}
	}
}

func (g *gen) typeDrops(t *ir.Type) bool {
	for _, f := range t.Fields {
		if f.LeftOutOfRequests() || f.LeftOutOfResponses() || g.schemaDrops(f.Schema) {
			return true
		}
	}
	for _, v := range t.Variants {
		if g.schemaDrops(v.Schema) {
			return true
		}
	}
	return t.Additional != nil && g.schemaDrops(t.Additional) || t.Underlying != nil && g.schemaDrops(t.Underlying)
}

func (g *gen) schemaDrops(s *ir.Schema) bool {
	switch s.Kind {
	case ir.KNamed:
		return g.drops[s.Named]
	case ir.KArray, ir.KMap:
		return g.schemaDrops(s.Elem)
	}
	return false
}

// walked reports whether a body of schema s is written by the runtime's
// walk: a list or a map of values that may leave properties out, which
// encoding/json would write with their MarshalJSON, leaving out nothing.
func (g *gen) walked(s *ir.Schema) bool {
	b := s.Base()
	return (b.Kind == ir.KArray || b.Kind == ir.KMap) && g.schemaDrops(b.Elem)
}

// walkedBody is body, a request or response body of schema s, passed
// through the runtime's walked when walked says so.
func (g *gen) walkedBody(s *ir.Schema, body *jen.Statement) *jen.Statement {
	if g.walked(s) {
		return jen.Id("walked").Call(body)
	}
	return body
}

// encodableField reports whether the tag options of a field held as a
// value have a meaning the encoder reproduces: omitempty and omitzero on
// strings, numbers and booleans (omitted when zero) and on slices and
// maps (omitted when empty, or nil).
func encodableField(f *ir.Field) bool {
	opt := fieldOpt(f)
	if opt == "" {
		return true
	}
	switch shapeOf(f, false) {
	case shapePtr, shapeNullPtr, shapeReqPtr, shapeNullable:
		return true
	}
	if refLike(f.Schema) {
		return true
	}
	b := f.Schema.Base()
	switch b.Kind {
	case ir.KString:
		return !isTime(b) && !isBytes(b)
	case ir.KInt, ir.KNumber, ir.KBool:
		return true
	}
	return false
}

// encodeMethod emits encodeJSON and MarshalJSON for a struct; with
// unmarshal, UnmarshalJSON too, beside MarshalJSON.
func (g *gen) encodeMethod(t *ir.Type, unmarshal bool) jen.Code {
	body := []jen.Code{jen.Id("start").Op(":=").Id("e").Dot("object").Call()}
	for _, f := range t.Fields {
		body = append(body, g.fieldEncode(f)...)
	}
	if t.Additional != nil {
		var known []jen.Code
		for _, f := range t.Fields {
			known = append(known, jen.Lit(f.JSONName))
		}
		loop := []jen.Code{}
		if len(known) > 0 {
			loop = append(loop, jen.Switch(jen.Id("k")).Block(jen.Case(known...).Block(
				jen.Continue().Comment("a named property wins over an extra of the same name"),
			)))
		}
		loop = append(loop,
			jen.Id("e").Dot("name").Call(jen.Id("k")),
			jen.Id("x").Op(":=").Id("v").Dot("AdditionalProperties").Index(jen.Id("k")),
		)
		loop = append(loop, g.elemEncode(mapOf(t.Additional), jen.Id("x"))...)
		body = append(body,
			jen.Var().Id("buf").Index(jen.Lit(16)).String(),
			jen.For(jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Range().Id("sortedKeys").Call(jen.Id("v").Dot("AdditionalProperties"), jen.Id("buf").Index(jen.Empty(), jen.Empty()))).Block(loop...))
	}
	body = append(body, jen.Id("e").Dot("end").Call(jen.Id("start")))
	out := jen.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("encodeJSON").Params(jen.Id("e").Op("*").Id("jsonEncoder")).Block(body...).Line().Line()
	marshal := jen.Func().Params(jen.Id("v").Id(t.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).
		Add(oneLine(jen.Return(jen.Id("marshalJSON").Call(jen.Op("&").Id("v")))))
	if unmarshal {
		doc := "UnmarshalJSON and MarshalJSON use the generated decoder and encoder"
		if notes := marshalNotes(t); notes != "" {
			doc += "; MarshalJSON writes " + notes
		}
		return out.Add(comment(doc + ".")).Line().Add(unmarshalFunc(t)).Line().Add(marshal)
	}
	return out.Comment(marshalDoc(t)).Line().Add(marshal)
}

func marshalDoc(t *ir.Type) string {
	doc := "MarshalJSON encodes v with its generated encoder"
	if notes := marshalNotes(t); notes != "" {
		doc += ", writing " + notes
	}
	return doc + "."
}

// marshalNotes says what MarshalJSON writes that the struct does not show.
func marshalNotes(t *ir.Type) string {
	var notes []string
	for _, f := range t.Fields {
		if emptyWhenNil(f) {
			notes = append(notes, "required arrays and maps that are nil as empty")
			break
		}
	}
	if t.Additional != nil {
		notes = append(notes, "its AdditionalProperties after the named ones")
	}
	return strings.Join(notes, " and ")
}

// emptyWhenNil reports whether a nil slice or map field is written as
// empty: a required property is never null unless the spec allows it.
func emptyWhenNil(f *ir.Field) bool {
	return f.AlwaysRequired() && !f.Schema.Nullable && refLike(f.Schema) && !isRaw(f.Schema) && !isBytes(f.Schema)
}

// fieldEncode writes one property, or leaves it out as its tag says. A
// readOnly property is written to e.readOnly(), a writeOnly one to
// e.writeOnly(): the encoder drops it from a request, or from a response.
func (g *gen) fieldEncode(f *ir.Field) []jen.Code {
	// A raw string literal: plainKey keeps backquotes out.
	key := jen.Id("`\"" + f.JSONName + "\":`")
	writeKey := jen.Id("e").Dot("key").Call(key)
	fv := func() *jen.Statement { return jen.Id("v").Dot(f.Name) }
	// enc is the encoder of one call; the code of several statements
	// declares it as e, in its if (when) or in a block of its own (block).
	enc, init := jen.Id("e"), jen.Null()
	if f.LeftOutOfRequests() || f.LeftOutOfResponses() {
		dropper := "writeOnly"
		if f.ReadOnly {
			dropper = "readOnly"
		}
		enc = jen.Id("e").Dot(dropper).Call()
		init = jen.Id("e").Op(":=").Add(enc.Clone())
	}
	call := func(name string, args ...jen.Code) []jen.Code {
		return []jen.Code{jen.Id(name).Call(append([]jen.Code{enc.Clone()}, args...)...)}
	}
	when := func(cond jen.Code, body ...jen.Code) []jen.Code {
		return []jen.Code{jen.If(init.Clone(), cond).Block(body...)}
	}
	block := func(code ...jen.Code) []jen.Code {
		if !f.LeftOutOfRequests() && !f.LeftOutOfResponses() {
			return code
		}
		return []jen.Code{jen.Block(append([]jen.Code{init.Clone()}, code...)...)}
	}
	opt := fieldOpt(f)
	kind, bits, named := basicWriter(f.Schema)
	switch shapeOf(f, false) {
	case shapePtr, shapeNullPtr, shapeReqPtr:
		if opt != "" {
			// One call: the property, or nothing when the pointer is nil.
			switch {
			case kind == "float":
				return call("optFloat", key, fv(), jen.Lit(bits))
			case kind != "":
				return call("opt"+strings.ToUpper(kind[:1])+kind[1:], key, fv())
			case f.Schema.Kind == ir.KNamed && (unionEncoded(f.Schema.Named) || g.hasEncoder(f.Schema.Named)):
				return call("optObj", key, fv())
			}
		}
		value := g.valueEncode(f.Schema, fv(), true)
		if opt != "" {
			return when(fv().Op("!=").Nil(), append([]jen.Code{writeKey}, value...)...)
		}
		return block(writeKey, jen.If(fv().Op("==").Nil()).Block(jen.Id("e").Dot("null").Call()).Else().Block(value...))
	case shapeNullable:
		if opt == ",omitzero" {
			// One call: the property, null, or nothing when it is absent.
			switch {
			case kind == "float":
				return call("optNullableFloat", key, jen.Op("&").Add(fv()), jen.Lit(bits))
			case kind != "":
				return call("optNullable"+strings.ToUpper(kind[:1])+kind[1:], key, jen.Op("&").Add(fv()))
			case f.Schema.Kind == ir.KNamed && (unionEncoded(f.Schema.Named) || g.hasEncoder(f.Schema.Named)):
				return call("optNullableObject", key, jen.Op("&").Add(fv()))
			}
		}
		write := jen.If(fv().Dot("Null")).Block(jen.Id("e").Dot("null").Call()).Else().Block(g.valueEncode(f.Schema, fv().Dot("Value"), false)...)
		if opt == ",omitzero" {
			return when(fv().Dot("Set"), writeKey, write)
		}
		return block(writeKey, jen.If(jen.Op("!").Add(fv()).Dot("Set").Op("||").Add(fv()).Dot("Null")).Block(jen.Id("e").Dot("null").Call()).Else().Block(g.valueEncode(f.Schema, fv().Dot("Value"), false)...))
	}
	value := g.valueEncode(f.Schema, fv(), false)
	if refLike(f.Schema) {
		if helper := g.listFieldHelper(f.Schema); helper != "" && opt == ",omitzero" {
			// One call: the list, or nothing when it is nil.
			return call("opt"+strings.TrimPrefix(helper, "encode"), key, fv())
		}
		switch {
		case opt == ",omitzero":
			return when(fv().Op("!=").Nil(), append([]jen.Code{writeKey}, value...)...)
		case opt == ",omitempty":
			return when(jen.Len(fv()).Op(">").Lit(0), append([]jen.Code{writeKey}, value...)...)
		case emptyWhenNil(f):
			empty := "[]"
			if b := f.Schema.Base(); b.Kind == ir.KMap || b.Kind == ir.KObject {
				empty = "{}"
			}
			return block(writeKey, jen.If(fv().Op("==").Nil()).Block(
				jen.Id("e").Dot("b").Op("=").Append(jen.Id("e").Dot("b"), jen.Lit(empty).Op("...")),
			).Else().Block(value...))
		}
		return block(append([]jen.Code{writeKey}, value...)...)
	}
	if opt != "" {
		return when(fv().Op("!=").Add(zeroOf(f.Schema)), append([]jen.Code{writeKey}, value...)...)
	}
	if kind != "" {
		// One call: the key and the value.
		var v jen.Code = fv()
		conv := map[string]*jen.Statement{"str": jen.String(), "int": jen.Int64(), "float": jen.Float64(), "bool": jen.Bool()}[kind]
		if named || kind == "int" && bits == 32 || kind == "float" && bits == 32 {
			v = conv.Parens(fv())
		}
		args := []jen.Code{key, v}
		if kind == "float" {
			args = append(args, jen.Lit(bits))
		}
		return []jen.Code{enc.Clone().Dot(kind + "Field").Call(args...)}
	}
	return block(append([]jen.Code{writeKey}, value...)...)
}

// basicWriter names the jsonEncoder writer of a string, integer, number or
// boolean schema (through named scalars and enums): "str", "int", "float",
// "bool", or "" for anything else; bits is the size of a number or integer,
// and named whether the Go type is a named one.
func basicWriter(s *ir.Schema) (kind string, bits int, named bool) {
	for s.Kind == ir.KNamed && (s.Named.Kind == ir.Scalar || s.Named.Kind == ir.Enum) && s.Named.Underlying != nil {
		s, named = s.Named.Underlying, true
	}
	switch s.Kind {
	case ir.KString:
		if !isTime(s) && !isBytes(s) {
			return "str", 0, named
		}
	case ir.KInt:
		if s.Format == "int32" {
			return "int", 32, named
		}
		return "int", 64, named
	case ir.KNumber:
		if s.Format == "float" {
			return "float", 32, named
		}
		return "float", 64, named
	case ir.KBool:
		return "bool", 0, named
	}
	return "", 0, named
}

// valueEncode writes the value x (an addressable expression) of schema s;
// when ptr is set, x points to the value.
func (g *gen) valueEncode(s *ir.Schema, x *jen.Statement, ptr bool) []jen.Code {
	return g.valueEncodeOf(s, x, ptr, false)
}

// valueEncodeOf is valueEncode; named says that x has a named type, which
// needs a conversion to the writer's basic type.
func (g *gen) valueEncodeOf(s *ir.Schema, x *jen.Statement, ptr, named bool) []jen.Code {
	e := func(method string, args ...jen.Code) []jen.Code {
		return []jen.Code{jen.Id("e").Dot(method).Call(args...)}
	}
	val := x.Clone()
	if ptr {
		val = jen.Op("*").Add(x.Clone())
	}
	fallback := e("value", x.Clone()) // encoding/json writes a pointer as what it points to
	switch s.Kind {
	case ir.KNamed:
		t := s.Named
		switch t.Kind {
		case ir.Struct, ir.Union:
			if unionEncoded(t) || g.hasEncoder(t) {
				return []jen.Code{x.Clone().Dot("encodeJSON").Call(jen.Id("e"))}
			}
		case ir.Enum, ir.Scalar, ir.Slice, ir.Map:
			if t.Underlying != nil {
				return g.valueEncodeOf(t.Underlying, x, ptr, true)
			}
		}
		return fallback
	case ir.KString:
		if isTime(s) || isBytes(s) {
			return fallback
		}
		if !named {
			return e("str", val)
		}
		return e("str", jen.String().Parens(val))
	case ir.KInt:
		if !named && s.Format != "int32" {
			return e("int", val)
		}
		return e("int", jen.Int64().Parens(val))
	case ir.KNumber:
		bits := 64
		if s.Format == "float" {
			bits = 32
		}
		if !named && bits == 64 {
			return e("float", val, jen.Lit(bits))
		}
		return e("float", jen.Float64().Parens(val), jen.Lit(bits))
	case ir.KBool:
		if !named {
			return e("bool", val)
		}
		return e("bool", jen.Bool().Parens(val))
	case ir.KArray:
		if helper := g.listHelper(s.Elem); helper != "" && !s.PointerElems() {
			return []jen.Code{jen.Id(helper).Call(jen.Id("e"), val)}
		}
	case ir.KMap:
		if helper := g.listHelper(s.Elem); helper != "" && !s.PointerElems() {
			return []jen.Code{jen.Id(helper+"Map").Call(jen.Id("e"), val)}
		}
	}
	if (s.Kind == ir.KArray || s.Kind == ir.KMap) && g.schemaDrops(s.Elem) {
		return e("walk", x.Clone()) // see walked
	}
	return fallback
}

// elemEncode writes x, an item of the array (or a value of the map) s:
// nil as null when the items are held by pointer (ir.Schema.PointerElems).
func (g *gen) elemEncode(s *ir.Schema, x *jen.Statement) []jen.Code {
	if !s.PointerElems() {
		return g.valueEncode(s.Elem, x, false)
	}
	return []jen.Code{jen.If(x.Clone().Op("==").Nil()).Block(jen.Id("e").Dot("null").Call()).Else().Block(g.valueEncode(s.Elem, x, true)...)}
}

// listFieldHelper names the runtime writer of an array or map schema
// written by one call (encodeObjects, encodeStringsMap, ...), or "".
func (g *gen) listFieldHelper(s *ir.Schema) string {
	if s.PointerElems() {
		return ""
	}
	switch s.Kind {
	case ir.KArray:
		return g.listHelper(s.Elem)
	case ir.KMap:
		if h := g.listHelper(s.Elem); h != "" {
			return h + "Map"
		}
	}
	return ""
}

// listHelper names the runtime function that writes a slice (or, with
// "Map" appended, a map) of elements of schema s, or "" when there is none.
func (g *gen) listHelper(s *ir.Schema) string {
	b := s
	for b.Kind == ir.KNamed && (b.Named.Kind == ir.Scalar || b.Named.Kind == ir.Enum) && b.Named.Underlying != nil {
		b = b.Named.Underlying
	}
	switch b.Kind {
	case ir.KNamed:
		if unionEncoded(b.Named) || g.hasEncoder(b.Named) {
			return "encodeObjects"
		}
	case ir.KString:
		if !isTime(b) && !isBytes(b) {
			return "encodeStrings"
		}
	case ir.KInt:
		return "encodeInts"
	case ir.KBool:
		return "encodeBools"
	}
	return ""
}

// unionEncode emits encodeJSON for a union: the variant that is set, a
// value of no variant as it came, or null, as its MarshalJSON writes it.
func (g *gen) unionEncode(t *ir.Type) jen.Code {
	if !unionEncoded(t) {
		return jen.Null()
	}
	var cases []jen.Code
	for _, v := range t.Variants {
		cases = append(cases, jen.Case(jen.Id("v").Dot(v.Name).Op("!=").Nil()).Block(g.valueEncode(v.Schema, jen.Id("v").Dot(v.Name), true)...))
	}
	cases = append(cases, jen.Default().Block(jen.Id("e").Dot("writeOther").Call(jen.Id("v").Dot("other"))))
	return jen.Comment("encodeJSON writes the variant that is set, a value of no variant as it came, or null.").Line().
		Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("encodeJSON").Params(jen.Id("e").Op("*").Id("jsonEncoder")).Block(
		jen.Switch().Block(cases...),
	).Line()
}

// unionEncoded reports whether t is a union with a generated encoder: one
// that writes a single variant (an anyOf merges its matches, which its
// MarshalJSON does).
func unionEncoded(t *ir.Type) bool { return t.Kind == ir.Union && t.Mode != ir.AnyOf }
