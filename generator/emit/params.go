package emit

import (
	"regexp"

	"github.com/dave/jennifer/jen"

	"github.com/specgen/specgen/generator/ir"
)

// Parameters, headers and form values travel as text. The runtime's
// helpers (runtime/params.go) read and write each one in a call; the
// emitters pick the parser or formatter of its type, and fall back to
// code of their own for the shapes the helpers do not cover.

// textParser is the runtime parser of a scalar schema's text, such as
// asInt[int64], or nil when no helper parses its Go type.
func textParser(s *ir.Schema) jen.Code {
	b := s.Base()
	t := goType(s)
	switch b.Kind {
	case ir.KInt:
		if b.Format == "int32" {
			return jen.Id("asInt32").Types(t)
		}
		return jen.Id("asInt").Types(t)
	case ir.KNumber:
		if b.Format == "float" {
			return jen.Id("asFloat32").Types(t)
		}
		return jen.Id("asFloat").Types(t)
	case ir.KBool:
		return jen.Id("asBool").Types(t)
	case ir.KString:
		switch {
		case isTime(b):
			if src(t) == "time.Time" {
				return jen.Id("asTime")
			}
		case !isBytes(b):
			return jen.Id("asText").Types(t)
		}
	}
	return nil
}

// textFormatter is the runtime formatter of a scalar schema's values, or
// nil when no helper formats its Go type.
func textFormatter(s *ir.Schema) jen.Code {
	b := s.Base()
	switch b.Kind {
	case ir.KInt:
		return jen.Id("fmtInt")
	case ir.KNumber:
		if b.Format == "float" {
			return jen.Id("fmtFloat32")
		}
		return jen.Id("fmtFloat")
	case ir.KBool:
		return jen.Id("fmtBool")
	case ir.KString:
		switch {
		case isTime(b):
			if src(goType(s)) == "time.Time" {
				return jen.Id("fmtTime")
			}
		case !isBytes(b):
			return jen.Id("fmtText")
		}
	}
	return nil
}

// listSep is what the items of a non-exploded array parameter are joined
// with: a comma unless the style says otherwise.
func listSep(delim string) string {
	if delim == "" {
		return ","
	}
	return delim
}

// readParam reads the parameter (or header, or form value) p, held in a
// field of the given shape, from the paramSource src into target with a runtime helper, or
// returns nil when no helper fits its shape. explode says whether an array
// is sent as one value per item.
func readParam(src string, shape fieldShape, p *ir.Param, explode bool, target *jen.Statement) jen.Code {
	b := p.Schema.Base()
	name := jen.Lit(p.SpecName)
	if b.Kind == ir.KArray {
		parse := textParser(b.Elem)
		if parse == nil || (shape != shapeValue && shape != shapeOmitZero) {
			return nil
		}
		sep := ""
		if !explode {
			sep = listSep(p.Delimiter)
		}
		return target.Op("=").Id("listParam").Call(jen.Id(src), name, jen.Lit(sep), jen.Lit(p.Required), parse)
	}
	parse := textParser(p.Schema)
	if parse == nil {
		return nil
	}
	switch {
	case shape == shapePtr && !p.Required:
		return target.Op("=").Id("optParam").Call(jen.Id(src), name, parse)
	case shape == shapePtr || shape == shapeNullPtr:
		return target.Op("=").Id("ptrIf").Call(jen.Id("firstParam").Call(jen.Id(src), name, jen.Lit(p.Required), parse))
	case (shape == shapeValue || shape == shapeValueOmit) && p.Required:
		return target.Op("=").Id("reqParam").Call(jen.Id(src), name, parse)
	case shape == shapeValue || shape == shapeValueOmit:
		return jen.List(target, jen.Id("_")).Op("=").Id("firstParam").Call(jen.Id(src), name, jen.False(), parse)
	}
	return nil
}

// writeParam writes the value val of the parameter (or header, or form
// value) p to the url.Values or http.Header named into with a runtime
// helper, or returns nil when no helper fits its shape.
func writeParam(shape fieldShape, p *ir.Param, explode bool, val *jen.Statement, into string) jen.Code {
	b := p.Schema.Base()
	name := jen.Lit(p.SpecName)
	if b.Kind == ir.KArray {
		format := textFormatter(b.Elem)
		switch {
		case format == nil:
			return nil
		case explode:
			return jen.Id("addEach").Call(jen.Id(into), name, val, format)
		case shape == shapeOmitZero:
			return jen.Id("setList").Call(jen.Id(into), name, val, jen.Lit(listSep(p.Delimiter)), format)
		case shape == shapeValue:
			return jen.Id(into).Dot("Set").Call(name, jen.Id("joinList").Call(val, jen.Lit(listSep(p.Delimiter)), format))
		}
		return nil
	}
	format := textFormatter(p.Schema)
	if format == nil {
		return nil
	}
	switch shape {
	case shapePtr, shapeNullPtr:
		return jen.Id("setOpt").Call(jen.Id(into), name, val, format)
	}
	return nil
}

var dirWord = regexp.MustCompile(`(^|[^\w".])dir([^\w"]|$)`)

// usesDir reports whether code refers to the direction constant dir that
// the validation code of a request or response expects in scope.
func usesDir(code ...jen.Code) bool {
	return dirWord.MatchString(src(jen.Block(code...)))
}

// validatorDecl declares the validator e of a request or response, and the
// direction constant when the code that follows uses it.
func validatorDecl(dir string, code ...jen.Code) []jen.Code {
	out := []jen.Code{jen.Id("e").Op(":=").New(jen.Id("validator"))}
	if usesDir(code...) {
		out = append(out, jen.Const().Id("dir").Op("=").Id(dir))
	}
	return out
}
