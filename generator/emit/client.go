package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/specgen/specgen/generator/ir"
)

// signature is the parameter and result list shared by a Client method
// and the Handler method of the same operation, so that a *Client is a
// Handler too.
func signature(op *ir.Operation) (params, results []jen.Code) {
	params = append(params, jen.Id("ctx").Qual("context", "Context"))
	for _, p := range op.PathParams {
		params = append(params, jen.Id(p.ArgName).Add(goType(p.Schema)))
	}
	if op.Body != nil {
		params = append(params, jen.Id("body").Op("*").Add(bodyType(op.Body)))
	}
	if op.Params != nil {
		params = append(params, jen.Id("params").Op("*").Id(op.Params.Name))
	}
	if op.Result != nil {
		results = []jen.Code{jen.Op("*").Id(op.Result.Name), jen.Error()}
	} else if op.Success.Raw {
		results = []jen.Code{jen.Op("*").Id("RawResponse"), jen.Error()}
	} else if op.Success.Schema != nil {
		results = []jen.Code{jen.Op("*").Add(goType(op.Success.Schema)), jen.Error()}
	} else {
		results = []jen.Code{jen.Error()}
	}
	return params, results
}

func bodyType(b *ir.Body) jen.Code {
	if b.Raw {
		return jen.Id("RawBody")
	}
	return goType(b.Schema)
}

// repeatable reports whether an operation is safe to send more than once,
// and so to retry: GET, HEAD, PUT, DELETE, OPTIONS, or x-idempotent.
func repeatable(op *ir.Operation) bool {
	switch op.Method {
	case "GET", "HEAD", "PUT", "DELETE", "OPTIONS":
		return true
	}
	return op.Idempotent
}

// hasResult reports whether the operation returns a value besides the error.
func hasResult(op *ir.Operation) bool {
	return op.Result != nil || op.Success.Raw || op.Success.Schema != nil
}

// opDoc describes an operation for the Client and Handler methods. The
// facts (the body's media type, the statuses, extra) end the summary's
// paragraph, or have one of their own after the description.
func opDoc(op *ir.Operation, verb string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s %s", op.Name, verb, op.Method, op.Path)
	if op.Summary != "" {
		b.WriteString(": " + lowerFirst(strings.TrimSuffix(op.Summary, ".")) + ".")
	} else {
		b.WriteString(".")
	}
	described := op.Doc != "" && op.Doc != op.Summary
	if described {
		b.WriteString("\n\n" + op.Doc)
	}
	var facts []string
	if d := bodyDoc(op); d != "" {
		facts = append(facts, d)
	}
	if len(op.Capability) > 0 {
		facts = append(facts, "Requires "+strings.Join(op.Capability, ", ")+".")
	}
	if op.Result != nil {
		var labels []string
		for _, r := range op.Responses {
			labels = append(labels, responseLabel(r))
		}
		if len(labels) == 1 {
			facts = append(facts, fmt.Sprintf("Succeeds with %s.", labels[0]))
		} else {
			facts = append(facts, fmt.Sprintf("Succeeds with %s; the StatusCode of the %s says which.", joinOr(labels, "or"), op.Result.Name))
		}
	} else if op.Success.Status != 200 {
		facts = append(facts, fmt.Sprintf("Succeeds with %d.", op.Success.Status))
	}
	if answersNull(op) {
		if verb == "serves" {
			facts = append(facts, "A nil result with a nil error answers null, as the spec allows.")
		} else {
			facts = append(facts, "An answer of null, which the spec allows, is a nil result with a nil error.")
		}
	}
	facts = append(facts, extra...)
	if len(facts) > 0 {
		if described {
			b.WriteString("\n\n")
		} else {
			b.WriteString(" ")
		}
		b.WriteString(strings.Join(facts, " "))
	}
	if op.Deprecated {
		b.WriteString("\n\nDeprecated: the API marks this operation as deprecated.")
	}
	return b.String()
}

