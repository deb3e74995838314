package emit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/specgen/specgen/generator/ir"
)

func (g *gen) serverFile(f *jen.File) {
	// Handler interface.
	var methods []jen.Code
	for _, op := range g.p.Operations {
		params, results := signature(op)
		methods = append(methods, comment(opDoc(op, "serves")).Line().Id(op.Name).Params(params...).Params(results...))
	}
	f.Add(comment("Handler implements the API. NewServer decodes and validates each request before\ncalling a method, and writes the result, or the error in the API's error format.\nReturn an *APIError to choose the status; any other error is a 500 whose details\nare logged, not sent. A *Client is a Handler too, which makes a proxy."))
	f.Type().Id("Handler").Interface(methods...)
	f.Line()
	if !g.p.NoClient {
		f.Var().Id("_").Id("Handler").Op("=").Parens(jen.Op("*").Id("Client")).Parens(jen.Nil())
		f.Line()
	}

	// UnimplementedHandler.
	f.Add(comment("UnimplementedHandler answers every operation with 501 Not Implemented. Embed it\nin your handler and implement the operations one at a time."))
	f.Type().Id("UnimplementedHandler").Struct()
	f.Line()
	for _, op := range g.p.Operations {
		params, results := signature(op)
		var ret jen.Code
		if hasResult(op) {
			ret = jen.Return(jen.Nil(), jen.Id("notImplemented").Call(jen.Lit(opID(op))))
		} else {
			ret = jen.Return(jen.Id("notImplemented").Call(jen.Lit(opID(op))))
		}
		f.Add(comment(fmt.Sprintf("%s answers 501 Not Implemented.", op.Name)))
		f.Func().Params(jen.Id("UnimplementedHandler")).Id(op.Name).Params(params...).Params(results...).Add(oneLine(ret))
	}
	f.Line()

	// NewServer with its routes, two lines each. Of the operations that
	// share a path and method, one that says nothing of what its requests
	// carry comes first: the router gives it the requests the others' do
	// not claim.
	sharing := map[string]int{} // operations by method and route
	for _, op := range g.p.Operations {
		sharing[op.Method+" "+muxPath(op)]++
	}
	told := func(op *ir.Operation) bool { return len(op.When) > 0 && sharing[op.Method+" "+muxPath(op)] > 1 }
	ordered := slices.Concat(slices.DeleteFunc(slices.Clone(g.p.Operations), told),
		slices.DeleteFunc(slices.Clone(g.p.Operations), func(op *ir.Operation) bool { return !told(op) }))
	var routes []jen.Code
	for _, op := range ordered {
		info := []jen.Code{jen.Id("ID").Op(":").Lit(opID(op)), jen.Id("Path").Op(":").Lit(op.Path)}
		if len(op.Capability) > 0 {
			info = append(info, jen.Id("Capabilities").Op(":").Index().String().Values(lits(op.Capability)...))
		}
		if op.Secured {
			info = append(info, jen.Id("Schemes").Op(":").Index().String().Values(lits(op.Schemes)...))
		}
		if op.Requirements != nil {
			var reqs []jen.Code
			for _, req := range op.Requirements {
				reqs = append(reqs, jen.Values(lits(req)...))
			}
			info = append(info, jen.Id("Requirements").Op(":").Index().Index().String().Values(reqs...))
		}
		if len(op.Scopes) > 0 {
			info = append(info, jen.Id("Scopes").Op(":").Index().String().Values(lits(op.Scopes)...))
		}
		if op.Anonymous {
			info = append(info, jen.Id("Anonymous").Op(":").True())
		}
		fields := []jen.Code{jen.Id("method").Op(":").Lit(op.Method), jen.Id("path").Op(":").Lit(muxPath(op))}
		if told(op) {
			var conds []jen.Code
			for _, c := range op.When {
				// c.In is "header" or "query", as routeCond's fields.
				conds = append(conds, jen.Id("routeCond").Values(jen.Id(c.In).Op(":").Lit(c.Name), jen.Id("value").Op(":").Lit(c.Value)))
			}
			fields = append(fields, jen.Id("when").Op(":").Id("requestHas").Call(conds...))
		}
		routes = append(routes, jen.Line().Values(append(fields,
			jen.Id("serve").Op(":").Add(g.serveRef(op)),
			jen.Line().Id("op").Op(":").Id("OperationInfo").Values(info...),
		)...))
	}
	routes = append(routes, jen.Line())
	var schemes []jen.Code
	for _, sc := range g.p.Security {
		// One line each, with the fields that are set.
		var fields []jen.Code
		for _, kv := range [][2]string{{"name", sc.Name}, {"kind", sc.Kind}, {"in", sc.In}, {"key", sc.Key}} {
			if kv[1] != "" {
				fields = append(fields, jen.Id(kv[0]).Op(":").Lit(kv[1]))
			}
		}
		schemes = append(schemes, jen.Line().Values(fields...))
	}
	if len(schemes) > 0 {
		schemes = append(schemes, jen.Line())
	}
	f.Comment("securitySchemes says where each scheme's credentials are in a request.")
	f.Var().Id("securitySchemes").Op("=").Index().Id("securityScheme").Values(schemes...)
	f.Line()
	f.Add(comment("NewServer returns an http.Handler that serves the API through h. Literal path\nsegments win over parameters (/functions/list over /functions/{id}); an unknown\npath is answered 404 and a known path with another method 405, both in the\nAPI's error format.\n\nIt is secure by default: an operation that declares security is answered 401\nunless WithSecurity authenticates the caller (and WithAuthorizer, when set,\nallows it, or the answer is 403); WithoutSecurity serves such operations open.\nEvery answer carries an x-request-id, the client's or a new one; a panic in a\nhandler is logged and answered 500."))
	f.Func().Id("NewServer").Params(jen.Id("h").Id("Handler"), jen.Id("opts").Op("...").Id("ServerOption")).Qual("net/http", "Handler").Block(
		jen.Return(jen.Id("newServer").Call(jen.Id("h"), jen.Index().Id("route").Values(routes...), jen.Id("opts"))),
	)
	f.Line()
	for _, op := range g.p.Operations {
		if src(g.serveRef(op)) == serveName(op) {
			f.Add(g.serveFunc(op))
		}
		if isFormBody(op) {
			f.Add(g.formDecoder(op))
		}
	}
}

