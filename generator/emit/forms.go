package emit

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/specgen/specgen/generator/ir"
)

// Form bodies: the client encodes the body struct as url.Values or streams
// it as multipart parts; the server decodes the values into the struct,
// field by field, with the parameters' parsers.

// usesForms reports whether any operation has a typed form body.
func (g *gen) usesForms() bool {
	for _, op := range g.p.Operations {
		if op.Body != nil && op.Body.Form != "" {
			return true
		}
	}
	return false
}

func isFormBody(op *ir.Operation) bool { return op.Body != nil && op.Body.Form != "" }

func formEncoderName(op *ir.Operation) string {
	if op.Body.Form == ir.Multipart {
		return "write" + op.Name + "Multipart"
	}
	return "encode" + op.Name + "Form"
}

func formDecoderName(op *ir.Operation) string { return "read" + op.Name + "Form" }

// bodyDoc says how the body goes on the wire when the spec offers a form,
// or more than one media type.
func bodyDoc(op *ir.Operation) string {
	if op.Body == nil || (op.Body.Form == "" && len(op.Body.Others) == 0) {
		return ""
	}
	d := "The request body is " + op.Body.ContentType
	if len(op.Body.Others) > 0 {
		d += " (the API also accepts " + strings.Join(op.Body.Others, ", ") + "; this package uses the first)"
	}
	return d + "."
}

// clientFormSend is the form body to send, nil when there is none.
func (g *gen) clientFormSend(op *ir.Operation) jen.Code {
	if op.Body.Form == ir.Multipart {
		return jen.Id("multipartOrNil").Call(jen.Id("body"), jen.Id(formEncoderName(op)))
	}
	return jen.Id("formOrNil").Call(jen.Id("body"), jen.Id(formEncoderName(op)))
}

// formValue gives the field's value, and wraps code that uses it in the
// check that the field is set.
func formValue(f *ir.Field) (val *jen.Statement, guard func(...jen.Code) []jen.Code) {
	sel := jen.Id("body").Dot(f.Name)
	switch shapeOf(f, false) {
	case shapePtr, shapeNullPtr, shapeReqPtr:
		return jen.Op("*").Add(sel.Clone()), func(c ...jen.Code) []jen.Code {
			return []jen.Code{jen.If(sel.Clone().Op("!=").Nil()).Block(c...)}
		}
	case shapeOmitZero:
		return sel, func(c ...jen.Code) []jen.Code { return []jen.Code{jen.If(sel.Clone().Op("!=").Nil()).Block(c...)} }
	case shapeNullable:
		// A form has no null: a null is left out, like an absent value.
		return sel.Clone().Dot("Value"), func(c ...jen.Code) []jen.Code {
			return []jen.Code{jen.If(sel.Clone().Dot("Set").Op("&&").Op("!").Add(sel.Clone()).Dot("Null")).Block(c...)}
		}
	case shapeValueOmit:
		return sel, func(c ...jen.Code) []jen.Code {
			return []jen.Code{jen.If(sel.Clone().Op("!=").Add(zeroOf(f.Schema))).Block(c...)}
		}
	}
	return sel, func(c ...jen.Code) []jen.Code { return c }
}

// isFormFile reports whether a field is held as a FormFile.
func isFormFile(f *ir.Field) bool {
	return f.Schema.Kind == ir.KExternal && f.Schema.GoType == "FormFile"
}

// isFormFileList reports whether a field is held as a []FormFile (else its
// files are strings: a component's JSON shape).
func isFormFileList(f *ir.Field) bool {
	e := f.Schema.Elem
	return f.Schema.Kind == ir.KArray && e.Kind == ir.KExternal && e.GoType == "FormFile"
}