func (g *gen) clientFile(f *jen.File) {
	for _, op := range g.p.Operations {
		f.Add(g.clientMethod(op))
		if op.Result != nil {
			f.Add(g.readResult(op))
		}
		if op.Pagination != nil {
			f.Add(g.iteratorMethod(op))
		}
	}
	g.clientExtras(f)
}

// requestChecks validates what the caller passed before anything is sent.
// When the last check is a checkRequest call, it is left out of checks
// and last holds its arguments after the validator.
func (g *gen) requestChecks(op *ir.Operation) (checks, last []jen.Code) {
	var out []jen.Code
	for _, p := range op.PathParams {
		out = append(out, g.pathChecks(p)...)
		if emptySegment(op, p) {
			// The path would lose a segment, and match another or none.
			out = append(out, jen.Id("wholeSegment").Call(jen.Id("e"), jen.Lit(p.SpecName), jen.Len(jen.Id(p.ArgName))))
		}
	}
	if op.Body != nil && op.Body.Form == ir.Multipart {
		var names []jen.Code
		for _, p := range op.Body.Parts {
			if f := p.Field; p.Kind == ir.PartFile && isFormFile(f) {
				v := jen.Op("&").Id("body").Dot(f.Name)
				switch shapeOf(f, false) {
				case shapePtr, shapeNullPtr, shapeReqPtr:
					v = jen.Id("body").Dot(f.Name)
				case shapeValue:
				default:
					continue
				}
				names = append(names, jen.Id("fileName").Call(jen.Id("e"), jen.Lit(f.JSONName), v))
			} else if p.Kind == ir.PartFiles && isFormFileList(f) {
				names = append(names, jen.For(jen.Id("i").Op(":=").Range().Id("body").Dot(f.Name)).Block(
					jen.Id("fileName").Call(jen.Id("e"), jen.Lit(f.JSONName), jen.Op("&").Id("body").Dot(f.Name).Index(jen.Id("i"))),
				))
			}
		}
		if len(names) > 0 {
			out = append(out, jen.If(jen.Id("body").Op("!=").Nil()).Block(names...))
		}
	}
	if op.Body != nil && op.Body.Raw {
		if op.Body.Required {
			out = append(out, jen.If(jen.Id("body").Op("==").Nil()).Block(
				jen.Id("e").Dot("add").Call(pathRoot(), jen.Lit("required"), jen.Lit("the request body is required")),
			))
		}
	} else if op.Body != nil {
		inner := g.checks(op.Body.Schema, func() *jen.Statement { return jen.Parens(jen.Op("*").Id("body")) }, pathRoot, 0)
		switch {
		case op.Body.Schema.Kind == ir.KNamed && g.needs[op.Body.Schema.Named] && useRules(op.Body.Schema) == nil:
			last = []jen.Code{jen.Id("body"), jen.Lit(op.Body.Required)}
		case op.Body.Required:
			check := jen.If(jen.Id("body").Op("==").Nil()).Block(
				jen.Id("e").Dot("add").Call(pathRoot(), jen.Lit("required"), jen.Lit("the request body is required")),
			)
			if len(inner) > 0 {
				check.Else().Block(inner...)
			}
			out = append(out, check)
		case len(inner) > 0:
			out = append(out, jen.If(jen.Id("body").Op("!=").Nil()).Block(inner...))
		}
	}
	if op.Params != nil {
		var req []jen.Code
		for _, p := range append(append([]*ir.Param{}, op.QueryParams...), op.HeaderParams...) {
			if p.Required {
				req = append(req, jen.Id("e").Dot("required").Call(pathLit(p.SpecName)))
			}
		}
		if (len(req) > 0 || g.needs[op.Params]) && last != nil {
			out = append(out, jen.Id("checkRequest").Call(append([]jen.Code{jen.Id("e")}, last...)...))
			last = nil
		}
		var given []jen.Code // checks of the params given
		if g.needs[op.Params] {
			given = append(given, jen.Id("params").Dot("validate").Call(jen.Id("e"), pathRoot(), jen.Id("dirRequest")))
		}
		for _, p := range op.QueryParams {
			if f := paramField(op, p); p.Required && p.Explode && p.Schema.Base().Kind == ir.KArray && f != nil && shapeOf(f, true) == shapeValue {
				// An exploded list of no items sends no key at all.
				given = append(given, jen.If(jen.Len(jen.Id("params").Dot(p.Name)).Op("==").Lit(0)).Block(
					jen.Id("e").Dot("add").Call(pathLit(p.SpecName), jen.Lit("required"), jen.Lit("is required: a list of no items sends nothing")),
				))
			}
		}
		switch {
		case len(req) > 0 && len(given) > 0:
			out = append(out, jen.If(jen.Id("params").Op("!=").Nil()).Block(given...).Else().Block(req...))
		case len(req) > 0:
			out = append(out, jen.If(jen.Id("params").Op("==").Nil()).Block(req...))
		case g.needs[op.Params]:
			last = []jen.Code{jen.Id("params"), jen.False()}
		}
	}
	return out, last
}

