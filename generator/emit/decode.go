package emit

import (
	"fmt"
	"go/token"
	"strconv"
	"strings"
	"unicode"

	"github.com/dave/jennifer/jen"

	"github.com/specgen/specgen/generator/ir"
)

// The generated decoders read a document in one pass with the runtime's
// jsonDecoder: each property goes straight into its field, and the
// required ones are noted as they are seen. Types they do not handle
// themselves (unions, raw JSON, time, user types, free-form objects) are
// handed to encoding/json with their bytes.

// countsUnnamed reports whether a struct counts the properties of decoded
// JSON that it has no field or map for: minProperties and maxProperties
// count them too.
func countsUnnamed(t *ir.Type) bool {
	return t.Kind == ir.Struct && !t.Params && (t.ObjectRules.MinProps != nil || t.ObjectRules.MaxProps != nil) && t.Additional == nil && !t.Closed
}

// hasDecoder reports whether a named type gets a generated decodeJSON.
func hasDecoder(t *ir.Type) bool {
	switch t.Kind {
	case ir.Struct, ir.Tuple, ir.Union:
		return true
	case ir.Slice, ir.Map:
		return t.Underlying != nil && (t.Underlying.Kind == ir.KArray || t.Underlying.Kind == ir.KMap)
	}
	return false
}

var errReturn = jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))

func ret() jen.Code { return errReturn.Clone() }

// decodeMethod emits decodeJSON and UnmarshalJSON for a type.
func (g *gen) decodeMethod(t *ir.Type) jen.Code {
	return g.decodeFunc(t).Line().Line().
		Comment("UnmarshalJSON decodes v with its generated decoder.").Line().
		Add(unmarshalFunc(t)).Line()
}

// unmarshalFunc is a type's UnmarshalJSON, which calls its decodeJSON.
func unmarshalFunc(t *ir.Type) *jen.Statement {
	return jen.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().
		Add(oneLine(jen.Return(jen.Id("decodeJSON").Call(jen.Id("data"), jen.Id("v")))))
}

// decodeFunc emits decodeJSON for a type.
func (g *gen) decodeFunc(t *ir.Type) *jen.Statement {
	var body []jen.Code
	switch t.Kind {
	case ir.Struct:
		body = g.structDecode(t)
	case ir.Union:
		body = g.unionDecode(t)
	case ir.Tuple:
		body = g.tupleDecode(t)
	case ir.Map:
		if r := mapReader(t.Underlying); r != "" {
			body = []jen.Code{jen.Return(jen.Id(r).Call(jen.Id("d"), jen.Id("v"), jen.Lit(""), jen.Nil(), jen.Lit(0)))}
			break
		}
		fallthrough
	default:
		body = append(body,
			jen.If(jen.List(jen.Id("null"), jen.Err()).Op(":=").Id("d").Dot("null").Call(), jen.Err().Op("!=").Nil().Op("||").Id("null")).Block(
				jen.If(jen.Id("null")).Block(jen.Op("*").Id("v").Op("=").Nil()),
				jen.Return(jen.Err()),
			))
		body = append(body, g.decodeInto(t.Underlying, jen.Parens(jen.Op("*").Id("v")), jen.Id(t.Name), "", 0)...)
		body = append(body, jen.Return(jen.Nil()))
	}
	result := jen.Error()
	if t.Kind == ir.Struct {
		result = jen.Params(jen.Err().Error())
	}
	return jen.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("decodeJSON").Params(jen.Id("d").Op("*").Id("jsonDecoder")).Add(result).Block(body...)
}

func (g *gen) structDecode(t *ir.Type) []jen.Code {
	tracked := trackedFields(t)
	bit := map[*ir.Field]int{}
	for i, f := range tracked {
		bit[f] = i
	}
	var cases []jen.Code
	for _, f := range t.Fields {
		cases = append(cases, jen.Case(jen.Lit(f.JSONName)).Block(g.fieldDecode(t, f, bit)...))
	}
	// next skips the value of a property no case read.
	var def []jen.Code
	if countsUnnamed(t) {
		def = []jen.Code{jen.Id("v").Dot("unnamed").Op("++")}
	} else if len(cases) == 0 {
		def = []jen.Code{jen.Err().Op("=").Id("d").Dot("skip").Call()}
	}
	if t.Closed && t.Additional == nil {
		// Named by no field and, below, matched by no pattern.
		def = []jen.Code{jen.Err().Op("=").Id("d").Dot("skipUnnamed").Call()}
	}
	if t.Additional != nil {
		def = []jen.Code{
			jen.Id("name").Op(":=").String().Parens(jen.Id("k")),
		}
		if !t.Additional.Nullable && t.Additional.Kind != ir.KAny && !isRaw(t.Additional) {
			def = append(def, jen.If(jen.Id("d").Dot("peek").Call().Op("==").LitRune('n')).Block(
				jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("%s: null is not allowed"), jen.Id("name"))),
			))
		}
		def = append(def, g.decodeElem(mapOf(t.Additional), "x", additionalKey, 0)...)
		def = append(def,
			jen.If(jen.Id("v").Dot("AdditionalProperties").Op("==").Nil()).Block(
				jen.Id("v").Dot("AdditionalProperties").Op("=").Add(goType(mapOf(t.Additional))).Values(),
			),
			jen.Id("v").Dot("AdditionalProperties").Index(jen.Id("name")).Op("=").Id("x"),
		)
	}
	if len(t.Patterns) > 0 {
		// Names matching a pattern go to its map; the others as above.
		if t.Additional != nil {
			def = def[1:] // name is declared before the switch
		}
		var pcases []jen.Code
		for _, p := range t.Patterns {
			pc := []jen.Code{}
			if !p.Schema.Nullable && p.Schema.Kind != ir.KAny && !isRaw(p.Schema) {
				pc = append(pc, jen.If(jen.Id("d").Dot("peek").Call().Op("==").LitRune('n')).Block(
					jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("%s: null is not allowed"), jen.Id("name"))),
				))
			}
			pc = append(pc, g.decodeElem(mapOf(p.Schema), "x", additionalKey, 0)...)
			pc = append(pc,
				jen.If(jen.Id("v").Dot(p.Field).Op("==").Nil()).Block(
					jen.Id("v").Dot(p.Field).Op("=").Add(goType(mapOf(p.Schema))).Values(),
				),
				jen.Id("v").Dot(p.Field).Index(jen.Id("name")).Op("=").Id("x"),
			)
			pcases = append(pcases, jen.Case(g.patternVar(p.Pattern).Dot("MatchString").Call(jen.Id("name"))).Block(pc...))
		}
		pcases = append(pcases, jen.Default().Block(def...))
		def = []jen.Code{
			jen.Id("name").Op(":=").String().Parens(jen.Id("k")),
			jen.Switch().Block(pcases...),
		}
	}
	if len(def) > 0 {
		cases = append(cases, jen.Default().Block(def...))
	}
	var body []jen.Code
	var resets []jen.Code
	for _, p := range t.Patterns {
		resets = append(resets, jen.Id("v").Dot(p.Field).Op("=").Nil())
	}
	if t.Additional != nil {
		resets = append(resets, jen.Id("v").Dot("AdditionalProperties").Op("=").Nil())
	}
	if countsUnnamed(t) {
		resets = append(resets, jen.Id("v").Dot("unnamed").Op("=").Lit(0))
	}
	if len(resets) > 0 {
		// A null leaves v as it is, its maps included.
		body = append(body, jen.If(jen.Id("d").Dot("peek").Call().Op("!=").LitRune('n')).Block(resets...))
	}
	missing, mask := jen.Nil(), jen.Lit(0)
	if len(tracked) > 0 {
		m := fmt.Sprintf("%#x", uint64(1)<<uint(len(tracked))-1)
		if len(tracked) == 64 {
			m = "^uint64(0)"
		}
		missing, mask = jen.Op("&").Id("v").Dot("missing"), jen.Id(m)
	}
	// A plain loop, not a callback: no call per key, and gofmt need not
	// measure a function literal inside an argument list.
	body = append(body,
		jen.For(
			jen.List(jen.Id("k"), jen.Id("ok")).Op(":=").Id("d").Dot("first").Call(jen.Op("&").Err(), missing, mask),
			jen.Id("ok"),
			jen.List(jen.Id("k"), jen.Id("ok")).Op("=").Id("d").Dot("next").Call(jen.Op("&").Err()),
		).Block(jen.Switch(jen.String().Parens(jen.Id("k"))).Block(cases...)),
		jen.Return(jen.Err()))
	return body
}

