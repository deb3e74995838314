package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/specgen/specgen/generator/ir"
)

// Operations whose success responses differ (in body or media type) or
// carry headers return a Result: a struct with the status code, one field
// per response body and one per header. The client fills it from the
// answer, matching the status exactly first, then by range, then default;
// the server writes the status and headers a handler put in it.

// hasResults reports whether any operation returns a Result.
func (g *gen) hasResults() bool {
	for _, op := range g.p.Operations {
		if op.Result != nil {
			return true
		}
	}
	return false
}

// responsesFile declares the Result types.
func (g *gen) responsesFile(f *jen.File) {
	for _, op := range g.p.Operations {
		if op.Result != nil {
			f.Add(g.resultDecl(op))
		}
	}
}

// headerField is the Result field of a header, as a parameter field, so
// that it is held, parsed and formatted as a header parameter is.
func headerField(res *ir.Result, name string) *ir.Field {
	for _, h := range res.Headers {
		if h.Name == name {
			return &ir.Field{Name: h.Name, JSONName: h.SpecName, Schema: h.Schema, Required: h.Required}
		}
	}
	panic("no header field " + name)
}

// responseLabel says in prose which answers a response is.
func responseLabel(r *ir.Response) string {
	switch {
	case r.Default:
		return "any 2xx status (default)"
	case r.Range != 0:
		return fmt.Sprintf("any other %dxx status (%s)", r.Range, r.Label)
	}
	return r.Label
}

// bodyGoType is the Go type of the Result field holding a response body.
func bodyGoType(r *ir.Response) *jen.Statement {
	if r.Raw {
		return jen.Op("*").Id("RawResponse")
	}
	return jen.Op("*").Add(goType(r.Schema))
}

// fallbackStatus is what the server writes for a Result whose StatusCode
// is 0 and whose body fields are all nil: the first response without a
// body, or the first response (whose missing body is then an error).
func fallbackStatus(op *ir.Operation) *ir.Response {
	for _, r := range op.Responses {
		if !r.HasBody() {
			return r
		}
	}
	return op.Responses[0]
}

func (g *gen) resultDecl(op *ir.Operation) jen.Code {
	res := op.Result
	var b strings.Builder
	describe := func(r *ir.Response) string {
		if r.HasBody() {
			return responseLabel(r) + " with its body in " + r.Field
		}
		return responseLabel(r) + " with no body"
	}
	switch {
	case len(op.Responses) == 1 && len(res.Headers) > 0:
		fmt.Fprintf(&b, "%s is the answer of %s: %s, and the headers it declares.", res.Name, op.Name, describe(op.Responses[0]))
	case len(op.Responses) == 1:
		fmt.Fprintf(&b, "%s is the answer of %s: %s.", res.Name, op.Name, describe(op.Responses[0]))
	default:
		fmt.Fprintf(&b, "%s is the answer of %s, by its StatusCode", res.Name, op.Name)
		if len(res.Headers) > 0 {
			b.WriteString(", with the headers of that response")
		}
		if op.Responses[len(op.Responses)-1].Range != 0 {
			b.WriteString(" (an exact status wins over a range)")
		}
		b.WriteString(":\n\n")
		for _, r := range op.Responses {
			fmt.Fprintf(&b, "  - %s\n", describe(r))
		}
	}

	// What the server writes for a StatusCode left 0.
	var order []string
	for _, r := range op.Responses {
		if r.HasBody() {
			order = append(order, fmt.Sprintf("%s for %s", statusText(r), r.Field))
		}
	}
	fb := fallbackStatus(op)
	statusDoc := "StatusCode is the HTTP status; a handler that leaves it 0 answers "
	switch {
	case len(op.Responses) == 1:
		statusDoc += fmt.Sprintf("%d.", fb.Status)
	case len(order) > 0 && !fb.HasBody():
		statusDoc += fmt.Sprintf("the status of the first body field set (%s), or %d when none is.", strings.Join(order, ", "), fb.Status)
	case len(order) > 0:
		statusDoc += fmt.Sprintf("the status of the first body field set (%s).", strings.Join(order, ", "))
	default:
		statusDoc += fmt.Sprintf("%d.", fb.Status)
	}
	fields := []jen.Code{comment(statusDoc).Line().Id("StatusCode").Int()}
	for _, r := range op.Responses {
		if !r.HasBody() {
			continue
		}
		doc := fmt.Sprintf("%s is the body of a %s answer", r.Field, r.Label)
		switch {
		case r.Default:
			doc = fmt.Sprintf("%s is the body of the default answer", r.Field)
		case r.Range != 0:
			doc = fmt.Sprintf("%s is the body of an answer in the %s range that no exact status declares", r.Field, r.Label)
		}
		if r.Raw {
			doc += fmt.Sprintf(", of type %s, unread: the caller reads and closes it", r.ContentType)
		}
		fields = append(fields, comment(doc+".").Line().Id(r.Field).Add(bodyGoType(r)))
	}
	for _, h := range res.Headers {
		var in, req []string
		for _, r := range op.Responses {
			for _, rh := range r.Headers {
				if rh.Name == h.Name {
					in = append(in, r.Label)
					if rh.Required {
						req = append(req, r.Label)
					}
				}
			}
		}
		doc := fmt.Sprintf("%s is the %s header", h.Name, h.SpecName)
		if len(in) < len(op.Responses) {
			doc += " of " + joinOr(in, "and") + " answers"
		}
		switch {
		case len(req) == len(op.Responses):
			doc += "; it is required."
		case len(req) == len(in):
			doc += ", which must carry it."
		case len(req) > 0:
			doc += "; " + joinOr(req, "and") + " answers must carry it."
		default:
			doc += ", when the answer has it."
		}
		if d := strings.TrimSpace(h.Doc); d != "" {
			if strings.Contains(d, "\n") {
				doc += "\n\n" + d
			} else {
				doc += " " + strings.TrimSuffix(d, ".") + "."
			}
		}
		f := headerField(res, h.Name)
		fields = append(fields, comment(doc).Line().Id(h.Name).Add(fieldType(f, true)))
	}
	return comment(b.String()).Line().Type().Id(res.Name).Struct(fields...).Line()
}