// formEncoder emits the function that writes an operation's form body.
func (g *gen) formEncoder(op *ir.Operation) jen.Code {
	t := goType(op.Body.Schema)
	multipart := op.Body.Form == ir.Multipart
	check := func(call jen.Code) jen.Code {
		return jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
	}
	var body []jen.Code
	if !multipart {
		body = append(body, jen.Id("v").Op(":=").Id("newFormValues").Call())
	}
	for _, p := range op.Body.Parts {
		f := p.Field
		if f.LeftOutOfRequests() {
			continue // the client sends no readOnly value, as in JSON
		}
		val, guard := formValue(f)
		name := jen.Lit(f.JSONName)
		var code []jen.Code
		switch {
		case p.Kind == ir.PartFile && isFormFile(f):
			v := jen.Op("&").Add(val)
			if shapeOf(f, false) == shapePtr || shapeOf(f, false) == shapeNullPtr || shapeOf(f, false) == shapeReqPtr {
				v = jen.Id("body").Dot(f.Name)
			}
			code = []jen.Code{check(jen.Id("writeFilePart").Call(jen.Id("mw"), name, v, jen.Lit(p.ContentType)))}
		case p.Kind == ir.PartFile:
			file := jen.Op("&").Id("FormFile").Values(jen.Dict{jen.Id("Body"): jen.Qual("strings", "NewReader").Call(jen.String().Parens(val))})
			code = []jen.Code{check(jen.Id("writeFilePart").Call(jen.Id("mw"), name, file, jen.Lit(p.ContentType)))}
		case p.Kind == ir.PartFiles:
			// A part per file, each under the field's name.
			file := jen.Op("&").Add(val.Clone()).Index(jen.Id("i"))
			if !isFormFileList(f) {
				file = jen.Op("&").Id("FormFile").Values(jen.Dict{jen.Id("Body"): jen.Qual("strings", "NewReader").Call(val.Clone().Index(jen.Id("i")))})
			}
			code = []jen.Code{jen.For(jen.Id("i").Op(":=").Range().Add(val)).Block(
				check(jen.Id("writeFilePart").Call(jen.Id("mw"), name, file, jen.Lit(p.ContentType))),
			)}
		case p.Kind == ir.PartJSON:
			code = []jen.Code{check(jen.Id("writeJSONPart").Call(jen.Id("mw"), name, jen.Lit(p.ContentType), val))}
		case !multipart && writeFormValue(f, p) != nil:
			// The helpers check that the field is set.
			body = append(body, writeFormValue(f, p))
			continue
		default:
			b := f.Schema.Base()
			add := func(text jen.Code) jen.Code {
				if multipart {
					return check(jen.Id("mw").Dot("WriteField").Call(name, text))
				}
				return jen.Id("v").Dot("Add").Call(name, text)
			}
			if b.Kind == ir.KArray && p.Explode {
				code = []jen.Code{jen.For(jen.List(jen.Id("_"), jen.Id("x")).Op(":=").Range().Add(val)).Block(
					add(g.formatScalar(b.Elem, jen.Id("x"))),
				)}
			} else {
				code = []jen.Code{add(g.formatScalarOrList(f.Schema, val))}
			}
		}
		body = append(body, guard(code...)...)
	}
	if multipart {
		body = append(body, jen.Return(jen.Nil()))
		return comment(formEncoderName(op)+" streams the multipart/form-data body of "+op.Name+" to mw.").Line().
			Func().Id(formEncoderName(op)).Params(jen.Id("mw").Op("*").Qual("mime/multipart", "Writer"), jen.Id("body").Op("*").Add(t)).Error().Block(body...).Line()
	}
	body = append(body, jen.Return(jen.Id("v")))
	return comment(formEncoderName(op) + " writes the body of " + op.Name + " as form values.").Line().
		Func().Id(formEncoderName(op)).Params(jen.Id("body").Op("*").Add(t)).Op("*").Id("formValues").Block(body...).Line()
}