// compactReader names the runtime reader for a property held as a plain
// string (not an enum), integer, number or boolean, and its extra
// arguments; "" when the property needs the general code.
func compactReader(s *ir.Schema) (string, []jen.Code) {
	if s.Kind == ir.KNamed && hasDecoder(s.Named) {
		return "readObject", nil
	}
	if s.Kind == ir.KNamed && textEnum(s.Named) {
		return "readEnum", nil
	}
	b := s
	for b.Kind == ir.KNamed && b.Named.Kind == ir.Scalar && b.Named.Underlying != nil {
		b = b.Named.Underlying
	}
	switch b.Kind {
	case ir.KInt:
		if b.Format == "int32" {
			return "readInt", []jen.Code{jen.Lit(32)}
		}
		return "readInt", []jen.Code{jen.Lit(64)}
	case ir.KNumber:
		if b.Format == "float" {
			return "readFloat", []jen.Code{jen.Lit(32)}
		}
		return "readFloat", []jen.Code{jen.Lit(64)}
	case ir.KString:
		if isTime(b) || isBytes(b) {
			return "", nil
		}
		return "readString", nil
	case ir.KBool:
		if s.Kind == ir.KNamed {
			return "", nil // a named boolean: the general code converts
		}
		return "readBool", nil
	}
	return "", nil
}

// listReader names the runtime reader, and its arguments after the field
// name, for an array property held as a plain slice (nil when null) whose
// items itemsReader reads.
func listReader(f *ir.Field) (string, []jen.Code) {
	s := f.Schema
	if s.Kind != ir.KArray || s.Nullable || s.Elem.Nullable {
		return "", nil
	}
	switch shapeOf(f, false) {
	case shapeOmitZero, shapeValue, shapeValueOmit:
		return itemsReader(s.Elem)
	}
	return "", nil
}

// mapReader names the runtime reader of an object of values of one
// schema, when there is one: strings.
func mapReader(s *ir.Schema) string {
	if s.Kind != ir.KMap || s.Nullable || s.Elem.Nullable {
		return ""
	}
	if reader, _ := compactReader(s.Elem); reader == "readString" {
		return "readStringMap"
	}
	return ""
}

// itemsReader names the runtime reader of an array of items of schema e,
// and its arguments after the field name, when there is one: for objects
// with generated decoders, strings, string enums, integers, numbers, booleans, and the
// values decodeInto hands to decodeWith.
func itemsReader(e *ir.Schema) (string, []jen.Code) {
	if e.Kind == ir.KNamed && hasDecoder(e.Named) {
		return "readList", nil
	}
	switch reader, args := compactReader(e); reader {
	case "readString", "readEnum":
		return reader + "List", nil
	case "readInt", "readFloat", "readBool":
		return reader + "List", args
	}
	if viaDecode(e) {
		return "readValueList", nil
	}
	return "", nil
}