func statusText(r *ir.Response) string { return fmt.Sprintf("%d", r.Status) }

// joinOr joins words as prose: "200", "200 and 201", "200, 201 and 2XX".
func joinOr(words []string, conj string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}

// statusCond is the condition under which the status in v is response r:
// the exact code, or any code of its range. Default is left to the
// caller's default clause.
func statusCond(r *ir.Response, v jen.Code) *jen.Statement {
	if r.Range != 0 || r.Default {
		lo, hi := 200, 299
		if r.Range != 0 {
			lo, hi = r.Range*100, r.Range*100+99
		}
		return jen.Add(v).Op(">=").Lit(lo).Op("&&").Add(v).Op("<=").Lit(hi)
	}
	return jen.Add(v).Op("==").Lit(r.Status)
}

// acceptOf is the Accept header of an operation with a Result: every
// media type its responses carry.
func acceptOf(op *ir.Operation) string {
	var types []string
	seen := map[string]bool{}
	for _, r := range op.Responses {
		ct := r.ContentType
		if r.Schema != nil && !ir.OwnJSONType(ct) {
			ct = "application/json"
		}
		if ct != "" && !seen[ct] {
			seen[ct] = true
			types = append(types, ct)
		}
	}
	if len(types) == 0 {
		return "application/json"
	}
	return strings.Join(types, ", ")
}

// headerChecks validates the headers a response declares, held in the
// Result out: presence (when required is set) and each value's rules.
func (g *gen) headerChecks(op *ir.Operation, r *ir.Response, required bool) []jen.Code {
	var out []jen.Code
	for _, h := range r.Headers {
		f := headerField(op.Result, h.Name)
		name := h.SpecName
		path := func() *jen.Statement { return pathLit(name) }
		val := jen.Id("out").Dot(h.Name)
		switch shapeOf(f, true) {
		case shapePtr, shapeNullPtr, shapeOmitZero:
			v := func() *jen.Statement { return jen.Parens(jen.Op("*").Add(val.Clone())) }
			if shapeOf(f, true) == shapeOmitZero {
				v = func() *jen.Statement { return val.Clone() }
			}
			checks := g.checks(h.Schema, v, path, 0)
			st := jen.If(val.Clone().Op("==").Nil())
			switch {
			case required && h.Required:
				st.Block(jen.Id("e").Dot("required").Call(path()))
				if len(checks) > 0 {
					st.Else().Block(checks...)
				}
				out = append(out, st)
			case len(checks) > 0:
				out = append(out, jen.If(val.Clone().Op("!=").Nil()).Block(checks...))
			}
		default:
			out = append(out, g.checks(h.Schema, func() *jen.Statement { return val.Clone() }, path, 0)...)
		}
	}
	return out
}