// serveRef is what serves an operation: its serve function, or, when it
// takes nothing but an optional JSON body and answers JSON that the
// runtime checks itself, a generic serve function of the runtime around
// its Handler method.
func (g *gen) serveRef(op *ir.Operation) jen.Code {
	// plain reports whether nothing about the schema needs code of its own:
	// a named type validates itself.
	plain := func(s *ir.Schema) bool {
		return s.Kind == ir.KNamed && useRules(s) == nil || len(g.checks(s, func() *jen.Statement { return jen.Id("v") }, pathRoot, 0)) == 0
	}
	sch := op.Success.Schema
	if len(op.PathParams) > 0 || op.Params != nil || op.Result != nil || op.Success.Raw || sch == nil || !plain(sch) ||
		(refLike(sch) && !isRaw(sch) && !isBytes(sch) && !sch.Nullable) || answersNull(op) {
		return jen.Id(serveName(op))
	}
	call := jen.Id("Handler").Dot(op.Name)
	switch {
	case op.Body == nil:
		return jen.Id("plainRoute").Call(jen.Lit(op.Success.Status), call)
	case !op.Body.Raw && op.Body.Form == "" && plain(op.Body.Schema):
		return jen.Id("bodyRoute").Call(jen.Lit(op.Success.Status), jen.Lit(op.Body.Required), call)
	}
	return jen.Id(serveName(op))
}

func lits(ss []string) []jen.Code {
	out := make([]jen.Code, len(ss))
	for i, s := range ss {
		out[i] = jen.Lit(s)
	}
	return out
}

func opID(op *ir.Operation) string {
	if op.ID != "" {
		return op.ID
	}
	return op.Method + " " + op.Path
}

func serveName(op *ir.Operation) string { return "serve" + op.Name }

// muxPath is the ServeMux pattern of an operation's path: parameters take
// their Go argument names, and a trailing slash matches only itself.
func muxPath(op *ir.Operation) string {
	segs := strings.Split(op.Route, "/")
	seen := map[string]bool{}
	for i, seg := range segs {
		if !strings.Contains(seg, "{") {
			continue
		}
		if name, ok := wholeParam(seg); ok {
			for _, pp := range op.PathParams {
				if pp.SpecName == name {
					segs[i] = "{" + pp.ArgName + "}"
					if seen[name] {
						segs[i] = "{" + segmentVar(i) + "}" // written twice: compared with the first
					}
					seen[name] = true
				}
			}
			continue
		}
		segs[i] = "{" + segmentVar(i) + "}"
	}
	p := strings.Join(segs, "/")
	if strings.HasSuffix(p, "/") {
		p += "{$}"
	}
	return p
}