// emptySegment reports whether the path parameter p fills a segment of
// its operation's path alone, in the simple style, with a string or a
// list that nothing else keeps from being empty.
func emptySegment(op *ir.Operation, p *ir.Param) bool {
	b := p.Schema.Base()
	if p.Style != "" || p.Schema.Kind == ir.KNamed && p.Schema.Named.Kind == ir.Enum && !p.Schema.Named.Open {
		return false
	}
	for _, r := range []ir.Rules{p.Schema.Rules, b.Rules} {
		if r.MinLength != nil && *r.MinLength > 0 || r.Pattern != "" || len(r.Enum) > 0 || r.MinItems != nil && *r.MinItems > 0 {
			return false // its own rule says so
		}
	}
	if b.Kind != ir.KArray && (b.Kind != ir.KString || isTime(b)) {
		return false
	}
	for _, seg := range strings.Split(op.Route, "/") {
		if name, ok := wholeParam(seg); ok && name == p.SpecName {
			return true
		}
	}
	return false
}

// pathChecks validates a path parameter's value; a named type validates
// itself.
func (g *gen) pathChecks(p *ir.Param) []jen.Code {
	if p.Schema.Kind == ir.KNamed {
		var out []jen.Code
		if g.needs[p.Schema.Named] {
			out = append(out, jen.Id(p.ArgName).Dot("validate").Call(jen.Id("e"), pathLit(p.SpecName), jen.Id("dirRequest")))
		}
		if u := useRules(p.Schema); u != nil {
			// Rules written beside the parameter's $ref.
			out = append(out, g.checks(u, useVal(u, func() *jen.Statement { return jen.Id(p.ArgName) }), func() *jen.Statement { return pathLit(p.SpecName) }, 0)...)
		}
		return out
	}
	return g.checks(p.Schema, func() *jen.Statement { return jen.Id(p.ArgName) }, func() *jen.Statement { return pathLit(p.SpecName) }, 0)
}

