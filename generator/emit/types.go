package emit

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/specgen/specgen/generator/ir"
)

func (g *gen) typesFile(f *jen.File) {
	var types []*ir.Type
	for _, t := range g.p.Types {
		if !isParams(t) {
			types = append(types, t)
		}
	}
	for _, d := range g.inParallel(types, (*gen).typeDecl) {
		f.Add(d)
	}
	f.Add(g.slabsDecl())
}

// paramsFile holds the structs of query and header parameters.
func (g *gen) paramsFile(f *jen.File) {
	for _, t := range g.p.Types {
		if isParams(t) {
			f.Add(g.typeDecl(t))
		}
	}
}

// typeDecl emits a named type and its encoding methods.
func (g *gen) typeDecl(t *ir.Type) jen.Code {
	switch t.Kind {
	case ir.Struct:
		return g.structDecl(t)
	case ir.Enum:
		return g.enumDecl(t)
	case ir.Union:
		return jen.Add(g.unionDecl(t), g.unionEncode(t))
	case ir.Raw:
		return g.rawDecl(t)
	case ir.Tuple:
		return g.tupleDecl(t)
	case ir.External:
		return comment(docFor(t.Name, t.Doc, "is the Go type the spec names with x-go-type.", t.Deprecated)).Line().
			Type().Id(t.Name).Op("=").Add(goType(t.Underlying)).Line()
	}
	return g.scalarDecl(t)
}

func typeDoc(t *ir.Type) string {
	return docFor(t.Name, t.Doc, "is the schema at "+t.Key+".", t.Deprecated)
}

func (g *gen) structDecl(t *ir.Type) jen.Code {
	params := isParams(t)
	doc := typeDoc(t)
	if params {
		doc = t.Name + " " + t.Doc
	}
	tracked := trackedFields(t)
	fields := make([]jen.Code, 0, len(t.Fields)+1)
	for _, fl := range t.Fields {
		st := jen.Null()
		d := fieldDoc(fl)
		if !params && !tagName(fl.JSONName) {
			d = strings.TrimSpace(d + "\n\nIts JSON name, " + strconv.Quote(fl.JSONName) + ", cannot be put in a struct tag (encoding/json and go vet refuse it), so the tag is \"-\": the type's own JSON methods read and write the field.")
		}
		if d != "" {
			st.Add(comment(d)).Line()
		}
		st.Id(fl.Name).Add(fieldType(fl, params))
		if !params {
			st.Tag(jsonTag(fl))
		}
		fields = append(fields, st)
	}
	for _, p := range t.Patterns {
		fields = append(fields, sep(len(fields)).Add(comment(p.Field+" holds the properties whose names match "+p.Pattern+" (patternProperties), decoded and written back with the others. A name that matches several patterns is kept by the first.")).Line().
			Id(p.Field).Add(goType(mapOf(p.Schema))).Tag(map[string]string{"json": "-"}))
	}
	if t.Additional != nil {
		fields = append(fields, sep(len(fields)).Add(comment("AdditionalProperties holds the properties the spec does not name, decoded and\nwritten back with the others.")).Line().
			Id("AdditionalProperties").Add(goType(mapOf(t.Additional))).Tag(map[string]string{"json": "-"}))
	}
	if len(tracked) > 0 {
		fields = append(fields, jen.Id("missing").Uint64().Comment("a bit for each required property the decoded JSON lacked"))
	}
	if countsUnnamed(t) {
		fields = append(fields, jen.Id("unnamed").Int().Comment("properties of the decoded JSON the spec does not name (minProperties, maxProperties)"))
	}
	out := comment(doc).Line().Type().Id(t.Name).Struct(fields...).Line()
	if !params && g.hasEncoder(t) {
		out.Add(g.decodeFunc(t)).Line().Line().Add(g.encodeMethod(t, true)).Line()
	} else if !params {
		out.Add(g.decodeMethod(t)).Line()
	}
	if params && g.hasEncoder(t) {
		out.Add(g.encodeMethod(t, false)).Line()
	} else if m := g.structMarshal(t); !g.hasEncoder(t) && m != nil {
		out.Add(m).Line()
	}
	for _, d := range g.defaultAccessors(t, params) {
		out.Add(d).Line()
	}
	if r := g.redaction(t); r != nil {
		out.Add(r).Line()
	} else if g.holdsSecret(t, map[*ir.Type]bool{}) {
		// A container of secrets: slog's JSON handler would encode it as
		// JSON, secrets and all; log its printed form, which masks them.
		out.Add(comment("LogValue logs v with the secret properties it holds masked.")).Line().
			Func().Params(jen.Id("v").Id(t.Name)).Id("LogValue").Params().Qual("log/slog", "Value").Block(
			jen.Return(jen.Qual("log/slog", "StringValue").Call(jen.Qual("fmt", "Sprintf").Call(jen.Lit("%+v"), jen.Id("v")))),
		).Line()
	}
	return out
}