func readName(op *ir.Operation) string { return "read" + op.Result.Name }

// clientResult is the end of a client method that returns a Result: it
// sends the request and reads the answer with readResult.
func (g *gen) clientResult(op *ir.Operation, request jen.Code) []jen.Code {
	return []jen.Code{jen.Return(jen.Id("doResult").Call(jen.Id("c"), jen.Id("ctx"), request, jen.Id(readName(op))))}
}

// readResult reads a 2xx answer of an operation with a Result by its
// status: the exact code first, then the range, then default.
func (g *gen) readResult(op *ir.Operation) jen.Code {
	var cases []jen.Code
	var deflt, all []jen.Code
	usesE, usesH := false, false
	for _, r := range op.Responses {
		body, h := g.readResponse(op, r)
		usesH = usesH || h
		usesE = usesE || len(r.Headers) > 0 || (r.Schema != nil && !r.Raw)
		all = append(all, body...)
		if r.Default {
			deflt = body
			continue
		}
		cases = append(cases, jen.Case(statusCond(r, jen.Id("resp").Dot("StatusCode"))).Block(body...))
	}
	var out []jen.Code
	if fb := op.Responses[0]; len(op.Responses) == 1 && !fb.Default && fb.Range == 0 {
		out = append(out, jen.If(jen.Id("resp").Dot("StatusCode").Op("!=").Lit(fb.Status)).Block(
			jen.Return(jen.Nil(), jen.Id("unexpectedStatus").Call(jen.Id("resp"))),
		))
		cases, deflt = nil, all
	}
	out = append(out, jen.Id("out").Op(":=").Op("&").Id(op.Result.Name).Values(jen.Id("StatusCode").Op(":").Id("resp").Dot("StatusCode")))
	if usesE {
		out = append(out, validatorDecl("dirResponse", all...)...)
	}
	if usesH {
		out = append(out, jen.Id("h").Op(":=").Id("headerParams").Call(jen.Id("e"), jen.Id("resp").Dot("Header")))
	}
	switch {
	case deflt != nil && len(cases) == 0:
		out = append(out, deflt...)
	case deflt != nil:
		out = append(out, jen.Switch().Block(append(cases, jen.Default().Block(deflt...))...))
	default:
		out = append(out, jen.Switch().Block(append(cases, jen.Default().Block(
			jen.Return(jen.Nil(), jen.Id("unexpectedStatus").Call(jen.Id("resp"))),
		))...))
	}
	doc := fmt.Sprintf("%s reads a 2xx answer of %s.", readName(op), op.Name)
	return comment(doc).Line().Func().Id(readName(op)).Params(jen.Id("resp").Op("*").Qual("net/http", "Response"), jen.Id("strict").Bool()).Params(jen.Op("*").Id(op.Result.Name), jen.Error()).Block(out...).Line()
}