// fieldDecode reads one property into its field, in the loop over the
// keys of the object. A required property clears its bit of
// v.missing (the compact readers do it given the bit).
func (g *gen) fieldDecode(t *ir.Type, f *ir.Field, bit map[*ir.Field]int) []jen.Code {
	// The compact forms assign err, which the function returns; the
	// last two arguments of a reader clear a required property's bit.
	assign := func(call jen.Code) []jen.Code { return []jen.Code{jen.Err().Op("=").Add(call)} }
	// ptr is where the property is read to: its field, or, for a
	// readOnly one, wherever readOnly says (nowhere, in a server's request).
	ptr := func() *jen.Statement {
		if f.LeftOutOfRequests() {
			return jen.Id("readOnly").Call(jen.Id("d"), jen.Op("&").Id("v").Dot(f.Name))
		}
		return jen.Op("&").Id("v").Dot(f.Name)
	}
	missingArgs := func() []jen.Code {
		if i, ok := bit[f]; ok {
			return []jen.Code{jen.Op("&").Id("v").Dot("missing"), jen.Id(fmt.Sprintf("1 << %d", i))}
		}
		return []jen.Code{jen.Nil(), jen.Lit(0)}
	}
	if reader, args := listReader(f); reader != "" {
		call := append([]jen.Code{jen.Id("d"), ptr(), jen.Lit(f.JSONName)}, args...)
		return assign(jen.Id(reader).Call(append(call, missingArgs()...)...))
	}
	if sh := shapeOf(f, false); sh == shapeValue || sh == shapeValueOmit || sh == shapeOmitZero {
		// A map of strings; any JSON value, null included, kept as
		// encoding/json keeps it.
		if r := mapReader(f.Schema); r != "" {
			return assign(jen.Id(r).Call(append([]jen.Code{jen.Id("d"), ptr(), jen.Lit(f.JSONName)}, missingArgs()...)...))
		}
		if f.Schema.Kind == ir.KAny {
			return assign(jen.Id("readRaw").Call(append([]jen.Code{jen.Id("d"), ptr()}, missingArgs()...)...))
		}
	}
	if reader, args := compactReader(f.Schema); reader != "" && shapeOf(f, false) == shapeNullable {
		fv := ptr()
		if reader == "readObject" {
			return assign(jen.Id("readNullableObject").Call(jen.Id("d"), fv))
		}
		return assign(jen.Id("readNullable" + strings.TrimPrefix(reader, "read")).Call(append([]jen.Code{jen.Id("d"), fv, jen.Lit(f.JSONName)}, args...)...))
	}
	if reader, args := compactReader(f.Schema); reader != "" && !f.Schema.Nullable {
		_, tracked := bit[f]
		fv := ptr()
		value := func(call ...jen.Code) []jen.Code {
			return assign(jen.Id(reader).Call(append(call, missingArgs()...)...))
		}
		if reader == "readObject" {
			switch shapeOf(f, false) {
			case shapePtr:
				if f.Schema.Named.Kind == ir.Union {
					// Unions are small: their values come from a slab.
					slab := jen.Op("&").Add(g.slabOf(f.Schema))
					return assign(jen.Id("readObjectPtrIn").Call(jen.Id("d"), fv, slab))
				}
				return assign(jen.Id("readObjectPtr").Call(jen.Id("d"), fv, jen.New(goType(f.Schema))))
			case shapeValue, shapeValueOmit:
				return value(jen.Id("d"), fv)
			}
			if tracked {
				return value(jen.Id("d"), fv)
			}
		}
		call := append([]jen.Code{jen.Id("d"), fv, jen.Lit(f.JSONName)}, args...)
		switch shapeOf(f, false) {
		case shapeValue, shapeValueOmit:
			return value(call...)
		case shapePtr:
			slab := jen.Op("&").Add(g.slabOf(f.Schema))
			call = append([]jen.Code{call[0], call[1], slab}, call[2:]...)
			return assign(jen.Id(reader + "Ptr").Call(call...))
		}
	}
	// fv is the field as an expression, set as the left side of an
	// assignment; a readOnly one is read through at := readOnly(d, &v.F).
	fv := func() *jen.Statement { return jen.Id("v").Dot(f.Name) }
	set, self := fv, fv
	var at []jen.Code
	if f.LeftOutOfRequests() {
		fv = func() *jen.Statement { return jen.Parens(jen.Op("*").Id("at")) }
		set = func() *jen.Statement { return jen.Op("*").Id("at") }
		self = ptr // its methods are on the pointer
		at = []jen.Code{jen.Id("at").Op(":=").Add(ptr())}
	}
	mark := jen.Null()
	if i, ok := bit[f]; ok {
		mark = jen.Id("v").Dot("missing").Op("&^=").Id(fmt.Sprintf("1 << %d", i))
	}
	if reader, args := compactReader(f.Schema); reader != "" && reader != "readObject" && shapeOf(f, false) == shapeNullPtr {
		// Required and nullable: present once read, null or not (an
		// error ends the loop before the bit matters).
		slab := jen.Op("&").Add(g.slabOf(f.Schema))
		call := append([]jen.Code{jen.Id("d"), ptr(), slab, jen.Lit(f.JSONName)}, args...)
		return append(assign(jen.Id(reader+"Ptr").Call(call...)), mark)
	}
	if n := f.Schema.Named; n != nil && (n.Kind == ir.Slice || n.Kind == ir.Map) && hasDecoder(n) && shapeOf(f, false) == shapeOmitZero {
		// Its decoder makes it nil on null.
		return assign(self().Dot("decodeJSON").Call(jen.Id("d")))
	}
	if f.Schema.Kind == ir.KObject && shapeOf(f, false) == shapeOmitZero {
		return assign(jen.Id("d").Dot("decodeWith").Call(ptr())) // nil on null
	}
	s := f.Schema
	name := f.JSONName
	var onNull, onValue []jen.Code
	switch shapeOf(f, false) {
	case shapeValue, shapeValueOmit:
		if refLike(s) {
			onNull = []jen.Code{set().Op("=").Nil()}
			if s.Nullable {
				onNull = append(onNull, mark.Clone())
			}
		}
		onValue = append(g.decodeInto(s, fv(), goType(s), name, 0), mark.Clone())
	case shapePtr, shapeNullPtr, shapeReqPtr:
		onNull = []jen.Code{set().Op("=").Nil()}
		if s.Nullable {
			onNull = append(onNull, mark.Clone())
		}
		onValue = append([]jen.Code{jen.Id("x").Op(":=").Add(g.newValue(s))}, g.decodeInto(s, jen.Parens(jen.Op("*").Id("x")), goType(s), name, 0)...)
		onValue = append(onValue, set().Op("=").Id("x"), mark.Clone())
	case shapeOmitZero:
		onNull = []jen.Code{set().Op("=").Nil()}
		onValue = g.decodeInto(s, fv(), goType(s), name, 0)
	case shapeNullable:
		onNull = []jen.Code{set().Op("=").Id("Nullable").Types(goType(s)).Values(jen.Dict{jen.Id("Set"): jen.True(), jen.Id("Null"): jen.True()})}
		onValue = append([]jen.Code{set().Op("=").Id("Nullable").Types(goType(s)).Values(jen.Dict{jen.Id("Set"): jen.True()})},
			g.decodeInto(s, fv().Dot("Value"), goType(s), name, 0)...)
	}
	head := jen.If(jen.List(jen.Id("null"), jen.Err()).Op(":=").Id("d").Dot("null").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
	if len(onNull) == 0 {
		return append(at, head.Else().If(jen.Op("!").Id("null")).Block(onValue...))
	}
	return append(at, head.Else().If(jen.Id("null")).Block(onNull...).Else().Block(onValue...))
}

// decodeValue reads a value that may be null into target (null leaves the
// zero value).
func (g *gen) decodeValue(s *ir.Schema, target *jen.Statement, field string, depth int) []jen.Code {
	return []jen.Code{
		jen.If(jen.List(jen.Id("null"), jen.Err()).Op(":=").Id("d").Dot("null").Call(), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Err()),
		).Else().If(jen.Op("!").Id("null")).Block(g.decodeInto(s, target, goType(s), field, depth)...),
	}
}