// sep starts a commented field: after a blank line unless it is the first.
func sep(before int) *jen.Statement {
	if before == 0 {
		return jen.Null()
	}
	return jen.Line()
}

func fieldDoc(f *ir.Field) string {
	var parts []string
	if f.Doc != "" {
		parts = append(parts, f.Doc)
	}
	var notes []string
	const tag = "it tells the variant of a union."
	switch {
	case f.Tag && f.Required && f.ReadOnly:
		notes = append(notes, "Read-only: set by the server, always present in responses. Sent in requests too: "+tag)
	case f.Tag && f.ReadOnly:
		notes = append(notes, "Read-only: set by the server. Sent in requests too: "+tag)
	case f.Tag && f.Required && f.WriteOnly:
		notes = append(notes, "Write-only: required in requests. Returned too: "+tag)
	case f.Tag && f.WriteOnly:
		notes = append(notes, "Write-only. Returned too: "+tag)
	case f.Required && f.ReadOnly:
		notes = append(notes, "Read-only: set by the server, always present in responses.")
	case f.ReadOnly:
		notes = append(notes, "Read-only: set by the server.")
	case f.Required && f.WriteOnly:
		notes = append(notes, "Write-only: required in requests, never returned.")
	case f.WriteOnly:
		notes = append(notes, "Write-only: never returned.")
	}
	if f.Default != nil {
		if b, err := json.Marshal(f.Default); err == nil {
			notes = append(notes, fmt.Sprintf("Default: %s.", b))
		}
	}
	if f.Secret {
		notes = append(notes, "Secret: never printed by this package.")
	}
	if len(notes) > 0 {
		parts = append(parts, strings.Join(notes, " "))
	}
	if f.Deprecated {
		parts = append(parts, "Deprecated: the API marks this property as deprecated.")
	}
	return strings.Join(parts, "\n\n")
}