func (g *gen) clientMethod(op *ir.Operation) jen.Code {
	params, results := signature(op)
	fail := func(err jen.Code) jen.Code {
		if hasResult(op) {
			return jen.Return(jen.Nil(), err)
		}
		return jen.Return(err)
	}
	var body []jen.Code
	// The call, one field after the other on one line.
	var req []jen.Code
	field := func(name string, v jen.Code) { req = append(req, jen.Id(name).Op(":").Add(v)) }
	// The request's violations go in the call, which send returns before
	// it sends anything; a form or raw body is built only once the request
	// is known to be valid, so its checks come first and return.
	folded := op.Body == nil || (!op.Body.Raw && !isFormBody(op))
	if checks, last := g.requestChecks(op); len(checks) > 0 || last != nil {
		// checkRequest, when it comes last, returns every violation.
		errs := jen.Id("e").Dot("err").Call()
		switch {
		case last != nil && len(checks) == 0:
			// Only checkRequest: its validator need not be named.
			errs = jen.Id("checkRequest").Call(append([]jen.Code{jen.New(jen.Id("validator"))}, last...)...)
		case last != nil:
			errs = jen.Id("checkRequest").Call(append([]jen.Code{jen.Id("e")}, last...)...)
		}
		if len(checks) > 0 {
			body = append(body, validatorDecl("dirRequest", checks...)...)
			body = append(body, checks...)
		}
		if folded {
			field("invalid", errs)
		} else {
			body = append(body, jen.If(jen.Err().Op(":=").Add(errs), jen.Err().Op("!=").Nil()).Block(fail(jen.Err())))
		}
	}
	field("method", jen.Lit(op.Method))
	if len(op.PathParams) > 0 {
		body = append(body, jen.Id("path").Op(":=").Add(g.pathExpr(op)))
		field("path", jen.Id("path"))
	} else {
		field("path", g.pathExpr(op))
	}
	fixed := func(in string) (out []jen.Code) {
		// Written in the spec's path: /?Action=Op, /#X-Amz-Target=Svc.Op.
		for _, c := range op.Fixed {
			if c.In == in {
				out = append(out, jen.Id(in[:1]).Dot("Set").Call(jen.Lit(c.Name), jen.Lit(c.Value)))
			}
		}
		return out
	}
	fixedQuery, fixedHeader := fixed("query"), fixed("header")
	if len(op.QueryParams) > 0 || len(op.HeaderParams) > 0 || len(op.Fixed) > 0 {
		var set []jen.Code
		if len(op.QueryParams) > 0 || len(fixedQuery) > 0 {
			body = append(body, jen.Id("q").Op(":=").Id("newFormValues").Call())
			body = append(body, fixedQuery...)
			for _, p := range op.QueryParams {
				set = append(set, g.encodeParam(op, p, "q")...)
				if p.AllowReserved {
					set = append(set, jen.Id("allowReserved").Call(jen.Id("q"), jen.Lit(p.SpecName)))
				}
			}
			field("query", jen.Id("q"))
		}
		if len(op.HeaderParams) > 0 || len(fixedHeader) > 0 {
			body = append(body, jen.Id("h").Op(":=").Qual("net/http", "Header").Values())
			body = append(body, fixedHeader...)
			for _, p := range op.HeaderParams {
				set = append(set, g.encodeParam(op, p, "h")...)
			}
			field("header", jen.Id("h"))
		}
		if len(set) > 0 {
			body = append(body, jen.If(jen.Id("params").Op("!=").Nil()).Block(set...))
		}
	}
	if op.Body != nil && op.Body.Raw {
		body = append(body, jen.Var().Id("send").Any(), jen.If(jen.Id("body").Op("!=").Nil()).Block(
			jen.Id("raw").Op(":=").Op("*").Id("body"),
			jen.If(jen.Id("raw").Dot("ContentType").Op("==").Lit("")).Block(jen.Id("raw").Dot("ContentType").Op("=").Lit(op.Body.ContentType)),
			jen.Id("send").Op("=").Op("&").Id("raw"),
		))
		field("body", jen.Id("send"))
		field("bodyType", jen.Lit(op.Body.ContentType))
	} else if isFormBody(op) {
		field("body", g.clientFormSend(op))
	} else if op.Body != nil {
		if g.walked(op.Body.Schema) {
			field("body", jen.Id("walked").Call(jen.Id("body"))) // nil too when body is
		} else {
			field("body", jen.Id("orNil").Call(jen.Id("body")))
		}
		if ct := op.Body.ContentType; ir.OwnJSONType(ct) {
			field("jsonType", jen.Lit(ct))
		}
	}
	switch {
	case op.Result != nil:
		field("accept", jen.Lit(acceptOf(op)))
	case op.Success.Raw:
		field("accept", jen.Lit(op.Success.ContentType))
	case ir.OwnJSONType(op.Success.ContentType):
		field("accept", jen.Lit(op.Success.ContentType)) // application/vnd.api+json, ...
	}
	if groups := g.authGroups(op); len(groups) > 0 {
		field("auth", jen.Index().String().Values(lits(groups)...))
	}
	if repeatable(op) {
		field("repeatable", jen.True())
	}
	named := op.Success.Schema != nil && op.Success.Schema.Kind == ir.KNamed
	if op.Result == nil && !op.Success.Raw && named && g.needs[op.Success.Schema.Named] {
		// do validates a named type itself when the client is strict.
		field("op", jen.Lit(opID(op)))
	}
	request := jen.Id("call").Values(req...)
	if op.Result != nil {
		body = append(body, g.clientResult(op, request)...)
	} else if op.Success.Raw {
		body = append(body, jen.Return(jen.Id("c").Dot("doRaw").Call(jen.Id("ctx"), request)))
	} else if op.Success.Schema != nil {
		checks := g.checks(op.Success.Schema, func() *jen.Statement { return jen.Id("out") }, pathRoot, 0)
		nullable := op.Success.Schema.Nullable
		if len(checks) == 0 || named {
			do := "doJSON"
			if nullable {
				do = "doNullable" // a null body is a nil result
			}
			body = append(body, jen.Return(jen.Id(do).Call(jen.Id("c"), jen.Id("ctx"), request, jen.New(goType(op.Success.Schema)))))
		} else {
			read := readAnswerOr(jen.Id("c").Dot("do").Call(jen.Id("ctx"), request, jen.Op("&").Id("out")), nullable,
				jen.Return(jen.Nil(), jen.Nil())) // a null body is a nil result
			body = append(body, jen.Var().Id("out").Add(goType(op.Success.Schema)), read)
			inner := append(validatorDecl("dirResponse", checks...), checks...)
			inner = append(inner, jen.If(jen.Err().Op(":=").Id("e").Dot("err").Call(), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit(opID(op)+": invalid response: %w"), jen.Err())),
			))
			body = append(body, jen.If(jen.Id("c").Dot("strict")).Block(inner...))
			body = append(body, jen.Return(jen.Op("&").Id("out"), jen.Nil()))
		}
	} else {
		body = append(body, jen.Return(jen.Id("c").Dot("do").Call(jen.Id("ctx"), request, jen.Nil())))
	}
	var extra []string
	switch {
	case op.Body != nil && (op.Body.Raw || op.Body.Form == ir.Multipart):
		extra = append(extra, "It is never retried: its body is read once.")
	case !repeatable(op):
		extra = append(extra, "It is retried only on a 429 answer, which says the server did not act on it.")
	}
	return comment(opDoc(op, "calls", extra...)).Line().
		Func().Params(jen.Id("c").Op("*").Id("Client")).Id(op.Name).Params(params...).Params(results...).Block(body...).Line()
}