// decodeElem declares the variable elem and reads an item of the array
// (or a value of the map) s into it. Items that may be null are held by
// pointer when their type has no nil (ir.Schema.PointerElems): null leaves
// it nil. Otherwise null leaves the zero value.
func (g *gen) decodeElem(s *ir.Schema, elem, field string, depth int) []jen.Code {
	e := s.Elem
	if !s.PointerElems() {
		return append([]jen.Code{jen.Var().Id(elem).Add(goType(e))}, g.decodeValue(e, jen.Id(elem), field, depth+1)...)
	}
	target := jen.Op("*").Id(elem)
	if e.Kind == ir.KNamed && hasDecoder(e.Named) {
		target = jen.Id(elem) // its decodeJSON is on the pointer
	}
	read := append([]jen.Code{jen.Id(elem).Op("=").Add(g.newValue(e))}, g.decodeInto(e, target, goType(e), field, depth+1)...)
	return []jen.Code{
		jen.Var().Id(elem).Op("*").Add(goType(e)),
		jen.If(jen.List(jen.Id("null"), jen.Err()).Op(":=").Id("d").Dot("null").Call(), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Err()),
		).Else().If(jen.Op("!").Id("null")).Block(read...),
	}
}

// newValue makes a new value of s's Go type for a pointer to hold: from
// the document's slab for strings, numbers and booleans, else with new.
func (g *gen) newValue(s *ir.Schema) *jen.Statement {
	if skippable(s) {
		return g.slabOf(s).Dot("next").Call()
	}
	return jen.New(goType(s))
}

// additionalKey stands for the key of an additional property, known only
// at run time.
const additionalKey = "\x00"

// fieldName is the expression naming the property in errors.
func fieldName(field string) jen.Code {
	if field == additionalKey {
		return jen.Id("name") // the key of an additional property
	}
	return jen.Lit(field)
}