// wholeParam reports whether a path segment is exactly one {parameter}.
func wholeParam(seg string) (string, bool) {
	if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") && strings.Count(seg, "{") == 1 {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}

// segmentVar names the ServeMux wildcard of a segment that mixes literal
// text and parameters, such as {page}.{format}; ServeMux wildcards must
// fill a whole segment, so the handler splits it with a regexp.
func segmentVar(i int) string { return fmt.Sprintf("segment%d", i) }

// segmentRegexp matches a mixed segment and captures its parameters in
// order; every capture but the last is as short as it can be.
func segmentRegexp(seg string) (string, []string) {
	var b strings.Builder
	var names []string
	b.WriteString("^")
	rest := seg
	for rest != "" {
		i := strings.Index(rest, "{")
		j := strings.Index(rest, "}")
		if i < 0 || j < i {
			b.WriteString(regexp.QuoteMeta(rest))
			break
		}
		b.WriteString(regexp.QuoteMeta(rest[:i]))
		names = append(names, rest[i+1:j])
		rest = rest[j+1:]
		if strings.Contains(rest, "{") || rest != "" {
			b.WriteString("(.+?)")
		} else {
			b.WriteString("(.+)")
		}
	}
	b.WriteString("$")
	return b.String(), names
}

// pathRaw returns, for every path parameter, the expression of its raw
// text, and the statements that split mixed segments first. A parameter
// that is a whole segment has its text as the path writes it, escaped.
func (g *gen) pathRaw(op *ir.Operation) (raws map[string]pathSource, stmts, agree []jen.Code) {
	raws = map[string]pathSource{}
	// A parameter written twice in the path must have one value.
	again := func(name string, src pathSource) {
		agree = append(agree, jen.If(jen.Add(raws[name].decoded()).Op("!=").Add(src.decoded())).Block(
			jen.Id("e").Dot("add").Call(pathLit(name), jen.Lit("type"), jen.Lit("must be the same in each place of the path")),
		))
	}
	whole := map[string]bool{} // named as muxPath names them
	for i, seg := range strings.Split(op.Route, "/") {
		if !strings.Contains(seg, "{") {
			continue
		}
		if name, ok := wholeParam(seg); ok {
			for _, pp := range op.PathParams {
				if pp.SpecName != name {
					continue
				}
				src := pathSource{whole: pp.ArgName}
				if whole[name] {
					src.whole = segmentVar(i)
				}
				whole[name] = true
				if raws[name] != (pathSource{}) {
					again(name, src)
				} else {
					raws[name] = src
				}
			}
			continue
		}
		re, names := segmentRegexp(seg)
		m := fmt.Sprintf("m%d", i)
		stmts = append(stmts,
			jen.Id(m).Op(":=").Id("s").Dot("segment").Call(jen.Id("w"), jen.Id("r"), g.patternVar(re), jen.Lit(segmentVar(i))),
			jen.If(jen.Id(m).Op("==").Nil()).Block(jen.Return()),
		)
		for k, n := range names {
			src := pathSource{part: jen.Id(m).Index(jen.Lit(k + 1))}
			if raws[n] != (pathSource{}) {
				again(n, src)
			} else {
				raws[n] = src
			}
		}
	}
	return raws, stmts, agree
}

// pathSource is where a path parameter's text is: a whole segment, by
// its wildcard's name, or a part of one.
type pathSource struct {
	whole string
	part  jen.Code
}

// decoded is the parameter's text, decoded.
func (p pathSource) decoded() jen.Code {
	if p.whole == "" {
		return p.part
	}
	return jen.Id("pathValue").Call(jen.Id("r"), jen.Lit(p.whole))
}

func (g *gen) serveFunc(op *ir.Operation) jen.Code {
	var body []jen.Code
	// A request with no parameters and no decoded body has nothing to check.
	checked := len(op.PathParams) > 0 || op.Params != nil || (op.Body != nil && !op.Body.Raw)
	var args []jen.Code
	args = append(args, jen.Id("r").Dot("Context").Call())
	raws, split, agree := g.pathRaw(op)
	body = append(body, split...)
	body = append(body, agree...)
	for _, p := range op.PathParams {
		body = append(body, g.pathParam(p, raws[p.SpecName])...)
		args = append(args, jen.Id(p.ArgName))
	}
	if op.Body != nil && op.Body.Raw {
		call := []jen.Code{jen.Id("w"), jen.Id("r"), jen.Lit(op.Body.Required)}
		if !op.Body.AnyContent {
			for _, t := range append([]string{op.Body.ContentType}, op.Body.Others...) {
				call = append(call, jen.Lit(t))
			}
		}
		body = append(body,
			jen.List(jen.Id("body"), jen.Id("ok")).Op(":=").Id("s").Dot("rawBody").Call(call...),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return()))
		args = append(args, jen.Id("body"))
	} else if isFormBody(op) {
		body = append(body, g.serverFormBody(op)...)
		args = append(args, jen.Id("body"))
	} else if op.Body != nil && useRules(op.Body.Schema) != nil {
		// Rules of this use of a named type (beside its $ref, or an alias's
		// own) are checked with the type's, as a field's are.
		body = append(body,
			jen.Id("body").Op(":=").New(goType(op.Body.Schema)),
			jen.List(jen.Id("present"), jen.Id("ok")).Op(":=").Id("s").Dot("readJSON").Call(jen.Id("w"), jen.Id("r"), jen.Id("body"), jen.Lit(op.Body.Required), jen.Id("e")),
			jen.If(jen.Op("!").Id("ok").Op("||").Op("!").Id("present")).Block(jen.Id("body").Op("=").Nil()),
			jen.If(jen.Id("body").Op("!=").Nil()).Block(g.checks(op.Body.Schema, func() *jen.Statement { return jen.Parens(jen.Op("*").Id("body")) }, pathRoot, 0)...),
		)
		args = append(args, jen.Id("body"))
	} else if op.Body != nil {
		// readBody validates a named type itself; other shapes are checked here.
		// A list or a map of generated types is read item by item
		// (readEach), so that each item is decoded as part of a request.
		read := "readBody"
		if holdsDecoder(op.Body.Schema) {
			read = "readEach"
		}
		body = append(body, jen.List(jen.Id("body"), jen.Id("ok")).Op(":=").Id(read).Call(
			jen.Id("s"), jen.Id("w"), jen.Id("r"), jen.Id("e"), jen.Lit(op.Body.Required), jen.New(goType(op.Body.Schema))))
		if op.Body.Schema.Kind != ir.KNamed {
			if inner := g.checks(op.Body.Schema, func() *jen.Statement { return jen.Parens(jen.Op("*").Id("body")) }, pathRoot, 0); len(inner) > 0 {
				body = append(body, jen.If(jen.Id("body").Op("!=").Nil()).Block(inner...))
			}
		}
		args = append(args, jen.Id("body"))
	}
	if op.Params != nil {
		body = append(body, jen.Id("params").Op(":=").New(jen.Id(op.Params.Name)))
		body = append(body, paramSources(op, jen.Id("r"))...)
		for _, p := range append(append([]*ir.Param{}, op.QueryParams...), op.HeaderParams...) {
			body = append(body, g.decodeParam(op, p)...)
		}
		if g.needs[op.Params] {
			body = append(body, jen.Id("params").Dot("validate").Call(jen.Id("e"), pathRoot(), jen.Id("dirRequest")))
		}
		args = append(args, jen.Id("params"))
	}
	if checked {
		body = append(validatorDecl("dirRequest", body...), body...)
		// A body that could not be read has been answered already.
		done := jen.Id("s").Dot("rejected").Call(jen.Id("w"), jen.Id("r"), jen.Id("e"))
		if op.Body != nil && !op.Body.Raw {
			done = jen.Op("!").Id("ok").Op("||").Add(done)
		}
		body = append(body, jen.If(done).Block(jen.Return()))
	}
	call := jen.Id("s").Dot("h").Dot(op.Name).Call(args...)
	if op.Result != nil {
		body = append(body, g.serveResult(op, call)...)
	} else if op.Success.Raw {
		body = append(body,
			jen.List(jen.Id("out"), jen.Err()).Op(":=").Add(call),
			jen.Id("s").Dot("writeRaw").Call(jen.Id("w"), jen.Id("r"), jen.Lit(op.Success.Status), jen.Nil(), jen.Id("out"), jen.Err()),
		)
	} else if op.Success.Schema != nil {
		body = append(body, jen.List(jen.Id("out"), jen.Err()).Op(":=").Add(call))
		if sch := op.Success.Schema; refLike(sch) && !isRaw(sch) && !isBytes(sch) && !sch.Nullable {
			// A nil slice or map is written as [] or {}, never as null.
			body = append(body, jen.If(jen.Err().Op("==").Nil().Op("&&").Id("out").Op("!=").Nil().Op("&&").Op("*").Id("out").Op("==").Nil()).Block(
				jen.Op("*").Id("out").Op("=").Add(goType(sch)).Values(),
			))
		}
		respChecks := g.checks(op.Success.Schema, func() *jen.Statement { return jen.Parens(jen.Op("*").Id("out")) }, pathRoot, 0)
		// writeResult validates a named type itself, unless walked; other shapes are checked here.
		if len(respChecks) > 0 && (op.Success.Schema.Kind != ir.KNamed || g.walked(op.Success.Schema)) {
			inner := append(validatorDecl("dirResult", respChecks...), respChecks...)
			inner = append(inner, jen.If(jen.Err().Op(":=").Id("e").Dot("err").Call(), jen.Err().Op("!=").Nil()).Block(
				jen.Id("s").Dot("invalidResponse").Call(jen.Id("w"), jen.Id("r"), jen.Err()),
				jen.Return(),
			))
			body = append(body, jen.If(jen.Err().Op("==").Nil().Op("&&").Id("out").Op("!=").Nil().Op("&&").Id("s").Dot("cfg").Dot("validateResponses")).Block(inner...))
		}
		out, isNil := g.walkedBody(op.Success.Schema, jen.Id("out")), jen.Id("out").Op("==").Nil()
		if answersNull(op) {
			// A nil result is the null the spec allows (walked makes it nil too).
			isNil = jen.False()
			if !g.walked(op.Success.Schema) {
				out = jen.Id("orNull").Call(jen.Id("out"))
			}
		}
		body = append(body,
			jen.Id("s").Dot("writeResult").Call(jen.Id("w"), jen.Id("r"), jen.Lit(op.Success.Status), jen.Nil(), out, isNil, jen.Err()),
		)
	} else {
		body = append(body,
			jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(
				jen.Id("s").Dot("writeError").Call(jen.Id("w"), jen.Id("r"), jen.Err()),
				jen.Return(),
			),
			jen.Id("w").Dot("WriteHeader").Call(jen.Lit(op.Success.Status)),
		)
	}
	return jen.Func().Id(serveName(op)).Params(jen.Id("s").Op("*").Id("server"), jen.Id("w").Qual("net/http", "ResponseWriter"), jen.Id("r").Op("*").Qual("net/http", "Request")).Block(body...).Line()
}

// paramSources declares the paramSource of every place the operation's
// query, header and cookie parameters are in: q, h and c.
func paramSources(op *ir.Operation, r jen.Code) []jen.Code {
	in := map[string]bool{}
	for _, p := range append(append([]*ir.Param{}, op.QueryParams...), op.HeaderParams...) {
		in[p.In] = true
	}
	var out []jen.Code
	if in["query"] {
		out = append(out, jen.Id("q").Op(":=").Id("queryParams").Call(jen.Id("e"), r))
	}
	if in["header"] {
		out = append(out, jen.Id("h").Op(":=").Id("headerParams").Call(jen.Id("e"), jen.Add(r).Dot("Header")))
	}
	if in["cookie"] {
		out = append(out, jen.Id("c").Op(":=").Id("cookieParams").Call(jen.Id("e"), r))
	}
	return out
}

// sourceOf names the paramSource of a parameter's place.
func sourceOf(p *ir.Param) string {
	return map[string]string{"query": "q", "header": "h", "cookie": "c"}[p.In]
}

// pathParam declares the variable of a path parameter, parsed from its
// text, and checks it.
func (g *gen) pathParam(p *ir.Param, from pathSource) []jen.Code {
	name := p.SpecName
	arg := p.ArgName
	styled := func(raw jen.Code) jen.Code {
		if p.Style == "" {
			return raw
		}
		// Strip the style's prefix (.value, ;name=value); a value without
		// it is refused, so that one resource has one path.
		prefix := map[string]string{"label": ".", "matrix": ";" + p.SpecName + "="}[p.Style]
		return jen.Id("trimStyle").Call(jen.Id("e"), jen.Lit(name), raw, jen.Lit(prefix))
	}
	raw := styled(from.decoded())
	checks := g.checks(p.Schema, func() *jen.Statement { return jen.Id(arg) }, func() *jen.Statement { return pathLit(name) }, 0)
	b := p.Schema.Base()
	if b.Kind == ir.KArray {
		if parse := textParser(b.Elem); parse != nil {
			var items jen.Code
			switch d := listSep(p.Delimiter); {
			case from.whole != "":
				// Split where the separator stands unescaped.
				text := jen.Id("pathText").Call(jen.Id("r"), jen.Lit(from.whole))
				if p.Style == "matrix" && p.Explode {
					text = jen.Id("matrixEmpty").Call(text, jen.Lit(p.SpecName))
				}
				items = jen.Id("pathItems").Call(styled(text), jen.Lit(d))
			case d == ",":
				items = jen.Id("splitParam").Call(raw)
			default:
				items = jen.Id("splitParamBy").Call(raw, jen.Lit(d))
			}
			return append([]jen.Code{jen.Id(arg).Op(":=").Id("parseList").Call(jen.Id("e"), jen.Lit(name), jen.Lit("path"), items, parse)}, checks...)
		}
		out := []jen.Code{jen.Var().Id(arg).Add(goType(p.Schema))}
		out = append(out, g.parseParam(p.Schema, raw, arg, name, "path", p.Delimiter)...)
		return append(out, checks...)
	}
	parse := textParser(p.Schema)
	text := b.Kind == ir.KString && !isTime(b)
	switch {
	case parse != nil && text && len(checks) == 0 && src(goType(p.Schema)) == "string":
		return []jen.Code{jen.Id(arg).Op(":=").Add(raw)}
	case parse != nil && len(checks) == 0:
		return []jen.Code{jen.Id(arg).Op(":=").Id("pathParam").Call(jen.Id("e"), jen.Lit(name), raw, parse)}
	case parse != nil && p.Schema.Kind == ir.KNamed && useRules(p.Schema) == nil:
		// A named type with rules validates itself.
		return []jen.Code{jen.Id(arg).Op(":=").Id("checkedPathParam").Call(jen.Id("e"), jen.Lit(name), raw, parse)}
	case parse != nil && text:
		// Text always parses.
		v := jen.Add(goType(p.Schema)).Parens(raw)
		if src(goType(p.Schema)) == "string" {
			v = jen.Add(raw)
		}
		return append([]jen.Code{jen.Id(arg).Op(":=").Add(v)}, checks...)
	case parse != nil:
		ok := arg + "OK"
		return []jen.Code{
			jen.List(jen.Id(arg), jen.Id(ok)).Op(":=").Id("parseParam").Call(jen.Id("e"), jen.Lit(name), jen.Lit("path"), raw, parse),
			jen.If(jen.Id(ok)).Block(checks...),
		}
	}
	out := []jen.Code{jen.Var().Id(arg).Add(goType(p.Schema))}
	return append(out, g.parseScalar(b, goType(p.Schema), raw, func(v jen.Code) []jen.Code {
		return append([]jen.Code{jen.Id(arg).Op("=").Add(v)}, checks...)
	}, name, "path")...)
}

// parseParam parses the text raw into the variable target of the schema's
// type, or records a violation.
func (g *gen) parseParam(s *ir.Schema, raw jen.Code, target, name, in string, delim ...string) []jen.Code {
	b := s.Base()
	t := goType(s)
	if b.Kind == ir.KArray {
		split := jen.Id("splitParam").Call(raw)
		if len(delim) > 0 && delim[0] != "" && delim[0] != "," {
			split = jen.Id("splitParamBy").Call(raw, jen.Lit(delim[0]))
		}
		return []jen.Code{jen.For(jen.List(jen.Id("_"), jen.Id("item")).Op(":=").Range().Add(split)).Block(
			g.parseItems(s, b, jen.Id("item"), target, name, in)...,
		)}
	}
	return g.parseScalar(b, t, raw, func(v jen.Code) []jen.Code { return []jen.Code{jen.Id(target).Op("=").Add(v)} }, name, in)
}

func (g *gen) parseItems(s, b *ir.Schema, raw jen.Code, target, name, in string) []jen.Code {
	elem := b.Elem
	return []jen.Code{
		jen.Var().Id("x").Add(goType(elem)),
		jen.Add(g.parseScalar(elem.Base(), goType(elem), raw, func(v jen.Code) []jen.Code { return []jen.Code{jen.Id("x").Op("=").Add(v)} }, name, in)...),
		jen.Id(target).Op("=").Append(jen.Id(target), jen.Id("x")),
	}
}

func (g *gen) parseScalar(b *ir.Schema, t jen.Code, raw jen.Code, assign func(jen.Code) []jen.Code, name, in string) []jen.Code {
	bad := func(msg string) jen.Code {
		return jen.Id("e").Dot("add").Call(pathLit(name), jen.Lit("type"), jen.Lit(msg+" (in "+in+")"))
	}
	conv := func(v jen.Code) jen.Code { return jen.Add(t).Parens(v) }
	if b.Kind == ir.KString && src(t) == "string" {
		conv = func(v jen.Code) jen.Code { return v }
	}
	switch b.Kind {
	case ir.KInt:
		bits := 64
		if b.Format == "int32" {
			bits = 32
		}
		return []jen.Code{jen.If(jen.List(jen.Id("n"), jen.Err()).Op(":=").Id("parseInt").Call(raw, jen.Lit(bits)), jen.Err().Op("!=").Nil()).Block(
			bad(map[int]string{32: "must be a 32-bit integer", 64: "must be a 64-bit integer"}[bits]),
		).Else().Block(assign(conv(jen.Id("n")))...)}
	case ir.KNumber:
		bits := 64
		if b.Format == "float" {
			bits = 32
		}
		return []jen.Code{jen.If(jen.List(jen.Id("n"), jen.Err()).Op(":=").Id("parseFloat").Call(raw, jen.Lit(bits)), jen.Err().Op("!=").Nil()).Block(
			bad("must be a number"),
		).Else().Block(assign(conv(jen.Id("n")))...)}
	case ir.KString:
		if isTime(b) {
			return []jen.Code{jen.If(jen.List(jen.Id("n"), jen.Err()).Op(":=").Qual("time", "Parse").Call(jen.Qual("time", "RFC3339Nano"), raw), jen.Err().Op("!=").Nil()).Block(
				bad("must be an RFC 3339 date-time"),
			).Else().Block(assign(conv(jen.Id("n")))...)}
		}
	case ir.KBool:
		return []jen.Code{jen.If(jen.List(jen.Id("n"), jen.Err()).Op(":=").Id("parseBool").Call(raw), jen.Err().Op("!=").Nil()).Block(
			bad("must be true or false"),
		).Else().Block(assign(conv(jen.Id("n")))...)}
	}
	return assign(conv(raw))
}

// decodeParam reads one query, header or cookie parameter into params.
func (g *gen) decodeParam(op *ir.Operation, p *ir.Param) []jen.Code {
	var f *ir.Field
	for _, x := range op.Params.Fields {
		if x.JSONName == p.SpecName && x.Name == p.Name {
			f = x
		}
	}
	if p.Style == "deepObject" || p.Style == "formObject" {
		return g.decodeObjectParam(f, p)
	}
	target := jen.Id("params").Dot(p.Name)
	explode := p.Explode && p.In == "query"
	if c := readParam(sourceOf(p), shapeOf(f, true), p, explode, target); c != nil {
		return []jen.Code{c}
	}
	return g.decodeValues(f, p, "params."+p.Name, jen.Id(sourceOf(p)).Dot("values").Call(jen.Lit(p.SpecName)))
}

// decodeObjectParam reads an object query parameter, one key per property
// (filter[status] or status): present when any of its keys is, and then
// with its required properties.
func (g *gen) decodeObjectParam(f *ir.Field, p *ir.Param) []jen.Code {
	t := p.Schema.Named
	body := []jen.Code{jen.Id("x").Op(":=").New(jen.Id(t.Name)), jen.Id("found").Op(":=").False()}
	for _, fl := range t.Fields {
		key := objectKey(p, fl.JSONName)
		target := "x." + fl.Name
		b := fl.Schema.Base()
		parse := g.parseFirst(fl.Schema, b, target, shapeOf(fl, false) == shapePtr, key, "query")
		st := jen.If(jen.Id("vals").Op(":=").Id("q").Dot("propValues").Call(jen.Lit(key)), jen.Len(jen.Id("vals")).Op(">").Lit(0)).Block(
			append([]jen.Code{jen.Id("found").Op("=").True()}, parse...)...,
		)
		if bit := requiredBit(t, fl); bit >= 0 {
			// Reported by validation as filter.name, like a JSON property.
			st.Else().Block(jen.Id("x").Dot("missing").Op("|=").Id(fmt.Sprintf("1 << %d", bit)))
		}
		body = append(body, st)
	}
	set := jen.Id("params").Dot(p.Name).Op("=").Id("x")
	if shapeOf(f, true) != shapePtr {
		set = jen.Id("params").Dot(p.Name).Op("=").Op("*").Id("x")
	}
	done := jen.If(jen.Id("found")).Block(set)
	if p.Required {
		done.Else().Block(jen.Id("e").Dot("required").Call(pathLit(p.SpecName)))
	}
	return []jen.Code{jen.Block(append(body, done)...)}
}

// parseFirst parses vals[0], the text of a scalar of schema s (base b),
// into target, through a new variable when target is a pointer.
func (g *gen) parseFirst(s, b *ir.Schema, target string, ptr bool, name, in string) []jen.Code {
	raw := jen.Id("vals").Index(jen.Lit(0))
	if !ptr {
		return g.parseScalar(b, goType(s), raw, func(v jen.Code) []jen.Code {
			return []jen.Code{jen.Id(target).Op("=").Add(v)}
		}, name, in)
	}
	return append([]jen.Code{jen.Var().Id("v").Add(goType(s))},
		g.parseScalar(b, goType(s), raw, func(v jen.Code) []jen.Code {
			return []jen.Code{jen.Id("v").Op("=").Add(v), jen.Id(target).Op("=").Op("&").Id("v")}
		}, name, in)...)
}

// requiredBit is the bit of the missing mask that stands for field f.
func requiredBit(t *ir.Type, f *ir.Field) int {
	for i, x := range trackedFields(t) {
		if x == f {
			return i
		}
	}
	return -1
}

// decodeValues parses the texts values of the parameter or header p into
// target, the field f, or records a violation; a missing required one too.
func (g *gen) decodeValues(f *ir.Field, p *ir.Param, target string, values jen.Code) []jen.Code {
	b := p.Schema.Base()
	var parse []jen.Code
	switch {
	case b.Kind == ir.KArray && p.Explode && p.In == "query":
		parse = []jen.Code{jen.For(jen.List(jen.Id("_"), jen.Id("item")).Op(":=").Range().Id("vals")).Block(
			g.parseItems(p.Schema, b, jen.Id("item"), target, p.SpecName, p.In)...,
		)}
	case b.Kind == ir.KArray:
		parse = g.parseParam(p.Schema, jen.Id("vals").Index(jen.Lit(0)), target, p.SpecName, p.In, p.Delimiter)
	default:
		shape := shapeOf(f, true)
		parse = g.parseFirst(p.Schema, b, target, shape == shapePtr || shape == shapeNullPtr, p.SpecName, p.In)
	}
	st := jen.If(jen.Id("vals").Op(":=").Add(values), jen.Len(jen.Id("vals")).Op(">").Lit(0)).Block(parse...)
	if p.Required {
		st.Else().Block(jen.Id("e").Dot("required").Call(pathLit(p.SpecName)))
	}
	return []jen.Code{st}
}

// holdsDecoder reports whether s is a list or a map (of lists or maps) of
// a type with a generated decoder.
func holdsDecoder(s *ir.Schema) bool {
	if s.Kind != ir.KArray && s.Kind != ir.KMap {
		return false
	}
	for s.Kind == ir.KArray || s.Kind == ir.KMap {
		s = s.Elem
	}
	return s.Kind == ir.KNamed && hasDecoder(s.Named)
}

// answersNull reports whether op's one JSON answer may be null, which a
// handler gives as a nil result with a nil error.
func answersNull(op *ir.Operation) bool {
	return op.Result == nil && !op.Success.Raw && op.Success.Schema != nil && op.Success.Schema.Nullable
}