// structMarshal writes required arrays and maps that are nil as empty,
// never as null. It returns nil when the struct needs no such care.
func (g *gen) structMarshal(t *ir.Type) jen.Code {
	var fix []jen.Code
	for _, fl := range t.Fields {
		if fl.AlwaysRequired() && !fl.Schema.Nullable && refLike(fl.Schema) && !isRaw(fl.Schema) {
			fix = append(fix, jen.If(jen.Id("w").Dot(fl.Name).Op("==").Nil()).Block(
				jen.Id("w").Dot(fl.Name).Op("=").Add(goType(fl.Schema)).Values(),
			))
		}
	}
	if len(fix) == 0 && t.Additional == nil && len(t.Patterns) == 0 {
		return nil
	}
	if len(t.Patterns) > 0 {
		body := append([]jen.Code{
			jen.Type().Id("plain").Id(t.Name),
			jen.Id("w").Op(":=").Id("plain").Call(jen.Id("v")),
		}, fix...)
		taken := jen.Dict{}
		for _, f := range t.Fields {
			taken[jen.Lit(f.JSONName)] = jen.True()
		}
		body = append(body,
			jen.List(jen.Id("b"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("w")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Comment("Named properties win over the maps' entries of the same name, and each map"),
			jen.Comment("over the ones after it."),
			jen.Id("taken").Op(":=").Map(jen.String()).Bool().Values(taken),
		)
		maps := []string{}
		for _, p := range t.Patterns {
			maps = append(maps, p.Field)
		}
		if t.Additional != nil {
			maps = append(maps, "AdditionalProperties")
		}
		for _, m := range maps {
			body = append(body, jen.If(jen.List(jen.Id("b"), jen.Err()).Op("=").Id("appendProps").Call(jen.Id("b"), jen.Id("v").Dot(m), jen.Id("taken")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())))
		}
		body = append(body, jen.Return(jen.Id("b"), jen.Nil()))
		return comment("MarshalJSON encodes v with the properties of its maps after the named ones.").Line().
			Func().Params(jen.Id("v").Id(t.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(body...)
	}
	body := append([]jen.Code{
		jen.Type().Id("plain").Id(t.Name),
		jen.Id("w").Op(":=").Id("plain").Call(jen.Id("v")),
	}, fix...)
	doc := "MarshalJSON encodes v, writing required arrays and maps that are nil as empty."
	if t.Additional == nil {
		body = append(body, jen.Return(jen.Qual("encoding/json", "Marshal").Call(jen.Id("w"))))
	} else {
		doc = "MarshalJSON encodes v with its AdditionalProperties after the named ones."
		body = append(body,
			jen.List(jen.Id("b"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("w")),
			jen.If(jen.Err().Op("!=").Nil().Op("||").Len(jen.Id("v").Dot("AdditionalProperties")).Op("==").Lit(0)).Block(jen.Return(jen.Id("b"), jen.Err())),
			jen.Id("rest").Op(":=").Id("v").Dot("AdditionalProperties"),
			jen.For(jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Range().Index().String().Values(knownKeys(t)...)).Block(
				jen.If(jen.List(jen.Id("_"), jen.Id("clash")).Op(":=").Id("rest").Index(jen.Id("k")), jen.Id("clash")).Block(
					jen.Comment("A named property wins over an extra of the same name."),
					jen.Id("rest").Op("=").Qual("maps", "Clone").Call(jen.Id("rest")),
					jen.Delete(jen.Id("rest"), jen.Id("k")),
				),
			),
			jen.If(jen.Len(jen.Id("rest")).Op("==").Lit(0)).Block(jen.Return(jen.Id("b"), jen.Nil())),
			jen.List(jen.Id("extra"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("rest")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.If(jen.Len(jen.Id("b")).Op("==").Lit(2)).Block(jen.Return(jen.Id("extra"), jen.Nil())),
			jen.Return(jen.Append(jen.Append(jen.Id("b").Index(jen.Empty(), jen.Len(jen.Id("b")).Op("-").Lit(1)), jen.LitRune(',')), jen.Id("extra").Index(jen.Lit(1), jen.Empty()).Op("...")), jen.Nil()),
		)
	}
	return comment(doc).Line().
		Func().Params(jen.Id("v").Id(t.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(body...)
}

func isRaw(s *ir.Schema) bool {
	return s.Kind == ir.KAny || (s.Kind == ir.KNamed && s.Named.Kind == ir.Raw)
}

func (g *gen) enumDecl(t *ir.Type) jen.Code {
	base := goType(t.Underlying)
	grow := "The set of values may grow: a value this package does not know decodes without error and reports false from Valid."
	if t.Open {
		grow = "The constants are the values known today; the spec allows others (x-extensible-enum), so Validate accepts any value, and Valid reports whether v is a known one."
	}
	out := comment(typeDoc(t) + "\n\n" + grow).Line().
		Type().Id(t.Name).Add(base).Line()
	out.Add(enumConsts(t))
	cases := make([]jen.Code, 0, len(t.EnumValues))
	for _, v := range t.EnumValues {
		cases = append(cases, jen.Id(v.Name))
	}
	out.Line().Add(comment("Valid reports whether v is one of the values the spec lists.")).Line().
		Func().Params(jen.Id("v").Id(t.Name)).Id("Valid").Params().Bool().BlockFunc(func(b *jen.Group) {
		if len(cases) == 0 {
			b.Return(jen.False())
			return
		}
		b.Switch(jen.Id("v")).Block(jen.Case(cases...).Block(jen.Return(jen.True())))
		b.Return(jen.False())
	}).Line()
	if textEnum(t) {
		var known []jen.Code
		for _, v := range t.EnumValues {
			known = append(known, jen.Case(literal(v.Value)).Block(jen.Return(jen.Id(v.Name))))
		}
		out.Line().Add(comment("parse returns the value spelled b: a constant, without allocating, or a new value.")).Line().
			Func().Params(jen.Id(t.Name)).Id("parse").Params(jen.Id("b").Index().Byte()).Id(t.Name).Block(
			jen.Switch(jen.String().Parens(jen.Id("b"))).Block(known...),
			jen.Return(jen.Id(t.Name).Parens(jen.Id("b"))),
		).Line()
	}
	return out
}

// enumConsts declares the constants of an enum (or of an enum's alias),
// after a blank line; nothing when it lists no value.
func enumConsts(t *ir.Type) jen.Code {
	if len(t.EnumValues) == 0 {
		return jen.Null()
	}
	consts := make([]jen.Code, 0, len(t.EnumValues))
	for _, v := range t.EnumValues {
		if v.Doc != "" {
			consts = append(consts, comment(v.Doc))
		}
		consts = append(consts, jen.Id(v.Name).Id(t.Name).Op("=").Add(literal(v.Value)))
	}
	doc := fmt.Sprintf("Values of %s.", t.Name)
	if t.MovedTo != "" {
		doc += fmt.Sprintf("\n\nDeprecated: use the constants of %s.", t.SameAs.Name)
	}
	return jen.Line().Add(comment(doc)).Line().Const().Defs(consts...).Line()
}

// textEnum reports whether t is an enum of plain strings, which decodes
// through its parse method.
func textEnum(t *ir.Type) bool {
	return t.Kind == ir.Enum && t.Underlying != nil && t.Underlying.Kind == ir.KString && !isTime(t.Underlying) && !isBytes(t.Underlying)
}

func enumLit(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

func literal(v any) jen.Code {
	switch x := v.(type) {
	case string:
		return jen.Lit(x)
	case int64:
		return jen.Id(strconv.FormatInt(x, 10))
	}
	return jen.Lit(v)
}

func (g *gen) scalarDecl(t *ir.Type) jen.Code {
	u := t.Underlying
	if t.MovedTo != "" {
		doc := fmt.Sprintf("%s is the name the schema at %s had before the spec moved it to %s: it is another name for %s.\n\n"+
			"Deprecated: use %s. The names file (specgen.names) keeps this name; delete its line there to drop it.", t.Name, t.Key, t.MovedTo, t.SameAs.Name, t.SameAs.Name)
		out := comment(doc).Line().Type().Id(t.Name).Op("=").Id(t.SameAs.Name).Line()
		return out.Add(enumConsts(t))
	}
	if t.SameAs != nil {
		doc := docFor(t.Name, t.Doc, "is the schema at "+t.Key+".", false) + "\n\nIt is the same as " + t.SameAs.Name + ", written out again in the spec, so it is another name for that type."
		if t.Deprecated {
			doc += "\n\nDeprecated: the API marks this as deprecated."
		}
		out := comment(doc).Line().
			Type().Id(t.Name).Op("=").Id(t.SameAs.Name).Line()
		// An enum's alias keeps its constants.
		return out.Add(enumConsts(t))
	}
	if u.Kind == ir.KNamed {
		// An alias of another schema.
		// goType names the alias a use was declared with (Schema.As).
		doc := t.Doc
		if useRules(u) != nil {
			doc = strings.TrimSpace(doc + "\n\nThe rules the spec gives " + t.Name + " beside those of " + src(goType(u)) +
				" are checked where a field, an item, a parameter or a request body is a " + t.Name + "; its Validate method is that of " + src(goType(u)) + ".")
		}
		return comment(docFor(t.Name, doc, "is another name for "+src(goType(u))+".", t.Deprecated)).Line().
			Type().Id(t.Name).Op("=").Add(goType(u)).Line()
	}
	out := comment(typeDoc(t)).Line().Type().Id(t.Name).Add(goType(u)).Line()
	if hasDecoder(t) {
		out.Line().Add(g.decodeMethod(t)).Line()
	}
	if t.EpochMillis && u.Kind == ir.KInt {
		ctor := "New" + t.Name
		out.Line().Add(comment(fmt.Sprintf("Time returns the instant v stands for, in UTC. It is exact: %s(t.Time()) == t.", ctor))).Line().
			Func().Params(jen.Id("v").Id(t.Name)).Id("Time").Params().Qual("time", "Time").Block(
			jen.Return(jen.Qual("time", "UnixMilli").Call(jen.Int64().Parens(jen.Id("v"))).Dot("UTC").Call()),
		).Line().Line().
			Comment(fmt.Sprintf("%s returns t as milliseconds since the Unix epoch; anything finer than a millisecond is dropped.", ctor)).Line().
			Func().Id(ctor).Params(jen.Id("t").Qual("time", "Time")).Id(t.Name).Block(
			jen.Return(jen.Id(t.Name).Parens(jen.Id("t").Dot("UnixMilli").Call())),
		).Line()
	}
	return out
}

func (g *gen) rawDecl(t *ir.Type) jen.Code {
	return comment(typeDoc(t)+"\n\nIt holds any JSON value, undecoded.").Line().
		Type().Id(t.Name).Qual("encoding/json", "RawMessage").Line().Line().
		Comment("MarshalJSON writes v as it is, or null when it is empty.").Line().
		Func().Params(jen.Id("v").Id(t.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.If(jen.Len(jen.Id("v")).Op("==").Lit(0)).Block(jen.Return(jen.Index().Byte().Call(jen.Lit("null")), jen.Nil())),
		jen.Return(jen.Id("v"), jen.Nil()),
	).Line().Line().
		Comment("UnmarshalJSON keeps a copy of data, which must be one JSON value.").Line().
		Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Return(jen.Id("keepRaw").Call(jen.Id("v"), jen.Id("data"))),
	).Line()
}

// jsonKindOf is the first byte of the JSON values a variant accepts:
// '"' string, 'n' number, 'b' boolean, '[' array, '{' object, '*' any.
func jsonKindOf(s *ir.Schema) byte {
	switch s.Kind {
	case ir.KString:
		return '"'
	case ir.KInt, ir.KNumber:
		return 'n'
	case ir.KBool:
		return 'b'
	case ir.KArray:
		return '['
	case ir.KMap, ir.KObject:
		return '{'
	case ir.KNamed:
		switch t := s.Named; t.Kind {
		case ir.Struct:
			return '{'
		case ir.Tuple:
			return '['
		case ir.Enum, ir.Scalar, ir.Slice, ir.Map:
			if t.Underlying != nil {
				return jsonKindOf(t.Underlying)
			}
		}
	}
	return '*'
}

func (g *gen) unionDecl(t *ir.Type) jen.Code {
	names := make([]string, len(t.Variants))
	fields := make([]jen.Code, len(t.Variants))
	for i, v := range t.Variants {
		names[i] = v.Name
		fields[i] = jen.Id(v.Name).Op("*").Add(goType(v.Schema))
	}
	doc := typeDoc(t) + "\n\nExactly one of its fields is set: " + strings.Join(names, ", ") + "; none for a value that fits no variant, which Validate reports."
	switch {
	case t.Mode == ir.AnyOf:
		doc = typeDoc(t) + "\n\nIt is an anyOf: at least one of its fields is set (" + strings.Join(names, ", ") +
			"), or none for a value that fits no variant, which Validate reports. Decoding sets every variant the value is valid for; encoding writes the variants that are set, objects merged into one."
	case tracksMatches(t):
		doc += " A value valid for more than one variant (and not told apart by the properties they name) decodes into the first of them and fails Validate (rule oneOf)."
	}
	if tracksMatches(t) {
		fields = append(fields, jen.Line().Add(comment("matched has a bit for each variant decoded JSON was valid for, when it was more\nthan one.")).Line().Id("matched").Uint64())
	}
	if matchDecoded(t) {
		fields = append(fields, sep(len(fields)).Add(comment("unmatched is set when decoded JSON was valid for none of the variants.")).Line().Id("unmatched").Bool())
	}
	fields = append(fields, jen.Id("other").Op("*").Id("otherVariant").Comment("a value of no variant, as it came"))
	out := comment(doc).Line().Type().Id(t.Name).Struct(fields...).Line().Line()

	// MarshalJSON
	marshal := jen.Func().Params(jen.Id("v").Id(t.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error())
	if t.Mode == ir.AnyOf {
		var parts []jen.Code
		for _, v := range t.Variants {
			parts = append(parts, jen.Id("variantPart").Call(jen.Id("v").Dot(v.Name)))
		}
		parts = append([]jen.Code{jen.Id("v").Dot("other")}, parts...)
		out.Add(comment("MarshalJSON writes the variants that are set: one as itself, several objects merged\ninto one (a property the first variant writes wins); a value of no variant as it came,\nor null.")).Line().
			Add(marshal).Block(jen.Return(jen.Id("marshalVariants").Call(parts...))).Line().Line()
	} else {
		out.Add(comment("MarshalJSON writes the variant that is set, a value of no variant as it came, or null.")).Line().
			Add(marshal).Add(oneLine(jen.Return(jen.Id("marshalJSON").Call(jen.Op("&").Id("v"))))).Line().Line()
	}

	return out.Add(g.decodeMethod(t)).Line()
}

// anyTracked reports whether a variant of a union is an object with
// required properties whose absence decoding notes.
func anyTracked(t *ir.Type) bool {
	for _, v := range t.Variants {
		if v.Schema.Kind == ir.KNamed && len(trackedFields(v.Schema.Named)) > 0 {
			return true
		}
	}
	return false
}

// redaction gives a struct with secret properties String, GoString and
// LogValue methods that mask them, so that printing or logging the value
// (or anything holding it) never shows a secret.
func (g *gen) redaction(t *ir.Type) jen.Code {
	var mask []jen.Code
	usesZero := false
	for _, f := range t.Fields {
		if !f.Secret {
			continue
		}
		fv := jen.Id("w").Dot(f.Name)
		switch b := f.Schema.Base(); {
		case b.Kind == ir.KMap && b.Elem.Base().Kind == ir.KString:
			mask = append(mask, jen.If(fv.Clone().Op("!=").Nil()).Block(
				jen.Id("m").Op(":=").Make(goType(f.Schema), jen.Len(fv.Clone())),
				jen.For(jen.Id("k").Op(":=").Range().Add(fv.Clone())).Block(jen.Id("m").Index(jen.Id("k")).Op("=").Lit("***")),
				fv.Clone().Op("=").Id("m"),
			))
		case b.Kind == ir.KString && !isTime(b) && !isBytes(b) && f.Schema.Kind != ir.KNamed:
			switch shapeOf(f, false) {
			case shapeValue, shapeValueOmit:
				mask = append(mask, jen.If(fv.Clone().Op("!=").Lit("")).Block(fv.Clone().Op("=").Lit("***")))
			case shapePtr, shapeNullPtr, shapeReqPtr:
				mask = append(mask, jen.If(fv.Clone().Op("!=").Nil()).Block(fv.Clone().Op("=").Id("Ptr").Call(jen.Lit("***"))))
			default:
				mask = append(mask, fv.Clone().Op("=").Id("zero").Dot(f.Name))
				usesZero = true
			}
		default:
			// Any other shape: drop it from the printed form entirely.
			mask = append(mask, fv.Clone().Op("=").Id("zero").Dot(f.Name))
			usesZero = true
		}
	}
	if len(mask) == 0 {
		return nil
	}
	redacted := []jen.Code{jen.Type().Id("plain").Id(t.Name)}
	if usesZero {
		redacted = append(redacted, jen.Var().Id("zero").Id("plain"))
	}
	redacted = append(redacted, jen.Id("w").Op(":=").Id("plain").Call(jen.Id("v")))
	redacted = append(append(redacted, mask...), jen.Return(jen.Id("w")))
	return comment("redacted returns v with its secret properties masked.").Line().
		Func().Params(jen.Id("v").Id(t.Name)).Id("redacted").Params().Any().Block(redacted...).Line().Line().
		Add(comment("String formats v as JSON with its secret properties masked, so that printing it\nwith %v or %+v never shows a secret.")).Line().
		Func().Params(jen.Id("v").Id(t.Name)).Id("String").Params().String().Block(
		jen.List(jen.Id("b"), jen.Id("_")).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("v").Dot("redacted").Call()),
		jen.Return(jen.Lit(t.Name).Op("+").String().Parens(jen.Id("b"))),
	).Line().Line().
		Add(comment("GoString is String, for %#v.")).Line().
		Func().Params(jen.Id("v").Id(t.Name)).Id("GoString").Params().String().Block(jen.Return(jen.Id("v").Dot("String").Call())).Line().Line().
		Add(comment("LogValue logs v with its secret properties masked.")).Line().
		Func().Params(jen.Id("v").Id(t.Name)).Id("LogValue").Params().Qual("log/slog", "Value").Block(
		jen.Return(jen.Qual("log/slog", "StringValue").Call(jen.Id("v").Dot("String").Call())),
	)
}

// holdsSecret reports whether a struct holds a secret property itself or
// in anything it contains.
func (g *gen) holdsSecret(t *ir.Type, seen map[*ir.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	var inSchema func(s *ir.Schema) bool
	inSchema = func(s *ir.Schema) bool {
		for s != nil {
			if s.Kind == ir.KNamed {
				return g.holdsSecret(s.Named, seen)
			}
			s = s.Elem
		}
		return false
	}
	for _, f := range t.Fields {
		if f.Secret || inSchema(f.Schema) {
			return true
		}
	}
	for _, v := range t.Variants {
		if inSchema(v.Schema) {
			return true
		}
	}
	return inSchema(t.Underlying)
}

func knownKeys(t *ir.Type) []jen.Code {
	var out []jen.Code
	for _, f := range t.Fields {
		out = append(out, jen.Lit(f.JSONName))
	}
	return out
}

// tupleDecl emits a Tuple (prefixItems): a struct with a field per
// position, written and read as a JSON array.
func (g *gen) tupleDecl(t *ir.Type) jen.Code {
	var fields []jen.Code
	nreq := 0
	for i, it := range t.Items {
		typ := goType(it.Schema)
		note := fmt.Sprintf("%s is item %d.", it.Name, i)
		if it.Required {
			nreq++
			if nullItem(it) {
				typ = jen.Op("*").Add(typ)
				note = fmt.Sprintf("%s is item %d; nil when it is null.", it.Name, i)
			}
		} else {
			typ = jen.Op("*").Add(typ)
			note = fmt.Sprintf("%s is item %d; nil when the array is shorter.", it.Name, i)
			if it.Schema.Nullable {
				note = fmt.Sprintf("%s is item %d; nil when the array is shorter or it is null.", it.Name, i)
			}
		}
		fields = append(fields, comment(note).Line().Id(it.Name).Add(typ))
	}
	if t.Rest != nil {
		fields = append(fields, comment(fmt.Sprintf("Rest holds the items after the first %d (items).", len(t.Items))).Line().Id("Rest").Add(goType(restOf(t))))
	}
	if nreq > 0 {
		fields = append(fields, jen.Line().Add(comment("short counts the positions below minItems that decoded JSON lacked.")).Line().Id("short").Int())
	}
	doc := typeDoc(t) + "\n\nIt is a tuple (prefixItems): a JSON array whose items are its fields, in order."
	if t.NoRest {
		doc += fmt.Sprintf(" It has at most %d items (items: false).", len(t.Items))
	}
	fields = append(fields, jen.Id("other").Op("*").Id("otherVariant").Comment("a value of no variant, as it came"))
	out := comment(doc).Line().Type().Id(t.Name).Struct(fields...).Line().Line()

	// MarshalJSON
	var req, opt []jen.Code
	for _, it := range t.Items {
		if it.Required {
			req = append(req, jen.Id("v").Dot(it.Name))
		} else {
			opt = append(opt, jen.Id("v").Dot(it.Name))
		}
	}
	body := []jen.Code{jen.Id("items").Op(":=").Index().Any().Values(req...)}
	if len(opt) > 0 {
		var cases []jen.Code
		if t.Rest != nil {
			cases = append(cases, jen.Case(jen.Len(jen.Id("v").Dot("Rest")).Op(">").Lit(0)).Block(jen.Id("n").Op("=").Lit(len(opt))))
		}
		k := len(opt)
		for i := len(t.Items) - 1; i >= 0; i-- {
			it := t.Items[i]
			if it.Required {
				continue
			}
			cases = append(cases, jen.Case(jen.Id("v").Dot(it.Name).Op("!=").Nil()).Block(jen.Id("n").Op("=").Lit(k)))
			k--
		}
		body = append(body,
			jen.Comment("The optional positions up to the last one set; one missing before it is null."),
			jen.Id("n").Op(":=").Lit(0),
			jen.Switch().Block(cases...),
			jen.Id("items").Op("=").Append(jen.Id("items"), jen.Index().Any().Values(opt...).Index(jen.Empty(), jen.Id("n")).Op("...")),
		)
	}
	if t.Rest != nil {
		body = append(body, jen.For(jen.List(jen.Id("_"), jen.Id("x")).Op(":=").Range().Id("v").Dot("Rest")).Block(
			jen.Id("items").Op("=").Append(jen.Id("items"), jen.Id("x")),
		))
	}
	body = append(body, jen.Return(jen.Qual("encoding/json", "Marshal").Call(jen.Id("items"))))
	out.Add(comment("MarshalJSON writes v as a JSON array.")).Line().
		Func().Params(jen.Id("v").Id(t.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(body...).Line().Line()
	return out.Add(g.decodeMethod(t)).Line()
}

// nullItem reports whether a required position of a tuple may be null and
// its Go type has no nil: it is held by pointer, nil for null.
func nullItem(it *ir.TupleItem) bool { return it.Schema.Nullable && !refLike(it.Schema) }

// restOf is the schema of a tuple's Rest, a list of its items after the
// positions (items that may be null held by pointer, as in any list).
func restOf(t *ir.Type) *ir.Schema { return &ir.Schema{Kind: ir.KArray, Elem: t.Rest} }

// defaultAccessors emits, for each optional property held by pointer whose
// schema gives a default of its own type, a method that returns the value
// or, when it is not set, the default: LimitOrDefault for Limit.
func (g *gen) defaultAccessors(t *ir.Type, params bool) []jen.Code {
	taken := map[string]bool{"Validate": true, "ValidateRequest": true, "ValidateResponse": true, "MarshalJSON": true, "UnmarshalJSON": true, "String": true, "GoString": true, "Format": true, "LogValue": true}
	for _, f := range t.Fields {
		taken[f.Name] = true
	}
	var out []jen.Code
	for _, f := range t.Fields {
		if f.Default == nil || shapeOf(f, params) != shapePtr {
			continue
		}
		lit, ok := defaultLiteral(f.Schema, f.Default)
		name := f.Name + "OrDefault"
		if !ok || taken[name] {
			continue
		}
		taken[name] = true
		shown, _ := json.Marshal(f.Default)
		out = append(out, comment(fmt.Sprintf("%s returns %s, or its default %s when it is not set.", name, f.Name, shown)).Line().
			Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id(name).Params().Add(goType(f.Schema)).Block(
			jen.If(jen.Id("v").Op("==").Nil().Op("||").Id("v").Dot(f.Name).Op("==").Nil()).Block(jen.Return(lit)),
			jen.Return(jen.Op("*").Id("v").Dot(f.Name)),
		))
	}
	return out
}

// defaultLiteral writes a default as an untyped Go constant of the
// schema's kind; false when the default is not of that kind (specs are not
// checked for it) or the type is not a string, number or boolean.
func defaultLiteral(s *ir.Schema, v any) (jen.Code, bool) {
	b := s.Base()
	switch x := v.(type) {
	case string:
		if b.Kind == ir.KString && !isTime(b) && !isBytes(b) {
			return jen.Lit(x), true
		}
	case bool:
		if b.Kind == ir.KBool {
			return jen.Lit(x), true
		}
	case float64:
		switch b.Kind {
		case ir.KInt:
			lo, hi := typeRange(b)
			if x == math.Trunc(x) && x >= lo && x <= hi {
				return jen.Id(strconv.FormatInt(int64(x), 10)), true
			}
		case ir.KNumber:
			if !math.IsInf(x, 0) && !math.IsNaN(x) && (b.Format != "float" || math.Abs(x) <= math.MaxFloat32) {
				return jen.Id(strconv.FormatFloat(x, 'g', -1, 64)), true
			}
		}
	}
	return nil, false
}