// decodeInto reads a non-null value of schema s into target, an
// addressable expression of Go type typ.
func (g *gen) decodeInto(s *ir.Schema, target *jen.Statement, typ jen.Code, field string, depth int) []jen.Code {
	fld := fieldName(field)
	assign := func(call jen.Code, conv func(jen.Code) jen.Code) []jen.Code {
		return []jen.Code{
			jen.List(jen.Id("x"+itoa(depth)), jen.Err()).Op(":=").Add(call),
			ret(),
			target.Clone().Op("=").Add(conv(jen.Id("x" + itoa(depth)))),
		}
	}
	convTo := func(v jen.Code) jen.Code { return jen.Add(typ).Parens(v) }
	via := func() []jen.Code {
		ptr := jen.Op("&").Add(target.Clone())
		if t := target.GoString(); strings.HasPrefix(t, "(*") && strings.HasSuffix(t, ")") && token.IsIdentifier(t[2:len(t)-1]) {
			ptr = jen.Id(t[2 : len(t)-1]) // &(*x) is x
		} else if strings.HasPrefix(t, "*") && token.IsIdentifier(t[1:]) {
			ptr = jen.Id(t[1:]) // &*x is x
		}
		return []jen.Code{jen.If(jen.Err().Op(":=").Id("d").Dot("decodeWith").Call(ptr), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))}
	}
	switch s.Kind {
	case ir.KNamed:
		t := s.Named
		switch {
		case hasDecoder(t):
			return []jen.Code{jen.If(jen.Err().Op(":=").Add(target.Clone()).Dot("decodeJSON").Call(jen.Id("d")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))}
		case textEnum(t):
			// Known values become the constants, without allocating.
			return []jen.Code{
				jen.List(jen.Id("b"+itoa(depth)), jen.Err()).Op(":=").Id("d").Dot("strBytes").Call(fld),
				ret(),
				target.Clone().Op("=").Id(t.Name).Parens(jen.Lit("")).Dot("parse").Call(jen.Id("b" + itoa(depth))),
			}
		case (t.Kind == ir.Enum || t.Kind == ir.Scalar) && t.Underlying != nil && t.Underlying.Kind != ir.KNamed:
			return g.decodeInto(t.Underlying, target, typ, field, depth)
		case t.Kind == ir.Scalar && t.Underlying != nil:
			return g.decodeInto(t.Underlying, target, typ, field, depth) // an alias
		}
		return via()
	case ir.KString:
		if isTime(s) || isBytes(s) {
			return via()
		}
		conv := convTo
		if src(typ) == "string" {
			conv = func(v jen.Code) jen.Code { return v }
		}
		return assign(jen.Id("d").Dot("str").Call(fld), conv)
	case ir.KInt:
		bits := 64
		if s.Format == "int32" {
			bits = 32
		}
		return assign(jen.Id("d").Dot("int").Call(fld, jen.Lit(bits)), convTo)
	case ir.KNumber:
		bits := 64
		if s.Format == "float" {
			bits = 32
		}
		return assign(jen.Id("d").Dot("float").Call(fld, jen.Lit(bits)), convTo)
	case ir.KBool:
		conv := convTo
		if src(typ) == "bool" {
			conv = func(v jen.Code) jen.Code { return v }
		}
		return assign(jen.Id("d").Dot("bool").Call(fld), conv)
	case ir.KArray:
		list := "l" + itoa(depth)
		elem := "e" + itoa(depth)
		inner := append(g.decodeElem(s, elem, field, depth), jen.Id(list).Op("=").Append(jen.Id(list), jen.Id(elem)))
		return []jen.Code{
			jen.If(jen.Err().Op(":=").Id("d").Dot("arrayStart").Call(fld), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Id(list).Op(":=").Add(typ).Values(),
			jen.For(jen.Id("first").Op(":=").True(), jen.Empty(), jen.Id("first").Op("=").False()).Block(
				append([]jen.Code{
					jen.List(jen.Id("more"), jen.Err()).Op(":=").Id("d").Dot("more").Call(jen.Id("first")),
					jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
					jen.If(jen.Op("!").Id("more")).Block(jen.Break()),
				}, inner...)...,
			),
			target.Clone().Op("=").Id(list),
		}
	case ir.KMap:
		m := "m" + itoa(depth)
		elem := "e" + itoa(depth)
		inner := append([]jen.Code{jen.Id("key").Op(":=").Id("d").Dot("mapKey").Call(jen.Id("k"))}, g.decodeElem(s, elem, field, depth)...)
		inner = append(inner, jen.Id(m).Index(jen.Id("key")).Op("=").Id(elem))
		return []jen.Code{
			jen.If(jen.Err().Op(":=").Id("d").Dot("objectStart").Call(fld), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Id(m).Op(":=").Add(typ).Values(),
			jen.For(jen.Id("first").Op(":=").True(), jen.Empty(), jen.Id("first").Op("=").False()).Block(
				append([]jen.Code{
					jen.List(jen.Id("k"), jen.Id("ok"), jen.Err()).Op(":=").Id("d").Dot("key").Call(jen.Id("first")),
					jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
					jen.If(jen.Op("!").Id("ok")).Block(jen.Break()),
				}, inner...)...,
			),
			target.Clone().Op("=").Id(m),
		}
	case ir.KAny:
		return []jen.Code{
			jen.List(jen.Id("raw"+itoa(depth)), jen.Err()).Op(":=").Id("d").Dot("raw").Call(),
			ret(),
			target.Clone().Op("=").Append(jen.Add(typ).Parens(jen.Nil()), jen.Id("raw"+itoa(depth)).Op("...")),
		}
	}
	return via()
}

func itoa(i int) string { return fmt.Sprint(i) }

// unionDecode tries the variants whose JSON kind matches, in order: the
// first that decodes with all its required properties wins. Failing that,
// the value is kept as it came (keepOther), with the first variant that
// decodes at all, for Validate to say what it lacks.
func (g *gen) unionDecode(t *ir.Type) []jen.Code {
	if matchDecoded(t) {
		return g.unionMatchDecode(t)
	}
	body := []jen.Code{
		jen.Op("*").Id("v").Op("=").Id(t.Name).Values(),
		jen.If(jen.List(jen.Id("null"), jen.Err()).Op(":=").Id("d").Dot("null").Call(), jen.Err().Op("!=").Nil().Op("||").Id("null")).Block(jen.Return(jen.Err())),
	}
	for _, v := range t.Variants {
		if jsonKindOf(v.Schema) != '*' {
			body = append(body, jen.Id("kind").Op(":=").Id("d").Dot("peek").Call())
			break
		}
	}
	body = append(body, jen.Id("start").Op(":=").Id("d").Dot("mark").Call())
	if d := t.Discriminator; d != nil && len(d.Mapping) > 0 {
		body = append(body, g.discriminatorDecode(t)...)
	}
	near := jen.Nil()
	if anyTracked(t) {
		near = jen.Id("near")
		body = append(body,
			comment("The first variant of the value's kind that decodes with all its required properties."),
			jen.Var().Id("near").Id("validatable").Comment("the first that decodes at all, for Validate to say what it lacks"))
	} else {
		body = append(body, jen.Comment("The first variant of the value's kind that decodes."))
	}
	for _, v := range t.Variants {
		set := jen.If(g.variantDecode(v.Schema), jen.Err().Op("==").Nil()).Block(
			jen.Id("v").Dot(v.Name).Op("=").Id("x"),
			jen.Return(jen.Nil()),
		)
		if v.Schema.Kind == ir.KNamed && len(trackedFields(v.Schema.Named)) > 0 {
			set = jen.If(g.variantDecode(v.Schema), jen.Err().Op("==").Nil().Op("&&").Id("x").Dot("missing").Op("==").Lit(0)).Block(
				jen.Id("v").Dot(v.Name).Op("=").Id("x"),
				jen.Return(jen.Nil()),
			).Else().If(jen.Err().Op("==").Nil().Op("&&").Id("near").Op("==").Nil()).Block(
				jen.Id("near").Op("=").Id("x"),
			)
		}
		body = append(body, jen.If(kindCond(jsonKindOf(v.Schema))).Block(
			jen.Id("d").Dot("reset").Call(jen.Id("start")),
			jen.Id("x").Op(":=").Add(g.slabOf(v.Schema)).Dot("next").Call(),
			set,
		))
	}
	return append(body, keepOther(near))
}

// keepOther is the statement that keeps the value at start, of no variant
// of the union, in v.other, with near, the variant nearest to it.
func keepOther(near jen.Code) jen.Code {
	return jen.Return(jen.Id("d").Dot("keepOther").Call(jen.Id("start"), jen.Op("&").Id("v").Dot("other"), near))
}

// discriminatorDecode decodes the variant the discriminator property of
// the object names, when it has the property; a value that names no
// variant is kept as it came (unknownTag).
func (g *gen) discriminatorDecode(t *ir.Type) []jen.Code {
	d := t.Discriminator
	// One case per variant, with every value that names it.
	var order []*ir.Variant
	values := map[*ir.Variant][]jen.Code{}
	for _, m := range d.Mapping {
		for _, v := range t.Variants {
			if v.Name == m.Variant {
				if values[v] == nil {
					order = append(order, v)
				}
				values[v] = append(values[v], jen.Lit(m.Value))
			}
		}
	}
	var cases []jen.Code
	for _, v := range order {
		next := g.slabOf(v.Schema).Dot("next").Call()
		if v.Schema.Kind == ir.KNamed && hasDecoder(v.Schema.Named) {
			cases = append(cases, jen.Case(values[v]...).Block(
				jen.Id("v").Dot(v.Name).Op("=").Add(next),
				jen.Return(jen.Id("v").Dot(v.Name).Dot("decodeJSON").Call(jen.Id("d"))),
			))
			continue
		}
		cases = append(cases, jen.Case(values[v]...).Block(
			jen.Id("x").Op(":=").Add(next),
			g.variantDecode(v.Schema),
			jen.Id("v").Dot(v.Name).Op("=").Id("x"),
			jen.Return(jen.Err()),
		))
	}
	cases = append(cases, jen.Default().Block(
		jen.Return(jen.Id("d").Dot("unknownTag").Call(jen.Id("start"), jen.Op("&").Id("v").Dot("other"), jen.Lit(d.Property), jen.Id("tag"))),
	))
	return []jen.Code{
		jen.Comment("The discriminator property picks the variant when it is there."),
		jen.If(jen.List(jen.Id("tag"), jen.Id("ok")).Op(":=").Id("d").Dot("variantTag").Call(jen.Lit(d.Property)), jen.Id("ok")).Block(
			jen.Switch(jen.Id("tag")).Block(cases...),
		),
	}
}

// variantDecode is the statement that decodes a variant of schema s into
// x, a new value, and sets err: with the type's generated decoder or a
// runtime reader when there is one, else with the code decodeInto writes.
func (g *gen) variantDecode(s *ir.Schema) jen.Code {
	x := jen.Id("x")
	switch reader, args := compactReader(s); {
	case s.Kind == ir.KNamed && hasDecoder(s.Named):
		return jen.Err().Op(":=").Id("x").Dot("decodeJSON").Call(jen.Id("d"))
	case reader != "" && reader != "readObject" && !s.Nullable:
		return jen.Err().Op(":=").Id(reader).Call(append(append([]jen.Code{jen.Id("d"), x, jen.Lit("")}, args...), jen.Nil(), jen.Lit(0))...)
	case s.Kind == ir.KArray && !s.Nullable && !s.Elem.Nullable:
		if reader, args := itemsReader(s.Elem); reader != "" {
			call := append([]jen.Code{jen.Id("d"), x, jen.Lit("")}, args...)
			return jen.Err().Op(":=").Id(reader).Call(append(call, jen.Nil(), jen.Lit(0))...)
		}
	case viaDecode(s):
		return jen.Err().Op(":=").Id("d").Dot("decodeWith").Call(x)
	}
	try := append(g.decodeInto(s, jen.Parens(jen.Op("*").Id("x")), goType(s), "", 1), jen.Return(jen.Nil()))
	return jen.Err().Op(":=").Func().Params().Error().Block(try...).Call()
}

// viaDecode reports whether decodeInto hands a schema to encoding/json.
func viaDecode(s *ir.Schema) bool {
	switch s.Kind {
	case ir.KNamed:
		t := s.Named
		return !hasDecoder(t) && !((t.Kind == ir.Enum || t.Kind == ir.Scalar) && t.Underlying != nil)
	case ir.KString:
		return isTime(s) || isBytes(s)
	case ir.KInt, ir.KNumber, ir.KBool, ir.KArray, ir.KMap, ir.KAny:
		return false
	}
	return true
}

// sharedKind reports, per variant, whether another variant accepts the
// same kind of JSON value, so that the value may match both. Variants that
// accept any JSON value are not counted: they are the fallback.
func sharedKind(t *ir.Type) []bool {
	out := make([]bool, len(t.Variants))
	for i, a := range t.Variants {
		for j, b := range t.Variants {
			if i != j && jsonKindOf(a.Schema) != '*' && jsonKindOf(a.Schema) == jsonKindOf(b.Schema) {
				out[i] = true
			}
		}
	}
	return out
}

// tracksMatches reports whether a union is a oneOf whose variants may
// overlap: its decoder tries every variant and records which ones the value
// matches, for Validate to report a value that matches more than one.
func tracksMatches(t *ir.Type) bool {
	if t.Kind != ir.Union || t.Mode != ir.OneOf || t.Discriminator != nil {
		return false
	}
	for _, shared := range sharedKind(t) {
		if shared {
			return true
		}
	}
	return false
}

// matchDecoded reports whether a union's decoder tries every variant and
// notes, for Validate, when the value was valid for none.
func matchDecoded(t *ir.Type) bool {
	return (t.Mode == ir.AnyOf && t.Discriminator == nil) || tracksMatches(t)
}

// kindCond is the condition that the next JSON value is of kind k.
func kindCond(k byte) *jen.Statement {
	switch k {
	case '*':
		return jen.True()
	case 'n':
		return jen.Parens(jen.Id("kind").Op("==").LitRune('-').Op("||").Id("kind").Op(">=").LitRune('0').Op("&&").Id("kind").Op("<=").LitRune('9'))
	case 'b':
		return jen.Parens(jen.Id("kind").Op("==").LitRune('t').Op("||").Id("kind").Op("==").LitRune('f'))
	}
	return jen.Id("kind").Op("==").LitRune(rune(k))
}

// unionMatchDecode decodes a oneOf whose variants may overlap, or an anyOf:
// every variant whose JSON kind fits is tried, and those the value decodes
// as and is valid for are matches. A oneOf keeps the first match (and
// records them all when there are several); an anyOf keeps every match.
// When nothing matches, the first variant with all its required
// properties is kept for Validate to report, else the value as it came.
func (g *gen) unionMatchDecode(t *ir.Type) []jen.Code {
	shared := sharedKind(t)
	body := []jen.Code{
		jen.Op("*").Id("v").Op("=").Id(t.Name).Values(),
		jen.If(jen.List(jen.Id("null"), jen.Err()).Op(":=").Id("d").Dot("null").Call(), jen.Err().Op("!=").Nil().Op("||").Id("null")).Block(jen.Return(jen.Err())),
	}
	for _, v := range t.Variants {
		if jsonKindOf(v.Schema) != '*' {
			body = append(body, jen.Id("kind").Op(":=").Id("d").Dot("peek").Call())
			break
		}
	}
	body = append(body,
		jen.Id("start").Op(":=").Id("d").Dot("mark").Call(),
		jen.Id("end").Op(":=").Id("start"),
		jen.Var().Id("matched").Uint64().Comment("a bit for each variant the value is valid for"),
	)
	var decoded, complete, keep, nears []jen.Code
	for i, v := range t.Variants {
		x := "u" + itoa(i)
		k := jsonKindOf(v.Schema)
		if bitArg, check, ok := g.compactVariant(v.Schema, k, shared[i], i); ok {
			// The common case in one call: a variant with a generated
			// decoder whose match is its kind, or its kind and its rules.
			try := jen.If(jen.Id("x").Op(":=").New(goType(v.Schema)), jen.Id("tryVariant").Call(
				jen.Id("d"), jen.Id("start"), jen.Op("&").Id("end"), jen.Op("&").Id("matched"), bitArg, jen.Lit(check), jen.Id("x"),
			)).Block(jen.Id(x).Op("=").Id("x"))
			if k != '*' {
				try = jen.If(kindCond(k)).Block(try)
			}
			body = append(body, jen.Var().Id(x).Op("*").Add(goType(v.Schema)), try)
		} else {
			onDecoded := []jen.Code{jen.List(jen.Id(x), jen.Id("end")).Op("=").List(jen.Id("x"), jen.Id("d").Dot("mark").Call())}
			bit := jen.Id("matched").Op("|=").Id("1 << " + itoa(i))
			switch {
			case k == '*':
				// Accepts anything: a fallback, never a match of its own.
			case !shared[i]:
				onDecoded = append(onDecoded, bit)
			default:
				onDecoded = append(onDecoded, g.matchCheck(v.Schema, bit)...)
			}
			body = append(body,
				jen.Var().Id(x).Op("*").Add(goType(v.Schema)),
				jen.If(kindCond(k)).Block(
					jen.Id("d").Dot("reset").Call(jen.Id("start")),
					jen.Id("x").Op(":=").New(goType(v.Schema)),
					jen.If(g.variantDecode(v.Schema), jen.Err().Op("==").Nil()).Block(onDecoded...),
				),
			)
		}
		decoded = append(decoded, jen.Id(x).Op("!=").Nil())
		if v.Schema.Kind == ir.KNamed && len(trackedFields(v.Schema.Named)) > 0 {
			complete = append(complete, jen.Id(x).Op("!=").Nil().Op("&&").Id(x).Dot("missing").Op("==").Lit(0))
		} else {
			complete = append(complete, jen.Id(x).Op("!=").Nil())
		}
		keep = append(keep, jen.Id("v").Dot(v.Name).Op("=").Id("keepVariant").Call(jen.Id(x), jen.Id("keep"), jen.Lit(i)))
		nears = append(nears, jen.Id(x))
	}
	body = append(body, jen.Id("d").Dot("endVariants").Call(jen.Id("start"), jen.Id("end")))
	if t.Mode != ir.AnyOf {
		if narrow := coverChecks(t, shared); narrow != nil {
			body = append(body, narrow)
		}
	}
	// A oneOf keeps the first variant the value is valid for, an anyOf
	// every one. With none, the first that has all its required
	// properties is kept for Validate to report; with none of those, the
	// value as it came, and the first that decodes for Validate to say
	// what it lacks.
	var pick jen.Code = jen.Id("firstOf").Call(jen.Id("matched"))
	if t.Mode == ir.AnyOf {
		pick = jen.Id("matched")
	}
	var near jen.Code = jen.Nil()
	if anyTracked(t) {
		near = jen.Id("nearest").Call(append([]jen.Code{jen.Id("firstOf").Call(jen.Id("bitsOf").Call(decoded...))}, nears...)...)
	}
	body = append(body,
		jen.Id("keep").Op(":=").Add(pick),
		jen.If(jen.Id("matched").Op("==").Lit(0)).Block(
			jen.Comment("No variant matches: keep the nearest, for Validate to report."),
			jen.Id("keep").Op("=").Id("firstOf").Call(jen.Id("bitsOf").Call(complete...)),
			jen.If(jen.Id("keep").Op("==").Lit(0)).Block(keepOther(near)),
			jen.Id("v").Dot("unmatched").Op("=").True(),
		),
	)
	body = append(body, keep...)
	if t.Mode != ir.AnyOf {
		body = append(body, jen.If(jen.Id("matched").Op("&").Parens(jen.Id("matched").Op("-").Lit(1)).Op("!=").Lit(0)).Block(
			jen.Id("v").Dot("matched").Op("=").Id("matched").Comment("more than one: Validate reports it"),
		))
	}
	return append(body, jen.Return(jen.Nil()))
}

// coverChecks emits the tie-break of a oneOf whose object variants a value
// is valid for several of: when the declared properties of exactly one of
// them cover every property the value has, that one is the match. Specs
// rely on it to tell apart objects whose only difference is which
// properties they name ({set} or {add, remove}). It returns nil when fewer
// than two object variants share the kind.
func coverChecks(t *ir.Type, shared []bool) jen.Code {
	var checks []jen.Code
	objects := 0
	for i, v := range t.Variants {
		if !shared[i] || v.Schema.Kind != ir.KNamed || v.Schema.Named.Kind != ir.Struct {
			continue
		}
		objects++
		st := v.Schema.Named
		bit := jen.Id("covers").Op("|=").Id("1 << " + itoa(i))
		set := jen.Id("matched").Op("&").Id("(1 << " + itoa(i) + ")").Op("!=").Lit(0)
		if st.Additional != nil || len(st.Patterns) > 0 {
			checks = append(checks, jen.If(set).Block(bit)) // it names any property
			continue
		}
		args := []jen.Code{jen.Id("d").Dot("data").Index(jen.Id("start").Dot("pos"), jen.Id("end").Dot("pos"))}
		for _, f := range st.Fields {
			args = append(args, jen.Lit(f.JSONName))
		}
		checks = append(checks, jen.If(set.Op("&&").Id("onlyKeys").Call(args...)).Block(bit))
	}
	if objects < 2 {
		return nil
	}
	block := append([]jen.Code{
		jen.Comment("Valid for several: the one whose properties cover the value's, if only one does."),
		jen.Var().Id("covers").Uint64(),
	}, checks...)
	block = append(block, jen.If(jen.Id("covers").Op("!=").Lit(0).Op("&&").Id("covers").Op("&").Parens(jen.Id("covers").Op("-").Lit(1)).Op("==").Lit(0)).Block(
		jen.Id("matched").Op("=").Id("covers"),
	))
	return jen.If(jen.Id("matched").Op("&").Parens(jen.Id("matched").Op("-").Lit(1)).Op("!=").Lit(0)).Block(block...)
}

// compactVariant reports whether variant i (of JSON kind k) of a union
// decoded by unionMatchDecode can be tried by one tryVariant call, and with
// what bit and check: it has a generated decoder, and it matches on its kind
// alone (its kind is its own: check false), or on its kind and its rules
// (check true). A fallback of any kind sets no bit. Others, such as closed
// objects that must also name no other property, get the full block.
func (g *gen) compactVariant(s *ir.Schema, k byte, shared bool, i int) (bit jen.Code, check, ok bool) {
	if s.Kind != ir.KNamed || !hasDecoder(s.Named) {
		return nil, false, false
	}
	one := jen.Id("1 << " + itoa(i))
	switch {
	case k == '*':
		return jen.Lit(0), false, true
	case !shared:
		return one, false, true
	case s.Named.Kind == ir.Struct && s.Named.Closed && len(s.Named.Patterns) == 0:
		return nil, false, false
	case g.needs[s.Named]:
		return one, true, true
	}
	return nil, false, false
}

// matchCheck emits the test that a decoded variant x is valid, setting its
// bit when it is: its required properties are there and it breaks no rule.
func (g *gen) matchCheck(s *ir.Schema, bit jen.Code) []jen.Code {
	if s.Kind == ir.KNamed && s.Named.Kind == ir.Struct && s.Named.Closed && len(s.Named.Patterns) == 0 {
		// additionalProperties: false: no other property may be there.
		args := []jen.Code{jen.Id("d").Dot("data").Index(jen.Id("start").Dot("pos"), jen.Id("end").Dot("pos"))}
		for _, f := range s.Named.Fields {
			args = append(args, jen.Lit(f.JSONName))
		}
		bit = jen.If(jen.Id("onlyKeys").Call(args...)).Block(bit)
	}
	if s.Kind == ir.KNamed && g.needs[s.Named] {
		return []jen.Code{jen.If(jen.Id("isValid").Call(jen.Id("x"))).Block(bit)}
	}
	list := g.checkList(s, func() *jen.Statement { return jen.Parens(jen.Op("*").Id("x")) }, func() *jen.Statement { return jen.Nil() }, 1)
	checks := codes(list)
	if broken := brokenCond(list); broken != nil {
		// Rules of one condition each: valid when none holds.
		return []jen.Code{jen.If(jen.Op("!").Parens(broken)).Block(bit)}
	}
	if len(checks) == 0 {
		if s.Kind == ir.KNamed && len(trackedFields(s.Named)) > 0 {
			return []jen.Code{jen.If(jen.Id("x").Dot("missing").Op("==").Lit(0)).Block(bit)}
		}
		return []jen.Code{bit}
	}
	block := []jen.Code{
		jen.Const().Id("dir").Op("=").Id("dirAny"),
		jen.Id("e").Op(":=").Op("&").Id("validator").Values(),
	}
	block = append(block, checks...)
	block = append(block, jen.If(jen.Len(jen.Id("e").Dot("violations")).Op("==").Lit(0)).Block(bit))
	return []jen.Code{jen.Block(block...)}
}

// brokenCond is the condition that one of the checks fails, when each is
// a condition; nil otherwise.
func brokenCond(list []vcheck) *jen.Statement {
	var cond *jen.Statement
	for _, c := range list {
		switch {
		case c.cond == nil:
			return nil
		case cond == nil:
			cond = jen.Add(c.cond)
		default:
			cond = cond.Op("||").Add(c.cond)
		}
	}
	return cond
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out
}

// slabOf is d.slabs().<field> (see slabFor), the slab of s's Go type.
func (g *gen) slabOf(s *ir.Schema) *jen.Statement {
	slabs := jen.Id("d").Dot("slabs").Call()
	if g.asked != nil {
		return slabs.Add(g.ask(deferredName{slab: s}))
	}
	return slabs.Dot(g.slabFor(s))
}

// slabFor names the field of decodeSlabs that holds the values of s's Go
// type that optional properties point to, declaring it on first use.
func (g *gen) slabFor(s *ir.Schema) string {
	if s.As != nil {
		c := *s
		c.As = nil // one slab for a type and its aliases
		s = &c
	}
	typ := goType(s)
	var key string
	if s.Kind == ir.KNamed {
		key = s.Named.Name // what src would say, without rendering
	} else {
		key = src(typ)
	}
	name, ok := g.slabs[key]
	if !ok {
		if g.slabsDeclared {
			panic("emit: a decoder asked for a slab after decodeSlabs was declared")
		}
		clean := strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, key)
		name = "of" + strings.ToUpper(clean[:1]) + clean[1:]
		for _, f := range g.slabOrder {
			if f.name == name {
				name += strconv.Itoa(len(g.slabOrder))
			}
		}
		g.slabs[key] = name
		g.slabOrder = append(g.slabOrder, slabField{name, typ})
	}
	return name
}