// readResponse reads the answer resp as the response r into the Result
// out: its headers, which must parse (and, when strict, be valid), then
// its body. It ends in a return. usesH says whether it reads headers from
// the paramSource h.
func (g *gen) readResponse(op *ir.Operation, r *ir.Response) (code []jen.Code, usesH bool) {
	invalid := func() jen.Code {
		return jen.Qual("fmt", "Errorf").Call(jen.Lit(opID(op)+": invalid response: %w"), jen.Err())
	}
	var body []jen.Code
	for _, h := range r.Headers {
		f := headerField(op.Result, h.Name)
		target := jen.Id("out").Dot(h.Name)
		if h.Schema.Base().Kind != ir.KArray {
			if c := readParam("h", shapeOf(f, true), h, false, target); c != nil {
				body = append(body, c)
				usesH = true
				continue
			}
		}
		values := jen.Id("resp").Dot("Header").Dot("Values").Call(jen.Lit(h.SpecName))
		if h.Schema.Base().Kind == ir.KArray {
			values = jen.Id("headerList").Call(jen.Id("resp").Dot("Header"), jen.Lit(h.SpecName))
		}
		body = append(body, g.decodeValues(f, h, "out."+h.Name, values)...)
	}
	if checks := g.headerChecks(op, r, false); len(checks) > 0 {
		body = append(body, jen.If(jen.Id("strict")).Block(checks...))
	}
	// headersRead returns the violations of the headers, closing the body.
	headersRead := func() []jen.Code {
		if len(body) == 0 {
			return nil
		}
		return []jen.Code{jen.If(jen.Err().Op(":=").Id("headersInvalid").Call(jen.Id("resp"), jen.Id("e"), jen.Lit(opID(op))), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Err()),
		)}
	}
	field := jen.Id("out").Dot(r.Field)
	switch {
	case r.Raw:
		body = append(body, headersRead()...)
		body = append(body, field.Clone().Op("=").Id("rawResponse").Call(jen.Id("resp")))
	case r.Schema != nil:
		checks := g.checks(r.Schema, func() *jen.Statement { return jen.Parens(jen.Op("*").Add(field.Clone())) }, pathRoot, 0)
		if len(checks) == 0 || r.Schema.Kind == ir.KNamed {
			// decodeResult validates a named type itself when strict.
			return append(body, jen.Return(jen.Id("resultOf").Call(jen.Id("out"),
				jen.Id("decodeResult").Call(jen.Id("resp"), jen.Id("e"), jen.Id("strict"), jen.Lit(r.Schema.Nullable), jen.Lit(opID(op)), jen.Op("&").Add(field.Clone()))))), usesH
		}
		body = append(body, headersRead()...)
		checks = append(checks, jen.If(jen.Err().Op(":=").Id("e").Dot("err").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), invalid())))
		read := readAnswerOr(jen.Id("decodeResponse").Call(jen.Id("resp"), field.Clone()), r.Schema.Nullable,
			field.Clone().Op("=").Nil().Comment("a null body: no value"))
		if r.Schema.Nullable {
			checks = []jen.Code{jen.If(field.Clone().Op("!=").Nil()).Block(checks...)}
		}
		body = append(body, field.Clone().Op("=").New(goType(r.Schema)), read, jen.If(jen.Id("strict")).Block(checks...))
	default:
		body = append(body, headersRead()...)
		body = append(body, jen.Id("discardResponse").Call(jen.Id("resp")))
	}
	return append(body, jen.Return(jen.Id("out"), jen.Nil())), usesH
}

// serveResult is the end of a serve function whose handler returns a
// Result: it picks the status and writes the headers and body.
func (g *gen) serveResult(op *ir.Operation, call jen.Code) []jen.Code {
	failed := jen.Id("s").Dot("failed").Call(jen.Id("w"), jen.Id("r"), jen.Id("out").Op("==").Nil(), jen.Err())
	out := []jen.Code{jen.List(jen.Id("out"), jen.Err()).Op(":=").Add(call)}
	// The status of a Result that names none.
	fb := fallbackStatus(op)
	if len(op.Responses) == 1 && !fb.Default && fb.Range == 0 {
		// One status: any other is undeclared.
		out = append(out, jen.If(failed.Op("||").Id("s").Dot("undeclared").Call(jen.Id("w"), jen.Id("r"), jen.Id("out").Dot("StatusCode"), jen.Lit(fb.Status))).Block(jen.Return()))
		return append(out, g.writeResponse(op, fb, jen.Lit(fb.Status))...)
	}
	out = append(out, jen.If(failed).Block(jen.Return()))
	var withBody []*ir.Response
	for _, r := range op.Responses {
		if r.HasBody() {
			withBody = append(withBody, r)
		}
	}
	// Trailing cases that give the fallback's status add nothing.
	for len(withBody) > 0 && withBody[len(withBody)-1].Status == fb.Status {
		withBody = withBody[:len(withBody)-1]
	}
	var pick []jen.Code
	for _, r := range withBody {
		pick = append(pick, jen.Case(jen.Id("out").Dot(r.Field).Op("!=").Nil()).Block(jen.Id("status").Op("=").Lit(r.Status)))
	}
	if len(pick) > 0 {
		pick = append(pick, jen.Default().Block(jen.Id("status").Op("=").Lit(fb.Status)))
		out = append(out,
			jen.Id("status").Op(":=").Id("out").Dot("StatusCode"),
			jen.If(jen.Id("status").Op("==").Lit(0)).Block(jen.Switch().Block(pick...)),
		)
	} else {
		out = append(out, jen.Id("status").Op(":=").Qual("cmp", "Or").Call(jen.Id("out").Dot("StatusCode"), jen.Lit(fb.Status)))
	}
	var cases []jen.Code
	var deflt []jen.Code
	for _, r := range op.Responses {
		body := g.writeResponse(op, r, jen.Id("status"))
		if r.Default {
			deflt = body
			continue
		}
		cases = append(cases, jen.Case(statusCond(r, jen.Id("status"))).Block(body...))
	}
	if deflt != nil {
		cases = append(cases, jen.Case(jen.Id("status").Op(">=").Lit(200).Op("&&").Id("status").Op("<=").Lit(299)).Block(deflt...))
	}
	cases = append(cases, jen.Default().Block(jen.Id("s").Dot("undeclaredStatus").Call(jen.Id("w"), jen.Id("r"), jen.Id("status"))))
	return append(out, jen.Switch().Block(cases...))
}