// formParam is the form field f as a parameter, to be read and written
// by the parameters' helpers.
func formParam(f *ir.Field, p ir.FormPart) *ir.Param {
	return &ir.Param{SpecName: f.JSONName, In: "form", Required: f.AlwaysRequired(), Explode: p.Explode, Schema: f.Schema}
}

// writeFormValue adds the value of a form field to v with a helper, or
// returns nil when none fits its shape.
func writeFormValue(f *ir.Field, p ir.FormPart) jen.Code {
	shape := shapeOf(f, false)
	if shape != shapePtr && shape != shapeOmitZero {
		return nil
	}
	return writeParam(shape, formParam(f, p), p.Explode, jen.Id("body").Dot(f.Name), "v")
}

// formDecoder emits the function that reads an operation's form body into
// its struct, noting every bad or missing value in e.
func (g *gen) formDecoder(op *ir.Operation) jen.Code {
	t := goType(op.Body.Schema)
	var body []jen.Code
	usesF := false
	in := "form"
	for _, p := range op.Body.Parts {
		f := p.Field
		if f.LeftOutOfRequests() {
			continue // a request's readOnly values are ignored, as in JSON
		}
		shape := shapeOf(f, false)
		if p.Kind != ir.PartFile && p.Kind != ir.PartFiles && p.Kind != ir.PartJSON {
			if c := readParam("f", shape, formParam(f, p), p.Explode, jen.Id("body").Dot(f.Name)); c != nil {
				body = append(body, c)
				usesF = true
				continue
			}
		}
		ptr := shape == shapePtr || shape == shapeNullPtr || shape == shapeReqPtr
		target := "body." + f.Name
		name := f.JSONName
		ft := goType(f.Schema)
		// set assigns a parsed value to the field.
		set := func(v jen.Code) []jen.Code {
			if shape == shapeNullable {
				return []jen.Code{jen.Id("body").Dot(f.Name).Op("=").Id("NewNullable").Call(v)}
			}
			if ptr {
				return []jen.Code{jen.Id("v").Op(":=").Add(v), jen.Id("body").Dot(f.Name).Op("=").Op("&").Id("v")}
			}
			return []jen.Code{jen.Id("body").Dot(f.Name).Op("=").Add(v)}
		}
		missing := []jen.Code{}
		if f.AlwaysRequired() {
			missing = append(missing, jen.Id("e").Dot("required").Call(pathLit(name)))
		}
		withElse := func(st *jen.Statement) jen.Code {
			if len(missing) > 0 {
				st.Else().Block(missing...)
			}
			return st
		}
		switch {
		case p.Kind == ir.PartFile:
			method, conv := "file", func(v jen.Code) jen.Code { return v }
			if isFormFile(f) {
				if !ptr {
					conv = func(v jen.Code) jen.Code { return jen.Op("*").Add(v) }
				}
			} else {
				method = "fileText"
				conv = func(v jen.Code) jen.Code { return jen.Add(ft.Clone()).Parens(v) }
			}
			assign := []jen.Code{jen.Id("body").Dot(f.Name).Op("=").Add(conv(jen.Id("x")))}
			if !isFormFile(f) && (ptr || shape == shapeNullable) {
				assign = set(conv(jen.Id("x")))
			}
			body = append(body, withElse(jen.If(jen.List(jen.Id("x"), jen.Id("ok"), jen.Err()).Op(":=").Id("form").Dot(method).Call(jen.Lit(name)), jen.Err().Op("!=").Nil()).Block(
				jen.Id("e").Dot("add").Call(pathLit(name), jen.Lit("type"), jen.Lit("cannot be read (in form)")),
			).Else().If(jen.Id("ok")).Block(assign...)))
		case p.Kind == ir.PartFiles:
			method := "fileList"
			if !isFormFileList(f) {
				method = "fileTexts"
			}
			body = append(body, withElse(jen.If(jen.List(jen.Id("xs"), jen.Id("ok"), jen.Err()).Op(":=").Id("form").Dot(method).Call(jen.Lit(name)), jen.Err().Op("!=").Nil()).Block(
				jen.Id("e").Dot("add").Call(pathLit(name), jen.Lit("type"), jen.Lit("cannot be read (in form)")),
			).Else().If(jen.Id("ok")).Block(jen.Id("body").Dot(f.Name).Op("=").Id("xs"))))
		case p.Kind == ir.PartJSON:
			dst := jen.Op("&").Id("body").Dot(f.Name)
			body = append(body, withElse(jen.If(jen.List(jen.Id("raw"), jen.Id("ok")).Op(":=").Id("form").Dot("value").Call(jen.Lit(name)), jen.Id("ok")).Block(
				jen.Id("decodePart").Call(jen.Id("e"), jen.Lit(name), jen.Id("raw"), dst),
			)))
		default:
			b := f.Schema.Base()
			if b.Kind == ir.KArray {
				var items jen.Code = jen.Id("form").Dot("values").Index(jen.Lit(name))
				if !p.Explode {
					items = jen.Id("splitParam").Call(jen.Id("form").Dot("values").Index(jen.Lit(name)).Index(jen.Lit(0)))
				}
				loop := jen.For(jen.List(jen.Id("_"), jen.Id("item")).Op(":=").Range().Add(items)).Block(
					g.parseItems(f.Schema, b, jen.Id("item"), target, name, in)...,
				)
				body = append(body, withElse(jen.If(jen.Len(jen.Id("form").Dot("values").Index(jen.Lit(name))).Op(">").Lit(0)).Block(loop)))
				continue
			}
			body = append(body, withElse(jen.If(jen.List(jen.Id("raw"), jen.Id("ok")).Op(":=").Id("form").Dot("value").Call(jen.Lit(name)), jen.Id("ok")).Block(
				g.parseScalar(b, ft, jen.Id("raw"), set, name, in)...,
			)))
		}
	}
	if usesF {
		body = append([]jen.Code{jen.Id("f").Op(":=").Id("formParams").Call(jen.Id("e"), jen.Id("form"))}, body...)
	}
	body = append([]jen.Code{
		jen.If(jen.Id("form").Op("==").Nil()).Block(jen.Return(jen.Nil())),
		jen.Id("body").Op(":=").New(t.Clone()),
	}, body...)
	body = append(body, jen.Return(jen.Id("body")))
	return comment(formDecoderName(op)+" reads the form body of "+op.Name+", nil when there is none, noting every bad or missing value in e.").Line().
		Func().Id(formDecoderName(op)).Params(jen.Id("form").Op("*").Id("formData"), jen.Id("e").Op("*").Id("validator")).Op("*").Add(t.Clone()).Block(body...).Line()
}

// serverFormBody reads and decodes a form body into body, and validates
// it; ok is false when the body could not be read, which formBody answers.
func (g *gen) serverFormBody(op *ir.Operation) []jen.Code {
	out := []jen.Code{
		jen.List(jen.Id("form"), jen.Id("ok")).Op(":=").Id("s").Dot("formBody").Call(jen.Id("w"), jen.Id("r"), jen.Lit(op.Body.Form == ir.Multipart), jen.Lit(op.Body.Required)),
		jen.Defer().Id("form").Dot("close").Call(),
		jen.Id("body").Op(":=").Id(formDecoderName(op)).Call(jen.Id("form"), jen.Id("e")),
	}
	if inner := g.checks(op.Body.Schema, func() *jen.Statement { return jen.Parens(jen.Op("*").Id("body")) }, pathRoot, 0); len(inner) > 0 {
		if op.Body.Schema.Kind == ir.KNamed {
			out = append(out, jen.Id("checkRequest").Call(jen.Id("e"), jen.Id("body"), jen.False()))
		} else {
			out = append(out, jen.If(jen.Id("body").Op("!=").Nil()).Block(inner...))
		}
	}
	return out
}