// pathExpr builds the escaped path of an operation from its arguments.
func (g *gen) pathExpr(op *ir.Operation) jen.Code {
	rest := op.Route
	var parts []jen.Code
	for rest != "" {
		i := strings.Index(rest, "{")
		j := strings.Index(rest, "}")
		if i < 0 || j < i {
			parts = append(parts, jen.Lit(rest))
			break
		}
		if i > 0 {
			parts = append(parts, jen.Lit(rest[:i]))
		}
		name := rest[i+1 : j]
		for _, p := range op.PathParams {
			if p.SpecName == name {
				seg := g.formatPathList(p.Schema, jen.Id(p.ArgName), ",")
				switch p.Style {
				case "label":
					seg = jen.Lit(".").Op("+").Add(g.formatPathList(p.Schema, jen.Id(p.ArgName), p.Delimiter))
				case "matrix":
					seg = jen.Id("matrixValue").Call(jen.Lit(p.SpecName), g.formatPathList(p.Schema, jen.Id(p.ArgName), p.Delimiter))
				}
				parts = append(parts, seg)
			}
		}
		rest = rest[j+1:]
	}
	if len(parts) == 0 {
		return jen.Lit("")
	}
	out := jen.Add(parts[0])
	for _, p := range parts[1:] {
		out.Op("+").Add(p)
	}
	return out
}

