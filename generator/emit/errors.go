package emit

import (
	"github.com/dave/jennifer/jen"
)

// errorsFile emits how this API's error envelope is read and written,
// following the shape the spec's error responses use.
func (g *gen) errorsFile(f *jen.File) {
	m := g.p.Error
	var fields []jen.Code
	var fromWire, toWire []jen.Code
	obj := func(name string) *jen.Statement {
		if m.Envelope != "" {
			return jen.Id("w").Dot("Envelope").Dot(name)
		}
		return jen.Id("w").Dot(name)
	}
	if m.Code != "" {
		fields = append(fields, jen.Id("Code").Qual("encoding/json", "RawMessage").Tag(map[string]string{"json": m.Code + ",omitempty"}))
		// A code the spec writes as a string ("404") is read and written
		// as one; a number as a number.
		fromWire = append(fromWire, jen.If(jen.List(jen.Id("n"), jen.Err()).Op(":=").Qual("strconv", "Atoi").Call(jen.Qual("strings", "Trim").Call(jen.String().Parens(obj("Code")), jen.Lit(`"`))), jen.Err().Op("==").Nil()).Block(
			jen.Id("e").Dot("Code").Op("=").Id("n"),
		))
		code := jen.Qual("strconv", "Itoa").Call(jen.Id("e").Dot("Code"))
		if m.CodeString {
			code = jen.Qual("strconv", "Quote").Call(code)
		}
		toWire = append(toWire, obj("Code").Op("=").Qual("encoding/json", "RawMessage").Parens(code))
	}
	if m.Title != "" {
		fields = append(fields, jen.Id("Title").String().Tag(map[string]string{"json": m.Title + ",omitempty"}))
		toWire = append(toWire, obj("Title").Op("=").Qual("net/http", "StatusText").Call(jen.Id("e").Dot("StatusCode")))
	}
	if m.Type != "" {
		fields = append(fields, jen.Id("Type").String().Tag(map[string]string{"json": m.Type + ",omitempty"}))
		toWire = append(toWire, obj("Type").Op("=").Lit("about:blank"))
	}
	fields = append(fields, jen.Id("Message").String().Tag(map[string]string{"json": m.Message}))
	fromWire = append(fromWire, jen.Id("e").Dot("Message").Op("=").Add(obj("Message")))
	toWire = append(toWire, obj("Message").Op("=").Id("e").Dot("Message"))
	for _, x := range []struct{ json, name string }{{m.Missing, "Missing"}, {m.Duplicated, "Duplicated"}} {
		if x.json == "" {
			continue
		}
		fields = append(fields, jen.Id(x.name).Index().Map(jen.String()).Any().Tag(map[string]string{"json": x.json + ",omitempty"}))
		fromWire = append(fromWire, jen.Id("e").Dot(x.name).Op("=").Add(obj(x.name)))
		toWire = append(toWire, obj(x.name).Op("=").Id("e").Dot(x.name))
	}
	var wire jen.Code
	present := jen.Null()
	if m.Envelope != "" {
		wire = jen.Struct(jen.Id("Envelope").Op("*").Struct(fields...).Tag(map[string]string{"json": m.Envelope}))
		present = jen.If(jen.Id("w").Dot("Envelope").Op("==").Nil()).Block(jen.Return(jen.False()))
		toWire = append([]jen.Code{jen.Id("w").Dot("Envelope").Op("=").Op("&").Id("errorObject").Values()}, toWire...)
		f.Add(comment("errorObject is the object inside the error envelope."))
		f.Type().Id("errorObject").Op("=").Struct(fields...)
		wire = jen.Struct(jen.Id("Envelope").Op("*").Id("errorObject").Tag(map[string]string{"json": m.Envelope}))
	} else {
		wire = jen.Struct(fields...)
		// Any object, and null, decode into the flat shape: it is the
		// API's only when it holds the message or the code.
		cond := jen.Id("w").Dot("Message").Op("==").Lit("")
		if m.Code != "" {
			cond = cond.Op("&&").Len(jen.Id("w").Dot("Code")).Op("==").Lit(0)
		}
		present = jen.If(cond).Block(jen.Return(jen.False()))
	}
	ct := m.ContentType
	if ct == "" {
		ct = "application/json"
	}
	f.Add(comment("errorContentType is the Content-Type of the error answers the server writes."))
	f.Var().Id("errorContentType").Op("=").Index().String().Values(jen.Lit(ct))
	f.Line()
	f.Add(comment("errorWire is the error body as the API writes it."))
	f.Type().Id("errorWire").Op("=").Add(wire)
	f.Line()
	f.Add(comment("decodeErrorBody reads an error body into e, reporting whether it had the API's error shape."))
	f.Func().Id("decodeErrorBody").Params(jen.Id("data").Index().Byte(), jen.Id("e").Op("*").Id("APIError")).Bool().Block(
		append(append([]jen.Code{
			jen.Var().Id("w").Id("errorWire"),
			jen.If(jen.Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("w")).Op("!=").Nil()).Block(jen.Return(jen.False())),
			present,
		}, fromWire...), jen.Return(jen.True()))...,
	)
	f.Line()
	f.Add(comment("encodeErrorBody writes e in the API's error shape."))
	f.Func().Id("encodeErrorBody").Params(jen.Id("e").Op("*").Id("APIError")).Params(jen.Index().Byte(), jen.Error()).Block(
		append(append([]jen.Code{jen.Var().Id("w").Id("errorWire")}, toWire...), jen.Return(jen.Qual("encoding/json", "Marshal").Call(jen.Id("w"))))...,
	)
}