type slabField struct {
	name string
	typ  jen.Code
}

// slabsDecl declares decodeSlabs, once every decoder is built.
func (g *gen) slabsDecl() jen.Code {
	g.slabsDeclared = true
	var fields []jen.Code
	for _, f := range g.slabOrder {
		fields = append(fields, jen.Id(f.name).Id("slab").Types(f.typ))
	}
	return jen.Comment("decodeSlabs holds, for one decoded document, the values its optional properties").Line().
		Comment("point to, one slab per Go type (see slab).").Line().
		Type().Id("decodeSlabs").Struct(fields...)
}

// tupleDecode reads a JSON array into the fields of a Tuple, position by
// position; the items after them go to Rest, or are refused (items: false).
func (g *gen) tupleDecode(t *ir.Type) []jen.Code {
	var cases []jen.Code
	nreq := 0
	for i, it := range t.Items {
		target := jen.Id("v").Dot(it.Name)
		if it.Required {
			nreq++
		}
		if it.Required && !nullItem(it) {
			cases = append(cases, jen.Case(jen.Lit(i)).Block(g.decodeValue(it.Schema, target, "", 1)...))
			continue
		}
		cases = append(cases, jen.Case(jen.Lit(i)).Block(
			jen.If(jen.List(jen.Id("null"), jen.Err()).Op(":=").Id("d").Dot("null").Call(), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Err()),
			).Else().If(jen.Op("!").Id("null")).Block(append(append(
				[]jen.Code{jen.Id("x").Op(":=").New(goType(it.Schema))},
				g.decodeInto(it.Schema, jen.Parens(jen.Op("*").Id("x")), goType(it.Schema), "", 1)...),
				target.Clone().Op("=").Id("x"))...),
		))
	}
	var def []jen.Code
	if t.Rest != nil {
		def = append(g.decodeElem(restOf(t), "x", "", 0), jen.Id("v").Dot("Rest").Op("=").Append(jen.Id("v").Dot("Rest"), jen.Id("x")))
	} else {
		def = []jen.Code{jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit(fmt.Sprintf("%s: has more than %d items", t.Name, len(t.Items)))))}
	}
	cases = append(cases, jen.Default().Block(def...))
	body := []jen.Code{
		jen.Op("*").Id("v").Op("=").Id(t.Name).Values(),
		jen.If(jen.List(jen.Id("null"), jen.Err()).Op(":=").Id("d").Dot("null").Call(), jen.Err().Op("!=").Nil().Op("||").Id("null")).Block(jen.Return(jen.Err())),
		jen.If(jen.Err().Op(":=").Id("d").Dot("arrayStart").Call(jen.Lit("")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Id("i").Op(":=").Lit(0),
		jen.For(jen.Id("first").Op(":=").True(), jen.Empty(), jen.List(jen.Id("i"), jen.Id("first")).Op("=").List(jen.Id("i").Op("+").Lit(1), jen.False())).Block(
			jen.List(jen.Id("more"), jen.Err()).Op(":=").Id("d").Dot("more").Call(jen.Id("first")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.If(jen.Op("!").Id("more")).Block(jen.Break()),
			jen.Switch(jen.Id("i")).Block(cases...),
		),
	}
	if nreq > 0 {
		body = append(body, jen.Id("v").Dot("short").Op("=").Max(jen.Lit(nreq).Op("-").Id("i"), jen.Lit(0)))
	}
	return append(body, jen.Return(jen.Nil()))
}