// formatPathList renders a path value: each item escaped, the items
// joined with the style's delimiter as it is.
func (g *gen) formatPathList(s *ir.Schema, v jen.Code, delim string) jen.Code {
	if b := s.Base(); b.Kind == ir.KArray {
		if format := textFormatter(b.Elem); format != nil {
			return jen.Id("pathList").Call(v, jen.Lit(delim), format)
		}
	}
	return g.formatList(s, v, delim, func(x jen.Code) jen.Code { return jen.Id("pathSegment").Call(x) })
}

// formatScalar renders a parameter value as text.
func (g *gen) formatScalar(s *ir.Schema, v jen.Code) jen.Code {
	switch s.Base().Kind {
	case ir.KInt:
		return jen.Qual("strconv", "FormatInt").Call(jen.Int64().Parens(v), jen.Lit(10))
	case ir.KNumber:
		bits := 64
		if s.Base().Format == "float" {
			bits = 32
		}
		return jen.Id("formatFloat").Call(jen.Float64().Parens(v), jen.Lit(bits))
	case ir.KBool:
		return jen.Qual("strconv", "FormatBool").Call(jen.Bool().Parens(v))
	}
	if isTime(s.Base()) {
		t := jen.Parens(v)
		if src(goType(s)) != "time.Time" {
			t = jen.Qual("time", "Time").Parens(v) // a named date-time: type DateTime time.Time
		}
		return t.Dot("Format").Call(jen.Qual("time", "RFC3339Nano"))
	}
	return jen.String().Parens(v)
}

// formatScalarOrList renders a value as text, joining arrays with commas
// (the simple and the non-exploded form styles) or with delim when given
// (spaceDelimited, pipeDelimited).
func (g *gen) formatScalarOrList(s *ir.Schema, v jen.Code, delim ...string) jen.Code {
	sep := ","
	if len(delim) > 0 && delim[0] != "" {
		sep = delim[0]
	}
	return g.formatList(s, v, sep, func(x jen.Code) jen.Code { return x })
}

// formatList renders a scalar, or the items of an array joined with sep,
// each text passed through item.
func (g *gen) formatList(s *ir.Schema, v jen.Code, sep string, item func(jen.Code) jen.Code) jen.Code {
	b := s.Base()
	if b.Kind != ir.KArray {
		return item(g.formatScalar(s, v))
	}
	if format := textFormatter(b.Elem); format != nil && src(item(jen.Id("x"))) == "x" {
		return jen.Id("joinList").Call(v, jen.Lit(sep), format)
	}
	return jen.Func().Params().String().Block(
		jen.Id("parts").Op(":=").Make(jen.Index().String(), jen.Lit(0), jen.Len(v)),
		jen.For(jen.List(jen.Id("_"), jen.Id("x")).Op(":=").Range().Add(v)).Block(
			jen.Id("parts").Op("=").Append(jen.Id("parts"), item(g.formatScalar(b.Elem, jen.Id("x")))),
		),
		jen.Return(jen.Qual("strings", "Join").Call(jen.Id("parts"), jen.Lit(sep))),
	).Call()
}

// encodeParam adds one query or header parameter from params to q or h.
func (g *gen) encodeParam(op *ir.Operation, p *ir.Param, into string) []jen.Code {
	return g.encodeValue(paramField(op, p), p, jen.Id("params").Dot(p.Name), into)
}

// paramField is the field of the operation's params struct that holds p.
func paramField(op *ir.Operation, p *ir.Param) *ir.Field {
	var f *ir.Field
	for _, x := range op.Params.Fields {
		if x.JSONName == p.SpecName && x.Name == p.Name {
			f = x
		}
	}
	return f
}