// writeResponse writes the Result out as the response r with the given
// status: it checks what writeResult does not (the headers, a body of no
// named type) when the server validates responses, then writes the
// headers and the body.
func (g *gen) writeResponse(op *ir.Operation, r *ir.Response, status jen.Code) []jen.Code {
	var body []jen.Code
	checks := g.headerChecks(op, r, true)
	if r.Schema != nil {
		sch := r.Schema
		field := jen.Id("out").Dot(r.Field)
		if refLike(sch) && !isRaw(sch) && !isBytes(sch) && !sch.Nullable {
			// A nil slice or map is written as [] or {}, never as null.
			body = append(body, jen.If(field.Clone().Op("!=").Nil().Op("&&").Op("*").Add(field.Clone()).Op("==").Nil()).Block(
				jen.Op("*").Add(field.Clone()).Op("=").Add(goType(sch)).Values(),
			))
		}
		// writeResult validates a named type itself, unless walked.
		if bc := g.checks(sch, func() *jen.Statement { return jen.Parens(jen.Op("*").Add(field.Clone())) }, pathRoot, 0); len(bc) > 0 && (sch.Kind != ir.KNamed || g.walked(sch)) {
			checks = append(checks, jen.If(field.Clone().Op("!=").Nil()).Block(bc...))
		}
	}
	if len(checks) > 0 {
		inner := append(validatorDecl("dirResult", checks...), checks...)
		inner = append(inner, jen.If(jen.Err().Op(":=").Id("e").Dot("err").Call(), jen.Err().Op("!=").Nil()).Block(
			jen.Id("s").Dot("invalidResponse").Call(jen.Id("w"), jen.Id("r"), jen.Err()),
			jen.Return(),
		))
		body = append(body, jen.If(jen.Id("s").Dot("cfg").Dot("validateResponses")).Block(inner...))
	}
	var header jen.Code = jen.Nil()
	if len(r.Headers) > 0 {
		// writeResult and writeRaw set the headers once they are known
		// to be sendable (and the body valid).
		body = append(body, jen.Id("hdr").Op(":=").Qual("net/http", "Header").Values())
		header = jen.Id("hdr")
		for _, h := range r.Headers {
			f := headerField(op.Result, h.Name)
			body = append(body, g.encodeValue(f, h, jen.Id("out").Dot(h.Name), "hdr")...)
		}
	}
	switch {
	case r.Raw:
		body = append(body, jen.Id("s").Dot("writeRaw").Call(jen.Id("w"), jen.Id("r"), status, header, jen.Id("out").Dot(r.Field), jen.Nil()))
	case r.Schema != nil:
		field := jen.Id("out").Dot(r.Field)
		body = append(body, jen.Id("s").Dot("writeResult").Call(jen.Id("w"), jen.Id("r"), status, header, g.walkedBody(r.Schema, field.Clone()), field.Clone().Op("==").Nil(), jen.Nil()))
	case len(r.Headers) > 0:
		body = append(body, jen.Id("s").Dot("writeRaw").Call(jen.Id("w"), jen.Id("r"), status, header, jen.Nil(), jen.Nil()))
	default:
		body = append(body, jen.Id("w").Dot("WriteHeader").Call(status))
	}
	return body
}
