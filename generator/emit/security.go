package emit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/specgen/specgen/generator/ir"
	"github.com/specgen/specgen/generator/naming"
)

// clientExtras adds what the client file holds besides its methods: the
// form encoders and the options that send credentials.
func (g *gen) clientExtras(f *jen.File) {
	for _, op := range g.p.Operations {
		if isFormBody(op) {
			f.Add(g.formEncoder(op))
		}
	}
	for _, a := range g.p.AuthOptions {
		f.Add(g.authOption(a))
	}
}

// authGroups lists the credential groups an operation accepts, in the
// order of its schemes.
func (g *gen) authGroups(op *ir.Operation) []string {
	if !op.Secured {
		return nil
	}
	var out []string
	for _, name := range op.Schemes {
		for _, a := range g.p.AuthOptions {
			if slices.Contains(a.Schemes, name) && !slices.Contains(out, a.Group) {
				out = append(out, a.Group)
			}
		}
	}
	return out
}

func quoted(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// authOption emits the client option (two for bearer tokens) that sends
// one kind of credentials.
func (g *gen) authOption(a ir.AuthOption) jen.Code {
	only := " It is sent only to the operations whose security accepts " + map[bool]string{true: "the scheme ", false: "one of the schemes "}[len(a.Schemes) == 1] +
		quoted(a.Schemes) + "; it is never printed."
	ret := func(f jen.Code) jen.Code { return jen.Return(jen.Id("withAuth").Call(jen.Lit(a.Group), f)) }
	switch a.Kind {
	case "bearer":
		return comment(a.Name + " authenticates requests with a bearer token, sent as \"Authorization: Bearer <token>\"." + only).Line().
			Func().Id(a.Name).Params(jen.Id("token").String()).Id("ClientOption").Block(
			ret(jen.Id("bearerAuth").Call(jen.Func().Params(jen.Qual("context", "Context")).Params(jen.String(), jen.Error()).Block(
				jen.Return(jen.Id("token"), jen.Nil()),
			))),
		).Line().Line().
			Add(comment(a.SourceName + " is " + a.Name + " with a token asked from source before every attempt (a refreshing token, for example); an error from source fails the call." + only)).Line().
			Func().Id(a.SourceName).Params(jen.Id("source").Func().Params(jen.Id("ctx").Qual("context", "Context")).Params(jen.String(), jen.Error())).Id("ClientOption").Block(
			ret(jen.Id("bearerAuth").Call(jen.Id("source"))),
		).Line()
	case "basic":
		return comment(a.Name + " authenticates requests with HTTP basic authentication." + only).Line().
			Func().Id(a.Name).Params(jen.List(jen.Id("user"), jen.Id("password")).String()).Id("ClientOption").Block(
			ret(jen.Id("basicAuth").Call(jen.Id("user"), jen.Id("password"))),
		).Line()
	}
	where := map[string]string{"query": "query parameter", "cookie": "cookie"}[a.In]
	if where == "" {
		where = "header"
	}
	doc := fmt.Sprintf("%s sends key as the API key of the scheme %q, in the %s %q.", a.Name, a.Schemes[0], where, a.Param)
	doc += " It is sent only to the operations whose security accepts that scheme; it is never printed."
	return comment(doc).Line().
		Func().Id(a.Name).Params(jen.Id("key").String()).Id("ClientOption").Block(
		ret(jen.Id("apiKeyAuth").Call(jen.Lit(a.In), jen.Lit(a.Param), jen.Id("key"))),
	).Line()
}

// serverURLs emits, per server, a constant URL or a function that builds
// the URL from its variables.
func (g *gen) serverURLs(f *jen.File) {
	for _, s := range g.p.Servers {
		if s.Name == "" {
			continue
		}
		vars := serverVars(s)
		what := "the server " + s.URL
		if s.Description != "" {
			what += " (" + strings.TrimSuffix(strings.TrimSpace(s.Description), ".") + ")"
		}
		if len(vars) == 0 {
			f.Add(comment(s.Name + " is the URL of " + what + "."))
			f.Const().Id(s.Name).Op("=").Lit(s.URL)
			f.Line()
			continue
		}
		f.Add(g.serverURLFunc(s, vars, what))
	}
}

// serverVar is a variable of a server URL, in the order the URL uses them.
type serverVar struct {
	ir.ServerVariable
	arg string
}

func serverVars(s ir.Server) []serverVar {
	var out []serverVar
	taken := map[string]bool{"url": true, "fmt": true, "strings": true}
	seen := map[string]bool{}
	rest := s.URL
	for {
		i := strings.Index(rest, "{")
		j := strings.Index(rest, "}")
		if i < 0 || j < i {
			break
		}
		name := rest[i+1 : j]
		rest = rest[j+1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		v := ir.ServerVariable{Name: name}
		for _, d := range s.Variables {
			if d.Name == name {
				v = d
			}
		}
		arg := naming.Unexported(name)
		if arg == "" {
			arg = "v"
		}
		for taken[arg] {
			arg += "Value"
		}
		taken[arg] = true
		out = append(out, serverVar{ServerVariable: v, arg: arg})
	}
	return out
}

func (g *gen) serverURLFunc(s ir.Server, vars []serverVar, what string) jen.Code {
	var doc strings.Builder
	fmt.Fprintf(&doc, "%s returns the URL of %s, with its variables escaped.", s.Name, what)
	doc.WriteString(" An empty argument takes the variable's default, when it has one; a value outside the variable's enum is an error.\n")
	var params []jen.Code
	var body []jen.Code
	for _, v := range vars {
		fmt.Fprintf(&doc, "\n  - %s", v.arg)
		if v.Default != "" {
			fmt.Fprintf(&doc, " (default %q)", v.Default)
		}
		if len(v.Enum) > 0 {
			fmt.Fprintf(&doc, ", one of %s", strings.Join(v.Enum, ", "))
		}
		if d := strings.Join(strings.Fields(v.Description), " "); d != "" {
			doc.WriteString(": " + d)
		}
		params = append(params, jen.Id(v.arg))
		if v.Default != "" {
			body = append(body, jen.If(jen.Id(v.arg).Op("==").Lit("")).Block(jen.Id(v.arg).Op("=").Lit(v.Default)))
		} else {
			body = append(body, jen.If(jen.Id(v.arg).Op("==").Lit("")).Block(
				jen.Return(jen.Lit(""), jen.Qual("errors", "New").Call(jen.Lit("server variable "+v.Name+" is required"))),
			))
		}
		if len(v.Enum) > 0 {
			body = append(body, jen.Switch(jen.Id(v.arg)).Block(
				jen.Case(lits(v.Enum)...),
				jen.Default().Block(jen.Return(jen.Lit(""), jen.Qual("errors", "New").Call(jen.Lit("server variable "+v.Name+" must be one of "+strings.Join(v.Enum, ", "))))),
			))
		}
	}
	// The URL, with each variable escaped for where it stands: the host
	// takes no reserved character at all, a path no slash.
	var parts []jen.Code
	rest := s.URL
	schemeEnd := strings.Index(rest, "://")
	inHost := schemeEnd >= 0
	pos := 0
	hostEnd := -1
	if inHost {
		start := schemeEnd + 3
		if k := strings.Index(rest[start:], "/"); k >= 0 {
			hostEnd = start + k
		} else {
			hostEnd = len(rest)
		}
	}
	for {
		i := strings.Index(rest[pos:], "{")
		j := strings.Index(rest[pos:], "}")
		if i < 0 || j < i {
			break
		}
		i, j = pos+i, pos+j
		if i > pos {
			parts = append(parts, jen.Lit(rest[pos:i]))
		}
		name := rest[i+1 : j]
		for _, v := range vars {
			if v.Name != name {
				continue
			}
			switch {
			case i == 0 || inHost && i < schemeEnd:
				// A whole base URL ({baseUrl}/v1), or its scheme: as given.
				parts = append(parts, jen.Id(v.arg))
			case i < hostEnd:
				// A host, a port, or both (localhost:8080): refused when
				// it holds what ends a host, not escaped.
				body = append(body, jen.If(jen.Qual("strings", "ContainsAny").Call(jen.Id(v.arg), jen.Lit("/?#@ %\\"))).Block(
					jen.Return(jen.Lit(""), jen.Qual("errors", "New").Call(jen.Lit("server variable "+v.Name+" must be a host name"))),
				))
				parts = append(parts, jen.Id(v.arg))
			default:
				parts = append(parts, jen.Qual("net/url", "PathEscape").Call(jen.Id(v.arg)))
			}
		}
		pos = j + 1
	}
	if pos < len(rest) {
		parts = append(parts, jen.Lit(rest[pos:]))
	}
	expr := jen.Add(parts[0])
	for _, p := range parts[1:] {
		expr = expr.Op("+").Add(p)
	}
	body = append(body, jen.Return(expr, jen.Nil()))
	return comment(doc.String()).Line().
		Func().Id(s.Name).Params(jen.List(params...).String()).Params(jen.String(), jen.Error()).Block(body...).Line()
}