// encodeValue adds the value val of the field f, which holds the
// parameter or header p, to the url.Values or http.Header named into.
func (g *gen) encodeValue(f *ir.Field, p *ir.Param, val *jen.Statement, into string) []jen.Code {
	setter := "Set"
	if p.In == "cookie" {
		// Cookie: name=value, added to the Cookie header; a list's items
		// through addCookieList, which notes those holding a comma.
		set := func(v jen.Code) jen.Code {
			if b := p.Schema.Base(); b.Kind == ir.KArray && textFormatter(b.Elem) != nil {
				return jen.Id("addCookieList").Call(jen.Id(into), jen.Lit(p.SpecName), v, textFormatter(b.Elem))
			}
			return jen.Id("addCookie").Call(jen.Id(into), jen.Lit(p.SpecName), g.formatScalarOrList(p.Schema, v, p.Delimiter))
		}
		switch shapeOf(f, true) {
		case shapePtr, shapeNullPtr:
			return []jen.Code{jen.If(val.Clone().Op("!=").Nil()).Block(set(jen.Op("*").Add(val.Clone())))}
		case shapeOmitZero:
			return []jen.Code{jen.If(val.Clone().Op("!=").Nil()).Block(set(val.Clone()))}
		}
		return []jen.Code{set(val)}
	}
	if p.Style == "deepObject" || p.Style == "formObject" {
		return g.encodeObjectParam(f, p, val)
	}
	b := p.Schema.Base()
	if c := writeParam(shapeOf(f, true), p, b.Kind == ir.KArray && p.Explode && into == "q", val.Clone(), into); c != nil {
		return []jen.Code{c}
	}
	if b.Kind == ir.KArray && p.Explode && into == "q" {
		return []jen.Code{jen.For(jen.List(jen.Id("_"), jen.Id("x")).Op(":=").Range().Add(val)).Block(
			jen.Id(into).Dot("Add").Call(jen.Lit(p.SpecName), g.formatScalar(b.Elem, jen.Id("x"))),
		)}
	}
	switch shapeOf(f, true) {
	case shapePtr, shapeNullPtr:
		return []jen.Code{jen.If(val.Clone().Op("!=").Nil()).Block(
			jen.Id(into).Dot(setter).Call(jen.Lit(p.SpecName), g.formatScalarOrList(p.Schema, jen.Op("*").Add(val.Clone()), p.Delimiter)),
		)}
	case shapeOmitZero:
		return []jen.Code{jen.If(val.Clone().Op("!=").Nil()).Block(
			jen.Id(into).Dot(setter).Call(jen.Lit(p.SpecName), g.formatScalarOrList(p.Schema, val.Clone(), p.Delimiter)),
		)}
	}
	return []jen.Code{jen.Id(into).Dot(setter).Call(jen.Lit(p.SpecName), g.formatScalarOrList(p.Schema, val, p.Delimiter))}
}

// objectKey is the query key of one property of an object parameter:
// filter[status] (deepObject) or status (exploded form).
func objectKey(p *ir.Param, prop string) string {
	if p.Style == "deepObject" {
		return p.SpecName + "[" + prop + "]"
	}
	return prop
}

// encodeObjectParam adds one query value per set property of an object
// parameter.
func (g *gen) encodeObjectParam(f *ir.Field, p *ir.Param, val *jen.Statement) []jen.Code {
	x := val.Clone()
	if shapeOf(f, true) != shapePtr {
		x = jen.Op("&").Add(val.Clone())
	}
	var set []jen.Code
	for _, fl := range p.Schema.Named.Fields {
		key := jen.Lit(objectKey(p, fl.JSONName))
		if shapeOf(fl, false) == shapePtr {
			set = append(set, jen.If(jen.Id("x").Dot(fl.Name).Op("!=").Nil()).Block(
				jen.Id("q").Dot("Set").Call(key, g.formatScalar(fl.Schema, jen.Op("*").Id("x").Dot(fl.Name))),
			))
			continue
		}
		set = append(set, jen.Id("q").Dot("Set").Call(key, g.formatScalar(fl.Schema, jen.Id("x").Dot(fl.Name))))
	}
	body := append([]jen.Code{jen.Id("x").Op(":=").Add(x)}, set...)
	if shapeOf(f, true) == shapePtr {
		return []jen.Code{jen.If(val.Clone().Op("!=").Nil()).Block(body...)}
	}
	return []jen.Code{jen.Block(body...)}
}

// iteratorMethod walks every page of a cursor-paginated operation.
func (g *gen) iteratorMethod(op *ir.Operation) jen.Code {
	p := op.Pagination
	params, _ := signature(op)
	var args []jen.Code
	args = append(args, jen.Id("ctx"))
	for _, pp := range op.PathParams {
		args = append(args, jen.Id(pp.ArgName))
	}
	item := goType(p.Item)
	var setup []jen.Code
	var setCursor jen.Code
	if p.CursorInBody {
		bt := goType(op.Body.Schema)
		setup = append(setup, jen.Var().Id("req").Add(bt), jen.If(jen.Id("body").Op("!=").Nil()).Block(jen.Id("req").Op("=").Op("*").Id("body")))
		args = append(args, jen.Op("&").Id("req"))
		if op.Params != nil {
			args = append(args, jen.Id("params"))
		}
		setCursor = jen.Id("req").Dot(p.CursorField).Op("=").Parens(jen.Op("*").Add(goType(p.Cursor))).Parens(jen.Id("page").Dot(p.NextField))
	} else {
		if op.Body != nil {
			args = append(args, jen.Id("body"))
		}
		setup = append(setup, jen.Var().Id("req").Id(op.Params.Name), jen.If(jen.Id("params").Op("!=").Nil()).Block(jen.Id("req").Op("=").Op("*").Id("params")))
		args = append(args, jen.Op("&").Id("req"))
		setCursor = jen.Id("req").Dot(p.CursorField).Op("=").Parens(jen.Op("*").Add(goType(p.Cursor))).Parens(jen.Id("page").Dot(p.NextField))
	}
	loop := []jen.Code{
		jen.List(jen.Id("page"), jen.Err()).Op(":=").Id("c").Dot(op.Name).Call(args...),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Var().Id("zero").Add(item),
			jen.Id("yield").Call(jen.Id("zero"), jen.Err()),
			jen.Return(),
		),
		jen.For(jen.List(jen.Id("_"), jen.Id("it")).Op(":=").Range().Id("page").Dot(p.ItemsField)).Block(
			jen.If(jen.Op("!").Id("yield").Call(jen.Id("it"), jen.Nil())).Block(jen.Return()),
		),
		jen.If(jen.Id("page").Dot(p.NextField).Op("==").Nil().Op("||").Op("*").Id("page").Dot(p.NextField).Op("==").Lit("")).Block(jen.Return()),
		setCursor,
	}
	if src(goType(p.Cursor)) == src(goType(p.Next)) {
		setCursor = jen.Id("req").Dot(p.CursorField).Op("=").Id("page").Dot(p.NextField)
		loop[len(loop)-1] = setCursor
	}
	body := append(setup, jen.For().Block(loop...))
	doc := fmt.Sprintf("%s walks every page of %s, yielding each item in turn and following the cursor until the last page. It stops at the first error, which it yields.", p.Method, op.Name)
	return comment(doc).Line().
		Func().Params(jen.Id("c").Op("*").Id("Client")).Id(p.Method).Params(params...).Qual("iter", "Seq2").Types(item, jen.Error()).Block(
		jen.Return(jen.Func().Params(jen.Id("yield").Func().Params(item, jen.Error()).Bool()).Block(body...)),
	).Line()
}

// readAnswerOr is the statement that runs call, which reads an answer's
// body, and returns its error; when the body's schema allows null, a null
// body (isNullBody) does onNull instead.
func readAnswerOr(call jen.Code, nullable bool, onNull jen.Code) jen.Code {
	read := jen.Err().Op(":=").Add(call)
	fail := jen.Return(jen.Nil(), jen.Err())
	if !nullable {
		return jen.If(read, jen.Err().Op("!=").Nil()).Block(fail)
	}
	return jen.If(read, jen.Id("isNullBody").Call(jen.Err())).Block(onNull).Else().If(jen.Err().Op("!=").Nil()).Block(fail)
}
